// The payment batches list: rows with their figures, and creating a batch for a fund (payment:manage).
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { CreatePaymentBatchDocument, PaymentBatchesDocument, PaymentFundChoicesDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import { formatFen } from '@/utils/money';

export const BATCH_COLUMNS: readonly ColumnOption[] = [
  { key: 'payer', label: '支付单位' },
  { key: 'status', label: '状态' },
  { key: 'count', label: '笔数' },
  { key: 'total', label: '合计' },
  { key: 'paid', label: '支付成功' },
  { key: 'failed', label: '支付失败' },
  { key: 'pending', label: '待回盘' },
  { key: 'updatedAt', label: '更新时间' },
];

export function usePaymentBatchList() {
  const router = useRouter();
  const list = useListState<Record<string, never>>(() => ({}));
  const page = usePagedQuery(PaymentBatchesDocument, () => ({ page: list.page() }), (r) => r.paymentBatches);
  const table = useTableSettings('PaymentBatchList', BATCH_COLUMNS);
  const canManage = computed(() => can({ allOf: ['payment:manage'] }));
  const funds = useQuery(PaymentFundChoicesDocument, null, () => ({ enabled: canManage.value }));
  const fundOptions = computed(() => (funds.result.value?.funds.items ?? []).map((f) => ({ value: f.id, label: `${f.authorityName ?? ''} ${f.year}年${f.lineLabel}（可用余额 ${formatFen(f.remainingFen)} 元）` })));
  const fundId = ref('');
  const creating = ref(false);
  const { mutate } = useMutation(CreatePaymentBatchDocument);
  const openRecord = (id: string) => router.push({ name: 'PaymentBatchRecord', params: { id } });

  async function create() {
    if (!fundId.value) return void ElMessage.warning('请选择资金');
    creating.value = true;
    try {
      const answer = (await mutate({ fundId: fundId.value, commandId: newCommandId() }))?.data?.createPaymentBatch;
      if (!answer) throw new Error('empty answer');
      rememberWrite(answer);
      if (answer.skipped.length) await ElMessageBox.alert(answer.skipped.join('\n'), `已生成 ${answer.orderCount} 笔支付指令；以下申报未纳入`, { confirmButtonText: '知道了' });
      else ElMessage.success(`已生成 ${answer.orderCount} 笔支付指令，合计 ${formatFen(answer.totalFen)} 元`);
      void page.refresh()?.catch(() => undefined);
      await openRecord(answer.id);
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      creating.value = false;
    }
  }

  return { list, page, table, canManage, fundOptions, fundId, creating, create, openRecord };
}
