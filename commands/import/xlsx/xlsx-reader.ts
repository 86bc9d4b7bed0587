// A streaming .xlsx reader. The zip is opened by its central directory (yauzl), so the parts can
// be read in the order they are needed whatever order the writer stored them in: workbook, shared
// strings, styles, then the sheet, whose XML is inflated and parsed as it streams (saxes) and handed
// out row by row. Only the shared-string table is held in memory (cells refer to it by index).
// Every declared size is bounded before anything is inflated, and yauzl checks that no entry
// inflates past its declared size, so a zip bomb is refused rather than unpacked.
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { cellText, type CellType } from './cell-values';
import { XlsxFormatError } from './errors';
import { readDateStyles, readSharedStrings, readWorkbookInfo, type SheetInfo, type WorkbookInfo } from './workbook-parts';
import { columnIndexOf, parseXmlStream, unescapeExcel } from './xml';

export interface XlsxRow {
  /** 1-based row number as Excel shows it. */
  number: number;
  /** Cell texts from column A on; missing cells are ''. */
  values: string[];
}

export interface XlsxReaderLimits {
  /** Largest inflated size of one part (a sheet of 100,000 rows of ten columns is about 40 MB). */
  maxPartBytes: number;
  maxSharedStrings: number;
  maxColumns: number;
  maxEntries: number;
}

export const DEFAULT_READER_LIMITS: XlsxReaderLimits = { maxPartBytes: 512 * 1024 * 1024, maxSharedStrings: 2_000_000, maxColumns: 1000, maxEntries: 10_000 };

export interface XlsxBook {
  readonly sheets: readonly Pick<SheetInfo, 'name' | 'hidden'>[];
  /** Streams the rows of a sheet (by index or name; default: the first visible sheet). */
  rows(sheet?: number | string): AsyncGenerator<XlsxRow>;
  close(): void;
}

const NOT_XLSX = '文件不是有效的 Excel (.xlsx) 文件，请用模板另存为 .xlsx 后重新上传';

async function openZip(path: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true });
  } catch {
    throw new XlsxFormatError(NOT_XLSX);
  }
}

async function listEntries(zip: ZipFile, limits: XlsxReaderLimits): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (entries.size >= limits.maxEntries) return reject(new XlsxFormatError(`Excel 文件包含的部件过多（超过 ${limits.maxEntries} 个）`));
      entries.set(entry.fileName.replace(/^\//, ''), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', () => reject(new XlsxFormatError(NOT_XLSX)));
    zip.readEntry();
  });
  return entries;
}

export async function openXlsx(path: string, limits: XlsxReaderLimits = DEFAULT_READER_LIMITS): Promise<XlsxBook> {
  const zip = await openZip(path);
  try {
    const entries = await listEntries(zip, limits);
    // Part names are case-insensitive in OPC.
    const lookup = new Map([...entries].map(([name, entry]) => [name.toLowerCase(), entry]));
    const open = async (name: string): Promise<Readable | undefined> => {
      const entry = lookup.get(name.toLowerCase());
      if (!entry) return undefined;
      if (entry.uncompressedSize > limits.maxPartBytes) throw new XlsxFormatError(`Excel 文件中的 ${name} 解压后超过 ${Math.round(limits.maxPartBytes / 1048576)} MB，文件过大或已损坏`);
      if (entry.isEncrypted()) throw new XlsxFormatError('Excel 文件已加密，请取消密码后重新上传');
      try {
        return await zip.openReadStreamPromise(entry);
      } catch {
        throw new XlsxFormatError(`Excel 文件已损坏：无法解压 ${name}`);
      }
    };
    const workbook = await open('xl/workbook.xml');
    if (!workbook) throw new XlsxFormatError('文件不是 Excel 工作簿（缺少 xl/workbook.xml）');
    const info: WorkbookInfo = await readWorkbookInfo(workbook, await open('xl/_rels/workbook.xml.rels'));
    const sharedStream = await open(info.sharedStringsPath ?? 'xl/sharedStrings.xml');
    const sharedStrings = sharedStream ? await readSharedStrings(sharedStream, limits.maxSharedStrings) : [];
    const stylesStream = await open(info.stylesPath ?? 'xl/styles.xml');
    const dateStyles = stylesStream ? await readDateStyles(stylesStream) : new Set<number>();

    const pick = (sheet: number | string | undefined): SheetInfo => {
      const found = sheet === undefined ? (info.sheets.find((s) => !s.hidden) ?? info.sheets[0]) : typeof sheet === 'number' ? info.sheets[sheet] : info.sheets.find((s) => s.name === sheet);
      if (!found) throw new XlsxFormatError(`Excel 文件中没有工作表“${String(sheet)}”`);
      return found;
    };

    return {
      sheets: info.sheets.map((s) => ({ name: s.name, hidden: s.hidden })),
      async *rows(sheet) {
        const part = pick(sheet);
        const input = await open(part.path);
        if (!input) throw new XlsxFormatError(`Excel 文件已损坏：缺少工作表“${part.name}”的内容`);
        yield* sheetRows(input, part.path, { sharedStrings, dateStyles, date1904: info.date1904, maxColumns: limits.maxColumns });
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

interface SheetContext {
  sharedStrings: readonly string[];
  dateStyles: ReadonlySet<number>;
  date1904: boolean;
  maxColumns: number;
}

/** Rows of one sheet part, as its XML streams in. Rows without any text are skipped. */
async function* sheetRows(input: Readable, part: string, context: SheetContext): AsyncGenerator<XlsxRow> {
  let ready: XlsxRow[] = [];
  let rowNumber = 0;
  let values: string[] = [];
  let column = -1;
  let cell: { type: CellType; style: number; raw: string[] } | undefined;
  /** Inside <v>, or inside <t> of an inline string (not of a phonetic run). */
  let capture = false;
  let phonetic = 0;

  const parts = parseXmlStream(input, part, {
    open(name, attributes) {
      switch (name) {
        case 'row': {
          const declared = Number(attributes.r);
          rowNumber = Number.isInteger(declared) && declared > rowNumber ? declared : rowNumber + 1;
          values = [];
          column = -1;
          break;
        }
        case 'c': {
          const ref = attributes.r;
          const index = ref ? columnIndexOf(ref) : -1;
          column = index >= 0 ? index : column + 1;
          if (column >= context.maxColumns) throw new XlsxFormatError(`Excel 表格第 ${rowNumber} 行的列数超过 ${context.maxColumns}`);
          cell = { type: (attributes.t as CellType | undefined) ?? 'n', style: Number(attributes.s ?? 0), raw: [] };
          break;
        }
        case 'v':
          capture = true;
          break;
        case 'rPh':
          phonetic += 1;
          break;
        case 't':
          if (phonetic === 0) capture = true;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          capture = false;
          break;
        case 'rPh':
          phonetic -= 1;
          break;
        case 'c':
          if (cell) {
            const raw = cell.type === 'inlineStr' || cell.type === 'str' ? unescapeExcel(cell.raw.join('')) : cell.raw.join('');
            const text = cellText(cell.type, raw, context.sharedStrings, context.dateStyles.has(cell.style), context.date1904);
            if (text !== '') {
              while (values.length < column) values.push('');
              values[column] = text;
            }
            cell = undefined;
          }
          break;
        case 'row':
          if (values.some((v) => v.trim() !== '')) ready.push({ number: rowNumber, values });
          values = [];
          break;
      }
    },
    text(text) {
      if (capture && cell) cell.raw.push(text);
    },
  });
  for await (const _ of parts) {
    if (ready.length === 0) continue;
    const batch = ready;
    ready = [];
    yield* batch;
  }
}
