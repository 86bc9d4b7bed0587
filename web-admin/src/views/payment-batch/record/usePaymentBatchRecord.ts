// One payment batch: its orders (institutions' bank accounts and people's social-security cards) and
// figures, 发送银行 through the bank's HTTP interface, the bank's payment file (downloaded as the server
// renders it) and the bank's result file (read in the browser and sent as text; the server checks
// it as a whole and records nothing of a wrong file).
import { useMutation } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { useRecordPage } from '@/components/record/use-record-page';
import { ImportPaymentResultsDocument, IssuePaymentFileDocument, PaymentBatchDocument, SendPaymentBatchDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';

export function usePaymentBatchRecord(id: () => string) {
  const page = useRecordPage(PaymentBatchDocument, () => ({ id: id() }), (r) => r.paymentBatch, (r) => `${r.payerName ?? ''} 支付批次`);
  const canManage = computed(() => can({ allOf: ['payment:manage'] }));
  const busy = ref(false);
  const failure = ref('');
  const { mutate: issue } = useMutation(IssuePaymentFileDocument);
  const { mutate: importResults } = useMutation(ImportPaymentResultsDocument);
  const { mutate: send } = useMutation(SendPaymentBatchDocument);

  /** 发送银行 through the bank's HTTP interface (when the server has one): safe to repeat, nothing is paid twice. */
  async function sendToBank() {
    busy.value = true;
    failure.value = '';
    try {
      const r = (await send({ id: id() }))?.data?.sendPaymentBatch;
      if (!r) throw new Error('empty answer');
      ElMessage.success(`已发送${r.sent}笔，银行已回复${r.answered}笔${r.pending ? `，${r.pending}笔银行处理中（稍后再次发送即可查询，不会重复支付）` : ''}`);
      page.refetch();
    } catch (e) {
      failure.value = toConsoleError(e).message;
    } finally {
      busy.value = false;
    }
  }

  async function downloadPaymentFile() {
    busy.value = true;
    try {
      const file = (await issue({ id: id() }))?.data?.issuePaymentFile;
      if (!file) throw new Error('empty answer');
      const url = URL.createObjectURL(new Blob([file.content], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      a.click();
      URL.revokeObjectURL(url);
      ElMessage.success(`支付文件已生成（摘要 ${file.sha256.slice(0, 12)}…）`);
      page.refetch();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  async function uploadResults(file: File) {
    busy.value = true;
    failure.value = '';
    try {
      const content = await file.text();
      rememberWrite((await importResults({ id: id(), content, commandId: newCommandId() }))?.data?.importPaymentResults);
      ElMessage.success('支付结果已导入');
      page.refetch();
    } catch (e) {
      const error = toConsoleError(e);
      failure.value = [error.message, ...(error.fields ?? []).map((f) => f.message)].join('；');
    } finally {
      busy.value = false;
    }
    return false;
  }

  return { page, canManage, busy, failure, downloadPaymentFile, uploadResults, sendToBank };
}
