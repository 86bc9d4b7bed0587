// One school: its information in force and a change under review, the periods that bind it, and
// (for the school itself) the change of its information.
import { computed } from 'vue';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { TechnicalSchoolDocument, TechnicalSchoolsDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import SchoolFormDialog from '../SchoolFormDialog.vue';
import { useSchoolRecordReview } from '../use-school-record-review';

export function useTechnicalSchoolRecord(id: () => string) {
  const session = useSessionStore();
  // The periods that bind the school come with it (one query; out of scope, both answer as missing).
  const page = useRecordPage(TechnicalSchoolDocument, () => ({ id: id() }), (r) => r.technicalSchool && { ...r.technicalSchool, windows: r.schoolWindowsFor }, (r) => r.name);
  const { record } = page;
  const windows = computed(() => record.value?.windows ?? []);
  const ownSchool = computed(() => record.value?.id === session.me?.orgId);
  const review = useSchoolRecordReview(() => {
    const r = record.value;
    return r && { streamId: r.streamId, title: `${r.name}（基本信息变更）`, reviewStatus: r.reviewStatus, hasPending: Boolean(r.pending), submittedByUser: ownSchool.value };
  }, [TechnicalSchoolDocument, TechnicalSchoolsDocument]);
  const canChange = computed(() => can({ allOf: ['technical-school:edit'] }) && ownSchool.value && record.value?.reviewStatus !== 'pending');

  async function change() {
    const r = record.value;
    if (!r) return;
    const current = r.pending ?? r.info;
    const saved = await openDialog(SchoolFormDialog, {
      mode: 'change',
      id: r.id,
      initial: { ...current, establishedYear: current.establishedYear ?? null },
      canSubmit: can({ allOf: ['review:submit'] }),
    });
    if (saved) await review.refetchAfterWrite();
  }
  return { page, review, windows, canChange, change };
}
