// 支付文件 over plain HTTP, mounted at /payment-batches behind the session and CSRF check, for batches
// too large for /graphql (its JSON body is capped at 1 MB, about 14,000 result lines; a
// 100,000-order payment file is ~15 MB):
//   GET  /payment-batches/:id/payment-file: the bank's payment file, its digest recorded on the batch
//     (PaymentFileIssued) before the first byte leaves, then written line by line as the client takes
//     it (never joined into one text).
//   POST /payment-batches/:id/results?commandId=…: the bank's result file as the request body
//     (text/csv or text/plain, UTF-8, up to UPLOAD_MAX_MB), checked as a whole and settled exactly as
//     importPaymentResults does (nothing recorded of a wrong file).
// Both need payment:manage and a batch in the caller's scope (out of scope it looks missing: 404).
import { Router, type Request, type Response } from 'express';
import { once } from 'node:events';
import { z } from 'zod';
import { PERMISSIONS, type Permission } from '../../domain/identity/roles';
import { parseInput } from '../../domain/shared/validation';
import { dataScope } from '../../projections/organization/data-scope';
import { commandOutcome } from '../graphql/context';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { withRecords } from '../records';
import { uploadLimitBytes } from '../storage/file-routes';
import { attachment, drained, fileEndpoint, sendError } from '../storage/http-errors';

/** Lines written to the response at once (a write per line would be 100,000 small writes). */
const LINES_PER_WRITE = 1_000;
const params = z.object({
  id: z.string({ error: '请指定支付批次' }).regex(/^[\w-]{1,64}$/, { error: '支付批次编号格式错误' }),
  commandId: z.uuid({ error: '命令编号应为 UUID' }).nullish(),
});

/** The permission, then the batch in the caller's scope (scope before any rule: out of scope looks missing). */
async function allowed(platform: Platform, req: Request, res: Response, permission: Permission) {
  const user = req.user!;
  if (!user.permissions.has(permission)) {
    await drained(req);
    sendError(res, 'FORBIDDEN', `您没有“${PERMISSIONS[permission].label}”权限`);
    return null;
  }
  const input = parseInput(params, { id: req.params.id, commandId: typeof req.query.commandId === 'string' ? req.query.commandId : null });
  await withRecords(platform.knex, dataScope(platform.knex, user), platform.modules).requireRecord(`payment-batch-${input.id}`);
  return input;
}

async function downloadPaymentFile(platform: Platform, req: Request, res: Response) {
  const input = await allowed(platform, req, res, 'payment:manage');
  if (!input) return;
  const file = await platform.commands.paymentBatches.issueFileLines(input.id, requestContextFor(req));
  res.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', attachment(file.fileName));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Payment-File-Sha256', file.sha256);
  for (let from = 0; from < file.lines.length; from += LINES_PER_WRITE) {
    if (res.destroyed) return;
    if (!res.write(file.lines.slice(from, from + LINES_PER_WRITE).join(''))) await once(res, 'drain');
  }
  res.end();
}

/** The body within `maxBytes`, or why not. */
async function readBody(req: Request, maxBytes: number): Promise<{ text: string } | { tooLarge: true }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      await drained(req);
      return { tooLarge: true };
    }
    parts.push(chunk);
  }
  return { text: Buffer.concat(parts, size).toString('utf8') };
}

async function importResults(platform: Platform, req: Request, res: Response) {
  const input = await allowed(platform, req, res, 'payment:manage');
  if (!input) return;
  if (req.is('multipart/form-data') || req.is('application/json')) {
    await drained(req);
    return sendError(res, 'UNSUPPORTED_MEDIA_TYPE', '请将银行结果文件本身作为请求内容上传（text/csv 或 text/plain）');
  }
  const maxBytes = uploadLimitBytes();
  const body = await readBody(req, maxBytes);
  if ('tooLarge' in body) return sendError(res, 'PAYLOAD_TOO_LARGE', `支付结果文件过大（上限 ${Math.round(maxBytes / 1024 / 1024)} MB）`);
  if (body.text.trim() === '') return sendError(res, 'BAD_USER_INPUT', '支付结果文件为空');
  const r = await platform.commands.paymentBatches.importResults(input.id, body.text, requestContextFor(req, input.commandId));
  const s = r.state;
  // What importPaymentResults answers (its position lets the console read its own write), and the batch's figures after the settlement.
  res.status(200).json({ ...commandOutcome(r, input.id), status: s.status, orders: s.orders.length, results: Object.keys(s.results).length });
}

export function paymentFileRoutes(platform: Platform): Router {
  const router = Router();
  router.get('/:id/payment-file', fileEndpoint(downloadPaymentFile, platform));
  router.post('/:id/results', fileEndpoint(importResults, platform));
  return router;
}
