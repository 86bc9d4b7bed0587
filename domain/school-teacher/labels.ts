import type { SchoolTeacherEvent, SchoolTeacherState } from './school-teacher';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const SCHOOL_TEACHER_EVENT_LABELS: Record<SchoolTeacherEvent['type'], string> = {
  SchoolTeacherAdded: '新增教师',
  SchoolTeacherUpdated: '修改教师信息',
  SchoolTeacherRemoved: '移出教师名单',
};
export const SCHOOL_TEACHER_STATUS_LABELS: Record<SchoolTeacherState['status'], string> = { none: '无', listed: '在册', removed: '已移出' };
// Field labels merge across modules (the last one wins): only names no other module uses are given here.
export const SCHOOL_TEACHER_FIELD_LABELS: Record<string, string> = {
  teacherId: '教师编号',
  majorId: '所属专业',
  title: '职称',
  education: '学历',
  employment: '任职状态',
  hiredOn: '入职日期',
  removedOn: '移出日期',
};
