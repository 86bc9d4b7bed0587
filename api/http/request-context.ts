import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { RequestContext } from '../../commands/pipeline/request-context';
import type { Actor } from '../../domain/shared/decider';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const actorOf = (req: Request): Actor =>
  req.user ? { id: req.user.id, role: req.user.roles.join(','), orgId: req.user.orgId } : { id: 'anonymous', role: 'anonymous', orgId: null };

/**
 * The envelope of the events a request causes. A client sends its own command id (a UUID) to make a
 * retried mutation idempotent; one user action's requests share the correlation id header.
 */
export function requestContextFor(req: Request, commandId?: string | null): RequestContext {
  const correlation = req.get('x-correlation-id');
  const id = commandId && UUID.test(commandId) ? commandId.toLowerCase() : randomUUID();
  return {
    actor: actorOf(req),
    commandId: id,
    correlationId: correlation && UUID.test(correlation) ? correlation : (req.requestId ?? id),
    ip: req.ip ?? null,
  };
}
