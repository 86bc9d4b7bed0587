// The training-funding list's state and actions: filters, rows, export, and the dialog where an
// institution previews a completed class's calculation and applies. index.vue only renders.
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { TrainingFundingApplicationsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import ApplyDialog from './ApplyDialog.vue';
import type { FundingFilters } from './types';

export const FUNDING_COLUMNS: readonly ColumnOption[] = [
  { key: 'classNo', label: '班级编号' },
  { key: 'className', label: '班级名称' },
  { key: 'kind', label: '培训类型' },
  { key: 'institution', label: '培训机构' },
  { key: 'fund', label: '资金' },
  { key: 'eligible', label: '符合/不符合' },
  { key: 'total', label: '申报金额' },
  { key: 'status', label: '审核状态' },
];

export function useFundingList() {
  const router = useRouter();
  const list = useListState<FundingFilters>(() => ({ keyword: '', reviewStatus: '' }));
  const page = usePagedQuery(TrainingFundingApplicationsDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.trainingFundingApplications);
  const { exporting, exportCurrent } = useListExport('training-funding-applications', '机构培训经费申报', () => compact(list.filters()));
  const fields = filterFields<FundingFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '班级名称或编号', maxlength: 40 },
    { kind: 'select', key: 'reviewStatus', label: '审核状态', options: useDict('review_status').options, width: 140 },
  ]);
  const table = useTableSettings('TrainingFundingList', FUNDING_COLUMNS);
  const canApply = computed(() => can({ allOf: ['subsidy:apply'] }));
  const openRecord = (id: string) => router.push({ name: 'TrainingFundingRecord', params: { id } });

  async function apply() {
    const id = await openDialog<string>(ApplyDialog, { canSubmit: can({ allOf: ['review:submit'] }) });
    if (!id) return;
    void page.refresh()?.catch(() => undefined);
    await openRecord(id);
  }

  return { list, page, fields, exporting, exportCurrent, table, canApply, apply, openRecord };
}
