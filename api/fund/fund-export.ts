// The funds list as an .xlsx export (see api/export): the same query, scope and figures as the list.
import { formatYuan } from '../../domain/shared/money';
import type { FundListRow } from '../../projections/fund/fund-list';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { fundListQuery, parseFundFilter, toFund, type FundFilter } from './fund-graphql';

type Fund = ReturnType<typeof toFund>;
const yuan = (fen: string) => formatYuan(Number(fen));
const columns: ExportColumn<Fund>[] = [
  { header: '资金所属单位', width: 30, value: (f) => f.authorityName },
  { header: '年度', width: 8, value: (f) => f.year },
  { header: '资金渠道', width: 24, value: (f) => f.lineLabel },
  { header: '资金文号', width: 26, value: (f) => f.basis },
  { header: '下达金额', width: 18, value: (f) => yuan(f.allocatedFen) },
  { header: '已预留', width: 18, value: (f) => yuan(f.reservedFen) },
  { header: '已支付', width: 18, value: (f) => yuan(f.spentFen) },
  { header: '可用余额', width: 18, value: (f) => yuan(f.remainingFen) },
  { header: '下达金额（分）', width: 16, value: (f) => f.allocatedFen },
  { header: '可用余额（分）', width: 16, value: (f) => f.remainingFen },
  { header: '更新时间', width: 20, value: (f) => chinaTime(f.updatedAt) },
];

export const fundExport: ExportList<Fund, FundFilter> = {
  label: '资金',
  parseFilter: parseFundFilter,
  query: fundListQuery,
  items: async (_ctx, rows) => (rows as FundListRow[]).map(toFund),
  columns,
};
