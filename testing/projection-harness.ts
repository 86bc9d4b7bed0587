// Projection specs against the real Postgres (STYLE.md, "Tests"): a fresh database, the real event
// store and a projection runner over the read models under test. Events come from the module's
// decider, appended the way the command pipeline appends them (without its ports), or as given.
// Specs wait for catch-up explicitly (runner.waitFor, bounded), never with a sleep, and feed the
// same events again to show the rows do not change.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CommandContext, Decider, DomainEvent } from '../domain/shared/decider';
import type { ProjectionDefinition } from '../projections/runner/projection';
import { createProjectionRunner, type ProjectionRunner } from '../projections/runner/projection-runner';
import { rebuildProjection, rebuildSearchProjection } from '../projections/runner/rebuild';
import type { SearchProjectionDefinition } from '../projections/runner/search-projection';
import type { SearchEngine } from '../projections/search/search-port';
import { createEventStore } from '../store/event-store/chained-event-store';
import type { EventStore, NewEvent } from '../store/event-store/event-store';
import { createPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { foldEvents } from '../store/fold';
import { createKnex } from '../store/knex';
import { currentSchemaVersion } from '../store/upcasters';
import { createTestDatabase, type TestDatabase } from './database';
import { testMetadata } from './events';

type AnyProjection = ProjectionDefinition | SearchProjectionDefinition;

/** Longest a spec waits for the projections: another test file's open transaction can hold the fence. */
const CATCH_UP_MS = 30_000;

export interface ProjectionHarness {
  store: EventStore;
  knex: Knex;
  /** The search engine search projections write to (when one was asked for). */
  search: SearchEngine | undefined;
  /**
   * Decides a command on the stream's current state with the module's decider and appends what it
   * decides, stamped with the context's actor and time; returns the decided events.
   */
  decide<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, streamId: string, command: C, context: CommandContext): Promise<E[]>;
  /** Appends events as given (for event types no decider here produces). */
  append(streamId: string, events: NewEvent[]): Promise<void>;
  /** Waits until every projection has applied everything appended so far; fails after 30 s. */
  caughtUp(): Promise<void>;
  /**
   * Feeds every event of the log to the projections a second time: their checkpoints go back to 0
   * and a fresh runner applies the whole log again over the rows already there, in small batches
   * (so one stream's events fall into several).
   */
  replayed(): Promise<void>;
  /** Replays the whole log into fresh tables (or documents) and swaps them in, as `npm run rebuild` does. */
  rebuilt(): Promise<void>;
  close(): Promise<void>;
}

/** `search` builds the search engine for search projections, given the test database's address. */
export async function startProjectionHarness(projections: readonly AnyProjection[], options: { search?: (databaseUrl: string) => SearchEngine } = {}): Promise<ProjectionHarness> {
  const db: TestDatabase = await createTestDatabase();
  const store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
  const knex = createKnex(db.url);
  const search = options.search?.(db.url);
  const names = projections.map((p) => p.name);
  const newRunner = (batchSize?: number) => {
    const runner = createProjectionRunner({ store, knex, projections, ...(search ? { search } : {}), ...(batchSize ? { batchSize } : {}) });
    runner.start();
    return runner;
  };
  let runner: ProjectionRunner = newRunner();
  let last = 0n;

  const appended = (position: bigint) => {
    if (position > last) last = position;
  };

  const caughtUp = async () => {
    if (!(await runner.waitFor(last, names, CATCH_UP_MS))) {
      const behind = runner.status().filter((s) => s.position < last);
      throw new Error(`projections did not reach position ${last} within ${CATCH_UP_MS / 1000} s: ${JSON.stringify(behind, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
    }
  };

  return {
    store,
    knex,
    search,
    async decide(decider, streamId, command, context) {
      const history = await store.readStream(streamId);
      const decided = decider.decide(command, foldEvents(decider, history), context);
      if (decided.length === 0) return decided;
      const commandId = randomUUID();
      const events: NewEvent[] = decided.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: testMetadata({
          actorId: context.actor.id,
          actorRole: context.actor.role,
          actorOrgId: context.actor.orgId,
          commandId,
          correlationId: commandId,
          causationId: commandId,
          occurredAt: context.now,
          schemaVersion: currentSchemaVersion(event.type),
        }),
      }));
      appended((await store.appendToStream(streamId, events, { expectedRevision: history.length === 0 ? 'no_stream' : history.length - 1 })).lastPosition);
      return decided;
    },
    async append(streamId, events) {
      appended((await store.appendToStream(streamId, events)).lastPosition);
    },
    caughtUp,
    async replayed() {
      await caughtUp();
      await runner.stop();
      // After stop(): it writes the positions it kept in memory.
      await knex('projection_checkpoints').whereIn('name', names).update({ position: '0' });
      runner = newRunner(3);
      await caughtUp();
    },
    async rebuilt() {
      await caughtUp();
      for (const projection of projections) {
        if ('kind' in projection) await rebuildSearchProjection({ store, knex, projection, search: search!, batchSize: 3 });
        else await rebuildProjection({ store, knex, projection, batchSize: 3 });
      }
      await caughtUp();
    },
    async close() {
      await runner.stop();
      await search?.close();
      await store.close();
      await knex.destroy();
      await db.drop();
    },
  };
}
