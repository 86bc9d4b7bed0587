// The technical schools of the synthetic province (issue 15 §8), as plans: what each school, major,
// teacher and student is, as a school or authority would enter it (raw input, validated later by the
// domain's own schemas), and what happens to each afterwards (reviews, status changes, aid). Drawn
// from seeded streams, so the same seed gives the same schools; nothing here writes.
import { PREFECTURES, authorityId } from '../../domain/organization/guizhou-divisions';
import type { ClassType, SchoolField } from '../../domain/technical-school/school-vocabulary';
import { STREETS } from './catalogue';
import { birthDate, chineseName, idNumber, landline, mobilePhone, type Sex } from './people';
import { COUNTIES, shortPrefectureName, type County } from './places';
import { Weighted, apportion, type Random } from './random';
import { generatedId } from './records';

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The school year a day belongs to: it starts on 1 September (China date). */
export const schoolYearOf = (today: string) => Number(today.slice(0, 4)) - (today.slice(5) < '09-01' ? 1 : 0);

// --- schools ------------------------------------------------------------------------------------

/** What becomes of a school's basic information after its creation: the states of its record. */
export type SchoolOutcome = 'created' | 'change_pending' | 'change_returned' | 'change_applied' | 'change_rejected';
const SCHOOL_OUTCOMES = new Weighted<SchoolOutcome>([
  ['created', 70],
  ['change_applied', 14],
  ['change_pending', 8],
  ['change_returned', 5],
  ['change_rejected', 3],
]);
/** The first five schools take the outcomes in turn, so even a small province shows each. */
const FIRST_OUTCOMES: readonly SchoolOutcome[] = ['change_pending', 'change_applied', 'change_returned', 'change_rejected', 'created'];

const LEVELS = new Weighted([
  ['technician_college', 35],
  ['senior', 25],
  ['ordinary', 40],
] as const);
const LEVEL_SUFFIX = { technician_college: '技师学院', senior: '高级技工学校', ordinary: '技工学校' } as const;
const NATURES = new Weighted([
  ['public', 72],
  ['private', 18],
  ['enterprise', 10],
] as const);
/** What a school's name says it trains for, and the fields its majors come from first. */
const SPECIALTIES: readonly (readonly [string, SchoolField])[] = [
  ['交通', 'transport'], ['机械工业', 'machinery'], ['电子信息', 'information'], ['建筑', 'construction'], ['商贸', 'commerce'],
  ['轻工', 'light_industry'], ['化工', 'chemical'], ['能源', 'energy'], ['农业', 'agriculture'], ['旅游', 'service'],
  ['冶金', 'metallurgy'], ['医药', 'medicine'], ['电力', 'electrical'], ['', 'machinery'],
];

export interface SchoolPlan {
  index: number;
  id: string;
  code: string;
  name: string;
  /** The creating and supervising authority (a prefecture's, or the province's for 省直 schools). */
  authorityId: string;
  divisionCode: string;
  county: County;
  level: 'technician_college' | 'senior' | 'ordinary';
  nature: 'public' | 'private' | 'enterprise';
  field: SchoolField;
  outcome: SchoolOutcome;
  info: Record<string, unknown>;
  /** The proposed change of basic information (phone, principal), for every outcome but 'created'. */
  change: Record<string, unknown> | null;
  /** Share of the province's students. */
  weight: number;
}

export function planSchools(random: Random, count: number, seed: string): SchoolPlan[] {
  const names = new Set<string>();
  // Ten in a hundred are the province's own (省直); the rest lie with the prefectures by population.
  const prefectures = new Weighted(PREFECTURES.map((p) => [p, COUNTIES.filter((c) => c.prefectureCode === p.code).reduce((s, c) => s + c.population, 0)] as const));
  return Array.from({ length: count }, (_, index): SchoolPlan => {
    const provincial = random.chance(0.1);
    const prefecture = provincial ? PREFECTURES[0]! : prefectures.draw(random);
    const counties = COUNTIES.filter((c) => c.prefectureCode === prefecture.code);
    const county = counties.find((c) => c.urban) ?? counties[0]!;
    const level = LEVELS.draw(random);
    const [specialty, field] = random.pick(SPECIALTIES);
    let name = `${provincial ? '贵州省' : shortPrefectureName(prefecture.name).replace(/市$/, '')}${specialty}${LEVEL_SUFFIX[level]}`;
    for (let n = 2; names.has(name); n++) name = `${provincial ? '贵州省' : shortPrefectureName(prefecture.name).replace(/市$/, '')}第${n}${specialty}${LEVEL_SUFFIX[level]}`;
    names.add(name);
    const info = {
      name,
      level,
      nature: NATURES.draw(random),
      address: `贵州省${prefecture.name}${county.name}${random.pick(STREETS)}${random.int(1, 399)}号`,
      principal: chineseName(random, random.chance(0.7) ? 'male' : 'female', random.int(1962, 1978)),
      contactPerson: chineseName(random, random.chance(0.5) ? 'male' : 'female', random.int(1975, 1995)),
      contactPhone: landline(random),
      approvalNumber: `黔人社函〔${random.int(1985, 2020)}〕${random.int(1, 300)}号`,
      establishedYear: random.int(1958, 2015),
      description: '',
    };
    const outcome = index < FIRST_OUTCOMES.length ? FIRST_OUTCOMES[index]! : SCHOOL_OUTCOMES.draw(random);
    const change = outcome === 'created' ? null : { ...info, contactPhone: landline(random), principal: chineseName(random, 'male', random.int(1965, 1980)) };
    return {
      index,
      id: generatedId(seed, `technical-school:${index}`),
      // 5-digit codes from 52101 up: the demo's own schools use 52001 and 52002.
      code: String(52101 + index),
      name,
      authorityId: authorityId(provincial ? '520000' : prefecture.code),
      divisionCode: provincial ? '520000' : prefecture.code,
      county,
      level,
      nature: info.nature,
      field,
      outcome,
      info,
      change,
      weight: level === 'technician_college' ? 3 : level === 'senior' ? 2 : 1,
    };
  });
}

