import { describe, expect, it } from '@jest/globals';
import { specification } from '../../testing/decider-specification';
import { RuleViolationError } from '../shared/errors';
import { importDecider, importProgress, type ImportEvent } from './import-job';

const given = specification(importDecider);
const started: ImportEvent = { type: 'ImportStarted', data: { jobId: 'j1', kind: 'trainee', fileId: 'f1', fileName: '学员.xlsx', rows: 3000 } };
const validated: ImportEvent = { type: 'ImportValidated', data: { validRows: 2500, badRows: 500, reportFileId: 'r1', checkContext: { categories: [] } } };
const counts = { imported: 900, linked: 90, skipped: 10 };
const progressed: ImportEvent = { type: 'ImportProgressed', data: { phase: 'importing', processed: 1000, ...counts, skippedRows: [{ row: 7, message: '本机构已录入过此学员，未重复导入' }] } };

describe('import job', () => {
  it('starts once; a repeat changes nothing; an empty file is refused', () => {
    given().when({ type: 'StartImport', jobId: 'j1', kind: 'trainee', fileId: 'f1', fileName: '学员.xlsx', rows: 3000 }).then([started]);
    given([started]).when({ type: 'StartImport', jobId: 'j1', kind: 'trainee', fileId: 'f1', fileName: '学员.xlsx', rows: 3000 }).thenNothing();
    given().when({ type: 'StartImport', jobId: 'j1', kind: 'trainee', fileId: 'f1', fileName: '空.xlsx', rows: 0 }).thenThrows(RuleViolationError, '没有数据行');
  });

  it('records the validation once, then progress that only moves forward, then completion', () => {
    given([started]).when({ type: 'RecordValidation', validRows: 2500, badRows: 500, reportFileId: 'r1', checkContext: { categories: [] } }).then([validated]);
    given([started, validated]).when({ type: 'RecordValidation', validRows: 1, badRows: 1, reportFileId: null, checkContext: {} }).thenNothing();
    given([started, validated]).when({ type: 'RecordProgress', phase: 'importing', processed: 1000, counts, skippedRows: [{ row: 7, message: '本机构已录入过此学员，未重复导入' }] }).then([progressed]);
    given([started, validated, progressed]).when({ type: 'RecordProgress', phase: 'importing', processed: 1000, counts, skippedRows: [] }).thenNothing();
    given([started, validated, progressed]).when({ type: 'CompleteImport', counts }).then([{ type: 'ImportCompleted', data: counts }]);
  });

  it('refuses to complete before validation, and ignores a failure after completion', () => {
    given([started]).when({ type: 'CompleteImport', counts }).thenThrows(RuleViolationError);
    given([started, validated, { type: 'ImportCompleted', data: counts }]).when({ type: 'FailImport', reason: 'x' }).thenNothing();
    given([started]).when({ type: 'FailImport', reason: '表头缺少必填列：姓名' }).then([{ type: 'ImportFailed', data: { reason: '表头缺少必填列：姓名' } }]);
  });

  it('lists at most 200 skipped rows per progress event, keeping the counts exact', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ row: i + 2, message: '已录入' }));
    const [event] = importDecider.decide({ type: 'RecordProgress', phase: 'importing', processed: 1000, counts: { imported: 700, linked: 0, skipped: 300 }, skippedRows: many }, [started, validated].reduce(importDecider.evolve, importDecider.initialState()), { actor: { id: 'u', role: 'r', orgId: null }, now: '' });
    expect(event).toMatchObject({ data: { skipped: 300 } });
    expect((event!.data as { skippedRows: unknown[] }).skippedRows).toHaveLength(200);
  });

  it('reports progress: validation is the first tenth, the import the rest', () => {
    const job = { rows: 3000, validated: 1500, validRows: 2500, processed: 0 };
    expect(importProgress({ ...job, status: 'validating' })).toBe(5);
    expect(importProgress({ ...job, status: 'importing', processed: 1250 })).toBe(55);
    expect(importProgress({ ...job, status: 'importing', processed: 2500 })).toBe(99);
    expect(importProgress({ ...job, status: 'completed' })).toBe(100);
  });
});
