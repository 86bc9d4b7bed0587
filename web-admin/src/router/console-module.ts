// A console module's manifest (`views/<module>/module.ts`): the pages it adds inside the layout,
// with their typed route meta (meta.ts), and any menu entry that leaves the console. src/modules.ts
// lists the manifests and routes.ts assembles the routes and the side menu from that list, so a new
// module is its views folder with a module.ts plus one line in modules.ts.
import type { Component } from 'vue';
import type { RouteMeta, RouteRecordSingleView } from 'vue-router';
import type { PermissionRule } from '@/auth/permissions';
import type { MenuGroup } from './meta';

export interface ConsoleRoute {
  /** Relative to the layout (`teacher`, `teacher/:id`); never a prefix the API keeps for itself (routes.ts checks). */
  path: string;
  /** Equal to the page component's name (defineOptions), or keep-alive silently caches nothing. */
  name: string;
  component: RouteRecordSingleView['component'];
  /** Route params as the page's props (record pages take `id`). */
  props?: boolean;
  meta: RouteMeta;
}

/** A menu entry that leaves the console (a page of its own, served by the API). */
export interface MenuLink {
  key: string;
  href: string;
  title: string;
  icon: Component;
  group?: MenuGroup;
  permission: PermissionRule;
}

export interface ConsoleModule {
  /** The module's folder under views/. */
  name: string;
  /** In menu order within their group. */
  routes: readonly ConsoleRoute[];
  links?: readonly MenuLink[];
}

/** Only types the manifest (an object literal checked against ConsoleModule). */
export const defineConsoleModule = (module: ConsoleModule): ConsoleModule => module;

interface PageOptions {
  name: string;
  title: string;
  component: ConsoleRoute['component'];
}

/**
 * The usual pair of a business module: its list (a menu entry, kept alive) at `path`, and its
 * record page at `path/:id` (the id as a prop, the list before it in the breadcrumbs), both behind
 * the module's read permission. `recordOf` names the server's module, through which the review
 * inbox opens a task's record.
 */
export function listAndRecordRoutes(options: {
  path: string;
  recordOf: string;
  permission: PermissionRule;
  group: MenuGroup;
  icon: Component;
  list: PageOptions;
  record: PageOptions;
}): ConsoleRoute[] {
  const { path, recordOf, permission, group, icon, list, record } = options;
  return [
    { path, name: list.name, component: list.component, meta: { title: list.title, icon, group, permission, keepAlive: true } },
    { path: `${path}/:id`, name: record.name, component: record.component, props: true, meta: { title: record.title, hidden: true, parent: list.name, permission, recordOf } },
  ];
}
