// One person's vouchers (持券人): every voucher with its use, card load, settlement or end, the
// timeline of the holder's stream through the record shell, and cancel (with a reason) or a retried
// card load for those who may issue.
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { useRecordPage } from '@/components/record/use-record-page';
import { CancelVoucherDocument, ReloadVoucherCardDocument, VoucherHolderDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import type { VoucherRow } from '../types';

export function useVoucherRecord(personId: () => string) {
  const page = useRecordPage(VoucherHolderDocument, () => ({ personId: personId() }), (r) => r.voucherHolder, (r) => `${r.name} 的培训券`);
  const canIssue = computed(() => can({ allOf: ['voucher:issue'] }));
  const busy = ref(false);
  const { mutate: cancelMutation } = useMutation(CancelVoucherDocument);
  const { mutate: reloadMutation } = useMutation(ReloadVoucherCardDocument);

  async function cancel(voucher: VoucherRow) {
    const answer = await ElMessageBox.prompt(`作废后培训券 ${voucher.voucherNo} 不能再使用${voucher.status === 'used' ? '，也不再结算' : ''}。请填写作废原因：`, '作废培训券', {
      confirmButtonText: '作废',
      cancelButtonText: '取消',
      inputPattern: /\S/,
      inputErrorMessage: '请填写作废原因',
    }).catch(() => undefined);
    if (!answer) return;
    busy.value = true;
    try {
      rememberWrite((await cancelMutation({ id: voucher.id, reason: answer.value, commandId: newCommandId() }))?.data?.cancelVoucher);
      ElMessage.success('培训券已作废');
      page.refetch();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  async function reloadCard(voucher: VoucherRow) {
    busy.value = true;
    try {
      rememberWrite((await reloadMutation({ id: voucher.id, commandId: newCommandId() }))?.data?.reloadVoucherCard);
      page.refetch();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  return { page, canIssue, busy, cancel, reloadCard };
}
