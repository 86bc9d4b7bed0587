// The one permission helper: explicit any-of / all-of, read from the session store so that a
// `v-if="can({ allOf: ['occupation:declare'] })"` re-renders when the permissions change. The server
// enforces the same checks; the console only hides what the server would refuse anyway.
import { useSessionStore } from '@/stores/session';
import { satisfies, type PermissionRule } from './permissions';

export type { Permission, PermissionRule } from './permissions';

export function can(rule: PermissionRule): boolean {
  return satisfies(useSessionStore().permissions, rule);
}
