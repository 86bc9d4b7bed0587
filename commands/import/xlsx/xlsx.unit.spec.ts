// The streaming .xlsx reader and writer: round trips, workbooks written by other programs (by hand
// here, byte for byte as Excel lays them out, and one written by openpyxl), and refusal of files
// that are not workbooks.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { XlsxFormatError } from './errors';
import { DEFAULT_READER_LIMITS, openXlsx, type XlsxRow } from './xlsx-reader';
import { createXlsxWriter, type CellValue } from './xlsx-writer';
import { isDateFormatCode } from './workbook-parts';
import { columnIndexOf, columnLetters, escapeXml } from './xml';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../testing/fixtures/xlsx');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xlsx-spec-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function write(name: string, sheets: { name: string; hidden?: boolean; rows: CellValue[][] }[]): Promise<string> {
  const file = path.join(dir, name);
  const writer = createXlsxWriter();
  const saving = pipeline(writer.output, createWriteStream(file));
  for (const spec of sheets) {
    const sheet = writer.addSheet({ name: spec.name, hidden: spec.hidden ?? false, headerRows: 1 });
    for (const row of spec.rows) await sheet.addRow(row);
    await sheet.end();
  }
  await writer.finish();
  await saving;
  return file;
}

async function readAll(file: string, sheet?: number | string): Promise<XlsxRow[]> {
  const book = await openXlsx(file);
  try {
    const rows: XlsxRow[] = [];
    for await (const row of book.rows(sheet)) rows.push(row);
    return rows;
  } finally {
    book.close();
  }
}

