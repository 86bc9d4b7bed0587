// The composition root: builds the event store, read models, projections and command handlers
// from configuration. `npm start`, the API tests and the scripts all assemble the platform here.
import path from 'node:path';
import type { Knex } from 'knex';
import { createEventStore } from '../store/event-store/chained-event-store';
import type { EventLog } from '../store/event-store/event-log';
import type { EventStore } from '../store/event-store/event-store';
import { openPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { authentication } from '../commands/identity/authentication';
import { createLedger } from '../commands/ledger/ledger';
import type { LedgerSigner } from '../commands/ledger/signing';
import { credentialStore } from '../commands/identity/credentials';
import { roleCommands } from '../commands/identity/role-commands';
import { sealerFrom } from '../commands/identity/secret-sealer';
import { PiiCipher, type PiiKeys } from '../commands/personal-data/pii-cipher';
import { createPersonalDataProtector } from '../commands/personal-data/protected-field';
import { institutionCommands, institutionReviewable } from '../commands/institution/institution-commands';
import { institutionsProjection } from '../projections/institution/institutions-table';
import { traineesProjection } from '../projections/trainee/trainees-table';
import { dictionaryCommands } from '../commands/dictionary/dictionary-commands';
import { traineeCommands, traineeReviewable } from '../commands/trainee/trainee-commands';
import { teacherCommands, teacherReviewable } from '../commands/teacher/teacher-commands';
import { teacherEngagementsProjection, teachersProjection } from '../projections/teacher/teachers-table';
import { securityPolicyCommands } from '../commands/identity/security-policy-commands';
import { userCommands } from '../commands/identity/user-commands';
import { occupationCommands, occupationReviewable } from '../commands/occupation/occupation-commands';
import { organizationCommands } from '../commands/organization/organization-commands';
import { reviewCommands } from '../commands/review/review-commands';
import { submissionFor } from '../commands/review/submission';
import { rolesProjection } from '../projections/identity/roles-table';
import { usersProjection } from '../projections/identity/users-table';
import { auditLogProjection } from '../projections/audit/audit-log-table';
import { occupationsProjection } from '../projections/occupation/occupations-table';
import { organizationDirectory, organizationsProjection } from '../projections/organization/organizations-table';
import { institutionDirectory } from '../projections/institution/institution-directory';
import { traineeDirectory } from '../projections/trainee/trainee-directory';
import { teacherDirectory } from '../projections/teacher/teacher-directory';
import { identityDirectory } from '../projections/identity/identity-directory';
import { importQueue } from '../projections/import/import-queue';
import { reviewHistoryProjection, reviewTasksProjection } from '../projections/review/review-tables';
import type { ProjectionDefinition } from '../projections/runner/projection';
import type { SearchProjectionDefinition } from '../projections/runner/search-projection';
import { recordsSearchProjection } from '../projections/search/records-index';
import type { SearchEngine } from '../projections/search/search-port';
import { createMeilisearchSearchEngine } from '../projections/search/meilisearch/meilisearch-search-engine';
import { createPostgresSearchEngine } from '../projections/search/postgres/postgres-search-engine';
import { occupationSearch } from '../projections/occupation/occupation-search';
import { institutionSearch } from '../projections/institution/institution-search';
import { traineeSearch } from '../projections/trainee/trainee-search';
import { teacherSearch } from '../projections/teacher/teacher-search';
import { createProjectionRunner, type Logger } from '../projections/runner/projection-runner';
import { importsProjection } from '../projections/import/imports-table';
import { createImportModule } from '../commands/import/import-module';
import { fileService } from '../commands/storage/files';
import { createLocalBlobStore } from '../commands/storage/local-blob-store';
import { blobCipherFrom } from '../commands/storage/blob-cipher';
import { createKnex } from '../store/knex';
import { migrateToLatest } from '../store/migrations';

export const RECORD_SEARCH = recordsSearchProjection([occupationSearch, institutionSearch, traineeSearch, teacherSearch]);

export const PROJECTIONS: readonly (ProjectionDefinition | SearchProjectionDefinition)[] = [
  organizationsProjection,
  rolesProjection,
  usersProjection,
  occupationsProjection,
  institutionsProjection,
  traineesProjection,
  teachersProjection,
  teacherEngagementsProjection,
  reviewTasksProjection,
  reviewHistoryProjection,
  auditLogProjection,
  importsProjection,
  RECORD_SEARCH,
];

export interface PlatformOptions {
  databaseUrl: string;
  eventStoreUrl?: string;
  /** Keys for personal data and sealed secrets (commands/personal-data/pii-keys.ts). */
  piiKeys: PiiKeys;
  /** Meilisearch instead of the embedded search (production). */
  meili?: { host: string; apiKey?: string };
  /** Run the projection worker in this process (the default; a separate worker process sets false). */
  runProjections?: boolean;
  logger?: Logger;
  /** Where uploaded and generated files live (default: $DATA_DIR/files). */
  filesDir?: string;
  /** The ledger's signing key, the one its digest job uses: it also signs timeline exports. */
  ledgerSigner?: LedgerSigner;
}

async function createEventLog(options: PlatformOptions): Promise<EventLog> {
  // Applies and checks the timeouts the event store's fence relies on, and refuses a database restored below its positions.
  if (!options.eventStoreUrl) return openPostgresEventLog({ connectionString: options.databaseUrl, onWarning: (message) => options.logger?.info({ check: 'event-store' }, message) });
  const { createEventStoreDbEventLog } = await import('../store/event-store/eventstoredb/eventstoredb-event-log');
  return createEventStoreDbEventLog({ connectionString: options.eventStoreUrl });
}

export async function createPlatform(options: PlatformOptions) {
  const knex: Knex = createKnex(options.databaseUrl, 20);
  await migrateToLatest(knex);
  const store: EventStore = createEventStore(await createEventLog(options));
  const search: SearchEngine = options.meili
    ? createMeilisearchSearchEngine({ host: options.meili.host, ...(options.meili.apiKey ? { apiKey: options.meili.apiKey } : {}) })
    : createPostgresSearchEngine({ connectionString: options.databaseUrl });
  const runner = createProjectionRunner({ store, knex, projections: PROJECTIONS, search, ...(options.logger ? { logger: options.logger } : {}) });
  if (options.runProjections !== false) runner.start();

  // The read side as the command layer's ports see it: commands never read read-model tables.
  const directories = {
    organizations: organizationDirectory(knex),
    institutions: institutionDirectory(knex),
    trainees: traineeDirectory(knex),
    teachers: teacherDirectory(knex),
    identity: identityDirectory(knex),
    imports: importQueue(knex),
  };
  const submissions = submissionFor(directories.organizations);
  const reviewables = [occupationReviewable(), institutionReviewable(), traineeReviewable(), teacherReviewable()];
  const personalData = createPersonalDataProtector(options.piiKeys);
  const dictionaries = dictionaryCommands(store);
  const piiCipher = new PiiCipher(options.piiKeys.encryption);
  const securityPolicy = securityPolicyCommands(store);
  const users = userCommands({ store, directory: directories.identity, credentials: credentialStore(knex, sealerFrom(piiCipher)), policy: securityPolicy });
  const files = fileService(store, createLocalBlobStore(options.filesDir ?? path.join(path.resolve(process.env.DATA_DIR ?? '.data'), 'files'), blobCipherFrom(options.piiKeys.encryption)));
  const commands = {
    organizations: organizationCommands(store),
    roles: roleCommands(store),
    securityPolicy,
    users,
    occupations: occupationCommands(store, submissions),
    institutions: institutionCommands(store, personalData, submissions),
    dictionaries,
    trainees: traineeCommands({ store, protector: personalData, dictionaries, institutions: directories.institutions, trainees: directories.trainees, submissionFor: submissions }),
    teachers: teacherCommands({ store, protector: personalData, institutions: directories.institutions, teachers: directories.teachers, submissionFor: submissions }),
    reviews: reviewCommands(store, directories.organizations, reviewables),
  };
  // Batch import: its worker runs where the projections run (the worker process).
  const imports = createImportModule({ store, knex, queue: directories.imports, files, trainees: commands.trainees, teachers: commands.teachers, reviews: commands.reviews, dictionaries, ...(options.logger ? { logger: options.logger } : {}) });
  if (options.runProjections !== false) imports.worker.start();

  return {
    knex,
    store,
    search,
    /** Read side of the ledger (digests are recorded by the job, scripts/start.ts). */
    ledger: createLedger({ store, knex }),
    ledgerSigner: options.ledgerSigner,
    authentication: authentication({ knex, directory: directories.identity, store, users, policy: securityPolicy }),
    directories,
    personalData,
    /** Which event store runs: lag in events can be counted only in the Postgres one. */
    eventStoreKind: options.eventStoreUrl ? ('eventstoredb' as const) : ('postgres' as const),
    runner,
    commands,
    files,
    imports,
    reviewables,
    async close() {
      await imports.worker.stop();
      await runner.stop();
      await search.close();
      await store.close();
      await knex.destroy();
    },
  };
}

export type Platform = Awaited<ReturnType<typeof createPlatform>>;
