// POST /auth/login, /auth/login/second-factor and /auth/logout (REST, outside GraphQL). A success
// sets the httpOnly session cookie and the readable CSRF cookie; nothing from the answer is kept
// by the console beyond what it shows (the restriction and the idle timeout come again with `me`).
import { CSRF_HEADER, csrfToken } from './csrf';
import type { ConsoleError } from './errors';

/** What a session may do before the user has fixed what the security policy requires. */
export type SessionRestriction = 'change_password' | 'enroll_totp';

export interface LoginResult {
  restriction: SessionRestriction | null;
  /** Minutes of inactivity after which the server ends the session. */
  idleMinutes?: number;
}

/** A second factor is asked for: the console then posts the code with this challenge. */
export interface SecondFactorRequired {
  secondFactorRequired: true;
  challenge: string;
}

interface AuthBody {
  data?: { restriction?: string | null; idleMinutes?: number; secondFactorRequired?: boolean; challenge?: string; captchaId?: string; image?: string };
  errors?: { message?: string; extensions?: { code?: string; fields?: { field: string; message: string }[]; captchaRequired?: boolean } }[];
}

/** A refusal of /auth: the next login must carry an image captcha when `captchaRequired`. */
export interface AuthError extends ConsoleError {
  captchaRequired?: boolean;
}

/** Whether a refused login said the next attempt needs the image captcha. */
export const captchaNeeded = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as AuthError).captchaRequired === true;

/** The login's image captcha: its id and a data: URL of the SVG, shown as an <img>. */
export interface Captcha {
  captchaId: string;
  image: string;
}

async function post(path: string, body: unknown): Promise<AuthBody> {
  let response: Response;
  try {
    const token = csrfToken();
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...(token ? { [CSRF_HEADER]: token } : {}) },
      body: JSON.stringify(body),
    });
  } catch {
    throw { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试', fields: [] } satisfies ConsoleError;
  }
  const parsed = (await response.json().catch(() => ({}))) as AuthBody;
  if (!response.ok || parsed.errors) {
    const first = parsed.errors?.[0];
    throw {
      code: first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
      message: first?.message ?? `登录失败（HTTP ${response.status}）`,
      fields: first?.extensions?.fields ?? [],
      captchaRequired: first?.extensions?.captchaRequired === true,
    } satisfies AuthError;
  }
  return parsed;
}

export const isRestriction = (value: unknown): value is SessionRestriction => value === 'change_password' || value === 'enroll_totp';

const outcome = (body: AuthBody): LoginResult | SecondFactorRequired =>
  body.data?.secondFactorRequired && body.data.challenge
    ? { secondFactorRequired: true, challenge: body.data.challenge }
    : { restriction: isRestriction(body.data?.restriction) ? body.data.restriction : null, ...(body.data?.idleMinutes ? { idleMinutes: body.data.idleMinutes } : {}) };

export const loginWithPassword = async (username: string, password: string, captcha?: { captchaId: string; captchaCode: string }) =>
  outcome(await post('/auth/login', { username, password, ...captcha }));

export async function requestCaptcha(): Promise<Captcha> {
  const body = await post('/auth/captcha', {});
  return { captchaId: body.data?.captchaId ?? '', image: body.data?.image ?? '' };
}

/** 锁屏: the session does nothing but unlock (or log out) until the password is given again. */
export async function lockScreen(): Promise<void> {
  await post('/auth/lock', {});
}

/** Unlocks with the password; a wrong one is a failed login on the server (and may lock the account). */
export async function unlockScreen(password: string): Promise<void> {
  await post('/auth/unlock', { password });
}

export const loginWithSecondFactor = async (challenge: string, code: string) => outcome(await post('/auth/login/second-factor', { challenge, code }));

export async function logoutRequest(): Promise<void> {
  await post('/auth/logout', {}).catch(() => undefined);
}
