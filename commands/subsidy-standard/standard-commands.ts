// 补贴标准: proposing a standard (by the province or a prefecture, for itself) and revising it, each
// through the one pipeline; review and the versions it makes are the decider's (standard.ts).
import { withSubmission } from '../../domain/review/review';
import { subsidyStandardDecider, standardStreams, type StandardAuthorityKind, type SubsidyStandardCommand } from '../../domain/subsidy-standard/standard';
import type { StandardScope, StandardTerms } from '../../domain/subsidy-standard/standard-terms';
import type { EventStore } from '../../store/event-store/event-store';
import type { AuthorityDirectory } from '../fund/authority-directory';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';

export const SUBSIDY_STANDARD_MODULE = standardStreams.module;
export const standardStreamId = standardStreams.streamId;

export const standardReviewable = (): ReviewableModule => reviewableModule({ module: SUBSIDY_STANDARD_MODULE, label: '补贴标准', decider: subsidyStandardDecider });

export function standardCommands(deps: { store: EventStore; authorities: AuthorityDirectory; submissionFor?: SubmissionFor }) {
  const { store, authorities } = deps;
  const submissionFor = deps.submissionFor ?? noSubmission;
  const decider = async (orgId: string, submit: boolean) => (submit ? withSubmission(subsidyStandardDecider, await submissionFor(orgId)) : subsidyStandardDecider);

  return {
    /** Proposes a standard of the actor's own authority; with `submit`, submits it in the same append. */
    async propose(standardId: string, scope: StandardScope, terms: StandardTerms, request: RequestContext, options: { submit?: boolean } = {}) {
      const orgId = request.actor.orgId ?? '';
      const org = await authorities.organization(orgId);
      const authorityKind: StandardAuthorityKind | null = org?.kind === 'province' || org?.kind === 'prefecture' ? org.kind : null;
      const command: SubsidyStandardCommand = { type: 'ProposeSubsidyStandard', standardId, authorityId: orgId, authorityKind, scope, terms };
      return handleCommand(store, await decider(orgId, Boolean(options.submit)), standardStreamId(standardId), command, request, { likelyNew: true });
    },

    /** A new version's terms (or the draft's, before the first approval); with `submit`, submitted along. */
    async revise(standardId: string, terms: StandardTerms, request: RequestContext, options: { submit?: boolean } = {}) {
      const orgId = request.actor.orgId ?? '';
      return handleCommand(store, await decider(orgId, Boolean(options.submit)), standardStreamId(standardId), { type: 'ReviseSubsidyStandard', terms }, request);
    },
  };
}

export type StandardCommands = ReturnType<typeof standardCommands>;
