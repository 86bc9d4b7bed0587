// One student's diploma photo: the approved one and the one awaiting review, the review actions, a
// new upload. A photo is shown only when asked for: each view is a recorded download (GET /files/:id).
import { ElMessage } from 'element-plus';
import { computed, onBeforeUnmount, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { DiplomaPhotoDocument, DiplomaPhotosDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { useSchoolRecordReview } from '../../technical-school/use-school-record-review';
import UploadPhotosDialog from '../UploadPhotosDialog.vue';

export function useDiplomaPhotoRecord(studentId: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(DiplomaPhotoDocument, () => ({ studentId: studentId() }), (r) => r.diplomaPhoto && { ...r.diplomaPhoto, id: r.diplomaPhoto.studentId }, (r) => `${r.studentName}·毕业证照片`);
  const { record, title } = page;
  const own = computed(() => record.value?.schoolId === session.me?.orgId);
  const review = useSchoolRecordReview(() => {
    const r = record.value;
    return r && { streamId: r.streamId, title: title.value, reviewStatus: r.reviewStatus, hasPending: Boolean(r.pending), submittedByUser: own.value };
  }, [DiplomaPhotoDocument, DiplomaPhotosDocument]);
  const canUpload = computed(() => can({ allOf: ['student:register'] }) && own.value);
  const shown = ref<Record<string, string>>({});
  const loading = ref(false);

  async function show(fileId: string) {
    loading.value = true;
    try {
      const response = await fetch(`/files/${encodeURIComponent(fileId)}`, { credentials: 'same-origin' });
      if (!response.ok) throw { code: 'NOT_FOUND', message: '照片不存在或您无权查看', fields: [] };
      shown.value = { ...shown.value, [fileId]: URL.createObjectURL(await response.blob()) };
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      loading.value = false;
    }
  }
  onBeforeUnmount(() => Object.values(shown.value).forEach((url) => URL.revokeObjectURL(url)));

  async function upload() {
    const r = record.value;
    if (!r) return;
    if (await openDialog<boolean>(UploadPhotosDialog, { canSubmit: can({ allOf: ['review:submit'] }), studentId: r.studentId, studentName: r.studentName })) await review.refetchAfterWrite();
  }
  return { page, review, canUpload, shown, loading, show, upload };
}
