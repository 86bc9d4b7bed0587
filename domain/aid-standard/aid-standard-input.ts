// 资助标准 (requirement 9(7)-(8)): what the province sets for a school year, per kind.
// - 免学费 (waiver): the yearly fee waived per class type, e.g. the local public schools' fee.
// - 助学金 (grant): two or three tiers (the national grant averages 2,000 yuan a year), for students
//   in the years of study named (first and second), paid on the dates given (助学金发放时间).
// - 奖学金 (scholarship, requirement 9(8)/(11)): levels (一至三档) with their amounts, for students in
//   the years named, awarded on merit (the school states the grounds), paid on the dates given.
// Amounts are integer fen (分); the term is the school year's span the status is judged on.
import { z } from 'zod';
import { CLASS_TYPES, type ClassType } from '../technical-school/school-vocabulary';
import { fenText, formatYuan } from '../shared/money';
import { calendarDate, integerIn, oneOf, optionalText, parseInput } from '../shared/validation';

export const AID_KINDS = ['waiver', 'grant', 'scholarship'] as const;
export type AidKind = (typeof AID_KINDS)[number];
export const AID_KIND_LABELS: Record<AidKind, string> = { waiver: '免学费', grant: '国家助学金', scholarship: '奖学金' };
/** Kinds given in tiers to students of the years named (a grant, a scholarship); a waiver goes by class type. */
export const isTieredAid = (kind: AidKind): kind is 'grant' | 'scholarship' => kind !== 'waiver';

export const GRANT_TIERS = ['first', 'second', 'third'] as const;
export type GrantTier = (typeof GRANT_TIERS)[number];
export const GRANT_TIER_LABELS: Record<GrantTier, string> = { first: '一档', second: '二档', third: '三档' };

/** Highest yearly amount one student may be given under one standard: 20,000 yuan, in fen. */
export const MAX_AID_FEN = 2_000_000;

/** A yearly amount: whole fen as the API carries them (a decimal string or a safe integer), at most MAX_AID_FEN. */
const fen = (label: string) => fenText(label, { positive: true }).refine((v) => v <= MAX_AID_FEN, { error: `${label}不能超过${formatYuan(MAX_AID_FEN)}` });

export const aidStandardSchema = z
  .object({
    kind: oneOf('资助类型', AID_KINDS),
    schoolYear: integerIn('学年', 2000, 2100),
    termFrom: calendarDate('学年开始日期'),
    termTo: calendarDate('学年结束日期'),
    /** 免学费: yearly amount per class type (fen); a class type left out is not waived. */
    waiverAmounts: z.array(z.object({ classType: oneOf('班级类型', CLASS_TYPES), amountFen: fen('免学费金额（分）') })).default([]),
    /** 助学金: tiers with their yearly amount (fen). */
    grantTiers: z.array(z.object({ tier: oneOf('档次', GRANT_TIERS), amountFen: fen('资助金额（分）') })).default([]),
    /** 助学金: years of study that qualify (1 = first year). */
    eligibleYears: z.array(integerIn('年级', 1, 6)).default([]),
    /** 助学金发放时间 (for 免学费: the day the waiver is settled with the school). */
    disbursementDates: z.array(calendarDate('发放日期')).min(1, { error: '请至少填写一个发放日期' }).max(12, { error: '发放日期最多12个' }),
    note: optionalText('说明', 500, { multiline: true }),
  })
  .superRefine((s, ctx) => {
    if (s.termTo <= s.termFrom) ctx.addIssue({ code: 'custom', path: ['termTo'], message: '学年结束日期应晚于开始日期' });
    if (s.kind === 'waiver') {
      if (s.waiverAmounts.length === 0) ctx.addIssue({ code: 'custom', path: ['waiverAmounts'], message: '请至少为一种班级类型填写免学费金额' });
      if (new Set(s.waiverAmounts.map((a) => a.classType)).size !== s.waiverAmounts.length) ctx.addIssue({ code: 'custom', path: ['waiverAmounts'], message: '同一班级类型只能有一个金额' });
    } else {
      const name = s.kind === 'grant' ? '助学金' : '奖学金';
      if (s.grantTiers.length < 1 || s.grantTiers.length > 3) ctx.addIssue({ code: 'custom', path: ['grantTiers'], message: `${name}应分一至三档` });
      if (new Set(s.grantTiers.map((t) => t.tier)).size !== s.grantTiers.length) ctx.addIssue({ code: 'custom', path: ['grantTiers'], message: '档次不能重复' });
      if (s.eligibleYears.length === 0) ctx.addIssue({ code: 'custom', path: ['eligibleYears'], message: `请选择可享受${name}的年级` });
    }
    if (new Set(s.disbursementDates).size !== s.disbursementDates.length) ctx.addIssue({ code: 'custom', path: ['disbursementDates'], message: '发放日期不能重复' });
  })
  .transform((s) => ({
    ...s,
    waiverAmounts: s.kind === 'waiver' ? CLASS_TYPES.flatMap((t) => s.waiverAmounts.filter((a) => a.classType === t)) : [],
    grantTiers: isTieredAid(s.kind) ? GRANT_TIERS.flatMap((t) => s.grantTiers.filter((g) => g.tier === t)) : [],
    eligibleYears: isTieredAid(s.kind) ? [...new Set(s.eligibleYears)].sort((a, b) => a - b) : [],
    disbursementDates: [...s.disbursementDates].sort(),
  }));
export type AidStandardDetails = z.output<typeof aidStandardSchema>;
export const parseAidStandard = (input: unknown): AidStandardDetails => parseInput(aidStandardSchema, input);
export const sameAidStandard = (a: AidStandardDetails, b: AidStandardDetails) => JSON.stringify(a) === JSON.stringify(b);

/** The standard's id: one per kind and school year. */
export const aidStandardId = (kind: AidKind, schoolYear: number) => `${kind}-${schoolYear}`;

export const waiverAmountFor = (standard: AidStandardDetails, classType: ClassType): number | undefined => standard.waiverAmounts.find((a) => a.classType === classType)?.amountFen;
export const grantAmountFor = (standard: AidStandardDetails, tier: GrantTier): number | undefined => standard.grantTiers.find((t) => t.tier === tier)?.amountFen;

