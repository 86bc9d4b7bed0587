// 学籍注册 (requirement 9(6)): what a school enters of a new student. The ID number is checked (check
// digit, birth date, region) and gives birth date, sex and region; ID number and phone are personal
// data, encrypted before any event is built. The categories later functions count by (建档立卡,
// household type, class type, full- or part-time, year) are recorded here, at registration.
import { z } from 'zod';
import { ageOn, describeIdNumber, idNumberSchema, type Sex } from '../personal-data/id-number';
import type { IsoDate } from '../personal-data/normalize';
import { mobilePhoneSchema } from '../personal-data/phone';
import type { ProtectedValue } from '../personal-data/protected-value';
import { CLASS_TYPES, EDUCATION_LEVELS, type ClassType } from '../technical-school/school-vocabulary';
import { calendarDate, integerIn, oneOf, optionalText, parseInput, requiredText, schemaOfTheDay } from '../shared/validation';

export const HOUSEHOLD_TYPES = ['agricultural', 'non_agricultural'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];
export const HOUSEHOLD_TYPE_LABELS: Record<HouseholdType, string> = { agricultural: '农业户口', non_agricultural: '非农业户口' };

export const STUDY_MODES = ['full_time', 'part_time'] as const;
export type StudyMode = (typeof STUDY_MODES)[number];
export const STUDY_MODE_LABELS: Record<StudyMode, string> = { full_time: '全日制', part_time: '非全日制' };

/** Ages at entry a technical school admits (from junior-high graduates to adults in part-time study). */
export const STUDENT_AGE = { min: 13, max: 60 } as const;

const chineseName = requiredText('姓名', 30).regex(/^[\u3400-\u9fff·A-Za-z]{2,30}$/, { error: '姓名只能包含汉字、字母和间隔号·，至少2个字' });

const personFields = (today: IsoDate) => ({
  name: chineseName,
  idNumber: idNumberSchema(today, '身份证号码', 'person').superRefine((value, ctx) => {
    // Only a number that passed its own checks has a birth date to check the age of.
    if (typeof value !== 'string' || value.length !== 18) return;
    const age = ageOn(describeIdNumber(value).birthDate, today);
    if (age < STUDENT_AGE.min || age > STUDENT_AGE.max) ctx.addIssue({ code: 'custom', message: `身份证号码对应年龄${age}岁，技工院校学生应在${STUDENT_AGE.min}至${STUDENT_AGE.max}岁之间，请核对` });
  }),
  phone: z.union([mobilePhoneSchema('联系电话'), z.literal('').transform(() => null), z.null()]).default(null),
  householdType: oneOf('户口性质', HOUSEHOLD_TYPES),
  povertyRegistered: z.boolean({ error: '是否建档立卡贫困户必须填写' }),
  education: oneOf('入学前文化程度', EDUCATION_LEVELS),
  previousSchool: optionalText('入学前就读学校', 60),
  address: optionalText('家庭地址', 200),
  // 人员类别 (9(12)'s talent report lists it): a code of the person_category dictionary trainees use
  // (贫困家庭子女, 应届初高中毕业生 ...), optional; the command checks it is an active entry.
  personCategory: z.union([z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { error: '人员类别不在字典中' }), z.literal('').transform(() => null), z.null()]).default(null),
});

const enrolmentFields = {
  majorId: requiredText('专业', 100),
  classType: oneOf('班级类型', CLASS_TYPES),
  studyMode: oneOf('学习形式', STUDY_MODES),
  cohortYear: integerIn('年级（入学年份）', 2000, 2100),
  enrolledOn: calendarDate('入学日期'),
  studentNumber: optionalText('学号', 30),
};

export const registrationInputSchema = (today: IsoDate) => z.object({ ...personFields(today), ...enrolmentFields });
export type RegistrationInput = z.output<ReturnType<typeof registrationInputSchema>>;
const registrationSchemaOf = schemaOfTheDay(registrationInputSchema);
export const parseRegistrationInput = (input: unknown, today: IsoDate): RegistrationInput => parseInput(registrationSchemaOf(today), input);

/**
 * A correction of a registration not yet approved: the ID number, left out (null), stays; given, it
 * must be the person's own (the decider checks). A phone left out stays, '' removes it.
 */
export const registrationEditSchema = (today: IsoDate) =>
  z.object({
    ...personFields(today),
    idNumber: personFields(today).idNumber.nullable().default(null),
    phone: z.union([mobilePhoneSchema('联系电话'), z.literal(''), z.null()]).default(null),
    ...enrolmentFields,
  });
export type RegistrationEdit = z.output<ReturnType<typeof registrationEditSchema>>;
export const parseRegistrationEdit = (input: unknown, today: IsoDate): RegistrationEdit => parseInput(registrationEditSchema(today), input);

/** The student as events carry them: personal data protected, what the ID number gives kept. */
export interface StudentPerson {
  name: string;
  idNumber: ProtectedValue;
  birthDate: string;
  sex: Sex;
  regionCode: string;
  phone: ProtectedValue | null;
  householdType: HouseholdType;
  povertyRegistered: boolean;
  education: string;
  previousSchool: string;
  address: string;
  /** 人员类别, a person_category code (absent on registrations recorded before it was asked). */
  personCategory?: string | null;
}

/** A student's status at a school (学籍): where, in which major and class, since when. */
export interface Enrolment {
  schoolId: string;
  majorId: string;
  classType: ClassType;
  studyMode: StudyMode;
  /** 年级: the year of the cohort the student belongs to (changed by repeating a year). */
  cohortYear: number;
  enrolledOn: string;
  studentNumber: string;
}

export const idNumberFacts = (idNumber: string) => {
  const info = describeIdNumber(idNumber);
  return { birthDate: info.birthDate, sex: info.sex, regionCode: info.regionCode };
};

export const samePerson = (a: StudentPerson, b: StudentPerson) =>
  JSON.stringify({ ...a, idNumber: a.idNumber.blindIndex, phone: a.phone?.blindIndex ?? null }) === JSON.stringify({ ...b, idNumber: b.idNumber.blindIndex, phone: b.phone?.blindIndex ?? null });
export const sameEnrolment = (a: Enrolment, b: Enrolment) => JSON.stringify(a) === JSON.stringify(b);
