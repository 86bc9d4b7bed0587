import { majorDecider, majorOpenFor, majorStreams, type MajorCommand, type MajorState } from '../../domain/major/major';
import type { MajorDetails } from '../../domain/major/major-details';
import { withSubmission, type ReviewPolicy } from '../../domain/review/review';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';

export const MAJOR_MODULE = majorStreams.module;
export const majorStreamId = majorStreams.streamId;

export const majorReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: MAJOR_MODULE, label: '专业', decider: majorDecider, ...(policy ? { policy } : {}) });

export function majorCommands(store: EventStore, submissionFor: SubmissionFor = noSubmission) {
  const state = (majorId: string): Promise<MajorState> => loadState(store, majorDecider, majorStreamId(majorId));
  return {
    /** Declares a major of the school; with `submit`, submits it for approval in the same append. */
    async declare(majorId: string, schoolId: string, details: MajorDetails, request: RequestContext, options: { submit?: boolean } = {}) {
      const command: MajorCommand = { type: 'DeclareMajor', majorId, schoolId, details };
      const decider = options.submit ? withSubmission(majorDecider, await submissionFor(schoolId)) : majorDecider;
      return handleCommand(store, decider, majorStreamId(majorId), command, request, { likelyNew: true });
    },
    edit: (majorId: string, details: MajorDetails, request: RequestContext) => handleCommand(store, majorDecider, majorStreamId(majorId), { type: 'EditMajor', details }, request),
    state,
    /**
     * Whether students and teachers may be placed in the major at the school, read from the major's
     * own stream (a major just approved counts at once; no read model in between).
     */
    async check(majorId: string, schoolId: string) {
      const major = await state(majorId);
      return { majorId, open: majorOpenFor(major, schoolId), name: major.status === 'declared' ? (major.approved ?? major.pending)?.name ?? '' : '' };
    },
  };
}

export type MajorCommands = ReturnType<typeof majorCommands>;
