// 待办: the records waiting for the user's organisation at its review level, across modules.
import { useQuery } from '@vue/apollo-composable';
import { computed, reactive } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { LIST_QUERY_OPTIONS, useListSort } from '@/components/table/use-list-state';
import { useTableSettings } from '@/components/table/use-table-settings';
import { ReviewInboxDocument } from '@/graphql/generated';
import type { Decision, ReviewTaskRow } from '../types';
import { useReviewDecision } from '../useReviewDecision';

export function useReviewInbox() {
  const router = useRouter();
  /** Where a task's record opens: the route its module's manifest marks `recordOf`; a module without a record page opens nothing. */
  const recordRoutes = new Map(router.getRoutes().flatMap((r) => (r.meta.recordOf && typeof r.name === 'string' ? [[r.meta.recordOf, r.name] as const] : [])));
  const query = reactive({ module: '', page: 1, pageSize: 20 });
  const { sortInput, changeSort } = useListSort(() => (query.page = 1));
  const { result, loading, error, refetch } = useQuery(
    ReviewInboxDocument,
    () => ({ ...(query.module ? { module: query.module } : {}), page: { page: query.page, pageSize: query.pageSize, ...sortInput() } }),
    LIST_QUERY_OPTIONS,
  );
  const rows = computed(() => result.value?.reviewInbox.items ?? []);
  const total = computed(() => result.value?.reviewInbox.total ?? 0);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const table = useTableSettings('ReviewInbox', [
    { key: 'module', label: '业务类型' },
    { key: 'title', label: '事项' },
    { key: 'submitter', label: '提交单位' },
    { key: 'level', label: '审核级别' },
    { key: 'round', label: '轮次' },
    { key: 'submittedAt', label: '提交时间' },
  ]);
  const { decide } = useReviewDecision();

  // el-table's slot rows are untyped: the template passes the fields it needs.
  const canOpen = (module: ReviewTaskRow['module']) => recordRoutes.has(module);
  const open = (module: ReviewTaskRow['module'], recordId: ReviewTaskRow['recordId']) => {
    const name = recordRoutes.get(module);
    if (name) void router.push({ name, params: { id: recordId } });
  };
  const act = (streamId: ReviewTaskRow['streamId'], title: ReviewTaskRow['title'], decision: Decision) => decide({ streamId, title }, decision);

  return {
    query,
    rows,
    total,
    loading,
    loadError,
    table,
    refresh: () => refetch(),
    changePage: (page: number) => (query.page = page),
    changePageSize: (size: number) => Object.assign(query, { pageSize: size, page: 1 }),
    changeSort,
    canOpen,
    open,
    act,
  };
}
