import type { ReviewAttachment, ReviewCommand, ReviewPolicy } from '../../domain/review/review';
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import { NotFoundError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import type { OrganizationDirectory } from '../organization/organization-commands';
import { handleCommand, type CommandResult } from '../pipeline/handle-command';
import { loadState } from '../../store/fold';
import type { RequestContext } from '../pipeline/request-context';

/** A review command as the pipeline runs it (a submission may carry the record type's configured levels). */
export type ReviewRun = ReviewCommand & { policy?: ReviewPolicy };

/**
 * A module whose records go through the review workflow, as the generic review commands see it:
 * typed closures over the module's own decider (reviewableModule), so the registry holds modules
 * of every record type without casting their deciders.
 */
export interface ReviewableModule {
  /** Module name, e.g. `occupation`; streams are `<module>-<id>`. */
  module: string;
  label: string;
  /** Levels configured for this record type (the module's default when absent). */
  policy?: ReviewPolicy;
  /** Runs a review command on one of the module's records through the command pipeline. */
  run(store: EventStore, streamId: string, command: ReviewRun, request: RequestContext): Promise<CommandResult<unknown>>;
  /**
   * The organisation whose supervising authorities review a submission by `submitterOrgId` (the
   * submitter's own by default; a shared person's change goes to the person's home authority).
   */
  reviewingOrg(store: EventStore, streamId: string, submitterOrgId: string): Promise<string>;
}

/** Declares a module's part in the generic review commands; its decider must accept the review commands. */
export function reviewableModule<Command, Event extends DomainEvent, State>(spec: {
  module: string;
  label: string;
  decider: Decider<Command | ReviewRun, Event, State>;
  policy?: ReviewPolicy;
  reviewingOrg?: (state: State, submitterOrgId: string) => string;
}): ReviewableModule {
  const { decider, reviewingOrg } = spec;
  return {
    module: spec.module,
    label: spec.label,
    ...(spec.policy ? { policy: spec.policy } : {}),
    run: (store, streamId, command, request) => handleCommand(store, decider, streamId, command, request),
    reviewingOrg: async (store, streamId, submitterOrgId) => (reviewingOrg ? reviewingOrg(await loadState(store, decider, streamId), submitterOrgId) : submitterOrgId),
  };
}

/**
 * The review workflow's commands, the same for every module: the stream id says which module's
 * decider decides. Submission resolves the reviewing authorities before deciding.
 */
export function reviewCommands(store: EventStore, organizations: OrganizationDirectory, modules: readonly ReviewableModule[]) {
  const moduleOf = (streamId: string) => {
    const found = modules.find((m) => streamId.startsWith(`${m.module}-`));
    if (!found) throw new NotFoundError('该记录不支持审核');
    return found;
  };
  const run = (streamId: string, command: ReviewRun, request: RequestContext) => moduleOf(streamId).run(store, streamId, command, request);

  return {
    moduleOf,
    async submit(streamId: string, note: string, request: RequestContext) {
      const module = moduleOf(streamId);
      const submitter = request.actor.orgId;
      const reviewingOrg = submitter ? await module.reviewingOrg(store, streamId, submitter) : null;
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
