// One student: particulars (personal data masked, with the audited 查看), the status in force, an
// application under way, the approved changes and past enrolments; and what the user may do now:
// review, correct a registration, apply for a change (or, at the receiving school, for 转入),
// withdraw an application, call a transfer off, print the record card, ask the status on a day.
// The conditions only decide which buttons show; the server decides.
import { useApolloClient, useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { CancelStudentChangeDocument, CancelStudentRegistrationDocument, CancelStudentTransferDocument, ExportStudentCardDocument, StudentDocument, StudentsDocument, StudentStatusOnDocument, type StudentStatusOnQuery } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import { saveBase64 } from '../../technical-school/files';
import { useSchoolRecordReview } from '../../technical-school/use-school-record-review';
import ChangeDialog from '../ChangeDialog.vue';
import StudentFormDialog from '../StudentFormDialog.vue';

const KINDS: Record<string, string[]> = {
  enrolled: ['transfer_out', 'suspend', 'withdraw', 'cancel', 'change_major', 'repeat_year', 'graduate', 'complete'],
  suspended: ['resume', 'withdraw', 'cancel'],
};

export function useStudentRecord(id: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(StudentDocument, () => ({ id: id() }), (r) => r.student, (r) => `${r.name}（${r.idNumber}）`);
  const { record } = page;
  const org = computed(() => session.me?.orgId);
  const mySchool = computed(() => record.value?.schoolId === org.value);
  const incoming = computed(() => Boolean(record.value?.transferToSchoolId) && record.value?.transferToSchoolId === org.value);
  const submitter = computed(() => (record.value?.status === 'registering' ? mySchool.value : record.value?.application?.schoolId === org.value));
  const review = useSchoolRecordReview(() => {
    const r = record.value;
    return r && { streamId: r.streamId, title: r.application ? `${r.name}·${r.application.kindLabel}` : `${r.name}·学籍注册`, reviewStatus: r.reviewStatus, hasPending: r.status === 'registering' || Boolean(r.application), submittedByUser: submitter.value };
  }, [StudentDocument, StudentsDocument]);
  const registering = computed(() => record.value?.status === 'registering' && record.value.reviewStatus !== 'pending');
  const canRegister = computed(() => can({ allOf: ['student:register'] }));
  const canEditRegistration = computed(() => canRegister.value && mySchool.value && registering.value);
  const changeKinds = computed(() => {
    const r = record.value;
    if (!r || !canRegister.value || r.application) return [];
    if (incoming.value) return ['transfer_in'];
    if (!mySchool.value || r.transferToSchoolId) return [];
    return KINDS[r.status] ?? [];
  });
  const canCancelApplication = computed(() => canRegister.value && record.value?.application?.schoolId === org.value && record.value?.reviewStatus !== 'pending');
  const canCancelTransfer = computed(() => canRegister.value && Boolean(record.value?.transferToSchoolId) && (mySchool.value || incoming.value) && !record.value?.application);

  const { mutate: cancelRegistration } = useMutation(CancelStudentRegistrationDocument);
  const { mutate: cancelChange } = useMutation(CancelStudentChangeDocument);
  const { mutate: cancelTransfer } = useMutation(CancelStudentTransferDocument);
  const { mutate: exportCard } = useMutation(ExportStudentCardDocument);
  const busy = ref(false);

  async function act(action: () => Promise<{ position?: string | null } | null | undefined>, done: string) {
    busy.value = true;
    try {
      rememberWrite(await action());
      ElMessage.success(done);
      await review.refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }
  const reason = (title: string, message: string) => ElMessageBox.prompt(message, title, { confirmButtonText: '确定', cancelButtonText: '取消', inputPattern: /\S/, inputErrorMessage: '请填写原因' }).then((a) => a.value).catch(() => undefined);

  async function editRegistration() {
    const r = record.value;
    if (!r) return;
    const saved = await openDialog(StudentFormDialog, {
      mode: 'edit',
      id: r.id,
      initial: { name: r.name, phone: '', householdType: r.householdType, povertyRegistered: r.povertyRegistered, education: r.education, previousSchool: r.previousSchool, address: r.address, personCategory: r.personCategory ?? '', majorId: r.majorId ?? '', classType: r.classType ?? '', studyMode: r.studyMode ?? 'full_time', cohortYear: r.cohortYear ?? new Date().getFullYear(), enrolledOn: r.enrolledOn ?? '', studentNumber: r.studentNumber ?? '' },
      masked: { idNumber: r.idNumber, phone: r.phone },
      canSubmit: false,
    });
    if (saved) await review.refetchAfterWrite();
  }
  async function applyChange() {
    const r = record.value;
    if (!r) return;
    const saved = await openDialog(ChangeDialog, { id: r.id, kinds: changeKinds.value, studentName: r.name, currentSchoolId: r.schoolId, cohortYear: r.cohortYear });
    if (saved) await review.refetchAfterWrite();
  }
  async function cancelRegistrationNow() {
    const why = await reason('撤销学籍注册', '撤销后该注册不再有效（可重新注册）。请填写原因：');
    if (why) await act(async () => (await cancelRegistration({ id: id(), reason: why, commandId: newCommandId() }))?.data?.cancelStudentRegistration, '已撤销注册');
  }
  async function cancelApplication() {
    const why = await reason('撤销异动申请', '请填写撤销原因：');
    if (why) await act(async () => (await cancelChange({ id: id(), reason: why, commandId: newCommandId() }))?.data?.cancelStudentChange, '已撤销申请');
  }
  async function cancelTransferNow() {
    const why = await reason('取消转学', '取消后学生仍在原院校在籍。请填写原因：');
    if (why) await act(async () => (await cancelTransfer({ id: id(), reason: why, commandId: newCommandId() }))?.data?.cancelStudentTransfer, '已取消转学');
  }
  async function printCard() {
    busy.value = true;
    try {
      const file = (await exportCard({ id: id(), commandId: newCommandId() }))?.data?.exportStudentCard;
      if (!file) return;
      rememberWrite(file.result);
      saveBase64(file.fileName, file.contentType, file.contentBase64);
      ElMessage.success('学籍卡已生成，打印记录已计入时间线');
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  // 学籍状态查询: the status on a chosen day, from the student's events.
  const asOfDate = ref(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  const asOf = ref<StudentStatusOnQuery['studentStatusOn']>();
  const { resolveClient } = useApolloClient();
  async function queryAsOf() {
    try {
      const { data } = await resolveClient().query({ query: StudentStatusOnDocument, variables: { id: id(), date: asOfDate.value }, fetchPolicy: 'network-only' });
      asOf.value = data.studentStatusOn;
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  return {
    page,
    review,
    busy,
    canEditRegistration,
    registering,
    mySchool,
    changeKinds,
    incoming,
    canCancelApplication,
    canCancelTransfer,
    editRegistration,
    applyChange,
    cancelRegistrationNow,
    cancelApplication,
    cancelTransferNow,
    printCard,
    asOfDate,
    asOf,
    queryAsOf,
  };
}
