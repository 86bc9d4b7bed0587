// Login in one or two steps: user name and password, then, for accounts with a second factor, the
// code from the authenticator app. Where the session goes next (change the password, enrol the
// second factor, or the page asked for) is the router's decision. After failed attempts the server
// asks for an image captcha (drawn and checked on the server, one-time): the page then shows it.
import type { FormInstance, FormItemRule } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { fieldErrorMap, toConsoleError } from '@/api/errors';
import { captchaNeeded, requestCaptcha, type Captcha, type LoginResult, type SecondFactorRequired } from '@/api/auth-http';
import { continueTo, redirectTarget } from '@/router/continue-to';
import { useSessionStore } from '@/stores/session';

export function useLogin() {
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();

  const formRef = ref<FormInstance>();
  // The password lives in this form only until it is posted; it is never stored.
  const form = reactive({ username: '', password: '', code: '', captchaCode: '' });
  /** The image captcha, once the server asks for one; each is spent by one attempt. */
  const captcha = ref<Captcha | null>(null);
  const challenge = ref<string | null>(null);
  const step = computed(() => (challenge.value ? 'code' : 'password'));
  const codeRules: Record<string, FormItemRule[]> = {
    code: [
      { required: true, message: '请输入动态验证码', trigger: 'blur' },
      { pattern: /^\d{6}$/, message: '动态验证码为6位数字', trigger: 'blur' },
    ],
  };
  const passwordRules: Record<string, FormItemRule[]> = {
    username: [{ required: true, message: '请输入用户名', trigger: 'blur' }],
    password: [{ required: true, message: '请输入密码', trigger: 'blur' }],
  };
  const captchaRules: Record<string, FormItemRule[]> = { ...passwordRules, captchaCode: [{ required: true, message: '请输入图形验证码', trigger: 'blur' }] };
  const rules = computed(() => (challenge.value ? codeRules : captcha.value ? captchaRules : passwordRules));
  const loading = ref(false);
  const message = ref<string | null>(session.endedReason);
  const fieldErrors = ref<Record<string, string>>({});

  async function proceed(result: LoginResult | SecondFactorRequired) {
    form.password = '';
    if ('secondFactorRequired' in result) {
      challenge.value = result.challenge;
      return;
    }
    challenge.value = null;
    form.code = '';
    await continueTo(router, redirectTarget(route.query.redirect));
  }

  async function submit() {
    message.value = null;
    fieldErrors.value = {};
    if (!(await formRef.value?.validate().catch(() => false))) return;
    loading.value = true;
    try {
      const answer = captcha.value ? { captchaId: captcha.value.captchaId, captchaCode: form.captchaCode.trim() } : undefined;
      await proceed(challenge.value ? await session.loginSecondFactor(challenge.value, form.code.trim()) : await session.login(form.username.trim(), form.password, answer));
      captcha.value = null;
    } catch (error) {
      const e = toConsoleError(error);
      message.value = e.message;
      fieldErrors.value = fieldErrorMap(e);
      form.code = '';
      // The captcha shown was spent by this attempt: a new one, when the server still wants one.
      if (!challenge.value && (captchaNeeded(error) || captcha.value)) await newCaptcha();
    } finally {
      loading.value = false;
    }
  }

  async function newCaptcha() {
    form.captchaCode = '';
    try {
      captcha.value = await requestCaptcha();
    } catch (error) {
      message.value = toConsoleError(error).message;
    }
  }

  /** Back to user name and password (the challenge expires after five minutes anyway). */
  function restart() {
    challenge.value = null;
    form.code = '';
    message.value = null;
    fieldErrors.value = {};
  }

  return { formRef, form, rules, step, loading, message, fieldErrors, submit, restart, captcha, newCaptcha };
}
