// Demo data for `npm start`: a small but realistic province from the generator in scripts/generate
// (40 institutions over the counties, 200 teachers, 2,000 trainees, records in every review state),
// one user per role with a one-time password (printed once and written to a file only the owner can
// read), and occupations in every review state. Everything goes through the command pipeline, so
// every record has its events.
//
// Runs once: the last demo user is created last and marks the demo as loaded. Every command id is
// derived from a fixed key, so a start interrupted half-way carries on where it stopped without
// writing anything twice (for trainees and teachers only with the PII keys configured, as their
// record ids come from the ID number's blind index; see scripts/generate/province.ts).
import { randomBytes, randomInt } from 'node:crypto';
import { appendFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import type { Platform } from '../api/platform';
import type { RequestContext } from '../commands/pipeline/request-context';
import type { OccupationDetails } from '../domain/occupation/occupation-details';
import { authorityId } from '../domain/organization/guizhou-divisions';
import { TEACHER_ACCOUNT_ROLE, teacherAccountUserId } from '../api/teacher/teacher-account-graphql';
import { teacherEngagementsTable, teachersTable } from '../projections/teacher/teachers-table';
import { generateClasses, type ClassOptions } from './generate/classes';
import { loadVoucherDemo, settleVoucherDemo } from './voucher-demo';
import { loadMoneyDemo } from './money-demo';
import { generateProvince, type ActorDuty, type ProvinceOptions } from './generate/province';
import type { FixedInstitution } from './generate/records';
import { seedRequest } from './reference-data';
import { demoTechnicalSchools, loadTechnicalSchoolDemo } from './technical-school-demo';

const DEMO_NAMESPACE = '3d9a1c55-2f0e-4b8e-8f61-7a2c9e4b1d07';
const demoId = (key: string) => uuidv5(key, DEMO_NAMESPACE);

/** The demo's size: generated in well under a minute on a 2-core machine. */
export const DEMO_SCALE = { institutions: 40, teachers: 200, trainees: 2000 } as const;
const DEMO_SEED = 'guizhou-demo-v1';
/** Training classes (issue 12): 10 at each demo school (every state among them), the rest spread, 12 trainees over 3 days. */
export const DEMO_CLASSES = { classes: 60, classSize: 12, days: 3, focusPerSchool: 10 } as const;

/** The two schools the demo's institution operators work at (ids kept from earlier demo data). */
const DEMO_SCHOOLS: FixedInstitution[] = [
  { id: 'inst-520102-1', countyCode: '520102', name: '南明区阳光职业技能培训学校' },
  { id: 'inst-520103-1', countyCode: '520103', name: '云岩区金桥培训中心' },
];

const OCCUPATIONS: OccupationDetails[] = [
  { code: '4-03-02-01', name: '中式烹调师', level: '4', hours: 120, scope: '中式热菜、冷菜制作' },
  { code: '6-31-01-03', name: '电工', level: '5', hours: 90, scope: '低压电工作业' },
  { code: '4-10-01-02', name: '育婴员', level: '4', hours: 100, scope: '婴幼儿生活照料与早期教育' },
  { code: '4-10-01-06', name: '家政服务员', level: '5', hours: 60, scope: '家庭保洁、烹饪与照护' },
  { code: '4-14-01-01', name: '健康管理师', level: '3', hours: 150, scope: '健康监测与评估' },
  { code: '6-29-01-01', name: '砌筑工', level: '5', hours: 80, scope: '砖石砌筑' },
];

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  orgName: string;
  role: string;
}

const COUNTY_NAMES: Record<string, string> = { '520102': '南明区', '520103': '云岩区' };
const authorityName = (code: string) => `${COUNTY_NAMES[code] ?? ''}人力资源和社会保障局`;

/**
 * One user per role. The last one marks the demo as loaded, so it stays last. Reviewers, authority
 * operators and the administrators must enrol TOTP at their first login (their roles require it).
 */
