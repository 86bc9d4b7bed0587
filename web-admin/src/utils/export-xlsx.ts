// Export of the current filter to .xlsx, written in the browser from the API's rows, capped at
// EXPORT_ROW_LIMIT. Lists the server exports (GET /export/<list>.xlsx) use that instead, through
// components/table/use-list-export.ts; what still calls this should move there too.
// write-excel-file is small, maintained and has no known advisories (unlike the npm `xlsx` 0.18.5);
// it is loaded only when the user exports.
export interface ExportColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
  width?: number;
}

/** At most this many rows go into one file: a larger export belongs on the server. */
export const EXPORT_ROW_LIMIT = 10_000;

export async function exportXlsx<Row>(fileName: string, columns: readonly ExportColumn<Row>[], rows: readonly Row[]): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const header = columns.map((c) => ({ value: c.header, fontWeight: 'bold' as const }));
  const body = rows.map((row) =>
    columns.map((c) => {
      const value = c.value(row);
      return value === null || value === undefined ? null : typeof value === 'number' ? { value, type: Number } : { value: String(value), type: String };
    }),
  );
  await writeXlsxFile([header, ...body], { columns: columns.map((c) => ({ width: c.width ?? 16 })), sheet: '导出数据' }).toFile(fileName);
}

/** Fetches every page of a paged query (200 a page), up to EXPORT_ROW_LIMIT rows. */
export async function collectPages<Row>(fetchPage: (page: number, pageSize: number) => Promise<{ items: Row[]; total: number }>): Promise<{ rows: Row[]; total: number }> {
  const pageSize = 200;
  const rows: Row[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const result = await fetchPage(page, pageSize);
    total = result.total;
    rows.push(...result.items);
    if (result.items.length < pageSize || rows.length >= Math.min(total, EXPORT_ROW_LIMIT)) break;
  }
  return { rows: rows.slice(0, EXPORT_ROW_LIMIT), total };
}

export const dateStamp = () => new Date().toISOString().slice(0, 10).replaceAll('-', '');
