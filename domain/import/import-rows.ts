// Rows of an import file, before any module sees them: which column is which (by its Chinese header,
// whatever the column order), and the problems of a bad row as "column + Chinese message".
import type { FieldError } from '../shared/errors';

export interface ImportColumn<Key extends string = string> {
  key: Key;
  /** The header in the template, e.g. 身份证号码. */
  header: string;
  required: boolean;
  /** Shown under the header in the template's example row. */
  example: string;
  width?: number;
  /** Keep as text in Excel (numbers that must not lose digits). */
  text?: boolean;
}

/** One problem of a bad row, as the report shows it. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** `*姓名`, `姓名（必填）`, ` 姓名 ` all mean 姓名. */
export const normalizeHeader = (header: string) => header.replace(/\s+/g, '').replace(/^\*|\*$/g, '').replace(/[（(]必填[）)]$/, '');

/** The header as the template writes it: required columns marked with *. */
export const templateHeader = (column: ImportColumn) => (column.required ? `*${column.header}` : column.header);

export type HeaderMatch<Key extends string> = { ok: true; indexes: Record<Key, number | undefined> } | { ok: false; message: string };

/** Finds each column by its header; a required column that is missing, or a header twice, fails the file. */
export function matchHeader<Key extends string>(header: readonly string[], columns: readonly ImportColumn<Key>[]): HeaderMatch<Key> {
  const positions = new Map<string, number[]>();
  header.forEach((text, index) => {
    const key = normalizeHeader(text);
    if (key) positions.set(key, [...(positions.get(key) ?? []), index]);
  });
  const indexes = {} as Record<Key, number | undefined>;
  const missing: string[] = [];
  const doubled: string[] = [];
  for (const column of columns) {
    const found = positions.get(column.header) ?? [];
    if (found.length > 1) doubled.push(column.header);
    if (found.length === 0 && column.required) missing.push(column.header);
    indexes[column.key] = found[0];
  }
  if (missing.length) return { ok: false, message: `表头缺少必填列：${missing.join('、')}。请使用下载的导入模板` };
  if (doubled.length) return { ok: false, message: `表头中的列重复：${doubled.join('、')}` };
  return { ok: true, indexes };
}

/** The row's cells by column key ('' where the file has no such column). */
export function cellsOf<Key extends string>(values: readonly string[], indexes: Record<Key, number | undefined>): Record<Key, string> {
  const cells = {} as Record<Key, string>;
  for (const key of Object.keys(indexes) as Key[]) {
    const index = indexes[key];
    cells[key] = index === undefined ? '' : (values[index] ?? '').trim();
  }
  return cells;
}

/** A domain validation's field errors as report problems (field names become column headers; the first message of a column). */
export function problemsOf(row: number, fields: readonly FieldError[], columns: readonly ImportColumn[]): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const f of fields) {
    const key = f.field.split('.')[0];
    const column = columns.find((c) => c.key === key)?.header ?? '（整行）';
    if (!problems.some((p) => p.column === column)) problems.push({ row, column, message: f.message });
  }
  return problems;
}

/**
 * The same person twice in one file: the first row stands, every later one is a bad row naming it
 * (one pass, so a 100,000-row file needs no second read to decide).
 */
export function duplicateCheck(column: string) {
  const first = new Map<string, number>();
  return (row: number, key: string): RowProblem | undefined => {
    const seen = first.get(key);
    if (seen !== undefined) return { row, column, message: `与第 ${seen} 行的${column}重复，同一文件中每人只能出现一次（以第 ${seen} 行为准）` };
    first.set(key, row);
    return undefined;
  };
}

/** The template's example row, left in the file, is not data. */
export const isExampleRow = (cells: Record<string, string>, columns: readonly ImportColumn[]) =>
  columns.every((c) => (cells[c.key] ?? '') === c.example);
