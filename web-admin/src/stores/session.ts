// Who is logged in, what they may do, whether the session is restricted (password to change,
// second factor to enrol), and when the server will end it for inactivity. Holds no token and no
// password: the session is the httpOnly cookie; `me` is asked of the server.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { apolloClient, onServerActivity, onSessionEnded, onSessionRestricted } from '@/api/apollo';
import { isRestriction, logoutRequest, loginWithPassword, loginWithSecondFactor, type LoginResult, type SecondFactorRequired } from '@/api/auth-http';
import { hasSessionCookie } from '@/api/csrf';
import { forgetWrites } from '@/api/read-after';
import { MeDocument, type MeQuery } from '@/graphql/generated';

export type Me = MeQuery['me'];

/** Until `me` answers: the server's default (SESSION_IDLE_MINUTES). */
const DEFAULT_IDLE_MINUTES = 30;

export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const status = ref<'unknown' | 'anonymous' | 'authenticated'>('unknown');
  /** Why the user was sent to the login page, shown there once. */
  const endedReason = ref<string | null>(null);
  const lastServerActivity = ref(Date.now());

  const permissions = computed<ReadonlySet<string>>(() => new Set(me.value?.permissions ?? []));
  /** What must be done before anything else: the router sends the user to the matching page. */
  const restriction = computed(() => (isRestriction(me.value?.restriction) ? me.value.restriction : null));
  const idleMinutes = computed(() => me.value?.sessionIdleMinutes ?? DEFAULT_IDLE_MINUTES);

  onServerActivity(() => {
    lastServerActivity.value = Date.now();
  });

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
    } catch {
      me.value = null;
      status.value = 'anonymous';
      return false;
    }
  }

  async function login(username: string, password: string, captcha?: { captchaId: string; captchaCode: string }): Promise<LoginResult | SecondFactorRequired> {
    const result = await loginWithPassword(username, password, captcha);
    if ('secondFactorRequired' in result) return result;
    return finishLogin(result);
  }

  async function loginSecondFactor(challenge: string, code: string): Promise<LoginResult | SecondFactorRequired> {
    const result = await loginWithSecondFactor(challenge, code);
    if ('secondFactorRequired' in result) return result;
    return finishLogin(result);
  }

  async function finishLogin(result: LoginResult): Promise<LoginResult> {
    endedReason.value = null;
    await apolloClient.clearStore();
    forgetWrites();
    await loadMe();
    return result;
  }

  async function clear(reason: string | null) {
    me.value = null;
    status.value = 'anonymous';
    endedReason.value = reason;
    forgetWrites();
    await apolloClient.clearStore().catch(() => undefined);
  }

  async function logout(reason: string | null = null) {
    await logoutRequest();
    await clear(reason);
  }

  /** Keeps the server session alive: any authenticated request counts as activity. */
  async function keepAlive() {
    await loadMe();
  }

  onSessionEnded(() => {
    if (status.value === 'authenticated') void clear('登录已失效（长时间未操作或已在别处退出），请重新登录');
  });
  // The server says the session is restricted although `me` said otherwise: ask again, and the
  // layout's watcher sends the user to the page that lifts the restriction.
  onSessionRestricted(() => {
    if (status.value === 'authenticated' && !restriction.value) void loadMe();
  });

  return { me, status, endedReason, idleMinutes, lastServerActivity, permissions, restriction, loadMe, login, loginSecondFactor, logout, keepAlive };
});
