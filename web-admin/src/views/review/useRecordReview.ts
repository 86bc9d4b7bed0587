// The review actions on any record (occupation, institution, teacher, trainee): submit, withdraw, and the
// reviewer's approve / return / reject through the decision dialog (ReviewActions.vue shows the
// buttons). Which buttons show mirrors the rules only roughly; the server decides (its refusal is
// shown in Chinese).
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { SubmitForReviewDocument, WithdrawReviewDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import type { Decision } from './types';
import { useReviewDecision } from './useReviewDecision';

export interface ReviewableRecord {
  streamId: string;
  title: string;
  reviewStatus: string;
  /** Whether there is something to submit (a draft, a returned version, a proposed change). */
  hasPending: boolean;
  /** Whether the user's organisation submits this record (its own institution, its own trainee). */
  submittedByUser: boolean;
  /**
   * For a record that names the organisation reviewing it now (an occupation): whether that is the
   * user's. Otherwise the inbox knows whether the record waits at the user's level; the server
   * refuses a decision out of turn either way.
   */
  decidedByUser?: boolean;
}

export function useRecordReview(record: () => ReviewableRecord | null) {
  const { decide, refetchAfterWrite } = useReviewDecision();
  const { mutate: submit } = useMutation(SubmitForReviewDocument);
  const { mutate: withdraw } = useMutation(WithdrawReviewDocument);
  const busy = ref(false);
  const status = computed(() => record()?.reviewStatus);

  const canSubmit = computed(() => can({ allOf: ['review:submit'] }) && Boolean(record()?.submittedByUser) && Boolean(record()?.hasPending) && status.value !== 'pending' && status.value !== 'rejected');
  const canWithdraw = computed(() => can({ allOf: ['review:submit'] }) && Boolean(record()?.submittedByUser) && status.value === 'pending');
  const canDecide = computed(() => can({ allOf: ['review:decide'] }) && status.value === 'pending' && record()?.decidedByUser !== false);

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

  const submitForReview = () => run(async () => (await submit({ streamId: record()!.streamId, commandId: newCommandId() }))?.data?.submitForReview, '已提交审核');
  async function withdrawReview() {
    const confirmed = await ElMessageBox.confirm('撤回后可修改内容并重新提交。确定撤回吗？', '撤回审核', { type: 'warning', confirmButtonText: '撤回', cancelButtonText: '取消' }).catch(() => false);
    if (confirmed) await run(async () => (await withdraw({ streamId: record()!.streamId, commandId: newCommandId() }))?.data?.withdrawReview, '已撤回');
  }
  const decideOn = (decision: Decision) => {
    const r = record();
    return r && decide({ streamId: r.streamId, title: r.title }, decision);
  };

  return { busy, canSubmit, canWithdraw, canDecide, submitForReview, withdrawReview, decideOn, refetchAfterWrite };
}

export type RecordReview = ReturnType<typeof useRecordReview>;
