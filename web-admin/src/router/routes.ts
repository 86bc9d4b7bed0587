// The console's routes: the platform's pages (login, account pages, home, error pages, the layout)
// here, every module's pages and menu entries from its manifest (src/modules.ts).
// Route name == the page component's name (defineOptions), or keep-alive silently caches nothing.
import { DataAnalysis, HomeFilled } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';
import { consoleModules } from '@/modules';
import type { ConsoleRoute, MenuLink } from './console-module';
import './meta';

export type { MenuLink } from './console-module';

/**
 * Paths the API answers itself instead of the console (api/http/app.ts, the history fallback);
 * a console page there would never load on a reload. Copied, as the console imports no server code.
 */
const API_PREFIXES = ['graphql', 'auth', 'audit', 'explorer', 'healthz', 'metrics', 'files', 'export', 'import/templates', 'ledger', 'public'];

/** A manifest mistake fails at start-up, in the console's first run, not on a user's click. */
function checked(routes: readonly ConsoleRoute[]): readonly ConsoleRoute[] {
  const names = new Set<string>(['HomePage', 'ForbiddenPage', 'NotFoundPage', 'LoginPage', 'ChangePasswordPage', 'TotpEnrollmentPage']);
  for (const route of routes) {
    if (names.has(route.name)) throw new Error(`Console route name used twice: ${route.name}`);
    names.add(route.name);
    const reserved = API_PREFIXES.find((p) => route.path === p || route.path.startsWith(`${p}/`));
    if (reserved) throw new Error(`Console route ${route.name} (${route.path}) lies under /${reserved}, which the API answers`);
  }
  return routes;
}

const moduleRoutes = checked(consoleModules.flatMap((m) => m.routes));

export const layoutChildren: RouteRecordRaw[] = [
  { path: '', name: 'HomePage', component: () => import('@/views/home/index.vue'), meta: { title: '首页', icon: HomeFilled } },
  ...moduleRoutes,
  { path: 'forbidden', name: 'ForbiddenPage', component: () => import('@/views/error/forbidden.vue'), meta: { title: '无权访问', hidden: true } },
  { path: ':pathMatch(.*)*', name: 'NotFoundPage', component: () => import('@/views/error/not-found.vue'), meta: { title: '页面不存在', hidden: true } },
];

/** Menu entries that leave the console: the modules' own, then the GraphQL explorer (the platform's). */
export const menuLinks: MenuLink[] = [
  ...consoleModules.flatMap((m) => m.links ?? []),
  { key: 'explorer', href: '/explorer', title: 'GraphQL 查询', icon: DataAnalysis, permission: { allOf: ['explorer:use'] } },
];

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
