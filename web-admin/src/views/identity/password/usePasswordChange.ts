// Change one's own password: the policy as the server states it, a live check of the rules the
// browser can see (length, character classes, not the user name), and the server's verdict on the
// rest (current password, history). Passwords live in this form only until they are posted.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, type FormInstance, type FormItemRule } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useFormSubmit } from '@/components/use-form-submit';
import { ChangePasswordDocument, PasswordPolicyDocument } from '@/graphql/generated';
import { continueTo, redirectTarget } from '@/router/continue-to';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';

const CLASSES: [RegExp, string][] = [
  [/[a-z]/, '小写字母'],
  [/[A-Z]/, '大写字母'],
  [/[0-9]/, '数字'],
  [/[^a-zA-Z0-9]/, '特殊字符'],
];

export function usePasswordChange() {
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const { result, loading: policyLoading, error: policyError } = useQuery(PasswordPolicyDocument, null, () => ({ fetchPolicy: 'network-only' as const }));
  const policy = computed(() => result.value?.passwordPolicy);
  const forced = computed(() => session.restriction === 'change_password');

  const formRef = ref<FormInstance>();
  const form = reactive({ currentPassword: '', newPassword: '', confirmPassword: '' });
  const { failure, fieldErrors, saving, submit: send } = useFormSubmit();
  const commandId = newCommandId();

  /** The policy's rules, each with whether the new password meets it so far. */
  const checks = computed(() => {
    const p = policy.value;
    if (!p) return [];
    const password = form.newPassword;
    const classes = CLASSES.filter(([re]) => re.test(password)).length;
    const username = session.me?.username ?? '';
    return [
      { key: 'length', text: `长度至少 ${p.minLength} 位`, ok: password.length >= p.minLength },
      { key: 'classes', text: `包含大写字母、小写字母、数字、特殊字符中的至少 ${p.minCharacterClasses} 类`, ok: classes >= p.minCharacterClasses },
      { key: 'username', text: '不包含用户名', ok: password.length > 0 && !(username && password.toLowerCase().includes(username.toLowerCase())) },
      { key: 'different', text: '与当前密码不同', ok: password.length > 0 && password !== form.currentPassword },
    ];
  });
  const notes = computed(() => (policy.value ? [`不得与最近 ${policy.value.historySize} 次使用过的密码相同`, `密码有效期 ${policy.value.maxAgeDays} 天，到期须修改`] : []));

  const rules: Record<string, FormItemRule[]> = {
    currentPassword: [{ required: true, message: '请输入当前密码', trigger: 'blur' }],
    newPassword: [
      { required: true, message: '请输入新密码', trigger: 'blur' },
      { validator: (_r, _v, done) => done(checks.value.every((c) => c.ok) ? undefined : new Error('新密码不符合密码策略')), trigger: 'blur' },
    ],
    confirmPassword: [
      { required: true, message: '请再次输入新密码', trigger: 'blur' },
      { validator: (_r, value, done) => done(value === form.newPassword ? undefined : new Error('两次输入的新密码不一致')), trigger: 'blur' },
    ],
  };

  const { mutate } = useMutation(ChangePasswordDocument);

  async function submit() {
    await send(formRef, async () => {
      await mutate({ currentPassword: form.currentPassword, newPassword: form.newPassword, commandId });
      Object.assign(form, { currentPassword: '', newPassword: '', confirmPassword: '' });
      ElMessage.success('密码已修改');
      await session.loadMe();
      // The router sends a session that must still enrol its second factor on to that page.
      await continueTo(router, redirectTarget(route.query.redirect));
    });
  }

  const cancel = () => (router.options.history.state.back ? router.back() : router.replace({ name: 'HomePage' }));

  return { policy, policyLoading, policyError, forced, formRef, form, rules, checks, notes, fieldErrors, failure, saving, submit, cancel };
}
