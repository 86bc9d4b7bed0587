// The occupation list's state and actions (pure-admin's hook.tsx pattern): the query object
// (filters + page + size), rows, loading, error, and what the buttons do. index.vue only renders.
import { useApolloClient, useQuery } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { LIST_QUERY_OPTIONS, useListSort } from '@/components/table/use-list-state';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { OccupationsDocument, type OccupationsQueryVariables } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { collectPages, dateStamp, exportXlsx, EXPORT_ROW_LIMIT, type ExportColumn } from '@/utils/export-xlsx';
import { formatTime } from '@/utils/format';
import OccupationFormDialog from './OccupationFormDialog.vue';
import type { OccupationFormResult, OccupationListQuery, OccupationRow } from './types';

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

const EXPORT_COLUMNS: readonly ExportColumn<OccupationRow>[] = [
  { header: '工种编码', value: (r) => r.code, width: 14 },
  { header: '工种名称', value: (r) => r.name, width: 20 },
  { header: '技能等级', value: (r) => r.levelLabel, width: 16 },
  { header: '培训课时', value: (r) => r.hours, width: 10 },
  { header: '培训范围', value: (r) => r.scope, width: 30 },
  { header: '申报机构', value: (r) => r.institutionName, width: 36 },
  { header: '审核状态', value: (r) => r.reviewStatusLabel, width: 10 },
  { header: '当前审核级别', value: (r) => r.reviewLevelLabel, width: 12 },
  { header: '发布版本', value: (r) => r.version, width: 10 },
  { header: '申报时间', value: (r) => formatTime(r.declaredAt), width: 20 },
  { header: '更新时间', value: (r) => formatTime(r.updatedAt), width: 20 },
];

const emptyFilters = () => ({ keyword: '', level: '', reviewStatus: '' });

export function useOccupationList() {
  const router = useRouter();
  const { resolveClient } = useApolloClient();

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
  const exporting = ref(false);

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
    await refetch();
    await router.push({ name: 'OccupationRecord', params: { id: saved.id } });
  }

  const openRecord = (id: string) => router.push({ name: 'OccupationRecord', params: { id } });

  async function exportCurrent() {
    exporting.value = true;
    try {
      const filter = filterOf(query);
      const { rows: all, total: count } = await collectPages(async (page, pageSize) => {
        const answer = await resolveClient().query({ query: OccupationsDocument, variables: { filter, page: { page, pageSize } }, fetchPolicy: 'network-only' });
        return answer.data.occupations;
      });
      if (all.length === 0) {
        ElMessage.info('当前筛选条件下没有可导出的记录');
        return;
      }
      await exportXlsx(`培训工种_${dateStamp()}.xlsx`, EXPORT_COLUMNS, all);
      ElMessage.success(count > EXPORT_ROW_LIMIT ? `已导出前 ${EXPORT_ROW_LIMIT} 条（共 ${count} 条），请缩小筛选范围` : `已导出 ${all.length} 条记录`);
    } catch (e) {
      ElMessage.error(`导出失败：${toConsoleError(e).message}`);
    } finally {
      exporting.value = false;
    }
  }

  return { filterForm, query, sort, rows, total, loading, loadError, exporting, table, canDeclare, levels, statuses, search, reset, changePage, changePageSize, changeSort, refresh, declare, openRecord, exportCurrent };
}
