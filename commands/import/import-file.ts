// Reading an import file: its first non-empty row is the header, found by the template's Chinese
// headers (any column order; extra columns such as the report's 行号/错误说明 are ignored, so a
// corrected report can be imported again); then every data row, streamed.
import { cellsOf, isExampleRow, matchHeader, type ImportColumn } from '../../domain/import/import-rows';
import { ValidationError } from '../../domain/shared/errors';
import type { FileService, StoredFile } from '../storage/files';
import { XlsxFormatError } from './xlsx/errors';
import { openXlsx } from './xlsx/xlsx-reader';

/** A file's rows beyond this are refused as a whole: split it (Excel itself stops at 1,048,576). */
export const MAX_IMPORT_ROWS = 200_000;

/** The file cannot be imported at all; the message is for the user. */
export class ImportFileError extends ValidationError {
  constructor(message: string) {
    super([{ field: 'fileId', message }], message);
    this.name = 'ImportFileError';
  }
}

export type RowVisitor = (row: number, cells: Record<string, string>, values: readonly string[]) => void | Promise<void>;

/** Visits every data row of the file's first visible sheet; returns how many there were. */
export async function scanImportFile(files: FileService, file: StoredFile, columns: readonly ImportColumn[], visit: RowVisitor): Promise<number> {
  if (file.kind !== 'xlsx') throw new ImportFileError('导入文件必须是 Excel (.xlsx) 文件');
  try {
    return await files.withLocalFile(file, async (path) => {
      const book = await openXlsx(path);
      try {
        let indexes: Record<string, number | undefined> | undefined;
        let rows = 0;
        for await (const row of book.rows()) {
          if (!indexes) {
            const match = matchHeader(row.values, columns);
            if (!match.ok) throw new ImportFileError(`第 ${row.number} 行（表头）：${match.message}`);
            indexes = match.indexes;
            continue;
          }
          const cells = cellsOf(row.values, indexes);
          if (Object.values(cells).every((v) => v === '') || isExampleRow(cells, columns)) continue;
          rows += 1;
          if (rows > MAX_IMPORT_ROWS) throw new ImportFileError(`文件超过 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入`);
          await visit(row.number, cells, row.values);
        }
        if (!indexes) throw new ImportFileError('文件是空的：没有表头，请使用下载的导入模板');
        return rows;
      } finally {
        book.close();
      }
    });
  } catch (error) {
    if (error instanceof XlsxFormatError) throw new ImportFileError(error.message);
    throw error;
  }
}
