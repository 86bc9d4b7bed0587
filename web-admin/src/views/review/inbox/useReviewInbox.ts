// 待办: the records waiting for the user's organisation at its review level, across modules. At
// volume a reviewer narrows the list (record type, submitting organisation and those below it,
// level, how long it has waited), takes the longest waiting first, and approves several with one
// opinion (BatchApproveDialog: the server decides each record on its own).
import { useQuery } from '@vue/apollo-composable';
import { computed, ref } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { ClassInspectionsDocument, ReviewInboxDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { recordRoutes } from '@/utils/record-routes';
import { useOrganizations } from '../../organization/useOrganizations';
import type { Decision, ReviewTaskRow } from '../types';
import { useReviewDecision } from '../useReviewDecision';
import BatchApproveDialog from './BatchApproveDialog.vue';

interface InboxFilters {
  module: string;
  submitterOrgId: string;
  level: string;
  minWaitingDays: string;
}

/** Waiting-time choices (days at the current level). */
const WAITING: { value: string; label: string }[] = [
  { value: '1', label: '超过 1 天' },
  { value: '3', label: '超过 3 天' },
  { value: '7', label: '超过 7 天' },
  { value: '15', label: '超过 15 天' },
  { value: '30', label: '超过 30 天' },
];

export function useReviewInbox() {
  const router = useRouter();
  const records = recordRoutes(router);
  const list = useListState<InboxFilters>(() => ({ module: '', submitterOrgId: '', level: '', minWaitingDays: '' }));
  const filter = computed(() => ({
    ...(list.query.module ? { module: list.query.module } : {}),
    ...(list.query.submitterOrgId ? { submitterOrgId: list.query.submitterOrgId } : {}),
    ...(list.query.level ? { level: list.query.level } : {}),
    ...(list.query.minWaitingDays ? { minWaitingDays: Number(list.query.minWaitingDays) } : {}),
  }));
  const page = usePagedQuery(ReviewInboxDocument, () => ({ filter: filter.value, page: list.page() }), (r) => r.reviewInbox);
  /** The moment the rows were read: waiting times count to it (no timer: see the README on idle sessions). */
  const now = computed(() => {
    void page.rows.value;
    return Date.now();
  });

  const organizations = useOrganizations();
  const levels = useDict('review_level');
  const fields = filterFields<InboxFilters>([
    { kind: 'select', key: 'module', label: '业务类型', options: computed(() => records.modules().map((m) => ({ value: m.module, label: m.label }))), width: 150, test: 'inbox-module' },
    { kind: 'org', key: 'submitterOrgId', label: '提交单位', data: organizations.tree, width: 240, visible: computed(() => can({ allOf: ['organization:read'] })), test: 'inbox-org' },
    { kind: 'select', key: 'level', label: '审核级别', options: levels.options, width: 120, test: 'inbox-level' },
    { kind: 'select', key: 'minWaitingDays', label: '已等待', options: WAITING, width: 140, test: 'inbox-waiting' },
  ]);

  // A queue worked through at volume: compact rows unless the user chose otherwise.
  const table = useTableSettings(
    'ReviewInbox',
    [
      { key: 'module', label: '业务类型' },
      { key: 'title', label: '事项', essential: true },
      { key: 'submitter', label: '提交单位' },
      { key: 'level', label: '审核级别' },
      { key: 'round', label: '轮次' },
      { key: 'waiting', label: '已等待', essential: true },
      { key: 'submittedAt', label: '提交时间' },
    ],
    { density: 'small' },
  );
  const { decide, refetchAfterWrite } = useReviewDecision();

  /** Rows ticked for a batch approval (cleared once decided). */
  const selected = ref<{ streamId: string; title: string }[]>([]);
  const select = (rows: { streamId: string; title: string }[]) => (selected.value = rows.map((r) => ({ streamId: r.streamId, title: r.title })));
  async function approveSelected() {
    if (selected.value.length === 0) return;
    const done = await openDialog<boolean>(BatchApproveDialog, { tasks: selected.value });
    if (done) {
      selected.value = [];
      await refetchAfterWrite();
    }
  }

  // el-table's slot rows are untyped: the template passes the fields it needs.
  const canOpen = (module: ReviewTaskRow['module']) => records.has(module);
  const open = (module: ReviewTaskRow['module'], recordId: ReviewTaskRow['recordId']) => {
    const target = records.location(module, recordId);
    if (target) void router.push(target);
  };
  const act = (streamId: ReviewTaskRow['streamId'], title: ReviewTaskRow['title'], decision: Decision) => decide({ streamId, title }, decision);

  // Rectification replies are decided on the class's 检查记录 tab, not through the review workflow:
  // the inbox says how many wait, for those who review them.
  const reviewsRectifications = can({ allOf: ['training-class:read', 'training-class:inspect'] });
  const rectifications = useQuery(ClassInspectionsDocument, { filter: { status: 'replied' }, page: { page: 1, pageSize: 1 } }, () => ({ enabled: reviewsRectifications, fetchPolicy: 'cache-and-network' }));
  const repliesWaiting = computed(() => rectifications.result.value?.classInspections.total ?? 0);
  const openRectifications = () => void router.push({ name: 'ClassInspectionList' });

  return { list, fields, page, table, now, selected, select, approveSelected, canOpen, open, act, repliesWaiting, openRectifications };
}
