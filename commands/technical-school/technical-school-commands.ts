import { withSubmission, type ReviewPolicy } from '../../domain/review/review';
import type { SchoolCreation, SchoolInfo } from '../../domain/technical-school/school-info';
import { technicalSchoolDecider, technicalSchoolStreams, type TechnicalSchoolCommand } from '../../domain/technical-school/technical-school';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';

export const TECHNICAL_SCHOOL_MODULE = technicalSchoolStreams.module;
export const technicalSchoolStreamId = technicalSchoolStreams.streamId;

export const technicalSchoolReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: TECHNICAL_SCHOOL_MODULE, label: '技工院校', decider: technicalSchoolDecider, ...(policy ? { policy } : {}) });

export function technicalSchoolCommands(store: EventStore, submissionFor: SubmissionFor = noSubmission) {
  const run = (schoolId: string, command: TechnicalSchoolCommand, request: RequestContext) =>
    handleCommand(store, technicalSchoolDecider, technicalSchoolStreamId(schoolId), command, request, { likelyNew: command.type === 'CreateTechnicalSchool' });
  return {
    /** The authority's act: the school exists, and is an organisation under the authority, from this event on. */
    create: (schoolId: string, authorityId: string, creation: SchoolCreation, request: RequestContext) =>
      run(schoolId, { type: 'CreateTechnicalSchool', schoolId, authorityId, creation }, request),
    /** The school proposes new basic information; with `submit`, submits it for review in the same append. */
    async proposeInfo(schoolId: string, info: SchoolInfo, request: RequestContext, options: { submit?: boolean } = {}) {
      const command: TechnicalSchoolCommand = { type: 'ProposeSchoolInfo', info };
      const decider = options.submit ? withSubmission(technicalSchoolDecider, await submissionFor(schoolId)) : technicalSchoolDecider;
      return handleCommand(store, decider, technicalSchoolStreamId(schoolId), command, request);
    },
    /** The school's record as its stream holds it (other modules check that a school exists and is active). */
    state: (schoolId: string) => loadState(store, technicalSchoolDecider, technicalSchoolStreamId(schoolId)),
  };
}

export type TechnicalSchoolCommands = ReturnType<typeof technicalSchoolCommands>;
