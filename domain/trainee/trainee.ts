// A trainee is one person in the whole province: the stream is keyed on the ID number's blind
// index, so a second institution entering the same person lands on the same record. Its entry is
// recorded as a request to enrol, flagged as a duplicate entry, and reviewed; never a silent copy.
import {
  AFFILIATION_STATUS_LABELS,
  addAffiliation,
  everApproved,
  holdsRights,
  homeInstitution,
  isAffiliated,
  pendingAffiliations,
  setAffiliationStatus,
  type Affiliation,
  type AffiliationStatus,
} from '../affiliation/affiliation';
import type { ConfirmableWarning } from '../personal-data/confirmable-warning';
import {
  decideWithReview,
  evolveReview,
  initialReviewState,
  isReviewCommand,
  isReviewEvent,
  reopenReview,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewParticipation,
  type ReviewPolicy,
  type ReviewState,
} from '../review/review';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { samePerson, type TraineePerson } from './trainee-input';
import { checkReferenceFaceFacts, referenceFaceSummary, sameReference, type ReferenceFaceFacts, type ReferenceFaceSummary } from '../capture/reference-face';
import { streamNaming } from '../shared/streams';

/** The module's streams: `trainee-<id>`. */
export const traineeStreams = streamNaming('trainee');

/** Reviewed by the county authority of the entering institution (configurable). */
export const DEFAULT_TRAINEE_REVIEW_POLICY: ReviewPolicy = { levels: ['county'], skipMissingLevels: true };

export type EnrolmentStatus = AffiliationStatus;
export const ENROLMENT_STATUS_LABELS = AFFILIATION_STATUS_LABELS;

type Warnings = { confirmedWarnings?: ConfirmableWarning[] };
export type TraineeRegistered = DomainEvent<'TraineeRegistered', { traineeId: string; person: TraineePerson; institutionId: string } & Warnings>;
export type TraineeEnrolmentRequested = DomainEvent<'TraineeEnrolmentRequested', { institutionId: string; duplicateEntry: true }>;
export type TraineeDetailsUpdated = DomainEvent<'TraineeDetailsUpdated', { person: TraineePerson } & Warnings>;
export type TraineeEnrolmentApproved = DomainEvent<'TraineeEnrolmentApproved', { institutionId: string }>;
export type TraineeEnrolmentRejected = DomainEvent<'TraineeEnrolmentRejected', { institutionId: string; reason: string }>;
/** A change to an approved person, proposed by an institution holding rights; effective only once reviewed. */
export type TraineeDetailsChangeProposed = DomainEvent<'TraineeDetailsChangeProposed', { person: TraineePerson; institutionId: string } & Warnings>;
export type TraineeDetailsChangeApproved = DomainEvent<'TraineeDetailsChangeApproved', { institutionId: string }>;
export type TraineeDetailsChangeRejected = DomainEvent<'TraineeDetailsChangeRejected', { institutionId: string; reason: string }>;
/** The person's reference face for attendance capture (issue 13): the photo's hashes and the sealed descriptor, never the photo. */
export type TraineeReferenceFaceEnrolled = DomainEvent<'TraineeReferenceFaceEnrolled', ReferenceFaceFacts>;
export type TraineeEvent =
  | TraineeRegistered
  | TraineeReferenceFaceEnrolled
  | TraineeEnrolmentRequested
  | TraineeDetailsUpdated
  | TraineeEnrolmentApproved
  | TraineeEnrolmentRejected
  | TraineeDetailsChangeProposed
  | TraineeDetailsChangeApproved
  | TraineeDetailsChangeRejected
  | ReviewEvent;

export type Enrolment = Affiliation;

export type TraineeState =
  | { status: 'none' }
  | {
      status: 'registered';
      traineeId: string;
      /** The details in force (before the first approval: the entrant's draft). */
      person: TraineePerson;
      enrolments: Enrolment[];
      review: ReviewState;
      /** A change to the approved details awaiting review, and who proposed it. */
      proposal: { person: TraineePerson; institutionId: string } | null;
      /** The reference face in force (absent in states folded before reference faces existed). */
      referenceFace?: ReferenceFaceSummary | null;
    };
type Registered = Extract<TraineeState, { status: 'registered' }>;

export interface EnteringInstitution {
  institutionId: string;
  /** Effective, not suspended or revoked: only such an institution may enter trainees. */
  canOperate: boolean;
}

