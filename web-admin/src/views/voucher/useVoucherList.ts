// The voucher list's state and actions: filters (keyword, status, kind), rows, export, the issue
// dialog (voucher:issue), the statistics by issuing authority and kind, and the institutions that
// accept vouchers with the acceptance dialog. index.vue only renders.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { VoucherAcceptancesDocument, VouchersDocument, VoucherStatisticsDocument } from '@/graphql/generated';
import AcceptanceDialog from './AcceptanceDialog.vue';
import IssueVoucherDialog from './IssueVoucherDialog.vue';
import { VOUCHER_KIND_OPTIONS, VOUCHER_STATUS_OPTIONS, type VoucherFilters } from './types';

export const VOUCHER_COLUMNS: readonly ColumnOption[] = [
  { key: 'voucherNo', label: '券号' },
  { key: 'name', label: '持券人' },
  { key: 'authority', label: '发放单位' },
  { key: 'kind', label: '券种' },
  { key: 'value', label: '券面' },
  { key: 'scope', label: '适用范围', visible: false },
  { key: 'validUntil', label: '有效期至' },
  { key: 'status', label: '状态' },
  { key: 'card', label: '社保卡' },
  { key: 'use', label: '使用情况' },
  { key: 'issuedOn', label: '发放日期' },
];

export function useVoucherList() {
  const router = useRouter();
  const list = useListState<VoucherFilters>(() => ({ keyword: '', status: '', kind: '' }));
  const filter = () => compact(list.filters());
  const page = usePagedQuery(VouchersDocument, () => ({ filter: filter(), page: list.page() }), (r) => r.vouchers);
  const { exporting, exportCurrent } = useListExport('vouchers', '职业培训券', filter);
  const fields = filterFields<VoucherFilters>([
    { kind: 'text', key: 'keyword', label: '券号或姓名', placeholder: '券号或持券人姓名', maxlength: 50 },
    { kind: 'select', key: 'status', label: '状态', options: [...VOUCHER_STATUS_OPTIONS], width: 120 },
    { kind: 'select', key: 'kind', label: '券种', options: [...VOUCHER_KIND_OPTIONS], width: 120 },
  ]);
  const table = useTableSettings('VoucherList', VOUCHER_COLUMNS);
  const canIssue = computed(() => can({ allOf: ['voucher:issue'] }));
  const openHolder = (personId: string) => router.push({ name: 'VoucherRecord', params: { id: personId } });

  const statistics = useQuery(VoucherStatisticsDocument, null, { fetchPolicy: 'cache-and-network' });
  const statisticsRows = computed(() => statistics.result.value?.voucherStatistics ?? []);
  const acceptances = useQuery(VoucherAcceptancesDocument, () => ({ page: { page: 1, pageSize: 100 } }), { fetchPolicy: 'cache-and-network' });
  const acceptanceRows = computed(() => acceptances.result.value?.voucherAcceptances.items ?? []);

  const refreshAll = () => {
    void page.refresh()?.catch(() => undefined);
    void statistics.refetch()?.catch(() => undefined);
    void acceptances.refetch()?.catch(() => undefined);
  };
  async function issue() {
    if (await openDialog<boolean>(IssueVoucherDialog)) refreshAll();
  }
  async function decideAcceptance(institutionId?: string, accepts = true) {
    if (await openDialog<boolean>(AcceptanceDialog, { institutionId: institutionId ?? '', accepts })) refreshAll();
  }

  return { list, page, fields, exporting, exportCurrent, table, canIssue, openHolder, issue, statisticsRows, statisticsLoading: statistics.loading, statisticsError: computed(() => (statistics.error.value ? toConsoleError(statistics.error.value) : undefined)), acceptanceRows, acceptancesLoading: acceptances.loading, decideAcceptance };
}
