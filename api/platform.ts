// The composition root: builds the event store, read models, projections and command handlers
// from configuration. `npm start`, the API tests and the scripts all assemble the platform here.
import type { Knex } from 'knex';
import { createEventStore } from '../commands/event-store/chained-event-store';
import type { EventLog } from '../commands/event-store/event-log';
import type { EventStore } from '../commands/event-store/event-store';
import { createPostgresEventLog } from '../commands/event-store/postgres/postgres-event-log';
import { userCommands } from '../commands/identity/user-commands';
import { occupationCommands, occupationReviewable } from '../commands/occupation/occupation-commands';
import { organizationCommands } from '../commands/organization/organization-commands';
import { reviewCommands } from '../commands/review/review-commands';
import { usersProjection } from '../projections/identity/users-table';
import { occupationsProjection } from '../projections/occupation/occupations-table';
import { organizationDirectory, organizationsProjection } from '../projections/organization/organizations-table';
import { reviewHistoryProjection, reviewTasksProjection } from '../projections/review/review-tables';
import type { ProjectionDefinition } from '../projections/runner/projection';
import { createProjectionRunner, type Logger } from '../projections/runner/projection-runner';
import { createKnex } from '../projections/store/knex';
import { migrateToLatest } from '../projections/store/migrations';

export const PROJECTIONS: readonly ProjectionDefinition[] = [
  organizationsProjection,
  usersProjection,
  occupationsProjection,
  reviewTasksProjection,
  reviewHistoryProjection,
];

export interface PlatformOptions {
  databaseUrl: string;
  eventStoreUrl?: string;
  /** Run the projection worker in this process (the default; a separate worker process sets false). */
  runProjections?: boolean;
  logger?: Logger;
}

async function createEventLog(options: PlatformOptions): Promise<EventLog> {
  if (!options.eventStoreUrl) return createPostgresEventLog({ connectionString: options.databaseUrl });
  const { createEventStoreDbEventLog } = await import('../commands/event-store/eventstoredb/eventstoredb-event-log');
  return createEventStoreDbEventLog({ connectionString: options.eventStoreUrl });
}

export async function createPlatform(options: PlatformOptions) {
  const knex: Knex = createKnex(options.databaseUrl, 20);
  await migrateToLatest(knex);
  const store: EventStore = createEventStore(await createEventLog(options));
  const runner = createProjectionRunner({ store, knex, projections: PROJECTIONS, ...(options.logger ? { logger: options.logger } : {}) });
  if (options.runProjections !== false) runner.start();

  const organizations = organizationDirectory(knex);
  const reviewables = [occupationReviewable()];
  const commands = {
    organizations: organizationCommands(store),
    users: userCommands(store, knex),
    occupations: occupationCommands(store),
    reviews: reviewCommands(store, organizations, reviewables),
  };

  return {
    knex,
    store,
    /** Which event store runs: lag in events can be counted only in the Postgres one. */
    eventStoreKind: options.eventStoreUrl ? ('eventstoredb' as const) : ('postgres' as const),
    runner,
    commands,
    reviewables,
    async close() {
      await runner.stop();
      await store.close();
      await knex.destroy();
    },
  };
}

export type Platform = Awaited<ReturnType<typeof createPlatform>>;
