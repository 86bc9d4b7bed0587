import type { ReviewEvent } from '../review/review';
import { PAYOUT_EVENT_LABELS } from './payout';
import type { SchoolAidEvent, SchoolAidState } from './school-aid';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const SCHOOL_AID_EVENT_LABELS: Record<Exclude<SchoolAidEvent['type'], ReviewEvent['type']>, string> = {
  SchoolAidApplied: '申请学生资助',
  SchoolAidApproved: '学生资助审批通过',
  SchoolAidRejected: '学生资助不予通过',
  SchoolAidCancelled: '撤销学生资助申请',
  ...PAYOUT_EVENT_LABELS,
};
export const SCHOOL_AID_STATUS_LABELS: Record<SchoolAidState['status'], string> = { none: '无', applied: '已申请', approved: '已批准', rejected: '不予通过', cancelled: '已撤销' };
// Field labels merge across modules (the last one wins): only names no other module uses are given here.
export const SCHOOL_AID_FIELD_LABELS: Record<string, string> = {
  applicationId: '申请编号',
  studentName: '学生姓名',
  yearOfStudy: '年级（第几学年）',
  basis: '认定依据',
  disbursements: '发放计划',
  standardVersion: '标准版本',
  studentRevision: '学籍记录版本',
};
