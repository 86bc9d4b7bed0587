import type { Knex } from 'knex';

/**
 * What the online-users page, the lock screen and the login captcha need (issue 16 §3):
 * - sessions get a public id (the token's hash stays private: it is the lookup key of a secret),
 *   the browser that opened them, and `locked_at` while the screen is locked (the session then
 *   does nothing but unlock, and its idle time keeps running).
 * - login_captchas: one-time image captchas, for five minutes. The answer is kept as typed by the
 *   server (a four-character answer is as easy to brute-force from a hash as from the text, and only
 *   the database holds it); it is deleted at its first check, right or wrong.
 * - login_failure_counters: failed logins per user name and per client address in the last
 *   fifteen minutes (the same for known and unknown names, so the captcha betrays no user name).
 */
export const sessionSecurityMigration = {
  name: '0008_session_security',
  async up(knex: Knex) {
    await knex.raw(`
      ALTER TABLE sessions
        ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN user_agent text,
        ADD COLUMN locked_at timestamptz;
      CREATE UNIQUE INDEX sessions_id ON sessions (id);
      CREATE INDEX sessions_live ON sessions (last_seen_at) WHERE revoked_at IS NULL;
      CREATE TABLE login_captchas (
        id          text        PRIMARY KEY,
        answer      text        NOT NULL,
        expires_at  timestamptz NOT NULL
      );
      CREATE TABLE login_failure_counters (
        key             text        PRIMARY KEY,
        failures        integer     NOT NULL,
        last_failed_at  timestamptz NOT NULL
      );
    `);
  },
  async down(knex: Knex) {
    await knex.raw(`
      DROP TABLE login_failure_counters; DROP TABLE login_captchas;
      DROP INDEX sessions_live; DROP INDEX sessions_id;
      ALTER TABLE sessions DROP COLUMN id, DROP COLUMN user_agent, DROP COLUMN locked_at;
    `);
  },
};
