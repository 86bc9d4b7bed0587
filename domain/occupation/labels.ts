import type { ReviewEvent } from '../review/review';
import type { OccupationEvent, OccupationState } from './occupation';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const OCCUPATION_EVENT_LABELS: Record<Exclude<OccupationEvent['type'], ReviewEvent['type']>, string> = {
  OccupationDeclared: '申报工种',
  OccupationDraftUpdated: '修改申报',
  OccupationAmendmentProposed: '提出变更',
  OccupationPublished: '发布工种',
  OccupationAmendmentDiscarded: '变更未通过',
};
export const OCCUPATION_STATUS_LABELS: Record<OccupationState['status'], string> = { none: '无', declared: '已申报' };
export const OCCUPATION_FIELD_LABELS: Record<string, string> = {
  code: '编码',
  name: '名称',
  level: '等级',
  hours: '课时',
  scope: '培训范围',
  version: '版本',
  occupationId: '工种编号',
  published: '已发布',
};
