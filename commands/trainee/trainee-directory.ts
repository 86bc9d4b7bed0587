// What trainee commands need to know from the read side (implemented in
// projections/trainee/trainee-directory.ts, wired in api/platform.ts).
export interface TraineeDirectory {
  /** The id of the person on record under any of these blind indexes of an ID number. */
  personIdByIdNumber(blindIndexes: string[]): Promise<string | undefined>;
  /** Which of these blind indexes are already on record. */
  knownIdNumbers(blindIndexes: string[]): Promise<Set<string>>;
}
