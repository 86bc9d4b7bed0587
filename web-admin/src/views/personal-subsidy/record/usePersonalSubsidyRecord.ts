// One person's subsidy record of a kind: the application in hand with its calculation and evidence,
// its review buttons (through the one review workflow), the 公示's objections, and the earlier
// applications.
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { PersonalSubsidyDocument, ResolvePersonalSubsidyObjectionDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import { useRecordReview } from '../../review/useRecordReview';
import ObjectionDialog from '../ObjectionDialog.vue';
import ReissueDialog from '../ReissueDialog.vue';

export function usePersonalSubsidyRecord(id: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(PersonalSubsidyDocument, () => ({ id: id() }), (r) => r.personalSubsidy, (r) => `${r.personName} ${r.kindLabel}`);
  const { record, title } = page;
  // A re-issue of a failed payment in hand is what the review buttons act on (the server does the same).
  const reissueInHand = computed(() => {
    const last = record.value?.current.reissues.at(-1);
    return last && !['approved', 'rejected', 'withdrawn'].includes(last.reviewStatus) ? last : undefined;
  });
  const review = useRecordReview(() => {
    const r = record.value;
    const reissue = reissueInHand.value;
    if (r && reissue) return { streamId: r.streamId, title: `${title.value} 重新支付`, reviewStatus: reissue.reviewStatus, hasPending: true, submittedByUser: reissue.requestedByOrg === session.me?.orgId, decidedByUser: reissue.reviewAuthorityId === session.me?.orgId };
    return r && { streamId: r.streamId, title: title.value, reviewStatus: r.reviewStatus, hasPending: true, submittedByUser: r.applicantOrgId === session.me?.orgId, decidedByUser: r.reviewAuthorityId === session.me?.orgId };
  });

  // 申请重新支付: a failed payment with no re-issue in review, by the payer (the server checks who may).
  const canReissue = computed(() => can({ allOf: ['payment:manage', 'review:submit'] }) && record.value?.current.payment?.status === 'failed' && !reissueInHand.value);
  async function requestReissue() {
    const r = record.value;
    if (!r) return;
    if (await openDialog<boolean>(ReissueDialog, { subsidyId: id(), personName: r.personName, failedReason: r.current.payment?.reason ?? '' })) await review.refetchAfterWrite();
  }

  // 公示异议: recorded and resolved by the payer or an authority above it (the server checks which), until a payment is ordered.
  const canHandleObjections = computed(() => can({ allOf: ['subsidy:notice'] }) && Boolean(record.value?.current.notice) && !record.value?.revoked && !record.value?.current.payment);
  async function recordObjection() {
    if (await openDialog<boolean>(ObjectionDialog, { subsidyId: id() })) await review.refetchAfterWrite();
  }
  const busy = ref(false);
  const { mutate: resolveMutation } = useMutation(ResolvePersonalSubsidyObjectionDocument);
  async function resolveObjection(objectionId: string, upheld: boolean) {
    const prompt = upheld ? '异议成立：补贴将撤销，预留的资金退回。请填写处理意见' : '异议不成立，请填写处理意见';
    const answer = await ElMessageBox.prompt(prompt, upheld ? '异议成立' : '异议不成立', { confirmButtonText: '确定', cancelButtonText: '取消', inputValidator: (v) => (v?.trim() ? true : '请填写处理意见') }).catch(() => null);
    if (!answer) return;
    busy.value = true;
    try {
      rememberWrite((await resolveMutation({ id: id(), objectionId, upheld, resolution: answer.value, commandId: newCommandId() }))?.data?.resolvePersonalSubsidyObjection);
      ElMessage.success('异议已处理');
      await review.refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  return { page, review, busy, canHandleObjections, recordObjection, resolveObjection, canReissue, requestReissue, reissueInHand };
}
