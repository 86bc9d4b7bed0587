import express, { type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { ValidationError } from '../../domain/shared/errors';
import { parseInput } from '../../domain/shared/validation';
import { usersTable } from '../../projections/identity/users-table';
import type { Config } from '../config';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { CSRF_COOKIE, SESSION_COOKIE, createSession, revokeSession } from './sessions';

const loginSchema = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }).max(64, { error: '用户名过长' }),
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(128, { error: '密码过长' }),
});

const BAD_CREDENTIALS = '用户名或密码错误';

/** POST /auth/login and /auth/logout: outside GraphQL so they can be rate-limited on their own. */
export function authRoutes(platform: Platform, config: Config) {
  const router = express.Router();
  const cookieOptions = { sameSite: 'strict' as const, secure: config.secureCookies, path: '/' };

  router.post(
    '/login',
    rateLimit({
      windowMs: 5 * 60_000,
      limit: 20,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      message: { errors: [{ message: '登录尝试过于频繁，请5分钟后再试', extensions: { code: 'TOO_MANY_REQUESTS' } }] },
    }),
    async (req: Request, res: Response) => {
      let input: z.output<typeof loginSchema>;
      try {
        input = parseInput(loginSchema, req.body);
      } catch (error) {
        const fields = error instanceof ValidationError ? error.fields : [];
        res.status(400).json({ errors: [{ message: '输入有误', extensions: { code: 'BAD_USER_INPUT', fields } }] });
        return;
      }
      const user = await usersTable(platform.knex).where({ username: input.username.toLowerCase() }).first();
      const ok = user ? await platform.commands.users.checkPassword(user.id, input.password) : false;
      if (!user || !ok) {
        if (user) await platform.commands.users.recordLoginFailure(user.id, 'wrong_password', requestContextFor(req));
        res.status(401).json({ errors: [{ message: BAD_CREDENTIALS, extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      const session = await createSession(platform.knex, user.id, req.ip ?? null);
      req.user = { id: user.id, username: user.username, displayName: user.display_name, orgId: user.org_id, roles: user.roles, permissions: new Set(), mustChangePassword: user.must_change_password, csrfToken: session.csrfToken };
      await platform.commands.users.recordLogin(user.id, 'password', requestContextFor(req));
      res.cookie(SESSION_COOKIE, session.token, { ...cookieOptions, httpOnly: true });
      res.cookie(CSRF_COOKIE, session.csrfToken, { ...cookieOptions, httpOnly: false });
      res.json({ data: { userId: user.id, displayName: user.display_name, mustChangePassword: user.must_change_password, csrfToken: session.csrfToken } });
    },
  );

  router.post('/logout', async (req: Request, res: Response) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    const session = token ? await revokeSession(platform.knex, token) : undefined;
    if (session) await platform.commands.users.recordLogout(session.user_id, requestContextFor(req));
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.clearCookie(CSRF_COOKIE, cookieOptions);
    res.json({ data: { loggedOut: Boolean(session) } });
  });

  return router;
}
