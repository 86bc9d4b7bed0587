// What a student is given under a standard (免学费 / 助学金, requirement 9(7)-(8)): a pure function of
// recorded facts (the approved standard, the student's status segments, the category the school
// states), so an auditor recomputes the same amount from the same events. Amounts are integer fen.
import { z } from 'zod';
import { AID_KIND_LABELS, AID_KINDS, GRANT_TIERS, GRANT_TIER_LABELS, grantAmountFor, waiverAmountFor, type AidKind, type AidStandardDetails, type GrantTier } from '../aid-standard/aid-standard-input';
import type { StatusSegment } from '../student/student';
import { statusOnDay } from '../student/student-status-on';
import { CLASS_TYPE_LABELS, type ClassType } from '../technical-school/school-vocabulary';
import { RuleViolationError } from '../shared/errors';
import { integerIn, oneOf, optionalText, parseInput } from '../shared/validation';

/** Why a student qualifies for a grant (家庭经济困难的认定依据). */
export const GRANT_BASES = ['poverty_registered', 'subsistence', 'disabled', 'hardship'] as const;
export type GrantBasis = (typeof GRANT_BASES)[number];
export const GRANT_BASIS_LABELS: Record<GrantBasis, string> = {
  poverty_registered: '建档立卡贫困家庭',
  subsistence: '城乡最低生活保障家庭',
  disabled: '残疾学生或残疾人家庭',
  hardship: '其他家庭经济困难（经学校认定）',
};

export const aidApplicationSchema = z
  .object({
    studentId: z.string({ error: '请选择学生' }).min(1, { error: '请选择学生' }).max(100),
    kind: oneOf('资助类型', AID_KINDS),
    schoolYear: integerIn('学年', 2000, 2100),
    tier: oneOf('档次', GRANT_TIERS).optional(),
    basis: oneOf('认定依据', GRANT_BASES).optional(),
    note: optionalText('说明', 500, { multiline: true }),
  })
  .superRefine((a, ctx) => {
    // A scholarship is awarded on merit: a level and the grounds, no hardship basis.
    if (a.kind === 'scholarship') {
      if (!a.tier) ctx.addIssue({ code: 'custom', path: ['tier'], message: '申请奖学金请选择档次' });
      if (a.basis) ctx.addIssue({ code: 'custom', path: ['basis'], message: '奖学金不按家庭经济困难认定，请不要填写认定依据' });
      if (!a.note.trim()) ctx.addIssue({ code: 'custom', path: ['note'], message: '申请奖学金请在说明中写明评定理由（如成绩、竞赛获奖）' });
      return;
    }
    if (a.kind !== 'grant') return;
    if (!a.tier) ctx.addIssue({ code: 'custom', path: ['tier'], message: '申请助学金请选择档次' });
    if (!a.basis) ctx.addIssue({ code: 'custom', path: ['basis'], message: '申请助学金请选择家庭经济困难认定依据' });
    if (a.basis === 'hardship' && !a.note.trim()) ctx.addIssue({ code: 'custom', path: ['note'], message: '学校认定的家庭经济困难请在说明中写明情况' });
  });
export type AidApplicationInput = z.output<typeof aidApplicationSchema>;
export const parseAidApplication = (input: unknown): AidApplicationInput => parseInput(aidApplicationSchema, input);

/** The student as the rules read it: from the student's own stream at `revision`. */
export interface StudentFacts {
  studentId: string;
  name: string;
  povertyRegistered: boolean;
  segments: readonly StatusSegment[];
  /** The student stream's revision the facts were read at (the amount is recomputable from it). */
  revision: number;
}

export interface Disbursement {
  on: string;
  amountFen: number;
}

export interface AidAssessment {
  amountFen: number;
  classType: ClassType;
  yearOfStudy: number;
  tier: GrantTier | null;
  basis: GrantBasis | null;
  disbursements: Disbursement[];
}

