// The standards list as an .xlsx export (see api/export).
import { formatYuan } from '../../domain/shared/money';
import type { SubsidyStandardRow } from '../../projections/subsidy-standard/standards-table';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { parseStandardFilter, standardListQuery, toStandard, type StandardFilter } from './standard-graphql';

type Standard = ReturnType<typeof toStandard>;
const columns: ExportColumn<Standard>[] = [
  { header: '制定单位', width: 30, value: (s) => s.authorityName },
  { header: '补贴类型', width: 16, value: (s) => s.subjectLabel },
  { header: '培训类型', width: 16, value: (s) => s.trainingKindLabel ?? '不限' },
  { header: '职业（工种）', width: 14, value: (s) => s.occupationCode ?? '不限' },
  { header: '技能等级', width: 14, value: (s) => s.levelLabel ?? '不限' },
  { header: '人员类别', width: 14, value: (s) => s.personCategory ?? '不限' },
  { header: '现行版本', width: 8, value: (s) => s.version },
  { header: '金额', width: 14, value: (s) => (s.current ? formatYuan(Number(s.current.amountFen)) : '') },
  { header: '单位', width: 10, value: (s) => s.current?.unitLabel ?? '' },
  { header: '生效日期', width: 12, value: (s) => s.current?.effectiveFrom ?? '' },
  { header: '文件依据', width: 26, value: (s) => s.current?.basis ?? s.pending?.basis ?? '' },
  // 技能提升补贴 only: the yearly cap per person the version sets (empty: the national 3).
  { header: '每人每年上限', width: 12, value: (s) => (s.subject === 'skill_upgrade' && s.current ? (s.current.maxPerPersonPerYear ?? '国家规定3次') : '') },
  { header: '审核状态', width: 10, value: (s) => s.reviewStatusLabel },
  { header: '更新时间', width: 20, value: (s) => chinaTime(s.updatedAt) },
];

export const standardExport: ExportList<Standard, StandardFilter> = {
  label: '补贴标准',
  parseFilter: parseStandardFilter,
  query: standardListQuery,
  items: async (_ctx, rows) => (rows as SubsidyStandardRow[]).map(toStandard),
  columns,
};
