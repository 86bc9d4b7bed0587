// Test helpers for the file endpoints: .xlsx files made and read with the project's streaming
// writer and reader, uploads and downloads over real HTTP (pactum), and synthetic people whose ID
// numbers carry correct check characters (generated, not anyone's real number).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import pactum from 'pactum';
import { openXlsx, type XlsxRow } from '../commands/import/xlsx/xlsx-reader';
import { createXlsxWriter, type CellValue } from '../commands/import/xlsx/xlsx-writer';
import { idNumberCheckCharacter } from '../domain/personal-data/id-number';
import type { Session } from './api-harness';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An .xlsx file (first sheet visible) as bytes. */
export async function xlsxBytes(sheets: { name: string; rows: CellValue[][]; hidden?: boolean }[]): Promise<Buffer> {
  const writer = createXlsxWriter();
  const chunks: Buffer[] = [];
  const collected = new Promise<void>((resolve, reject) => {
    writer.output.on('data', (c: Buffer) => chunks.push(c));
    writer.output.once('end', resolve);
    writer.output.once('error', reject);
  });
  for (const spec of sheets) {
    const sheet = writer.addSheet({ name: spec.name, hidden: spec.hidden ?? false });
    for (const row of spec.rows) await sheet.addRow(row);
    await sheet.end();
  }
  await writer.finish();
  await collected;
  return Buffer.concat(chunks);
}

/** Every sheet of an .xlsx file: its name, whether hidden, and its rows. */
export async function readXlsxBytes(bytes: Buffer): Promise<{ name: string; hidden: boolean; rows: XlsxRow[] }[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xlsx-read-'));
  try {
    const file = path.join(dir, 'file.xlsx');
    await writeFile(file, bytes);
    const book = await openXlsx(file);
    try {
      const sheets = [];
      for (const [index, sheet] of book.sheets.entries()) {
        const rows: XlsxRow[] = [];
        for await (const row of book.rows(index)) rows.push(row);
        sheets.push({ ...sheet, rows });
      }
      return sheets;
    } finally {
      book.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  buffer: Buffer;
  json: { errors?: { message: string; extensions: { code: string } & Record<string, unknown> }[] } & Record<string, unknown>;
}

const asResult = (response: { statusCode: number; headers: Record<string, unknown>; buffer?: Buffer; json: unknown }): HttpResult => ({
  status: response.statusCode,
  headers: response.headers as Record<string, string>,
  buffer: response.buffer ?? Buffer.alloc(0),
  json: (response.json ?? {}) as HttpResult['json'],
});

/** POST /files as a logged-in user (multipart, field "file"). */
export async function uploadFile(url: string, session: Session, name: string, bytes: Buffer, options: { purpose?: string; csrf?: boolean } = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { cookie: session.cookie, ...(options.csrf === false ? {} : { 'x-csrf-token': session.csrf }) };
  const response = await pactum
    .spec()
    .post(`${url}/files${options.purpose ? `?purpose=${options.purpose}` : ''}`)
    .withHeaders(headers)
    .withMultiPartFormData('file', bytes, { filename: name, contentType: 'application/octet-stream' })
    .toss();
  return asResult(response as never);
}

/** GET a path as a logged-in user (or anonymously without a session). */
export async function download(url: string, session: Session | undefined, pathAndQuery: string): Promise<HttpResult> {
  const response = await pactum.spec().get(`${url}${pathAndQuery}`).withHeaders(session ? { cookie: session.cookie } : {}).toss();
  return asResult(response as never);
}

/** A stream that yields the bytes (for code that takes a stream). */
export const streamOf = (bytes: Buffer) => {
  const stream = new PassThrough();
  stream.end(bytes);
  return stream;
};

/** An 18-character ID number with a correct check character. */
export const idNumber = (region: string, birth: string, sequence: number) => {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};

/** The same number with its check character changed (a typing error the check catches). */
export const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
