import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { LedgerError } from '../../commands/ledger/ledger';
import { authRoutes } from '../auth/auth-routes';
import { authenticate, requireUser } from '../auth/authenticate';
import type { Config } from '../config';
import { createContext, type GraphQLContext } from '../graphql/context';
import { ERROR_CODES, formatError } from '../graphql/errors';
import { textInputGuard } from '../graphql/input-guard';
import { queryLimits } from '../graphql/limits';
import { restrictedSessionPlugin } from '../graphql/restrictions';
import { timelineExportHandler } from '../audit/timeline-export';
import { captureRoutes } from '../capture/capture-routes';
import { PUBLIC_NOTICE_PATH, publicNoticeHandler } from '../subsidy-application/public-notices';
import { PERSONAL_PUBLIC_NOTICE_PATH, personalPublicNoticeHandler } from '../personal-subsidy/public-notices';
import { timelineWorkbookHandler } from '../audit/timeline-workbook';
import { exportHandler } from '../export/export-route';
import { paymentFileRoutes } from '../payment-batch/payment-file-routes';
import { templateHandler } from '../import/template-route';
import { fileRoutes } from '../storage/file-routes';
import { diplomaPhotoRoutes } from '../diploma-photo/diploma-photo-routes';
import { buildSchema } from '../graphql/schema';
import { healthHandler, metricsHandler } from '../health/health';
import type { Platform } from '../platform';
import { requestLogging } from './logging';
import { readAfterExtension, readAfterWrite } from './read-after';
import { urlTextGuard } from './url-guard';
import { sendError } from '../storage/http-errors';

const BODY_LIMIT = '1mb';

const isLoopback = (ip: string | undefined) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

