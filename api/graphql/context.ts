import type { Request, Response } from 'express';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { PERMISSIONS, type Permission } from '../../domain/identity/roles';
import type { SessionUser } from '../auth/authenticate';
import { dataScope, type DataScope } from '../../projections/organization/data-scope';
import type { Config } from '../config';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { withRecords, type ScopeWithRecords } from '../records';
import { clientError } from './errors';

export interface GraphQLContext {
  platform: Platform;
  config: Config;
  user: SessionUser;
  /** Data scope of lists (restrict) and of single records (requireRecord): the one mechanism. */
  scope: ScopeWithRecords;
  req: Request;
  res: Response;
  /** Envelope for the events a mutation causes; pass the client's command id for idempotency. */
  request(commandId?: string | null): RequestContext;
  /** Throws FORBIDDEN unless the user's roles carry the permission. */
  require(permission: Permission): void;
  /** Throws FORBIDDEN unless the user's roles carry at least one of the permissions. */
  requireAny(...permissions: Permission[]): void;
}

export function createContext(platform: Platform, config: Config, req: Request, res: Response): GraphQLContext {
  const user = req.user!; // /graphql is mounted behind requireUser
  const refuse = (permissions: Permission[]) => {
    throw clientError('FORBIDDEN', `您没有“${permissions.map((p) => PERMISSIONS[p].label).join('”或“')}”权限`);
  };
  return {
    platform,
    config,
    user,
    scope: withRecords(platform.knex, dataScope(platform.knex, user), platform.modules),
    req,
    res,
    request: (commandId) => requestContextFor(req, commandId),
    require(permission) {
      if (!user.permissions.has(permission)) refuse([permission]);
    },
    requireAny(...permissions) {
      if (!permissions.some((p) => user.permissions.has(p))) refuse(permissions);
    },
  };
}

/** What a list query needs: lists narrow by the data scope alone (no single-record lookups). */
export type ListContext = Pick<GraphQLContext, 'platform' | 'require'> & { scope: DataScope };

/** A mutation's answer: where the write landed, so the client can read its own write. */
export const commandOutcome = (result: { streamId: string; revision: number; position: bigint | null; repeated: boolean }, id: string, notice: string | null = null) => ({
  id,
  streamId: result.streamId,
  revision: result.revision,
  position: result.position?.toString() ?? null,
  repeated: result.repeated,
  notice,
});
