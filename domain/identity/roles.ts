// Roles and the permissions they carry (menu, button and API level share these names). The server
// checks them on every request; the console only hides what the server would refuse anyway.

export const PERMISSIONS = {
  'occupation:read': '查看培训工种',
  'occupation:declare': '申报/修改培训工种',
  'review:submit': '提交审核',
  'review:decide': '审核（通过/退回/不予通过）',
  'review:read': '查看审核记录',
  'audit:read': '查看时间线与审计回放',
  'organization:read': '查看机构',
  'explorer:use': '使用 GraphQL 查询工具',
} as const;
export type Permission = keyof typeof PERMISSIONS;

export const ROLES = {
  institution_operator: {
    label: '培训机构经办人',
    permissions: ['occupation:read', 'occupation:declare', 'review:submit', 'review:read', 'organization:read'],
  },
  reviewer: {
    label: '人社审核员',
    permissions: ['occupation:read', 'review:decide', 'review:read', 'audit:read', 'organization:read'],
  },
  supervisor: {
    label: '督导',
    permissions: ['occupation:read', 'review:read', 'audit:read', 'organization:read', 'explorer:use'],
  },
  auditor: {
    label: '审计员',
    permissions: ['occupation:read', 'review:read', 'audit:read', 'organization:read'],
  },
} as const satisfies Record<string, { label: string; permissions: readonly Permission[] }>;
export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

export const permissionsOf = (roles: readonly string[]): Set<Permission> =>
  new Set(roles.flatMap((r) => (r in ROLES ? [...ROLES[r as Role].permissions] : [])));
