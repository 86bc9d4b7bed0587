// 批量导入 (Excel import of teachers and trainees): one job is one record, stream `import-<id>`.
// started -> validated (every row checked first; a report of the bad rows) -> importing (progress
// every so many rows, the resume point after a crash) -> completed, or failed at any point before.
// Events are few on purpose: a 100,000-row file gives about 110 job events, not one per row.
import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';

/** The module's streams: `import-<id>`. */
export const importStreams = streamNaming('import');

export const IMPORT_STATUSES = ['validating', 'importing', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = { validating: '校验中', importing: '导入中', completed: '已完成', failed: '失败' };

/** A row the import phase did not import, and why (already entered, refused by a rule ...). */
export type SkippedRow = {
  row: number;
  message: string;
};
/** At most this many skipped rows are listed per progress event (the counts stay exact). */
export const MAX_SKIPPED_LISTED = 200;

export type ImportCounts = {
  /** New records created. */
  imported: number;
  /** Rows that linked an existing record (e.g. a person another institution entered). */
  linked: number;
  /** Valid rows that changed nothing or were refused when imported. */
  skipped: number;
};

export type ImportStarted = DomainEvent<'ImportStarted', { jobId: string; kind: string; fileId: string; fileName: string; rows: number }>;
/**
 * `checkContext`: what the rows were checked against (e.g. the person categories of that moment), so
 * the import phase, even resumed days later, checks every row exactly as validation did.
 */
export type ImportValidated = DomainEvent<'ImportValidated', { validRows: number; badRows: number; reportFileId: string | null; checkContext: Record<string, unknown> }>;
export type ImportProgressed = DomainEvent<'ImportProgressed', ImportCounts & { phase: 'validating' | 'importing'; processed: number; skippedRows: SkippedRow[] }>;
export type ImportCompleted = DomainEvent<'ImportCompleted', ImportCounts>;
export type ImportFailed = DomainEvent<'ImportFailed', { reason: string }>;
export type ImportEvent = ImportStarted | ImportValidated | ImportProgressed | ImportCompleted | ImportFailed;

export interface ImportJob extends ImportCounts {
  jobId: string;
  kind: string;
  fileId: string;
  fileName: string;
  rows: number;
  status: ImportStatus;
  validated: number;
  validRows: number;
  badRows: number;
  reportFileId: string | null;
  checkContext: Record<string, unknown> | null;
  /** Valid rows handled so far in the import phase: every row up to this count is done. */
  processed: number;
  failureReason: string | null;
}
export type ImportState = { status: 'none' } | ImportJob;

export type ImportCommand =
  | { type: 'StartImport'; jobId: string; kind: string; fileId: string; fileName: string; rows: number }
  | { type: 'RecordValidation'; validRows: number; badRows: number; reportFileId: string | null; checkContext: Record<string, unknown> }
  | { type: 'RecordProgress'; phase: 'validating' | 'importing'; processed: number; counts: ImportCounts; skippedRows: SkippedRow[] }
  | { type: 'CompleteImport'; counts: ImportCounts }
  | { type: 'FailImport'; reason: string };

const ZERO: ImportCounts = { imported: 0, linked: 0, skipped: 0 };

function requireJob(state: ImportState): ImportJob {
  if (state.status === 'none') throw new RuleViolationError('导入任务不存在', 'import.missing');
  return state;
}

function decide(command: ImportCommand, state: ImportState): ImportEvent[] {
  switch (command.type) {
    case 'StartImport': {
      if (state.status !== 'none') return [];
      if (command.rows < 1) throw new RuleViolationError('文件中没有数据行', 'import.empty');
      const { type: _, ...data } = command;
      return [{ type: 'ImportStarted', data }];
    }
    case 'RecordValidation': {
      const job = requireJob(state);
      if (job.status !== 'validating') return [];
      const { type: _, ...data } = command;
      return [{ type: 'ImportValidated', data }];
    }
    case 'RecordProgress': {
      const job = requireJob(state);
      const expected = command.phase === 'validating' ? 'validating' : 'importing';
      const done = command.phase === 'validating' ? job.validated : job.processed;
      if (job.status !== expected || command.processed <= done) return [];
      const skippedRows = command.skippedRows.slice(0, MAX_SKIPPED_LISTED);
      return [{ type: 'ImportProgressed', data: { phase: command.phase, processed: command.processed, ...command.counts, skippedRows } }];
    }
    case 'CompleteImport': {
      const job = requireJob(state);
      if (job.status === 'completed') return [];
      if (job.status !== 'importing') throw new RuleViolationError('导入任务尚未校验完成或已失败', 'import.not_importing');
      return [{ type: 'ImportCompleted', data: { ...command.counts } }];
    }
    case 'FailImport': {
      const job = requireJob(state);
      if (job.status === 'completed' || job.status === 'failed') return [];
      return [{ type: 'ImportFailed', data: { reason: command.reason } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: ImportState, event: ImportEvent): ImportState {
  if (event.type === 'ImportStarted') {
    return { ...event.data, status: 'validating', validated: 0, validRows: 0, badRows: 0, reportFileId: null, checkContext: null, processed: 0, ...ZERO, failureReason: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ImportValidated':
      return { ...state, status: 'importing', validated: state.rows, validRows: event.data.validRows, badRows: event.data.badRows, reportFileId: event.data.reportFileId, checkContext: event.data.checkContext };
    case 'ImportProgressed':
      return event.data.phase === 'validating'
        ? { ...state, validated: event.data.processed }
        : { ...state, processed: event.data.processed, imported: event.data.imported, linked: event.data.linked, skipped: event.data.skipped };
    case 'ImportCompleted':
      return { ...state, status: 'completed', processed: state.validRows, ...event.data };
    case 'ImportFailed':
      return { ...state, status: 'failed', failureReason: event.data.reason };
    default:
      return assertNever(event);
  }
}

export const importDecider: Decider<ImportCommand, ImportEvent, ImportState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

/** Percent done: validation counts for the first tenth, the import for the rest. */
export function importProgress(job: Pick<ImportJob, 'status' | 'rows' | 'validated' | 'validRows' | 'processed'>): number {
  if (job.status === 'completed') return 100;
  const validation = job.rows > 0 ? Math.min(1, job.validated / job.rows) : 0;
  if (job.status === 'validating' || (job.status === 'failed' && job.validRows === 0)) return Math.floor(validation * 10);
  const imported = job.validRows > 0 ? Math.min(1, job.processed / job.validRows) : 1;
  return Math.min(99, 10 + Math.floor(imported * 90));
}
