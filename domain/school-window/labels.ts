import type { SchoolWindowEvent, SchoolWindowState } from './school-window';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const SCHOOL_WINDOW_EVENT_LABELS: Record<SchoolWindowEvent['type'], string> = {
  SchoolWindowOpened: '开放办理时间',
  SchoolWindowClosed: '关闭办理时间',
};
export const SCHOOL_WINDOW_STATUS_LABELS: Record<SchoolWindowState['status'], string> = { none: '未设置', set: '已设置' };
export const SCHOOL_WINDOW_FIELD_LABELS: Record<string, string> = {
  windows: '办理时间',
  registration: '学籍注册',
  waiver: '免学费申报',
  grant: '助学金申报',
  from: '开始日期',
  to: '结束日期',
  closedOn: '关闭日期',
  note: '说明',
};
