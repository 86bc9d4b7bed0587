// One occupation record: the record itself and what the user may do with it now. The conditions
// mirror the domain's rules only to decide which buttons to show; the server decides.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError, RECORD_NOT_FOUND } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { TIMELINE_READERS } from '@/auth/permissions';
import { openDialog } from '@/components/dialog/dialog-service';
import { OccupationDocument, SubmitForReviewDocument, WithdrawReviewDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import type { Decision } from '../../review/types';
import { useReviewDecision } from '../../review/useReviewDecision';
import OccupationFormDialog from '../OccupationFormDialog.vue';
import type { OccupationFormResult } from '../types';

export function useOccupationRecord(id: () => string) {
  const session = useSessionStore();
  const router = useRouter();
  const { result, loading, error, refetch } = useQuery(OccupationDocument, () => ({ id: id() }));
  const record = computed(() => result.value?.occupation ?? null);
  const loadError = computed(() => {
    if (error.value) return toConsoleError(error.value);
    if (!loading.value && result.value && !result.value.occupation) return RECORD_NOT_FOUND;
    return undefined;
  });
  const activeTab = ref('details');
  const title = computed(() => (record.value ? `${record.value.pending?.name ?? record.value.name}（${record.value.pending?.code ?? record.value.code}）` : ''));

  const ownRecord = computed(() => record.value?.institutionId === session.me?.orgId);
  const status = computed(() => record.value?.reviewStatus);
  const canEdit = computed(
    () => can({ allOf: ['occupation:declare'] }) && ownRecord.value && status.value !== 'pending' && !(status.value === 'rejected' && !record.value?.published),
  );
  const canSubmit = computed(() => can({ allOf: ['review:submit'] }) && ownRecord.value && Boolean(record.value?.pending) && status.value !== 'pending' && status.value !== 'rejected');
  const canWithdraw = computed(() => can({ allOf: ['review:submit'] }) && ownRecord.value && status.value === 'pending');
  const canDecide = computed(() => can({ allOf: ['review:decide'] }) && status.value === 'pending' && record.value?.reviewAuthorityId === session.me?.orgId);
  const canSeeHistory = computed(() => can({ allOf: ['review:read'] }));
  const canSeeTimeline = computed(() => can(TIMELINE_READERS));

  const { decide, refetchAfterWrite } = useReviewDecision();
  const { mutate: submit } = useMutation(SubmitForReviewDocument);
  const { mutate: withdraw } = useMutation(WithdrawReviewDocument);
  const busy = ref(false);

  async function edit() {
    const r = record.value;
    if (!r) return;
    const current = r.pending ?? r.published ?? r;
    const saved = await openDialog<OccupationFormResult>(OccupationFormDialog, {
      mode: 'edit',
      id: r.id,
      initial: { code: current.code, name: current.name, level: current.level, hours: current.hours, scope: current.scope },
      canSubmit: can({ allOf: ['review:submit'] }),
    });
    if (saved) await refetchAfterWrite();
  }

  async function run(action: () => Promise<{ position?: string | null } | null | undefined>, done: string) {
    busy.value = true;
    try {
      rememberWrite(await action());
      ElMessage.success(done);
      await refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  const submitForReview = () => run(async () => (await submit({ streamId: record.value!.streamId, commandId: newCommandId() }))?.data?.submitForReview, '已提交审核');

  async function withdrawReview() {
    const confirmed = await ElMessageBox.confirm('撤回后可修改申报内容并重新提交。确定撤回吗？', '撤回审核', { type: 'warning', confirmButtonText: '撤回', cancelButtonText: '取消' }).catch(() => false);
    if (confirmed) await run(async () => (await withdraw({ streamId: record.value!.streamId, commandId: newCommandId() }))?.data?.withdrawReview, '已撤回');
  }

  const decideOn = (decision: Decision) => record.value && decide({ streamId: record.value.streamId, title: title.value }, decision);
  const openReplay = (revision?: number) =>
    record.value && router.push({ name: 'AuditReplay', params: { streamId: record.value.streamId }, query: revision === undefined ? {} : { revision: String(revision) } });

  return { record, loading, loadError, activeTab, title, busy, canEdit, canSubmit, canWithdraw, canDecide, canSeeHistory, canSeeTimeline, refetch, edit, submitForReview, withdrawReview, decideOn, openReplay };
}
