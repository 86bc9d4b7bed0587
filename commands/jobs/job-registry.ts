// The one registry of scheduled jobs (定时任务). A job is a name, a Chinese label, a node-cron schedule
// and a run function; scripts/start.ts registers the platform's jobs and starts them. Every run is
// a row of job_runs (trigger, start, end, outcome, duration, summary or error); an administrator's
// run now, pause and resume are events on the job's stream (domain/jobs/job.ts). A paused job keeps
// its schedule but skips its ticks, and the pause survives restarts (it is read back from its events).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import cron, { type ScheduledTask } from 'node-cron';
import { jobDecider, jobStreamId, type JobOutcome, type JobState, type JobTrigger } from '../../domain/jobs/job';
import { NotFoundError, RuleViolationError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export interface JobDefinition {
  /** Stable id: the job's stream is job-<name>. */
  name: string;
  label: string;
  description: string;
  /** node-cron expression (a sixth, leading field counts seconds). */
  schedule: string;
  timezone?: string;
  /** Does the work; what it returns is the run's summary (shown in the history). */
  run(): Promise<string | void>;
}

export interface JobRunRow {
  id: string;
  job: string;
  trigger: JobTrigger;
  requested_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  outcome: JobOutcome;
  duration_ms: number | null;
  summary: string | null;
  error: string | null;
}

interface Logger {
  error(object: object, message: string): void;
}

interface Entry {
  definition: JobDefinition;
  task?: ScheduledTask;
  state: JobState;
  running?: Promise<void>;
}

export function createJobRegistry(deps: { store: EventStore; knex: Knex; logger?: Logger }) {
  const { store, knex, logger } = deps;
  const jobs = new Map<string, Entry>();
  const runs = () => knex<JobRunRow>('job_runs');

  const entryOf = (name: string) => {
    const entry = jobs.get(name);
    if (!entry) throw new NotFoundError('定时任务不存在');
    return entry;
  };

  /** One run: a row when it starts, completed when it ends; a second run of a busy job is refused. */
  async function execute(entry: Entry, trigger: JobTrigger, requestedBy: string | null, runId = randomUUID()) {
    if (entry.running) throw new RuleViolationError('该任务正在运行，请等待本次运行结束', 'job.running');
    const started = new Date();
    await runs().insert({ id: runId, job: entry.definition.name, trigger, requested_by: requestedBy, started_at: started, outcome: 'running' });
    const work = (async () => {
      let outcome: JobOutcome = 'succeeded';
      let summary: string | null = null;
      let error: string | null = null;
      try {
        summary = (await entry.definition.run()) ?? null;
      } catch (failure) {
        outcome = 'failed';
        error = (failure instanceof Error ? failure.message : String(failure)).slice(0, 1000);
        logger?.error({ job: entry.definition.name, err: error }, '定时任务失败');
      }
      const finished = new Date();
      await runs().where({ id: runId }).update({ finished_at: finished, outcome, duration_ms: finished.getTime() - started.getTime(), summary: summary?.slice(0, 500) ?? null, error });
    })().finally(() => {
      entry.running = undefined;
    });
    entry.running = work.catch(() => undefined);
    return { runId, done: work };
  }

  return {
    /** Adds a job (before start); its pause state is read from its stream at start. */
    register(definition: JobDefinition) {
      if (jobs.has(definition.name)) throw new Error(`job ${definition.name} is registered twice`);
      if (!cron.validate(definition.schedule)) throw new Error(`invalid cron expression for job ${definition.name}: ${definition.schedule}`);
      jobs.set(definition.name, { definition, state: { status: 'active' } });
    },

    /**
     * Schedules every job. Runs left `running` by a process that stopped mid-run are closed as
     * interrupted first, so the history never shows a run that will never end.
     */
    async start() {
      await runs().where({ outcome: 'running' }).update({ outcome: 'interrupted', finished_at: new Date() });
      for (const entry of jobs.values()) {
        entry.state = await loadState(store, jobDecider, jobStreamId(entry.definition.name));
        entry.task = cron.schedule(
          entry.definition.schedule,
          async () => {
            if (entry.state.status === 'paused' || entry.running) return;
            await (await execute(entry, 'schedule', null)).done.catch(() => undefined);
          },
          { name: entry.definition.name, noOverlap: true, ...(entry.definition.timezone ? { timezone: entry.definition.timezone } : {}) },
        );
      }
    },

    async stop() {
      for (const entry of jobs.values()) await entry.task?.destroy();
      await Promise.all([...jobs.values()].map((e) => e.running));
    },

    /** Every job with its state, next run and last run. */
    async list() {
      const names = [...jobs.keys()];
      const last: JobRunRow[] = names.length ? await knex.select('*').from(runs().whereIn('job', names).distinctOn('job').orderBy([{ column: 'job' }, { column: 'started_at', order: 'desc' }]).as('last')) : [];
      return [...jobs.values()].map((entry) => ({
        definition: entry.definition,
        state: entry.state,
        running: Boolean(entry.running),
        // Paused jobs skip their ticks: no next run to announce.
        nextRunAt: entry.state.status === 'paused' ? null : (entry.task?.getNextRun() ?? null),
        lastRun: last.find((r) => r.job === entry.definition.name) ?? null,
      }));
    },

    /** A page of a job's runs, newest first. */
    history(name: string) {
      entryOf(name);
      return runs().where({ job: name });
    },

    /** Runs the job now (recorded as an event by the requester), answering once it has started. */
    async runNow(name: string, request: RequestContext) {
      const entry = entryOf(name);
      if (entry.running) throw new RuleViolationError('该任务正在运行，请等待本次运行结束', 'job.running');
      const runId = randomUUID();
      const result = await handleCommand(store, jobDecider, jobStreamId(name), { type: 'RequestJobRun', job: name, runId }, request);
      if (result.repeated) return { result, runId, done: Promise.resolve() };
      const { done } = await execute(entry, 'manual', request.actor.id, runId);
      return { result, runId, done: done.catch(() => undefined) };
    },

    async pause(name: string, reason: string, request: RequestContext) {
      const entry = entryOf(name);
      const result = await handleCommand(store, jobDecider, jobStreamId(name), { type: 'PauseJob', job: name, reason }, request);
      entry.state = result.state;
      return result;
    },

    async resume(name: string, request: RequestContext) {
      const entry = entryOf(name);
      const result = await handleCommand(store, jobDecider, jobStreamId(name), { type: 'ResumeJob', job: name }, request);
      entry.state = result.state;
      return result;
    },
  };
}

export type JobRegistry = ReturnType<typeof createJobRegistry>;
