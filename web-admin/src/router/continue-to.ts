// Where a login (or a lifted restriction) continues: the page asked for in ?redirect=, which may
// be a page of the API rather than of the console (the GraphQL explorer at /explorer, which sends
// a user without a session to /login?redirect=/explorer). Those are loaded, not routed.
import type { Router } from 'vue-router';
import { useSessionStore } from '@/stores/session';

const SERVER_PAGES = [/^\/explorer(\?|$)/];

export function redirectTarget(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export async function continueTo(router: Router, target: string): Promise<void> {
  const session = useSessionStore();
  if (!session.restriction && SERVER_PAGES.some((p) => p.test(target))) {
    window.location.assign(target);
    return;
  }
  await router.replace(target);
}
