// The funds list's state and actions: filters, rows with their figures, export, and the dialogs to
// allocate a fund or adjust one (fund:manage). index.vue only renders.
import { computed } from 'vue';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { FundsDocument } from '@/graphql/generated';
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

  return { list, page, fields, exporting, exportCurrent, table, canManage, allocate, adjust };
}
