// Single sign-on against a real OpenID Connect provider started inside the test (oidc-provider, a
// certified implementation), driven like a browser: follow redirects, keep cookies, post forms.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from '../../scripts/embedded-postgres.mjs';
import { startApiHarness, type ApiHarness } from '../../testing/api-harness';

const CLIENT = { client_id: 'gz-skills', client_secret: 'test-client-secret-0123456789abcdef' };

/** A browser enough for the code flow: a cookie jar per host, manual redirects, form posts. */
function browser() {
  const jar = new Map<string, Map<string, string>>();
  const cookieHeader = (url: URL) => [...(jar.get(url.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const store = (url: URL, response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const cookies = jar.get(url.host) ?? new Map<string, string>();
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name!.trim());
      else cookies.set(name!.trim(), value);
      jar.set(url.host, cookies);
    }
  };
  const request = async (input: string, init: { method?: string; form?: Record<string, string> } = {}) => {
    let url = new URL(input);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      const response = await fetch(url, {
        method,
        redirect: 'manual',
        headers: { cookie: cookieHeader(url), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body ? { body } : {}),
      });
      store(url, response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { response, url, text: await response.text() };
    }
    throw new Error('too many redirects');
  };
  return { request, cookiesFor: (url: string) => jar.get(new URL(url).host) ?? new Map<string, string>() };
}

const formAction = (html: string) => /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

describe('single sign-on with the province\'s unified authentication (OIDC relying party)', () => {
  let api: ApiHarness;
  let provider: Server;
  let issuer: string;

  beforeAll(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    api = await startApiHarness({
      env: (url) => ({
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT.client_id,
        OIDC_CLIENT_SECRET: CLIENT.client_secret,
        OIDC_REDIRECT_URI: `${url}/auth/oidc/callback`,
        OIDC_ALLOW_HTTP: '1',
      }),
    });
    // The provider warns about its development defaults (in-memory adapter, quick-start keys): expected here.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const oidc = new Provider(issuer, {
      clients: [{ ...CLIENT, redirect_uris: [`${api.url}/auth/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
      // The unified authentication's accounts: the subject is its own id; the username matches ours.
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ sub, preferred_username: sub === 'unified-0001' ? 'nanmingschool' : sub === 'unified-0002' ? 'yunyanschool' : `stranger-${sub}` }),
      }),
      claims: { openid: ['sub'], profile: ['preferred_username'] },
      pkce: { required: () => true },
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['test-cookie-key-0123456789'] },
    });
    provider = oidc.listen(port);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await new Promise((r) => provider.close(r));
    await api.close();
  });

  /** Starts at our /auth/oidc/login, signs in at the provider as `account`, and returns where it ends. */
  async function signIn(account: string) {
    const b = browser();
    const login = await b.request(`${api.url}/auth/oidc/login`);
    expect(login.url.origin).toBe(issuer);
    const consent = await b.request(new URL(formAction(login.text)!, login.url).href, { method: 'POST', form: { prompt: 'login', login: account, password: 'any' } });
    const done = await b.request(new URL(formAction(consent.text)!, consent.url).href, { method: 'POST', form: { prompt: 'consent' } });
    return { b, done };
  }

  it('signs a known person in through the provider, links the account once, and records the login', async () => {
    const { b, done } = await signIn('unified-0001');
    expect(done.url.href).toBe(`${api.url}/`);
    const cookies = b.cookiesFor(api.url);
    expect(cookies.has('gz_session')).toBe(true);
    const session = { cookie: `gz_session=${cookies.get('gz_session')}`, csrf: cookies.get('gz_csrf')! };
    const me = await api.graphql<{ me: { username: string } }>(session, '{ me { username } }');
    expect(me.data!.me.username).toBe('nanmingschool');
    const events = await api.platform.store.readStream(`user-${api.userIds.nanmingSchool}`);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['UserOidcLinked', 'UserLoggedIn']);
    expect(events.at(-2)!.data).toEqual({ issuer, subject: 'unified-0001' });
    expect(events.at(-1)!.data).toEqual({ method: 'oidc', secondFactor: false });

    // The second time the link is found by subject, and no new link is recorded.
    await signIn('unified-0001');
    const again = await api.platform.store.readStream(`user-${api.userIds.nanmingSchool}`);
    expect(again.filter((e) => e.type === 'UserOidcLinked')).toHaveLength(1);
  });

  it('refuses a person with no account here', async () => {
    const { done } = await signIn('unified-9999');
    expect(done.response.status).toBe(403);
    expect(done.text).toBe('该统一认证账号尚未在本系统开通，请联系系统管理员');
  });

  it('refuses a callback that did not start here (no login cookie, forged state)', async () => {
    const response = await fetch(`${api.url}/auth/oidc/callback?code=abc&state=forged`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('统一认证登录已过期，请重新登录');
  });
});
