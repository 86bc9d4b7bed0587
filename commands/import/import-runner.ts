// Runs one import job to its end, from wherever it stands: validation (every row checked, bad rows
// into the report, nothing imported), then the import of the valid rows through the module's own
// commands, a chunk at a time with bounded concurrency, a progress event after each chunk.
//
// Resumption: every command a job issues has an id derived from the job id and the row number
// (or the step), so re-running a row after a crash appends nothing and returns what the first run
// did. A stopped validation starts again (it writes nothing but its report, stored under a fixed
// id); a stopped import restarts at the last progress event, redoing at most one chunk of repeats.
import { chinaDate } from '../../domain/personal-data/normalize';
import { duplicateCheck, type RowProblem } from '../../domain/import/import-rows';
import type { ImportCounts, ImportJob, SkippedRow } from '../../domain/import/import-job';
import { DomainError, ValidationError } from '../../domain/shared/errors';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { ConcurrencyConflictError } from '../pipeline/errors';
import type { FileService, StoredFile } from '../storage/files';
import { jobCommandId, jobRequest, type ImportCommands } from './import-commands';
import { ImportFileError, scanImportFile } from './import-file';
import type { ImportKind, PreparedKind, RowOutcome } from './import-kinds';
import { startReport } from './import-workbooks';
import { mapWithLimit } from './map-with-limit';

export interface ImportRunnerOptions {
  commands: ImportCommands;
  files: FileService;
  /** Rows imported at once (each is a few round trips to Postgres). */
  concurrency?: number;
  /** Valid rows per chunk: one progress event, and the resume point, per chunk. */
  chunkRows?: number;
  /** Rows checked between two progress events of the validation. */
  validationProgressRows?: number;
  /** Rows per batch, and batches at once, for kinds that import in batches. */
  batchRows?: number;
  batchConcurrency?: number;
}

const batchesOf = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The job was asked to stop (shutdown): it stays unfinished and resumes on the next start. */
class Stopped extends Error {}

const MAX_REPORT_BYTES = 1024 * 1024 * 1024;

/** Why a row was not imported, as the user reads it. */
function rowError(error: unknown): string | undefined {
  if (error instanceof ValidationError) return error.fields.map((f) => f.message).join('；') || error.message;
  if (error instanceof DomainError || error instanceof ConcurrencyConflictError) return error.message;
  return undefined;
}

