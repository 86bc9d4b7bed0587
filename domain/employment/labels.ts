import type { EmploymentEvent, EmploymentState } from './employment';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const EMPLOYMENT_EVENT_LABELS: Record<EmploymentEvent['type'], string> = {
  EmploymentRecorded: '登记就业情况',
  EmploymentUpdated: '更新就业情况',
  EmploymentCorrected: '更正就业情况',
};
export const EMPLOYMENT_STATUS_LABELS: Record<EmploymentState['status'], string> = { none: '无', recorded: '已登记' };
// Field labels merge across modules (the last one wins): only names no other module uses are given here.
export const EMPLOYMENT_FIELD_LABELS: Record<string, string> = {
  destination: '毕业去向',
  employer: '就业单位',
  position: '工作岗位',
  employedOn: '就业日期',
  monthlyPayFen: '月收入（分）',
  furtherStudySchool: '升学院校',
  certificates: '技能等级证书',
  graduatedOn: '毕业日期',
};
