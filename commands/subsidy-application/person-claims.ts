// Recording and releasing people's subsidy claims (domain/subsidy-application/person-claims.ts) on
// their per-person streams. An approval naming several people records all their claims in one
// appendToStreams at the revisions read (the Postgres store commits it all or nothing): a person
// whose limit the claim would break refuses the whole approval, naming the person (masked) and the
// claims already held, and nothing is written; a stream changed meanwhile (another approval for
// the same person) makes the whole set read and decided again, so the policy is always checked
// against the claims the stream holds at the revision the claim is appended to.
import { v5 as uuidv5 } from 'uuid';
import { RuleViolationError } from '../../domain/shared/errors';
import { personClaimDecider, personClaimStreams, type ClaimLimit, type ClaimReleaseReason, type PersonClaim, type PersonClaimState } from '../../domain/subsidy-application/person-claims';
import { WrongExpectedRevisionError, type EventStore, type StreamAppend } from '../../store/event-store/event-store';
import { foldEvents } from '../../store/fold';
import { ConcurrencyConflictError } from '../pipeline/errors';
import { handleCommand, toNewEvent } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

const CLAIM_NAMESPACE = '6d2f8a41-3c7e-4e59-9b10-8a5c2e7f4d93';
/** Conflicts come from other approvals of the same people; each round one of them lands. */
const RETRIES = 25;

export const personClaimStreamId = personClaimStreams.streamId;

export type ClaimToRecord = { personId: string; personName: string; idNumberMasked: string; claim: PersonClaim; limit: ClaimLimit };
export type ClaimToRelease = { personId: string; claimId: string; reason: ClaimReleaseReason; note: string };

export function personClaims(store: EventStore) {
  const load = async (personId: string) => {
    const history = await store.readStream(personClaimStreamId(personId));
    return { state: foldEvents(personClaimDecider, history) as PersonClaimState, revision: history.length - 1 };
  };

  return {
    load: async (personId: string) => (await load(personId)).state,

    /**
     * Records every claim of an approval, all or nothing; refused (RuleViolationError, every
     * person over a limit named) when any one would break its limit. Idempotent: claims already
     * held are left as they are. Returns how many claims it recorded now.
     */
    async record(items: readonly ClaimToRecord[], request: RequestContext): Promise<number> {
      for (let attempt = 0; ; attempt++) {
        // One append per person's stream: several claims of one person are decided one after another on it.
        const people = [...new Set(items.map((i) => i.personId))];
        const read = await Promise.all(people.map(async (personId) => ({ personId, ...(await load(personId)) })));
        const refusals: string[] = [];
        const appends: StreamAppend[] = [];
        const now = (request.now ?? new Date()).toISOString();
        for (const { personId, revision, ...loaded } of read) {
          let state = loaded.state;
          const streamId = personClaimStreamId(personId);
          const events = [];
          for (const item of items.filter((i) => i.personId === personId)) {
            try {
              const decided = personClaimDecider.decide({ type: 'RecordSubsidyClaim', ...item }, state, { actor: request.actor, now });
              // A claim released and recorded again (a retried approval) must not reuse its first event's id.
              const times = state.claims.filter((c) => c.claimId === item.claim.claimId).length;
              const claimRequest = { ...request, commandId: uuidv5(`${request.commandId}:${item.claim.claimId}:${times}:${revision}`, CLAIM_NAMESPACE), causationId: request.commandId };
              events.push(...decided.map((e, i) => toNewEvent(e, events.length + i, streamId, claimRequest, now)));
              state = decided.reduce(personClaimDecider.evolve, state);
            } catch (error) {
              if (!(error instanceof RuleViolationError)) throw error;
              refusals.push(error.message);
            }
          }
          if (events.length > 0) appends.push({ streamId, events, expectedRevision: revision < 0 ? 'no_stream' : revision });
        }
        if (refusals.length > 0) throw new RuleViolationError(refusals.join('\n'), 'subsidy_claim.limit');
        if (appends.length === 0) return 0;
        try {
          await store.appendToStreams(appends);
          return appends.reduce((n, a) => n + a.events.length, 0);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          if (attempt >= RETRIES) throw new ConcurrencyConflictError(error.streamId);
        }
      }
    },

    /** Releases claims (an upheld objection, an approval not recorded); each person's stream on its own, idempotent. */
    async release(items: readonly ClaimToRelease[], request: RequestContext): Promise<void> {
      for (const item of items) {
        // Released once per recording: a claim recorded again after a release is released under a new id.
        const recorded = (await store.readStream(personClaimStreamId(item.personId))).filter((e) => e.type === 'SubsidyClaimRecorded' && (e.data as { claim: PersonClaim }).claim.claimId === item.claimId).length;
        if (recorded === 0) continue;
        const claimRequest = { ...request, commandId: uuidv5(`release:${request.commandId}:${item.claimId}:${recorded}`, CLAIM_NAMESPACE), causationId: request.commandId };
        await handleCommand(store, personClaimDecider, personClaimStreamId(item.personId), { type: 'ReleaseSubsidyClaim', claimId: item.claimId, reason: item.reason, note: item.note }, claimRequest);
      }
    },
  };
}

export type PersonClaims = ReturnType<typeof personClaims>;
