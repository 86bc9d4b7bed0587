// 机构培训经费申报 (issue 14 §2): one application per completed class (its id follows from the class),
// made by the class's institution from the calculation (calculation.ts) with the facts and the log
// position it was computed at; recalculated while it is a draft or returned; reviewed through the
// one review workflow (the county, then the prefecture). The final approval reserves the amount on
// the payer's fund: the command layer reserves before the approval is appended (an approval the fund
// cannot cover is refused with the figures and writes nothing), and the approval event names the
// reservation, derived from the application and the review round, so it is never made twice.
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
import type { FundingLine } from '../fund/fund';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { formatYuan, type Fen } from '../shared/money';
import { streamNaming } from '../shared/streams';
import { calculateTrainingFunding, describeFunding, sameValue, type FundingFacts, type FundingResult } from './calculation';

/** The module's streams: `subsidy-application-<id>`. */
export const applicationStreams = streamNaming('subsidy-application');

/** Reviewed by the county, then the prefecture (the levels that exist above the institution). */
export const APPLICATION_REVIEW_POLICY: ReviewPolicy = { levels: ['county', 'city'], skipMissingLevels: true };

/** What the application pays from: the payer's fund of a line and year. */
export type FundingSourceRef = {
  payerId: string;
  line: FundingLine;
  year: number;
  fundId: string;
}

/** The calculation as recorded: the facts, the result, and the log position the facts were read at. */
export type RecordedCalculation = {
  facts: FundingFacts;
  result: FundingResult;
  /** Global log position (decimal string) the class, standards and policy were read at. */
  computedAt: string;
  computedOn: string;
}

export type Reservation = {
  fundId: string;
  reservationId: string;
  amountFen: Fen;
}

export type TrainingFundingApplied = DomainEvent<
  'TrainingFundingApplied',
  { applicationId: string; classId: string; classNo: string; className: string; institutionId: string; source: FundingSourceRef; calculation: RecordedCalculation }
>;
export type TrainingFundingRecalculated = DomainEvent<'TrainingFundingRecalculated', { source: FundingSourceRef; calculation: RecordedCalculation }>;
export type TrainingFundingApproved = DomainEvent<'TrainingFundingApproved', Reservation & { round: number }>;
export type SubsidyApplicationEvent = TrainingFundingApplied | TrainingFundingRecalculated | TrainingFundingApproved | ReviewEvent;

export type SubsidyApplicationState =
  | { status: 'none' }
  | {
      status: 'active';
      applicationId: string;
      classId: string;
      classNo: string;
      className: string;
      institutionId: string;
      source: FundingSourceRef;
      calculation: RecordedCalculation;
      review: ReviewState;
      /** The fund reservation made on approval (null until approved). */
      reservation: Reservation | null;
    };
export type ActiveApplication = Extract<SubsidyApplicationState, { status: 'active' }>;

export type SubsidyApplicationCommand =
  | { type: 'ApplyTrainingFunding'; applicationId: string; source: FundingSourceRef; calculation: RecordedCalculation }
  | { type: 'RecalculateTrainingFunding'; source: FundingSourceRef; calculation: RecordedCalculation }
  | (ReviewCommand & { policy?: ReviewPolicy });

/** The reservation a final approval of a round makes: one per application and round, never twice. */
export const reservationIdOf = (applicationId: string, round: number) => `${applicationId}#${round}`;

const requireActive = (state: SubsidyApplicationState): ActiveApplication => {
  if (state.status === 'none') throw new NotFoundError('补贴申报不存在');
  return state;
};

const requireInstitution = (state: Pick<ActiveApplication, 'institutionId'>, context: CommandContext) => {
  if (context.actor.orgId !== state.institutionId) throw new ForbiddenError('只有开班机构可以申报或修改本班的培训经费');
};

