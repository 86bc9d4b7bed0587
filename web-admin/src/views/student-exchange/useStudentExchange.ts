// 学籍数据对接: our registrations and status changes for the national technical-school registration
// system (as a file to upload there, or over its interface where the province is connected), and
// the national student list reconciled with ours. Each export and reconciliation is recorded.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { ExportForNationalSystemDocument, ReconcileNationalListDocument, ReconcileWithNationalSystemDocument, StudentExchangesDocument, SubmitToNationalSystemDocument, TechnicalSchoolsDocument, type ReconciliationFieldsFragment, type SubmitToNationalSystemMutation } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import { uploadFile } from '@/utils/upload';
import { saveBase64 } from '../technical-school/files';

export function useStudentExchange() {
  const { result, refetch } = useQuery(StudentExchangesDocument, null, { fetchPolicy: 'cache-and-network' });
  const history = computed(() => result.value?.studentExchanges ?? []);
  const connected = computed(() => result.value?.nationalRegistryConnected ?? false);
  const { result: schoolsResult } = useQuery(TechnicalSchoolsDocument, () => ({ page: { pageSize: 200 } }));
  const schools = computed(() => (schoolsResult.value?.technicalSchools.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` })));

  const form = reactive({ kind: 'registrations', format: 'xlsx', schoolId: '', from: '', to: '' });
  const filter = () => ({ schoolId: form.schoolId || null, from: form.from || null, to: form.to || null });
  const busy = ref(false);
  const submission = ref<SubmitToNationalSystemMutation['submitToNationalSystem']>();
  const reconciliation = ref<ReconciliationFieldsFragment>();
  const { mutate: exportFile } = useMutation(ExportForNationalSystemDocument);
  const { mutate: submit } = useMutation(SubmitToNationalSystemDocument);
  const { mutate: reconcileFile } = useMutation(ReconcileNationalListDocument);
  const { mutate: reconcileApi } = useMutation(ReconcileWithNationalSystemDocument);

  async function run(action: () => Promise<void>) {
    busy.value = true;
    try {
      await action();
      await refetch();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  const exportNow = () =>
    run(async () => {
      const file = (await exportFile({ kind: form.kind, format: form.format, filter: filter(), commandId: newCommandId() }))?.data?.exportForNationalSystem;
      if (!file) return;
      rememberWrite(file.result);
      saveBase64(file.fileName, file.contentType, file.contentBase64);
      ElMessage.success(`已导出 ${file.count} 条记录（导出已记录）`);
    });
  const submitNow = () =>
    run(async () => {
      const answer = (await submit({ kind: form.kind, filter: filter(), commandId: newCommandId() }))?.data?.submitToNationalSystem;
      if (!answer) return;
      rememberWrite(answer.result);
      submission.value = answer;
      ElMessage.success(`已报送 ${answer.count} 条，接收 ${answer.accepted} 条`);
    });
  const reconcileUpload = (file: File) =>
    run(async () => {
      const uploaded = await uploadFile(file, 'import');
      const answer = (await reconcileFile({ fileId: uploaded.fileId, schoolId: form.schoolId || null, commandId: newCommandId() }))?.data?.reconcileNationalList;
      if (!answer) return;
      rememberWrite(answer.result);
      reconciliation.value = answer;
    });
  // The hidden file input's change: the chosen workbook is uploaded, and the input cleared so the same file may be chosen again.
  const onReconcileFileChosen = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void reconcileUpload(file);
    input.value = '';
  };
  const reconcileOnline = () =>
    run(async () => {
      if (!form.schoolId) throw { code: 'BAD_USER_INPUT', message: '请选择要比对的院校', fields: [] };
      const answer = (await reconcileApi({ schoolId: form.schoolId, commandId: newCommandId() }))?.data?.reconcileWithNationalSystem;
      if (!answer) return;
      rememberWrite(answer.result);
      reconciliation.value = answer;
    });
  const downloadReport = () => reconciliation.value && saveBase64(reconciliation.value.reportFileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', reconciliation.value.reportBase64);

  return { history, connected, schools, form, busy, submission, reconciliation, exportNow, submitNow, reconcileUpload, onReconcileFileChosen, reconcileOnline, downloadReport };
}
