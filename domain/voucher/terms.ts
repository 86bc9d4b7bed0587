// 职业培训券 (requirement 18; issue 14 §4): what a voucher is worth and where it may be used. A face
// value voucher pays a fixed amount; a discount voucher pays a percentage of the subsidy standard
// in force for the class. A general voucher is used at any accepting institution; a directed one
// only for its occupations or at its institutions. Validity is a number of months from a day
// (3 by default, chosen by the issuer within 1..24) and recorded as its last day, so the rule a
// person reads ("valid until 2027-03-05") is the one applied.
import { z } from 'zod';
import { shiftDays } from '../calendar/working-days';
import type { IsoDate } from '../personal-data/normalize';
import { fenText, formatYuan, percentOf, type Fen } from '../shared/money';
import { calendarDate, integerIn, oneOf, optionalText, parseInput } from '../shared/validation';
import { addMonths } from '../training-class/follow-up';

export const VOUCHER_KINDS = ['face_value', 'discount'] as const;
export type VoucherKind = (typeof VOUCHER_KINDS)[number];
export const VOUCHER_KIND_LABELS: Record<VoucherKind, string> = { face_value: '面额券', discount: '折扣券' };

export const VOUCHER_SCOPES = ['general', 'occupation', 'institution'] as const;
export type VoucherScope = (typeof VOUCHER_SCOPES)[number];
export const VOUCHER_SCOPE_LABELS: Record<VoucherScope, string> = { general: '通用券', occupation: '定向工种', institution: '定向机构' };

/** Months a voucher is valid when the issuer says nothing (人社厅发〔2021〕21号 leaves it to the provinces; 3 is common). */
export const DEFAULT_VALID_MONTHS = 3;

export interface VoucherTerms {
  kind: VoucherKind;
  /** Face value in fen (face_value kind), else null. */
  faceValueFen: Fen | null;
  /** Percentage of the standard paid (discount kind, 1..100), else null. */
  discountPercent: number | null;
  scope: VoucherScope;
  /** Eligible occupations (codes or code prefixes: `4-03` covers 4-03-02-01); empty = any. */
  occupationCodes: string[];
  /** Institutions it may be used at; empty = any that accepts vouchers. */
  institutionIds: string[];
  validFrom: IsoDate;
  validMonths: number;
  /** The last day it may be used (China date). */
  validUntil: IsoDate;
}

const codeList = z.array(z.string().trim().min(1, { error: '工种编码不能为空' }).max(32, { error: '工种编码不能超过32个字' }).regex(/^[0-9A-Za-z-]+$/, { error: '工种编码只能包含数字、字母和连字符' }), { error: '适用工种格式不正确' }).max(50, { error: '适用工种不能超过50个' });
const idList = z.array(z.string().trim().min(1).max(64), { error: '适用机构格式不正确' }).max(50, { error: '适用机构不能超过50个' });

export const termsSchema = z
  .object({
    kind: oneOf('培训券类型', VOUCHER_KINDS),
    faceValueFen: fenText('面额', { positive: true }).nullish(),
    discountPercent: integerIn('折扣比例', 1, 100).nullish(),
    scope: oneOf('适用范围', VOUCHER_SCOPES),
    occupationCodes: codeList.nullish(),
    institutionIds: idList.nullish(),
    validFrom: calendarDate('生效日期'),
    validMonths: integerIn('有效期（月）', 1, 24).nullish(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.kind === 'face_value' && !v.faceValueFen) issue('faceValueFen', '面额券须填写面额');
    if (v.kind === 'discount' && !v.discountPercent) issue('discountPercent', '折扣券须填写折扣比例（1-100）');
    if (v.scope === 'occupation' && !v.occupationCodes?.length) issue('occupationCodes', '定向工种的培训券须至少选择一个适用工种');
    if (v.scope === 'institution' && !v.institutionIds?.length) issue('institutionIds', '定向机构的培训券须至少选择一个适用机构');
  })
  .transform((v): VoucherTerms => {
    const validMonths = v.validMonths ?? DEFAULT_VALID_MONTHS;
    return {
      kind: v.kind,
      faceValueFen: v.kind === 'face_value' ? v.faceValueFen! : null,
      discountPercent: v.kind === 'discount' ? v.discountPercent! : null,
      scope: v.scope,
      occupationCodes: [...new Set(v.occupationCodes ?? [])],
      institutionIds: [...new Set(v.institutionIds ?? [])],
      validFrom: v.validFrom,
      validMonths,
      validUntil: shiftDays(addMonths(v.validFrom, validMonths), -1),
    };
  });

export const parseVoucherTerms = (input: unknown): VoucherTerms => parseInput(termsSchema, input);
export const reasonText = (label: string) => optionalText(label, 500, { multiline: true });

/** What the voucher is worth, in one line (面额500.00元 / 按补贴标准的80%). */
export const describeValue = (t: Pick<VoucherTerms, 'kind' | 'faceValueFen' | 'discountPercent'>) =>
  t.kind === 'face_value' ? `面额${formatYuan(t.faceValueFen ?? 0)}` : `按补贴标准的${t.discountPercent ?? 0}%`;

/** The amount settled for a place: the face value, or the percentage of the standard's amount (floored to the fen). */
export const voucherAmount = (t: Pick<VoucherTerms, 'kind' | 'faceValueFen' | 'discountPercent'>, standardFen: Fen): Fen =>
  t.kind === 'face_value' ? (t.faceValueFen ?? 0) : percentOf(standardFen, t.discountPercent ?? 0);

/** The class a voucher is to be used for, as the command layer reads it from the class's stream. */
export interface ClassForVoucher {
  classId: string;
  classNo: string;
  className: string;
  institutionId: string;
  institutionName: string;
  occupationCode: string | null;
  /** Subsidised (a self-paid class takes no voucher). */
  subsidised: boolean;
}

/** Why this class cannot take this voucher (an empty list: it can). Dates are China days. */
export function voucherMismatch(t: VoucherTerms, cls: ClassForVoucher, institutionAccepts: boolean, today: IsoDate): string[] {
  const reasons: string[] = [];
  if (today < t.validFrom) reasons.push(`培训券${t.validFrom}起生效，尚不能使用`);
  if (today > t.validUntil) reasons.push(`培训券已过有效期（${t.validUntil}止）`);
  if (!cls.subsidised) reasons.push('自费培训班不能使用培训券');
  if (!institutionAccepts) reasons.push(`${cls.institutionName}未开通培训券受理`);
  if (t.institutionIds.length > 0 && !t.institutionIds.includes(cls.institutionId)) reasons.push(`培训券限定在指定机构使用，${cls.institutionName}不在其中`);
  if (t.occupationCodes.length > 0 && !(cls.occupationCode && t.occupationCodes.some((c) => cls.occupationCode === c || cls.occupationCode!.startsWith(`${c}-`)))) {
    reasons.push(`培训券限定工种（${t.occupationCodes.join('、')}），本班${cls.occupationCode ? `工种${cls.occupationCode}` : '无培训工种'}不适用`);
  }
  return reasons;
}
