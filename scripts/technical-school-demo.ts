// Technical schools in `npm start`'s demo data (issue 15): two schools (one the province supervises,
// one Guiyang's) with majors, teachers and students in several statuses, made through the command
// pipeline like everything else, each step by the demo user whose work it is; then five more from the
// generator, whose records are in every state. Each part runs while its first school does not exist,
// so an older data folder gets it too; every command id derives from a fixed key, so a start
// interrupted half-way carries on without writing anything twice.
import type { Platform } from '../api/platform';
import type { RequestContext } from '../commands/pipeline/request-context';
import { authorityId } from '../domain/organization/guizhou-divisions';
import { idNumberCheckCharacter } from '../domain/personal-data/id-number';
import { chinaDate } from '../domain/personal-data/normalize';
import { parseChangeInput } from '../domain/student/student-change';
import { registrationInputSchema } from '../domain/student/student-input';
import { schoolTeacherInputSchema } from '../domain/school-teacher/school-teacher-input';
import type { MajorDetails } from '../domain/major/major-details';
import { parseAidStandard } from '../domain/aid-standard/aid-standard-input';
import { parseAidApplication } from '../domain/school-aid/school-aid-rules';
import { parseEmploymentInput } from '../domain/employment/employment-input';
import { demoIdPhoto } from './demo-photo';
import { generatedId } from './generate/records';
import { generateSchools } from './generate/schools';

const PROVINCE = authorityId('520000');
const GUIYANG = authorityId('520100');

export interface TechnicalSchoolDemoContext {
  demoId(key: string): string;
  as(userId: string, role: string, orgId: string, key: string): RequestContext;
  log(line: string): void;
}

/** The demo's two schools and their users (created with the other demo users). */
export const demoTechnicalSchools = (demoId: (key: string) => string) => ({
  jiaotong: { id: demoId('technical-school:jiaotong'), name: '贵州省交通技师学院', code: '52001', authorityId: PROVINCE, divisionCode: '520000', operator: 'yx_jiaotong' },
  guiyang: { id: demoId('technical-school:guiyang'), name: '贵阳市技师学院', code: '52002', authorityId: GUIYANG, divisionCode: '520100', operator: 'yx_guiyang' },
});

const MAJORS: Record<'jiaotong' | 'guiyang', MajorDetails[]> = {
  jiaotong: [
    { code: '0402-4', name: '汽车维修', field: 'transport', classTypes: ['intermediate', 'advanced', 'technician'], durationYears: 3, enrolmentPlan: 200, description: '' },
    { code: '0412-4', name: '城市轨道交通运输与管理', field: 'transport', classTypes: ['intermediate', 'advanced'], durationYears: 3, enrolmentPlan: 120, description: '' },
  ],
  guiyang: [
    { code: '0102-4', name: '数控加工（数控车工）', field: 'machinery', classTypes: ['intermediate', 'advanced'], durationYears: 3, enrolmentPlan: 150, description: '' },
    { code: '0301-4', name: '计算机网络应用', field: 'information', classTypes: ['intermediate', 'advanced'], durationYears: 3, enrolmentPlan: 100, description: '' },
  ],
};

const idNumber = (region: string, birth: string, sequence: number) => {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};

/** The ID number of the demo school's student at `index` of STUDENTS. */
const demoStudentNumber = (key: 'jiaotong' | 'guiyang', index: number) => {
  const base = key === 'jiaotong' ? 140 : 170;
  return idNumber(key === 'jiaotong' ? '520102' : '520103', STUDENTS[index]![1], base + index * 2 + (index % 2));
};

