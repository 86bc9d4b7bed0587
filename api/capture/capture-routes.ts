// REST for devices (issue 13 §2, the mobile page of §3): POST /captures takes one capture as
// multipart/form-data (the fields of captureUploadSchema, and the photo as the part `photo`), the
// way a phone's outbox retries it; GET /captures/:id/photo opens a photo, recording the view first.
// Both behind the session and CSRF check like every other endpoint (mounted in api/http/app.ts).
import busboy from 'busboy';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { pipeline } from 'node:stream/promises';
import { CaptureRefusedError } from '../../domain/capture/capture';
import { captureStreams } from '../../domain/capture/capture';
import { dataScope } from '../../projections/organization/data-scope';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { withRecords } from '../records';
import { sendError, sendKnownError } from '../storage/http-errors';

const NUMBER_FIELDS = new Set(['latitude', 'longitude', 'accuracyMeters']);
const TEXT_FIELDS = new Set(['deviceCaptureId', 'deviceId', 'classId', 'sessionId', 'kind', 'personKind', 'personId', 'deviceTime', 'commandId']);

/** Captures per user and minute (CAPTURE_RATE_LIMIT, default 600: a 40-trainee class checks in within minutes, with retries). */
const captureRateLimit = (env: NodeJS.ProcessEnv) => {
  const n = Number(env.CAPTURE_RATE_LIMIT ?? 600);
  return Number.isInteger(n) && n > 0 ? n : 600;
};

/** Reads the form: text fields (numbers converted) and the photo, within the size limit (one part over it fails the upload). */
function readCaptureForm(req: Request, maxPhotoBytes: number): Promise<{ fields: Record<string, unknown>; photo: Buffer | undefined; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxPhotoBytes + 1, fields: 20, fieldSize: 1024, parts: 21 } });
    } catch {
      return reject(new Error('bad form'));
    }
    const fields: Record<string, unknown> = {};
    let photo: Buffer | undefined;
    let tooLarge = false;
    const reading: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      if (NUMBER_FIELDS.has(name)) fields[name] = value === '' ? null : Number(value);
      else if (TEXT_FIELDS.has(name)) fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      if (name !== 'photo' || photo) return void stream.resume();
      const chunks: Buffer[] = [];
      reading.push(
        new Promise((done) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('limit', () => (tooLarge = true));
          stream.on('end', () => {
            photo = Buffer.concat(chunks);
            done();
          });
        }),
      );
    });
    parser.once('close', () => void Promise.all(reading).then(() => resolve({ fields, photo, tooLarge })));
    parser.once('error', () => reject(new Error('bad form')));
    req.pipe(parser);
  });
}

function upload(platform: Platform) {
  const services = platform.commands.capture;
  return async (req: Request, res: Response, next: NextFunction) => {
    const user = req.user!;
    if (!user.permissions.has('capture:record')) return sendError(res, 'FORBIDDEN', '您没有“上传考勤抓拍”权限');
    if (!req.is('multipart/form-data')) return sendError(res, 'BAD_USER_INPUT', '请以 multipart/form-data 上传，照片字段名为 photo');
    let form;
    try {
      form = await readCaptureForm(req, services.limits.maxPhotoBytes);
    } catch {
      return sendError(res, 'BAD_USER_INPUT', '上传请求格式错误或不完整');
    }
    if (!form.photo) return sendError(res, 'BAD_USER_INPUT', '请求中没有照片（字段名应为 photo）');
    // Over the limit: refused like any oversized photo (and recorded), with what arrived up to the limit.
    const photo = form.tooLarge ? Buffer.alloc(services.limits.maxPhotoBytes + 1) : form.photo;
    const request = requestContextFor(req, typeof form.fields.commandId === 'string' ? form.fields.commandId : undefined);
    try {
      // A teacher's account captures only in the classes it teaches (another class looks missing).
      const taughtBy = user.dataScope === 'taught_classes' ? (user.teacherId ?? '') : null;
      const result = await services.captures.accept(form.fields, photo, request, { taughtBy });
      const id = captureStreams.idOf(result.streamId)!;
      const capture = result.state.status === 'accepted' ? result.state.capture : undefined;
      res.status(result.events.length && !result.repeated ? 201 : 200).json({
        data: {
          captureId: id,
          streamId: result.streamId,
          status: 'accepted',
          // True when this capture had been received before: nothing new was recorded.
          repeated: result.repeated || result.events.length === 0,
          position: result.position?.toString() ?? null,
          serverTime: capture?.serverTime ?? null,
          timing: capture?.timing ?? null,
          distanceMeters: capture?.distanceMeters ?? null,
        },
      });
    } catch (error) {
      if (error instanceof CaptureRefusedError) return sendError(res, 'CAPTURE_REFUSED', error.message, { reason: error.reason });
      if (!sendKnownError(res, error)) next(error);
    }
  };
}

function photo(platform: Platform) {
  return async (req: Request, res: Response) => {
    const user = req.user!;
    if (!user.permissions.has('capture:photo')) return sendError(res, 'FORBIDDEN', '您没有“查看抓拍照片”权限');
    const id = String(req.params.id);
    const streamId = captureStreams.streamId(id);
    const scope = withRecords(platform.knex, dataScope(platform.knex, user), platform.modules);
    // The same answer for "no such capture" and "not yours".
    if (!/^[0-9a-f-]{36}$/.test(id) || !(await scope.findRecord(streamId))) return sendError(res, 'NOT_FOUND', '抓拍记录不存在或您无权查看');
    const reason = typeof req.query.reason === 'string' ? req.query.reason : '';
    const signalId = typeof req.query.signalId === 'string' && /^[0-9a-f-]{36}$/.test(req.query.signalId) ? req.query.signalId : null;
    try {
      const opened = await platform.commands.capture.captures.openPhoto(streamId, { reason, signalId }, requestContextFor(req));
      res.setHeader('Content-Type', opened.contentType);
      res.setHeader('Content-Length', String(opened.size));
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Photo-SM3', opened.sm3);
      await pipeline(opened.content, res);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (!sendKnownError(res, error)) throw error;
    }
  };
}

export function captureRoutes(platform: Platform, env: NodeJS.ProcessEnv = process.env): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: captureRateLimit(env),
    // Per user: a classroom's phones share one address behind the school's NAT.
    keyGenerator: (req) => req.user?.id ?? 'anonymous',
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    message: { errors: [{ message: '抓拍上传过于频繁，请稍后再试', extensions: { code: 'TOO_MANY_REQUESTS' } }] },
  });
  router.post('/', limiter, (req, res, next) => void upload(platform)(req, res, next).catch(next));
  router.get('/:id/photo', (req, res, next) => {
    photo(platform)(req, res).catch((error: unknown) => (res.headersSent ? res.destroy() : next(error)));
  });
  return router;
}
