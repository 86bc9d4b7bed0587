import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

export const createLogger = (level: string): Logger => pino({ level, base: { service: 'gz-skills' } });

const REQUEST_ID = /^[\w-]{8,64}$/;

/** A request id on every request (from a trusted proxy's X-Request-Id or new) and one JSON log line per response. */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info({
        reqId: req.requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        userId: req.user?.id,
        ip: req.ip,
      }, 'request');
    });
    next();
  };
}