/** Approves a record of a demo school at each of its authorities' levels (Guiyang's school: Guiyang, then the province). */
async function approveForSchool(platform: Platform, ctx: TechnicalSchoolDemoContext, stream: string, school: ReturnType<typeof demoTechnicalSchools>['jiaotong'], key: string) {
  let position: bigint | null = null;
  for (const authority of school.authorityId === GUIYANG ? [GUIYANG, PROVINCE] : [PROVINCE]) {
    const reviewer = ctx.as(ctx.demoId(`user:${authority === PROVINCE ? 'sh_province' : 'sh_guiyang'}`), 'reviewer', authority, `${key}:${authority}`);
    position = (await platform.commands.reviews.approve(stream, '审核通过', [], reviewer)).position ?? position;
  }
  return position;
}

const STUDENTS = [
  ['罗小兵', '20080312', 'agricultural', true],
  ['吴雪梅', '20090521', 'agricultural', false],
  ['杨光明', '20080915', 'non_agricultural', false],
  ['龙晓丽', '20090103', 'agricultural', true],
  ['田志强', '20081127', 'agricultural', false],
  ['潘婷婷', '20090708', 'non_agricultural', false],
] as const;

/**
 * More schools from the generator (scripts/generate/schools.ts) at a small scale, beside the two
 * demo schools: the first five take the states of a school's record in turn (a basic-information
 * change waiting, applied, returned, refused; none), with their majors, teachers and students in
 * every status, this year's waivers and grants, under the prefectures and the province.
 */
export const DEMO_GENERATED_SCHOOLS = { schools: 5, students: 150, seed: 'demo-technical-schools' } as const;

export async function loadTechnicalSchoolDemo(platform: Platform, ctx: TechnicalSchoolDemoContext): Promise<void> {
  const exists = async (stream: string) => (await platform.store.readStream(stream, { maxCount: 1 })).length > 0;
  if (!(await exists(`technical-school-${demoTechnicalSchools(ctx.demoId).jiaotong.id}`))) await loadDemoSchools(platform, ctx);
  if (!(await exists(`aid-standard-scholarship-${chinaDate(new Date().toISOString()).slice(0, 4)}`))) await loadDemoScholarshipAndPhotos(platform, ctx);
  const { seed, schools, students } = DEMO_GENERATED_SCHOOLS;
  if (await exists(`technical-school-${generatedId(seed, 'technical-school:0')}`)) return;
  ctx.log(`技工院校：再生成 ${schools} 所院校（各种状态）及其专业、教师、${students} 名学生与资助`);
  // The demo's province-level users act where the work is theirs; the prefectures' by fabricated ids.
  const demoUser: Record<string, string> = { [`registrar:${PROVINCE}`]: 'sq_province', [`reviewer:${PROVINCE}`]: 'sh_province', [`reviewer:${GUIYANG}`]: 'sh_guiyang' };
  const actorFor = (duty: string, orgId: string) => (demoUser[`${duty}:${orgId}`] ? ctx.demoId(`user:${demoUser[`${duty}:${orgId}`]}`) : undefined);
  const generated = await generateSchools(platform, { schools, students, seed, actorFor, concurrency: 4 });
  if (!(await platform.runner.waitFor(generated.lastPosition, undefined, 120_000))) throw new Error('demo data: the read models did not catch up with the generated schools');
}

