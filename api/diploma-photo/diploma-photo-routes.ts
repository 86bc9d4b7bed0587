// 毕业证照片 over plain HTTP (issue 15 §5), mounted at /diploma-photos behind the session and CSRF check:
//   POST /diploma-photos/zip?namedBy=ID_NUMBER|STUDENT_NUMBER&submit=true: a school's zip of photos,
//     one entry per student named by ID number or student number; each entry checked and recorded
//     on its own (diplomaPhotos.uploadBytes: nothing written for a refused entry), the answer
//     streamed as NDJSON, one line per entry as it is decided, so the console shows the progress.
//   GET /diploma-photos/export.zip?schoolId=…&namedBy=ID_NUMBER|DIPLOMA_NUMBER: a school's approved
//     photos as a zip streamed to the client (no cap, one photo open at a time), the export recorded
//     on the school's diploma record first (DiplomaPhotosExported: who, how named, which students).
//     Out of the caller's scope the school has nothing to export: 404, nothing recorded.
import busboy from 'busboy';
import { Router, type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { PHOTO_RULES, type DiplomaPhotoState } from '../../domain/diploma-photo/diploma-photo';
import { PERMISSIONS, type Permission } from '../../domain/identity/roles';
import { oneOf, parseInput } from '../../domain/shared/validation';
import { diplomaPhotoListQuery, type DiplomaPhotoRow } from '../../projections/diploma-photo/diploma-photos-table';
import { dataScope } from '../../projections/organization/data-scope';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { withRecords } from '../records';
import { attachment, drained, fileEndpoint, sendError } from '../storage/http-errors';
import { PHOTO_NAMED_BY, refusalMessage, repeatedStems, stemOf, studentNamed, type PhotoNamedBy } from './photo-batch';
import { openPhotoZip, type PhotoZip } from '../../commands/diploma-photo/photo-zip';

/** A zip of at most this many photos, and this many bytes (a 2-inch photo is 20-200 KB: 1,000 of them fit). */
export const PHOTO_ZIP_LIMITS = { maxEntries: 1000, maxBytes: 200 * 1024 * 1024 } as const;

const missing = async (req: Request, res: Response, permission: Permission) => {
  if (req.user!.permissions.has(permission)) return false;
  await drained(req);
  sendError(res, 'FORBIDDEN', `您没有“${PERMISSIONS[permission].label}”权限`);
  return true;
};

type ZipPart = { zip: Buffer } | { problem: string; code?: 'PAYLOAD_TOO_LARGE' };

/**
 * The one part named `file`, a .zip, into memory within the limit (yauzl reads a zip's directory
 * from its end). Not spooled to disk: the photos are personal data, and the blob store is the only
 * place they are written, encrypted. The entries are inflated one at a time (openPhotoZip).
 */
function readZipPart(req: Request, maxBytes: number): Promise<ZipPart> {
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes + 1, fields: 5, parts: 6 } });
    } catch {
      return resolve({ problem: '请以 multipart/form-data 上传，文件字段名为 file' });
    }
    let reading: Promise<ZipPart> | undefined;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || reading) return void stream.resume();
      if (!/\.zip$/i.test(info.filename ?? '')) {
        stream.resume();
        reading = Promise.resolve({ problem: '请上传 .zip 压缩包' });
        return;
      }
      reading = new Promise((done) => {
        const chunks: Buffer[] = [];
        let tooLarge = false;
        stream.on('data', (chunk: Buffer) => void (tooLarge || chunks.push(chunk)));
        stream.on('limit', () => (tooLarge = true));
        stream.on('end', () => done(tooLarge ? { problem: `压缩包超过 ${maxBytes / 1048576} MB，请分批上传`, code: 'PAYLOAD_TOO_LARGE' } : { zip: Buffer.concat(chunks) }));
      });
    });
    parser.once('close', () => void (reading ?? Promise.resolve({ problem: '请求中没有文件（字段名应为 file）' })).then(resolve));
    parser.once('error', () => resolve({ problem: '上传请求格式错误或不完整' }));
    req.pipe(parser);
  });
}

async function uploadZip(platform: Platform, req: Request, res: Response) {
  if (await missing(req, res, 'student:register')) return;
  const submit = req.query.submit === 'true';
  if (submit && (await missing(req, res, 'review:submit'))) return;
  const { namedBy } = parseInput(z.object({ namedBy: oneOf('命名方式', PHOTO_NAMED_BY as [PhotoNamedBy, ...PhotoNamedBy[]]) }), { namedBy: req.query.namedBy ?? 'ID_NUMBER' });
  if (!req.is('multipart/form-data')) return void (await drained(req), sendError(res, 'BAD_USER_INPUT', '请以 multipart/form-data 上传，文件字段名为 file'));
  const part = await readZipPart(req, PHOTO_ZIP_LIMITS.maxBytes);
  if ('problem' in part) return sendError(res, part.code ?? 'BAD_USER_INPUT', part.problem);
  const zip = await openPhotoZip(part.zip, { maxEntries: PHOTO_ZIP_LIMITS.maxEntries, maxEntryBytes: PHOTO_RULES.maxBytes });
  try {
    await recordEntries(platform, req, res, zip, namedBy, submit);
  } finally {
    zip.close();
  }
}

