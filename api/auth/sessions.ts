// Server-side sessions. The browser holds a random token in an httpOnly cookie (page scripts cannot
// read it); the database holds only its SHA-256, so a leaked table opens no session. Logout revokes.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { SessionRestriction } from '../../commands/identity/authentication';

export const SESSION_COOKIE = 'gz_session';
export const CSRF_COOKIE = 'gz_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Absolute limit of a session, however active. */
const MAX_SESSION_HOURS = 12;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 30_000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  restriction: string | null;
  second_factor: boolean;
  idle_minutes: number;
}

export interface NewSession {
  userId: string;
  ip: string | null;
  restriction: SessionRestriction;
  secondFactor: boolean;
  /** The policy's idle timeout when the session began. */
  idleMinutes: number;
}

export async function createSession(knex: Knex, session: NewSession) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await knex('sessions').insert({
    token_hash: digest(token),
    user_id: session.userId,
    csrf_token: csrfToken,
    ip: session.ip,
    restriction: session.restriction,
    second_factor: session.secondFactor,
    idle_minutes: session.idleMinutes,
    expires_at: new Date(Date.now() + MAX_SESSION_HOURS * 3600_000),
  });
  return { token, csrfToken };
}

/** The live session for a token, or undefined when unknown, revoked, expired or idle too long. */
export async function resolveSession(knex: Knex, token: string): Promise<SessionRow | undefined> {
  const row: SessionRow | undefined = await knex('sessions').where({ token_hash: digest(token) }).first();
  if (!row || row.revoked_at) return undefined;
  const now = Date.now();
  if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + row.idle_minutes * 60_000 <= now) return undefined;
  if (now - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await knex('sessions').where({ token_hash: row.token_hash }).update({ last_seen_at: new Date(now) });
  }
  return row;
}

export async function revokeSession(knex: Knex, token: string): Promise<SessionRow | undefined> {
  const [row] = await knex('sessions').where({ token_hash: digest(token) }).whereNull('revoked_at').update({ revoked_at: new Date() }, '*');
  return row as SessionRow | undefined;
}

/** Lifts a session's restriction once the user has done what it required. */
export async function clearRestriction(knex: Knex, token: string, restriction: Exclude<SessionRestriction, null>, next: SessionRestriction) {
  await knex('sessions').where({ token_hash: digest(token), restriction }).update({ restriction: next });
}

/** Ends every session of a user (password reset, role change, lockout). */
export async function revokeUserSessions(knex: Knex, userId: string) {
  await knex('sessions').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: new Date() });
}
