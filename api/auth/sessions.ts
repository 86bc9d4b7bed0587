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
  /** The public id (online users, personal centre); the token's hash never leaves the server. */
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  restriction: string | null;
  second_factor: boolean;
  idle_minutes: number;
  created_at: Date;
  ip: string | null;
  user_agent: string | null;
  /** Set while the screen is locked (锁屏). */
  locked_at: Date | null;
}

export interface NewSession {
  userId: string;
  ip: string | null;
  restriction: SessionRestriction;
  secondFactor: boolean;
  /** The policy's idle timeout when the session began. */
  idleMinutes: number;
  userAgent?: string | null;
}

export async function createSession(knex: Knex, session: NewSession) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await knex('sessions').insert({
    token_hash: digest(token),
    user_id: session.userId,
    csrf_token: csrfToken,
    ip: session.ip,
    user_agent: session.userAgent ? session.userAgent.slice(0, 300) : null,
    restriction: session.restriction,
    second_factor: session.secondFactor,
    idle_minutes: session.idleMinutes,
    expires_at: new Date(Date.now() + MAX_SESSION_HOURS * 3600_000),
  });
  return { token, csrfToken };
}

/**
 * The live session for a token (undefined when unknown, revoked, expired or idle too long) and its
 * user, the users read model's row as JSON (`userTable` is its qualified name), in one query: every
 * request authenticates, and a second round trip for the user was a measurable part of a capture
 * upload's cost (README, Benchmarks).
 */
export async function resolveSessionWithUser<User>(knex: Knex, token: string, userTable: string): Promise<{ session: SessionRow; user: User } | undefined> {
  const row: (SessionRow & { session_user: User | null }) | undefined = await knex('sessions as s')
    .leftJoin(`${userTable} as u`, 'u.id', 's.user_id')
    .where('s.token_hash', digest(token))
    .first('s.*', knex.raw('to_jsonb(u.*) AS session_user'));
  if (!row) return undefined;
  const { session_user: user, ...session } = row;
  const resolved = await live(knex, session);
  return resolved && user ? { session: resolved, user } : undefined;
}

async function live(knex: Knex, row: SessionRow): Promise<SessionRow | undefined> {
  if (row.revoked_at) return undefined;
  const now = Date.now();
  if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + row.idle_minutes * 60_000 <= now) return undefined;
  // A locked screen is not activity: the idle timeout keeps running until the password unlocks it.
  if (!row.locked_at && now - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
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

/** Ends every session of a user (password reset, role change, lockout), but the one `keepToken` names. */
export async function revokeUserSessions(knex: Knex, userId: string, keepToken?: string) {
  const query = knex('sessions').where({ user_id: userId }).whereNull('revoked_at');
  if (keepToken) query.whereNot({ token_hash: digest(keepToken) });
  await query.update({ revoked_at: new Date() });
}

/** Restricts a session from now on (its own second factor reset: it may only enrol again). */
export async function restrictSession(knex: Knex, token: string, restriction: Exclude<SessionRestriction, null>) {
  await knex('sessions').where({ token_hash: digest(token) }).update({ restriction });
}

/**
 * The live sessions (not revoked, not past their 12 hours, not idle past their timeout), as a query
 * the caller narrows, joins and pages. `sessions` is the command side's table, not a read model:
 * it changes on every request and is never rebuilt from events.
 */
export function liveSessions(knex: Knex, alias = 'sessions') {
  return knex(`sessions as ${alias}`)
    .whereNull(`${alias}.revoked_at`)
    .where(`${alias}.expires_at`, '>', knex.fn.now())
    .whereRaw(`??.last_seen_at + ??.idle_minutes * interval '1 minute' > now()`, [alias, alias]);
}

/** A live session by its public id, or undefined (unknown, ended, expired or idle too long). */
export async function liveSessionById(knex: Knex, id: string): Promise<SessionRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  return (await liveSessions(knex).where('sessions.id', id).first('sessions.*')) as SessionRow | undefined;
}

/** Ends one session by its public id at once: its next request is answered 401. */
export async function revokeSessionById(knex: Knex, id: string): Promise<SessionRow | undefined> {
  const [row] = await knex('sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: new Date() }, '*');
  return row as SessionRow | undefined;
}

/** Locks the session's screen (锁屏): until unlocked it may only unlock or log out. */
export async function lockSession(knex: Knex, token: string) {
  await knex('sessions').where({ token_hash: digest(token) }).whereNull('revoked_at').update({ locked_at: new Date() });
}

/** Unlocks it (the password was right): unlocking is activity, so the idle time starts again. */
export async function unlockSession(knex: Knex, token: string) {
  await knex('sessions').where({ token_hash: digest(token) }).whereNull('revoked_at').update({ locked_at: null, last_seen_at: new Date() });
}
