// The trainee import (学员批量导入): the template's columns, and one row checked with exactly the
// schema the entry form uses (domain/trainee/trainee-input.ts), so a row the import accepts is one
// the form would accept. Person categories may be typed as their label (the template's drop-down
// offers labels) or as their code. A bank card that only warrants a warning is a bad row here:
// nobody can confirm the warning inside a file, so the row is entered by hand, where it can be.
import type { IsoDate } from '../personal-data/normalize';
import { parseTraineeInput, traineeWarnings, type TraineeInput } from '../trainee/trainee-input';
import { ValidationError } from '../shared/errors';
import { problemsOf, type ImportColumn, type RowProblem } from './import-rows';

export type TraineeColumn = 'name' | 'idNumber' | 'personCategory' | 'phone' | 'bankAccount';

export const TRAINEE_COLUMNS: readonly ImportColumn<TraineeColumn>[] = [
  { key: 'name', header: '姓名', required: true, example: '王小红', width: 14, text: true },
  { key: 'idNumber', header: '身份证号码', required: true, example: '520102199805061224', width: 22, text: true },
  { key: 'personCategory', header: '人员类别', required: true, example: '农村转移就业劳动者', width: 30 },
  { key: 'phone', header: '联系电话', required: true, example: '13800138000', width: 16, text: true },
  { key: 'bankAccount', header: '银行账号', required: false, example: '', width: 24, text: true },
];

export interface CategoryEntry {
  code: string;
  label: string;
}

export type TraineeRowResult = { ok: true; input: TraineeInput } | { ok: false; problems: RowProblem[] };

/** Label or code -> code; undefined when it is neither of an active category. */
export function categoryCode(value: string, categories: readonly CategoryEntry[]): string | undefined {
  const text = value.trim();
  return categories.find((c) => c.label === text || c.code === text)?.code;
}

export function parseTraineeRow(row: number, cells: Record<TraineeColumn, string>, today: IsoDate, categories: readonly CategoryEntry[]): TraineeRowResult {
  const problems: RowProblem[] = [];
  const code = cells.personCategory ? categoryCode(cells.personCategory, categories) : '';
  if (code === undefined) problems.push({ row, column: '人员类别', message: `人员类别“${cells.personCategory}”不在字典中，请从下拉列表选择` });
  let input: TraineeInput | undefined;
  try {
    input = parseTraineeInput({ ...cells, personCategory: code ?? cells.personCategory }, today);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const fields = code === undefined ? error.fields.filter((f) => f.field !== 'personCategory') : error.fields;
    problems.push(...problemsOf(row, fields, TRAINEE_COLUMNS));
  }
  if (input && problems.length === 0) {
    for (const warning of traineeWarnings(input)) {
      problems.push({ row, column: TRAINEE_COLUMNS.find((c) => c.key === warning.field)?.header ?? '（整行）', message: `${warning.message}（需人工确认，请在系统中单独录入）` });
    }
  }
  return input && problems.length === 0 ? { ok: true, input } : { ok: false, problems };
}
