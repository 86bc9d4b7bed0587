// The training-funding applications list as an .xlsx export (see api/export): the same query and scope as the list.
import { formatYuan } from '../../domain/shared/money';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { applicationListQuery, parseApplicationFilter, toApplication, type ApplicationFilter } from './application-graphql';

type Application = ReturnType<typeof toApplication>;
const columns: ExportColumn<Application>[] = [
  { header: '班级编号', width: 22, value: (a) => a.classNo },
  { header: '班级名称', width: 30, value: (a) => a.className },
  { header: '培训类型', width: 16, value: (a) => a.kindLabel },
  { header: '培训机构', width: 30, value: (a) => a.institutionName },
  { header: '支付单位', width: 26, value: (a) => a.payerName },
  { header: '资金', width: 24, value: (a) => `${a.year}年${a.lineLabel}` },
  { header: '符合条件人数', width: 12, value: (a) => a.eligibleCount },
  { header: '不符合人数', width: 12, value: (a) => a.excludedCount },
  { header: '申报金额', width: 18, value: (a) => formatYuan(Number(a.totalFen)) },
  { header: '申报金额（分）', width: 16, value: (a) => a.totalFen },
  { header: '审核状态', width: 10, value: (a) => a.reviewStatusLabel },
  { header: '计算日志位置', width: 14, value: (a) => a.calculation.computedAt },
  { header: '更新时间', width: 20, value: (a) => chinaTime(a.updatedAt) },
];

export const applicationExport: ExportList<Application, ApplicationFilter> = {
  label: '机构培训经费申报',
  parseFilter: parseApplicationFilter,
  query: applicationListQuery,
  items: async (_ctx, rows) => (rows as Parameters<typeof toApplication>[0][]).map(toApplication),
  columns,
};
