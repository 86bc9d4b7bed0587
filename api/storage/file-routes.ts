// POST /files (multipart, one part named "file") and GET /files/:id. Uploads stream through busboy
// straight into the blob store (hashed on the way, never buffered whole), within a size limit; the
// kind is checked by its first bytes. Files carry personal data: both routes sit behind the session
// and CSRF check, a download is allowed to the uploader or to a user whose data scope and
// permissions cover the file's purpose, and each download is recorded.
import busboy from 'busboy';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Permission } from '../../domain/identity/roles';
import type { FileKind } from '../../commands/storage/file-kind';
import type { FilePurpose } from '../../commands/storage/file-record';
import type { StoredFile } from '../../commands/storage/files';
import { attachmentReaches } from '../../projections/notice/notice-queries';
import { dataScope } from '../../projections/organization/data-scope';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { attachment, sendError, sendKnownError } from './http-errors';

interface PurposeRule {
  kinds: readonly FileKind[];
  /** Any one of these lets a user upload for the purpose. */
  upload: readonly Permission[];
  /** Besides the uploader, users in whose scope the file lies and who hold one of these may download it. */
  read: readonly Permission[];
}

export const PURPOSES: Record<Exclude<FilePurpose, 'import-report'>, PurposeRule> & { 'import-report': Omit<PurposeRule, 'upload'> } = {
  // student:exchange: the national system's student list, uploaded for reconciliation (issue 15 §7).
  import: { kinds: ['xlsx'], upload: ['import:run', 'student:exchange'], read: ['import:run', 'student:exchange'] },
  'import-report': { kinds: ['xlsx'], read: ['import:run'] },
  document: { kinds: ['pdf', 'jpg', 'png'], upload: ['institution:register', 'institution:edit', 'teacher:declare', 'review:submit', 'review:decide'], read: ['institution:read', 'teacher:read', 'review:read', 'review:decide'] },
  // A notice's attachments: also readable by every recipient of the published notice (mayRead).
  notice: { kinds: ['pdf', 'jpg', 'png', 'xlsx'], upload: ['notice:publish'], read: ['notice:publish'] },
  // A reference photo (issue 13): uploaded by whoever keeps trainees or teachers, enrolled by
  // enrolTraineeReferenceFace / enrolTeacherReferenceFace; each download is recorded like any file's.
  'reference-face': { kinds: ['jpg', 'png'], upload: ['trainee:enter', 'teacher:declare'], read: ['trainee:read', 'teacher:read'] },
  // A graduate's diploma photo (issue 15 §5): uploaded by the school, viewed by it and its reviewing authorities.
  'diploma-photo': { kinds: ['jpg', 'png'], upload: ['student:register'], read: ['student:read'] },
};

/** Upload size limit: UPLOAD_MAX_MB (default 50 MB; a 100,000-row import file is about 5 MB). */
export const uploadLimitBytes = (env: NodeJS.ProcessEnv = process.env) => {
  const mb = Number(env.UPLOAD_MAX_MB ?? 50);
  return (Number.isFinite(mb) && mb > 0 ? mb : 50) * 1024 * 1024;
};

/** Whether the session's user may download the file. */
export async function mayRead(platform: Platform, user: NonNullable<Request['user']>, file: StoredFile): Promise<boolean> {
  if (file.storedBy === user.id) return true;
  if (file.purpose === 'notice' && (await attachmentReaches(platform.knex, file.fileId, user.orgId))) return true;
  const rule = PURPOSES[file.purpose];
  if (!rule.read.some((p) => user.permissions.has(p))) return false;
  return dataScope(platform.knex, user).includes(file.orgId, file.storedBy);
}

function upload(platform: Platform, maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.user!;
    const purpose = (typeof req.query.purpose === 'string' ? req.query.purpose : 'import') as FilePurpose;
    if (purpose === 'import-report' || !(purpose in PURPOSES)) return sendError(res, 'BAD_USER_INPUT', `不支持的文件用途：${purpose}`);
    const rule = PURPOSES[purpose] as PurposeRule;
    if (!rule.upload.some((p) => user.permissions.has(p))) return sendError(res, 'FORBIDDEN', '您没有上传此类文件的权限');
    if (!req.is('multipart/form-data')) return sendError(res, 'BAD_USER_INPUT', '请以 multipart/form-data 上传，文件字段名为 file');

    let parser: busboy.Busboy;
    try {
      // utf8 file names: busboy's default (latin1) garbles Chinese names.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes + 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 50 } });
    } catch {
      return sendError(res, 'BAD_USER_INPUT', '上传请求格式错误');
    }
    let handled: Promise<StoredFile> | undefined;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || handled) return void stream.resume();
      handled = platform.files.store(stream, { name: info.filename ?? '', purpose, kinds: rule.kinds, maxBytes }, requestContextFor(req));
      // Settled in 'close'; keep an early rejection from going unhandled meanwhile.
      handled.catch(() => undefined);
    });
    let answered = false;
    const finish = async () => {
      if (answered) return;
      answered = true;
      if (!handled) return sendError(res, 'BAD_USER_INPUT', '请求中没有文件（字段名应为 file）');
      try {
        const stored = await handled;
        res.status(201).json({ fileId: stored.fileId, name: stored.name, size: stored.size, sha256: stored.sha256, contentType: stored.contentType });
      } catch (error) {
        if (!sendKnownError(res, error)) next(error);
      }
    };
    parser.once('close', () => void finish());
    parser.once('error', () => {
      req.unpipe(parser);
      // A part that stopped half-way: the store sees the truncated stream fail, and answers with its reason.
      if (handled) return void finish();
      answered = true;
      sendError(res, 'BAD_USER_INPUT', '上传请求格式错误或不完整');
    });
    req.pipe(parser);
  };
}

function download(platform: Platform) {
  return async (req: Request, res: Response) => {
    const user = req.user!;
    const file = await platform.files.describe(String(req.params.id));
    // The same answer for "no such file" and "not yours": a file id reveals nothing.
    if (!file || !(await mayRead(platform, user, file))) return sendError(res, 'NOT_FOUND', '文件不存在或您无权查看');
    const content = await platform.files.download(file, requestContextFor(req));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', attachment(file.name));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('ETag', `"${file.sha256}"`);
    await pipeline(content, res);
  };
}

export function fileRoutes(platform: Platform, maxBytes = uploadLimitBytes()): Router {
  const router = Router();
  router.post('/', upload(platform, maxBytes));
  router.get('/:id', (req, res, next) => {
    download(platform)(req, res).catch((error: unknown) => (res.headersSent ? res.destroy() : next(error)));
  });
  return router;
}
