import { occupationDecider, occupationStreams, type OccupationCommand } from '../../domain/occupation/occupation';
import type { OccupationDetails } from '../../domain/occupation/occupation-details';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import type { ReviewPolicy } from '../../domain/review/review';
import { noSubmission, type SubmissionFor } from '../review/submission';
import { withSubmission } from '../../domain/review/review';

export const OCCUPATION_MODULE = occupationStreams.module;
export const occupationStreamId = occupationStreams.streamId;

export const occupationReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: OCCUPATION_MODULE, label: '培训工种', decider: occupationDecider, ...(policy ? { policy } : {}) });

export function occupationCommands(store: EventStore, submissionFor: SubmissionFor = noSubmission) {
  const run = (occupationId: string, command: OccupationCommand, request: RequestContext) =>
    handleCommand(store, occupationDecider, occupationStreamId(occupationId), command, request, { likelyNew: command.type === 'DeclareOccupation' });
  return {
    /** Declares; with `submit`, submits the declaration for review in the same append. */
    async declare(occupationId: string, institutionId: string, details: OccupationDetails, request: RequestContext, options: { submit?: boolean } = {}) {
      const command: OccupationCommand = { type: 'DeclareOccupation', occupationId, institutionId, details };
      const decider = options.submit ? withSubmission(occupationDecider, await submissionFor(institutionId)) : occupationDecider;
      return handleCommand(store, decider, occupationStreamId(occupationId), command, request, { likelyNew: true });
    },
    edit: (occupationId: string, details: OccupationDetails, request: RequestContext) => run(occupationId, { type: 'EditOccupation', details }, request),
  };
}

export type OccupationCommands = ReturnType<typeof occupationCommands>;
