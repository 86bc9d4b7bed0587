// What student commands need to know from the read side (implemented in
// projections/student/student-directory.ts, wired in api/platform-directories.ts).
export interface StudentDirectory {
  /** The id of the person on record under any of these blind indexes of an ID number. */
  personIdByIdNumber(blindIndexes: string[]): Promise<string | undefined>;
  /** Many at once (an import's batch, one query): blind index -> the id of the person on record under it; absent when none. */
  personIdsByIdNumbers(blindIndexes: readonly string[]): Promise<Map<string, string>>;
  /** A school's approved majors (the import resolves major codes with them; the decider checks each on its stream). */
  approvedMajorsOf(schoolId: string): Promise<{ id: string; code: string; name: string }[]>;
}