export type TraineeCommand =
  | {
      type: 'EnterTrainee';
      traineeId: string;
      person: TraineePerson;
      institution: EnteringInstitution;
      personCategories: readonly string[];
      confirmedWarnings: ConfirmableWarning[];
    }
  | { type: 'UpdateTrainee'; person: TraineePerson; personCategories: readonly string[]; confirmedWarnings: ConfirmableWarning[] }
  /** The face was checked (one clear face) and sealed by the command layer before this decision. */
  | { type: 'EnrolTraineeReferenceFace'; face: ReferenceFaceFacts }
  | (ReviewCommand & { policy?: ReviewPolicy });

const warnings = (confirmed: ConfirmableWarning[]): Warnings => (confirmed.length ? { confirmedWarnings: confirmed } : {});

function requireCategory(person: TraineePerson, categories: readonly string[]) {
  if (!categories.includes(person.personCategory)) throw new ValidationError([{ field: 'personCategory', message: '人员类别不在字典中' }]);
}

/** Changing the person needs rights over it: a pending duplicate entry gives none (affiliation.ts). */
function requireRights(state: Registered, context: CommandContext) {
  if (!holdsRights(state.enrolments, context.actor.orgId)) throw new ForbiddenError('只有登记该学员的机构可以修改');
}

/** Submitting reviews what the institution asked for (its own entry) or what it may change. */
function requireEnrolled(state: Registered, context: CommandContext) {
  if (!isAffiliated(state.enrolments, context.actor.orgId)) throw new ForbiddenError('只有登记该学员的机构可以提交');
}

/**
 * Whose supervising authorities review the next round: a change to the approved person goes to
 * the person's home institution's authorities, whoever proposed it; an entry to the entrant's own.
 */
export const traineeReviewingOrg = (state: TraineeState, submitterOrgId: string): string =>
  state.status === 'registered' && state.proposal ? (homeInstitution(state.enrolments) ?? submitterOrgId) : submitterOrgId;

const traineeTitle = (person: TraineePerson) => `${person.name}（${person.idNumber.masked}）`;

/** The entry itself: a new person's record, or another institution's request to enrol an existing one. */
function decideEntry(command: Extract<TraineeCommand, { type: 'EnterTrainee' }>, state: TraineeState, context: CommandContext): TraineeEvent[] {
  if (context.actor.orgId !== command.institution.institutionId) throw new ForbiddenError('只能以本机构名义录入学员');
  if (!command.institution.canOperate) throw new RuleViolationError('本机构未生效、已暂停或已撤销，不能录入学员', 'trainee.institution_inactive');
  requireCategory(command.person, command.personCategories);
  if (state.status === 'none') {
    return [{ type: 'TraineeRegistered', data: { traineeId: command.traineeId, person: command.person, institutionId: command.institution.institutionId, ...warnings(command.confirmedWarnings) } }];
  }
  const existing = state.enrolments.find((e) => e.institutionId === command.institution.institutionId);
  if (existing && existing.status !== 'rejected') return [];
  if (state.review.status === 'pending') throw new RuleViolationError('该学员已由其他机构录入，正在审核中，请待审核结束后再录入', 'trainee.pending_elsewhere');
  return [{ type: 'TraineeEnrolmentRequested', data: { institutionId: command.institution.institutionId, duplicateEntry: true } }];
}

/**
 * The trainee's part in the review workflow: a final approval approves the pending entries and puts
 * a requested change in force; a rejection refuses them and drops the change.
 */
export const traineeReview: ReviewParticipation<TraineeState, TraineeEvent> = {
  policy: DEFAULT_TRAINEE_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'registered' ? state.review : undefined),
  notFound: '学员不存在',
  checkSubmission(state, context) {
    if (state.status === 'none') throw new NotFoundError('学员不存在');
    requireEnrolled(state, context);
    if (!needsReview(state)) throw new RuleViolationError('没有待提交审核的内容', 'trainee.nothing_pending');
  },
  title: (state) => (state.status === 'registered' ? traineeTitle(state.person) : ''),
  onDecision(decision, state) {
    if (state.status === 'none') return [];
    const pending = pendingAffiliations(state.enrolments);
    const proposal = state.proposal;
    const events: TraineeEvent[] = [];
    if (decision.type === 'ReviewApproved' && decision.data.final) {
      for (const e of pending) events.push({ type: 'TraineeEnrolmentApproved', data: { institutionId: e.institutionId } });
      if (proposal) events.push({ type: 'TraineeDetailsChangeApproved', data: { institutionId: proposal.institutionId } });
    }
    if (decision.type === 'ReviewRejected') {
      for (const e of pending) events.push({ type: 'TraineeEnrolmentRejected', data: { institutionId: e.institutionId, reason: decision.data.reason } });
      if (proposal) events.push({ type: 'TraineeDetailsChangeRejected', data: { institutionId: proposal.institutionId, reason: decision.data.reason } });
    }
    return events;
  },
};

