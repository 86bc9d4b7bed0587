// 待办: the records waiting for the user's organisation at its review level, across modules.
import { useRouter } from 'vue-router';
import { useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { ReviewInboxDocument } from '@/graphql/generated';
import type { Decision, ReviewTaskRow } from '../types';
import { useReviewDecision } from '../useReviewDecision';

export function useReviewInbox() {
  const router = useRouter();
  /** Where a task's record opens: the route its module's manifest marks `recordOf`; a module without a record page opens nothing. */
  const recordRoutes = new Map(router.getRoutes().flatMap((r) => (r.meta.recordOf && typeof r.name === 'string' ? [[r.meta.recordOf, r.name] as const] : [])));
  // The server also filters by module; the page offers no filter form yet (every waiting task is one list).
  const list = useListState(() => ({ module: '' }));
  const page = usePagedQuery(ReviewInboxDocument, () => ({ ...(list.query.module ? { module: list.query.module } : {}), page: list.page() }), (r) => r.reviewInbox);
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

  return { list, page, table, canOpen, open, act };
}
