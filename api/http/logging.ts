import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

export const createLogger = (level: string): Logger => pino({ level, base: { service: 'gz-skills' } });

const REQUEST_ID = /^[\w-]{8,64}$/;

/**
 * The path as the client sent it. `req.path` is relative to the router a handler is mounted on
 * (`/graphql` logs as `/`), so the log takes the original URL, without its query string: a query
 * can carry personal data (an export filter by ID number) and the log is not the place for it.
 */
const originalPath = (req: Request) => (req.originalUrl || req.url).split('?')[0]!.slice(0, 500);

/** A request id on every request (from a trusted proxy's X-Request-Id or new) and one JSON log line per response. */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const line = {
        reqId: req.requestId,
        method: req.method,
        path: originalPath(req),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        userId: req.user?.id,
        ip: req.ip,
      };
      // A client's mistake (4xx) is a warning about that client, not a fault of the server; only a
      // 5xx is an error an operator must look at.
      if (res.statusCode >= 500) logger.error(line, 'request');
      else if (res.statusCode >= 400) logger.warn(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

