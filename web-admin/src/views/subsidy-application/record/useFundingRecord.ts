// One training-funding application: the record, its review buttons, recalculation (the institution,
// while a draft or returned) and the auditor's recomputation from the recorded log position.
import { useApolloClient, useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { useRecordPage } from '@/components/record/use-record-page';
import { openDialog } from '@/components/dialog/dialog-service';
import { ApprovePaymentReissueDocument, RecalculateTrainingFundingDocument, RecomputeTrainingFundingDocument, RequestPaymentReissueDocument, ResolveFundingObjectionDocument, TrainingFundingApplicationDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import { useRecordReview } from '../../review/useRecordReview';
import ObjectionDialog from '../ObjectionDialog.vue';

export function useFundingRecord(id: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(TrainingFundingApplicationDocument, () => ({ id: id() }), (r) => r.trainingFundingApplication, (r) => `${r.className} 培训经费申报`);
  const { record, title } = page;
  const ownRecord = computed(() => record.value?.institutionId === session.me?.orgId);
  const status = computed(() => record.value?.reviewStatus);
  const review = useRecordReview(() => {
    const r = record.value;
    return r && { streamId: r.streamId, title: title.value, reviewStatus: r.reviewStatus, hasPending: true, submittedByUser: ownRecord.value, decidedByUser: r.reviewAuthorityId === session.me?.orgId };
  });
  const canRecalculate = computed(() => can({ allOf: ['subsidy:apply'] }) && ownRecord.value && (status.value === 'draft' || status.value === 'returned' || status.value === 'withdrawn'));

  const { mutate: recalculateMutation } = useMutation(RecalculateTrainingFundingDocument);
  const busy = ref(false);
  async function recalculate() {
    busy.value = true;
    try {
      const answer = (await recalculateMutation({ id: id(), commandId: newCommandId() }))?.data?.recalculateTrainingFunding;
      rememberWrite(answer);
      ElMessage.success(answer?.repeated || answer?.position === null ? '计算结果没有变化' : '已按最新事实重新计算');
      await review.refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  const { resolveClient } = useApolloClient();
  const recomputation = ref<{ factsSame: boolean; resultSame: boolean; recordedTotalFen: string; recomputedTotalFen: string; computedAt: string } | null>(null);
  async function recompute() {
    busy.value = true;
    try {
      const { data } = await resolveClient().query({ query: RecomputeTrainingFundingDocument, variables: { id: id() }, fetchPolicy: 'network-only' });
      recomputation.value = data.recomputeTrainingFunding ?? null;
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  // 公示异议: recorded and resolved by the payer or an authority above it (the server checks which).
  const canHandleObjections = computed(() => can({ allOf: ['subsidy:notice'] }) && Boolean(record.value?.notice) && !record.value?.revoked);
  async function recordObjection() {
    const r = record.value;
    if (!r) return;
    const removed = new Set(r.objections.filter((o) => o.status === 'upheld').map((o) => o.participantId));
    const people = r.calculation.eligible.filter((e) => !removed.has(e.participantId));
    if (await openDialog<boolean>(ObjectionDialog, { applicationId: r.id, people })) await review.refetchAfterWrite();
  }
  const { mutate: resolveMutation } = useMutation(ResolveFundingObjectionDocument);
  async function resolveObjection(objectionId: string, upheld: boolean) {
    const prompt = upheld ? '异议成立：相关人员（未指明人员时为整个申报）将移出补贴名单，金额退回资金。请填写处理意见' : '异议不成立，请填写处理意见';
    const answer = await ElMessageBox.prompt(prompt, upheld ? '异议成立' : '异议不成立', { confirmButtonText: '确定', cancelButtonText: '取消', inputValidator: (v) => (v?.trim() ? true : '请填写处理意见') }).catch(() => null);
    if (!answer) return;
    busy.value = true;
    try {
      rememberWrite((await resolveMutation({ id: id(), objectionId, upheld, resolution: answer.value, commandId: newCommandId() }))?.data?.resolveFundingObjection);
      ElMessage.success('异议已处理');
      await review.refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  // 重新支付: requested by the payer once the institution's account changed, approved by another person (the server checks both).
  const canManagePayments = computed(() => can({ allOf: ['payment:manage'] }));
  const failedNow = computed(() => Boolean(record.value?.unpayableReason?.startsWith('支付失败')));
  const { mutate: requestMutation } = useMutation(RequestPaymentReissueDocument);
  const { mutate: approveMutation } = useMutation(ApprovePaymentReissueDocument);
  async function requestReissue() {
    const answer = await ElMessageBox.prompt('培训机构的银行账户须已更新并审核生效。请填写重新支付的原因', '申请重新支付', { confirmButtonText: '提交', cancelButtonText: '取消', inputValidator: (v) => (v?.trim() ? true : '请填写原因') }).catch(() => null);
    if (!answer) return;
    await act(async () => (await requestMutation({ id: id(), reason: answer.value, commandId: newCommandId() }))?.data?.requestPaymentReissue, '已申请重新支付，待另一人员审批');
  }
  async function approveReissue(reissueId: string) {
    await act(async () => (await approveMutation({ id: id(), reissueId, commandId: newCommandId() }))?.data?.approvePaymentReissue, '已审批重新支付，资金已重新预留');
  }
  async function act(run: () => Promise<{ position?: string | null } | null | undefined>, done: string) {
    busy.value = true;
    try {
      rememberWrite(await run());
      ElMessage.success(done);
      await review.refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  return { page, review, canRecalculate, recalculate, recompute, recomputation, busy, canHandleObjections, recordObjection, resolveObjection, canManagePayments, failedNow, requestReissue, approveReissue };
}
