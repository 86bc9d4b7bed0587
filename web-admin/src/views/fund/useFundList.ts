// The funds list's state and actions: filters, rows with their figures, export, and the dialogs to
// allocate a fund or adjust one (fund:manage). index.vue only renders.
import { useApolloClient } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, h } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { FundReconciliationDocument, FundsDocument } from '@/graphql/generated';
import { formatFen } from '@/utils/money';
import FundDialog from './FundDialog.vue';
import { FUNDING_LINE_OPTIONS, type FundFilters, type FundRow } from './types';

export const FUND_COLUMNS: readonly ColumnOption[] = [
  { key: 'authority', label: '资金所属单位' },
  { key: 'year', label: '年度' },
  { key: 'line', label: '资金渠道' },
  { key: 'basis', label: '资金文号' },
  { key: 'allocated', label: '下达金额' },
  { key: 'reserved', label: '已预留' },
  { key: 'spent', label: '已支付' },
  { key: 'remaining', label: '可用余额' },
  { key: 'reservations', label: '预留笔数', visible: false },
  { key: 'updatedAt', label: '更新时间' },
];

const thisYear = new Date().getFullYear();

export function useFundList() {
  const list = useListState<FundFilters>(() => ({ year: '', line: '' }));
  const filter = () => {
    const f = compact(list.filters());
    return { ...(f.line ? { line: f.line } : {}), ...(f.year ? { year: Number(f.year) } : {}) };
  };
  const page = usePagedQuery(FundsDocument, () => ({ filter: filter(), page: list.page() }), (r) => r.funds);
  const { exporting, exportCurrent } = useListExport('funds', '资金', filter);
  const fields = filterFields<FundFilters>([
    { kind: 'select', key: 'year', label: '年度', options: [thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: `${y}年` })), width: 120 },
    { kind: 'select', key: 'line', label: '资金渠道', options: [...FUNDING_LINE_OPTIONS], width: 220 },
  ]);
  const table = useTableSettings('FundList', FUND_COLUMNS);
  const canManage = computed(() => can({ allOf: ['fund:manage'] }));

  async function allocate() {
    if (await openDialog<boolean>(FundDialog, { mode: 'allocate' })) void page.refresh()?.catch(() => undefined);
  }
  async function adjust(fund: FundRow) {
    if (await openDialog<boolean>(FundDialog, { mode: 'adjust', fund })) void page.refresh()?.catch(() => undefined);
  }

  // 对账: computed on the server from the fund's, the applications' and the batches' records.
  const { resolveClient } = useApolloClient();
  async function reconcile(fund: FundRow) {
    try {
      const { data } = await resolveClient().query({ query: FundReconciliationDocument, variables: { fundId: fund.id }, fetchPolicy: 'network-only' });
      const r = data.fundReconciliation;
      if (!r) return;
      const figures = `审核 ${formatFen(r.approvedFen)} = 已支付 ${formatFen(r.paidFen)} + 支付失败 ${formatFen(r.failedFen)} + 异议核减 ${formatFen(r.removedFen)} + 待支付 ${formatFen(r.pendingFen)}（元，${r.applications} 笔申报）`;
      const verdict = r.balanced ? '资金、补贴申报与支付批次三方一致。' : `发现差异：\n${r.differences.join('\n')}`;
      await ElMessageBox.alert(h('div', { style: 'white-space: pre-line' }, `${figures}\n${verdict}`), r.balanced ? '对账平衡' : '对账不平', { confirmButtonText: '知道了', type: r.balanced ? 'success' : 'error' }).catch(() => undefined);
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  return { list, page, fields, exporting, exportCurrent, table, canManage, allocate, adjust, reconcile };
}
