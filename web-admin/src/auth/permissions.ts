// The permission names the server grants (menu, button and API level share them). The server is
// the authority; this list only types the console's checks. scripts/e2e/console-contract.spec.ts
// fails when it differs from the server's list.
export const CONSOLE_PERMISSIONS = [
  'institution:read',
  'institution:register',
  'institution:edit',
  'institution:supervise',
  'teacher:read',
  'teacher:declare',
  'teacher:manage',
  'trainee:read',
  'trainee:enter',
  'import:run',
  'dictionary:manage',
  'occupation:read',
  'training-class:read',
  'training-class:manage',
  'training-class:supervise',
  'training-class:inspect',
  'training-class:settings',
  'occupation:declare',
  'review:submit',
  'review:decide',
  'review:read',
  'record:timeline',
  'explorer:use',
  'pii:unmask',
  'organization:read',
  'user:manage',
  'organization:manage',
  'config:manage',
  'role:manage',
  'policy:manage',
  'session:manage',
  'job:manage',
  'monitor:read',
  'notice:publish',
  'technical-school:read',
  'technical-school:manage',
  'technical-school:edit',
  'student:read',
  'student:register',
  'student:exchange',
  'capture:record',
  'capture:read',
  'capture:photo',
  'capture:supervise',
  'capture:settings',
  'subsidy:read',
  'subsidy:apply',
  'subsidy:standard',
  'subsidy:notice',
  'fund:manage',
  'payment:manage',
  'voucher:read',
  'voucher:issue',
  'audit:read',
  'security-log:read',
] as const;

export type Permission = (typeof CONSOLE_PERMISSIONS)[number];

/** A permission requirement: every one of `allOf` and at least one of `anyOf` (when given). */
export interface PermissionRule {
  anyOf?: readonly Permission[];
  allOf?: readonly Permission[];
}

/** Whoever may read a record's timeline and replay it: its business users, or an auditor. */
export const TIMELINE_READERS: PermissionRule = { anyOf: ['record:timeline', 'audit:read'] };

/** Pure check, shared by the reactive helper, the router guard and the menu. */
export function satisfies(granted: ReadonlySet<string>, rule: PermissionRule | undefined): boolean {
  if (!rule) return true;
  if (rule.allOf && !rule.allOf.every((p) => granted.has(p))) return false;
  if (rule.anyOf && rule.anyOf.length > 0 && !rule.anyOf.some((p) => granted.has(p))) return false;
  return true;
}
