// The import module as the platform assembles it: the kinds the modules declare (their manifests'
// `imports`), the commands, the job runner and the worker.
import type { Knex } from 'knex';
import type { EventStore } from '../../store/event-store/event-store';
import type { FileService } from '../storage/files';
import { importCommands } from './import-commands';
import { importKindRegistry, type ImportKind } from './import-kinds';
import { importRunner } from './import-runner';
import type { ImportQueue } from './import-queue';
import { importWorker, type WorkerLogger } from './import-worker';

export interface ImportModuleDeps {
  store: EventStore;
  knex: Knex;
  queue: ImportQueue;
  files: FileService;
  kinds: readonly ImportKind[];
  logger?: WorkerLogger;
}

export function createImportModule(deps: ImportModuleDeps) {
  const kinds = importKindRegistry(deps.kinds);
  const commands = importCommands({ store: deps.store, files: deps.files, kinds });
  // IMPORT_CONCURRENCY: rows imported at once (default 8); each holds a few Postgres round trips.
  const concurrency = Number(process.env.IMPORT_CONCURRENCY) || 8;
  const runner = importRunner({ commands, files: deps.files, concurrency });
  const worker = importWorker({ knex: deps.knex, queue: deps.queue, runner, ...(deps.logger ? { logger: deps.logger } : {}) });
  return { ...commands, runner, worker };
}

export type ImportModule = ReturnType<typeof createImportModule>;
