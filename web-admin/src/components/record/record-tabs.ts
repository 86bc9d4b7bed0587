import type { PermissionRule } from '@/auth/permissions';

/**
 * A module's own tab on its record page, between 详情 and 审核记录; its content is RecordShell's
 * slot `tab-<name>`. Without the permission the tab is not there at all.
 */
export interface RecordTab {
  name: string;
  label: string;
  permission?: PermissionRule;
  /** Render the content only once the tab is first opened (a tab with a query of its own). */
  lazy?: boolean;
}