// --- majors -------------------------------------------------------------------------------------

/** Majors of the national technical-school catalogue (code, name, field). */
const MAJOR_CATALOGUE: readonly (readonly [string, string, SchoolField])[] = [
  ['0101-4', '机床切削加工（车工）', 'machinery'], ['0102-4', '数控加工（数控车工）', 'machinery'], ['0104-4', '模具制造', 'machinery'],
  ['0107-4', '焊接加工', 'machinery'], ['0109-4', '机电设备安装与维修', 'machinery'], ['0111-4', '机电一体化技术', 'machinery'],
  ['0201-4', '电气自动化设备安装与维修', 'electrical'], ['0204-4', '电子技术应用', 'electrical'], ['0206-4', '工业机器人应用与维护', 'electrical'],
  ['0301-4', '计算机网络应用', 'information'], ['0302-4', '计算机应用与维修', 'information'], ['0305-4', '计算机程序设计', 'information'], ['0308-4', '电子商务', 'information'],
  ['0402-4', '汽车维修', 'transport'], ['0403-4', '汽车钣金与涂装', 'transport'], ['0407-4', '新能源汽车检测与维修', 'transport'], ['0412-4', '城市轨道交通运输与管理', 'transport'],
  ['0501-4', '烹饪（中式烹调）', 'service'], ['0503-4', '酒店管理', 'service'], ['0508-4', '美容美发与造型', 'service'], ['0512-4', '健康服务与管理', 'service'],
  ['0601-4', '会计', 'commerce'], ['0603-4', '市场营销', 'commerce'], ['0606-4', '物流服务与管理', 'commerce'],
  ['0701-4', '现代农业技术', 'agriculture'], ['0704-4', '茶叶生产与加工', 'agriculture'],
  ['0801-4', '电力工程', 'energy'], ['0901-4', '化工工艺', 'chemical'], ['1001-4', '冶炼', 'metallurgy'],
  ['1101-4', '建筑施工', 'construction'], ['1104-4', '建筑装饰', 'construction'], ['1201-4', '药物制剂', 'medicine'],
  ['1301-4', '服装制作与生产管理', 'light_industry'], ['1402-4', '工艺美术', 'culture_art'],
];

export type MajorOutcome = 'approved' | 'pending' | 'returned';

export interface MajorPlan {
  id: string;
  school: SchoolPlan;
  outcome: MajorOutcome;
  details: { code: string; name: string; field: SchoolField; classTypes: ClassType[]; durationYears: number; enrolmentPlan: number; description: string };
}

/** 4-10 majors a school (its own field's first); the last of some schools still waiting for approval or returned. */
export function planMajors(random: Random, school: SchoolPlan, seed: string): MajorPlan[] {
  const own = MAJOR_CATALOGUE.filter((m) => m[2] === school.field);
  const others = MAJOR_CATALOGUE.filter((m) => m[2] !== school.field);
  const count = random.int(4, school.level === 'technician_college' ? 10 : 7);
  const chosen = [...own];
  while (chosen.length < count) {
    const next = random.pick(others);
    if (!chosen.includes(next)) chosen.push(next);
  }
  const extra = random.next();
  return chosen.slice(0, count).map(([code, name, field], i) => ({
    id: generatedId(seed, `major:${school.id}:${code}`),
    school,
    // Every school's majors but the last are approved (students study only in approved majors).
    outcome: i < count - 1 || extra < 0.7 ? 'approved' : extra < 0.9 ? 'pending' : 'returned',
    details: {
      code,
      name,
      field,
      classTypes: school.level === 'technician_college' ? ['intermediate', 'advanced', 'technician'] : school.level === 'senior' ? ['intermediate', 'advanced'] : ['intermediate'],
      // One in five majors is a two-year course: its first cohort of three has graduated this summer.
      durationYears: random.chance(0.2) ? 2 : 3,
      enrolmentPlan: random.int(2, 12) * 50,
      description: '',
    },
  }));
}

