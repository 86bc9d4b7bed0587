// An HTTP stand-in for the Meilisearch endpoints the adapter uses, for tests on machines where no
// Meilisearch binary can be installed. Every request it handles and every response it sends is
// checked against Meilisearch's OpenAPI description (openapi-validator.ts); a mismatch is answered
// with an error AND recorded in `violations`, which the tests require to stay empty.
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { OpenApiValidator, type Operation } from './openapi-validator';
import { SettingsNotModelledError, StandinIndex, applySettings, type Document } from './standin-index';
import { SearchFailure, search } from './standin-search';
import { TaskFailure, TaskQueue, taskError } from './task-queue';

interface Reply {
  status: number;
  body?: unknown;
}

type Handler = (operation: Operation, request: Request) => Reply;

export interface MeilisearchStandin {
  url: string;
  /** Requests or responses that did not match the OpenAPI description. */
  violations: string[];
  /** Every operation served, e.g. `PATCH /indexes/{indexUid}/settings`, with its body. */
  requests: { operation: string; body: unknown }[];
  /** Leaves new tasks enqueued (a busy server) until the returned function is called. */
  holdTasks(): () => void;
  close(): Promise<void>;
}

const DOCUMENT_ID = /^[A-Za-z0-9_-]+$/;
const INDEX_UID = /^[A-Za-z0-9_-]{1,400}$/;

const failure = (status: number, code: string, message: string): Reply => ({ status, body: taskError(code, message) });

function documentId(document: Document, primaryKey: string): string {
  const value = document[primaryKey];
  if (value === undefined || value === null) throw new TaskFailure('missing_document_id', `Document doesn't have a \`${primaryKey}\` attribute: \`${JSON.stringify(document)}\`.`);
  const id = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof id !== 'string' || !DOCUMENT_ID.test(id) || Buffer.byteLength(id) > 511) {
    throw new TaskFailure(
      'invalid_document_id',
      `Document identifier \`${JSON.stringify(value)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.`,
    );
  }
  return id;
}

/** Meilisearch infers the primary key from the single attribute whose name contains "id". */
function inferPrimaryKey(documents: Document[]): string {
  const candidates = [...new Set(documents.flatMap((d) => Object.keys(d)).filter((k) => k.toLowerCase().includes('id')))];
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new TaskFailure('index_primary_key_no_candidate_found', 'The primary key inference failed as the engine did not find any field ending with `id` in its name.');
  throw new TaskFailure('index_primary_key_multiple_candidates_found', `The primary key inference failed as the engine found ${candidates.length} fields ending with \`id\`.`);
}

