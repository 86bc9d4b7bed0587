// One training-funding application: the record, its review buttons, recalculation (the institution,
// while a draft or returned) and the auditor's recomputation from the recorded log position.
import { useApolloClient, useMutation } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { useRecordPage } from '@/components/record/use-record-page';
import { RecalculateTrainingFundingDocument, RecomputeTrainingFundingDocument, TrainingFundingApplicationDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import { useRecordReview } from '../../review/useRecordReview';

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

  return { page, review, canRecalculate, recalculate, recompute, recomputation, busy };
}
