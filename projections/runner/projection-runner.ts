import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import type { EventStore, RecordedEvent, Subscription } from '../../commands/event-store/event-store';
import { lockCheckpoint, readCheckpoints, saveCheckpoint } from './checkpoints';
import { READ_MODEL_SCHEMA, type ProjectionDefinition } from './projection';
import { rebuildProjection } from './rebuild';

export interface ProjectionStatus {
  name: string;
  version: number;
  position: bigint;
  state: 'starting' | 'rebuilding' | 'running' | 'failed' | 'stopped';
  error?: string;
}

export interface Logger {
  info(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  knex: Knex;
  projections: readonly ProjectionDefinition[];
  logger?: Logger;
  batchSize?: number;
  /** Wait after a failed batch before the projection resumes from its checkpoint. */
  retryDelayMs?: number;
}

const REMOTE_POLL_MS = 50;
const silent: Logger = { info: () => undefined, error: () => undefined };

/**
 * Runs every projection on its own catch-up subscription. Each batch is applied and its checkpoint
 * moved in one transaction, under a row lock on the checkpoint, so a crash can neither apply an
 * event twice nor skip one, and a rebuild in another process can swap tables safely. A projection
 * whose version changed (or that never ran) is rebuilt side by side before it goes live.
 */
export function createProjectionRunner(options: ProjectionRunnerOptions) {
  const { store, knex } = options;
  const logger = options.logger ?? silent;
  const statuses = new Map<string, ProjectionStatus>();
  const subscriptions = new Map<string, Subscription>();
  const progress = new EventEmitter();
  progress.setMaxListeners(0);
  let stopped = false;

  const applyBatch = async (projection: ProjectionDefinition, events: RecordedEvent[], scannedUpTo: bigint) => {
    const status = statuses.get(projection.name)!;
    const committed = await knex.transaction(async (trx) => {
      const checkpoint = await lockCheckpoint(trx, projection.name);
      const from = checkpoint?.position ?? 0n;
      const fresh = events.filter((e) => e.position > from);
      if (fresh.length > 0) await projection.apply(trx, fresh, READ_MODEL_SCHEMA);
      if (scannedUpTo > from) await saveCheckpoint(trx, projection.name, scannedUpTo, checkpoint?.version ?? projection.version);
      return scannedUpTo > from ? scannedUpTo : from;
    });
    // Only after the commit: a reader told "reached" must find the rows.
    status.position = committed;
    progress.emit('advanced');
  };

  const run = async (projection: ProjectionDefinition): Promise<void> => {
    const status: ProjectionStatus = { name: projection.name, version: projection.version, position: 0n, state: 'starting' };
    statuses.set(projection.name, status);
    while (!stopped) {
      try {
        const saved = (await readCheckpoints(knex)).find((c) => c.name === projection.name);
        if (!saved || saved.version !== projection.version) {
          status.state = 'rebuilding';
          logger.info({ projection: projection.name, from: saved?.version ?? null, to: projection.version }, 'rebuilding projection');
          await rebuildProjection({ store, knex, projection, batchSize: Math.max(options.batchSize ?? 1000, 5000) });
          continue;
        }
        status.position = saved.position;
        status.state = 'running';
        delete status.error;
        progress.emit('advanced');
        const subscription = store.subscribeToAll(
          { after: saved.position, typePrefixes: projection.typePrefixes, batchSize: options.batchSize ?? 1000 },
          (events, scannedUpTo) => applyBatch(projection, events, scannedUpTo),
        );
        subscriptions.set(projection.name, subscription);
        const error = await Promise.race([subscription.failed, new Promise<undefined>((r) => progress.once(`stop:${projection.name}`, () => r(undefined)))]);
        if (!error || stopped) return;
        throw error;
      } catch (error) {
        if (stopped) return;
        status.state = 'failed';
        status.error = error instanceof Error ? error.message : String(error);
        logger.error({ projection: projection.name, err: status.error }, 'projection failed; resuming from its checkpoint');
        await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 1000));
      }
    }
  };

  const loops: Promise<void>[] = [];

  return {
    /** Starts every projection; resolves once each has caught up or begun rebuilding. */
    start() {
      for (const projection of options.projections) loops.push(run(projection));
    },

    status(): ProjectionStatus[] {
      return [...statuses.values()].map((s) => ({ ...s }));
    },

    /**
     * Read-your-writes: resolves true once the named projections (all by default) have processed
     * the given position, false after the timeout.
     */
    async waitFor(position: bigint, names?: readonly string[], timeoutMs = 5000): Promise<boolean> {
      const wanted = names ?? options.projections.map((p) => p.name);
      // Projections run by another process (a separate worker) are followed through their checkpoints.
      const remote = new Map<string, bigint>();
      const positionOf = (name: string) => statuses.get(name)?.position ?? remote.get(name) ?? -1n;
      const reached = () => wanted.every((n) => positionOf(n) >= position);
      const refreshRemote = async () => {
        if (wanted.every((n) => statuses.has(n))) return;
        for (const c of await readCheckpoints(knex)) if (!statuses.has(c.name)) remote.set(c.name, c.position);
      };
      await refreshRemote();
      if (reached()) return true;
      return new Promise<boolean>((resolve) => {
        const finish = (value: boolean) => {
          clearTimeout(timer);
          clearInterval(poll);
          progress.off('advanced', onAdvance);
          resolve(value);
        };
        const onAdvance = () => reached() && finish(true);
        const timer = setTimeout(() => finish(reached()), timeoutMs);
        const poll = setInterval(() => void refreshRemote().then(onAdvance, () => undefined), REMOTE_POLL_MS);
        progress.on('advanced', onAdvance);
      });
    },

    async stop() {
      stopped = true;
      for (const projection of options.projections) progress.emit(`stop:${projection.name}`);
      await Promise.all([...subscriptions.values()].map((s) => s.stop()));
      await Promise.all(loops);
      for (const s of statuses.values()) s.state = 'stopped';
    },
  };
}

export type ProjectionRunner = ReturnType<typeof createProjectionRunner>;