/** Splits an amount over the dates in integer fen: equal parts, the remainder a fen at a time to the first dates. */
export function splitFen(amountFen: number, dates: readonly string[]): Disbursement[] {
  const base = Math.floor(amountFen / dates.length);
  const rest = amountFen - base * dates.length;
  return dates.map((on, i) => ({ on, amountFen: base + (i < rest ? 1 : 0) }));
}

/**
 * The day the status is judged on: the application day, within the school year's term (an
 * application before the term starts is judged on its first day's status as known now).
 */
const judgedOn = (standard: AidStandardDetails, today: string) => (today < standard.termFrom ? standard.termFrom : today > standard.termTo ? standard.termTo : today);

/**
 * Assesses an application: the student holds a status at the school, attending (registered and
 * not suspended) from the term's start, or their registration, up to the day judged on; then the
 * kind's own conditions and the amount. Refuses with the reason in Chinese.
 */
export function assessAid(kind: AidKind, standard: AidStandardDetails, student: StudentFacts, schoolId: string, input: Pick<AidApplicationInput, 'tier' | 'basis'>, today: string): AidAssessment {
  const label = `${standard.schoolYear}学年${AID_KIND_LABELS[kind]}`;
  const day = judgedOn(standard, today);
  const status = statusOnDay(student.segments, day);
  if (!status.registered || status.schoolId !== schoolId) throw new RuleViolationError(`${student.name}在${day}不是本校在籍学生，不能申请${label}`, 'school_aid.not_registered');
  if (!status.attending) throw new RuleViolationError(`${student.name}在${day}处于休学状态，不能申请${label}`, 'school_aid.suspended');
  const interrupted = student.segments.find((s) => s.from > standard.termFrom && s.from <= day && s.phase !== 'enrolled');
  if (interrupted) throw new RuleViolationError(`${student.name}在本学年内（${interrupted.from}起）曾休学或离校，不能申请${label}`, 'school_aid.interrupted');
  const classType = status.classType!;
  const yearOfStudy = standard.schoolYear - status.cohortYear! + 1;
  if (kind === 'waiver') {
    if (status.studyMode !== 'full_time') throw new RuleViolationError(`免学费只适用于全日制学生，${student.name}为非全日制`, 'school_aid.not_full_time');
    const amountFen = waiverAmountFor(standard, classType);
    if (amountFen === undefined) throw new RuleViolationError(`${label}标准未设定${CLASS_TYPE_LABELS[classType]}的金额`, 'school_aid.no_amount');
    return { amountFen, classType, yearOfStudy, tier: null, basis: null, disbursements: splitFen(amountFen, standard.disbursementDates) };
  }
  if (!standard.eligibleYears.includes(yearOfStudy)) {
    throw new RuleViolationError(`${label}只资助${standard.eligibleYears.map((y) => `${y}年级`).join('、')}学生，${student.name}为${yearOfStudy}年级（${status.cohortYear}级）`, 'school_aid.year');
  }
  if (status.studyMode !== 'full_time') throw new RuleViolationError(`${AID_KIND_LABELS[kind]}只适用于全日制学生，${student.name}为非全日制`, 'school_aid.not_full_time');
  if (kind === 'scholarship') {
    const tier = input.tier!;
    const amountFen = grantAmountFor(standard, tier);
    if (amountFen === undefined) throw new RuleViolationError(`${label}标准没有${GRANT_TIER_LABELS[tier]}`, 'school_aid.no_tier');
    return { amountFen, classType, yearOfStudy, tier, basis: null, disbursements: splitFen(amountFen, standard.disbursementDates) };
  }
  if (input.basis === 'poverty_registered' && !student.povertyRegistered) throw new RuleViolationError(`${student.name}的学籍未登记为建档立卡贫困户，不能以此为认定依据`, 'school_aid.basis');
  const tier = input.tier!;
  const amountFen = grantAmountFor(standard, tier);
  if (amountFen === undefined) throw new RuleViolationError(`${label}标准没有${GRANT_TIER_LABELS[tier]}`, 'school_aid.no_tier');
  return { amountFen, classType, yearOfStudy, tier, basis: input.basis!, disbursements: splitFen(amountFen, standard.disbursementDates) };
}

