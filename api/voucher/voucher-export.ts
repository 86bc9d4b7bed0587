// The voucher list as an .xlsx export (see api/export): the same query, scope and filters as the list.
import { formatYuan } from '../../domain/shared/money';
import type { VoucherListRow } from '../../projections/voucher/voucher-list';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { parseVoucherFilter, toVoucher, voucherListQuery, type VoucherFilter } from './voucher-graphql';

type Voucher = ReturnType<typeof toVoucher>;
const columns: ExportColumn<Voucher>[] = [
  { header: '券号', width: 20, value: (v) => v.voucherNo },
  { header: '持券人', width: 12, value: (v) => v.name },
  { header: '身份证号', width: 22, value: (v) => v.idNumberMasked },
  { header: '发放单位', width: 24, value: (v) => v.authorityName },
  { header: '券种', width: 10, value: (v) => v.kindLabel },
  { header: '券面', width: 22, value: (v) => v.valueLabel },
  { header: '适用范围', width: 12, value: (v) => v.scopeLabel },
  { header: '适用工种', width: 20, value: (v) => v.occupationCodes.join('、') },
  { header: '生效日期', width: 12, value: (v) => v.validFrom },
  { header: '有效期至', width: 12, value: (v) => v.validUntil },
  { header: '状态', width: 10, value: (v) => v.statusLabel },
  { header: '社保卡', width: 14, value: (v) => (v.cardReason ? `${v.cardStatusLabel}：${v.cardReason}` : v.cardStatusLabel) },
  { header: '使用班级', width: 28, value: (v) => (v.className ? `${v.className}（${v.classNo}）` : '') },
  { header: '使用机构', width: 24, value: (v) => v.usedInstitutionName ?? '' },
  { header: '使用日期', width: 12, value: (v) => v.usedOn ?? '' },
  { header: '结算金额', width: 16, value: (v) => (v.settledFen === null ? '' : formatYuan(Number(v.settledFen))) },
  { header: '撤销结算', width: 30, value: (v) => (v.settlementReversalReason ? `${v.settlementReversedOn} ${formatYuan(Number(v.settlementReversedFen))}元：${v.settlementReversalReason}` : '') },
  { header: '作废或过期原因', width: 30, value: (v) => v.endReason ?? '' },
  { header: '发放依据', width: 30, value: (v) => v.reason },
  { header: '发放日期', width: 12, value: (v) => v.issuedOn },
  { header: '更新时间', width: 20, value: (v) => chinaTime(v.updatedAt) },
];

export const voucherExport: ExportList<Voucher, VoucherFilter> = {
  label: '职业培训券',
  parseFilter: parseVoucherFilter,
  query: voucherListQuery,
  items: async (_ctx, rows) => (rows as VoucherListRow[]).map(toVoucher),
  columns,
};
