// 异常预警 (the supervisors' queue): the fraud signals of the institutions below the user's
// authority (an institution never sees its own), open ones first by default, filtered by kind
// (with the count still open), status, county and institution. A row opens its evidence, where the
// signal is confirmed (the affected attendance no longer counts for completion and subsidies) or
// dismissed, each with a reason.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields, type FilterOption } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useRemoteOptions } from '@/components/table/use-remote-options';
import { useTableSettings } from '@/components/table/use-table-settings';
import { CaptureSignalsDocument, OpenCaptureSignalCountsDocument } from '@/graphql/generated';
import { useOrganizations } from '../../organization/useOrganizations';
import { SIGNAL_KIND_OPTIONS, SIGNAL_STATUS_OPTIONS } from '../types';
import SignalDialog from './SignalDialog.vue';

export interface SignalFilters {
  kind: string;
  status: string;
  countyCode: string;
  institutionId: string;
}

/** The queue opens on what still waits for a decision. */
const emptyFilters = (): SignalFilters => ({ kind: '', status: 'open', countyCode: '', institutionId: '' });

export function useSignalQueue() {
  const list = useListState<SignalFilters>(emptyFilters);
  const page = usePagedQuery(CaptureSignalsDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.captureSignals);
  const counts = useQuery(OpenCaptureSignalCountsDocument, null, { fetchPolicy: 'cache-and-network' });
  const openTotal = computed(() => (counts.result.value?.openCaptureSignalCounts ?? []).reduce((sum, c) => sum + c.count, 0));
  const kinds = computed<FilterOption[]>(() => {
    const open = new Map((counts.result.value?.openCaptureSignalCounts ?? []).map((c) => [c.kind, c.count]));
    return SIGNAL_KIND_OPTIONS.map((o) => ({ value: o.value, label: open.get(o.value) ? `${o.label}（待处理 ${open.get(o.value)}）` : o.label }));
  });

  const organizations = useOrganizations();
  const institutions = computed<FilterOption[]>(() => organizations.rows.value.filter((o) => o.kind === 'institution').map((o) => ({ value: o.id, label: o.name })));
  const counties = computed<FilterOption[]>(() => organizations.rows.value.filter((o) => o.kind === 'county').map((o) => ({ value: o.divisionCode, label: o.name.replace(/人力资源和社会保障局$/, '') })));
  const institutionSearch = useRemoteOptions(async (q) => institutions.value.filter((o) => o.label.includes(q)).slice(0, 50));

  const fields = filterFields<SignalFilters>([
    { kind: 'select', key: 'kind', label: '预警类型', options: kinds, width: 280, test: 'signal-kind-filter' },
    { kind: 'select', key: 'status', label: '处理状态', options: SIGNAL_STATUS_OPTIONS, width: 120, test: 'signal-status-filter' },
    { kind: 'select', key: 'countyCode', label: '区县', options: counties, width: 160, visible: computed(() => counties.value.length > 1), test: 'signal-county-filter' },
    {
      kind: 'remote',
      key: 'institutionId',
      label: '培训机构',
      options: institutionSearch.options,
      search: (q) => void institutionSearch.search(q),
      loading: institutionSearch.loading,
      width: 240,
      test: 'signal-institution-filter',
    },
  ]);

  const table = useTableSettings('CaptureSignalQueue', [
    { key: 'raisedAt', label: '发现时间', essential: true },
    { key: 'kind', label: '预警类型', essential: true },
    { key: 'status', label: '处理状态', essential: true },
    { key: 'person', label: '人员' },
    { key: 'class', label: '培训班级' },
    { key: 'institution', label: '培训机构' },
    { key: 'county', label: '区县' },
    { key: 'decision', label: '处理意见', visible: false },
  ]);

  async function openSignal(signalId: string) {
    const decided = await openDialog<boolean>(SignalDialog, { signalId });
    if (decided) await Promise.all([page.refresh(), counts.refetch()]);
  }

  return { list, page, fields, table, openTotal, openSignal };
}
