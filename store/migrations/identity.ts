import type { Knex } from 'knex';

/**
 * Operational identity state that is not an event: password hashes (replaceable, erasable) and
 * sessions. Every change to them is recorded as an event on the user's stream.
 */
export const identityMigration = {
  name: '0003_identity',
  async up(knex: Knex) {
    await knex.raw(`
      CREATE TABLE user_credentials (
        user_id        text        PRIMARY KEY,
        password_hash  text        NOT NULL,
        changed_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sessions (
        token_hash     text        PRIMARY KEY,
        user_id        text        NOT NULL,
        csrf_token     text        NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        last_seen_at   timestamptz NOT NULL DEFAULT now(),
        expires_at     timestamptz NOT NULL,
        revoked_at     timestamptz,
        ip             text
      );
      CREATE INDEX sessions_user ON sessions (user_id);
    `);
  },
  async down(knex: Knex) {
    await knex.raw('DROP TABLE sessions; DROP TABLE user_credentials;');
  },
};