// --- teachers -----------------------------------------------------------------------------------

export type SchoolTeacherOutcome = 'active' | 'retired' | 'removed';
const TITLES = new Weighted([
  ['senior_lecturer_full', 2], ['senior_lecturer', 18], ['lecturer', 30], ['assistant_lecturer', 15],
  ['instructor_senior', 5], ['instructor_1', 10], ['instructor_2', 8], ['instructor_3', 4], ['none', 8],
] as const);

export interface SchoolTeacherPlan {
  index: number;
  school: SchoolPlan;
  outcome: SchoolTeacherOutcome;
  input: Record<string, unknown>;
}

export function planSchoolTeacher(random: Random, index: number, school: SchoolPlan, majors: readonly MajorPlan[], taken: Set<string>, today: string): SchoolTeacherPlan {
  const sex: Sex = random.chance(0.55) ? 'female' : 'male';
  const retired = random.chance(0.08);
  const birth = retired ? birthDate(random, 1955, 1964) : birthDate(random, 1965, 1998);
  const major = random.chance(0.85) ? random.pick(majors.filter((m) => m.outcome === 'approved')) : null;
  const hired = `${random.int(Math.max(Number(birth.slice(0, 4)) + 22, 1980), Number(today.slice(0, 4)) - 1)}-${random.pick(['03', '07', '08', '09'])}-01`;
  return {
    index,
    school,
    outcome: retired ? 'retired' : random.chance(0.02) ? 'removed' : 'active',
    input: {
      name: chineseName(random, sex, Number(birth.slice(0, 4)), school.county.prefectureCode),
      idNumber: idNumber(random, school.county, birth, sex, taken),
      phone: random.chance(0.8) ? mobilePhone(random) : '',
      majorId: major?.id ?? null,
      field: major?.details.field ?? random.pick(['other', 'information', 'service'] as const),
      title: TITLES.draw(random),
      education: random.pick(['bachelor', 'bachelor', 'bachelor', 'postgraduate', 'junior_college'] as const),
      employment: retired ? 'retired' : 'active',
      hiredOn: hired > today ? null : hired,
      note: '',
    },
  };
}

// --- students -----------------------------------------------------------------------------------

/** How a registration ends in the review workflow. */
export type RegistrationOutcome = 'approved' | 'pending' | 'returned' | 'rejected';
/** What happens to an approved student afterwards. */
export type StudentHistory =
  | 'none' | 'suspended' | 'resumed' | 'withdrawn' | 'cancelled' | 'transferred' | 'transfer_waiting'
  | 'major_changed' | 'year_repeated' | 'graduated' | 'completed' | 'change_pending';
const HISTORIES = new Weighted<StudentHistory>([
  ['none', 86.6],
  ['suspended', 1.5],
  ['resumed', 1.2],
  ['withdrawn', 3.5],
  ['cancelled', 0.4],
  ['transferred', 1.6],
  ['transfer_waiting', 0.3],
  ['major_changed', 1.6],
  ['year_repeated', 0.8],
  ['change_pending', 2.5],
]);

export interface StudentPlan {
  index: number;
  school: SchoolPlan;
  major: MajorPlan;
  cohortYear: number;
  registration: RegistrationOutcome;
  history: StudentHistory;
  /** The school of a transfer, and the major the student takes there or changes to. */
  otherSchool?: SchoolPlan;
  otherMajor?: MajorPlan;
  /** The days the changes take effect, in order. */
  dates: string[];
  /** This school year's 免学费 applied for (full-time students attending since the term began). */
  waiver: boolean;
  /** This school year's 国家助学金 applied for (first- and second-year students in hardship). */
  grant: { tier: 'first' | 'second'; basis: 'poverty_registered' | 'hardship' } | null;
  input: Record<string, unknown>;
}

export interface StudentPlanning {
  schools: readonly SchoolPlan[];
  majors: ReadonlyMap<string, readonly MajorPlan[]>;
  today: string;
  taken: Set<string>;
}

/**
 * `count` students over the schools (by their weight) and three cohorts: this school year's and the
 * two before. A student of a two-year major in the oldest cohort has left this summer (毕业, some 结业).
 */
