// One occupation record: the record itself and what the user may do with it now. The conditions
// mirror the domain's rules only to decide which buttons to show; the server decides.
import { computed } from 'vue';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { OccupationDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { useRecordReview } from '../../review/useRecordReview';
import OccupationFormDialog from '../OccupationFormDialog.vue';
import type { OccupationFormResult } from '../types';

export function useOccupationRecord(id: () => string) {
  const session = useSessionStore();
  // The declaration under review when there is one: the record as it will read once published.
  const page = useRecordPage(OccupationDocument, () => ({ id: id() }), (r) => r.occupation, (r) => `${r.pending?.name ?? r.name}（${r.pending?.code ?? r.code}）`);
  const { record, title } = page;

  const ownRecord = computed(() => record.value?.institutionId === session.me?.orgId);
  const status = computed(() => record.value?.reviewStatus);
  const review = useRecordReview(() => {
    const r = record.value;
    return (
      r && {
        streamId: r.streamId,
        title: title.value,
        reviewStatus: r.reviewStatus,
        hasPending: Boolean(r.pending),
        submittedByUser: ownRecord.value,
        decidedByUser: r.reviewAuthorityId === session.me?.orgId,
      }
    );
  });
  const canEdit = computed(
    () => can({ allOf: ['occupation:declare'] }) && ownRecord.value && status.value !== 'pending' && !(status.value === 'rejected' && !record.value?.published),
  );

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
    if (saved) await review.refetchAfterWrite();
  }

  return { page, review, canEdit, edit };
}
