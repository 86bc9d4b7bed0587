import { roleDecider, type RoleInput } from '../../domain/identity/role';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export const roleStreamId = (name: string) => `role-${name}`;

export function roleCommands(store: EventStore) {
  return {
    define: (name: string, input: RoleInput, request: RequestContext) =>
      handleCommand(store, roleDecider, roleStreamId(name), { type: 'DefineRole', name, input }, request),
    change: (name: string, input: RoleInput, request: RequestContext) => handleCommand(store, roleDecider, roleStreamId(name), { type: 'ChangeRole', input }, request),
  };
}