export async function createApp(platform: Platform, config: Config, logger: Logger, options: { webRoot?: string; mobileRoot?: string; version?: string } = {}) {
  const app = express();
  app.disable('x-powered-by');
  // One hop: the client address is the one our own reverse proxy appended. Trusting every hop
  // (`true`) would let a client choose its address and slip past the per-address rate limits.
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.use(requestLogging(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Element Plus positions popovers with inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(cookieParser());
  app.use(urlTextGuard());

  // Endpoints open without a session are rate-limited per client address.
  const publicLimiter = rateLimit({ windowMs: 60_000, limit: 120, standardHeaders: 'draft-7', legacyHeaders: false, message: { errors: [{ message: '请求过于频繁，请稍后再试', extensions: { code: 'TOO_MANY_REQUESTS' } }] } });
  // Operators (the metrics token, or loopback without one) see who holds the fence and projection
  // errors; anyone else gets the health verdict alone, nothing about the database's sessions.
  const isOperator = (req: express.Request) => {
    const token = process.env.METRICS_TOKEN;
    return token ? req.get('authorization') === `Bearer ${token}` : isLoopback(req.socket.remoteAddress);
  };
  app.get('/healthz', publicLimiter, healthHandler(platform, { detailed: isOperator }));
  const metrics = metricsHandler(platform);
  app.get('/metrics', (req, res, next) => {
    if (!isOperator(req)) return void res.status(403).type('text/plain').send('forbidden');
    metrics(req, res).catch(next);
  });

  // The ledger's signing public key is not secret: auditors fetch it to check kept digests offline.
  // `?keyId=` serves any key that ever signed (after a rotation, older digests and exports still verify).
  app.get('/ledger/public-key', publicLimiter, (req, res, next) => {
    const keyId = typeof req.query.keyId === 'string' && /^[\w.:-]{1,200}$/.test(req.query.keyId) ? req.query.keyId : undefined;
    (keyId ? Promise.resolve({ keyId }) : platform.ledger.latestDigest())
      .then((d) => (d ? platform.ledger.recordedPublicKey(d.keyId) : undefined))
      .then((key) => (key ? res.type('application/x-pem-file').send(key.publicKeyPem) : res.status(404).type('text/plain; charset=utf-8').send('账本尚未签署摘要')))
      .catch((error: unknown) => (error instanceof LedgerError ? res.status(404).type('text/plain; charset=utf-8').send('账本尚未签署摘要') : next(error)));
  });

  // 补贴公示 (masked names and ID numbers), read-only and open: the public side of the notice period.
  app.get(PUBLIC_NOTICE_PATH, publicLimiter, publicNoticeHandler(platform));
  app.get(PERSONAL_PUBLIC_NOTICE_PATH, publicLimiter, personalPublicNoticeHandler(platform));

  app.use(authenticate(platform));
  app.use('/auth', authRoutes(platform, config));

  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildSchema(options.version ?? 'dev'),
    // Reachable only behind requireUser: introspection is for logged-in users only.
    introspection: true,
    csrfPrevention: true,
    plugins: [ApolloServerPluginLandingPageDisabled(), restrictedSessionPlugin, textInputGuard, readAfterExtension, ...queryLimits.plugins],
    validationRules: queryLimits.validationRules,
    parseOptions: queryLimits.parseOptions,
    // Apollo adds stack traces (server file paths) to error responses unless NODE_ENV is production
    // or test, so a plain `npm start` sent them to every client. Never: the request id and the log
    // line carry what an operator needs.
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, (internal) => logger.error({ err: internal }, 'unexpected GraphQL error')),
  });
  await apollo.start();
  app.use(
    '/graphql',
    rateLimit({ windowMs: 60_000, limit: 1200, standardHeaders: 'draft-7', legacyHeaders: false, message: { errors: [{ message: '请求过于频繁，请稍后再试', extensions: { code: 'TOO_MANY_REQUESTS' } }] } }),
    requireUser,
    // Read-your-writes: wait, bounded, until the projections have the client's own write.
    readAfterWrite(platform, config.readAfterWriteTimeoutMs),
    expressMiddleware(apollo, { context: async ({ req, res }) => createContext(platform, config, req, res) }),
  );

  app.get('/audit/timeline-export', requireUser, (req, res, next) => {
    timelineExportHandler(platform)(req, res).catch(next);
  });
  // The same timeline as a workbook to read (not to verify): api/audit/timeline-workbook.ts.
  app.get('/audit/timeline-export.xlsx', requireUser, (req, res, next) => {
    timelineWorkbookHandler(platform, config)(req, res).catch((error: unknown) => (res.headersSent ? res.destroy() : next(error)));
  });

  // A payment batch's bank files, too large for /graphql's 1 MB body (api/payment-batch/payment-file-routes.ts).
  app.use('/payment-batches', requireUser, paymentFileRoutes(platform));
  // Files (uploads for import, licence documents), import templates and list exports.
  const fileRateLimit = rateLimit({ windowMs: 60_000, limit: 120, standardHeaders: 'draft-7', legacyHeaders: false, message: { errors: [{ message: '请求过于频繁，请稍后再试', extensions: { code: 'TOO_MANY_REQUESTS' } }] } });
  app.use('/files', fileRateLimit, requireUser, fileRoutes(platform));
  // Attendance captures from devices, and the audited photo view (issue 13: api/capture/capture-routes.ts).
  app.use('/captures', requireUser, captureRoutes(platform));
  // Diploma photos: a zip of photos in, the approved photos out as a zip (issue 15 §5: api/diploma-photo/diploma-photo-routes.ts).
  app.use('/diploma-photos', fileRateLimit, requireUser, diplomaPhotoRoutes(platform));
  app.get('/import/templates/:file', requireUser, (req, res, next) => {
    templateHandler(platform)(req, res).catch((error: unknown) => (res.headersSent ? res.destroy() : next(error)));
  });
  app.get('/export/:file', fileRateLimit, requireUser, (req, res, next) => {
    exportHandler(platform)(req, res).catch((error: unknown) => (res.headersSent ? res.destroy() : next(error)));
  });

  const webRoot = options.webRoot;
  // The GraphQL explorer for supervisors: a self-hosted GraphiQL page (no CDN), for logged-in users
  // holding the permission; introspection itself is only reachable with a session (see /graphql).
  app.get('/explorer', (req, res) => {
    if (!req.user) return void res.redirect(`/login?redirect=${encodeURIComponent('/explorer')}`);
    if (!req.user.permissions.has('explorer:use')) return void res.status(403).type('text/plain; charset=utf-8').send('您没有“使用 GraphQL 查询工具”权限');
    const page = webRoot && path.join(webRoot, 'explorer.html');
    if (!page || !existsSync(page)) return void res.status(404).type('text/plain; charset=utf-8').send('查询工具尚未构建（npm run build:web）');
    res.sendFile(page);
  });

  // The mobile capture app (web-mobile/dist, issue 13 §3) at /m/: its files, and its page for its own routes.
  const mobileRoot = options.mobileRoot;
  if (mobileRoot && existsSync(path.join(mobileRoot, 'index.html'))) {
    app.get(/^\/m$/, (_req, res) => res.redirect('/m/'));
    app.use('/m', express.static(mobileRoot, { index: false, maxAge: '1h' }));
    app.get(/^\/m\/.*/, (_req, res) => res.sendFile(path.join(mobileRoot, 'index.html')));
  }

  if (webRoot && existsSync(path.join(webRoot, 'index.html'))) {
    // The explorer page is served only through /explorer, behind its permission.
    app.get('/explorer.html', (_req, res) => res.redirect('/explorer'));
    app.use(express.static(webRoot, { index: false, maxAge: '1h' }));
    // Every other path is a console route, except the server's own (matched as whole path segments).
    app.get(/^\/(?!(?:graphql|auth|audit|explorer|healthz|metrics|files|diploma-photos|export|import\/templates|ledger|public)(?:\/|$)).*/, (_req, res) => res.sendFile(path.join(webRoot, 'index.html')));
  }

  // A client's mistake the body parser or router found (malformed JSON, a body too large, an unknown
  // charset, a broken %-escape in a path) gets a clear 4xx, never a stack trace; anything else is ours.
  app.use((error: Error & { type?: string; status?: number }, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return void res.destroy();
    if (error.type === 'entity.parse.failed') return sendError(res, 'BAD_REQUEST', '请求格式错误：不是合法的 JSON');
    if (error.type === 'entity.too.large') return sendError(res, 'PAYLOAD_TOO_LARGE', `请求内容过大（上限 ${BODY_LIMIT}）`);
    if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported') return sendError(res, 'UNSUPPORTED_MEDIA_TYPE', '不支持请求使用的字符集或压缩编码（请用 UTF-8，不压缩）');
    if (error.type === 'request.aborted' || error.type === 'request.size.invalid') return sendError(res, 'BAD_REQUEST', '请求未完整发送');
    if (error.status !== undefined && error.status >= 400 && error.status < 500) {
      logger.warn({ err: { message: error.message, type: error.type }, reqId: req.requestId }, 'client error');
      return void res.status(error.status).json({ errors: [{ message: `${ERROR_CODES.BAD_REQUEST}（HTTP ${error.status}）`, extensions: { code: 'BAD_REQUEST' } }] });
    }
    logger.error({ err: error, reqId: req.requestId }, 'unhandled error');
    res.status(500).json({ errors: [{ message: '系统内部错误，请稍后重试', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  return { app, stop: () => apollo.stop() };
}
