// 培训机构 (requirements 1 and 10(2)): every field of an institution's record, validated in the
// domain. Input carries personal data in clear (legal person's ID number, phone, bank account);
// the command layer turns it into protected values before any event is built.
import { z } from 'zod';
import { bankCardSchema, bankCardWarnings } from '../personal-data/bank-card';
import { atField, type ConfirmableWarning } from '../personal-data/confirmable-warning';
import { creditCodeSchema, creditCodeWarnings } from '../personal-data/credit-code';
import { idNumberSchema } from '../personal-data/id-number';
import type { IsoDate } from '../personal-data/normalize';
import { phoneSchema } from '../personal-data/phone';
import type { ProtectedValue } from '../personal-data/protected-value';
import { calendarDate, integerIn, oneOf, parseInput, requiredText } from '../shared/validation';

export const INSTITUTION_NATURES = ['hrss_direct', 'hrss_entrusted', 'vocational_school', 'other_qualified', 'employment_training_center', 'private'] as const;
export type InstitutionNature = (typeof INSTITUTION_NATURES)[number];
export const INSTITUTION_NATURE_LABELS: Record<InstitutionNature, string> = {
  hrss_direct: '人社直管机构培训机构',
  hrss_entrusted: '人社代管机构培训机构',
  vocational_school: '职业院校或技工院校',
  other_qualified: '其他具有培训资质的机构',
  employment_training_center: '就业训练中心',
  private: '民办职业培训机构',
};

export const INSTITUTION_CATEGORIES = ['ordinary', 'high_skill'] as const;
export type InstitutionCategory = (typeof INSTITUTION_CATEGORIES)[number];
export const INSTITUTION_CATEGORY_LABELS: Record<InstitutionCategory, string> = { ordinary: '普通培训机构', high_skill: '高级技能人才培训机构' };

export const DOCUMENT_KINDS = ['licence', 'approval', 'other'] as const;
export const DOCUMENT_KIND_LABELS: Record<(typeof DOCUMENT_KINDS)[number], string> = { licence: '办学许可证', approval: '批文', other: '其他材料' };

const isoDate = calendarDate;

const institutionFields = (today: IsoDate) => ({
  name: requiredText('机构名称', 100),
  supervisingAuthorityId: requiredText('主管部门', 100),
  registeredAddress: requiredText('注册地', 200),
  schoolAddress: requiredText('办学地点', 200),
  legalPersonName: requiredText('法人代表', 50),
  legalPersonIdNumber: idNumberSchema(today, '法人身份证号', 'legalPerson'),
  trainingHead: requiredText('培训负责人', 50),
  phone: phoneSchema('联系电话'),
  occupationScope: z
    .array(z.object({ code: requiredText('工种编码', 20), name: requiredText('工种名称', 50) }), { error: '培训工种范围必须是列表' })
    .min(1, { error: '请至少填写一个培训工种' })
    .max(100, { error: '培训工种最多100个' }),
  nature: oneOf('机构性质', INSTITUTION_NATURES),
  category: oneOf('机构类型', INSTITUTION_CATEGORIES),
  categoryTags: z.array(requiredText('机构类别', 30)).max(10, { error: '机构类别最多10个' }).default([]),
  designated: z.boolean({ error: '请选择是否定点培训机构' }),
  recognitionDate: isoDate('认定日期'),
  approvalDate: isoDate('批准日期'),
  validUntil: isoDate('有效日期'),
  scale: integerIn('培训规模（人）', 1, 100_000),
  floorArea: z.number({ error: '场所面积必须是数字' }).positive({ error: '场所面积必须大于0' }).max(1_000_000, { error: '场所面积不能超过1000000平方米' }),
  bankAccount: bankCardSchema('银行账户'),
  bankAccountName: requiredText('开户名', 100),
  licenceNumber: requiredText('办学许可证号', 50),
  documents: z
    .array(z.object({ fileId: requiredText('文件', 100), name: requiredText('文件名', 200), kind: oneOf('材料类别', DOCUMENT_KINDS) }))
    .max(30, { error: '材料最多30个' })
    .default([]),
  creditCode: creditCodeSchema('统一社会信用代码'),
});

/** Rules over the record as a whole (dates in order, a licence among the documents). */
const wholeRecord =
  (today: IsoDate) =>
  (v: { approvalDate: string; validUntil: string; recognitionDate: string; documents: { kind: string }[] }, ctx: z.RefinementCtx) => {
    if (v.validUntil <= v.approvalDate) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '有效日期应晚于批准日期' });
    if (v.approvalDate > today) ctx.addIssue({ code: 'custom', path: ['approvalDate'], message: '批准日期不能晚于今天' });
    if (v.recognitionDate > today) ctx.addIssue({ code: 'custom', path: ['recognitionDate'], message: '认定日期不能晚于今天' });
    if (!v.documents.some((d) => d.kind === 'licence')) ctx.addIssue({ code: 'custom', path: ['documents'], message: '请上传办学许可证' });
  };

/** The input schema; `today` comes from the command context (the domain never reads the clock). */
export const institutionInputSchema = (today: IsoDate) => z.object(institutionFields(today)).superRefine(wholeRecord(today));

/**
 * An edit: the same fields, except that the personal data may be left out (null), meaning
 * "unchanged" — the console shows it only masked, so it cannot send it back.
 */
export const institutionEditSchema = (today: IsoDate) =>
  z
    .object({
      ...institutionFields(today),
      legalPersonIdNumber: idNumberSchema(today, '法人身份证号', 'legalPerson').nullable().default(null),
      phone: phoneSchema('联系电话').nullable().default(null),
      bankAccount: bankCardSchema('银行账户').nullable().default(null),
    })
    .superRefine(wholeRecord(today));
export type InstitutionEdit = z.output<ReturnType<typeof institutionEditSchema>>;
export const parseInstitutionEdit = (input: unknown, today: IsoDate): InstitutionEdit => parseInput(institutionEditSchema(today), input);

export type InstitutionInput = z.output<ReturnType<typeof institutionInputSchema>>;
export const parseInstitutionInput = (input: unknown, today: IsoDate): InstitutionInput => parseInput(institutionInputSchema(today), input);

/** Warnings the user must confirm: a credit code or bank account that fails its check character. */
export const institutionWarnings = (input: Pick<InstitutionInput, 'creditCode'> & { bankAccount: string | null }): ConfirmableWarning[] => [
  ...atField('creditCode', creditCodeWarnings(input.creditCode, '统一社会信用代码')),
  ...(input.bankAccount ? atField('bankAccount', bankCardWarnings(input.bankAccount, '银行账户')) : []),
];

/** The record as events carry it: personal data protected. */
export type InstitutionDetails = Omit<InstitutionInput, 'legalPersonIdNumber' | 'phone' | 'bankAccount'> & {
  legalPersonIdNumber: ProtectedValue;
  phone: ProtectedValue;
  bankAccount: ProtectedValue;
};

/** Fields compared for "no change" (a protected value compares by its blind index, not its ciphertext). */
export function sameInstitutionDetails(a: InstitutionDetails, b: InstitutionDetails): boolean {
  const comparable = (d: InstitutionDetails) =>
    JSON.stringify({ ...d, legalPersonIdNumber: d.legalPersonIdNumber.blindIndex, phone: d.phone.blindIndex, bankAccount: d.bankAccount.blindIndex });
  return comparable(a) === comparable(b);
}