/** A zip of hand-written parts, in the given order. */
async function zipOf(name: string, parts: [string, string][]): Promise<string> {
  const file = path.join(dir, name);
  const zip = new yazl.ZipFile();
  for (const [part, xml] of parts) zip.addBuffer(Buffer.from(xml, 'utf8'), part);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return file;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const WORKBOOK = `<workbook ${NS}><sheets><sheet name="学员" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const sheetOf = (data: string) => `<worksheet ${NS}><sheetData>${data}</sheetData></worksheet>`;

describe('xlsx writer and reader', () => {
  it('round-trips Chinese text, numbers, booleans, dates written as text and awkward characters', async () => {
    const rows: CellValue[][] = [
      ['姓名', '数量', '金额', '日期', '是否', '备注'],
      ['欧阳娜娜', 3, 1234.5, '2024-03-01', true, '贵州省贵阳市南明区'],
      ['阿依古丽·买买提', -7, 0.1, '1998-05-06 08:30:00', false, 'a & b < c > d "e"'],
      ['  前后空格  ', 13800138000, 1e21, '2024/3/1', null, '控制符\u0001与_x0041_字面'],
      ['𠀀😀', 0, '', undefined, '', '换行\n第二行\t制表'],
    ];
    const file = await write('round-trip.xlsx', [{ name: '数据', rows }]);
    const read = await readAll(file);
    expect(read.map((r) => r.number)).toEqual([1, 2, 3, 4, 5]);
    expect(read.map((r) => r.values)).toEqual([
      ['姓名', '数量', '金额', '日期', '是否', '备注'],
      ['欧阳娜娜', '3', '1234.5', '2024-03-01', 'TRUE', '贵州省贵阳市南明区'],
      ['阿依古丽·买买提', '-7', '0.1', '1998-05-06 08:30:00', 'FALSE', 'a & b < c > d "e"'],
      ['  前后空格  ', '13800138000', '1e+21', '2024/3/1', '', '控制符\u0001与_x0041_字面'],
      ['𠀀😀', '0', '', '', '', '换行\n第二行\t制表'],
    ]);
  });

  it('streams 10,000 rows: bytes leave the writer before the workbook is finished, and every row reads back', async () => {
    const file = path.join(dir, 'ten-thousand.xlsx');
    const writer = createXlsxWriter();
    let bytesBeforeFinish = 0;
    let finishing = false;
    writer.output.on('data', (chunk: Buffer) => {
      if (!finishing) bytesBeforeFinish += chunk.length;
    });
    const saving = pipeline(writer.output, createWriteStream(file));
    const sheet = writer.addSheet({ name: '学员', headerRows: 1, columns: [{ width: 12 }, { width: 22, text: true }] });
    await sheet.addRow(['序号', '身份证号码', '姓名']);
    for (let i = 1; i <= 10_000; i++) await sheet.addRow([i, `52010219900101${String(i).padStart(4, '0')}`, `学员${i}号`]);
    await sheet.end();
    finishing = true;
    await writer.finish();
    await saving;
    expect(bytesBeforeFinish).toBeGreaterThan(0);

    let count = 0;
    let sample: XlsxRow | undefined;
    for (const row of await readAll(file)) {
      count += 1;
      if (row.number === 7_778) sample = row;
    }
    expect(count).toBe(10_001);
    expect(sample!.values).toEqual(['7777', '520102199001017777', '学员7777号']);
  });

  it('writes hidden sheets, reads a sheet by name, and defaults to the first visible one', async () => {
    const file = await write('sheets.xlsx', [
      { name: '字典', hidden: true, rows: [['编码'], ['graduate']] },
      { name: '学员', rows: [['姓名'], ['张三']] },
    ]);
    const book = await openXlsx(file);
    expect(book.sheets).toEqual([
      { name: '字典', hidden: true },
      { name: '学员', hidden: false },
    ]);
    book.close();
    expect((await readAll(file)).map((r) => r.values)).toEqual([['姓名'], ['张三']]);
    expect((await readAll(file, '字典')).map((r) => r.values)).toEqual([['编码'], ['graduate']]);
  });

  it('reads what other programs write: shared strings with rich text and phonetic runs, prefixed elements, date styles, cells without references', async () => {
    const styles = `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="49"/></cellXfs></styleSheet>';
    const shared = `<sst ${NS} count="3" uniqueCount="3"><si><t>欧阳</t></si><si><r><rPr><b/></rPr><t>娜</t></r><r><t xml:space="preserve">娜 </t></r><rPh sb="0" eb="1"><t>オウヨウ</t></rPh></si><si><t>农村转移就业劳动者</t></si></sst>`;
    const sheet =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>' +
      '<x:row r="3"><x:c t="s"><x:v>1</x:v></x:c><x:c s="1"><x:v>45352</x:v></x:c><x:c s="2"><x:v>35921.5</x:v></x:c><x:c><x:v>5.2010219980506099E+17</x:v></x:c></x:row>' +
      '<x:row r="4"><x:c r="B4" t="b"><x:v>1</x:v></x:c><x:c r="C4" t="e"><x:v>#N/A</x:v></x:c><x:c r="D4" t="str"><x:f>A1&amp;"x"</x:f><x:v>欧阳x</x:v></x:c><x:c r="E4" s="3"><x:v>13800138000</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>_x000D_行内</x:t></x:is></x:c><x:c r="B5" t="d"><x:v>2024-03-01T00:00:00</x:v></x:c></x:row>' +
      '<x:row r="6"><x:c r="A6" t="s"/></x:row>' +
      '</x:sheetData></x:worksheet>';
    // The sheet is stored before the shared strings, as some writers do: the reader must not care.
    const file = await zipOf('foreign.xlsx', [
      ['[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
      ['xl/workbook.xml', WORKBOOK],
      ['xl/_rels/workbook.xml.rels', RELS.replace('</Relationships>', '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')],
      ['xl/worksheets/sheet1.xml', sheet],
      ['xl/sharedStrings.xml', shared],
      ['xl/styles.xml', styles],
    ]);
    expect(await readAll(file)).toEqual([
      { number: 1, values: ['欧阳', '', '农村转移就业劳动者'] },
      { number: 3, values: ['娜娜 ', '2024-03-01', '1998-05-06 12:00:00', '520102199805061000'] },
      { number: 4, values: ['', 'TRUE', '#N/A', '欧阳x', '13800138000'] },
      { number: 5, values: ['\r行内', '2024-03-01'] },
    ]);
  });

  it('reads a workbook written by openpyxl', async () => {
    expect((await readAll(path.join(FIXTURES, 'openpyxl-written.xlsx'))).map((r) => r.values)).toEqual([
      ['姓名', '数字', '日期'],
      ['欧阳娜娜', '13800138000', '2024-03-01'],
      ['a&b<c>', '3.5', '2024-03-01 08:30:00'],
    ]);
  });
});

