import type { Knex } from 'knex';

/**
 * Second factor, password history, login challenges and restricted sessions. Secrets (TOTP seeds)
 * are stored sealed with the configured key, never in clear.
 */
export const identitySecurityMigration = {
  name: '0004_identity_security',
  async up(knex: Knex) {
    await knex.raw(`
      ALTER TABLE user_credentials
        ADD COLUMN totp_secret text,
        ADD COLUMN totp_pending_secret text,
        ADD COLUMN totp_last_step bigint;
      CREATE TABLE password_history (
        user_id        text        NOT NULL,
        password_hash  text        NOT NULL,
        changed_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX password_history_user ON password_history (user_id, changed_at DESC);
      CREATE TABLE login_challenges (
        token_hash   text        PRIMARY KEY,
        user_id      text        NOT NULL,
        expires_at   timestamptz NOT NULL,
        attempts     integer     NOT NULL DEFAULT 0
      );
      CREATE TABLE oidc_logins (
        token_hash     text        PRIMARY KEY,
        state          text        NOT NULL,
        code_verifier  text        NOT NULL,
        nonce          text        NOT NULL,
        expires_at     timestamptz NOT NULL
      );
      ALTER TABLE sessions
        ADD COLUMN restriction text,
        ADD COLUMN second_factor boolean NOT NULL DEFAULT false,
        ADD COLUMN idle_minutes integer NOT NULL DEFAULT 30;
    `);
  },
  async down(knex: Knex) {
    await knex.raw(`
      DROP TABLE login_challenges; DROP TABLE oidc_logins; DROP TABLE password_history;
      ALTER TABLE user_credentials DROP COLUMN totp_secret, DROP COLUMN totp_pending_secret, DROP COLUMN totp_last_step;
      ALTER TABLE sessions DROP COLUMN restriction, DROP COLUMN second_factor, DROP COLUMN idle_minutes;
    `);
  },
};
