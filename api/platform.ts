// The composition root: builds the event store, read models, projections and command handlers
// from configuration. `npm start`, the API tests and the scripts all assemble the platform here.
import type { Knex } from 'knex';
import { createEventStore } from '../commands/event-store/chained-event-store';
import type { EventLog } from '../commands/event-store/event-log';
import type { EventStore } from '../commands/event-store/event-store';
import { createPostgresEventLog } from '../commands/event-store/postgres/postgres-event-log';
import { authentication } from '../commands/identity/authentication';
import { credentialStore } from '../commands/identity/credentials';
import { roleCommands } from '../commands/identity/role-commands';
import { sealerFrom } from '../commands/identity/secret-sealer';
import { PiiCipher, type PiiKeys } from '../commands/personal-data/pii-cipher';
import { createPersonalDataProtector } from '../commands/personal-data/protected-field';
import { institutionCommands, institutionReviewable } from '../commands/institution/institution-commands';
import { institutionsProjection } from '../projections/institution/institutions-table';
import { traineeEnrolmentsProjection, traineesProjection } from '../projections/trainee/trainees-table';
import { dictionaryCommands } from '../commands/dictionary/dictionary-commands';
import { traineeCommands, traineeReviewable } from '../commands/trainee/trainee-commands';
import { teacherCommands, teacherReviewable } from '../commands/teacher/teacher-commands';
import { teacherEngagementsProjection, teachersProjection } from '../projections/teacher/teachers-table';
import { securityPolicyCommands } from '../commands/identity/security-policy-commands';
import { userCommands } from '../commands/identity/user-commands';
import { occupationCommands, occupationReviewable } from '../commands/occupation/occupation-commands';
import { organizationCommands } from '../commands/organization/organization-commands';
import { reviewCommands } from '../commands/review/review-commands';
import { rolesProjection } from '../projections/identity/roles-table';
import { usersProjection } from '../projections/identity/users-table';
import { auditLogProjection } from '../projections/audit/audit-log-table';
import { occupationsProjection } from '../projections/occupation/occupations-table';
import { organizationDirectory, organizationsProjection } from '../projections/organization/organizations-table';
import { reviewHistoryProjection, reviewTasksProjection } from '../projections/review/review-tables';
import type { ProjectionDefinition } from '../projections/runner/projection';
import { createProjectionRunner, type Logger } from '../projections/runner/projection-runner';
import { createKnex } from '../projections/store/knex';
import { migrateToLatest } from '../projections/store/migrations';

export const PROJECTIONS: readonly ProjectionDefinition[] = [
  organizationsProjection,
  rolesProjection,
  usersProjection,
  occupationsProjection,
  institutionsProjection,
  traineesProjection,
  traineeEnrolmentsProjection,
  teachersProjection,
  teacherEngagementsProjection,
  reviewTasksProjection,
  reviewHistoryProjection,
  auditLogProjection,
];

export interface PlatformOptions {
  databaseUrl: string;
  eventStoreUrl?: string;
  /** Keys for personal data and sealed secrets (commands/personal-data/pii-keys.ts). */
  piiKeys: PiiKeys;
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
  const reviewables = [occupationReviewable(), institutionReviewable(), traineeReviewable(), teacherReviewable()];
  const personalData = createPersonalDataProtector(options.piiKeys);
  const dictionaries = dictionaryCommands(store);
  const piiCipher = new PiiCipher(options.piiKeys.encryption);
  const securityPolicy = securityPolicyCommands(store);
  const users = userCommands({ store, knex, credentials: credentialStore(knex, sealerFrom(piiCipher)), policy: securityPolicy });
  const commands = {
    organizations: organizationCommands(store),
    roles: roleCommands(store),
    securityPolicy,
    users,
    occupations: occupationCommands(store),
    institutions: institutionCommands(store, personalData),
    dictionaries,
    trainees: traineeCommands(store, knex, personalData, dictionaries),
    teachers: teacherCommands(store, knex, personalData),
    reviews: reviewCommands(store, organizations, reviewables),
  };

  return {
    knex,
    store,
    authentication: authentication({ knex, store, users, policy: securityPolicy }),
    personalData,
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