describe('refusing what is not a readable workbook', () => {
  const refuses = async (file: string, message: RegExp, limits = DEFAULT_READER_LIMITS) => {
    let thrown: unknown;
    try {
      const book = await openXlsx(file, limits);
      try {
        for await (const _ of book.rows());
      } finally {
        book.close();
      }
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(XlsxFormatError);
    expect((thrown as Error).message).toMatch(message);
  };

  it('refuses a file that is not a zip', async () => {
    const file = path.join(dir, 'not-a-zip.xlsx');
    await writeFile(file, '姓名,身份证号码\n张三,520102199805061224\n');
    await refuses(file, /不是有效的 Excel \(\.xlsx\) 文件/);
  });

  it('refuses a zip that is not a workbook', async () => {
    await refuses(await zipOf('plain.zip', [['readme.txt', 'hello']]), /缺少 xl\/workbook\.xml/);
  });

  it('refuses a sheet that is not well-formed XML, naming the part', async () => {
    const file = await zipOf('broken.xlsx', [
      ['xl/workbook.xml', WORKBOOK],
      ['xl/_rels/workbook.xml.rels', RELS],
      ['xl/worksheets/sheet1.xml', sheetOf('<row r="1"><c r="A1" t="inlineStr"><is><t>张三</t></is></c></row><row r="2">')],
    ]);
    await refuses(file, /xl\/worksheets\/sheet1\.xml 不是合法的 XML/);
  });

  it('refuses a DTD (no entity expansion, no external entities)', async () => {
    const file = await zipOf('dtd.xlsx', [
      ['xl/workbook.xml', WORKBOOK],
      ['xl/_rels/workbook.xml.rels', RELS],
      ['xl/worksheets/sheet1.xml', `<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>${sheetOf('<row r="1"><c t="inlineStr"><is><t>&a;</t></is></c></row>')}`],
    ]);
    await refuses(file, /DTD/);
  });

  it('refuses a part that inflates past the limit before inflating it', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}"><c t="inlineStr"><is><t>${'张'.repeat(50)}</t></is></c></row>`).join('');
    const file = await zipOf('large.xlsx', [
      ['xl/workbook.xml', WORKBOOK],
      ['xl/_rels/workbook.xml.rels', RELS],
      ['xl/worksheets/sheet1.xml', sheetOf(rows)],
    ]);
    await refuses(file, /解压后超过/, { ...DEFAULT_READER_LIMITS, maxPartBytes: 100_000 });
  });
});

describe('XML helpers', () => {
  it('converts column letters both ways', () => {
    expect([0, 25, 26, 701, 702, 16383].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
    expect(['A1', 'z9', 'AA10', 'XFD1048576', '12'].map(columnIndexOf)).toEqual([0, 25, 26, 16383, -1]);
  });
  it('escapes markup and characters XML cannot carry', () => {
    expect(escapeXml('<a href="x">&</a>\u0007_x0041_')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;_x0007__x005F_x0041_');
  });
  it('tells date formats from number formats', () => {
    expect(['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[$-F800]dddd, mmmm dd, yyyy', 'h:mm:ss', '0.00', '#,##0', '"元"0.00', '0%', '@'].map(isDateFormatCode)).toEqual([
      true, true, true, true, false, false, false, false, false,
    ]);
  });
});
