// Read-your-writes. A mutation answers with the log position it wrote; a query sent with
// `X-Read-After-Position: <position>` waits (bounded) until the projections have reached it. The
// answer says whether they did, in the header `X-Read-After-Reached: true|false` and, for GraphQL,
// in `extensions.readAfter` ({ position, reached }): a client that got `false` is reading data
// older than its own write and can tell the user, or ask again.
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import type { GraphQLContext } from '../graphql/context';
import type { Platform } from '../platform';
import { sendError } from '../storage/http-errors';

export const READ_AFTER_HEADER = 'X-Read-After-Position';
export const READ_AFTER_REACHED_HEADER = 'X-Read-After-Reached';

/** A log position: a non-negative integer that fits Postgres' bigint (our positions) and EventStoreDB's uint64. */
const POSITION = /^\d{1,20}$/;
const MAX_POSITION = 2n ** 64n - 1n;

interface ReadAfter {
  position: string;
  reached: boolean;
}

const readAfterOf = (res: Response) => res.locals.readAfter as ReadAfter | undefined;

/** Express middleware in front of /graphql: refuses a malformed position (400), waits for a good one. */
export function readAfterWrite(platform: Platform, timeoutMs: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const raw = req.get(READ_AFTER_HEADER);
    if (raw === undefined) return next();
    const value = raw.trim();
    if (!POSITION.test(value) || BigInt(value) > MAX_POSITION) {
      return sendError(res, 'BAD_REQUEST', `请求头 ${READ_AFTER_HEADER} 应为事件位置（非负整数，即修改操作返回的 position），收到“${value.slice(0, 40)}”`);
    }
    platform.runner
      .waitFor(BigInt(value), undefined, timeoutMs)
      .then((reached) => {
        res.locals.readAfter = { position: value, reached } satisfies ReadAfter;
        res.setHeader(READ_AFTER_REACHED_HEADER, String(reached));
        next();
      })
      .catch(next);
  };
}

/** Puts the outcome of the wait into the GraphQL response too, where Apollo clients see it. */
export const readAfterExtension: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        const readAfter = contextValue && readAfterOf(contextValue.res);
        if (!readAfter || response.body.kind !== 'single') return;
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, readAfter };
      },
    };
  },
};
