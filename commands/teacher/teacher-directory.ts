// What teacher commands need to know from the read side (implemented in
// projections/teacher/teacher-directory.ts, wired in api/platform.ts).
export interface TeacherDirectory {
  /** The id of the teacher on record under any of these blind indexes of an ID number. */
  personIdByIdNumber(blindIndexes: string[]): Promise<string | undefined>;
}
