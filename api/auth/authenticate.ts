import type { NextFunction, Request, Response } from 'express';
import type { SessionRestriction } from '../../commands/identity/authentication';
import type { DataScopeKind, Permission } from '../../domain/identity/roles';
import { READ_MODEL_SCHEMA } from '../../projections/runner/projection';
import { USERS_TABLE, type UserRow } from '../../projections/identity/users-table';
import type { Platform } from '../platform';
import { accessProfiles } from './access-profile';
import { CSRF_HEADER, SESSION_COOKIE, resolveSessionWithUser } from './sessions';

/** A locked screen (锁屏) restricts the session more than any policy: nothing but `me` and unlocking. */
export type EffectiveRestriction = SessionRestriction | 'screen_locked';

export interface SessionUser {
  id: string;
  /** The session's public id (online users, personal centre). */
  sessionId: string;
  username: string;
  displayName: string;
  orgId: string;
  roles: string[];
  roleLabels: string[];
  permissions: Set<Permission>;
  dataScope: DataScopeKind;
  /** The teacher record a teacher's account is the login of (its 'taught_classes' scope is theirs); null otherwise. */
  teacherId: string | null;
  /** Until cleared, the session may only fix what the policy requires, or unlock (see api/graphql/restrictions.ts). */
  restriction: EffectiveRestriction;
  secondFactor: boolean;
  /** The idle timeout the session runs under. */
  idleMinutes: number;
  csrfToken: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    sessionToken?: string;
    requestId?: string;
  }
}

export const SCREEN_LOCKED_MESSAGE = '屏幕已锁定，请输入密码解锁';

/** Reads the session cookie, if any, and attaches the user. Never rejects: `requireUser` does. */
export function authenticate(platform: Platform) {
  const profileOf = accessProfiles(platform.knex);
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
      if (token) {
        const found = await resolveSessionWithUser<UserRow>(platform.knex, token, `${READ_MODEL_SCHEMA}.${USERS_TABLE}`);
        if (found) {
          const { session, user } = found;
          const profile = await profileOf(user.roles);
          req.sessionToken = token;
          req.user = {
            id: user.id,
            sessionId: session.id,
            username: user.username,
            displayName: user.display_name,
            orgId: user.org_id,
            roles: user.roles,
            roleLabels: profile.roleLabels,
            permissions: profile.permissions,
            dataScope: profile.dataScope,
            teacherId: user.state?.status === 'active' ? (user.state.teacherId ?? null) : null,
            restriction: session.locked_at ? 'screen_locked' : (session.restriction as SessionRestriction),
            secondFactor: session.second_factor,
            idleMinutes: session.idle_minutes,
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
  // A locked screen downloads and uploads nothing; GraphQL answers `me` alone (api/graphql/restrictions.ts).
  if (req.user.restriction === 'screen_locked' && req.baseUrl !== '/graphql') {
    res.status(423).json({ errors: [{ message: SCREEN_LOCKED_MESSAGE, extensions: { code: 'SESSION_LOCKED' } }] });
    return;
  }
  next();
}
