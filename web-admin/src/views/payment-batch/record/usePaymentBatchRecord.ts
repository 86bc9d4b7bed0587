// One payment batch: its orders (institutions' bank accounts and people's social-security cards) and
// figures, 发送银行 through the bank's HTTP interface, the bank's payment file (GET
// /payment-batches/:id/payment-file, written line by line by the server) and the bank's result file
// (the file itself as the body of POST /payment-batches/:id/results: /graphql's 1 MB body limit
// would stop a result file of more than ~14,000 lines; the server checks it as a whole and records
// nothing of a wrong file).
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { useRecordPage } from '@/components/record/use-record-page';
import { CSRF_HEADER, csrfToken } from '@/api/csrf';
import type { ConsoleError } from '@/api/errors';
import { PaymentBatchDocument, SendPaymentBatchDocument, VoidPaymentBatchDocument } from '@/graphql/generated';
import { downloadFile } from '@/utils/download';
import { newCommandId } from '@/utils/format';

/** POST the result file as it is (text/csv); an error answer becomes a ConsoleError with the server's Chinese message and fields. */
async function postResultFile(batchId: string, file: File): Promise<{ position: string | null }> {
  const token = csrfToken();
  let response: Response;
  try {
    response = await fetch(`/payment-batches/${encodeURIComponent(batchId)}/results?commandId=${newCommandId()}`, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'text/csv; charset=utf-8', ...(token ? { [CSRF_HEADER]: token } : {}) }, body: file });
  } catch {
    throw { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试', fields: [] } satisfies ConsoleError;
  }
  const parsed = (await response.json().catch(() => ({}))) as { position?: string | null; errors?: { message?: string; extensions?: { code?: string; fields?: { field: string; message: string }[] } }[] };
  if (!response.ok) {
    const first = parsed.errors?.[0];
    throw { code: first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', message: first?.message ?? `导入失败（HTTP ${response.status}）`, fields: first?.extensions?.fields ?? [] } satisfies ConsoleError;
  }
  return { position: parsed.position ?? null };
}

export function usePaymentBatchRecord(id: () => string) {
  const page = useRecordPage(PaymentBatchDocument, () => ({ id: id() }), (r) => r.paymentBatch, (r) => `${r.payerName ?? ''} 支付批次`);
  const canManage = computed(() => can({ allOf: ['payment:manage'] }));
  const busy = ref(false);
  const failure = ref('');
  const { mutate: send } = useMutation(SendPaymentBatchDocument);
  const { mutate: voidBatch } = useMutation(VoidPaymentBatchDocument);

  /**
   * 作废 a batch that never reached the bank (no payment file yet), with the reason: its records are
   * released and paid by a later batch. The server refuses an issued batch in Chinese.
   */
  async function voidPaymentBatch() {
    let reason: string;
    try {
      ({ value: reason } = await ElMessageBox.prompt('作废后本批次不能再生成支付文件或导入结果，其中的记录可在新的支付批次中支付。请填写作废原因：', '作废支付批次', {
        confirmButtonText: '作废',
        cancelButtonText: '取消',
        inputType: 'textarea',
        inputValidator: (v: string) => (v.trim() === '' ? '请填写作废原因' : v.trim().length > 200 ? '作废原因不能超过200个字' : true),
      }));
    } catch {
      return;
    }
    busy.value = true;
    failure.value = '';
    try {
      const r = (await voidBatch({ id: id(), reason: reason.trim(), commandId: newCommandId() }))?.data?.voidPaymentBatch;
      if (!r) throw new Error('empty answer');
      rememberWrite(r);
      ElMessage.success('支付批次已作废，其中的记录可在新的支付批次中支付');
      page.refetch();
    } catch (e) {
      failure.value = toConsoleError(e).message;
    } finally {
      busy.value = false;
    }
  }

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
      await downloadFile(`/payment-batches/${encodeURIComponent(id())}/payment-file`, `GZPAY-${id()}.csv`);
      ElMessage.success('支付文件已生成并下载');
      // The file's route answers with the file, not a log position to read after: the batch's row shows
      // the issue once its projection has passed it, so read again until it does (a few seconds at most).
      for (let i = 0; i < 20; i++) {
        await page.refetch();
        if (page.record.value?.issuedOn) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
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
      rememberWrite(await postResultFile(id(), file));
      ElMessage.success('支付结果已导入');
      page.refetch();
    } catch (e) {
      const error = toConsoleError(e);
      // The file route's message may repeat its first field's: each reason once.
      failure.value = [...new Set([error.message, ...(error.fields ?? []).map((f) => f.message)])].join('；');
    } finally {
      busy.value = false;
    }
    return false;
  }

  return { page, canManage, busy, failure, downloadPaymentFile, uploadResults, sendToBank, voidPaymentBatch };
}
