// 专业 (requirement 9(4)): what a school declares of a major it teaches.
import { z } from 'zod';
import { CLASS_TYPES, SCHOOL_FIELDS } from '../technical-school/school-vocabulary';
import { integerIn, oneOf, optionalText, parseInput, requiredText } from '../shared/validation';

export const majorDetailsSchema = z.object({
  /** 专业代码 of the national catalogue, e.g. 0101-4 (the suffix is the level). */
  code: requiredText('专业代码', 20).regex(/^[0-9A-Za-z][0-9A-Za-z-]{1,19}$/, { error: '专业代码应为2至20位字母、数字或连字符（如0101-4）' }),
  name: requiredText('专业名称', 50),
  field: oneOf('专业大类', SCHOOL_FIELDS),
  classTypes: z
    .array(oneOf('培养层次', CLASS_TYPES), { error: '请选择培养层次' })
    .min(1, { error: '请至少选择一个培养层次' })
    .transform((types) => CLASS_TYPES.filter((t) => types.includes(t))),
  durationYears: integerIn('学制（年）', 1, 6),
  enrolmentPlan: integerIn('年招生计划', 0, 10_000),
  description: optionalText('专业简介', 1000, { multiline: true }),
});
export type MajorDetails = z.output<typeof majorDetailsSchema>;
export const parseMajorDetails = (input: unknown): MajorDetails => parseInput(majorDetailsSchema, input);
export const sameMajorDetails = (a: MajorDetails, b: MajorDetails) => JSON.stringify(a) === JSON.stringify(b);
