// Starting an import and recording what its job does. Starting reads the file once (about a second
// for 100,000 rows) so that a wrong file is refused at once, with the reason, and the job knows its
// row count for the progress bar; the rows themselves are checked by the job in the worker.
import { foldEvents } from '../../store/fold';
import { v5 as uuidv5 } from 'uuid';
import { importDecider, importStreams, type ImportCommand, type ImportState } from '../../domain/import/import-job';
import { ValidationError } from '../../domain/shared/errors';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { FileService, StoredFile } from '../storage/files';
import { scanImportFile } from './import-file';
import type { ImportKind, ImportKindRegistry } from './import-kinds';

export const IMPORT_MODULE = importStreams.module;
export const importStreamId = importStreams.streamId;
/** Namespace of the command ids a job derives from its own id (uuid v5): a re-run repeats them exactly. */
const JOB_COMMAND_NAMESPACE = '0d6b7a8e-4c1f-4f7e-9b3a-5e2d8c1a7f40';

/** A command id that is the same every time the job takes this step (idempotent resumption). */
export const jobCommandId = (jobId: string, step: string) => uuidv5(`${jobId}:${step}`, JOB_COMMAND_NAMESPACE);

/** The request every command of a job runs under: the user who started it, caused by the start. */
export function jobRequest(started: RecordedEvent, step: string): RequestContext {
  const m = started.metadata;
  return {
    actor: { id: m.actorId, role: m.actorRole, orgId: m.actorOrgId },
    commandId: jobCommandId(started.streamId, step),
    correlationId: m.correlationId,
    causationId: m.commandId,
    ip: m.ip,
  };
}

export function importCommands(deps: { store: EventStore; files: FileService; kinds: ImportKindRegistry }) {
  const requireKind = (kind: string): ImportKind => {
    const found = deps.kinds.get(kind);
    if (!found) throw new ValidationError([{ field: 'kind', message: `不支持的导入类型：${kind}` }]);
    return found;
  };
  const record = (jobId: string, command: ImportCommand, request: RequestContext) => handleCommand(deps.store, importDecider, importStreamId(jobId), command, request);

  return {
    kinds: deps.kinds,
    requireKind,
    record,
    async start(jobId: string, kind: string, file: StoredFile, request: RequestContext) {
      const definition = requireKind(kind);
      const rows = await scanImportFile(deps.files, file, definition.columns, () => undefined);
      if (rows === 0) throw new ValidationError([{ field: 'fileId', message: '文件中没有数据行' }], '文件中没有数据行');
      return record(jobId, { type: 'StartImport', jobId, kind, fileId: file.fileId, fileName: file.name, rows }, request);
    },
    /** The job's state and its ImportStarted event (whose envelope says whom the job acts for). */
    async load(jobId: string): Promise<{ state: ImportState; started: RecordedEvent | undefined }> {
      const events = await deps.store.readStream(importStreamId(jobId));
      const state = foldEvents(importDecider, events);
      return { state, started: events.find((e) => e.type === 'ImportStarted') };
    },
  };
}

export type ImportCommands = ReturnType<typeof importCommands>;