export function importRunner(options: ImportRunnerOptions) {
  const { commands, files } = options;
  const concurrency = options.concurrency ?? 8;
  const chunkRows = options.chunkRows ?? 1000;
  const validationProgressRows = options.validationProgressRows ?? 10_000;
  const batchRows = options.batchRows ?? 100;
  const batchConcurrency = options.batchConcurrency ?? 4;

  async function validate(job: ImportJob, started: RecordedEvent, kind: ImportKind, prepared: PreparedKind<unknown>, file: StoredFile, signal?: AbortSignal) {
    const duplicate = duplicateCheck(kind.identityColumn);
    let report: ReturnType<typeof startReport> | undefined;
    let storing: Promise<StoredFile> | undefined;
    let storeFailed: Promise<never> | undefined;
    let valid = 0;
    let bad = 0;
    try {
      await scanImportFile(files, file, kind.columns, async (row, cells) => {
        if (signal?.aborted) throw new Stopped();
        const checked = prepared.check(row, cells);
        let problems: RowProblem[] = checked.ok ? [] : checked.problems;
        if (checked.ok) {
          const doubled = duplicate(row, prepared.identity(checked.input));
          if (doubled) problems = [doubled];
        }
        if (problems.length === 0) valid += 1;
        else {
          bad += 1;
          if (!report) {
            report = startReport(kind.columns);
            const name = `错误报告-${file.name}`;
            storing = files.store(report.output, { name, purpose: 'import-report', kinds: ['xlsx'], maxBytes: MAX_REPORT_BYTES, fileId: jobCommandId(job.jobId, 'report') }, jobRequest(started, 'report'));
            // A failed store stops reading the report: fail the rows' writes instead of waiting forever.
            storeFailed = storing.then(() => new Promise<never>(() => undefined));
            // Observed here; the races below and the final await see the failure.
            storeFailed.catch(() => undefined);
          }
          await Promise.race([report.add(row, problems, cells), storeFailed!]);
        }
        const checkedRows = valid + bad;
        if (checkedRows % validationProgressRows === 0 && checkedRows < job.rows) {
          const counts: ImportCounts = { imported: 0, linked: 0, skipped: 0 };
          await commands.record(job.jobId, { type: 'RecordProgress', phase: 'validating', processed: checkedRows, counts, skippedRows: [] }, jobRequest(started, `validated:${checkedRows}`));
        }
      });
      let reportFileId: string | null = null;
      if (report) {
        await Promise.race([report.finish(), storeFailed!]);
        reportFileId = (await storing!).fileId;
      }
      await commands.record(job.jobId, { type: 'RecordValidation', validRows: valid, badRows: bad, reportFileId, checkContext: prepared.context }, jobRequest(started, 'validation'));
    } catch (error) {
      if (report) {
        report.output.destroy();
        await storing?.catch(() => undefined);
      }
      throw error;
    }
  }

  async function importValid(job: ImportJob, started: RecordedEvent, kind: ImportKind, prepared: PreparedKind<unknown>, file: StoredFile, signal?: AbortSignal) {
    const duplicate = duplicateCheck(kind.identityColumn);
    const counts: ImportCounts = { imported: job.imported, linked: job.linked, skipped: job.skipped };
    // A whole-file kind gets every valid row in one chunk and one batch.
    const rowsPerChunk = kind.wholeFile ? Number.MAX_SAFE_INTEGER : chunkRows;
    let index = 0;
    let chunk: { row: number; input: unknown }[] = [];

    const importOne = async ({ row, input }: { row: number; input: unknown }) => {
      if (signal?.aborted) return undefined;
      try {
        return { row, outcome: await prepared.importRow(input, jobRequest(started, `row:${row}`)) };
      } catch (error) {
        const message = rowError(error);
        if (message === undefined) throw error;
        return { row, message };
      }
    };
    // Where the module can, rows go in batches: one commit for a batch of new records.
    const importBatch = async (batch: { row: number; input: unknown }[]) => {
      if (signal?.aborted) return batch.map(() => undefined);
      const results = await prepared.importRows!(batch.map(({ row, input }) => ({ input, request: jobRequest(started, `row:${row}`) })));
      // Stopped while the batch ran: its progress is not recorded, as after a crash; resumption redoes it.
      if (signal?.aborted) return batch.map(() => undefined);
      return results.map((result, i) => {
        const { row } = batch[i]!;
        if (!(result instanceof Error)) return { row, outcome: result };
        const message = rowError(result);
        if (message === undefined) throw result;
        return { row, message };
      });
    };

    const flush = async () => {
      const outcomes = prepared.importRows
        ? (await mapWithLimit(batchesOf(chunk, kind.wholeFile ? chunk.length : batchRows), batchConcurrency, importBatch)).flat()
        : await mapWithLimit(chunk, concurrency, importOne);
      // Stopped inside a chunk: record nothing, as a crash would; the chunk is redone on resume.
      if (outcomes.some((o) => o === undefined)) throw new Stopped();
      const skippedRows: SkippedRow[] = [];
      for (const o of outcomes as ({ row: number; outcome: RowOutcome } | { row: number; message: string })[]) {
        if ('message' in o) {
          counts.skipped += 1;
          skippedRows.push({ row: o.row, message: o.message });
        } else if (o.outcome === 'imported') counts.imported += 1;
        else if (o.outcome === 'linked') counts.linked += 1;
        else {
          counts.skipped += 1;
          skippedRows.push({ row: o.row, message: `本机构已录入过此${kind.label}，未重复导入` });
        }
      }
      await commands.record(job.jobId, { type: 'RecordProgress', phase: 'importing', processed: index, counts: { ...counts }, skippedRows }, jobRequest(started, `imported:${index}`));
      chunk = [];
    };

    await scanImportFile(files, file, kind.columns, async (row, cells) => {
      const checked = prepared.check(row, cells);
      if (!checked.ok || duplicate(row, prepared.identity(checked.input))) return;
      index += 1;
      if (index <= job.processed) return;
      chunk.push({ row, input: checked.input });
      if (chunk.length >= rowsPerChunk) await flush();
    });
    if (chunk.length > 0) await flush();
    await commands.record(job.jobId, { type: 'CompleteImport', counts }, jobRequest(started, 'completed'));
  }

  return {
    /** Gives up on a job (it failed again and again for a reason that is not the file's). */
    async fail(jobId: string, reason: string) {
      const { started } = await commands.load(jobId);
      if (started) await commands.record(jobId, { type: 'FailImport', reason }, jobRequest(started, 'failed'));
    },
    /**
     * Runs the job from where it stands. Resolves 'stopped' when `signal` stopped it (it resumes on
     * the next run), 'done' when it completed or failed. Infrastructure errors are thrown: the job
     * stays unfinished and is tried again.
     */
    async run(jobId: string, signal?: AbortSignal): Promise<'done' | 'stopped'> {
      const loaded = await commands.load(jobId);
      const { started } = loaded;
      let state = loaded.state;
      if (state.status === 'none' || !started || state.status === 'completed' || state.status === 'failed') return 'done';
      const fail = async (reason: string) => {
        await commands.record(jobId, { type: 'FailImport', reason }, jobRequest(started, 'failed'));
        return 'done' as const;
      };
      const kind = commands.kinds.get(state.kind);
      if (!kind) return fail(`不支持的导入类型：${state.kind}`);
      const file = await files.describe(state.fileId);
      if (!file) return fail('导入文件不存在');
      const job = { institutionId: started.metadata.actorOrgId ?? '', today: chinaDate(started.metadata.occurredAt) };
      try {
        if (state.status === 'validating') {
          await validate(state, started, kind, await kind.prepare(job), file, signal);
          state = (await commands.load(jobId)).state;
        }
        if (state.status === 'importing') await importValid(state, started, kind, await kind.prepare({ ...job, ...(state.checkContext ? { context: state.checkContext } : {}) }), file, signal);
        return 'done';
      } catch (error) {
        if (error instanceof Stopped) return 'stopped';
        if (error instanceof ImportFileError) return fail(error.message);
        throw error;
      }
    },
  };
}

export type ImportRunner = ReturnType<typeof importRunner>;