/** The two demo schools, each step by the demo user whose work it is. */
async function loadDemoSchools(platform: Platform, ctx: TechnicalSchoolDemoContext): Promise<void> {
  const schools = demoTechnicalSchools(ctx.demoId);
  ctx.log('技工院校：2 所院校、专业、教师与学籍');
  const { technicalSchools, schoolWindows, majors, schoolTeachers, students, reviews, aidStandards, schoolAids, diplomaStocks } = platform.commands;
  const today = chinaDate(new Date().toISOString());
  const dayOffset = (days: number) => chinaDate(new Date(Date.now() + days * 86_400_000).toISOString());
  const user = (name: string) => ctx.demoId(`user:${name}`);
  const provinceOperator = (key: string) => ctx.as(user('sq_province'), 'authority_operator', PROVINCE, key);
  const reviewer = (orgId: string, key: string) => ctx.as(user(orgId === PROVINCE ? 'sh_province' : 'sh_guiyang'), 'reviewer', orgId, key);
  const approve = (stream: string, school: (typeof schools)[keyof typeof schools], key: string) => approveForSchool(platform, ctx, stream, school, key);

  // The province creates both schools (Guiyang's under the Guiyang authority) and opens the periods.
  let last: bigint | null = null;
  for (const school of Object.values(schools)) {
    const created = await technicalSchools.create(
      school.id,
      school.authorityId,
      {
        code: school.code,
        divisionCode: school.divisionCode,
        info: { name: school.name, level: 'technician_college', nature: 'public', address: school.authorityId === PROVINCE ? '贵州省贵阳市白云区' : '贵州省贵阳市花溪区', principal: '', contactPerson: '', contactPhone: '0851-84800000', approvalNumber: '', establishedYear: 1978, description: '' },
      },
      provinceOperator(`school:${school.id}`),
    );
    last = created.position ?? last;
  }
  for (const kind of ['registration', 'waiver', 'grant'] as const) {
    await schoolWindows.open(PROVINCE, { kind, from: dayOffset(-60), to: dayOffset(120), note: '2026年秋季学期' }, provinceOperator(`window:${kind}`));
  }
  if (last !== null) await platform.runner.waitFor(last, ['organizations', 'technical-schools'], 60_000);
  // This school year's waiver and grant standards (amounts in fen), approved by the province's reviewer.
  const schoolYear = Number(today.slice(0, 4));
  const term = { schoolYear, termFrom: dayOffset(-90), termTo: dayOffset(240), note: '' };
  const standards = [
    parseAidStandard({ ...term, kind: 'waiver', waiverAmounts: [{ classType: 'intermediate', amountFen: 240_000 }, { classType: 'advanced', amountFen: 280_000 }, { classType: 'technician', amountFen: 320_000 }], disbursementDates: [dayOffset(30)] }),
    parseAidStandard({ ...term, kind: 'grant', grantTiers: [{ tier: 'first', amountFen: 250_000 }, { tier: 'second', amountFen: 150_000 }], eligibleYears: [1, 2], disbursementDates: [dayOffset(30), dayOffset(180)] }),
  ];
  for (const details of standards) {
    const set = await aidStandards.set(PROVINCE, details, provinceOperator(`aid-standard:${details.kind}:${schoolYear}`), { submit: true });
    await reviews.approve(set.streamId, '同意', [], reviewer(PROVINCE, `aid-standard:${details.kind}:${schoolYear}:approve`));
  }
  // The province's 学生资助资金 of the year (1,000,000.00 元): an approval of aid reserves its instalments on it.
  await platform.commands.funds.allocate({ authorityId: PROVINCE, line: 'student_aid', year: schoolYear, amountFen: 100_000_000, basis: `黔财教〔${schoolYear}〕1号` }, provinceOperator(`fund:student_aid:${schoolYear}`));

  for (const [key, school] of Object.entries(schools) as [keyof typeof schools, (typeof schools)[keyof typeof schools]][]) {
    const operator = (step: string) => ctx.as(user(school.operator), 'school_operator', school.id, step);
    // Majors: the first approved, the second approved too at Guiyang and left waiting at Jiaotong.
    const majorIds: string[] = [];
    for (const [index, details] of MAJORS[key].entries()) {
      const majorId = ctx.demoId(`major:${school.id}:${details.code}`);
      majorIds.push(majorId);
      await majors.declare(majorId, school.id, details, operator(`major:${majorId}`), { submit: true });
      if (index === 0 || key === 'guiyang') await approve(`major-${majorId}`, school, `major:${majorId}`);
    }
    // Teachers: two serving, one retired.
    const teachers = [
      ['陈建华', idNumber('520102', '19750203', 111), 'senior_lecturer', 'active'],
      ['刘芳', idNumber('520103', '19820614', 122), 'lecturer', 'active'],
      ['赵国庆', idNumber('520111', '19600910', 133), 'instructor_1', 'retired'],
    ] as const;
    for (const [name, number, title, employment] of teachers) {
      const input = schoolTeacherInputSchema(today).parse({ name, idNumber: number, phone: '', majorId: majorIds[0], field: MAJORS[key][0]!.field, title, education: 'bachelor', employment, hiredOn: '2005-09-01', note: '' });
      const teacherId = schoolTeachers.teacherIdFor(school.id, number);
      if ((await platform.store.readStream(`school-teacher-${teacherId}`, { maxCount: 1 })).length === 0) await schoolTeachers.add(school.id, input, operator(`teacher:${school.id}:${number}`));
    }
    // Students: enrolled (approved), one waiting for approval, one suspended, one withdrawn.
    for (const [index, [name, , householdType, poverty]] of STUDENTS.entries()) {
      const number = demoStudentNumber(key, index);
      const input = registrationInputSchema(today).parse({
        name: key === 'jiaotong' ? name : `${name.slice(0, 1)}${name.slice(1).split('').reverse().join('')}`,
        idNumber: number,
        phone: '',
        householdType,
        povertyRegistered: poverty,
        education: 'junior_high',
        previousSchool: '',
        address: '贵州省贵阳市',
        // 人员类别 (the person_category dictionary), for the 9(12) talent report.
        personCategory: poverty ? 'poor_family_child' : 'school_leaver',
        majorId: majorIds[0],
        classType: index % 3 === 2 ? 'advanced' : 'intermediate',
        studyMode: 'full_time',
        cohortYear: Number(today.slice(0, 4)),
        enrolledOn: dayOffset(-45),
        studentNumber: `${school.code}${String(index + 1).padStart(4, '0')}`,
      });
      const registered = await students.register(school.id, input, operator(`student:${number}`), { submit: true });
      if (index === 5) continue; // waiting for approval
      await approve(registered.streamId, school, `student:${number}`);
      const studentId = registered.streamId.slice('student-'.length);
      const change = async (kind: 'suspend' | 'withdraw' | 'graduate', reason: string) => {
        const applied = await students.applyForChange(studentId, school.id, parseChangeInput({ kind, effectiveOn: dayOffset(-10), reason }), operator(`change:${number}:${kind}`), { submit: true });
        await approve(applied.streamId, school, `change:${number}:${kind}`);
      };
      if (index === 3) await change('suspend', '因病休学一学期');
      if (index === 4) await change('withdraw', '个人原因退学');
      // 贵阳技师学院: its third student graduated, with an approved diploma from the school's blank stock.
      if (key === 'guiyang' && index === 2) {
        await change('graduate', '修完全部课程，考核合格');
        const stock = await diplomaStocks.request(school.id, 20, '本学期毕业生，含备用', operator(`diploma-stock:${school.id}`), { submit: true });
        await approve(stock.streamId, school, `diploma-stock:${school.id}`);
        await diplomaStocks.issue(school.id, studentId, operator(`diploma:${number}`));
        // The issued diploma approved by the school's authorities, so it prints (issue 15 §5).
        await reviews.submit(stock.streamId, '', operator(`diploma-approval:${number}`));
        await approve(stock.streamId, school, `diploma-approval:${number}`);
        // Employed after graduating, with the certificate earned at school (毕业生就业, 9(10)).
        await platform.commands.employments.record(
          studentId,
          parseEmploymentInput({ destination: 'employed', employer: '贵阳海信电子有限公司', position: '网络运维员', employedOn: dayOffset(-3), monthlyPayFen: '420000', certificates: [{ occupation: '计算机网络管理员', level: '4', number: 'S000052010123', issuedOn: dayOffset(-30) }] }),
          operator(`employment:${number}`),
        );
      }
      // 交通技师学院: a grant approved for the first (建档立卡) student, a waiver waiting for the second.
      if (key === 'jiaotong' && index < 2) {
        const aid = parseAidApplication(index === 0 ? { studentId, kind: 'grant', schoolYear, tier: 'first', basis: 'poverty_registered' } : { studentId, kind: 'waiver', schoolYear });
        const applied = await schoolAids.apply(school.id, aid, operator(`aid:${number}:${aid.kind}`), { submit: true });
        if (index === 0) await approve(applied.streamId, school, `aid:${number}:${aid.kind}`);
      }
    }
  }
}

