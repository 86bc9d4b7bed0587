// Typed route meta: every route says its title, and may say its menu icon and group, the
// permission it needs, whether keep-alive caches it, and its parent in the breadcrumbs when it has
// no menu entry.
import type { Component } from 'vue';
import type { PermissionRule } from '@/auth/permissions';

/** Side-menu groups, in menu order: business, administration (system and security administrators), audit. */
export const MENU_GROUPS = {
  business: '业务办理',
  system: '系统管理',
  audit: '审计监督',
} as const;
export type MenuGroup = keyof typeof MENU_GROUPS;

declare module 'vue-router' {
  interface RouteMeta {
    title: string;
    icon?: Component;
    /** The side-menu group; none: a top-level entry. */
    group?: MenuGroup;
    permission?: PermissionRule;
    keepAlive?: boolean;
    /** Not in the side menu (record pages, login). */
    hidden?: boolean;
    /** Reachable without a session. */
    public?: boolean;
    /** Reachable while the session is restricted (change password, enrol the second factor). */
    account?: boolean;
    /** Route name shown before this one in the breadcrumbs. */
    parent?: string;
    /** Menu badge: the number of review tasks waiting. */
    badge?: 'reviewInbox';
    /** A record page of this server module (the review inbox opens a task's record through it). */
    recordOf?: string;
  }
}

export {};
