// The composition root: builds the event store, read models, projections and command handlers
// from configuration and the module list (api/modules.ts). `npm start`, the API tests and the
// scripts all assemble the platform here.
import path from 'node:path';
import type { Knex } from 'knex';
import { dictionaryCommands } from '../commands/dictionary/dictionary-commands';
import { authentication } from '../commands/identity/authentication';
import { credentialStore } from '../commands/identity/credentials';
import { roleCommands } from '../commands/identity/role-commands';
import { sealerFrom } from '../commands/identity/secret-sealer';
import { securityPolicyCommands } from '../commands/identity/security-policy-commands';
import { userCommands } from '../commands/identity/user-commands';
import { descriptorSealer } from '../commands/face/descriptor-cipher';
import { lazyFaceService, type FaceService } from '../commands/face/face-service';
import { loadFaceSettings, workersBesideTheApi } from '../commands/face/face-settings';
import { createImportModule } from '../commands/import/import-module';
import { createLedger } from '../commands/ledger/ledger';
import type { LedgerSigner } from '../commands/ledger/signing';
import type { PayableSource } from '../commands/payment-batch/payables';
import { organizationCommands } from '../commands/organization/organization-commands';
import { PiiCipher, type PiiKeys } from '../commands/personal-data/pii-cipher';
import { createPersonalDataProtector } from '../commands/personal-data/protected-field';
import { reviewCommands } from '../commands/review/review-commands';
import { submissionFor } from '../commands/review/submission';
import { blobCipherFrom } from '../commands/storage/blob-cipher';
import { fileService } from '../commands/storage/files';
import { createLocalBlobStore } from '../commands/storage/local-blob-store';
import { createProjectionRunner, type Logger } from '../projections/runner/projection-runner';
import { createMeilisearchSearchEngine } from '../projections/search/meilisearch/meilisearch-search-engine';
import { createPostgresSearchEngine } from '../projections/search/postgres/postgres-search-engine';
import type { SearchEngine } from '../projections/search/search-port';
import { createEventStore } from '../store/event-store/chained-event-store';
import type { EventLog } from '../store/event-store/event-log';
import type { EventStore } from '../store/event-store/event-store';
import { openPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { createKnex } from '../store/knex';
import { migrateToLatest } from '../store/migrations';
import type { ModuleDeps, ModuleManifest } from './module';
import { moduleRegistry } from './module-registry';
import { MODULES } from './modules';
import { platformDirectories } from './platform-directories';

/** Everything the platform derives from the module list. */
export const REGISTRY = moduleRegistry(MODULES);
/** Every read model the projection runner keeps (the modules' own and the records search index). */
export const PROJECTIONS = REGISTRY.projections;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** The command handlers the modules contribute, keyed as each module names them. */
type ModuleCommands = UnionToIntersection<(typeof MODULES)[number] extends infer M ? (M extends ModuleManifest<infer C> ? C : never) : never>;

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
  /** The face engine; default: the embedded pool, started on first use, one worker fewer than the cores (FACE_WORKERS). */
  face?: FaceService;
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

  // The platform's own services, which every module may use.
  const directories = platformDirectories(knex);
  const personalData = createPersonalDataProtector(options.piiKeys);
  const dictionaries = dictionaryCommands(store);
  const piiCipher = new PiiCipher(options.piiKeys.encryption);
  const securityPolicy = securityPolicyCommands(store);
  const users = userCommands({ store, directory: directories.identity, credentials: credentialStore(knex, sealerFrom(piiCipher)), policy: securityPolicy });
  const files = fileService(store, createLocalBlobStore(options.filesDir ?? path.join(path.resolve(process.env.DATA_DIR ?? '.data'), 'files'), blobCipherFrom(options.piiKeys.encryption)));
  const face = options.face ?? lazyFaceService({ settings: loadFaceSettings(process.env, { defaultWorkers: workersBesideTheApi() }), sealer: descriptorSealer(options.piiKeys) });
  const payableSources: PayableSource[] = [];
  const deps: ModuleDeps = { store, knex, personalData, dictionaries, files, face, directories, submissionFor: submissionFor(directories.organizations), payableSources, ...(options.logger ? { logger: options.logger } : {}) };
  // The modules' payable sources, built from the same services, before any module's commands use them.
  payableSources.push(...MODULES.flatMap((m) => ('payables' in m && m.payables ? [m.payables(deps)] : [])));

  // Each module's command handlers, merged (the key names are the modules' own: trainees, teachers ...).
  const moduleCommands = Object.assign({}, ...MODULES.map((m) => ('commands' in m && m.commands ? m.commands(deps) : {}))) as ModuleCommands;
  const commands = {
    organizations: organizationCommands(store),
    roles: roleCommands(store),
    securityPolicy,
    users,
    dictionaries,
    reviews: reviewCommands(store, directories.organizations, REGISTRY.reviewables),
    ...moduleCommands,
  };
  // Batch import: the kinds the modules declare; its worker runs where the projections run.
  const imports = createImportModule({
    store,
    knex,
    queue: directories.imports,
    files,
    kinds: REGISTRY.importKinds(commands),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  if (options.runProjections !== false) imports.worker.start();
  // The modules' process managers run where the projections run.
  const workers = MODULES.flatMap((m) => ('workers' in m && m.workers ? m.workers(deps, moduleCommands as never) : []));
  if (options.runProjections !== false) for (const worker of workers) worker.start();

  return {
    knex,
    store,
    search,
    /** The module list and what the platform derives from it (records, labels, exports, search). */
    modules: REGISTRY,
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
    face,
    imports,
    async close() {
      for (const worker of workers) await worker.stop();
      // An injected engine belongs to whoever passed it (a benchmark sharing one pool).
      if (!options.face) await face.close();
      await imports.worker.stop();
      await runner.stop();
      await search.close();
      await store.close();
      await knex.destroy();
    },
  };
}

export type Platform = Awaited<ReturnType<typeof createPlatform>>;
