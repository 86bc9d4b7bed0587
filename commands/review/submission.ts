import type { ReviewCommand } from '../../domain/review/review';
import type { OrganizationDirectory } from '../organization/organization-commands';

/** The submission a record makes when entered and submitted in one step (withSubmission). */
export type SubmissionFor = (submitterOrgId: string) => Promise<Extract<ReviewCommand, { type: 'SubmitForReview' }>>;

/** Submissions go to the submitter's own reviewing authorities, resolved when submitted. */
export const submissionFor =
  (organizations: Pick<OrganizationDirectory, 'reviewAuthoritiesFor'>): SubmissionFor =>
  async (submitterOrgId) => ({ type: 'SubmitForReview', authorities: await organizations.reviewAuthoritiesFor(submitterOrgId) });

/** For command factories used without review (benchmarks, specs): submitting along is refused. */
export const noSubmission: SubmissionFor = async () => {
  throw new Error('no review authorities configured: this command factory cannot submit along');
};
