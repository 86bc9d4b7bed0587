// 培训师资 (requirements 2 and 13): what an institution declares about a teacher.
import { z } from 'zod';
import { describeIdNumber, idNumberSchema } from '../personal-data/id-number';
import type { IsoDate } from '../personal-data/normalize';
import type { ProtectedValue } from '../personal-data/protected-value';
import { integerIn, oneOf, optionalText, parseInput, requiredText, schemaOfTheDay } from '../shared/validation';

export const TEACHER_LEVELS = ['junior', 'intermediate', 'senior'] as const;
export const TEACHER_LEVEL_LABELS: Record<(typeof TEACHER_LEVELS)[number], string> = { junior: '初级', intermediate: '中级', senior: '高级' };
export const POOL_TIERS = ['county', 'city', 'province'] as const;
export type PoolTier = (typeof POOL_TIERS)[number];
export const POOL_TIER_LABELS: Record<PoolTier, string> = { county: '区县级师资库', city: '市州级师资库', province: '省级师资库' };

const yearMonth = (label: string) => z.string({ error: `${label}不能为空` }).regex(/^\d{4}-\d{2}$/, { error: `${label}格式应为 YYYY-MM` });

export const teacherInputSchema = (today: IsoDate) =>
  z.object({
    name: requiredText('姓名', 30).regex(/^[\u3400-\u9fff·A-Za-z]{2,30}$/, { error: '姓名只能包含汉字、字母和间隔号·，至少2个字' }),
    idNumber: idNumberSchema(today, '身份证号码', 'teacher'),
    fullTime: z.boolean({ error: '请选择是否全职' }),
    subjects: z.array(requiredText('任课专业', 50), { error: '任课专业必须是列表' }).min(1, { error: '请至少填写一个任课专业' }).max(20),
    level: oneOf('师资等级', TEACHER_LEVELS),
    trainingQualification: optionalText('培训资格', 100),
    yearsTeaching: integerIn('任教年限', 0, 60),
    trainingHistory: z
      .array(z.object({ from: yearMonth('开始年月'), to: yearMonth('结束年月'), content: requiredText('培训内容', 200), organiser: requiredText('培训机构', 100) }))
      .max(50, { error: '培训经历最多50条' })
      .default([]),
  });

export type TeacherInput = z.output<ReturnType<typeof teacherInputSchema>>;
const teacherInputSchemaOf = schemaOfTheDay((today: IsoDate) => teacherInputSchema(today));
export const parseTeacherInput = (input: unknown, today: IsoDate): TeacherInput => parseInput(teacherInputSchemaOf(today), input);

/**
 * An edit: the ID number left out (null or empty) keeps the current one (the console shows it only
 * masked), as trainee edits do; a given one must be the person's own (the decider refuses another).
 */
export const teacherEditSchema = (today: IsoDate) =>
  teacherInputSchema(today).extend({
    idNumber: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), idNumberSchema(today, '身份证号码', 'teacher').nullable().default(null)),
  });
export type TeacherEdit = z.output<ReturnType<typeof teacherEditSchema>>;
const teacherEditSchemaOf = schemaOfTheDay((today: IsoDate) => teacherEditSchema(today));
export const parseTeacherEdit = (input: unknown, today: IsoDate): TeacherEdit => parseInput(teacherEditSchemaOf(today), input);

export type TeacherProfile = Omit<TeacherInput, 'idNumber'> & { idNumber: ProtectedValue; birthDate: string; sex: 'male' | 'female' };

export const teacherFacts = (idNumber: string) => {
  const info = describeIdNumber(idNumber);
  return { birthDate: info.birthDate, sex: info.sex };
};

/** Field by field, in a fixed order: a profile read back from the store (jsonb) has its keys in another order. */
const profileFields = (p: TeacherProfile) =>
  JSON.stringify([
    p.name,
    p.idNumber.blindIndex,
    p.birthDate,
    p.sex,
    p.fullTime,
    p.subjects,
    p.level,
    p.trainingQualification,
    p.yearsTeaching,
    p.trainingHistory.map((h) => [h.from, h.to, h.content, h.organiser]),
  ]);
export const sameProfile = (a: TeacherProfile, b: TeacherProfile) => profileFields(a) === profileFields(b);
