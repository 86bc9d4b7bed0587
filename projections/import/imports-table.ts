// rm.imports: one row per import job, for the console's progress view and for the worker to find
// unfinished jobs after a restart.
import type { Knex } from 'knex';
import { upcast } from '../../store/upcasters';
import { importDecider, type ImportEvent, type ImportJob, type ImportState, type SkippedRow } from '../../domain/import/import-job';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const IMPORTS_TABLE = 'imports';
const STREAM_PREFIX = 'import-';
/** Skipped rows listed on the job (the counts stay exact beyond it). */
const MAX_SKIPPED_ROWS = 1000;

export interface ImportRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  kind: string;
  file_id: string;
  file_name: string;
  /** The organisation the job acts for (its starter's): the data scope filters on it. */
  org_id: string | null;
  started_by: string;
  status: ImportJob['status'];
  rows: number;
  validated: number;
  valid_rows: number;
  bad_rows: number;
  processed: number;
  imported: number;
  linked: number;
  skipped: number;
  report_file_id: string | null;
  failure_reason: string | null;
  skipped_rows: SkippedRow[];
  state: ImportState;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}

export const importsProjection = rowProjection<ImportRow>({
  name: 'imports',
  version: 1,
  typePrefixes: ['Import'],
  table: IMPORTS_TABLE,
  key: 'id',
  jsonColumns: ['skipped_rows', 'state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('kind').notNullable();
      t.text('file_id').notNullable();
      t.text('file_name').notNullable();
      t.text('org_id');
      t.text('started_by').notNullable();
      t.text('status').notNullable().index();
      for (const column of ['rows', 'validated', 'valid_rows', 'bad_rows', 'processed', 'imported', 'linked', 'skipped']) t.integer(column).notNullable();
      t.text('report_file_id');
      t.text('failure_reason');
      t.jsonb('skipped_rows').notNullable();
      t.jsonb('state').notNullable();
      t.text('started_at').notNullable();
      t.text('updated_at').notNullable();
      t.text('finished_at');
      t.index(['org_id', 'started_at']);
    });
  },
  rowKey: (event) => (event.streamId.startsWith(STREAM_PREFIX) ? event.streamId.slice(STREAM_PREFIX.length) : undefined),
  evolve(row, event) {
    const domainEvent = upcast(event) as ImportEvent;
    const state = importDecider.evolve(row?.state ?? importDecider.initialState(), domainEvent);
    if (state.status === 'none') return row;
    // A job starts over at ImportStarted, its listed rows too: the same events fed again list each row once.
    const listed = domainEvent.type === 'ImportStarted' ? [] : (row?.skipped_rows ?? []);
    const skippedRows = domainEvent.type === 'ImportProgressed' && listed.length < MAX_SKIPPED_ROWS ? [...listed, ...domainEvent.data.skippedRows].slice(0, MAX_SKIPPED_ROWS) : listed;
    const finished = state.status === 'completed' || state.status === 'failed';
    return {
      id: state.jobId,
      stream_id: event.streamId,
      kind: state.kind,
      file_id: state.fileId,
      file_name: state.fileName,
      org_id: row?.org_id ?? event.metadata.actorOrgId,
      started_by: row?.started_by ?? event.metadata.actorId,
      status: state.status,
      rows: state.rows,
      validated: state.validated,
      valid_rows: state.validRows,
      bad_rows: state.badRows,
      processed: state.processed,
      imported: state.imported,
      linked: state.linked,
      skipped: state.skipped,
      report_file_id: state.reportFileId,
      failure_reason: state.failureReason,
      skipped_rows: skippedRows,
      state,
      started_at: row?.started_at ?? event.metadata.occurredAt,
      updated_at: event.metadata.occurredAt,
      finished_at: finished ? (row?.finished_at ?? event.metadata.occurredAt) : null,
    };
  },
});

export const importsTable = (knex: Knex) => knex<ImportRow>(`${READ_MODEL_SCHEMA}.${IMPORTS_TABLE}`);
