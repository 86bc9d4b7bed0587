// A batch's orders on its record page, a page at a time from the server (a batch holds up to 100,000):
// filters a reviewer needs (支付结果, 收款人 or 记录编号, 身份证号码, 失败原因), the server's sort, and the
// .xlsx export of the same filter (GET /export/payment-orders.xlsx, the manifest's export).
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { PaymentBatchOrdersDocument } from '@/graphql/generated';

export const ORDER_COLUMNS: readonly ColumnOption[] = [
  { key: 'payee', label: '收款人' },
  { key: 'idMasked', label: '身份证号码' },
  { key: 'kind', label: '收款账户类型' },
  { key: 'account', label: '收款账户' },
  { key: 'purpose', label: '用途' },
  { key: 'amount', label: '金额' },
  { key: 'status', label: '结果' },
  { key: 'reason', label: '银行流水号 / 失败原因' },
];

export const ORDER_STATUS_OPTIONS = [
  { value: 'pending', label: '待回盘' },
  { value: 'paid', label: '支付成功' },
  { value: 'failed', label: '支付失败' },
  { value: 'voided', label: '已作废' },
] as const;

type OrderFilters = { status: string; keyword: string; idNumber: string; reason: string };

export function usePaymentOrders(batchId: () => string) {
  const list = useListState<OrderFilters>(() => ({ status: '', keyword: '', idNumber: '', reason: '' }));
  const filter = () => compact(list.filters());
  const page = usePagedQuery(PaymentBatchOrdersDocument, () => ({ batchId: batchId(), filter: filter(), page: list.page() }), (r) => r.paymentBatchOrders);
  const { exporting, exportCurrent } = useListExport('payment-orders', '支付指令', () => ({ batchId: batchId(), ...filter() }));
  const fields = filterFields<OrderFilters>([
    { kind: 'select', key: 'status', label: '支付结果', options: [...ORDER_STATUS_OPTIONS], width: 140, test: 'order-status' },
    { kind: 'text', key: 'keyword', label: '收款人', placeholder: '姓名、单位名称或记录编号', maxlength: 50, width: 220, test: 'order-keyword' },
    { kind: 'text', key: 'idNumber', label: '身份证号码', placeholder: '18位身份证号码', maxlength: 18, width: 200, mono: true, test: 'order-id-number' },
    { kind: 'text', key: 'reason', label: '失败原因', maxlength: 50, width: 180, test: 'order-reason' },
  ]);
  const table = useTableSettings('PaymentOrderList', ORDER_COLUMNS);
  return { list, page, fields, table, exporting, exportCurrent };
}
