// The standards list's state and actions: filters, rows (the version in force and a revision under
// review), export, and the dialog to set a standard (subsidy:standard). index.vue only renders.
import { computed } from 'vue';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { SubsidyStandardsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import StandardDialog from './StandardDialog.vue';
import { SUBJECT_OPTIONS, type StandardFilters } from './types';

export const STANDARD_COLUMNS: readonly ColumnOption[] = [
  { key: 'authority', label: '制定单位' },
  { key: 'subject', label: '补贴类型' },
  { key: 'scope', label: '适用范围' },
  { key: 'amount', label: '现行标准' },
  { key: 'effectiveFrom', label: '生效日期' },
  { key: 'version', label: '版本' },
  { key: 'pending', label: '待审核修订' },
  { key: 'status', label: '审核状态' },
];

export function useStandardList() {
  const list = useListState<StandardFilters>(() => ({ subject: '', reviewStatus: '', keyword: '' }));
  const page = usePagedQuery(SubsidyStandardsDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.subsidyStandards);
  const { exporting, exportCurrent } = useListExport('subsidy-standards', '补贴标准', () => compact(list.filters()));
  const fields = filterFields<StandardFilters>([
    { kind: 'select', key: 'subject', label: '补贴类型', options: [...SUBJECT_OPTIONS], width: 160 },
    { kind: 'text', key: 'keyword', label: '职业编码', placeholder: '如 4-03', maxlength: 20 },
    { kind: 'select', key: 'reviewStatus', label: '审核状态', options: useDict('review_status').options, width: 140 },
  ]);
  const table = useTableSettings('SubsidyStandardList', STANDARD_COLUMNS);
  const canPropose = computed(() => can({ allOf: ['subsidy:standard'] }));

  async function propose() {
    if (await openDialog<boolean>(StandardDialog, { canSubmit: can({ allOf: ['review:submit'] }) })) void page.refresh()?.catch(() => undefined);
  }

  return { list, page, fields, exporting, exportCurrent, table, canPropose, propose };
}
