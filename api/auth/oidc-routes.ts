// Single sign-on with the province's unified authentication as an OpenID Connect relying party
// (openid-client): authorization code flow with PKCE, state and nonce, bound to the browser by an
// httpOnly cookie. A person signs in only if an account here is linked to their subject, or has
// the same username and no link yet (then it is linked, as an event).
import { createHash, randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import * as client from 'openid-client';
import type { LoginOutcome } from '../../commands/identity/authentication';
import { usersTable } from '../../projections/identity/users-table';
import type { Config } from '../config';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';

const OIDC_COOKIE = 'gz_oidc';
const LOGIN_MINUTES = 10;
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export function oidcRoutes(platform: Platform, config: Config, answer: (outcome: LoginOutcome, req: Request, res: Response) => Promise<void>) {
  const router = express.Router();
  const settings = config.oidc;
  let discovered: Promise<client.Configuration> | undefined;
  const provider = () => {
    if (!settings) throw new Error('OIDC is not configured');
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret || undefined, undefined, settings.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const failPage = (res: Response, status: number, message: string) => res.status(status).type('text/plain; charset=utf-8').send(message);

  // Whether the console should offer 统一认证登录.
  router.get('/status', (_req, res) => void res.json({ data: { enabled: Boolean(settings) } }));

  router.get('/login', async (_req, res) => {
    if (!settings) return void failPage(res, 404, '未启用统一认证登录');
    const configuration = await provider();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const token = randomBytes(32).toString('base64url');
    await platform.knex('oidc_logins').insert({ token_hash: digest(token), state, code_verifier: codeVerifier, nonce, expires_at: new Date(Date.now() + LOGIN_MINUTES * 60_000) });
    // Lax, not Strict: the provider sends the browser back with a cross-site top-level navigation.
    res.cookie(OIDC_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/auth/oidc', maxAge: LOGIN_MINUTES * 60_000 });
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.redirect(url.href);
  });

  router.get('/callback', async (req, res) => {
    if (!settings) return void failPage(res, 404, '未启用统一认证登录');
    const token = req.cookies?.[OIDC_COOKIE] as string | undefined;
    res.clearCookie(OIDC_COOKIE, { path: '/auth/oidc' });
    const [pending] = token ? await platform.knex('oidc_logins').where({ token_hash: digest(token) }).delete('*') : [];
    if (!pending || new Date(pending.expires_at).getTime() < Date.now()) return void failPage(res, 400, '统一认证登录已过期，请重新登录');
    let claims: client.IDToken | undefined;
    let username: unknown;
    try {
      const configuration = await provider();
      const tokens = await client.authorizationCodeGrant(configuration, new URL(req.originalUrl, settings.redirectUri), {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
      claims = tokens.claims();
      username = claims?.preferred_username;
      // Providers that conform to the spec put profile claims in userinfo, not in the ID token.
      if (claims && username === undefined) {
        username = (await client.fetchUserInfo(configuration, tokens.access_token, claims.sub)).preferred_username;
      }
    } catch {
      return void failPage(res, 401, '统一认证登录失败，请重新登录');
    }
    if (!claims) return void failPage(res, 401, '统一认证未返回身份信息');
    const issuer = claims.iss;
    const subject = claims.sub;
    let user = await usersTable(platform.knex).where({ oidc_issuer: issuer, oidc_subject: subject }).first();
    if (!user && typeof username === 'string') {
      const candidate = await usersTable(platform.knex).where({ username: username.toLowerCase(), oidc_subject: null }).first();
      if (candidate) {
        const request = requestContextFor(req);
        await platform.commands.users.linkOidc(candidate.id, issuer, subject, { ...request, actor: { id: candidate.id, role: candidate.roles.join(','), orgId: candidate.org_id } });
        user = candidate;
      }
    }
    if (!user) return void failPage(res, 403, '该统一认证账号尚未在本系统开通，请联系系统管理员');
    await answer(await platform.authentication.withOidc(user), req, res);
  });

  return router;
}
