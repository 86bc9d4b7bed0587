// A streaming .xlsx writer: each sheet's XML is generated row by row into a zip entry (yazl,
// DEFLATE from Node's zlib) as the caller adds rows, and the zip streams out as it is produced.
// Strings are written inline (`t="inlineStr"`) rather than into a shared-string table, so nothing
// grows with the row count: 100,000 rows never sit in memory. Backpressure runs from the output
// through the zip to `addRow`, which waits while the consumer is slow.
import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import { columnLetters, escapeXml } from './xml';

export type CellValue = string | number | boolean | null | undefined;

export interface SheetColumn {
  /** Width in characters. */
  width?: number;
  /** Format the column as text (`@`) so numbers typed later (ID numbers, phone numbers) keep every digit. */
  text?: boolean;
}

/** A drop-down list on a range of cells, its values taken from a workbook-level defined name. */
export interface ListValidation {
  /** e.g. "C2:C100001" */
  range: string;
  /** A defined name of the workbook (see `definedNames`). */
  listName: string;
  /** Shown when a typed value is not in the list; false lets any value through with a warning. */
  strict?: boolean;
  prompt?: string;
}

export interface SheetOptions {
  name: string;
  columns?: SheetColumn[];
  hidden?: boolean;
  /** Rows at the top shown bold and frozen while scrolling. */
  headerRows?: number;
  validations?: ListValidation[];
}

export interface XlsxSheetWriter {
  /** Adds a row; resolves when the output can take more (await it: that is the backpressure). */
  addRow(values: readonly CellValue[]): Promise<void>;
  /** Closes the sheet; the next one can start. */
  end(): Promise<void>;
}

export interface XlsxWriter {
  /** The .xlsx bytes as they are produced: pipe them to a file or an HTTP response. */
  readonly output: Readable;
  /** Starts the next sheet. Sheets are written one after another: end one before adding the next. */
  addSheet(options: SheetOptions): XlsxSheetWriter;
  /** A workbook-level name for a range, e.g. `{ name: '人员类别', ref: "'字典'!$B$2:$B$7" }`. */
  defineName(name: string, ref: string): void;
  /** Writes the workbook parts and ends the zip. */
  finish(): Promise<void>;
}

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;
/** Rows are buffered into chunks of about this size before they are handed to the zip. */
const CHUNK_CHARS = 64 * 1024;
/** Excel's limits. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_CELL_CHARS = 32_767;

const STYLE_HEADER = 1;
const STYLE_TEXT = 2;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function cellXml(ref: string, value: CellValue, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cell ${ref}: ${value} is not a finite number`);
    return `<c r="${ref}"${s}><v>${value}</v></c>`;
  }
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = value.length > MAX_CELL_CHARS ? value.slice(0, MAX_CELL_CHARS) : value;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

function sheetHead(options: SheetOptions): string {
  const header = options.headerRows ?? 0;
  const view = header > 0
    ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${header}" topLeftCell="A${header + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
    : '';
  const cols = (options.columns ?? [])
    .map((c, i) => (c.width || c.text ? `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? 12}"${c.width ? ' customWidth="1"' : ''}${c.text ? ` style="${STYLE_TEXT}"` : ''}/>` : ''))
    .join('');
  return `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">${view}<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`;
}

function sheetTail(options: SheetOptions): string {
  const validations = options.validations ?? [];
  if (validations.length === 0) return '</sheetData></worksheet>';
  const items = validations
    .map((v) => {
      const prompt = v.prompt ? ` showInputMessage="1" prompt="${escapeXml(v.prompt)}"` : '';
      return `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorStyle="${v.strict === false ? 'warning' : 'stop'}"${prompt} sqref="${v.range}"><formula1>${escapeXml(v.listName)}</formula1></dataValidation>`;
    })
    .join('');
  return `</sheetData><dataValidations count="${validations.length}">${items}</dataValidations></worksheet>`;
}

const STYLES_XML =
  `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** A streaming .xlsx writer; see the file comment. */
