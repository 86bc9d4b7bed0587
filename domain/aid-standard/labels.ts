import type { ReviewEvent } from '../review/review';
import type { AidStandardEvent, AidStandardState } from './aid-standard';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const AID_STANDARD_EVENT_LABELS: Record<Exclude<AidStandardEvent['type'], ReviewEvent['type']>, string> = {
  AidStandardSet: '制定资助标准',
  AidStandardRevised: '修改资助标准',
  AidStandardApproved: '资助标准审批通过',
  AidStandardRevisionDiscarded: '资助标准修改未通过',
};
export const AID_STANDARD_STATUS_LABELS: Record<AidStandardState['status'], string> = { none: '无', set: '已制定' };
// Field labels merge across modules (the last one wins): only names no other module uses are given here.
export const AID_STANDARD_FIELD_LABELS: Record<string, string> = {
  standardId: '标准编号',
  schoolYear: '学年',
  termFrom: '学年开始日期',
  termTo: '学年结束日期',
  waiverAmounts: '免学费金额',
  grantTiers: '助学金档次',
  eligibleYears: '可享受的年级',
  disbursementDates: '发放日期',
  amountFen: '金额（分）',
  tier: '档次',
};
