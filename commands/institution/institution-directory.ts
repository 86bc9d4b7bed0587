// What commands need to know of institutions from the read side (implemented in
// projections/institution/institution-directory.ts, wired in api/platform.ts): a port, so the
// command layer never reads a read model's tables itself.
export interface InstitutionDirectory {
  /** Effective and neither suspended nor revoked: only such an institution may enter people or open classes. */
  canOperate(institutionId: string): Promise<boolean>;
  /** Effective institutions whose licence ends on or before the day (YYYY-MM-DD). */
  licencesEndingBy(day: string): Promise<string[]>;
}
