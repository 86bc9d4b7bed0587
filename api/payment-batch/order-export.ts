// A batch's orders as an .xlsx export (GET /export/payment-orders.xlsx?filter={"batchId":…}): the same
// query, scope, filters and masked values as paymentBatchOrders; streamed from a cursor, so a
// 100,000-order batch holds 500 rows in memory.
import { formatYuan } from '../../domain/shared/money';
import type { PaymentOrderRow } from '../../projections/payment-batch/orders-table';
import type { ExportColumn, ExportList } from '../export/export-lists';
import { orderListQuery, parseOrderFilter, toOrder, type PaymentOrderFilter } from './order-graphql';

type Order = ReturnType<typeof toOrder>;
const columns: ExportColumn<Order>[] = [
  { header: '支付编号', width: 38, value: (o) => o.paymentId },
  { header: '记录编号', width: 38, value: (o) => o.applicationId },
  { header: '收款账户类型', width: 16, value: (o) => o.payeeKindLabel },
  { header: '收款人', width: 24, value: (o) => o.payeeName },
  { header: '身份证号码', width: 22, value: (o) => o.idMasked ?? '' },
  { header: '收款账户', width: 24, value: (o) => o.accountMasked },
  { header: '户名', width: 24, value: (o) => o.accountName },
  { header: '金额', width: 16, value: (o) => formatYuan(Number(o.amountFen)) },
  { header: '金额（分）', width: 14, value: (o) => o.amountFen },
  { header: '用途', width: 30, value: (o) => o.purpose },
  { header: '支付结果', width: 10, value: (o) => o.statusLabel },
  { header: '银行流水号', width: 22, value: (o) => o.bankRef ?? '' },
  { header: '失败原因', width: 30, value: (o) => o.reason ?? '' },
];

export const paymentOrderExport: ExportList<Order, PaymentOrderFilter> = {
  label: '支付指令',
  parseFilter: parseOrderFilter,
  query: orderListQuery,
  items: async (_ctx, rows) => (rows as unknown as PaymentOrderRow[]).map(toOrder),
  columns,
};
