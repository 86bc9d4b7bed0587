// The occupations list and the published catalogue as .xlsx exports (see api/export).
import type { OccupationRow } from '../../projections/occupation/occupations-table';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { occupationListQuery, parseOccupationFilter, toOccupation, type OccupationFilter } from './occupation-graphql';

type Occupation = ReturnType<typeof toOccupation>;
const occupationColumns: ExportColumn<Occupation>[] = [
  { header: '培训机构', width: 36, value: (o) => o.institutionName },
  { header: '工种编码', width: 14, value: (o) => o.code },
  { header: '工种名称', width: 20, value: (o) => o.name },
  { header: '等级', width: 12, value: (o) => o.levelLabel },
  { header: '课时', width: 8, value: (o) => o.hours },
  { header: '培训范围', width: 30, value: (o) => o.scope },
  { header: '审核状态', width: 10, value: (o) => o.reviewStatusLabel },
  { header: '版本', width: 6, value: (o) => o.version },
  { header: '申报时间', width: 20, value: (o) => chinaTime(o.declaredAt) },
  { header: '发布时间', width: 20, value: (o) => chinaTime(o.publishedAt) },
];
export const occupationExport = (catalogue: boolean): ExportList<Occupation, OccupationFilter> => ({
  label: catalogue ? '工种目录' : '培训工种',
  parseFilter: parseOccupationFilter,
  query: (ctx, filter) => occupationListQuery(ctx, filter, catalogue),
  items: async (_ctx, rows) => (rows as (OccupationRow & { institution_name?: string })[]).map(toOccupation),
  columns: occupationColumns,
});
