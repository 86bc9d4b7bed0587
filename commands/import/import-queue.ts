// What the import worker needs to know from the read side (implemented in
// projections/import/import-queue.ts, wired in api/platform.ts): which jobs are unfinished.
export interface ImportQueue {
  /** False until the read model exists (on a new database, moments after start-up). */
  ready(): Promise<boolean>;
  /** Unfinished jobs (validating or importing), oldest first. */
  unfinishedJobIds(): Promise<string[]>;
}
