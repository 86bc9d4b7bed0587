import { v5 as uuidv5 } from 'uuid';
import type { RequestContext } from './request-context';

/**
 * The context of a command that follows from another one in the same request (e.g. "declare and
 * submit"). Its command id derives from the first one's, so a retried request repeats both, and
 * its causation points at the command that led to it.
 */
export const followUp = (request: RequestContext, step: string): RequestContext => ({
  ...request,
  commandId: uuidv5(step, request.commandId),
  causationId: request.commandId,
});
