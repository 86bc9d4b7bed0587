import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import type { EventStore, RecordedEvent, Subscription } from '../../store/event-store/event-store';
import type { SearchEngine } from '../search/search-port';
import { lockCheckpoint, readCheckpoints, saveCheckpoint } from './checkpoints';
import type { SearchProjectionDefinition } from './search-projection';
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
  projections: readonly (ProjectionDefinition | SearchProjectionDefinition)[];
  /** The search engine search projections write to. */
  search?: SearchEngine;
  logger?: Logger;
  batchSize?: number;
  /** Wait after a failed batch before the projection resumes from its checkpoint. */
  retryDelayMs?: number;
}

const REMOTE_POLL_MS = 50;
const LAZY_CHECKPOINT_MS = 5_000;
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
  // Resolved once by stop(); a promise, not an event, so a waiter that arrives late still sees it.
  let signalStop!: () => void;
  const stopping = new Promise<void>((resolve) => (signalStop = resolve));

  /**
   * Checkpoints of batches that held no event of a projection (its type filter skipped everything
   * read) are not written at once: they would cost a commit per append per projection. The position
   * is kept in memory (readers may rely on it: the read model lacks nothing up to it) and written at
   * the next real batch, every few seconds, and at stop. It only moves forward.
   */
  const lazyCheckpoints = new Map<string, { position: bigint; version: number }>();
  const flushLazyCheckpoints = async () => {
    const pending = [...lazyCheckpoints.entries()];
    lazyCheckpoints.clear();
    for (const [name, { position, version }] of pending) {
      await knex('projection_checkpoints')
        .insert({ name, position: position.toString(), version, updated_at: knex.fn.now() })
        .onConflict('name')
        .merge({ position: knex.raw('GREATEST(projection_checkpoints.position, excluded.position)'), updated_at: knex.fn.now() });
    }
  };
  const flushTimer = setInterval(() => void flushLazyCheckpoints().catch((error: unknown) => logger.error({ err: String(error) }, 'checkpoint flush failed')), LAZY_CHECKPOINT_MS);
  flushTimer.unref();

  const advanceLazily = (projection: { name: string; version: number }, scannedUpTo: bigint) => {
    const status = statuses.get(projection.name)!;
    if (scannedUpTo <= status.position) return;
    status.position = scannedUpTo;
    lazyCheckpoints.set(projection.name, { position: scannedUpTo, version: projection.version });
    progress.emit('advanced');
  };

  /**
   * Waits until the read models a projection reads have passed a batch. False when the runner
   * stopped meanwhile; throws when they did not get there in time.
   */
  const dependenciesReached = async (projection: { name: string; dependsOn?: readonly string[] }, scannedUpTo: bigint) => {
    if (!projection.dependsOn?.length || (await waitFor(scannedUpTo, projection.dependsOn, 60_000))) return true;
    if (stopped) return false;
    throw new Error(`${projection.name}: read models ${projection.dependsOn.join(', ')} did not reach ${scannedUpTo}`);
  };

  /**
   * The same wait for a rebuild, as long as it takes: a read model it reads may be rebuilding too
   * (both at a first start or a version change), which can outlast one wait. False once stopped.
   */
  const dependenciesReachedWhileRebuilding = async (projection: ProjectionDefinition, position: bigint) => {
    if (!projection.dependsOn?.length) return true;
    while (!stopped) {
      if (await waitFor(position, projection.dependsOn, 60_000)) return true;
      logger.info({ projection: projection.name, dependsOn: projection.dependsOn, position: String(position) }, 'rebuild waiting for the read models it reads');
    }
    return false;
  };

  const applyBatch = async (projection: ProjectionDefinition, events: RecordedEvent[], scannedUpTo: bigint) => {
    if (events.length === 0) return advanceLazily(projection, scannedUpTo);
    const status = statuses.get(projection.name)!;
    if (!(await dependenciesReached(projection, scannedUpTo))) return;
    const committed = await knex.transaction(async (trx) => {
      const checkpoint = await lockCheckpoint(trx, projection.name);
      const from = checkpoint?.position ?? 0n;
      const fresh = events.filter((e) => e.position > from);
      if (fresh.length > 0) await projection.apply(trx, fresh, READ_MODEL_SCHEMA);
      if (scannedUpTo > from) await saveCheckpoint(trx, projection.name, scannedUpTo, checkpoint?.version ?? projection.version);
      return scannedUpTo > from ? scannedUpTo : from;
    });
    lazyCheckpoints.delete(projection.name);
    // Only after the commit: a reader told "reached" must find the rows.
    if (committed > status.position) status.position = committed;
    progress.emit('advanced');
  };

  const applySearchBatch = async (projection: SearchProjectionDefinition, events: RecordedEvent[], scannedUpTo: bigint) => {
    if (events.length === 0) return advanceLazily(projection, scannedUpTo);
    const status = statuses.get(projection.name)!;
    if (!options.search) throw new Error(`search projection ${projection.name} needs a search engine`);
    const streams = [...new Set(events.map((e) => e.streamId))];
    // Documents come from read models: wait until they hold this batch.
    if (!(await dependenciesReached(projection, scannedUpTo))) return;
    const { upserts, deletes } = await projection.documents(knex, streams);
    if (upserts.length) await options.search.upsert(projection.index.name, upserts);
    if (deletes.length) await options.search.delete(projection.index.name, deletes);
    await knex.transaction(async (trx) => {
      const checkpoint = await lockCheckpoint(trx, projection.name);
      if (scannedUpTo > (checkpoint?.position ?? 0n)) await saveCheckpoint(trx, projection.name, scannedUpTo, checkpoint?.version ?? projection.version);
    });
    lazyCheckpoints.delete(projection.name);
    if (scannedUpTo > status.position) status.position = scannedUpTo;
    progress.emit('advanced');
  };

  /** A search index is rebuilt in place: its documents are upserted again from position 0 (idempotent). */
  const rebuildSearch = async (projection: SearchProjectionDefinition) => {
    await options.search!.ensureIndex(projection.index);
    await knex('projection_checkpoints').insert({ name: projection.name, position: '0', version: projection.version }).onConflict('name').merge(['position', 'version']);
  };

  const run = async (projection: ProjectionDefinition | SearchProjectionDefinition): Promise<void> => {
    const status: ProjectionStatus = { name: projection.name, version: projection.version, position: 0n, state: 'starting' };
    statuses.set(projection.name, status);
    while (!stopped) {
      try {
        const saved = (await readCheckpoints(knex)).find((c) => c.name === projection.name);
        if (!saved || saved.version !== projection.version) {
          status.state = 'rebuilding';
          logger.info({ projection: projection.name, from: saved?.version ?? null, to: projection.version }, 'rebuilding projection');
          if ('kind' in projection) await rebuildSearch(projection);
          else await rebuildProjection({ store, knex, projection, batchSize: Math.max(options.batchSize ?? 1000, 5000), dependenciesReached: (position) => dependenciesReachedWhileRebuilding(projection, position) });
          continue;
        }
        if ('kind' in projection) await options.search?.ensureIndex(projection.index);
        status.position = saved.position;
        status.state = 'running';
        delete status.error;
        progress.emit('advanced');
        const subscription = store.subscribeToAll(
          { after: saved.position, typePrefixes: projection.typePrefixes, batchSize: options.batchSize ?? 1000 },
          (events, scannedUpTo) => ('kind' in projection ? applySearchBatch(projection, events, scannedUpTo) : applyBatch(projection, events, scannedUpTo)),
        );
        subscriptions.set(projection.name, subscription);
        const error = await Promise.race([subscription.failed, stopping.then(() => undefined)]);
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

  /**
   * Read-your-writes: resolves true once the named projections (all by default) have processed
   * the given position, false after the timeout.
   */
  async function waitFor(position: bigint, names?: readonly string[], timeoutMs = 5000): Promise<boolean> {
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
      // A stopping runner answers at once: nothing will advance any more.
      void stopping.then(() => finish(reached()));
    });
  }

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
     * `name@position` while this process runs the projection live: its tables change only when the
     * position moves (read after the commit), so a result computed at it can be reused until then.
     * Undefined otherwise (rebuilding, or run by another process).
     */
    versionOf(name: string): string | undefined {
      const status = statuses.get(name);
      return status?.state === 'running' ? `${name}@${status.position}` : undefined;
    },

    waitFor,

    async stop() {
      stopped = true;
      signalStop();
      await Promise.all([...subscriptions.values()].map((s) => s.stop()));
      await Promise.all(loops);
      clearInterval(flushTimer);
      await flushLazyCheckpoints().catch(() => undefined);
      for (const s of statuses.values()) s.state = 'stopped';
    },
  };
}

export type ProjectionRunner = ReturnType<typeof createProjectionRunner>;