const DEMO_USERS: readonly { username: string; displayName: string; orgId: string; orgName: string; role: string; alsoRoles?: string[] }[] = [
  { username: 'jg_nanming', displayName: '李娜（机构经办）', orgId: 'inst-520102-1', orgName: DEMO_SCHOOLS[0]!.name, role: 'institution_operator' },
  { username: 'jg_yunyan', displayName: '王强（机构经办）', orgId: 'inst-520103-1', orgName: DEMO_SCHOOLS[1]!.name, role: 'institution_operator' },
  { username: 'sq_nanming', displayName: '周婷（南明区人社经办）', orgId: authorityId('520102'), orgName: authorityName('520102'), role: 'authority_operator' },
  { username: 'sh_nanming', displayName: '张敏（南明区审核员）', orgId: authorityId('520102'), orgName: authorityName('520102'), role: 'reviewer' },
  { username: 'sh_yunyan', displayName: '陈杰（云岩区审核员）', orgId: authorityId('520103'), orgName: authorityName('520103'), role: 'reviewer' },
  { username: 'sh_guiyang', displayName: '刘洋（贵阳市审核员）', orgId: authorityId('520100'), orgName: '贵阳市人力资源和社会保障局', role: 'reviewer' },
  { username: 'sh_province', displayName: '吴静（省级审核员）', orgId: authorityId('520000'), orgName: '贵州省人力资源和社会保障厅', role: 'reviewer' },
  { username: 'dd_province', displayName: '赵磊（省级督导）', orgId: authorityId('520000'), orgName: '贵州省人力资源和社会保障厅', role: 'supervisor' },
  { username: 'xt_province', displayName: '黄凯（系统管理员）', orgId: authorityId('520000'), orgName: '贵州省人力资源和社会保障厅', role: 'system_admin' },
  { username: 'aq_province', displayName: '杨帆（安全管理员）', orgId: authorityId('520000'), orgName: '贵州省人力资源和社会保障厅', role: 'security_admin' },
  // Technical schools (issue 15): the province's operator who creates schools and sets periods, and a user of each demo school.
  // He also keeps the province's settings (calendar, eligibility policy, training kinds, capture policy).
  { username: 'sq_province', displayName: '马骏（省级人社经办）', orgId: authorityId('520000'), orgName: '贵州省人力资源和社会保障厅', role: 'authority_operator', alsoRoles: ['province_settings'] },
  { username: 'yx_jiaotong', displayName: '何静（交通技师学院经办）', orgId: demoTechnicalSchools(demoId).jiaotong.id, orgName: '贵州省交通技师学院', role: 'school_operator' },
  { username: 'yx_guiyang', displayName: '宋涛（贵阳技师学院经办）', orgId: demoTechnicalSchools(demoId).guiyang.id, orgName: '贵阳市技师学院', role: 'school_operator' },
  { username: 'sj_province', displayName: '孙丽（审计管理员）', orgId: authorityId('520000'), orgName: '贵州省人力资源和社会保障厅', role: 'audit_admin' },
];
const MARKER_USER = DEMO_USERS[DEMO_USERS.length - 1]!.username;

/** In the generated records, the demo users act for their own organisations; fabricated actors elsewhere. */
function demoActor(duty: ActorDuty, orgId: string): string | undefined {
  const role = { registrar: 'authority_operator', reviewer: 'reviewer', operator: 'institution_operator' }[duty];
  const user = DEMO_USERS.find((u) => u.orgId === orgId && u.role === role);
  return user ? demoId(`user:${user.username}`) : undefined;
}

const as = (userId: string, role: string, orgId: string, key: string): RequestContext => ({ ...seedRequest(key), actor: { id: userId, role, orgId } });

