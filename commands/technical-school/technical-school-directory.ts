// What the technical-school modules' commands need to know from the read side (implemented in
// projections/technical-school/technical-school-directory.ts, wired in api/platform-directories.ts).
export interface TechnicalSchoolDirectory {
  /** The authorities above an organisation in the tree, nearest first, with their names ([] when it is not in the tree). */
  authoritiesAbove(orgId: string): Promise<{ id: string; name: string }[]>;
}
