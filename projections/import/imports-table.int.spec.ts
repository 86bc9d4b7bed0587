// rm.imports: one row per import job, for the console's progress view and for the worker to find
// unfinished jobs after a restart: the job's counts, the skipped rows listed, start and finish.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { importDecider, type ImportCommand } from '../../domain/import/import-job';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor } from '../../testing/record-fixtures';
import { importsProjection, importsTable } from './imports-table';

const T1 = '2026-06-01T01:00:00.000Z';
const T2 = '2026-06-01T01:05:00.000Z';
const T3 = '2026-06-01T01:09:00.000Z';
const operator = (now: string) => actor('school-operator', 'inst-nanming-1', now, 'institution_operator');
const worker = (now: string) => actor('system', null, now, 'system');

describe('import jobs', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([importsProjection]);
  });
  afterAll(async () => h?.close());

  const run = async (id: string, steps: [ImportCommand, string][]) => {
    for (const [command, now] of steps) await h.decide(importDecider, `import-${id}`, command, command.type === 'StartImport' ? operator(now) : worker(now));
  };
  const start = (id: string): ImportCommand => ({ type: 'StartImport', jobId: id, kind: 'trainee', fileId: `file-${id}`, fileName: '学员导入.xlsx', rows: 5 });
  /** Five rows: one bad, then four imported in two steps, two of them skipped. */
  const completedJob = async () => {
    const id = randomUUID();
    await run(id, [
      [start(id), T1],
      [{ type: 'RecordProgress', phase: 'validating', processed: 3, counts: { imported: 0, linked: 0, skipped: 0 }, skippedRows: [] }, T1],
      [{ type: 'RecordValidation', validRows: 4, badRows: 1, reportFileId: `report-${id}`, checkContext: { personCategories: ['rural_migrant'] } }, T2],
      [{ type: 'RecordProgress', phase: 'importing', processed: 2, counts: { imported: 1, linked: 0, skipped: 1 }, skippedRows: [{ row: 3, message: '该学员已由本机构录入' }] }, T2],
      [{ type: 'RecordProgress', phase: 'importing', processed: 4, counts: { imported: 1, linked: 1, skipped: 2 }, skippedRows: [{ row: 6, message: '人员类别不在字典中' }] }, T3],
      [{ type: 'CompleteImport', counts: { imported: 1, linked: 1, skipped: 2 } }, T3],
    ]);
    return id;
  };

  it('shows a job validated and importing, not finished', async () => {
    const id = randomUUID();
    await run(id, [
      [start(id), T1],
      [{ type: 'RecordValidation', validRows: 4, badRows: 1, reportFileId: null, checkContext: {} }, T2],
    ]);
    await h.caughtUp();
    expect(await importsTable(h.knex).where({ id }).first()).toMatchObject({
      id,
      stream_id: `import-${id}`,
      kind: 'trainee',
      file_id: `file-${id}`,
      file_name: '学员导入.xlsx',
      org_id: 'inst-nanming-1',
      started_by: 'school-operator',
      status: 'importing',
      rows: 5,
      validated: 5,
      valid_rows: 4,
      bad_rows: 1,
      processed: 0,
      skipped_rows: [],
      started_at: T1,
      updated_at: T2,
      finished_at: null,
    });
  });

  it('holds a completed job\'s counts, its skipped rows in order, and who started it when (not the worker that finished it)', async () => {
    const id = await completedJob();
    await h.caughtUp();
    expect(await importsTable(h.knex).where({ id }).first()).toMatchObject({
      status: 'completed',
      org_id: 'inst-nanming-1',
      started_by: 'school-operator',
      rows: 5,
      validated: 5,
      valid_rows: 4,
      bad_rows: 1,
      processed: 4,
      imported: 1,
      linked: 1,
      skipped: 2,
      report_file_id: `report-${id}`,
      failure_reason: null,
      skipped_rows: [
        { row: 3, message: '该学员已由本机构录入' },
        { row: 6, message: '人员类别不在字典中' },
      ],
      started_at: T1,
      updated_at: T3,
      finished_at: T3,
    });
  });

  it('holds a failed job with its reason and the time it failed', async () => {
    const id = randomUUID();
    await run(id, [
      [start(id), T1],
      [{ type: 'FailImport', reason: '文件无法读取' }, T2],
    ]);
    await h.caughtUp();
    expect(await importsTable(h.knex).where({ id }).first()).toMatchObject({ status: 'failed', failure_reason: '文件无法读取', finished_at: T2 });
  });

  it('lists at most 1,000 skipped rows, the counts staying exact', async () => {
    const id = randomUUID();
    await run(id, [
      [start(id), T1],
      [{ type: 'RecordValidation', validRows: 1200, badRows: 0, reportFileId: null, checkContext: {} }, T1],
    ]);
    for (let step = 1; step <= 6; step++) {
      const skippedRows = Array.from({ length: 200 }, (_, i) => ({ row: (step - 1) * 200 + i + 2, message: '已录入' }));
      await run(id, [[{ type: 'RecordProgress', phase: 'importing', processed: step * 200, counts: { imported: 0, linked: 0, skipped: step * 200 }, skippedRows }, T2]]);
    }
    await h.caughtUp();
    const row = await importsTable(h.knex).where({ id }).first();
    expect(row).toMatchObject({ processed: 1200, skipped: 1200 });
    expect(row!.skipped_rows).toHaveLength(1000);
    expect(row!.skipped_rows[999]).toEqual({ row: 1001, message: '已录入' });
  });

  it('holds the same rows when the same events are fed again, and when rebuilt from the log', async () => {
    const ids = [await completedJob(), await completedJob()];
    await h.caughtUp();
    const rows = () => importsTable(h.knex).whereIn('id', ids).orderBy('id');
    const before = await rows();
    expect(before).toHaveLength(2);

    await h.replayed();
    expect(await rows()).toEqual(before);
    await h.rebuilt();
    expect(await rows()).toEqual(before);
  });
});
