// Where a server module's record opens in the console: the route its console manifest marks
// `recordOf` (router/meta.ts). The review inbox, the global search and the audit replay's way back
// all open records through it; a module without a record page opens nothing.
import type { RouteLocationRaw, Router } from 'vue-router';
import { can } from '@/auth/permission';

export function recordRoutes(router: Router) {
  const byModule = new Map(router.getRoutes().flatMap((r) => (r.meta.recordOf && typeof r.name === 'string' ? [[r.meta.recordOf, r] as const] : [])));
  return {
    /** Whether the module's records open in the console (and the user may open its pages). */
    has: (module: string) => byModule.has(module),
    /** The record's page, or undefined for a module without one. */
    location: (module: string, recordId: string) => {
      const route = byModule.get(module);
      return route ? { name: route.name as string, params: { id: recordId } } : undefined;
    },
    /**
     * The way to a record for the breadcrumbs: its list, then the record itself, each linked when
     * the user may open it (an auditor may replay a record whose pages are not theirs).
     */
    trail(module: string, recordId: string, title: string): { title: string; to?: RouteLocationRaw }[] {
      const route = byModule.get(module);
      if (!route) return [{ title }];
      const allowed = !route.meta.permission || can(route.meta.permission);
      const list = route.meta.parent ? router.getRoutes().find((r) => r.name === route.meta.parent) : undefined;
      return [
        ...(list ? [{ title: list.meta.title, ...(allowed ? { to: { name: list.name as string } } : {}) }] : []),
        { title, ...(allowed ? { to: { name: route.name as string, params: { id: recordId } } } : {}) },
      ];
    },
    /** The modules with a record page: the permission its pages need, and its list's title (培训工种). */
    modules: () =>
      [...byModule].map(([module, route]) => ({
        module,
        permission: route.meta.permission,
        label: (route.meta.parent && router.getRoutes().find((r) => r.name === route.meta.parent)?.meta.title) || route.meta.title,
      })),
  };
}