export function createXlsxWriter(): XlsxWriter {
  const zip = new yazl.ZipFile();
  const sheets: { name: string; hidden: boolean }[] = [];
  const names: { name: string; ref: string }[] = [];
  let open: Promise<void> | undefined;
  let finished = false;
  const mtime = new Date();

  return {
    output: zip.outputStream as Readable,
    defineName(name, ref) {
      names.push({ name, ref });
    },
    addSheet(options) {
      if (finished) throw new Error('the workbook is finished');
      if (open) throw new Error('end the previous sheet before adding the next one');
      if (!options.name || options.name.length > 31 || SHEET_NAME_FORBIDDEN.test(options.name)) throw new Error(`invalid sheet name: ${options.name}`);
      if (sheets.some((s) => s.name === options.name)) throw new Error(`duplicate sheet name: ${options.name}`);
      sheets.push({ name: options.name, hidden: Boolean(options.hidden) });
      const entry = new PassThrough({ highWaterMark: 256 * 1024 });
      zip.addReadStream(entry, `xl/worksheets/sheet${sheets.length}.xml`, { mtime, compress: true });
      const headerRows = options.headerRows ?? 0;
      const textColumns = new Set((options.columns ?? []).flatMap((c, i) => (c.text ? [i] : [])));
      let buffer = sheetHead(options);
      let rowNumber = 0;
      let ended = false;

      const flush = async () => {
        if (buffer.length === 0) return;
        const ok = entry.write(buffer);
        buffer = '';
        if (!ok) await new Promise<void>((resolve) => entry.once('drain', resolve));
      };
      const done = new Promise<void>((resolve, reject) => {
        entry.once('finish', resolve);
        entry.once('error', reject);
      });
      open = done;

      return {
        async addRow(values) {
          if (ended) throw new Error('the sheet has ended');
          if (rowNumber >= MAX_ROWS) throw new Error(`a sheet holds at most ${MAX_ROWS} rows`);
          if (values.length > MAX_COLUMNS) throw new Error(`a row holds at most ${MAX_COLUMNS} cells`);
          rowNumber += 1;
          let cells = '';
          for (let i = 0; i < values.length; i++) {
            const style = rowNumber <= headerRows ? STYLE_HEADER : textColumns.has(i) ? STYLE_TEXT : 0;
            cells += cellXml(`${columnLetters(i)}${rowNumber}`, values[i], style);
          }
          buffer += `<row r="${rowNumber}">${cells}</row>`;
          if (buffer.length >= CHUNK_CHARS) await flush();
        },
        async end() {
          if (ended) return;
          ended = true;
          buffer += sheetTail(options);
          await flush();
          entry.end();
          await done;
          open = undefined;
        },
      };
    },
    async finish() {
      if (finished) return;
      if (open) throw new Error('end the last sheet before finishing the workbook');
      if (sheets.length === 0) throw new Error('a workbook needs at least one sheet');
      if (sheets.every((s) => s.hidden)) throw new Error('a workbook needs at least one visible sheet');
      finished = true;
      const add = (path: string, xml: string) => zip.addBuffer(Buffer.from(xml, 'utf8'), path, { mtime, compress: true });
      const sheetOverrides = sheets
        .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
        .join('');
      add(
        '[Content_Types].xml',
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          `${sheetOverrides}</Types>`,
      );
      add(
        '_rels/.rels',
        `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      );
      const sheetList = sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`).join('');
      const definedNames = names.length ? `<definedNames>${names.map((n) => `<definedName name="${escapeXml(n.name)}">${escapeXml(n.ref)}</definedName>`).join('')}</definedNames>` : '';
      const firstVisible = sheets.findIndex((s) => !s.hidden);
      add(
        'xl/workbook.xml',
        `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="${firstVisible}"/></bookViews><sheets>${sheetList}</sheets>${definedNames}</workbook>`,
      );
      const rels = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
      add(
        'xl/_rels/workbook.xml.rels',
        `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
      );
      add('xl/styles.xml', STYLES_XML);
      zip.end();
    },
  };
}
