/** What the notice commands need of the organisation tree (implemented in projections/notice). */
export interface NoticeDirectory {
  /** The organisation's kind, or undefined when it is not in the tree. */
  kindOf(orgId: string): Promise<string | undefined>;
  /** Those of `orgIds` that are neither `authorOrgId` nor below it in the tree (unknown ones included). */
  outsideSubtree(authorOrgId: string, orgIds: readonly string[]): Promise<string[]>;
}
