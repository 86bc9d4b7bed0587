import express, { type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { LoginOutcome } from '../../commands/identity/authentication';
import { ValidationError } from '../../domain/shared/errors';
import { forbiddenCharacter, parseInput } from '../../domain/shared/validation';
import type { Config } from '../config';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { oidcRoutes } from './oidc-routes';
import { requireUser } from './authenticate';
import { loginCaptchas } from './captcha';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, createSession, lockSession, revokeSession, revokeUserSessions, unlockSession } from './sessions';

/** The shared text rule (domain/shared/validation.ts) with these fields' own wording. */
const noForbidden = (label: string, multiline: boolean) => [
  (value: string) => !forbiddenCharacter(value, { multiline }),
  { error: (issue: { input?: unknown }) => `${label}不能包含${forbiddenCharacter(String(issue.input), { multiline })}` },
] as const;

const loginSchema = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }).max(64, { error: '用户名过长' }).refine(...noForbidden('用户名', false)),
  // A password is never stored or shown, but may hold any printable character, tabs included, as
  // the password change (through GraphQL and its input guard) allows.
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(128, { error: '密码过长' }).refine(...noForbidden('密码', true)),
});
// The captcha's fields are optional: asked for only after failures (api/auth/captcha.ts).
const captchaSchema = z.object({
  captchaId: z.string().max(64).optional(),
  captchaCode: z.string().max(16).optional(),
});
const unlockSchema = z.object({ password: loginSchema.shape.password });
const secondFactorSchema = z.object({
  challenge: z.string({ error: '登录已失效，请重新登录' }).min(1).max(100),
  // Any short text: a malformed code is a wrong code, counted and recorded like one (MLPS: every attempt).
  code: z.string({ error: '请输入动态验证码' }).max(32, { error: '动态验证码为6位数字' }),
});

const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ errors: [{ message, extensions: { code, ...extra } }] });

