// The file-based side of the exchange (the default): our records written for upload to the national
// system (.xlsx through the project's own streaming writer, or CSV: UTF-8 with a BOM so Excel reads
// the Chinese, RFC 4180 quoting, every value as text so an ID number keeps its digits), and the
// national system's student list read back from the .xlsx it exports. The reconciliation report is
// written the same way.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { NationalField } from '../../domain/student-exchange/national-mapping';
import { nationalStudentOf, type NationalStudent, type Reconciliation } from '../../domain/student-exchange/national-mapping';
import { ValidationError } from '../../domain/shared/errors';
import { openXlsx } from '../import/xlsx/xlsx-reader';
import { XlsxFormatError } from '../import/xlsx/errors';
import { createXlsxWriter } from '../import/xlsx/xlsx-writer';
import type { FileService, StoredFile } from '../storage/files';

export interface ExchangeFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

const collect = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Records as one sheet: the national field codes as the header (what its upload expects), a sheet of field names beside it. */
export async function exchangeWorkbook(sheetName: string, fields: readonly NationalField[], records: readonly Record<string, string>[]): Promise<Buffer> {
  const writer = createXlsxWriter();
  const bytes = collect(writer.output);
  const data = writer.addSheet({ name: sheetName, headerRows: 1, columns: fields.map(() => ({ width: 18, text: true })) });
  await data.addRow(fields.map((f) => f.code));
  for (const record of records) await data.addRow(fields.map((f) => record[f.code] ?? ''));
  await data.end();
  const help = writer.addSheet({ name: '字段说明', headerRows: 1, columns: [{ width: 14 }, { width: 20 }] });
  await help.addRow(['字段', '含义']);
  for (const f of fields) await help.addRow([f.code, f.label]);
  await help.end();
  await writer.finish();
  return bytes;
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function exchangeCsv(fields: readonly NationalField[], records: readonly Record<string, string>[]): Buffer {
  const lines = [fields.map((f) => f.code).join(','), ...records.map((r) => fields.map((f) => csvCell(r[f.code] ?? '')).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function exchangeFile(format: 'xlsx' | 'csv', baseName: string, sheetName: string, fields: readonly NationalField[], records: readonly Record<string, string>[]): Promise<ExchangeFile> {
  const bytes = format === 'xlsx' ? await exchangeWorkbook(sheetName, fields, records) : exchangeCsv(fields, records);
  return {
    fileName: `${baseName}.${format}`,
    contentType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    bytes,
    sha256: sha256(bytes),
  };
}

/** Most rows a national list file may hold (a province's students over three years, with room). */
export const MAX_NATIONAL_ROWS = 300_000;

/**
 * The national system's student list from its .xlsx export: the first visible sheet, a header row of
 * field codes (XXDM, XM, SFZH ...) or their Chinese names, then a student per row.
 */
export async function readNationalList(files: FileService, file: StoredFile): Promise<{ students: NationalStudent[]; sha256: string }> {
  if (file.kind !== 'xlsx') throw new ValidationError([{ field: 'fileId', message: '全国系统学生名单必须是 Excel (.xlsx) 文件' }]);
  try {
    return await files.withLocalFile(file, async (path) => {
      const book = await openXlsx(path);
      try {
        let header: string[] | undefined;
        const students: NationalStudent[] = [];
        for await (const row of book.rows()) {
          if (!header) {
            header = row.values.map((v) => v.trim().toUpperCase());
            if (!header.includes('SFZH') && !header.includes('身份证号')) throw new ValidationError([{ field: 'fileId', message: `第 ${row.number} 行（表头）没有“SFZH”（身份证号）列，请使用全国系统导出的学生名单` }]);
            continue;
          }
          if (row.values.every((v) => v.trim() === '')) continue;
          if (students.length >= MAX_NATIONAL_ROWS) throw new ValidationError([{ field: 'fileId', message: `名单超过 ${MAX_NATIONAL_ROWS} 行，请按学校分批比对` }]);
          const cells = Object.fromEntries(header.map((h, i) => [h, row.values[i] ?? '']));
          students.push(nationalStudentOf(row.number, cells));
        }
        if (!header) throw new ValidationError([{ field: 'fileId', message: '文件是空的：没有表头' }]);
        return { students, sha256: file.sha256 };
      } finally {
        book.close();
      }
    });
  } catch (error) {
    if (error instanceof XlsxFormatError) throw new ValidationError([{ field: 'fileId', message: error.message }]);
    throw error;
  }
}

/** The reconciliation as a workbook: a summary, then one sheet per outcome. */
export async function reconciliationWorkbook(result: Reconciliation, schoolNames: ReadonlyMap<string, string>): Promise<Buffer> {
  const writer = createXlsxWriter();
  const bytes = collect(writer.output);
  const sheet = async (name: string, header: string[], rows: (string | number)[][], widths: number[]) => {
    const s = writer.addSheet({ name, headerRows: 1, columns: widths.map((width) => ({ width, text: true })) });
    await s.addRow(header);
    for (const row of rows) await s.addRow(row);
    await s.end();
  };
  await sheet('汇总', ['项目', '人数'], [
    ['两边一致', result.matched],
    ['两边都有、信息不一致', result.differing.length],
    ['仅全国系统有', result.onlyNational.length],
    ['仅本系统有', result.onlyOurs.length],
    ['全国名单中重复的行', result.duplicateRows.length],
  ], [24, 10]);
  await sheet('信息不一致', ['全国名单行号', '姓名', '身份证号码', '字段', '本系统', '全国系统'], result.differing.flatMap((d) => d.differences.map((f) => [d.row, d.name, d.idNumberMasked, f.label, f.ours, f.theirs])), [12, 12, 22, 12, 20, 20]);
  await sheet('仅全国系统有', ['全国名单行号', '姓名', '身份证号码', '学校代码'], result.onlyNational.map((o) => [o.row, o.name, o.idNumberMasked, o.schoolCode]), [12, 12, 22, 12]);
  await sheet('仅本系统有', ['姓名', '身份证号码', '学校代码', '学校'], result.onlyOurs.map((o) => [o.name, o.idNumberMasked, o.schoolCode, schoolNames.get(o.schoolCode) ?? '']), [12, 22, 12, 30]);
  await writer.finish();
  return bytes;
}
