// What the training-funding calculation needs from the read side (implemented in
// projections/subsidy-application/funding-directory.ts, wired in api/platform-directories.ts).
// Standards, the eligibility policy and the class are read from their streams at one log position;
// only these three lookups come from read models, and the application keeps their answers among
// its facts.
import type { SubsidisedTraining } from '../../domain/training-class/eligibility';

export interface FundingDirectory {
  /** Ids of the standards of a subject set by any of these authorities (the streams to read). */
  candidateStandardIds(subject: string, authorityIds: readonly string[]): Promise<string[]>;
  /** Each trainee's 人员类别 (dictionary code); unknown ids are left out. */
  personCategories(traineeIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Each person's subsidised trainings already claimed, anywhere in the province, in another
   * training-funding application that is not rejected: the province-wide repeat check's history.
   * Everyone asked for is in the answer.
   */
  claims(personIds: readonly string[], excludeApplicationId: string): Promise<Map<string, SubsidisedTraining[]>>;
}
