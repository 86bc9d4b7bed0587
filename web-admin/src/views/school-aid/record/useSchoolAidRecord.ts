// One application: what was applied for, the amount as assessed (with the standard's version and
// the student record's revision it was computed from), the disbursement plan, the review; the school
// may withdraw it from review (the shared actions) or cancel it before it is decided.
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { useRecordPage } from '@/components/record/use-record-page';
import { CancelSchoolAidDocument, SchoolAidDocument, SchoolAidsDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import { useSchoolRecordReview } from '../../technical-school/use-school-record-review';

export function useSchoolAidRecord(id: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(SchoolAidDocument, () => ({ id: id() }), (r) => r.schoolAid, (r) => `${r.studentName}·${r.schoolYear}学年${r.kindLabel}`);
  const { record, title } = page;
  const ownSchool = computed(() => record.value?.schoolId === session.me?.orgId);
  const review = useSchoolRecordReview(() => {
    const r = record.value;
    return r && { streamId: r.streamId, title: title.value, reviewStatus: r.reviewStatus, hasPending: r.status === 'applied', submittedByUser: ownSchool.value };
  }, [SchoolAidDocument, SchoolAidsDocument]);
  const canCancel = computed(() => can({ allOf: ['student:register'] }) && ownSchool.value && record.value?.status === 'applied' && record.value.reviewStatus !== 'pending');
  const { mutate: cancel } = useMutation(CancelSchoolAidDocument);
  const busy = ref(false);

  async function cancelNow() {
    const answer = await ElMessageBox.prompt('撤销后该申请不再有效（可在申报时间内重新申请）。请填写原因：', '撤销资助申请', { confirmButtonText: '撤销', cancelButtonText: '取消', inputPattern: /\S/, inputErrorMessage: '请填写原因' }).catch(() => undefined);
    if (!answer) return;
    busy.value = true;
    try {
      rememberWrite((await cancel({ id: id(), reason: answer.value, commandId: newCommandId() }))?.data?.cancelSchoolAid);
      ElMessage.success('已撤销');
      await review.refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }
  return { page, review, busy, canCancel, cancelNow };
}
