import type { ReviewEvent } from '../review/review';
import type { MajorEvent, MajorState } from './major';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const MAJOR_EVENT_LABELS: Record<Exclude<MajorEvent['type'], ReviewEvent['type']>, string> = {
  MajorDeclared: '申报专业',
  MajorDraftUpdated: '修改专业申报',
  MajorChangeProposed: '申请变更专业',
  MajorApproved: '专业审批通过',
  MajorChangeDiscarded: '专业变更未通过',
};
export const MAJOR_STATUS_LABELS: Record<MajorState['status'], string> = { none: '无', declared: '已申报' };
// Field labels merge across modules (the last one wins): only names no other module uses are given here.
export const MAJOR_FIELD_LABELS: Record<string, string> = {
  majorId: '专业编号',
  schoolId: '院校',
  approved: '已批准',
  field: '专业大类',
  classTypes: '培养层次',
  durationYears: '学制（年）',
  enrolmentPlan: '年招生计划',
};
