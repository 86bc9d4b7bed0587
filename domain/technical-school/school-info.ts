// 院校基本信息 (requirement 9(3)): what a technical school's record holds. The authority gives the
// first values when it creates the school; later changes are the school's, reviewed before they
// take effect.
import { z } from 'zod';
import { normalizePhone, parsePhone } from '../personal-data/phone';
import { integerIn, oneOf, optionalText, parseInput, requiredText } from '../shared/validation';

/** 技师学院 / 高级技工学校 / 技工学校: the three levels of the national technical-school system. */
export const SCHOOL_LEVELS = ['technician_college', 'senior', 'ordinary'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];
export const SCHOOL_LEVEL_LABELS: Record<SchoolLevel, string> = { technician_college: '技师学院', senior: '高级技工学校', ordinary: '技工学校' };

export const SCHOOL_NATURES = ['public', 'private', 'enterprise'] as const;
export type SchoolNature = (typeof SCHOOL_NATURES)[number];
export const SCHOOL_NATURE_LABELS: Record<SchoolNature, string> = { public: '公办', private: '民办', enterprise: '行业企业办' };

export const schoolInfoSchema = z.object({
  name: requiredText('院校名称', 60),
  level: oneOf('办学层次', SCHOOL_LEVELS),
  nature: oneOf('办学性质', SCHOOL_NATURES),
  address: requiredText('学校地址', 200),
  principal: optionalText('校长', 30),
  contactPerson: optionalText('联系人', 30),
  // A school's switchboard or office: a public number, not a person's (not protected personal data).
  contactPhone: optionalText('联系电话', 30)
    .refine((v) => v === '' || parsePhone(v) !== undefined, { error: '联系电话应为11位手机号码，或带区号的固定电话（如0851-85551234）' })
    .transform((v) => (v ? normalizePhone(v) : '')),
  approvalNumber: optionalText('批准文号', 60),
  establishedYear: integerIn('建校年份', 1900, 2100).nullable().default(null),
  description: optionalText('学校简介', 1000, { multiline: true }),
});
export type SchoolInfo = z.output<typeof schoolInfoSchema>;
export const parseSchoolInfo = (input: unknown): SchoolInfo => parseInput(schoolInfoSchema, input);

/** What the authority gives when it creates a school: its code and the first basic information. */
export const schoolCreationSchema = z.object({
  /** 学校代码 of the national technical-school registration system (5 digits there; letters allowed for local codes). */
  code: requiredText('学校代码', 20).regex(/^[0-9A-Za-z]{4,20}$/, { error: '学校代码应为4至20位字母或数字' }),
  divisionCode: z.string({ error: '行政区划代码不能为空' }).regex(/^52\d{4}$/, { error: '行政区划代码应为以52开头的6位数字' }),
  info: schoolInfoSchema,
});
export type SchoolCreation = z.output<typeof schoolCreationSchema>;
export const parseSchoolCreation = (input: unknown): SchoolCreation => parseInput(schoolCreationSchema, input);

export const sameInfo = (a: SchoolInfo, b: SchoolInfo) => JSON.stringify(a) === JSON.stringify(b);
