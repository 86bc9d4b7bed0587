// Route name == the page component's name (defineOptions), or keep-alive silently caches nothing.
// Paths never begin with a prefix the API keeps for itself (graphql, auth, audit, explorer, healthz,
// metrics): the server answers those instead of the console (api/http/app.ts).
import { Avatar, Collection, DataAnalysis, Document, HomeFilled, Lock, Memo, OfficeBuilding, Reading, School, Stamp, Tickets, UploadFilled, User, UserFilled } from '@element-plus/icons-vue';
import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { TIMELINE_READERS, type PermissionRule } from '@/auth/permissions';
import type { MenuGroup } from './meta';
import './meta';

export const layoutChildren: RouteRecordRaw[] = [
  { path: '', name: 'HomePage', component: () => import('@/views/home/index.vue'), meta: { title: '首页', icon: HomeFilled } },
  {
    path: 'review/inbox',
    name: 'ReviewInbox',
    component: () => import('@/views/review/inbox/index.vue'),
    meta: { title: '待办审核', icon: Stamp, group: 'business', permission: { allOf: ['review:decide'] }, badge: 'reviewInbox' },
  },
  {
    path: 'occupation',
    name: 'OccupationList',
    component: () => import('@/views/occupation/index.vue'),
    meta: { title: '培训工种', icon: Document, group: 'business', permission: { allOf: ['occupation:read'] }, keepAlive: true },
  },
  {
    path: 'occupation/:id',
    name: 'OccupationRecord',
    component: () => import('@/views/occupation/record/index.vue'),
    props: true,
    meta: { title: '工种记录', hidden: true, parent: 'OccupationList', permission: { allOf: ['occupation:read'] } },
  },
  {
    path: 'institution',
    name: 'InstitutionList',
    component: () => import('@/views/institution/index.vue'),
    meta: { title: '培训机构', icon: School, group: 'business', permission: { allOf: ['institution:read'] }, keepAlive: true },
  },
  {
    path: 'institution/:id',
    name: 'InstitutionRecord',
    component: () => import('@/views/institution/record/index.vue'),
    props: true,
    meta: { title: '机构记录', hidden: true, parent: 'InstitutionList', permission: { allOf: ['institution:read'] } },
  },
  {
    path: 'teacher',
    name: 'TeacherList',
    component: () => import('@/views/teacher/index.vue'),
    meta: { title: '培训师资', icon: Reading, group: 'business', permission: { allOf: ['teacher:read'] }, keepAlive: true },
  },
  {
    path: 'teacher/:id',
    name: 'TeacherRecord',
    component: () => import('@/views/teacher/record/index.vue'),
    props: true,
    meta: { title: '师资记录', hidden: true, parent: 'TeacherList', permission: { allOf: ['teacher:read'] } },
  },
  {
    path: 'trainee',
    name: 'TraineeList',
    component: () => import('@/views/trainee/index.vue'),
    meta: { title: '学员', icon: Avatar, group: 'business', permission: { allOf: ['trainee:read'] }, keepAlive: true },
  },
  {
    path: 'trainee/:id',
    name: 'TraineeRecord',
    component: () => import('@/views/trainee/record/index.vue'),
    props: true,
    meta: { title: '学员记录', hidden: true, parent: 'TraineeList', permission: { allOf: ['trainee:read'] } },
  },
  {
    // Not kept alive: the page polls running jobs, and the polling stops when the user leaves.
    path: 'import',
    name: 'ImportPage',
    component: () => import('@/views/import/index.vue'),
    meta: { title: '批量导入', icon: UploadFilled, group: 'business', permission: { allOf: ['import:run'] } },
  },
  {
    path: 'dictionary',
    name: 'DictionaryPage',
    component: () => import('@/views/dictionary/index.vue'),
    meta: { title: '数据字典', icon: Collection, group: 'business', permission: { allOf: ['dictionary:manage'] } },
  },
  {
    path: 'timeline/replay/:streamId',
    name: 'AuditReplay',
    component: () => import('@/views/timeline/replay/index.vue'),
    props: true,
    meta: { title: '审计回放', hidden: true, permission: TIMELINE_READERS },
  },
  {
    path: 'system/organization',
    name: 'OrganizationTree',
    component: () => import('@/views/organization/index.vue'),
    meta: { title: '组织机构', icon: OfficeBuilding, group: 'system', permission: { allOf: ['organization:read', 'organization:manage'] } },
  },
  {
    path: 'system/user',
    name: 'UserList',
    component: () => import('@/views/identity/user/index.vue'),
    meta: { title: '用户管理', icon: User, group: 'system', permission: { anyOf: ['user:manage', 'role:manage'] }, keepAlive: true },
  },
  {
    path: 'system/role',
    name: 'RoleList',
    component: () => import('@/views/identity/role/index.vue'),
    meta: { title: '角色与权限', icon: UserFilled, group: 'system', permission: { anyOf: ['role:manage', 'user:manage'] } },
  },
  {
    path: 'system/security-policy',
    name: 'SecurityPolicyPage',
    component: () => import('@/views/identity/policy/index.vue'),
    meta: { title: '密码与会话策略', icon: Lock, group: 'system', permission: { allOf: ['policy:manage'] } },
  },
  {
    path: 'compliance/events',
    name: 'AuditEventList',
    component: () => import('@/views/audit/events/index.vue'),
    meta: { title: '审计查询', icon: Tickets, group: 'audit', permission: { allOf: ['audit:read'] }, keepAlive: true },
  },
  {
    path: 'compliance/security-log',
    name: 'SecurityLogList',
    component: () => import('@/views/audit/security-log/index.vue'),
    meta: { title: '安全日志', icon: Memo, group: 'audit', permission: { allOf: ['security-log:read'] }, keepAlive: true },
  },
  { path: 'forbidden', name: 'ForbiddenPage', component: () => import('@/views/error/forbidden.vue'), meta: { title: '无权访问', hidden: true } },
  { path: ':pathMatch(.*)*', name: 'NotFoundPage', component: () => import('@/views/error/not-found.vue'), meta: { title: '页面不存在', hidden: true } },
];

/** Menu entries that leave the console (a page of their own, served by the API). */
export interface MenuLink {
  key: string;
  href: string;
  title: string;
  icon: Component;
  group?: MenuGroup;
  permission: PermissionRule;
}
export const menuLinks: MenuLink[] = [{ key: 'explorer', href: '/explorer', title: 'GraphQL 查询', icon: DataAnalysis, permission: { allOf: ['explorer:use'] } }];

/** The page that lifts a session restriction; every other page leads there until it is lifted. */
export const RESTRICTION_PAGES = { change_password: 'ChangePasswordPage', enroll_totp: 'TotpEnrollmentPage' } as const;

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'LoginPage', component: () => import('@/views/identity/login/index.vue'), meta: { title: '登录', public: true, hidden: true } },
  {
    path: '/account/password',
    name: 'ChangePasswordPage',
    component: () => import('@/views/identity/password/index.vue'),
    meta: { title: '修改密码', hidden: true, account: true },
  },
  {
    path: '/account/totp',
    name: 'TotpEnrollmentPage',
    component: () => import('@/views/identity/totp/index.vue'),
    meta: { title: '绑定双因素认证', hidden: true, account: true },
  },
  { path: '/', component: () => import('@/layout/index.vue'), meta: { title: '首页', hidden: true }, children: layoutChildren },
];
