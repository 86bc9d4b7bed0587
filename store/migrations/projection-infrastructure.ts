import type { Knex } from 'knex';

/** Checkpoints and versions of projections. */
export const projectionInfrastructureMigration = {
  name: '0002_projection_checkpoints',
  async up(knex: Knex) {
    await knex.raw(`
      CREATE TABLE projection_checkpoints (
        name        text        PRIMARY KEY,
        position    bigint      NOT NULL DEFAULT 0,
        version     integer     NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE SCHEMA IF NOT EXISTS rm;
    `);
  },
  async down(knex: Knex) {
    await knex.raw('DROP TABLE projection_checkpoints');
  },
};