export function* planStudents(random: Random, count: number, planning: StudentPlanning): Generator<StudentPlan> {
  const { schools, majors, today, taken } = planning;
  const year = schoolYearOf(today);
  const perSchool = apportion(count, schools.map((s) => [s, s.weight] as const), 1);
  let index = 0;
  for (const school of schools) {
    const open = (majors.get(school.id) ?? []).filter((m) => m.outcome === 'approved');
    const elsewhere = schools.filter((s) => s !== school && (majors.get(s.id) ?? []).some((m) => m.outcome === 'approved'));
    for (let n = 0; n < perSchool.get(school)!; n++, index++) {
      const r = random.fork(`student/${index}`);
      const cohortYear = year - r.int(0, 2);
      const major = r.pick(open);
      const partTime = r.chance(0.08);
      const sex: Sex = r.chance(school.field === 'machinery' || school.field === 'transport' ? 0.72 : 0.5) ? 'male' : 'female';
      const entryAge = partTime ? r.int(18, 40) : r.chance(0.8) ? r.int(15, 16) : r.int(17, 19);
      const birth = birthDate(r, cohortYear - entryAge, cohortYear - entryAge);
      const home = r.chance(0.7) ? r.pick(COUNTIES.filter((c) => c.prefectureCode === school.county.prefectureCode)) : r.pick(COUNTIES);
      const enrolledOn = `${cohortYear}-09-0${r.int(1, 6)}`;
      const classType = r.pick(major.details.classTypes);
      const poverty = r.chance(0.18);
      const registration: RegistrationOutcome = cohortYear < year || r.chance(0.95) ? 'approved' : r.pick(['pending', 'pending', 'pending', 'returned', 'rejected'] as const);
      // The oldest cohort of a two-year major has finished this July.
      const finished = cohortYear === year - 2 && major.details.durationYears === 2;
      let history: StudentHistory = registration !== 'approved' ? 'none' : finished ? (r.chance(0.93) ? 'graduated' : 'completed') : HISTORIES.draw(r);
      if (history === 'year_repeated' && cohortYear === year) history = 'none';
      const needsOther = history === 'transferred' || history === 'transfer_waiting';
      const otherSchool = needsOther && elsewhere.length > 0 ? r.pick(elsewhere) : undefined;
      if (needsOther && !otherSchool) history = 'none';
      const otherMajor = otherSchool ? r.pick((majors.get(otherSchool.id) ?? []).filter((m) => m.outcome === 'approved')) : history === 'major_changed' && open.length > 1 ? r.pick(open.filter((m) => m !== major)) : undefined;
      if (history === 'major_changed' && !otherMajor) history = 'none';
      // Changes take effect between enrolment and today, in order; graduation on 1 July.
      const span = Math.max(2, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${enrolledOn}T00:00:00Z`)) / 86_400_000));
      const first = addDays(enrolledOn, r.int(1, Math.max(1, span - 1)));
      const second = addDays(first, r.int(0, Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000))));
      const dates = history === 'graduated' || history === 'completed' ? [`${year}-07-01`] : [first, second];
      // Aid goes to full-time students attending without a break this school year (the rules refuse the others).
      const attending = registration === 'approved' && ['none', 'major_changed', 'year_repeated', 'change_pending'].includes(history) && !partTime;
      const yearOfStudy = year - cohortYear + 1;
      const grantable = attending && yearOfStudy <= 2 && (poverty || r.chance(0.08));
      const grant = grantable && r.chance(0.85) ? { tier: r.chance(0.4) ? ('first' as const) : ('second' as const), basis: poverty ? ('poverty_registered' as const) : ('hardship' as const) } : null;
      const waiver = attending && r.chance(0.45);
      yield {
        index,
        school,
        major,
        cohortYear,
        registration,
        history,
        ...(otherSchool ? { otherSchool } : {}),
        ...(otherMajor ? { otherMajor } : {}),
        dates,
        waiver,
        grant,
        input: {
          name: chineseName(r, sex, Number(birth.slice(0, 4)), home.prefectureCode),
          idNumber: idNumber(r, home, birth, sex, taken),
          phone: r.chance(0.7) ? mobilePhone(r) : '',
          householdType: r.chance(poverty ? 0.95 : 0.65) ? 'agricultural' : 'non_agricultural',
          povertyRegistered: poverty,
          education: partTime ? r.pick(['junior_high', 'senior_high', 'secondary_vocational'] as const) : r.chance(0.9) ? 'junior_high' : 'senior_high',
          previousSchool: partTime ? '' : `${home.name.replace(/(自治县|县|区|市)$/, '')}第${r.int(1, 6)}中学`,
          address: `贵州省${home.prefectureName}${home.name}`,
          majorId: major.id,
          classType,
          studyMode: partTime ? 'part_time' : 'full_time',
          cohortYear,
          enrolledOn,
          studentNumber: `${school.code}${cohortYear}${String(n + 1).padStart(5, '0')}`,
        },
      };
    }
  }
}
