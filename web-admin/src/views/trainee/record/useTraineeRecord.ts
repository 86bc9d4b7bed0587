// One trainee: the person (personal data masked, with the audited 查看), every institution that
// entered them (a second entry is flagged for review), review history and timeline.
import { useQuery } from '@vue/apollo-composable';
import { computed, ref } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError, RECORD_NOT_FOUND } from '@/api/errors';
import { can } from '@/auth/permission';
import { TIMELINE_READERS } from '@/auth/permissions';
import { openDialog } from '@/components/dialog/dialog-service';
import { TraineeDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { useDict } from '@/utils/dict';
import { useRecordReview } from '../../review/useRecordReview';
import TraineeFormDialog from '../TraineeFormDialog.vue';
import type { TraineeFormResult } from '../types';

export function useTraineeRecord(id: () => string) {
  const session = useSessionStore();
  const router = useRouter();
  const { result, loading, error, refetch } = useQuery(TraineeDocument, () => ({ id: id() }));
  const record = computed(() => result.value?.trainee ?? null);
  const loadError = computed(() => {
    if (error.value) return toConsoleError(error.value);
    if (!loading.value && result.value && !result.value.trainee) return RECORD_NOT_FOUND;
    return undefined;
  });
  const activeTab = ref('details');
  const categories = useDict('person_category');
  const enteredHere = computed(() => Boolean(record.value?.enrolments.some((e) => e.institutionId === session.me?.orgId)));
  const review = useRecordReview(() =>
    record.value && {
      streamId: record.value.streamId,
      title: record.value.name,
      reviewStatus: record.value.reviewStatus,
      hasPending: true,
      submittedByUser: enteredHere.value,
    },
  );
  const canEdit = computed(() => can({ allOf: ['trainee:enter'] }) && enteredHere.value && record.value?.reviewStatus !== 'pending');
  const canSeeTimeline = computed(() => can(TIMELINE_READERS));

  async function edit() {
    const r = record.value;
    if (!r) return;
    const saved = await openDialog<TraineeFormResult>(TraineeFormDialog, {
      mode: 'edit',
      id: r.id,
      // Personal data is held masked: it is entered again in full.
      initial: { name: r.name, personCategory: r.personCategory, idNumber: '', phone: '', bankAccount: '' },
      masked: { idNumber: r.idNumber, phone: r.phone, bankAccount: r.bankAccount },
      canSubmit: false,
    });
    if (saved) await review.refetchAfterWrite();
  }

  const openReplay = (revision?: number) =>
    record.value && router.push({ name: 'AuditReplay', params: { streamId: record.value.streamId }, query: revision === undefined ? {} : { revision: String(revision) } });

  return { record, loading, loadError, refetch, activeTab, categories, canEdit, canSeeTimeline, ...review, edit, openReplay };
}
