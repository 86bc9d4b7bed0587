import type { RoleEvent, RoleState } from './role';
import type { SecurityPolicySet } from './security-policy';
import type { UserEvent, UserLoggedOut, UserPasswordSet, UserState } from './user';

/** A failed login for a name that is no user: recorded on the day's security stream. */
export type LoginFailedForUnknownUser = { type: 'LoginFailedForUnknownUser'; data: { username: string; reason?: string } };
/**
 * A login attempt refused before its password was checked, because the image captcha it needed was
 * missing or wrong. On the day's security stream for known and unknown names alike (a user's own
 * stream would tell which names exist); it does not count towards the lockout, which a bot unable to
 * read the captcha must not be able to trigger.
 */
export type UserCaptchaRefused = { type: 'UserCaptchaRefused'; data: { username: string; reason: 'captcha_missing' | 'wrong_captcha' } };

/** Chinese names of identity events and states: a type without a label fails to compile. */
export const IDENTITY_EVENT_LABELS: Record<UserEvent['type'] | RoleEvent['type'] | SecurityPolicySet['type'] | LoginFailedForUnknownUser['type'] | UserCaptchaRefused['type'], string> = {
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
  UserSessionEnded: '结束会话（强制退出）',
  UserScreenLocked: '锁屏',
  UserScreenUnlocked: '解除锁屏',
  UserCaptchaRefused: '图形验证码未通过',
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

/**
 * Actors that are no user (no row in the users read model): the platform's own jobs and seeding,
 * and requests made before login. Every list, timeline and history names them from here.
 */
export const SYSTEM_ACTOR_LABELS: Record<string, string> = {
  system: '系统',
  'system:seed': '系统（初始化数据）',
  'system:licence-job': '系统（许可证检查任务）',
  'system:bench': '系统（性能测试）',
  anonymous: '未登录用户',
};

/** The Chinese name of an actor that is no user, or undefined for a user id. */
export const systemActorLabel = (actorId: string): string | undefined =>
  SYSTEM_ACTOR_LABELS[actorId] ?? (actorId.startsWith('system:') ? '系统' : undefined);

/** Why a login failed (UserLoginFailed.reason, LoginFailedForUnknownUser.reason). */
export type LoginFailureReason = 'wrong_password' | 'wrong_totp' | 'locked' | 'malformed_input' | 'wrong_password_unlock';
export const LOGIN_FAILURE_REASON_LABELS: Record<LoginFailureReason, string> = {
  wrong_password: '密码错误',
  wrong_totp: '动态验证码错误',
  locked: '账户已锁定时尝试登录',
  malformed_input: '登录信息格式不正确',
  wrong_password_unlock: '锁屏解锁时密码错误',
};

/**
 * The coded reasons identity events carry, by event type: the audit and security logs and the
 * timeline show these words instead of the codes.
 */
export const IDENTITY_REASON_LABELS: {
  UserPasswordSet: Record<UserPasswordSet['data']['reason'], string>;
  UserLoginFailed: Record<LoginFailureReason, string>;
  UserLoggedOut: Record<UserLoggedOut['data']['reason'], string>;
  /** Its summary is otherwise the name typed: only the one code it carries is a reason. */
  LoginFailedForUnknownUser: Record<'malformed_input', string>;
  UserCaptchaRefused: Record<UserCaptchaRefused['data']['reason'], string>;
} = {
  UserPasswordSet: { initial: '设置初始密码', changed: '本人修改密码', reset: '管理员重置密码' },
  UserLoginFailed: LOGIN_FAILURE_REASON_LABELS,
  UserLoggedOut: { logout: '主动退出', idle: '长时间未操作，自动退出' },
  LoginFailedForUnknownUser: { malformed_input: LOGIN_FAILURE_REASON_LABELS.malformed_input },
  UserCaptchaRefused: { captcha_missing: '未填写图形验证码', wrong_captcha: '图形验证码错误' },
};
