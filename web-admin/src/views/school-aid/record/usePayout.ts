// 资助发放 on the application's record: its instalments (each reserved on the fund at approval, then
// ordered, paid or failed through payment batches), the school recording the student's
// 社保卡金融账户 (shown masked; the server checks the number and keeps it encrypted), and the payer
// re-issuing a failed instalment once a different account is recorded.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox, type FormInstance, type FormRules } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { RecordSchoolAidPayoutAccountDocument, ReissueSchoolAidInstalmentDocument, SchoolAidPayoutDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';

export const ACCOUNT_RULES: FormRules = {
  account: [
    { required: true, message: '请填写社保卡金融账户', trigger: 'blur' },
    { pattern: /^\s*\d[\d\s]{11,22}\d\s*$/, message: '社保卡金融账户应为13至19位数字', trigger: 'blur' },
  ],
  accountName: [{ required: true, message: '请填写开户名', trigger: 'blur' }],
};

export function usePayout(id: () => string, mayRecordAccount: () => boolean) {
  const query = useQuery(SchoolAidPayoutDocument, () => ({ id: id() }), { fetchPolicy: 'cache-and-network' });
  const payout = computed(() => query.result.value?.schoolAidPayout ?? null);
  const canReissue = computed(() => can({ allOf: ['payment:manage'] }));
  const canRecord = computed(() => can({ allOf: ['student:register'] }) && mayRecordAccount());
  const { mutate: record } = useMutation(RecordSchoolAidPayoutAccountDocument);
  const { mutate: reissue } = useMutation(ReissueSchoolAidInstalmentDocument);
  const busy = ref(false);
  const dialogOpen = ref(false);
  const form = reactive({ account: '', accountName: '' });
  const formRef = ref<FormInstance>();

  async function saveAccount() {
    if (!(await formRef.value?.validate().catch(() => false))) return;
    busy.value = true;
    try {
      rememberWrite((await record({ id: id(), account: form.account.replace(/\s/g, ''), accountName: form.accountName.trim(), commandId: newCommandId() }))?.data?.recordSchoolAidPayoutAccount);
      ElMessage.success('收款账户已登记');
      dialogOpen.value = false;
      form.account = '';
      void query.refetch();
    } catch (e) {
      const error = toConsoleError(e);
      ElMessage.error([error.message, ...(error.fields ?? []).map((f) => f.message)].join('；'));
    } finally {
      busy.value = false;
    }
  }

  async function reissueInstalment(no: number) {
    const ok = await ElMessageBox.confirm(`第${no}期支付失败。确认按新登记的收款账户重新发放？资金将重新预留，下一支付批次以新的支付编号发放。`, '重新发放', { confirmButtonText: '重新发放', cancelButtonText: '取消' }).catch(() => false);
    if (!ok) return;
    busy.value = true;
    try {
      rememberWrite((await reissue({ id: id(), no, commandId: newCommandId() }))?.data?.reissueSchoolAidInstalment);
      ElMessage.success('已重新发放，资金已重新预留');
      void query.refetch();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      busy.value = false;
    }
  }

  return { payout, loading: query.loading, error: query.error, canRecord, canReissue, busy, dialogOpen, form, formRef, saveAccount, reissueInstalment };
}
