// 补贴享受记录 (issue 14 §2): each person's subsidy claims on one stream per person
// (`subsidy-claim-<personId>`, the trainee's id: one per person in the province). The training-funding
// calculation checks the eligibility policy against claims read from a read model, which two
// applications computed or approved at the same moment cannot see of each other; so where money is
// committed (the final approval, before the fund is reserved) every eligible person's claim is
// recorded here at the stream's exact revision and the policy is checked again against this
// stream's held claims. Two approvals racing for the same person are decided one after the other on
// this stream: the second sees the first's claim and is refused. The same stream holds the
// 技能提升补贴 claims of personal subsidies (their own rule: a yearly cap from the standard, the same
// occupation and level once). A claim is released when an upheld objection takes the person out or
// revokes the record, or when the approval that recorded it is not appended after all.
import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { checkEligibility, type PolicyInForce, type SubsidisedTraining } from '../training-class/eligibility';
import { subjectLabel } from '../training-class/class-details';

/** `subsidy-claim-<personId>`. */
export const personClaimStreams = streamNaming('subsidy-claim');

export const CLAIM_KINDS = ['training_funding', 'skill_upgrade'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export const CLAIM_KIND_LABELS: Record<ClaimKind, string> = { training_funding: '机构培训经费', skill_upgrade: '技能提升补贴' };

export type PersonClaim = {
  /** One per record and person: `subsidy-application:<applicationId>` or `personal-subsidy:<subsidyId>:<applicationId>`. */
  claimId: string;
  kind: ClaimKind;
  /** The application (training funding) or personal subsidy record that holds the claim. */
  recordId: string;
  /** The approval's fund reservation. */
  reservationId: string;
  classId: string;
  className: string;
  details: SubsidisedTraining['details'];
  /** The calendar year the claim counts in (技能提升补贴: the year the class completed, when the certificate was obtained). */
  year: string;
};

/** The rule a claim is checked against when recorded. */
export type ClaimLimit =
  | { kind: 'training_policy'; policy: PolicyInForce }
  /** 技能提升补贴: at most `maxPerYear` a year (null: no cap) and the same occupation and level once. */
  | { kind: 'skill_upgrade_cap'; maxPerYear: number | null; basis: string }
  /**
   * Carried over from an approval made before claims were recorded on these streams (the backfill,
   * commands/subsidy-application/claim-backfill.ts): recorded as the approval stands, not checked,
   * since the money was committed then; it counts against every later claim.
   */
  | { kind: 'carried_over'; from: string };

export type SubsidyClaimRecorded = DomainEvent<'SubsidyClaimRecorded', { personId: string; personName: string; idNumberMasked: string; claim: PersonClaim; limit: ClaimLimit }>;
export type SubsidyClaimReleased = DomainEvent<'SubsidyClaimReleased', { claimId: string; reason: ClaimReleaseReason; note: string }>;
export type PersonClaimEvent = SubsidyClaimRecorded | SubsidyClaimReleased;

export const CLAIM_RELEASE_REASONS = ['objection_upheld', 'approval_not_recorded'] as const;
export type ClaimReleaseReason = (typeof CLAIM_RELEASE_REASONS)[number];

export const PERSON_CLAIM_EVENT_LABELS: Record<PersonClaimEvent['type'], string> = { SubsidyClaimRecorded: '计入补贴享受记录', SubsidyClaimReleased: '释放补贴享受记录' };

export type HeldClaim = PersonClaim & { held: boolean };
export type PersonClaimState = { personId: string | null; claims: HeldClaim[] };

export type PersonClaimCommand =
  | { type: 'RecordSubsidyClaim'; personId: string; personName: string; idNumberMasked: string; claim: PersonClaim; limit: ClaimLimit }
  | { type: 'ReleaseSubsidyClaim'; claimId: string; reason: ClaimReleaseReason; note: string };

/** The person's claims that still count (recorded and not released). */
export const heldClaims = (state: PersonClaimState, kind: ClaimKind) => state.claims.filter((c) => c.held && c.kind === kind);

const describeClaim = (c: PersonClaim) => `${c.className}（${subjectLabel(c.details)}，${CLAIM_KIND_LABELS[c.kind]}记录${c.recordId.slice(0, 8)}）`;

const sameOccupationLevel = (a: PersonClaim['details'], b: PersonClaim['details']) => a.occupation !== null && b.occupation !== null && a.occupation.code === b.occupation.code && a.occupation.level === b.occupation.level;

/** Why the claim would break the person's limit, against the claims the stream holds (empty: it does not). */
export function claimRefusals(state: PersonClaimState, claim: PersonClaim, limit: ClaimLimit): string[] {
  if (limit.kind === 'carried_over') return [];
  const held = heldClaims(state, claim.kind).filter((c) => c.claimId !== claim.claimId);
  if (limit.kind === 'training_policy') {
    const history: SubsidisedTraining[] = held.map((c) => ({ classId: c.classId, className: c.className, details: c.details }));
    const outcome = checkEligibility(limit.policy, history, { classId: claim.classId, details: claim.details });
    if (outcome.eligible) return [];
    const earlier = held.filter((c) => c.classId !== claim.classId);
    return [...outcome.reasons.map((r) => r.message), `已计入的补贴：${earlier.map(describeClaim).join('、')}`];
  }
  const reasons: string[] = [];
  const same = held.find((c) => sameOccupationLevel(c.details, claim.details));
  if (same) reasons.push(`同一职业（工种）同一等级的技能提升补贴每人只能享受一次，已计入：${describeClaim(same)}`);
  const thatYear = held.filter((c) => c.year === claim.year);
  if (limit.maxPerYear !== null && thatYear.length >= limit.maxPerYear) {
    reasons.push(`${claim.year}年已享受技能提升补贴${thatYear.length}次，达到每人每年${limit.maxPerYear}次的上限（${limit.basis}），已计入：${thatYear.map(describeClaim).join('、')}`);
  }
  return reasons;
}

function decide(command: PersonClaimCommand, state: PersonClaimState): PersonClaimEvent[] {
  switch (command.type) {
    case 'RecordSubsidyClaim': {
      const existing = state.claims.find((c) => c.claimId === command.claim.claimId);
      if (existing?.held) return [];
      const refusals = claimRefusals(state, command.claim, command.limit);
      if (refusals.length > 0) {
        throw new RuleViolationError(`${command.personName}（${command.idNumberMasked}）超出补贴享受限制，不能审核通过：${refusals.join('；')}`, 'subsidy_claim.limit');
      }
      const { personId, personName, idNumberMasked, claim, limit } = command;
      return [{ type: 'SubsidyClaimRecorded', data: { personId, personName, idNumberMasked, claim, limit } }];
    }
    case 'ReleaseSubsidyClaim': {
      const existing = state.claims.find((c) => c.claimId === command.claimId);
      if (!existing?.held) return [];
      return [{ type: 'SubsidyClaimReleased', data: { claimId: command.claimId, reason: command.reason, note: command.note.slice(0, 500) } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: PersonClaimState, event: PersonClaimEvent): PersonClaimState {
  switch (event.type) {
    case 'SubsidyClaimRecorded': {
      const claim: HeldClaim = { ...event.data.claim, held: true };
      return { personId: event.data.personId, claims: [...state.claims.filter((c) => c.claimId !== claim.claimId), claim] };
    }
    case 'SubsidyClaimReleased':
      return { ...state, claims: state.claims.map((c) => (c.claimId === event.data.claimId ? { ...c, held: false } : c)) };
    default:
      return assertNever(event);
  }
}

export const personClaimDecider: Decider<PersonClaimCommand, PersonClaimEvent, PersonClaimState> = {
  initialState: () => ({ personId: null, claims: [] }),
  evolve,
  decide,
};
