// The small parts of a workbook the reader needs before it streams a sheet: the sheet list (with
// each sheet's part), the shared-string table and which cell styles are dates. Each is parsed with
// the same streaming SAX pass as the sheets.
import type { Readable } from 'node:stream';
import { XlsxFormatError } from './errors';
import { parseXmlStream, unescapeExcel } from './xml';

export interface SheetInfo {
  name: string;
  hidden: boolean;
  /** Zip path of the sheet part, e.g. `xl/worksheets/sheet1.xml`. */
  path: string;
}

export interface WorkbookInfo {
  sheets: SheetInfo[];
  date1904: boolean;
  sharedStringsPath?: string;
  stylesPath?: string;
}

async function drain(parts: AsyncGenerator<void>) {
  for await (const _ of parts);
}

const REL_TYPE_END = { worksheet: '/worksheet', sharedStrings: '/sharedStrings', styles: '/styles' };

/** Resolves a relationship target against the workbook's folder (`xl/`). */
function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

export async function readWorkbookInfo(workbook: Readable, rels: Readable | undefined): Promise<WorkbookInfo> {
  const declared: { name: string; hidden: boolean; relId: string }[] = [];
  let date1904 = false;
  await drain(
    parseXmlStream(workbook, 'xl/workbook.xml', {
      open(name, attributes) {
        if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
        if (name === 'sheet') {
          const relId = attributes['r:id'] ?? Object.entries(attributes).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
          declared.push({ name: attributes.name ?? '', hidden: attributes.state === 'hidden' || attributes.state === 'veryHidden', relId });
        }
      },
    }),
  );
  const targets = new Map<string, { type: string; target: string }>();
  if (rels) {
    await drain(
      parseXmlStream(rels, 'xl/_rels/workbook.xml.rels', {
        open(name, attributes) {
          if (name === 'Relationship' && attributes.Id && attributes.Target) targets.set(attributes.Id, { type: attributes.Type ?? '', target: resolveTarget(attributes.Target) });
        },
      }),
    );
  }
  const byType = (end: string) => [...targets.values()].find((t) => t.type.endsWith(end))?.target;
  const sheets = declared.map((s, i) => {
    const rel = targets.get(s.relId);
    return { name: s.name, hidden: s.hidden, path: rel && rel.type.endsWith(REL_TYPE_END.worksheet) ? rel.target : `xl/worksheets/sheet${i + 1}.xml` };
  });
  if (sheets.length === 0) throw new XlsxFormatError('Excel 文件中没有工作表');
  const sharedStringsPath = byType(REL_TYPE_END.sharedStrings);
  const stylesPath = byType(REL_TYPE_END.styles);
  return { sheets, date1904, ...(sharedStringsPath ? { sharedStringsPath } : {}), ...(stylesPath ? { stylesPath } : {}) };
}

/**
 * The shared-string table. It has to be held in memory (a cell refers to it by index), so its size
 * is bounded by `maxStrings`; text inside phonetic runs (`<rPh>`) is not part of the value.
 */
export async function readSharedStrings(input: Readable, maxStrings: number): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let phonetic = 0;
  await drain(
    parseXmlStream(input, 'xl/sharedStrings.xml', {
      open(name) {
        if (name === 'si') current = [];
        else if (name === 'rPh') phonetic += 1;
        else if (name === 't' && phonetic === 0) inText = true;
      },
      close(name) {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic -= 1;
        else if (name === 'si' && current) {
          if (strings.length >= maxStrings) throw new XlsxFormatError(`Excel 文件的共享字符串超过 ${maxStrings} 条`);
          strings.push(unescapeExcel(current.join('')));
          current = undefined;
        }
      },
      text(text) {
        if (inText && current) current.push(text);
      },
    }),
  );
  return strings;
}

/** Built-in number formats that show a date or time (including the zh-CN ones, 27-36 and 50-58). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code shows a date when it has date/time letters outside quotes, escapes and brackets. */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return /[dmyhs]/i.test(bare.split(';')[0] ?? '') && !/^[#0.,%E+\-\s]*$/i.test(bare);
}

/** Which cell style indexes (`s` attribute) format a number as a date. */
export async function readDateStyles(input: Readable): Promise<Set<number>> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await drain(
    parseXmlStream(input, 'xl/styles.xml', {
      open(name, attributes) {
        if (name === 'numFmt') custom.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) xfFormats.push(Number(attributes.numFmtId ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    }),
  );
  const dates = new Set<number>();
  xfFormats.forEach((format, index) => {
    const code = custom.get(format);
    if (code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(format)) dates.add(index);
  });
  return dates;
}
