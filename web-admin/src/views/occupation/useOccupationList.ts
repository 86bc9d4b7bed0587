// The occupation list's state and actions (pure-admin's hook.tsx pattern): the query object
// (filters + page + size), rows, loading, error, and what the buttons do. index.vue only renders.
// Export of the current filter is the server's (GET /export/occupations.xlsx).
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { OccupationsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import OccupationFormDialog from './OccupationFormDialog.vue';
import type { OccupationFilters, OccupationFormResult } from './types';

export const OCCUPATION_COLUMNS: readonly ColumnOption[] = [
  { key: 'code', label: '工种编码' },
  { key: 'name', label: '工种名称' },
  { key: 'level', label: '技能等级' },
  { key: 'hours', label: '培训课时' },
  { key: 'institution', label: '申报机构' },
  { key: 'status', label: '审核状态' },
  { key: 'reviewLevel', label: '当前审核级别' },
  { key: 'version', label: '发布版本', visible: false },
  { key: 'updatedAt', label: '更新时间' },
];

export function useOccupationList() {
  const router = useRouter();
  /** The filter form, the applied filters with page and size, and the server's sort (useListState). */
  const list = useListState<OccupationFilters>(() => ({ keyword: '', level: '', reviewStatus: '' }));
  const page = usePagedQuery(OccupationsDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.occupations);
  const { exporting, exportCurrent } = useListExport('occupations', '培训工种', () => compact(list.filters()));
  const fields = filterFields<OccupationFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '工种名称或编码', maxlength: 50 },
    { kind: 'select', key: 'level', label: '技能等级', options: useDict('skill_level').options, width: 160 },
    { kind: 'select', key: 'reviewStatus', label: '审核状态', options: useDict('review_status').options, width: 140, test: 'status-filter' },
  ]);

  const table = useTableSettings('OccupationList', OCCUPATION_COLUMNS);
  const canDeclare = computed(() => can({ allOf: ['occupation:declare'] }));

  async function declare() {
    const saved = await openDialog<OccupationFormResult>(OccupationFormDialog, { mode: 'declare', canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    // The list refreshes in the background (its rows wait for the projections); the new record opens at once.
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'OccupationRecord', params: { id: saved.id } });
  }

  const openRecord = (id: string) => router.push({ name: 'OccupationRecord', params: { id } });

  return { list, page, fields, exporting, table, canDeclare, declare, openRecord, exportCurrent };
}
