// Errors of the file endpoints (upload, download, template, export) in the same JSON shape as
// /graphql's, so the console shows one kind of error whether it asked for data or for a file.
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { DomainError, ValidationError } from '../../domain/shared/errors';
import { ERROR_CODES, type ErrorCode } from '../graphql/errors';

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400, BAD_REQUEST: 400, FORBIDDEN: 403, NOT_FOUND: 404, RULE_VIOLATION: 409, UNAUTHENTICATED: 401,
  METHOD_NOT_ALLOWED: 405, PAYLOAD_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415, TOO_MANY_REQUESTS: 429,
  REFERENCE_PHOTO_REFUSED: 422, CAPTURE_REFUSED: 422, FACE_ENGINE_BUSY: 503,
};
const DOMAIN_CODES: Record<string, ErrorCode> = { VALIDATION_FAILED: 'BAD_USER_INPUT', RULE_VIOLATION: 'RULE_VIOLATION', NOT_FOUND: 'NOT_FOUND', FORBIDDEN: 'FORBIDDEN' };

export function sendError(res: Response, code: ErrorCode, message: string = ERROR_CODES[code], extensions: Record<string, unknown> = {}) {
  res.status(STATUS[code] ?? 500).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** Sends a known error as JSON and returns true; false for anything else (the caller's 500 handler logs it). */
export function sendKnownError(res: Response, error: unknown): boolean {
  if (error instanceof ValidationError) {
    sendError(res, 'BAD_USER_INPUT', error.fields.length === 1 ? error.fields[0]!.message : error.message, { fields: error.fields });
    return true;
  }
  if (error instanceof DomainError) {
    sendError(res, DOMAIN_CODES[error.code] ?? 'RULE_VIOLATION', error.message);
    return true;
  }
  if (error instanceof GraphQLError) {
    const code = error.extensions.code as ErrorCode | undefined;
    if (code && code in ERROR_CODES && code !== 'INTERNAL_SERVER_ERROR') {
      sendError(res, code, error.message);
      return true;
    }
  }
  return false;
}

/** `attachment; filename*=UTF-8''…`, with an ASCII fallback for old clients. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * An answer before the upload was read: the body is drained first, or the client, still sending,
 * sees the connection close instead of the answer.
 */
export const drained = (req: Request): Promise<void> =>
  req.readableEnded || req.destroyed
    ? Promise.resolve()
    : new Promise((resolve) => {
        req.once('end', resolve).once('close', resolve).once('error', resolve);
        req.resume();
      });

/**
 * An async file endpoint as an Express handler: a known error answers in the JSON shape (after the
 * upload is drained), anything else goes to the 500 handler; once the answer has started, the
 * connection is cut, so a half-sent file is never taken for a whole one.
 */
export const fileEndpoint =
  <Context>(handler: (context: Context, req: Request, res: Response) => Promise<void>, context: Context) =>
  (req: Request, res: Response, next: NextFunction) => {
    handler(context, req, res).catch(async (error: unknown) => {
      if (res.headersSent) return void res.destroy();
      await drained(req);
      if (!sendKnownError(res, error)) next(error);
    });
  };
