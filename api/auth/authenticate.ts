import type { NextFunction, Request, Response } from 'express';
import { permissionsOf, type Permission } from '../../domain/identity/roles';
import { usersTable } from '../../projections/identity/users-table';
import type { Platform } from '../platform';
import { CSRF_HEADER, SESSION_COOKIE, resolveSession } from './sessions';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  roles: string[];
  permissions: Set<Permission>;
  mustChangePassword: boolean;
  csrfToken: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    sessionToken?: string;
    requestId?: string;
  }
}

/** Reads the session cookie, if any, and attaches the user. Never rejects: `requireUser` does. */
export function authenticate(platform: Platform, idleMinutes: number) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
      if (token) {
        const session = await resolveSession(platform.knex, token, idleMinutes);
        const user = session && (await usersTable(platform.knex).where({ id: session.user_id }).first());
        if (session && user) {
          req.sessionToken = token;
          req.user = {
            id: user.id,
            username: user.username,
            displayName: user.display_name,
            orgId: user.org_id,
            roles: user.roles,
            permissions: permissionsOf(user.roles),
            mustChangePassword: user.must_change_password,
            csrfToken: session.csrf_token,
          };
        }
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Refuses requests without a session (401), and state-carrying requests whose CSRF header does not
 * match the session's token (403). The cookies are SameSite=Strict as well; the header is the
 * second, independent line of defence.
 */
export function requireUser(req: Request, res: Response, next: NextFunction) {
  if (!req.user) {
    res.status(401).json({ errors: [{ message: '请先登录', extensions: { code: 'UNAUTHENTICATED' } }] });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.get(CSRF_HEADER) !== req.user.csrfToken) {
    res.status(403).json({ errors: [{ message: '请求缺少有效的防伪令牌，请刷新页面后重试', extensions: { code: 'FORBIDDEN' } }] });
    return;
  }
  next();
}
