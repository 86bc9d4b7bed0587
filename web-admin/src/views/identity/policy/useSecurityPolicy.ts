// 密码与会话策略 (the security administrator): password length and classes, age, history, lockout
// and session idle timeout. The server refuses anything weaker than the 等保三级 baseline and says
// which field; each change is an event in the security log.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, reactive, watch } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { useFormSubmit } from '@/components/use-form-submit';
import { SecurityPolicyDocument, SetSecurityPolicyDocument, type SecurityPolicyInput } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';

/** The form's fields in display order, with their units. */
export const POLICY_FIELDS: { key: keyof SecurityPolicyInput; label: string; unit: string; group: 'password' | 'lockout' | 'session' }[] = [
  { key: 'minLength', label: '密码最小长度', unit: '位', group: 'password' },
  { key: 'minCharacterClasses', label: '密码字符类别数', unit: '类（大写、小写、数字、特殊字符）', group: 'password' },
  { key: 'maxAgeDays', label: '密码有效期', unit: '天', group: 'password' },
  { key: 'historySize', label: '不得重复使用的历史密码数', unit: '个', group: 'password' },
  { key: 'maxFailedAttempts', label: '连续登录失败锁定次数', unit: '次', group: 'lockout' },
  { key: 'lockMinutes', label: '锁定时长', unit: '分钟', group: 'lockout' },
  { key: 'idleMinutes', label: '会话空闲超时', unit: '分钟', group: 'session' },
];

export const POLICY_GROUPS = [
  { key: 'password', title: '密码策略' },
  { key: 'lockout', title: '登录失败锁定' },
  { key: 'session', title: '会话' },
] as const;

export function useSecurityPolicy() {
  const { result, loading, error, refetch } = useQuery(SecurityPolicyDocument);
  const current = computed(() => result.value?.securityPolicy);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const model = reactive<SecurityPolicyInput>({ minLength: 8, minCharacterClasses: 3, maxAgeDays: 90, historySize: 5, maxFailedAttempts: 5, lockMinutes: 30, idleMinutes: 30 });
  // Only the policy's own fields: the cached result also carries __typename, which no input accepts.
  const pick = (p: SecurityPolicyInput): SecurityPolicyInput => Object.fromEntries(POLICY_FIELDS.map((f) => [f.key, p[f.key]])) as unknown as SecurityPolicyInput;
  // The form shows the policy in force until the user edits it; a refetch after saving resets it.
  watch(current, (p) => p && Object.assign(model, pick(p)), { immediate: true });
  const changed = computed(() => Boolean(current.value) && POLICY_FIELDS.some((f) => current.value![f.key] !== model[f.key]));

  const { failure, fieldErrors, saving, submit } = useFormSubmit();
  const { mutate } = useMutation(SetSecurityPolicyDocument);

  async function save() {
    const confirmed = await ElMessageBox.confirm('新策略立即生效：密码规则在下次修改密码时适用，会话超时对新登录生效。确定保存吗？', '保存安全策略', {
      type: 'warning',
      confirmButtonText: '保存',
      cancelButtonText: '取消',
    }).catch(() => false);
    if (!confirmed) return;
    await submit(null, async () => {
      rememberWrite((await mutate({ input: pick(model), commandId: newCommandId() }))?.data?.setSecurityPolicy);
      ElMessage.success('安全策略已保存');
      await refetch();
    });
  }

  const restore = () => current.value && Object.assign(model, pick(current.value));

  return { current, loading, loadError, refetch, model, changed, fieldErrors, failure, saving, save, restore };
}
