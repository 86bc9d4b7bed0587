import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { satisfies } from '@/auth/permissions';
import { closeAllDialogs } from '@/components/dialog/dialog-service';
import { useSessionStore } from '@/stores/session';
import { RESTRICTION_PAGES, routes } from './routes';

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

const APP_TITLE = '贵州省职业能力实名制信息管理系统';

const redirectQuery = (to: RouteLocationNormalized) => {
  const target = typeof to.query.redirect === 'string' ? to.query.redirect : to.fullPath;
  return target === '/' || !target.startsWith('/') || target.startsWith('/account/') || target.startsWith('/login') ? {} : { redirect: target };
};

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (session.status === 'unknown') await session.loadMe();
  if (to.meta.public) return session.status === 'authenticated' && to.name === 'LoginPage' ? { name: 'HomePage' } : true;
  if (session.status !== 'authenticated') return { name: 'LoginPage', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  const restriction = session.restriction;
  if (restriction) return to.name === RESTRICTION_PAGES[restriction] ? true : { name: RESTRICTION_PAGES[restriction], query: redirectQuery(to) };
  // Enrolment once done stays done (a reset is the security administrator's).
  if (to.name === 'TotpEnrollmentPage' && session.me?.totpEnrolled) return { name: 'HomePage' };
  if (!satisfies(session.permissions, to.meta.permission)) return { name: 'ForbiddenPage', query: { from: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  // Dialogs belong to the page that opened them.
  closeAllDialogs();
  document.title = to.meta.title ? `${to.meta.title} - ${APP_TITLE}` : APP_TITLE;
});
