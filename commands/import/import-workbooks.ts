// The two workbooks the import writes: the template a user fills in, and the report of bad rows.
// Both stream (the report of a 100,000-row file can list 100,000 rows).
import type { Readable } from 'node:stream';
import { templateHeader, type ImportColumn, type RowProblem } from '../../domain/import/import-rows';
import { columnLetters } from './xlsx/xml';
import { createXlsxWriter, type XlsxSheetWriter, type XlsxWriter } from './xlsx/xlsx-writer';
import type { ImportKind } from './import-kinds';
import { MAX_IMPORT_ROWS } from './import-file';

/** A workbook being written: consume `output` while awaiting `done` (the writing waits for the reader). */
export interface WorkbookWriting {
  output: Readable;
  done: Promise<void>;
}

/** The template: the data sheet (header, example row, text-formatted columns, drop-downs), instructions, reference lists (hidden). */
export function writeTemplate(kind: ImportKind): WorkbookWriting {
  const writer = createXlsxWriter();
  return { output: writer.output, done: fillTemplate(writer, kind) };
}

async function fillTemplate(writer: XlsxWriter, kind: ImportKind) {
  const lists = await kind.referenceLists();
  const validations = lists.flatMap((list) => {
    if (!list.dropDown) return [];
    const index = kind.columns.findIndex((c) => c.key === list.dropDown!.forColumn);
    if (index < 0) return [];
    const letter = columnLetters(list.dropDown.listColumn);
    writer.defineName(list.sheetName, `'${list.sheetName}'!$${letter}$2:$${letter}$${list.rows.length + 1}`);
    const column = columnLetters(index);
    return [{ range: `${column}2:${column}${MAX_IMPORT_ROWS + 1}`, listName: list.sheetName, prompt: `请从下拉列表选择${kind.columns[index]!.header}` }];
  });
  const data = writer.addSheet({ name: `${kind.label}导入`, headerRows: 1, columns: kind.columns.map((c) => ({ width: c.width ?? 16, text: c.text ?? false })), validations });
  await data.addRow(kind.columns.map(templateHeader));
  await data.addRow(kind.columns.map((c) => c.example));
  await data.end();

  const help = writer.addSheet({ name: '填写说明', columns: [{ width: 100 }] });
  for (const line of [
    `${kind.label}批量导入模板填写说明`,
    '1. 带 * 的列为必填；请勿修改表头文字（列的顺序可以调整）。',
    '2. 第 2 行为示例，导入时自动忽略，可删除或直接覆盖。',
    // The kind's own long-number columns (the name column is text too, but loses nothing as a number).
    `3. ${kind.columns.filter((c) => c.text && c.header !== '姓名').map((c) => c.header).join('、')}列已设为文本格式，请勿改为数字格式，否则会丢失位数。`,
    `4. 一个文件最多 ${MAX_IMPORT_ROWS} 行；同一文件中同一${kind.identityColumn}只能出现一次。`,
    '5. 导入前会逐行校验：有错误的行不会导入，可下载错误报告，修改后直接再次导入该报告。',
    ...lists.map((l, i) => `${6 + i}. ${kind.columns.find((c) => c.key === l.dropDown?.forColumn)?.header ?? l.sheetName}的可选值见隐藏工作表“${l.sheetName}”（填写名称或编码均可）。`),
  ]) {
    await help.addRow([line]);
  }
  await help.end();

  for (const list of lists) {
    const sheet = writer.addSheet({ name: list.sheetName, hidden: true, headerRows: 1, columns: list.headers.map(() => ({ width: 30 })) });
    await sheet.addRow(list.headers);
    for (const row of list.rows) await sheet.addRow(row);
    await sheet.end();
  }
  await writer.finish();
}

export const REPORT_HEADERS = ['行号', '出错列', '错误说明'];

/** The report of bad rows: row number, columns, messages, then the row as it was (to correct in place). */
export function startReport(columns: readonly ImportColumn[]) {
  const writer = createXlsxWriter();
  const sheet: XlsxSheetWriter = writer.addSheet({
    name: '错误报告',
    headerRows: 1,
    columns: [{ width: 8 }, { width: 16 }, { width: 60 }, ...columns.map((c) => ({ width: c.width ?? 16, text: true }))],
  });
  const header = sheet.addRow([...REPORT_HEADERS, ...columns.map(templateHeader)]);
  return {
    output: writer.output,
    async add(row: number, problems: readonly RowProblem[], cells: Record<string, string>) {
      await header;
      const columnsHit = [...new Set(problems.map((p) => p.column))].join('、');
      await sheet.addRow([row, columnsHit, problems.map((p) => `${p.column}：${p.message}`).join('；'), ...columns.map((c) => cells[c.key] ?? '')]);
    },
    async finish() {
      await header;
      await sheet.end();
      await writer.finish();
    },
  };
}
