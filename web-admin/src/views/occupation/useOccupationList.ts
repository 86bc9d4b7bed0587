// The occupation list's state and actions (pure-admin's hook.tsx pattern): the query object
// (filters + page + size), rows, loading, error, and what the buttons do. index.vue only renders.
// Export of the current filter is the server's (GET /export/occupations.xlsx).
import { useQuery } from '@vue/apollo-composable';
import { computed, reactive } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useListExport } from '@/components/table/use-list-export';
import { LIST_QUERY_OPTIONS, useListSort } from '@/components/table/use-list-state';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { OccupationsDocument, type OccupationsQueryVariables } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import OccupationFormDialog from './OccupationFormDialog.vue';
import type { OccupationFormResult, OccupationListQuery } from './types';

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

const emptyFilters = () => ({ keyword: '', level: '', reviewStatus: '' });

export function useOccupationList() {
  const router = useRouter();

  /** What the filter form shows while the user types. */
  const filterForm = reactive(emptyFilters());
  /** What the table shows: the applied filters, page and size. */
  const query = reactive<OccupationListQuery>({ ...emptyFilters(), page: 1, pageSize: 20 });
  /** The table's sort (the server's); a new one goes back to page 1. */
  const { sort, sortInput, changeSort } = useListSort(() => (query.page = 1));

  const filterOf = (q: OccupationListQuery) => ({
    ...(q.keyword.trim() ? { keyword: q.keyword.trim() } : {}),
    ...(q.level ? { level: q.level } : {}),
    ...(q.reviewStatus ? { reviewStatus: q.reviewStatus } : {}),
  });
  const variables = computed<OccupationsQueryVariables>(() => ({ filter: filterOf(query), page: { page: query.page, pageSize: query.pageSize, ...sortInput() } }));

  const { result, loading, error, refetch } = useQuery(OccupationsDocument, variables, LIST_QUERY_OPTIONS);
  const rows = computed(() => result.value?.occupations.items ?? []);
  const total = computed(() => result.value?.occupations.total ?? 0);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const { exporting, exportCurrent } = useListExport('occupations', '培训工种', () => filterOf(query));

  const table = useTableSettings('OccupationList', OCCUPATION_COLUMNS);
  const canDeclare = computed(() => can({ allOf: ['occupation:declare'] }));
  const levels = useDict('skill_level').options;
  const statuses = useDict('review_status').options;

  function search() {
    Object.assign(query, { ...filterForm, page: 1 });
  }
  function reset() {
    Object.assign(filterForm, emptyFilters());
    search();
  }
  function changePage(page: number) {
    query.page = page;
  }
  function changePageSize(size: number) {
    Object.assign(query, { pageSize: size, page: 1 });
  }
  async function refresh() {
    await refetch();
  }

  async function declare() {
    const saved = await openDialog<OccupationFormResult>(OccupationFormDialog, { mode: 'declare', canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    // The list refreshes in the background (its rows wait for the projections); the new record opens at once.
    void refetch()?.catch(() => undefined);
    await router.push({ name: 'OccupationRecord', params: { id: saved.id } });
  }

  const openRecord = (id: string) => router.push({ name: 'OccupationRecord', params: { id } });

  return { filterForm, query, sort, rows, total, loading, loadError, exporting, table, canDeclare, levels, statuses, search, reset, changePage, changePageSize, changeSort, refresh, declare, openRecord, exportCurrent };
}
