import type { ReviewEvent } from '../review/review';
import type { TechnicalSchoolEvent, TechnicalSchoolState } from './technical-school';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const TECHNICAL_SCHOOL_EVENT_LABELS: Record<Exclude<TechnicalSchoolEvent['type'], ReviewEvent['type']>, string> = {
  TechnicalSchoolCreated: '新增院校',
  TechnicalSchoolInfoProposed: '申请变更院校信息',
  TechnicalSchoolInfoApplied: '院校信息变更生效',
  TechnicalSchoolInfoDiscarded: '院校信息变更未通过',
};
export const TECHNICAL_SCHOOL_STATUS_LABELS: Record<TechnicalSchoolState['status'], string> = { none: '无', active: '办学中' };
// Field labels merge across modules (the last one wins): only names no other module uses are given here.
export const TECHNICAL_SCHOOL_FIELD_LABELS: Record<string, string> = {
  schoolId: '院校编号',
  authorityId: '主管部门',
  info: '基本信息',
  principal: '校长',
  contactPerson: '联系人',
  contactPhone: '联系电话',
  approvalNumber: '批准文号',
  establishedYear: '建校年份',
  description: '学校简介',
};