/**
 * A scholarship (奖学金) standard and an approved scholarship at 交通技师学院, and diploma photos at
 * 贵阳技师学院 (its graduate's approved, an in-school student's waiting for review), so the console
 * shows them; also into a data folder made before them (each command id derives from a fixed key).
 */
async function loadDemoScholarshipAndPhotos(platform: Platform, ctx: TechnicalSchoolDemoContext): Promise<void> {
  const schools = demoTechnicalSchools(ctx.demoId);
  ctx.log('技工院校：奖学金标准与申请、毕业证照片');
  const { aidStandards, schoolAids, reviews, students, diplomaPhotos } = platform.commands;
  const today = chinaDate(new Date().toISOString());
  const dayOffset = (days: number) => chinaDate(new Date(Date.now() + days * 86_400_000).toISOString());
  const schoolYear = Number(today.slice(0, 4));
  const operator = (school: (typeof schools)['jiaotong'], step: string) => ctx.as(ctx.demoId(`user:${school.operator}`), 'school_operator', school.id, step);

  // The province's scholarship standard in two tiers for first-year students, approved by its reviewer.
  const standard = parseAidStandard({ kind: 'scholarship', schoolYear, termFrom: dayOffset(-90), termTo: dayOffset(240), grantTiers: [{ tier: 'first', amountFen: 500_000 }, { tier: 'second', amountFen: 300_000 }], eligibleYears: [1], disbursementDates: [dayOffset(40)], note: '技工院校优秀学生奖学金' });
  const set = await aidStandards.set(PROVINCE, standard, ctx.as(ctx.demoId('user:sq_province'), 'authority_operator', PROVINCE, `aid-standard:scholarship:${schoolYear}`), { submit: true });
  await reviews.approve(set.streamId, '同意', [], ctx.as(ctx.demoId('user:sh_province'), 'reviewer', PROVINCE, `aid-standard:scholarship:${schoolYear}:approve`));

  // 交通技师学院: a first-tier scholarship for its third student (attending, full-time), approved.
  const jiaotong = schools.jiaotong;
  const scholar = await students.personIdFor(demoStudentNumber('jiaotong', 2));
  const aid = parseAidApplication({ studentId: scholar, kind: 'scholarship', schoolYear, tier: 'first', note: '全省技工院校技能大赛汽车维修项目一等奖' });
  const applied = await schoolAids.apply(jiaotong.id, aid, operator(jiaotong, `aid:${scholar}:scholarship:${schoolYear}`), { submit: true });
  await approveForSchool(platform, ctx, applied.streamId, jiaotong, `aid:${scholar}:scholarship:${schoolYear}`);

  // 贵阳技师学院: its graduate's diploma photo approved (the diploma prints with it), and an
  // in-school student's photo uploaded and waiting for review.
  const guiyang = schools.guiyang;
  let last: bigint | null = null;
  for (const [index, approveIt] of [[2, true], [0, false]] as const) {
    const number = demoStudentNumber('guiyang', index);
    const studentId = await students.personIdFor(number);
    await diplomaPhotos.uploadBytes(studentId, `${number}.jpg`, demoIdPhoto(index + 1), operator(guiyang, `diploma-photo:${number}`), { submit: true });
    if (approveIt) last = (await approveForSchool(platform, ctx, `diploma-photo-${studentId}`, guiyang, `diploma-photo:${number}`)) ?? last;
  }
  if (last !== null) await platform.runner.waitFor(last, undefined, 60_000);
}
