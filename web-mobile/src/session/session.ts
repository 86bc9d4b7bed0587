// Who is logged in on this phone. Like the console, nothing secret is kept: the session is the
// server's httpOnly cookie, the CSRF token is echoed from its readable cookie, and `me` is asked of
// the server. Login goes through the same /auth endpoints (password, then the TOTP code where the
// role requires a second factor, and the image captcha after failed attempts).
import { computed, ref } from 'vue';
import { apolloClient, onSessionEnded } from '@admin/api/apollo';
import { isRestriction, loginWithPassword, loginWithSecondFactor, logoutRequest, type LoginResult, type SecondFactorRequired } from '@admin/api/auth-http';
import { hasSessionCookie } from '@admin/api/csrf';
import { toConsoleError } from '@admin/api/errors';
import { forgetWrites } from '@admin/api/read-after';
import { MeDocument, type MeQuery } from '@admin/graphql/generated';

export type Me = MeQuery['me'];

const me = ref<Me | null>(null);
/** offline: a session cookie is there but the server cannot be reached (asked again when back online). */
const status = ref<'unknown' | 'anonymous' | 'authenticated' | 'offline'>('unknown');
/** Why the user was sent to the login page, shown there once. */
const endedReason = ref<string | null>(null);

const restriction = computed(() => (isRestriction(me.value?.restriction) ? me.value.restriction : null));
const canCapture = computed(() => me.value?.permissions.includes('capture:record') === true);

async function loadMe(): Promise<boolean> {
  if (!hasSessionCookie()) {
    status.value = 'anonymous';
    return false;
  }
  try {
    const result = await apolloClient.query({ query: MeDocument, fetchPolicy: 'network-only' });
    me.value = result.data.me;
    status.value = 'authenticated';
    return true;
  } catch (error) {
    me.value = null;
    status.value = toConsoleError(error).code === 'NETWORK' ? 'offline' : 'anonymous';
    return false;
  }
}

window.addEventListener('online', () => {
  if (status.value === 'offline') void loadMe();
});

async function finish(result: LoginResult | SecondFactorRequired): Promise<LoginResult | SecondFactorRequired> {
  if ('secondFactorRequired' in result) return result;
  endedReason.value = null;
  await loadMe();
  return result;
}

const login = async (username: string, password: string, captcha?: { captchaId: string; captchaCode: string }) => finish(await loginWithPassword(username, password, captcha));
const loginSecondFactor = async (challenge: string, code: string) => finish(await loginWithSecondFactor(challenge, code));

async function logout(): Promise<void> {
  await logoutRequest();
  forget();
}

function forget(reason: string | null = null): void {
  me.value = null;
  status.value = 'anonymous';
  endedReason.value = reason;
  forgetWrites();
  void apolloClient.clearStore();
}

const endedListeners = new Set<() => void>();
/** Called when the server has ended the session (the router sends the user to the login page). */
export const onEnded = (listener: () => void) => endedListeners.add(listener);

/** The server ended the session (idle timeout, logout elsewhere): back to the login page. */
export function sessionEnded(): void {
  if (status.value !== 'authenticated' && status.value !== 'offline') return;
  forget('登录已失效，请重新登录');
  endedListeners.forEach((l) => l());
}
onSessionEnded(sessionEnded);

export function useSession() {
  return { me, status, restriction, canCapture, endedReason, loadMe, login, loginSecondFactor, logout };
}