export interface DemoOptions {
  /** Smaller for tests; DEMO_SCALE by default. */
  scale?: Pick<ProvinceOptions, 'institutions' | 'teachers' | 'trainees'>;
  /** Training classes; DEMO_CLASSES by default. */
  classes?: Pick<ClassOptions, 'classes' | 'classSize' | 'days'> & { focusPerSchool: number };
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Loads the demo once and returns the users created now with their one-time passwords ([] when
 * everything was there). The province is generated only while no demo occupation exists (they are
 * written after it); demo users missing from an older data folder are added.
 */
export async function loadDemoData(platform: Platform, dataDir: string, options: DemoOptions = {}): Promise<DemoUser[]> {
  const exists = async (stream: string) => (await platform.store.readStream(stream, { maxCount: 1 })).length > 0;
  const log = options.log ?? ((line: string) => process.stderr.write(`演示数据 ${line}\n`));
  const { users, occupations, reviews } = platform.commands;
  const school = DEMO_SCHOOLS[0]!.id;
  const occupationId = (details: OccupationDetails) => demoId(`occupation:${school}:${details.code}`);

  if (!(await exists(`user-${demoId(`user:${MARKER_USER}`)}`))) {
    // The province: institutions (the two demo schools among them, effective), teachers, trainees.
    if (!(await exists(`occupation-${occupationId(OCCUPATIONS[0]!)}`))) {
      const scale = options.scale ?? DEMO_SCALE;
      log(`生成中：${scale.institutions} 家培训机构、${scale.teachers} 名师资、${scale.trainees} 名学员`);
      const province = await generateProvince(platform, { ...scale, seed: DEMO_SEED, fixedInstitutions: DEMO_SCHOOLS, actorFor: demoActor, concurrency: 16, log, progressIntervalMs: 10_000 });
      if (!(await platform.runner.waitFor(province.lastPosition, undefined, 120_000))) throw new Error('demo data: the read models did not catch up');
      log(`完成（${Math.round(province.seconds)} 秒）`);
      // The working-day calendar's 2026 holidays (the State Council's notice), then classes in every state.
      const provincial: RequestContext = { ...seedRequest('calendar:2026'), actor: { id: 'system:seed', role: 'system', orgId: authorityId('520000') } };
      await platform.commands.classSettings.importShippedHolidays(2026, provincial);
      const sizes = options.classes ?? DEMO_CLASSES;
      log(`生成培训班级：${sizes.classes} 个`);
      const classes = await generateClasses(platform, {
        ...sizes,
        seed: DEMO_SEED,
        concurrency: 8,
        institutions: province.activeInstitutions,
        actorFor: demoActor,
        focus: { institutionIds: DEMO_SCHOOLS.map((s) => s.id), classes: sizes.focusPerSchool },
        log,
        progressIntervalMs: 10_000,
      });
      if (!(await platform.runner.waitFor(classes.lastPosition, undefined, 120_000))) throw new Error('demo data: the read models did not catch up with the classes');
    }

    // Occupations of the Nanming school in every state of the review workflow.
    const operator = demoId('user:jg_nanming');
    const countyReviewer = demoId('user:sh_nanming');
    const cityReviewer = demoId('user:sh_guiyang');
    for (const [index, details] of OCCUPATIONS.entries()) {
      const id = occupationId(details);
      const stream = `occupation-${id}`;
      const key = (step: string) => `occupation:${id}:${step}`;
      await occupations.declare(id, school, details, as(operator, 'institution_operator', school, key('declare')));
      if (index === 0) continue; // left as a draft
      await reviews.submit(stream, '', as(operator, 'institution_operator', school, key('submit')));
      if (index === 1) continue; // waiting at the county
      await reviews.approve(stream, '材料齐全，同意', [], as(countyReviewer, 'reviewer', authorityId('520102'), key('county')));
      if (index === 2) continue; // waiting at the city
      if (index === 3) {
        await reviews.return(stream, '培训场地证明材料不全，请补充', [], as(cityReviewer, 'reviewer', authorityId('520100'), key('return')));
        continue;
      }
      await reviews.approve(stream, '同意发布', [], as(cityReviewer, 'reviewer', authorityId('520100'), key('city')));
    }
  }

  // Technical schools, majors, teachers and students (issue 15), also into an older data folder.
  await loadTechnicalSchoolDemo(platform, { demoId, as, log });
  // Training vouchers (issue 14 §4) of the Nanming demo school's trainees, also into an older data folder.
  await loadVoucherDemo(platform, { demoId, as, log }, DEMO_SCHOOLS[0]!.id);
  // Subsidy standards, funds, applications, personal subsidies and payment batches in every state (issue 14), also into an older data folder.
  await loadMoneyDemo(platform, { demoId, as, log }, DEMO_SCHOOLS[0]!.id);
  // A voucher settled: its class run and completed, its funding approved (needs the money demo's standard and fund).
  await settleVoucherDemo(platform, { demoId, as, log }, DEMO_SCHOOLS[0]!.id);

  // Users last (the last one marks the demo as loaded); each one-time password goes to the
  // owner-only file as soon as it exists.
  const file = path.join(dataDir, 'demo-credentials.txt');
  const credentials: DemoUser[] = [];
  const remember = (u: Omit<DemoUser, 'password'>, password: string) => {
    appendFileSync(file, `${u.username}\t${password}\t${u.role}\t${u.displayName}\t${u.orgName}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    credentials.push({ ...u, password });
  };
  let lastWrite: bigint | null = null;

  // A teacher's login for the mobile capture app (授课教师, issue 13 §3): the Nanming school's first
  // qualified teacher (by id, the one the mobile browser test schedules first), as the school's
  // operator would create it (createTeacherAccount). Before the users below, which mark the demo as loaded.
  const demoTeacher = await firstQualifiedTeacher(platform, DEMO_SCHOOLS[0]!.id);
  if (demoTeacher && !(await exists(`user-${teacherAccountUserId(demoTeacher.id)}`))) {
    const password = `${randomBytes(6).toString('base64url')}#${randomInt(10, 99)}Aa`;
    const account = { username: DEMO_TEACHER_USERNAME, displayName: demoTeacher.name, orgId: DEMO_SCHOOLS[0]!.id, roles: [TEACHER_ACCOUNT_ROLE] };
    ({ position: lastWrite } = await users.create(teacherAccountUserId(demoTeacher.id), account, password, as(demoId('user:jg_nanming'), 'institution_operator', DEMO_SCHOOLS[0]!.id, `teacher-account:${demoTeacher.id}`), { teacherId: demoTeacher.id }));
    remember({ username: DEMO_TEACHER_USERNAME, displayName: `${demoTeacher.name}（授课教师）`, orgName: DEMO_SCHOOLS[0]!.name, role: TEACHER_ACCOUNT_ROLE }, password);
  }
  for (const u of DEMO_USERS) {
    const userId = demoId(`user:${u.username}`);
    if (await exists(`user-${userId}`)) continue;
    const password = `${randomBytes(6).toString('base64url')}#${randomInt(10, 99)}Aa`;
    ({ position: lastWrite } = await users.create(userId, { username: u.username, displayName: u.displayName, orgId: u.orgId, roles: [u.role, ...(u.alsoRoles ?? [])] }, password, seedRequest(`user:${u.username}`)));
    remember({ username: u.username, displayName: u.displayName, orgName: u.orgName, role: [u.role, ...(u.alsoRoles ?? [])].join(',') }, password);
  }
  // The server answers once the read models have the demo (the users are its last writes): the
  // first user then finds every list and login as the demo left them, not a moment behind.
  if (lastWrite !== null && !(await platform.runner.waitFor(lastWrite, undefined, 600_000))) log('读模型尚未追上演示数据，列表稍后完整');
  return credentials;
}

/** The demo teacher's user name (its account is created by loadDemoData). */
export const DEMO_TEACHER_USERNAME = 'js_nanming';

/** The institution's first approved, qualified, unrevoked teacher by id (as scripts/e2e/mobile-fixture.ts orders them). */
async function firstQualifiedTeacher(platform: Platform, institutionId: string): Promise<{ id: string; name: string } | undefined> {
  const engaged = teacherEngagementsTable(platform.knex).where({ institution_id: institutionId, status: 'approved' }).select('teacher_id');
  return teachersTable(platform.knex).whereIn('id', engaged).where({ revoked: false, qualified: true }).orderBy('id').first('id', 'name');
}
