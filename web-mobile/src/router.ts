// Routes under /m/. Every page but the login page needs a session; a restricted session (a password
// to change, a second factor to enrol) is sent to the login page, which says to finish that in the
// console. Pages are imported, not loaded on demand: the app is small, and a page must open when
// the connection has dropped. Opened offline (the service worker serves the shell), the app lets a
// user with a session cookie in, so the outbox can be seen and sent once the phone is back online.
import { createRouter, createWebHistory } from 'vue-router';
import { onEnded, useSession } from './session/session';
import CapturePage from './views/capture/CapturePage.vue';
import LoginPage from './views/login/LoginPage.vue';
import MePage from './views/me/MePage.vue';
import OutboxPage from './views/outbox/OutboxPage.vue';
import RosterPage from './views/roster/RosterPage.vue';
import TodayPage from './views/today/TodayPage.vue';

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
    { path: '/login', name: 'Login', component: LoginPage, meta: { title: '登录', public: true } },
    { path: '/', name: 'Today', component: TodayPage, meta: { title: '今日课程', tabbar: true } },
    { path: '/classes/:classId/sessions/:sessionId', name: 'Roster', component: RosterPage, meta: { title: '名册' } },
    { path: '/capture', name: 'Capture', component: CapturePage, meta: { title: '抓拍' } },
    { path: '/outbox', name: 'Outbox', component: OutboxPage, meta: { title: '待上传', tabbar: true } },
    { path: '/me', name: 'Me', component: MePage, meta: { title: '我的', tabbar: true } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  document.title = to.meta.title ? `${to.meta.title} - 考勤抓拍` : '考勤抓拍';
  if (to.meta.public) return true;
  const session = useSession();
  if (session.status.value === 'unknown') await session.loadMe();
  if (session.status.value === 'offline') return true;
  if (session.status.value !== 'authenticated' || session.restriction.value) return { name: 'Login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  return true;
});

onEnded(() => void router.replace({ name: 'Login', query: { redirect: router.currentRoute.value.fullPath } }));
