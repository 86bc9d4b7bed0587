import type { Knex } from 'knex';

/**
 * 定时任务 runs (commands/jobs/job-registry.ts): one row per run of a scheduled job, with its trigger,
 * who asked for it (a run by hand), start, end, outcome, duration and a short summary or error.
 * Operational records like sessions, not events: the ledger job folds every event, so a run recorded
 * as events would make every tick sign a digest of the previous tick, and a five-minute job would
 * put 200,000 events a year into the audit log. What an administrator does to a job is an event.
 */
export const jobRunsMigration = {
  name: '0009_job_runs',
  async up(knex: Knex) {
    await knex.raw(`
      CREATE TABLE job_runs (
        id            uuid        PRIMARY KEY,
        job           text        NOT NULL,
        trigger       text        NOT NULL,
        requested_by  text,
        started_at    timestamptz NOT NULL,
        finished_at   timestamptz,
        outcome       text        NOT NULL,
        duration_ms   integer,
        summary       text,
        error         text
      );
      CREATE INDEX job_runs_job ON job_runs (job, started_at DESC);
    `);
  },
  async down(knex: Knex) {
    await knex.raw('DROP TABLE job_runs;');
  },
};
