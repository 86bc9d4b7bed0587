// One trainee: the person (personal data masked, with the audited 查看), every institution that
// entered them (a second entry is flagged for review), review history and timeline.
import { computed } from 'vue';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { TraineeDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { useDict } from '@/utils/dict';
import { useRecordReview } from '../../review/useRecordReview';
import TraineeFormDialog from '../TraineeFormDialog.vue';
import type { TraineeFormResult } from '../types';

export function useTraineeRecord(id: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(TraineeDocument, () => ({ id: id() }), (r) => r.trainee, (r) => r.name);
  const { record } = page;
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
  /** The reference face for attendance capture: the institution holding the person enrols it (the server refuses a pending duplicate entry). */
  const canEnrolFace = computed(() => can({ allOf: ['trainee:enter'] }) && enteredHere.value);

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

  return { page, review, categories, canEdit, canEnrolFace, edit };
}
