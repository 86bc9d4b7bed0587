import { aidStandardDecider, aidStandardStreams, type AidStandardState } from '../../domain/aid-standard/aid-standard';
import { aidStandardId, type AidKind, type AidStandardDetails } from '../../domain/aid-standard/aid-standard-input';
import { withSubmission, type ReviewPolicy } from '../../domain/review/review';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';

export const AID_STANDARD_MODULE = aidStandardStreams.module;
export const aidStandardStreamId = aidStandardStreams.streamId;

export const aidStandardReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: AID_STANDARD_MODULE, label: '资助标准', decider: aidStandardDecider, ...(policy ? { policy } : {}) });

export function aidStandardCommands(store: EventStore, submissionFor: SubmissionFor = noSubmission) {
  const state = (kind: AidKind, schoolYear: number): Promise<AidStandardState> => loadState(store, aidStandardDecider, aidStandardStreamId(aidStandardId(kind, schoolYear)));
  return {
    /** Sets (or revises) the standard of its kind and school year; with `submit`, submits it for approval in the same append. */
    async set(authorityId: string, details: AidStandardDetails, request: RequestContext, options: { submit?: boolean } = {}) {
      const decider = options.submit ? withSubmission(aidStandardDecider, await submissionFor(authorityId)) : aidStandardDecider;
      return handleCommand(store, decider, aidStandardStreamId(aidStandardId(details.kind, details.schoolYear)), { type: 'SetAidStandard', authorityId, details }, request);
    },
    state,
    /** The approved standard of a kind and year, read from its stream (an approval binds the very next application). */
    async approved(kind: AidKind, schoolYear: number): Promise<{ version: number; details: AidStandardDetails } | null> {
      const s = await state(kind, schoolYear);
      return s.status === 'set' && s.approved ? { version: s.version, details: s.approved } : null;
    },
  };
}

export type AidStandardCommands = ReturnType<typeof aidStandardCommands>;
