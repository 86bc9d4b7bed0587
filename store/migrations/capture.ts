import type { Knex } from 'knex';

/**
 * Tables the capture commands own (work state, not read models: never rebuilt from events alone):
 * - capture_match_queue: captures waiting for face matching. A feeder (checkpointed subscription)
 *   puts each accepted capture here once; matcher workers, in this process or any other, claim rows
 *   with `FOR UPDATE SKIP LOCKED` in a one-statement transaction and a lease, so two workers never
 *   take the same capture, a crashed worker's capture is taken again when its lease ends, and no
 *   transaction stays open while a face is analysed (an open write transaction would hold back
 *   every subscriber of the Postgres event store: README "Operating the Postgres event store").
 * - capture_person_trail: each accepted capture's person, time, place and session, in the order the
 *   signal detector read them: the impossible-travel and overlapping-classes rules look up a
 *   person's neighbouring captures here (its own table, so no read model's lag can hide one).
 */
export const captureMigration = {
  name: '0011_capture',
  async up(knex: Knex) {
    await knex.raw(`
      CREATE TABLE capture_match_queue (
        capture_stream text        PRIMARY KEY,
        reason         text        NOT NULL DEFAULT 'first',
        enqueued_at    timestamptz NOT NULL DEFAULT now(),
        not_before     timestamptz NOT NULL DEFAULT now(),
        attempts       integer     NOT NULL DEFAULT 0,
        claimed_by     text,
        claimed_until  timestamptz,
        last_error     text
      );
      CREATE INDEX capture_match_queue_order ON capture_match_queue (enqueued_at);
      CREATE TABLE capture_person_trail (
        capture_stream text        PRIMARY KEY,
        person_key     text        NOT NULL,
        -- The human behind the record: a trainee and a teacher record of one ID number share it.
        human_key      text        NOT NULL,
        class_id       text        NOT NULL,
        session_id     text        NOT NULL,
        kind           text        NOT NULL,
        taken_at       timestamptz NOT NULL,
        session_starts timestamptz NOT NULL,
        session_ends   timestamptz NOT NULL,
        latitude       double precision,
        longitude      double precision
      );
      CREATE INDEX capture_person_trail_human ON capture_person_trail (human_key, taken_at);
      CREATE INDEX capture_person_trail_session ON capture_person_trail (class_id, session_id);
    `);
  },
  async down(knex: Knex) {
    await knex.raw('DROP TABLE capture_match_queue; DROP TABLE capture_person_trail');
  },
};
