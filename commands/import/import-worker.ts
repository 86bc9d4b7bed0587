// The import worker: runs in the worker process (the one that runs the projections), one job at a
// time, each at bounded concurrency. It finds unfinished jobs in rm.imports, so after a restart it
// resumes whatever was running. A job is held by a Postgres advisory lock while it runs, so two
// worker processes never run the same job at once (and if they did, the derived command ids would
// make the second append nothing).
import type { Knex } from 'knex';
import type { ImportQueue } from './import-queue';
import type { ImportRunner } from './import-runner';

export interface WorkerLogger {
  info(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** A job whose run keeps failing (not because of its file) is given up after this many tries. */
const MAX_ATTEMPTS = 5;
const silent: WorkerLogger = { info: () => undefined, error: () => undefined };

export function importWorker(deps: { knex: Knex; queue: ImportQueue; runner: ImportRunner; pollMs?: number; logger?: WorkerLogger }) {
  const { knex, queue, runner } = deps;
  const logger = deps.logger ?? silent;
  const pollMs = deps.pollMs ?? 1000;
  const attempts = new Map<string, number>();
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  /** Runs `use` holding the job's advisory lock; undefined when another process holds it. */
  async function withJobLock<T>(jobId: string, use: () => Promise<T>): Promise<T | undefined> {
    const connection = await knex.client.acquireConnection();
    const key = `import-${jobId}`;
    try {
      const { rows } = await connection.query('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [key]);
      if (!rows[0]?.locked) return undefined;
      try {
        return await use();
      } finally {
        await connection.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    } finally {
      await knex.client.releaseConnection(connection);
    }
  }

  /** One pass over the unfinished jobs, oldest first. */
  async function runPending(signal: AbortSignal = new AbortController().signal) {
    for (const id of await queue.unfinishedJobIds()) {
      if (signal.aborted) return;
      try {
        const outcome = await withJobLock(id, () => runner.run(id, signal));
        if (outcome === 'done') attempts.delete(id);
      } catch (error) {
        const tries = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, tries);
        logger.error({ err: error, jobId: id, tries }, '导入任务出错，稍后重试');
        if (tries >= MAX_ATTEMPTS) {
          attempts.delete(id);
          await runner.fail(id, '导入过程中多次发生系统错误，任务已中止，请联系管理员').catch((e: unknown) => logger.error({ err: e, jobId: id }, '无法记录导入失败'));
        }
      }
    }
  }

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
      signal.addEventListener('abort', done);
    });

  /**
   * rm.imports is a read model: the projection runner creates it on its first run (on a new database,
   * moments after start-up), not the migrations. Until it exists there is nothing to resume, so the
   * worker waits for the table instead of failing its first polls. False when stopped meanwhile.
   */
  async function readModelReady(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await queue.ready().catch((error: unknown) => void logger.error({ err: error }, '导入任务无法检查读模型，稍后重试'))) return true;
      await sleep(pollMs, signal);
    }
    return false;
  }

  return {
    runPending,
    /** Starts polling once rm.imports exists; unfinished jobs (after a restart) are picked up on the first pass. */
    start() {
      if (loop) return;
      const current = new AbortController();
      controller = current;
      loop = (async () => {
        if (!(await readModelReady(current.signal))) return;
        while (!current.signal.aborted) {
          await runPending(current.signal).catch((error: unknown) => logger.error({ err: error }, '导入任务轮询失败'));
          if (!current.signal.aborted) await sleep(pollMs, current.signal);
        }
      })();
    },
    /** Looks for new jobs now instead of at the next poll (a job was just started in this process). */
    wake() {
      wakeUp?.();
    },
    /** Stops after the rows in flight; the running job stays unfinished and resumes on the next start. */
    async stop() {
      controller?.abort();
      await loop;
      loop = undefined;
      controller = undefined;
    },
  };
}

export type ImportWorker = ReturnType<typeof importWorker>;
