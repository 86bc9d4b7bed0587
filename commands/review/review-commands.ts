import type { ReviewAttachment, ReviewCommand, ReviewPolicy } from '../../domain/review/review';
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import { NotFoundError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import type { OrganizationDirectory } from '../organization/organization-commands';
import { handleCommand } from '../pipeline/handle-command';
import { loadState } from '../../store/fold';
import type { RequestContext } from '../pipeline/request-context';

/** A module whose records go through the review workflow. Its decider accepts the review commands. */
export interface ReviewableModule {
  /** Module name, e.g. `occupation`; streams are `<module>-<id>`. */
  module: string;
  label: string;
  // The decider's own command type includes ReviewCommand; `never` keeps the registry heterogeneous.
  decider: Decider<never, DomainEvent, unknown>;
  /** Levels configured for this record type (the module's default when absent). */
  policy?: ReviewPolicy;
  /**
   * The organisation whose supervising authorities review a submission (default: the submitter's).
   * A shared person's change goes to the person's home authority, whoever proposes it.
   */
  reviewingOrg?(state: unknown, submitterOrgId: string): string;
}

/**
 * The review workflow's commands, the same for every module: the stream id says which module's
 * decider decides. Submission resolves the submitter's reviewing authorities before deciding.
 */
export function reviewCommands(store: EventStore, organizations: OrganizationDirectory, modules: readonly ReviewableModule[]) {
  const moduleOf = (streamId: string) => {
    const found = modules.find((m) => streamId.startsWith(`${m.module}-`));
    if (!found) throw new NotFoundError('该记录不支持审核');
    return found;
  };
  const run = (streamId: string, command: ReviewCommand & { policy?: ReviewPolicy }, request: RequestContext) => {
    const module = moduleOf(streamId);
    const decider = module.decider as unknown as Decider<ReviewCommand, DomainEvent, unknown>;
    return handleCommand(store, decider, streamId, command, request);
  };

  return {
    moduleOf,
    async submit(streamId: string, note: string, request: RequestContext) {
      const module = moduleOf(streamId);
      const submitter = request.actor.orgId;
      const reviewingOrg = submitter && module.reviewingOrg ? module.reviewingOrg(await loadState(store, module.decider, streamId), submitter) : submitter;
      const authorities = reviewingOrg ? await organizations.reviewAuthoritiesFor(reviewingOrg) : {};
      return run(streamId, { type: 'SubmitForReview', authorities, note, ...(module.policy ? { policy: module.policy } : {}) }, request);
    },
    approve: (streamId: string, opinion: string, attachments: ReviewAttachment[], request: RequestContext) =>
      run(streamId, { type: 'ApproveReview', opinion, attachments }, request),
    return: (streamId: string, reason: string, attachments: ReviewAttachment[], request: RequestContext) =>
      run(streamId, { type: 'ReturnReview', reason, attachments }, request),
    reject: (streamId: string, reason: string, attachments: ReviewAttachment[], request: RequestContext) =>
      run(streamId, { type: 'RejectReview', reason, attachments }, request),
    withdraw: (streamId: string, reason: string, request: RequestContext) => run(streamId, { type: 'WithdrawReview', reason }, request),
  };
}

export type ReviewCommands = ReturnType<typeof reviewCommands>;
