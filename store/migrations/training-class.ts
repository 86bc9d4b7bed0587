import type { Knex } from 'knex';

/**
 * Tables the training-class commands own (not read models: they are written in the request, before
 * or after the append, and never rebuilt from events alone):
 * - class_session_reservations: who is booked when. One row per person and session of every class
 *   not cancelled or completed; the exclusion constraint refuses a second booking of one person at
 *   an overlapping time in another class, anywhere in the province, however many requests race.
 *   Ranges are half-open ([start, end)), so back-to-back sessions do not collide, as in the domain.
 * - class_number_counters: the per-county, per-year serial of class numbers (520102-2026-0001).
 * - process_checkpoints: how far each of the module's process managers has read the log.
 */
export const trainingClassMigration = {
  name: '0010_training_class',
  async up(knex: Knex) {
    await knex.raw(`
      CREATE EXTENSION IF NOT EXISTS btree_gist;
      CREATE TABLE class_session_reservations (
        class_id      text        NOT NULL,
        person_key    text        NOT NULL,
        session_id    text        NOT NULL,
        during        tstzrange   NOT NULL,
        session_date  text        NOT NULL,
        starts        text        NOT NULL,
        ends          text        NOT NULL,
        class_label   text        NOT NULL,
        command_id    text        NOT NULL,
        reserved_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (class_id, person_key, session_id),
        CONSTRAINT class_session_reservations_no_overlap EXCLUDE USING gist (person_key WITH =, during WITH &&, class_id WITH <>)
      );
      CREATE TABLE class_number_counters (
        county_code  text    NOT NULL,
        year         integer NOT NULL,
        last         integer NOT NULL,
        PRIMARY KEY (county_code, year)
      );
      CREATE TABLE process_checkpoints (
        name        text        PRIMARY KEY,
        position    bigint      NOT NULL DEFAULT 0,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
    `);
  },
  async down(knex: Knex) {
    await knex.raw('DROP TABLE class_session_reservations; DROP TABLE class_number_counters; DROP TABLE process_checkpoints');
  },
};
