// 补贴标准: what a standard applies to (fixed when it is created) and its terms (amount, unit,
// effective date, basis: each approved change a new version). Validated here with a Chinese
// message per field.
import { z } from 'zod';
import { SKILL_LEVELS, type SkillLevel } from '../occupation/occupation-details';
import type { IsoDate } from '../personal-data/normalize';
import { ValidationError } from '../shared/errors';
import { fenText, type Fen } from '../shared/money';
import { calendarDate, integerIn, oneOf, optionalText, parseInput, requiredText } from '../shared/validation';
import { TRAINING_KINDS, type TrainingKind } from '../training-class/class-details';

export const STANDARD_SUBJECTS = ['training', 'living_allowance', 'skill_upgrade', 'startup'] as const;
export type StandardSubject = (typeof STANDARD_SUBJECTS)[number];
export const STANDARD_SUBJECT_LABELS: Record<StandardSubject, string> = {
  training: '机构培训补贴',
  living_allowance: '生活费补贴',
  skill_upgrade: '技能提升补贴',
  startup: '一次性创业补贴',
};

export const STANDARD_UNITS = ['per_person', 'per_day'] as const;
export type StandardUnit = (typeof STANDARD_UNITS)[number];
export const STANDARD_UNIT_LABELS: Record<StandardUnit, string> = { per_person: '元/人', per_day: '元/人·天' };

/** What a standard applies to; null matches anything. An occupation may be a code (4-03-02-01) or a group (4-03). */
export type StandardScope = {
  subject: StandardSubject;
  trainingKind: TrainingKind | null;
  occupationCode: string | null;
  level: SkillLevel | null;
  personCategory: string | null;
}

export type StandardTerms = {
  amountFen: Fen;
  unit: StandardUnit;
  /** In force from this day (China calendar day) until the next version's day. */
  effectiveFrom: IsoDate;
  /** The policy document it rests on (文件依据). */
  basis: string;
  /**
   * 技能提升补贴 only: times one person may receive it per calendar year (the national rule allows at
   * most 3; a standard may set fewer). Absent: the national 3 applies. Absent from every other
   * subject's terms, so their recorded calculations stay as they were.
   */
  maxPerPersonPerYear?: number;
}

/** The national rule: an insured person receives 技能提升补贴 at most 3 times a year. */
export const NATIONAL_SKILL_UPGRADE_PER_YEAR = 3;

const OCCUPATION_CODE = /^\d(-\d{2}){1,3}$/;

export const standardScopeSchema = z
  .object({
    subject: oneOf('补贴类型', STANDARD_SUBJECTS),
    trainingKind: oneOf('培训类型', TRAINING_KINDS).nullable().default(null),
    occupationCode: optionalText('职业（工种）编码或类别', 20)
      .transform((v) => v || null)
      .refine((v) => v === null || OCCUPATION_CODE.test(v), { error: '职业（工种）编码格式应为 4-03-02-01，或职业类别 4-03' }),
    level: oneOf('技能等级', SKILL_LEVELS).nullable().default(null),
    personCategory: optionalText('人员类别', 40).transform((v) => v || null),
  })
  .superRefine((v, ctx) => {
    if (v.subject !== 'training' && v.subject !== 'living_allowance' && v.trainingKind) {
      ctx.addIssue({ code: 'custom', path: ['trainingKind'], message: '只有机构培训补贴和生活费补贴按培训类型区分，请清空该项' });
    }
  });

export const standardTermsSchema = z
  .object({
    amountFen: fenText('补贴金额', { positive: true }),
    unit: oneOf('计量单位', STANDARD_UNITS),
    effectiveFrom: calendarDate('生效日期'),
    basis: requiredText('文件依据', 200),
    maxPerPersonPerYear: integerIn('每人每年享受次数上限', 1, NATIONAL_SKILL_UPGRADE_PER_YEAR).nullable().optional(),
  })
  // An unset cap is left out of the terms (not stored as null), so terms without one are what they always were.
  .transform(({ maxPerPersonPerYear, ...rest }): StandardTerms => (maxPerPersonPerYear == null ? rest : { ...rest, maxPerPersonPerYear }));

export const parseStandardScope = (input: unknown): StandardScope => parseInput(standardScopeSchema, input);
export const parseStandardTerms = (input: unknown): StandardTerms => parseInput(standardTermsSchema, input);

export const sameTerms = (a: StandardTerms, b: StandardTerms) =>
  a.amountFen === b.amountFen && a.unit === b.unit && a.effectiveFrom === b.effectiveFrom && a.basis === b.basis && (a.maxPerPersonPerYear ?? null) === (b.maxPerPersonPerYear ?? null);

/** A yearly cap belongs to 技能提升补贴 only: refused on any other subject's terms, in Chinese. */
export function checkTermsForSubject(subject: StandardSubject, terms: StandardTerms) {
  if (terms.maxPerPersonPerYear !== undefined && subject !== 'skill_upgrade') {
    throw new ValidationError([{ field: 'maxPerPersonPerYear', message: '只有技能提升补贴可以设置每人每年享受次数上限，请清空该项' }]);
  }
}
