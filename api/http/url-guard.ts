// The text rule (domain/shared/validation.ts) for what every request carries in its URL: the path
// (route parameters such as a file id) and the query string (an export filter, a stream id).
// Without it a NUL reached Postgres from /files/:id, /export and /audit/timeline-export and failed
// there. JSON bodies are checked where they are read: GraphQL (api/graphql/input-guard.ts) and the
// login (which must record the failed attempt, api/auth/auth-routes.ts).
import type { NextFunction, Request, Response } from 'express';
import { findForbiddenText } from '../../domain/shared/validation';
import { sendError } from '../storage/http-errors';

export function urlTextGuard() {
  return (req: Request, res: Response, next: NextFunction) => {
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return sendError(res, 'BAD_REQUEST', '请求路径中的百分号编码（%xx）有误');
    }
    const inPath = findForbiddenText(path);
    if (inPath) return sendError(res, 'BAD_REQUEST', `请求路径不能包含${inPath.problem}`);
    const inQuery = findForbiddenText(req.query);
    if (inQuery) return sendError(res, 'BAD_USER_INPUT', `请求参数 ${inQuery.field} 不能包含${inQuery.problem}`, { fields: [{ field: inQuery.field, message: `不能包含${inQuery.problem}` }] });
    next();
  };
}
