// Routes under /m/. Every page but the login page needs a session; a restricted session (a password
// to change, a second factor to enrol) is sent to the login page, which says to finish that in the console.
import { createRouter, createWebHistory } from 'vue-router';
import { onEnded, useSession } from './session/session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Shows the bottom tab bar (the top-level sections). */
    tabbar?: boolean;
    public?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory('/m/'),
  routes: [
    { path: '/login', name: 'Login', component: () => import('./views/login/LoginPage.vue'), meta: { title: '登录', public: true } },
    { path: '/', name: 'Today', component: () => import('./views/today/TodayPage.vue'), meta: { title: '今日课程', tabbar: true } },
    { path: '/classes/:classId/sessions/:sessionId', name: 'Roster', component: () => import('./views/roster/RosterPage.vue'), meta: { title: '名册' } },
    { path: '/capture', name: 'Capture', component: () => import('./views/capture/CapturePage.vue'), meta: { title: '抓拍' } },
    { path: '/outbox', name: 'Outbox', component: () => import('./views/outbox/OutboxPage.vue'), meta: { title: '待上传', tabbar: true } },
    { path: '/me', name: 'Me', component: () => import('./views/me/MePage.vue'), meta: { title: '我的', tabbar: true } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  document.title = to.meta.title ? `${to.meta.title} - 考勤抓拍` : '考勤抓拍';
  if (to.meta.public) return true;
  const session = useSession();
  if (session.status.value === 'unknown') await session.loadMe();
  if (session.status.value !== 'authenticated' || session.restriction.value) return { name: 'Login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  return true;
});

onEnded(() => void router.replace({ name: 'Login', query: { redirect: router.currentRoute.value.fullPath } }));