/** The calculation must be the pure function's own answer to its facts, and fund someone. */
function checkCalculation(calculation: RecordedCalculation) {
  const again = calculateTrainingFunding(calculation.facts);
  if (!sameValue(again, calculation.result)) throw new RuleViolationError('申报金额与计算结果不一致，不能手工修改金额', 'subsidy_application.amount_edited');
  if (again.eligible.length === 0) {
    const first = again.excluded[0];
    throw new RuleViolationError(`本班没有符合补贴条件的学员，不能申报${first ? `（如${first.name}：${first.reasons.join('；')}）` : ''}`, 'subsidy_application.nobody_eligible');
  }
}

export const applicationTitle = (state: Pick<ActiveApplication, 'className' | 'calculation'>) => `${state.className} 机构培训经费 ${formatYuan(state.calculation.result.totalFen)}`;

export const applicationReview: ReviewParticipation<SubsidyApplicationState, SubsidyApplicationEvent> = {
  policy: APPLICATION_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'active' ? state.review : undefined),
  notFound: '补贴申报不存在',
  checkSubmission(state, context) {
    const active = requireActive(state);
    requireInstitution(active, context);
  },
  title: (state) => (state.status === 'active' ? applicationTitle(state) : ''),
  onDecision(decision, state) {
    const active = requireActive(state);
    if (decision.type === 'ReviewApproved' && decision.data.final) {
      const { round } = decision.data;
      return [{ type: 'TrainingFundingApproved', data: { fundId: active.source.fundId, reservationId: reservationIdOf(active.applicationId, round), amountFen: active.calculation.result.totalFen, round } }];
    }
    return [];
  },
};

function decide(command: SubsidyApplicationCommand, state: SubsidyApplicationState, context: CommandContext): SubsidyApplicationEvent[] {
  if (isReviewCommand(command)) return decideWithReview(applicationReview, command, state, context);
  switch (command.type) {
    case 'ApplyTrainingFunding': {
      if (state.status === 'active') throw new RuleViolationError(`本班已申报机构培训经费（${describeFunding(state.calculation.result)}），如需更新请重新计算`, 'subsidy_application.exists');
      const { facts } = command.calculation;
      if (context.actor.orgId !== facts.class.institutionId) throw new ForbiddenError('只有开班机构可以申报本班的培训经费');
      checkCalculation(command.calculation);
      const c = facts.class;
      return [{ type: 'TrainingFundingApplied', data: { applicationId: command.applicationId, classId: c.classId, classNo: c.classNo, className: c.name, institutionId: c.institutionId, source: command.source, calculation: command.calculation } }];
    }
    case 'RecalculateTrainingFunding': {
      const active = requireActive(state);
      requireInstitution(active, context);
      const { status } = active.review;
      if (status === 'pending') throw new RuleViolationError('审核中的申报不能重新计算，请先撤回', 'subsidy_application.pending');
      if (status === 'approved' || status === 'rejected') throw new RuleViolationError(`申报已${status === 'approved' ? '审核通过' : '审核不予通过'}，不能重新计算`, 'subsidy_application.decided');
      checkCalculation(command.calculation);
      const same = sameValue(active.calculation.result, command.calculation.result) && sameValue(active.source, command.source);
      if (same) return [];
      return [{ type: 'TrainingFundingRecalculated', data: { source: command.source, calculation: command.calculation } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: SubsidyApplicationState, event: SubsidyApplicationEvent): SubsidyApplicationState {
  if (event.type === 'TrainingFundingApplied') {
    const { applicationId, classId, classNo, className, institutionId, source, calculation } = event.data;
    return { status: 'active', applicationId, classId, classNo, className, institutionId, source, calculation, review: initialReviewState(), reservation: null };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'TrainingFundingRecalculated':
      return { ...state, source: event.data.source, calculation: event.data.calculation, review: state.review.status === 'draft' ? state.review : reopenReview(state.review) };
    case 'TrainingFundingApproved': {
      const { fundId, reservationId, amountFen } = event.data;
      return { ...state, reservation: { fundId, reservationId, amountFen } };
    }
    default:
      return assertNever(event);
  }
}

export const subsidyApplicationDecider: Decider<SubsidyApplicationCommand, SubsidyApplicationEvent, SubsidyApplicationState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
