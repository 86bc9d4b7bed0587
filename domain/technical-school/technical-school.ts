// 技工院校 (requirement 9(1)-(3)): an authority creates a technical school under itself; the school
// is then an organisation of kind `school` in the tree (projections/organization), so its users,
// data scope and review levels work as for every other organisation. Why a record of its own and
// not an institution of another category: a school is created by its authority's own act (no
// registration review), has none of a training institution's licence, designation, bank account,
// annual review or penalties, and owns majors, teachers and student status that an institution
// never has. Its basic information changes are the school's to propose and its authorities' to
// approve (the one review workflow); the values in force stay shown until then.
import {
  decideWithReview,
  evolveReview,
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
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { sameInfo, type SchoolCreation, type SchoolInfo } from './school-info';

/** The module's streams: `technical-school-<id>`; the id is also the school's organisation id. */
export const technicalSchoolStreams = streamNaming('technical-school');

/**
 * The technical schools' records (basic information, majors, student status) are reviewed by the
 * school's authorities: its prefecture's, then the province's; a school the province supervises
 * directly is reviewed by the province alone. Technical schools are approved and supervised by
 * prefectures and the province, not by counties.
 */
export const SCHOOL_REVIEW_POLICY: ReviewPolicy = { levels: ['city', 'province'], skipMissingLevels: true };

export type TechnicalSchoolCreated = DomainEvent<'TechnicalSchoolCreated', { schoolId: string; authorityId: string; code: string; divisionCode: string; info: SchoolInfo }>;
export type TechnicalSchoolInfoProposed = DomainEvent<'TechnicalSchoolInfoProposed', { info: SchoolInfo }>;
export type TechnicalSchoolInfoApplied = DomainEvent<'TechnicalSchoolInfoApplied', { info: SchoolInfo; authorityId: string }>;
export type TechnicalSchoolInfoDiscarded = DomainEvent<'TechnicalSchoolInfoDiscarded', { reason: string }>;
export type TechnicalSchoolEvent = TechnicalSchoolCreated | TechnicalSchoolInfoProposed | TechnicalSchoolInfoApplied | TechnicalSchoolInfoDiscarded | ReviewEvent;

export type TechnicalSchoolState =
  | { status: 'none' }
  | {
      status: 'active';
      schoolId: string;
      /** The supervising authority (the school's parent in the organisation tree). */
      authorityId: string;
      code: string;
      divisionCode: string;
      /** The information in force. */
      info: SchoolInfo;
      /** A change the school proposed, awaiting review (null when none). */
      pending: SchoolInfo | null;
      review: ReviewState;
    };
type Active = Extract<TechnicalSchoolState, { status: 'active' }>;

export type TechnicalSchoolCommand =
  | { type: 'CreateTechnicalSchool'; schoolId: string; authorityId: string; creation: SchoolCreation }
  | { type: 'ProposeSchoolInfo'; info: SchoolInfo }
  | (ReviewCommand & { policy?: ReviewPolicy });

function requireActive(state: TechnicalSchoolState): Active {
  if (state.status === 'none') throw new NotFoundError('院校不存在');
  return state;
}

function requireSchool(state: Active, context: CommandContext) {
  if (context.actor.orgId !== state.schoolId) throw new ForbiddenError('只有院校本身可以修改或提交院校基本信息');
}

/** A final approval puts the proposed information in force; a rejection discards it. */
export const technicalSchoolReview: ReviewParticipation<TechnicalSchoolState, TechnicalSchoolEvent> = {
  policy: SCHOOL_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'active' ? state.review : undefined),
  notFound: '院校不存在',
  checkSubmission(state, context) {
    const active = requireActive(state);
    requireSchool(active, context);
    if (!active.pending) throw new RuleViolationError('没有待提交审核的院校信息变更', 'technical_school.nothing_pending');
  },
  title: (state) => (state.status === 'active' ? `${(state.pending ?? state.info).name}（基本信息变更）` : ''),
  onDecision(decision, state) {
    const active = requireActive(state);
    if (decision.type === 'ReviewApproved' && decision.data.final && active.pending) {
      return [{ type: 'TechnicalSchoolInfoApplied', data: { info: active.pending, authorityId: active.authorityId } }];
    }
    if (decision.type === 'ReviewRejected' && active.pending) return [{ type: 'TechnicalSchoolInfoDiscarded', data: { reason: decision.data.reason } }];
    return [];
  },
};

function decide(command: TechnicalSchoolCommand, state: TechnicalSchoolState, context: CommandContext): TechnicalSchoolEvent[] {
  if (isReviewCommand(command)) return decideWithReview(technicalSchoolReview, command, state, context);
  switch (command.type) {
    case 'CreateTechnicalSchool': {
      if (state.status !== 'none') {
        // The same creation again (a retried request) changes nothing.
        if (state.code === command.creation.code && state.authorityId === command.authorityId) return [];
        throw new RuleViolationError('该院校已存在', 'technical_school.exists');
      }
      if (!context.actor.orgId) throw new ForbiddenError('只有主管部门可以新增院校');
      const { code, divisionCode, info } = command.creation;
      return [{ type: 'TechnicalSchoolCreated', data: { schoolId: command.schoolId, authorityId: command.authorityId, code, divisionCode, info } }];
    }
    case 'ProposeSchoolInfo': {
      const active = requireActive(state);
      requireSchool(active, context);
      if (active.review.status === 'pending') throw new RuleViolationError('审核中的院校信息不能修改，请先撤回', 'technical_school.pending');
      if (sameInfo(active.pending ?? active.info, command.info)) return [];
      return [{ type: 'TechnicalSchoolInfoProposed', data: { info: command.info } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: TechnicalSchoolState, event: TechnicalSchoolEvent): TechnicalSchoolState {
  if (event.type === 'TechnicalSchoolCreated') {
    const d = event.data;
    // Created by its authority's own act: in force from the start, nothing to review.
    return { status: 'active', schoolId: d.schoolId, authorityId: d.authorityId, code: d.code, divisionCode: d.divisionCode, info: d.info, pending: null, review: { status: 'approved', round: 0 } };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'TechnicalSchoolInfoProposed':
      return { ...state, pending: event.data.info, review: state.review.status === 'pending' ? state.review : reopenReview(state.review) };
    case 'TechnicalSchoolInfoApplied':
      return { ...state, info: event.data.info, pending: null };
    case 'TechnicalSchoolInfoDiscarded':
      // What was in force stays in force: the school's record is not closed by a refused change.
      return { ...state, pending: null, review: { status: 'approved', round: state.review.round } };
    default:
      return assertNever(event);
  }
}

export const technicalSchoolDecider: Decider<TechnicalSchoolCommand, TechnicalSchoolEvent, TechnicalSchoolState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
