// Permissions (menu, button and API level share these names) and the built-in roles. Roles are
// records (role.ts): the security administrator changes their permissions and data scope, and each
// change is an event. The server checks permissions on every request; the console only hides what
// the server would refuse anyway.

/** Duties that must stay with different people (三员分立) and the business that none of them may see. */
export const DUTIES = ['business', 'system_admin', 'security_admin', 'audit_admin'] as const;
export type Duty = (typeof DUTIES)[number];
export const DUTY_LABELS: Record<Duty, string> = {
  business: '业务',
  system_admin: '系统管理',
  security_admin: '安全管理',
  audit_admin: '审计管理',
};

export const PERMISSIONS = {
  'institution:read': { label: '查看培训机构', duty: 'business' },
  'institution:register': { label: '登记培训机构', duty: 'business' },
  'institution:edit': { label: '维护本机构信息', duty: 'business' },
  'institution:supervise': { label: '年审与撤销培训机构', duty: 'business' },
  'teacher:read': { label: '查看培训师资', duty: 'business' },
  'teacher:declare': { label: '申报/维护培训师资', duty: 'business' },
  'teacher:manage': { label: '师资库管理（撤销、上岗资格）', duty: 'business' },
  'trainee:read': { label: '查看学员', duty: 'business' },
  'trainee:enter': { label: '录入/维护学员', duty: 'business' },
  'import:run': { label: '批量导入', duty: 'business' },
  'dictionary:manage': { label: '维护数据字典', duty: 'business' },
  'occupation:read': { label: '查看培训工种', duty: 'business' },
  'training-class:read': { label: '查看培训班级', duty: 'business' },
  'training-class:manage': { label: '开班登记、报名、申报与班级业务', duty: 'business' },
  'training-class:supervise': { label: '暂停、恢复、取消培训班级', duty: 'business' },
  'training-class:inspect': { label: '培训过程检查记录', duty: 'business' },
  'training-class:settings': { label: '维护工作日历、补贴资格政策与培训类型设置', duty: 'business' },
  'occupation:declare': { label: '申报/修改培训工种', duty: 'business' },
  'review:submit': { label: '提交审核', duty: 'business' },
  'review:decide': { label: '审核（通过/退回/不予通过）', duty: 'business' },
  'review:read': { label: '查看审核记录', duty: 'business' },
  'record:timeline': { label: '查看记录时间线', duty: 'shared' },
  'explorer:use': { label: '使用 GraphQL 查询工具', duty: 'business' },
  'pii:unmask': { label: '查看完整个人信息', duty: 'business' },
  'organization:read': { label: '查看机构', duty: 'shared' },
  'user:manage': { label: '用户管理', duty: 'system_admin' },
  'organization:manage': { label: '机构管理', duty: 'system_admin' },
  'config:manage': { label: '系统配置', duty: 'system_admin' },
  'role:manage': { label: '角色与权限管理', duty: 'security_admin' },
  'policy:manage': { label: '密码与会话策略', duty: 'security_admin' },
  'session:manage': { label: '在线用户（查看与强制退出）', duty: 'security_admin' },
  'job:manage': { label: '定时任务（查看、立即执行、暂停与恢复）', duty: 'system_admin' },
  // Both administrators watch the platform's health; reading figures serves no one duty.
  'monitor:read': { label: '服务监控', duty: 'shared' },
  'notice:publish': { label: '发布通知公告', duty: 'business' },
  // Technical schools (requirement 9): the authority creates schools and sets time windows; the
  // school keeps its information, majors, teachers and students' status; the province exchanges
  // data with the national system.
  'technical-school:read': { label: '查看技工院校（院校、专业、教师）', duty: 'business' },
  'technical-school:manage': { label: '新增技工院校与时间限制管理', duty: 'business' },
  'technical-school:edit': { label: '维护本院校信息、专业与教师', duty: 'business' },
  'student:read': { label: '查看学籍', duty: 'business' },
  'student:register': { label: '学籍注册与异动申请', duty: 'business' },
  'student:exchange': { label: '与全国技工院校学籍系统数据对接', duty: 'business' },
  // Attendance capture and face matching (issue 13): the institution records captures; authorities
  // and supervisors read them, open photos (each view audited) and decide fraud signals.
  'capture:record': { label: '上传考勤抓拍', duty: 'business' },
  'capture:read': { label: '查看考勤抓拍与人脸比对结果', duty: 'business' },
  'capture:photo': { label: '查看抓拍照片（每次查看留痕）', duty: 'business' },
  'capture:supervise': { label: '处理考勤异常预警、查看随机抓拍时间', duty: 'business' },
  'capture:settings': { label: '维护抓拍策略与照片保存期限', duty: 'business' },
  // Subsidies, funds and payments (issue 14).
  'subsidy:read': { label: '查看补贴标准、资金、补贴申报与支付', duty: 'business' },
  'subsidy:apply': { label: '补贴申报（机构培训经费、个人补贴）', duty: 'business' },
  'subsidy:standard': { label: '制定与修订补贴标准', duty: 'business' },
  'subsidy:notice': { label: '补贴公示、异议处理与公示设置', duty: 'business' },
  'fund:manage': { label: '下达与调整资金', duty: 'business' },
  'payment:manage': { label: '支付批次、支付结果导入与重新支付', duty: 'business' },
  'voucher:read': { label: '查看职业培训券及其使用、统计', duty: 'business' },
  'voucher:issue': { label: '发放与作废职业培训券、开通机构受理', duty: 'business' },
  'audit:read': { label: '审计日志与时间线', duty: 'audit_admin' },
  'security-log:read': { label: '安全日志', duty: 'audit_admin' },
} as const satisfies Record<string, { label: string; duty: Duty | 'shared' }>;
export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/**
 * Data scope of a role, narrowest first: the classes its holder teaches (a teacher's account: the
 * user linked to a teacher record; records other than those classes and what belongs to them are
 * out of scope), its holder's own records, its organisation's, or its organisation's and everything
 * below it in the tree. A provincial user with `org_and_below` sees the province.
 */