export async function startMeilisearchStandin(): Promise<MeilisearchStandin> {
  const validator = new OpenApiValidator();
  const queue = new TaskQueue();
  const indexes = new Map<string, StandinIndex>();
  const violations: string[] = [];
  const requests: MeilisearchStandin['requests'] = [];

  const indexOrCreate = (uid: string, primaryKey: string | null) => {
    let index = indexes.get(uid);
    if (!index) {
      index = new StandinIndex(uid, primaryKey);
      indexes.set(uid, index);
    }
    return index;
  };
  const existing = (uid: string) => {
    const index = indexes.get(uid);
    if (!index) throw new TaskFailure('index_not_found', `Index \`${uid}\` not found.`);
    return index;
  };
  const notFound = (uid: string) => failure(404, 'index_not_found', `Index \`${uid}\` not found.`);
  const enqueued = (task: unknown): Reply => ({ status: 202, body: task });

  const handlers: Record<string, Handler> = {
    'POST /indexes': (_op, req) => {
      const { uid, primaryKey = null } = req.body as { uid: string; primaryKey?: string | null };
      if (!INDEX_UID.test(uid)) return failure(400, 'invalid_index_uid', `\`${uid}\` is not a valid index uid.`);
      return enqueued(
        queue.enqueue(uid, 'indexCreation', { primaryKey }, () => {
          if (indexes.has(uid)) throw new TaskFailure('index_already_exists', `Index \`${uid}\` already exists.`);
          indexOrCreate(uid, primaryKey);
          return { primaryKey };
        }),
      );
    },

    'GET /indexes/{indexUid}': (op) => {
      const index = indexes.get(op.pathParams.indexUid!);
      return index ? { status: 200, body: index.view() } : notFound(op.pathParams.indexUid!);
    },

    'GET /indexes/{indexUid}/settings': (op) => {
      const index = indexes.get(op.pathParams.indexUid!);
      return index ? { status: 200, body: index.settings } : notFound(op.pathParams.indexUid!);
    },

    'PATCH /indexes/{indexUid}/settings': (op, req) => {
      const uid = op.pathParams.indexUid!;
      const patch = req.body as Record<string, unknown>;
      return enqueued(
        queue.enqueue(uid, 'settingsUpdate', patch, () => {
          const index = indexOrCreate(uid, null);
          try {
            index.settings = applySettings(index.settings, patch);
          } catch (error) {
            if (error instanceof SettingsNotModelledError) throw new TaskFailure('internal', error.message);
            throw error;
          }
          index.updatedAt = new Date();
          return patch;
        }),
      );
    },

    'POST /indexes/{indexUid}/documents': (op, req) => {
      const uid = op.pathParams.indexUid!;
      const documents = req.body as Document[];
      const requestedKey = typeof req.query.primaryKey === 'string' ? req.query.primaryKey : null;
      if (!Array.isArray(documents)) return failure(400, 'malformed_payload', 'The payload must be an array of documents.');
      return enqueued(
        queue.enqueue(uid, 'documentAdditionOrUpdate', { receivedDocuments: documents.length, indexedDocuments: 0 }, () => {
          const index = indexes.get(uid);
          if (index?.primaryKey && requestedKey && index.primaryKey !== requestedKey) {
            throw new TaskFailure('index_primary_key_already_exists', `Index \`${uid}\` already has a primary key: \`${index.primaryKey}\`.`);
          }
          const primaryKey = index?.primaryKey ?? requestedKey ?? inferPrimaryKey(documents);
          // The whole payload is refused when one document is invalid, as Meilisearch does.
          const ids = documents.map((d) => documentId(d, primaryKey));
          const target = indexOrCreate(uid, primaryKey);
          target.primaryKey = primaryKey;
          documents.forEach((d, i) => target.put(ids[i]!, d));
          return { receivedDocuments: documents.length, indexedDocuments: documents.length };
        }),
      );
    },

    'POST /indexes/{indexUid}/documents/delete-batch': (op, req) => {
      const uid = op.pathParams.indexUid!;
      const ids = (req.body as unknown[]).map(String);
      return enqueued(
        queue.enqueue(uid, 'documentDeletion', { providedIds: ids.length, deletedDocuments: null }, () => {
          const index = existing(uid);
          const deletedDocuments = ids.filter((id) => index.remove(id)).length;
          return { providedIds: ids.length, deletedDocuments };
        }),
      );
    },

    'GET /tasks/{taskUid}': (op) => {
      const view = /^\d+$/.test(op.pathParams.taskUid!) ? queue.view(Number(op.pathParams.taskUid)) : undefined;
      return view ? { status: 200, body: view } : failure(404, 'task_not_found', `Task \`${op.pathParams.taskUid}\` not found.`);
    },

    'POST /indexes/{indexUid}/search': (op, req) => {
      const index = indexes.get(op.pathParams.indexUid!);
      if (!index) return notFound(op.pathParams.indexUid!);
      try {
        return { status: 200, body: search(index, req.body as Record<string, unknown>) };
      } catch (error) {
        if (error instanceof SearchFailure) return failure(error.status, error.code, error.message);
        throw error;
      }
    },
  };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(express.json({ limit: '100mb' }));
  app.use((req: Request, res: Response) => {
    const send = ({ status, body }: Reply) => (body === undefined ? res.status(status).end() : res.status(status).json(body));
    const operation = validator.match(req.method, req.path);
    if (!operation) {
      violations.push(`${req.method} ${req.path}: no such operation in the description`);
      return send(failure(404, 'bad_request', `${req.method} ${req.path} is not a documented Meilisearch operation`));
    }
    const hasBody = req.body !== undefined && Number(req.headers['content-length'] ?? 0) > 0;
    requests.push({ operation: operation.key, body: req.body });
    const requestErrors = validator.validateRequest(operation, { query: req.query as Record<string, unknown>, body: req.body, hasBody, contentType: req.headers['content-type'] });
    if (requestErrors.length > 0) {
      violations.push(`${operation.key} request: ${requestErrors.join('; ')}`);
      return send(failure(400, 'bad_request', `request does not match the OpenAPI description: ${requestErrors.join('; ')}`));
    }
    const handler = handlers[operation.key];
    if (!handler) {
      violations.push(`${operation.key}: documented, but not implemented by the stand-in`);
      return send(failure(501, 'internal', `${operation.key} is not implemented by the stand-in`));
    }
    const reply = handler(operation, req);
    const responseErrors = validator.validateResponse(operation, reply.status, reply.body);
    if (responseErrors.length > 0) {
      violations.push(`${operation.key} response ${reply.status}: ${responseErrors.join('; ')}`);
      return send(failure(500, 'internal', `stand-in response does not match the OpenAPI description: ${responseErrors.join('; ')}`));
    }
    return send(reply);
  });

  // A body that is not JSON gets Meilisearch's answer, not Express's HTML error page.
  app.use((error: Error, _req: Request, res: Response, _next: express.NextFunction) => {
    violations.push(`unparseable request: ${error.message}`);
    res.status(400).json(taskError('malformed_payload', error.message));
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    violations,
    requests,
    holdTasks: () => queue.hold(),
    async close() {
      queue.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
