// 院校教师 (requirement 9(5)): what a school enters of a teacher. The ID number is checked (check
// digit, birth date, region, adult age) and gives birth date and sex; ID number and phone are
// personal data, encrypted before any event is built and shown masked.
import { z } from 'zod';
import { describeIdNumber, idNumberSchema, type Sex } from '../personal-data/id-number';
import type { IsoDate } from '../personal-data/normalize';
import { mobilePhoneSchema } from '../personal-data/phone';
import type { ProtectedValue } from '../personal-data/protected-value';
import { EDUCATION_LEVELS, SCHOOL_FIELDS, TEACHER_TITLES } from '../technical-school/school-vocabulary';
import { calendarDate, oneOf, optionalText, parseInput, requiredText } from '../shared/validation';

export const TEACHER_EMPLOYMENT = ['active', 'retired'] as const;
export type TeacherEmployment = (typeof TEACHER_EMPLOYMENT)[number];
export const TEACHER_EMPLOYMENT_LABELS: Record<TeacherEmployment, string> = { active: '在职', retired: '退休' };

const chineseName = requiredText('姓名', 30).regex(/^[\u3400-\u9fff·A-Za-z]{2,30}$/, { error: '姓名只能包含汉字、字母和间隔号·，至少2个字' });

const profileFields = {
  name: chineseName,
  /** The major the teacher belongs to (optional: general-course teachers have none). */
  majorId: z.string().max(100).nullable().default(null),
  field: oneOf('专业领域', SCHOOL_FIELDS),
  title: oneOf('职称', TEACHER_TITLES),
  education: oneOf('学历', EDUCATION_LEVELS),
  employment: oneOf('任职状态', TEACHER_EMPLOYMENT),
  hiredOn: calendarDate('入职日期').nullable().default(null),
  note: optionalText('备注', 200),
};

export const schoolTeacherInputSchema = (today: IsoDate) =>
  z.object({ ...profileFields, idNumber: idNumberSchema(today, '身份证号码', 'teacher'), phone: z.union([mobilePhoneSchema(), z.literal('').transform(() => null), z.null()]).default(null) });
export type SchoolTeacherInput = z.output<ReturnType<typeof schoolTeacherInputSchema>>;
export const parseSchoolTeacherInput = (input: unknown, today: IsoDate): SchoolTeacherInput => parseInput(schoolTeacherInputSchema(today), input);

/** A change: the ID number is the person's and stays; a phone left out (null) keeps the one on record, '' removes it. */
export const schoolTeacherEditSchema = z.object({ ...profileFields, phone: z.union([mobilePhoneSchema(), z.literal(''), z.null()]).default(null) });
export type SchoolTeacherEdit = z.output<typeof schoolTeacherEditSchema>;
export const parseSchoolTeacherEdit = (input: unknown): SchoolTeacherEdit => parseInput(schoolTeacherEditSchema, input);

/** The teacher as events carry them: personal data protected, facts the ID number gives kept. */
export interface SchoolTeacherProfile {
  name: string;
  idNumber: ProtectedValue;
  birthDate: string;
  sex: Sex;
  phone: ProtectedValue | null;
  majorId: string | null;
  field: string;
  title: string;
  education: string;
  employment: TeacherEmployment;
  hiredOn: string | null;
  note: string;
}

export const teacherFacts = (idNumber: string) => {
  const info = describeIdNumber(idNumber);
  return { birthDate: info.birthDate, sex: info.sex };
};

export const sameTeacher = (a: SchoolTeacherProfile, b: SchoolTeacherProfile) =>
  JSON.stringify({ ...a, idNumber: a.idNumber.blindIndex, phone: a.phone?.blindIndex ?? null }) === JSON.stringify({ ...b, idNumber: b.idNumber.blindIndex, phone: b.phone?.blindIndex ?? null });
