import type { RoleEvent, RoleState } from './role';
import type { SecurityPolicySet } from './security-policy';
import type { UserEvent, UserState } from './user';

/** A failed login for a name that is no user: recorded on the day's security stream. */
export type LoginFailedForUnknownUser = { type: 'LoginFailedForUnknownUser'; data: { username: string; reason?: string } };

/** Chinese names of identity events and states: a type without a label fails to compile. */
export const IDENTITY_EVENT_LABELS: Record<UserEvent['type'] | RoleEvent['type'] | SecurityPolicySet['type'] | LoginFailedForUnknownUser['type'], string> = {
  UserCreated: '创建用户',
  UserRolesChanged: '变更角色',
  UserPasswordSet: '设置密码',
  UserLoggedIn: '登录',
  UserLoginFailed: '登录失败',
  UserLockedOut: '账户锁定',
  UserLoggedOut: '退出登录',
  UserTotpEnrolled: '绑定双因素认证',
  UserTotpReset: '重置双因素认证',
  UserOidcLinked: '关联统一认证账号',
  RoleDefined: '定义角色',
  RoleChanged: '修改角色',
  SecurityPolicySet: '设置安全策略',
  LoginFailedForUnknownUser: '未知用户登录失败',
};
export const USER_STATUS_LABELS: Record<UserState['status'], string> = { none: '无', active: '有效' };
export const ROLE_STATUS_LABELS: Record<RoleState['status'], string> = { none: '无', defined: '已定义' };
export const IDENTITY_FIELD_LABELS: Record<string, string> = {
  roles: '角色',
  username: '用户名',
  displayName: '姓名',
  orgId: '所属机构',
  mustChangePassword: '须修改密码',
  passwordChangedAt: '密码修改时间',
  consecutiveFailures: '连续登录失败次数',
  lockedUntil: '锁定至',
  totpEnrolled: '已绑定双因素认证',
  oidc: '统一认证账号',
  permissions: '权限',
  dataScope: '数据范围',
  requiresSecondFactor: '要求双因素认证',
  label: '名称',
  duty: '职责',
};
