// One school's blank diplomas: the account, every number's state, the request under review; the
// school requests, issues and spoils (the conditions only decide which buttons show; the server decides).
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { DiplomaStockDocument, DiplomaStocksDocument, PrintDiplomaDocument, SpoilDiplomaBlankDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import { saveBase64 } from '../../technical-school/files';
import { useSchoolRecordReview } from '../../technical-school/use-school-record-review';
import IssueDialog from '../IssueDialog.vue';
import RequestDialog from '../RequestDialog.vue';

export function useDiplomaStockRecord(schoolId: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(DiplomaStockDocument, () => ({ schoolId: schoolId() }), (r) => r.diplomaStock && { ...r.diplomaStock, id: r.diplomaStock.schoolId }, (r) => `${r.schoolName ?? ''}·空白毕业证`);
  const { record, title } = page;
  const own = computed(() => record.value?.schoolId === session.me?.orgId);
  const review = useSchoolRecordReview(() => {
    const r = record.value;
    return r && { streamId: r.streamId, title: title.value, reviewStatus: r.reviewStatus, hasPending: Boolean(r.requested), submittedByUser: own.value };
  }, [DiplomaStockDocument, DiplomaStocksDocument]);
  const canAct = computed(() => can({ allOf: ['student:register'] }) && own.value);
  const { mutate: spoil } = useMutation(SpoilDiplomaBlankDocument);
  const { mutate: print } = useMutation(PrintDiplomaDocument);
  const busy = ref(false);

  async function request() {
    if (await openDialog(RequestDialog, { canSubmit: can({ allOf: ['review:submit'] }) })) await review.refetchAfterWrite();
  }
  async function issue() {
    if (await openDialog(IssueDialog)) await review.refetchAfterWrite();
  }
  async function spoilBlank(number: string) {
    const answer = await ElMessageBox.prompt(`作废编号 ${number} 的空白毕业证（如印错、损坏），作废后该编号不再使用。请填写原因：`, '作废空白毕业证', { confirmButtonText: '作废', cancelButtonText: '取消', inputPattern: /\S/, inputErrorMessage: '请填写原因' }).catch(() => undefined);
    if (!answer) return;
    busy.value = true;
    try {
      rememberWrite((await spoil({ number, reason: answer.value, commandId: newCommandId() }))?.data?.spoilDiplomaBlank);
      ElMessage.success('已作废');
      await review.refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }
  /** 打印: the PDF of an issued number, the print recorded on the school's record. */
  async function printDiploma(number: string) {
    busy.value = true;
    try {
      const file = (await print({ number, commandId: newCommandId() }))?.data?.printDiploma;
      if (!file) return;
      rememberWrite(file.result);
      saveBase64(file.fileName, file.contentType, file.contentBase64);
      ElMessage.success('已生成毕业证书，打印记录已计入时间线');
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }
  return { page, review, busy, canAct, request, issue, spoilBlank, printDiploma };
}