/** Each entry checked and recorded in turn, its outcome sent as one NDJSON line. */
async function recordEntries(platform: Platform, req: Request, res: Response, zip: PhotoZip, namedBy: PhotoNamedBy, submit: boolean) {
  const user = req.user!;
  const { entries } = zip;
  // From here the answer is a stream of lines; each entry's outcome is final when its line is sent.
  res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  const send = (line: object) => res.write(`${JSON.stringify(line)}\n`);
  send({ total: entries.length });
  const scope = withRecords(platform.knex, dataScope(platform.knex, user), platform.modules);
  const stems = entries.map((e) => stemOf(e.name));
  const repeated = repeatedStems(stems);
  let accepted = 0;
  for (const [index, entry] of entries.entries()) {
    // The client went away: what was decided stands, the rest is not taken.
    if (res.destroyed) return;
    const outcome = await (async () => {
      if (entry.problem) return { studentId: null, studentName: null, ok: false, message: entry.problem };
      const named = await studentNamed(platform, scope, user.orgId, stems[index]!, namedBy);
      if ('problem' in named) return { studentId: null, studentName: null, ok: false, message: named.problem };
      if (repeated.has(stems[index]!)) return { studentId: named.studentId, studentName: null, ok: false, message: '压缩包中同一名学生有多张照片，每名学生只能上传一张' };
      const read = await zip.read(index);
      if ('problem' in read) return { studentId: named.studentId, studentName: null, ok: false, message: read.problem };
      try {
        const done = await platform.commands.diplomaPhotos.uploadBytes(named.studentId, entry.name, read.bytes, requestContextFor(req), { submit });
        return { studentId: named.studentId, studentName: done.studentName, ok: true, message: done.written ? null : '与已上传的照片相同，未重复记录' };
      } catch (error) {
        return { studentId: named.studentId, studentName: null, ok: false, message: refusalMessage(error) };
      }
    })();
    if (outcome.ok) accepted += 1;
    send({ index, name: entry.name, ...outcome });
  }
  send({ done: true, accepted, refused: entries.length - accepted });
  res.end();
}

type Named = 'idNumber' | 'diplomaNumber';
const EXPORT_NAMED_BY: Record<string, Named> = { ID_NUMBER: 'idNumber', DIPLOMA_NUMBER: 'diplomaNumber' };

async function exportZip(platform: Platform, req: Request, res: Response) {
  const user = req.user!;
  if (await missing(req, res, 'student:read')) return;
  const input = parseInput(
    z.object({ schoolId: z.string({ error: '请选择院校' }).regex(/^[\w-]{1,64}$/, '院校编号格式错误'), namedBy: oneOf('命名方式', ['ID_NUMBER', 'DIPLOMA_NUMBER']) }),
    { schoolId: req.query.schoolId, namedBy: req.query.namedBy ?? 'ID_NUMBER' },
  );
  const namedBy = EXPORT_NAMED_BY[input.namedBy]!;
  // Scoped like the list: another organisation's school has no photos to export.
  const { query } = await diplomaPhotoListQuery(platform.knex, dataScope(platform.knex, user), { schoolId: input.schoolId, approvedOnly: true });
  const rows = (await query.orderBy('diploma_photos.student_id')) as (DiplomaPhotoRow & { school_name?: string | null })[];
  if (rows.length === 0) return sendError(res, 'NOT_FOUND', '该院校没有已审核通过的毕业证照片');
  const names = await platform.commands.diplomaStocks.photoNames(input.schoolId, rows.map((r) => r.student_id), namedBy);
  if (names.length === 0) return sendError(res, 'NOT_FOUND', '已审核照片的学生尚无毕业证编号，请改按身份证号码导出');
  const photoOf = new Map(rows.map((r) => [r.student_id, (r.state as Extract<DiplomaPhotoState, { status: 'kept' }>).approved!]));
  // Recorded before the first byte leaves (file names by ID number are personal data).
  await platform.commands.diplomaStocks.recordPhotoExport(input.schoolId, namedBy, names.map((n) => n.studentId), requestContextFor(req));
  const school = rows[0]!.school_name ?? input.schoolId.slice(0, 8);
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Disposition', attachment(`毕业证照片-${school}-${namedBy === 'idNumber' ? '按身份证号' : '按毕业证编号'}.zip`));
  res.setHeader('Cache-Control', 'private, no-store');
  // How many were left out for want of a diploma number (the console says so).
  res.setHeader('X-Photos-Count', String(names.length));
  res.setHeader('X-Photos-Skipped', String(rows.length - names.length));
  await pipeline(platform.commands.diplomaPhotos.zipStream(names.map((n) => ({ name: n.name, photo: photoOf.get(n.studentId)! }))), res);
}

export function diplomaPhotoRoutes(platform: Platform): Router {
  const router = Router();
  router.post('/zip', fileEndpoint(uploadZip, platform));
  router.get('/export.zip', fileEndpoint(exportZip, platform));
  return router;
}