function decide(command: TraineeCommand, state: TraineeState, context: CommandContext): TraineeEvent[] {
  if (isReviewCommand(command)) return decideWithReview(traineeReview, command, state, context);
  switch (command.type) {
    case 'EnterTrainee':
      return decideEntry(command, state, context);
    case 'UpdateTrainee': {
      if (state.status === 'none') throw new NotFoundError('学员不存在');
      requireRights(state, context);
      if (state.review.status === 'pending') throw new RuleViolationError('审核中的学员信息不能修改，请先撤回', 'trainee.pending');
      requireCategory(command.person, command.personCategories);
      if (command.person.idNumber.blindIndex !== state.person.idNumber.blindIndex) throw new RuleViolationError('身份证号码不能修改；号码有误请联系主管部门', 'trainee.id_fixed');
      // Before anyone approved the person, the entrant edits its own draft.
      if (!everApproved(state.enrolments)) {
        if (samePerson(state.person, command.person)) return [];
        return [{ type: 'TraineeDetailsUpdated', data: { person: command.person, ...warnings(command.confirmedWarnings) } }];
      }
      // The approved person is shared: a change is a request the home authority reviews.
      const institutionId = context.actor.orgId!;
      if (state.proposal && state.proposal.institutionId !== institutionId) {
        throw new RuleViolationError('其他机构提出的信息变更尚待审核，请待审核结束后再修改', 'trainee.change_pending_elsewhere');
      }
      if (samePerson(state.proposal?.person ?? state.person, command.person)) return [];
      return [{ type: 'TraineeDetailsChangeProposed', data: { person: command.person, institutionId, ...warnings(command.confirmedWarnings) } }];
    }
    case 'EnrolTraineeReferenceFace': {
      if (state.status === 'none') throw new NotFoundError('学员不存在');
      // A pending duplicate entry gives no rights over the person, their face included.
      if (!holdsRights(state.enrolments, context.actor.orgId)) throw new ForbiddenError('只有登记该学员的机构可以登记人脸照片');
      const face = checkReferenceFaceFacts(command.face);
      if (sameReference(state.referenceFace, face)) return [];
      return [{ type: 'TraineeReferenceFaceEnrolled', data: { ...face } }];
    }
    default:
      return assertNever(command);
  }
}

/** Something awaits review: a pending enrolment, or changed details since the last approval. */
const needsReview = (state: Registered) =>
  pendingAffiliations(state.enrolments).length > 0 || Boolean(state.proposal) || state.review.status === 'draft' || state.review.status === 'returned' || state.review.status === 'withdrawn';

function evolve(state: TraineeState, event: TraineeEvent): TraineeState {
  if (event.type === 'TraineeRegistered') {
    return {
      status: 'registered',
      traineeId: event.data.traineeId,
      person: event.data.person,
      enrolments: addAffiliation([], event.data.institutionId, false),
      review: initialReviewState(),
      proposal: null,
    };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) {
    const review = evolveReview(state.review, event);
    // A rejected entry does not close the person's record: what was approved before stays approved.
    return { ...state, review: review.status === 'rejected' && state.enrolments.some((e) => e.status === 'approved') ? { status: 'approved', round: review.round } : review };
  }
  switch (event.type) {
    case 'TraineeEnrolmentRequested':
      return {
        ...state,
        enrolments: addAffiliation(state.enrolments, event.data.institutionId, true),
        review: reopenReview(state.review),
      };
    case 'TraineeDetailsUpdated':
      return { ...state, person: event.data.person, review: state.review.status === 'approved' ? reopenReview(state.review) : state.review };
    case 'TraineeEnrolmentApproved':
      return { ...state, enrolments: setAffiliationStatus(state.enrolments, event.data.institutionId, 'approved') };
    case 'TraineeEnrolmentRejected':
      return { ...state, enrolments: setAffiliationStatus(state.enrolments, event.data.institutionId, 'rejected') };
    case 'TraineeDetailsChangeProposed':
      return {
        ...state,
        proposal: { person: event.data.person, institutionId: event.data.institutionId },
        review: state.review.status === 'approved' ? reopenReview(state.review) : state.review,
      };
    case 'TraineeDetailsChangeApproved':
      return { ...state, person: state.proposal?.person ?? state.person, proposal: null };
    case 'TraineeDetailsChangeRejected':
      return { ...state, proposal: null };
    case 'TraineeReferenceFaceEnrolled':
      return { ...state, referenceFace: referenceFaceSummary(event.data) };
    default:
      return assertNever(event);
  }
}

export const traineeDecider: Decider<TraineeCommand, TraineeEvent, TraineeState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
