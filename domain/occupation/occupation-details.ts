import { z } from 'zod';
import { integerIn, oneOf, optionalText, parseInput, requiredText } from '../shared/validation';

/** Skill levels of the national vocational skill standards (国家职业技能标准). */
export const SKILL_LEVELS = ['5', '4', '3', '2', '1'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];
export const SKILL_LEVEL_LABELS: Record<SkillLevel, string> = {
  '5': '五级/初级工',
  '4': '四级/中级工',
  '3': '三级/高级工',
  '2': '二级/技师',
  '1': '一级/高级技师',
};

/** Codes of the 2022 national occupational classification (职业分类大典), e.g. 4-03-02-01, optionally with a trade suffix. */
const OCCUPATION_CODE = /^\d-\d{2}-\d{2}-\d{2}(-\d{2})?$/;

export const occupationDetailsSchema = z.object({
  code: requiredText('工种编码', 20).regex(OCCUPATION_CODE, { error: '工种编码格式应为“4-03-02-01”（职业分类大典编码）' }),
  name: requiredText('工种名称', 50),
  level: oneOf('技能等级', SKILL_LEVELS),
  hours: integerIn('培训课时', 1, 2000),
  scope: optionalText('培训范围', 500, { multiline: true }),
});

export type OccupationDetails = z.output<typeof occupationDetailsSchema>;

export const parseOccupationDetails = (input: unknown): OccupationDetails => parseInput(occupationDetailsSchema, input);
