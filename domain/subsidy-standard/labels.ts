// Chinese labels of the standard's events, statuses and fields (typed over the unions: a new event
// type without a label fails to compile).
import type { ReviewEvent } from '../review/review';
import type { SubsidyStandardEvent, SubsidyStandardState } from './standard';

export const SUBSIDY_STANDARD_EVENT_LABELS: Record<Exclude<SubsidyStandardEvent['type'], ReviewEvent['type']>, string> = {
  SubsidyStandardProposed: '制定补贴标准',
  SubsidyStandardDraftUpdated: '修改补贴标准草稿',
  SubsidyStandardRevisionProposed: '提出标准修订',
  SubsidyStandardVersionApproved: '补贴标准新版本生效',
  SubsidyStandardRevisionDiscarded: '标准修订未通过',
};
export const SUBSIDY_STANDARD_STATUS_LABELS: Record<SubsidyStandardState['status'], string> = { none: '无', active: '已制定' };
export const SUBSIDY_STANDARD_FIELD_LABELS: Record<string, string> = {
  standardId: '标准编号',
  authorityId: '制定单位',
  authorityKind: '制定层级',
  scope: '适用范围',
  subject: '补贴类型',
  trainingKind: '培训类型',
  occupationCode: '职业（工种）',
  personCategory: '人员类别',
  terms: '标准内容',
  amountFen: '金额（分）',
  unit: '计量单位',
  effectiveFrom: '生效日期',
  basis: '文件依据',
  versions: '已生效版本',
  approvedOn: '生效审批日期',
};