export const DATA_SCOPES = ['taught_classes', 'own', 'org', 'org_and_below'] as const;
export type DataScopeKind = (typeof DATA_SCOPES)[number];
export const DATA_SCOPE_LABELS: Record<DataScopeKind, string> = { taught_classes: '本人授课班级', own: '仅本人', org: '本单位', org_and_below: '本单位及下级' };

export interface RoleDefinition {
  name: string;
  label: string;
  duty: Duty;
  permissions: readonly Permission[];
  dataScope: DataScopeKind;
  /** Roles whose holders must use a second factor (TOTP). */
  requiresSecondFactor: boolean;
}

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    name: 'institution_operator',
    label: '培训机构经办人',
    duty: 'business',
    permissions: [
      'occupation:read', 'occupation:declare', 'review:submit', 'review:read', 'record:timeline', 'organization:read',
      'institution:read', 'institution:edit', 'teacher:read', 'teacher:declare', 'trainee:read', 'trainee:enter', 'import:run',
      'training-class:read', 'training-class:manage', 'capture:record', 'capture:read',
      'subsidy:read', 'subsidy:apply',
    ],
    dataScope: 'org',
    requiresSecondFactor: false,
  },
  {
    name: 'reviewer',
    label: '人社审核员',
    duty: 'business',
    permissions: [
      'occupation:read', 'review:decide', 'review:read', 'record:timeline', 'organization:read',
      'institution:read', 'institution:supervise', 'teacher:read', 'teacher:manage', 'trainee:read',
      'technical-school:read', 'student:read',
      'training-class:read', 'training-class:supervise', 'training-class:inspect',
      'capture:read', 'capture:photo', 'capture:supervise',
      'subsidy:read', 'voucher:read',
    ],
    dataScope: 'org_and_below',
    requiresSecondFactor: true,
  },
  {
    name: 'authority_operator',
    label: '人社经办人',
    duty: 'business',
    permissions: [
      'occupation:read', 'review:submit', 'review:read', 'record:timeline', 'organization:read',
      'institution:read', 'institution:register', 'teacher:read', 'trainee:read', 'pii:unmask', 'dictionary:manage', 'notice:publish',
      'technical-school:read', 'technical-school:manage', 'student:read', 'student:exchange',
      'subsidy:read', 'subsidy:apply', 'subsidy:standard', 'subsidy:notice', 'fund:manage', 'payment:manage',
      'voucher:read', 'voucher:issue',
    ],
    dataScope: 'org_and_below',
    requiresSecondFactor: true,
  },
  {
    // 省级业务配置: the provincial authority's settings of the class rules and attendance captures
    // (working calendar, eligibility policy, training-kind settings, capture policy and photo
    // retention). The commands also check that the holder's organisation is the province, so the
    // role held at a prefecture or county changes nothing.
    name: 'province_settings',
    label: '省级业务配置',
    duty: 'business',
    permissions: ['organization:read', 'training-class:read', 'training-class:settings', 'capture:settings'],
    dataScope: 'org_and_below',
    requiresSecondFactor: true,
  },
  {
    name: 'supervisor',
    label: '督导',
    duty: 'business',
    permissions: [
      'occupation:read', 'review:read', 'record:timeline', 'organization:read', 'explorer:use', 'institution:read', 'teacher:read', 'trainee:read', 'training-class:read', 'training-class:inspect',
      'technical-school:read', 'student:read', 'capture:read', 'capture:photo', 'capture:supervise',
      'subsidy:read', 'voucher:read',
    ],
    dataScope: 'org_and_below',
    requiresSecondFactor: false,
  },
  {
    // 授课教师: the login of a teacher record (created by the institution or an authority for the
    // teacher, linked to it), for the mobile capture app: the sessions of the classes they teach,
    // their rosters, and captures there. Nothing else is in its scope.
    name: 'teacher',
    label: '授课教师',
    duty: 'business',
    permissions: ['capture:record', 'capture:read'],
    dataScope: 'taught_classes',
    requiresSecondFactor: false,
  },
  {
    // 技工院校用户 (requirement 9(1)-(2)): created by the authority's system administrator at the
    // school's organisation; they see their own school only.
    name: 'school_operator',
    label: '技工院校经办人',
    duty: 'business',
    permissions: [
      'technical-school:read', 'technical-school:edit', 'student:read', 'student:register', 'import:run',
      'review:submit', 'review:read', 'record:timeline', 'organization:read',
    ],
    dataScope: 'org',
    requiresSecondFactor: false,
  },
  {
    name: 'school_viewer',
    label: '技工院校查询员',
    duty: 'business',
    permissions: ['technical-school:read', 'student:read', 'review:read', 'record:timeline', 'organization:read'],
    dataScope: 'org',
    requiresSecondFactor: false,
  },
  {
    name: 'system_admin',
    label: '系统管理员',
    duty: 'system_admin',
    permissions: ['user:manage', 'organization:manage', 'config:manage', 'organization:read', 'job:manage', 'monitor:read'],
    dataScope: 'org_and_below',
    requiresSecondFactor: true,
  },
  {
    name: 'security_admin',
    label: '安全管理员',
    duty: 'security_admin',
    permissions: ['role:manage', 'policy:manage', 'organization:read', 'session:manage', 'monitor:read'],
    dataScope: 'org_and_below',
    requiresSecondFactor: true,
  },
  {
    name: 'audit_admin',
    label: '审计管理员',
    duty: 'audit_admin',
    permissions: ['audit:read', 'security-log:read', 'record:timeline', 'organization:read'],
    dataScope: 'org_and_below',
    requiresSecondFactor: true,
  },
];

/** The one duty a permission set serves (shared permissions count for none); undefined when it mixes duties (refused: 三员分立). */
export function dutyOf(permissions: readonly Permission[]): Duty | undefined {
  const duties = new Set(permissions.map((p) => PERMISSIONS[p].duty).filter((d): d is Duty => d !== 'shared'));
  if (duties.size > 1) return undefined;
  return [...duties][0] ?? 'business';
}
