// The majors list as an .xlsx export (see api/export).
import type { MajorRow } from '../../projections/major/majors-table';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { majorListQuery, parseMajorFilter, toMajor, type MajorFilter } from './major-graphql';

type Major = ReturnType<typeof toMajor>;
const columns: ExportColumn<Major>[] = [
  { header: '院校', width: 30, value: (m) => m.schoolName },
  { header: '专业代码', width: 12, value: (m) => m.code },
  { header: '专业名称', width: 24, value: (m) => m.name },
  { header: '专业大类', width: 12, value: (m) => m.fieldLabel },
  { header: '培养层次', width: 24, value: (m) => m.classTypeLabels.join('、') },
  { header: '学制（年）', width: 10, value: (m) => m.durationYears },
  { header: '年招生计划', width: 10, value: (m) => m.enrolmentPlan },
  { header: '审核状态', width: 10, value: (m) => m.reviewStatusLabel },
  { header: '批准时间', width: 20, value: (m) => chinaTime(m.approvedAt) },
];

export const majorExport: ExportList<Major, MajorFilter> = {
  label: '专业',
  parseFilter: parseMajorFilter,
  query: majorListQuery,
  items: async (_ctx, rows) => (rows as (MajorRow & { school_name?: string })[]).map(toMajor),
  columns,
};
