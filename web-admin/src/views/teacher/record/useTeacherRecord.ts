// One teacher: the person (ID number masked, with the audited 查看), every institution that engages
// them, the qualification and pool tier, review history and timeline, and what the user may do
// now: an engaging institution edits and submits; the authority reviews, certifies the teaching
// qualification, places the teacher in the pool and revokes.
import { computed } from 'vue';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { TeacherDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { useDict } from '@/utils/dict';
import { useRecordReview } from '../../review/useRecordReview';
import TeacherFormDialog from '../TeacherFormDialog.vue';
import TeacherManageDialog from '../TeacherManageDialog.vue';
import type { TeacherFormResult, TeacherManageMode } from '../types';

/** Review states from which the institution may (re)submit, as the domain's SubmitForReview allows. */
const SUBMITTABLE = ['draft', 'returned', 'withdrawn'];

export function useTeacherRecord(id: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(TeacherDocument, () => ({ id: id() }), (r) => r.teacher, (r) => r.name);
  const { record } = page;
  const sexes = useDict('sex');
  const revoked = computed(() => Boolean(record.value?.revokedReason));
  const engagedHere = computed(() => Boolean(record.value?.engagements.some((e) => e.institutionId === session.me?.orgId)));
  const approved = computed(() => Boolean(record.value?.engagements.some((e) => e.status === 'approved')));
  const review = useRecordReview(() => {
    const r = record.value;
    return (
      r && {
        streamId: r.streamId,
        title: r.name,
        reviewStatus: r.reviewStatus,
        hasPending: !revoked.value && (SUBMITTABLE.includes(r.reviewStatus) || r.engagements.some((e) => e.status === 'pending')),
        submittedByUser: engagedHere.value,
      }
    );
  });
  const canEdit = computed(() => can({ allOf: ['teacher:declare'] }) && engagedHere.value && !revoked.value && record.value?.reviewStatus !== 'pending');
  /** The reference face for attendance capture: an institution the teacher is engaged with enrols it. */
  const canEnrolFace = computed(() => can({ allOf: ['teacher:declare'] }) && engagedHere.value && !revoked.value);
  const manages = computed(() => can({ allOf: ['teacher:manage'] }) && !revoked.value);
  const canCertify = computed(() => manages.value && approved.value);
  const canAssignTier = computed(() => manages.value && approved.value);
  const canRevoke = manages;
  /** A login for the mobile capture app (授课教师): the engaging institution, or an authority above it, creates it. */
  const canCreateAccount = computed(() => !revoked.value && approved.value && ((can({ allOf: ['teacher:declare'] }) && engagedHere.value) || can({ allOf: ['teacher:manage'] })));

  async function edit() {
    const r = record.value;
    if (!r) return;
    const saved = await openDialog<TeacherFormResult>(TeacherFormDialog, {
      mode: 'edit',
      id: r.id,
      initial: {
        name: r.name,
        // Held masked: left empty, the server keeps it.
        idNumber: '',
        fullTime: r.fullTime,
        subjects: [...r.subjects],
        level: r.level,
        trainingQualification: r.trainingQualification,
        yearsTeaching: r.yearsTeaching,
        trainingHistory: r.trainingHistory.map((h) => ({ from: h.from, to: h.to, content: h.content, organiser: h.organiser })),
      },
      maskedIdNumber: r.idNumber,
      canSubmit: false,
    });
    if (saved) await review.refetchAfterWrite();
  }

  async function manage(mode: TeacherManageMode) {
    const r = record.value;
    if (!r) return;
    const done = await openDialog<boolean>(TeacherManageDialog, { mode, id: r.id, name: r.name, certificateNo: r.qualificationCertificateNo, tier: r.tier });
    if (done) await review.refetchAfterWrite();
  }

  return { page, review, sexes, revoked, canEdit, canEnrolFace, canCertify, canAssignTier, canRevoke, canCreateAccount, edit, manage };
}
