// The login steps on a phone: user name and password (with the image captcha once the server asks
// for it), then the TOTP code where the role requires a second factor. A session that must first
// change its password or enrol its second factor is told to do so in the console.
import { computed, reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { captchaNeeded, requestCaptcha, type Captcha } from '@admin/api/auth-http';
import { toConsoleError } from '@admin/api/errors';
import { useSession } from '../../session/session';

const RESTRICTION_MESSAGES: Record<string, string> = {
  change_password: '您的密码需要修改（首次登录或已到期）。请先在电脑上登录管理端修改密码，再回到手机登录。',
  enroll_totp: '您的角色需要双因素认证，但尚未绑定。请先在电脑上登录管理端绑定身份验证器，再回到手机登录。',
};

export function useLogin() {
  const session = useSession();
  const route = useRoute();
  const router = useRouter();
  const form = reactive({ username: '', password: '', code: '', captchaCode: '' });
  const challenge = ref<string | null>(null);
  const captcha = ref<Captcha | null>(null);
  const submitting = ref(false);
  const error = ref<string | null>(session.endedReason.value);
  const restrictionMessage = computed(() => (session.restriction.value ? RESTRICTION_MESSAGES[session.restriction.value] : null));

  async function refreshCaptcha() {
    form.captchaCode = '';
    captcha.value = await requestCaptcha().catch(() => null);
  }

  async function proceed() {
    if (session.status.value !== 'authenticated' || session.restriction.value) return;
    const target = typeof route.query.redirect === 'string' && route.query.redirect.startsWith('/') ? route.query.redirect : '/';
    await router.replace(target);
  }

  async function submit() {
    submitting.value = true;
    error.value = null;
    try {
      const result = challenge.value
        ? await session.loginSecondFactor(challenge.value, form.code.trim())
        : await session.login(form.username.trim(), form.password, captcha.value ? { captchaId: captcha.value.captchaId, captchaCode: form.captchaCode.trim() } : undefined);
      if ('secondFactorRequired' in result) {
        challenge.value = result.challenge;
        return;
      }
      form.password = '';
      await proceed();
    } catch (failure) {
      error.value = toConsoleError(failure).message;
      form.code = '';
      if (challenge.value === null && captchaNeeded(failure)) await refreshCaptcha();
      else if (captcha.value) await refreshCaptcha();
    } finally {
      submitting.value = false;
    }
  }

  function restart() {
    challenge.value = null;
    form.code = '';
    form.password = '';
    error.value = null;
  }

  async function logout() {
    await session.logout();
    restart();
  }

  return { form, challenge, captcha, submitting, error, restrictionMessage, submit, restart, refreshCaptcha, logout };
}
