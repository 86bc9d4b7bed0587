// One school's blank diplomas: the account, every number's state, the request or the diplomas under
// review; the school requests, issues, spoils, submits diplomas for approval, applies for amendments
// and reprints and withdraws a diploma awaiting approval (the conditions only decide which buttons
// show; the server decides).
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useRecordPage } from '@/components/record/use-record-page';
import { CancelDiplomaIssueDocument, DiplomaStockDocument, DiplomaStocksDocument, PrintDiplomaDocument, ReprintDiplomaDocument, SpoilDiplomaBlankDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import { saveBase64 } from '../../technical-school/files';
import { useSchoolRecordReview } from '../../technical-school/use-school-record-review';
import AmendDialog from '../AmendDialog.vue';
import IssueDialog from '../IssueDialog.vue';
import RequestDialog from '../RequestDialog.vue';

export function useDiplomaStockRecord(schoolId: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(DiplomaStockDocument, () => ({ schoolId: schoolId() }), (r) => r.diplomaStock && { ...r.diplomaStock, id: r.diplomaStock.schoolId }, (r) => `${r.schoolName ?? ''}·空白毕业证`);
  const { record, title } = page;
  const own = computed(() => record.value?.schoolId === session.me?.orgId);
  const review = useSchoolRecordReview(() => {
    const r = record.value;
    return r && { streamId: r.streamId, title: title.value, reviewStatus: r.reviewStatus, hasPending: Boolean(r.requested) || r.awaitingApproval > 0, submittedByUser: own.value };
  }, [DiplomaStockDocument, DiplomaStocksDocument]);
  const canAct = computed(() => can({ allOf: ['student:register'] }) && own.value);
  const { mutate: spoil } = useMutation(SpoilDiplomaBlankDocument);
  const { mutate: print } = useMutation(PrintDiplomaDocument);
  const { mutate: reprintMutation } = useMutation(ReprintDiplomaDocument);
  const { mutate: cancelMutation } = useMutation(CancelDiplomaIssueDocument);
  const busy = ref(false);

  /** Runs one write, shows its outcome, refetches. */
  async function write(run: () => Promise<unknown>, done: string) {
    busy.value = true;
    try {
      rememberWrite((await run()) as Parameters<typeof rememberWrite>[0]);
      ElMessage.success(done);
      await review.refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }
  async function amend(number: string, studentName: string) {
    if (await openDialog(AmendDialog, { number, studentName })) await review.refetchAfterWrite();
  }
  async function reprint(number: string) {
    const answer = await ElMessageBox.prompt(`补打编号 ${number} 的毕业证（遗失、损毁）：使用库存中新的编号，审批通过后旧编号作废。请填写补打原因：`, '申请补打', { confirmButtonText: '申请补打', cancelButtonText: '取消', inputPattern: /\S/, inputErrorMessage: '请填写原因' }).catch(() => undefined);
    if (answer) await write(async () => (await reprintMutation({ number, reason: answer.value, commandId: newCommandId() }))?.data?.reprintDiploma, '已申请补打，请提交审批');
  }
  async function cancelIssue(number: string) {
    const ok = await ElMessageBox.confirm(`撤销编号 ${number} 的毕业证（尚未审批），编号退回库存？`, '撤销发放', { confirmButtonText: '撤销', cancelButtonText: '取消', type: 'warning' }).catch(() => false);
    if (ok) await write(async () => (await cancelMutation({ number, commandId: newCommandId() }))?.data?.cancelDiplomaIssue, '已撤销，编号已退回库存');
  }

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
  return { page, review, busy, canAct, request, issue, spoilBlank, printDiploma, amend, reprint, cancelIssue };
}