/** Login, second factor, logout and single sign-on: outside GraphQL so they can be rate-limited on their own. */
export function authRoutes(platform: Platform, config: Config) {
  const router = express.Router();
  const cookieOptions = { sameSite: 'strict' as const, secure: config.secureCookies, path: '/' };
  const limiter = rateLimit({
    windowMs: 5 * 60_000,
    limit: 20,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    message: errorBody('TOO_MANY_REQUESTS', '登录尝试过于频繁，请5分钟后再试'),
  });

  // Images and unlocking have budgets of their own: asking for a new image is no login attempt, and
  // the lock screen's tries must not use up the logins of the colleagues behind the same address.
  const captchaLimiter = rateLimit({ windowMs: 5 * 60_000, limit: 60, standardHeaders: 'draft-7', legacyHeaders: false, message: errorBody('TOO_MANY_REQUESTS', '请求验证码过于频繁，请稍后再试') });
  const unlockLimiter = rateLimit({ windowMs: 5 * 60_000, limit: 20, standardHeaders: 'draft-7', legacyHeaders: false, message: errorBody('TOO_MANY_REQUESTS', '解锁尝试过于频繁，请5分钟后再试') });

  /** The parsed input, or the 400 answer to send once the caller has recorded what it must. */
  const check = <S extends z.ZodType>(schema: S, req: Request): { input: z.output<S> } | { refuse: (res: Response) => void } => {
    try {
      return { input: parseInput(schema, req.body ?? {}) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { refuse: (res) => void res.status(400).json(errorBody('BAD_USER_INPUT', '输入有误，请检查标注的字段', { fields: error.fields })) };
    }
  };
  const parse = <S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | undefined => {
    const checked = check(schema, req);
    if ('input' in checked) return checked.input;
    checked.refuse(res);
    return undefined;
  };

  const captchas = loginCaptchas(platform.knex);

  /** Turns a login decision into the HTTP answer, opening a session when it is a success. */
  const answer = async (outcome: LoginOutcome, req: Request, res: Response, method: 'password' | 'oidc', captchaRequired = false) => {
    switch (outcome.kind) {
      case 'rejected':
        return void res.status(401).json(errorBody('UNAUTHENTICATED', '用户名、密码或验证码错误', { captchaRequired }));
      case 'locked':
        return void res.status(403).json(errorBody('ACCOUNT_LOCKED', `连续登录失败次数过多，账户已锁定至 ${outcome.until.slice(0, 16).replace('T', ' ')}（UTC）`, { captchaRequired }));
      case 'second_factor':
        return void res.json({ data: { secondFactorRequired: true, challenge: outcome.challenge } });
      case 'authenticated': {
        const { idleMinutes } = await platform.commands.securityPolicy.current();
        const session = await createSession(platform.knex, {
          userId: outcome.user.id,
          ip: req.ip ?? null,
          restriction: outcome.restriction,
          secondFactor: outcome.secondFactor,
          idleMinutes,
          userAgent: req.get('user-agent') ?? null,
        });
        const request = requestContextFor(req);
        await platform.commands.users.recordLogin(outcome.user.id, method, outcome.secondFactor, { ...request, actor: { id: outcome.user.id, role: outcome.user.roles.join(','), orgId: outcome.user.org_id } });
        res.cookie(SESSION_COOKIE, session.token, { ...cookieOptions, httpOnly: true });
        res.cookie(CSRF_COOKIE, session.csrfToken, { ...cookieOptions, httpOnly: false });
        if (method === 'oidc') return void res.redirect('/');
        return void res.json({
          data: { userId: outcome.user.id, displayName: outcome.user.display_name, restriction: outcome.restriction, idleMinutes, csrfToken: session.csrfToken },
        });
      }
    }
  };

  router.post('/login', limiter, async (req, res) => {
    const ip = req.ip ?? null;
    const checked = check(loginSchema, req);
    if ('refuse' in checked) {
      // A malformed attempt is a failed login like any other (MLPS: every login attempt is recorded).
      const username = (req.body as { username?: unknown } | undefined)?.username;
      await platform.authentication.refuseMalformed(username, requestContextFor(req));
      await captchas.failed(typeof username === 'string' ? username : '', ip);
      return checked.refuse(res);
    }
    const input = checked.input;
    // After failures the attempt must carry a captcha, checked (and spent) before the password is.
    if (await captchas.required(input.username, ip)) {
      const captcha = check(captchaSchema, req);
      const given = 'input' in captcha ? captcha.input : {};
      if (!given.captchaId || !given.captchaCode) {
        await platform.authentication.refuseCaptcha(input.username, 'captcha_missing', requestContextFor(req));
        return void res.status(401).json(errorBody('CAPTCHA_REQUIRED', '请输入图形验证码', { captchaRequired: true }));
      }
      if (!(await captchas.check(given.captchaId, given.captchaCode))) {
        await platform.authentication.refuseCaptcha(input.username, 'wrong_captcha', requestContextFor(req));
        return void res.status(401).json(errorBody('CAPTCHA_INVALID', '图形验证码错误，请重新输入', { captchaRequired: true }));
      }
    }
    const outcome = await platform.authentication.withPassword(input.username, input.password, requestContextFor(req));
    if (outcome.kind === 'rejected' || outcome.kind === 'locked') await captchas.failed(input.username, ip);
    else await captchas.succeeded(input.username, ip);
    await answer(outcome, req, res, 'password', await captchas.required(input.username, ip));
  });

  // A new image captcha (the login page asks for one when an answer says captchaRequired).
  router.post('/captcha', captchaLimiter, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ data: await captchas.issue() });
  });

  // 锁屏: the session keeps nothing but unlocking and logging out until the password is given again.
  router.post('/lock', requireUser, async (req, res) => {
    const user = req.user!;
    await platform.commands.users.lockScreen(user.id, user.sessionId, requestContextFor(req));
    await lockSession(platform.knex, req.sessionToken!);
    res.json({ data: { locked: true } });
  });

  router.post('/unlock', unlockLimiter, async (req, res) => {
    const user = req.user;
    if (!user || !req.sessionToken) return void res.status(401).json(errorBody('UNAUTHENTICATED', '登录已失效，请重新登录'));
    if (req.get(CSRF_HEADER) !== user.csrfToken) return void res.status(403).json(errorBody('FORBIDDEN', '请求缺少有效的防伪令牌，请刷新页面后重试'));
    const input = parse(unlockSchema, req, res);
    if (!input) return;
    if (user.restriction !== 'screen_locked') return void res.json({ data: { unlocked: true } });
    const request = requestContextFor(req);
    if (!(await platform.commands.users.checkPassword(user.id, input.password))) {
      // A wrong password here is a failed login, towards the lockout; a lockout ends every session.
      if ((await platform.authentication.failUnlock(user.id, request)) === 'locked') {
        await revokeUserSessions(platform.knex, user.id);
        res.clearCookie(SESSION_COOKIE, cookieOptions);
        res.clearCookie(CSRF_COOKIE, cookieOptions);
        return void res.status(403).json(errorBody('ACCOUNT_LOCKED', '连续输入错误密码次数过多，账户已锁定，请稍后重新登录'));
      }
      return void res.status(400).json(errorBody('BAD_USER_INPUT', '密码不正确', { fields: [{ field: 'password', message: '密码不正确' }] }));
    }
    await platform.commands.users.unlockScreen(user.id, user.sessionId, request);
    await unlockSession(platform.knex, req.sessionToken);
    res.json({ data: { unlocked: true } });
  });

  router.post('/login/second-factor', limiter, async (req, res) => {
    const input = parse(secondFactorSchema, req, res);
    if (!input) return;
    await answer(await platform.authentication.withSecondFactor(input.challenge, input.code, requestContextFor(req)), req, res, 'password');
  });

  router.post('/logout', async (req, res) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    const session = token ? await revokeSession(platform.knex, token) : undefined;
    if (session) await platform.commands.users.recordLogout(session.user_id, 'logout', requestContextFor(req));
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.clearCookie(CSRF_COOKIE, cookieOptions);
    res.json({ data: { loggedOut: Boolean(session) } });
  });

  router.use('/oidc', limiter, oidcRoutes(platform, config, (outcome, req, res) => answer(outcome, req, res, 'oidc')));

  return router;
}
