// The review workflow on its own: the steps every module shares, and the composition a module
// plugs into (decideWithReview), on a minimal record that is nothing but its review state.
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import type { CommandContext, Decider, DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import {
  decideWithReview,
  evolveReview,
  initialReviewState,
  isReviewCommand,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewParticipation,
  type ReviewPolicy,
  type ReviewState,
} from './review';

type Opened = DomainEvent<'Opened', { ownerOrgId: string }>;
type Closed = DomainEvent<'Closed', { outcome: string }>;
type Event = Opened | Closed | ReviewEvent;
type State = { status: 'none' } | { status: 'open'; ownerOrgId: string; review: ReviewState; closed: string | null };
type Command = { type: 'Open'; ownerOrgId: string } | (ReviewCommand & { policy?: ReviewPolicy });

const participation: ReviewParticipation<State, Event> = {
  policy: { levels: ['county', 'city'] },
  reviewOf: (state) => (state.status === 'open' ? state.review : undefined),
  notFound: '记录不存在',
  checkSubmission(state, context) {
    if (state.status === 'open' && state.ownerOrgId !== context.actor.orgId) throw new ForbiddenError('只有登记单位可以提交');
  },
  title: () => '测试记录',
  onDecision: (decision) =>
    decision.type === 'ReviewApproved' && decision.data.final ? [{ type: 'Closed', data: { outcome: 'approved' } }] : decision.type === 'ReviewRejected' ? [{ type: 'Closed', data: { outcome: 'rejected' } }] : [],
};

const decider: Decider<Command, Event, State> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    if (event.type === 'Opened') return { status: 'open', ownerOrgId: event.data.ownerOrgId, review: initialReviewState(), closed: null };
    if (state.status === 'none') return state;
    if (event.type === 'Closed') return { ...state, closed: event.data.outcome };
    return { ...state, review: evolveReview(state.review, event) };
  },
  decide(command, state, context: CommandContext) {
    if (isReviewCommand(command)) return decideWithReview(participation, command, state, context);
    return [{ type: 'Opened', data: { ownerOrgId: command.ownerOrgId } }];
  },
};

const given = specification(decider);
const school = testContext({ id: 'op-1', orgId: 'inst-1' });
const otherSchool = testContext({ id: 'op-2', orgId: 'inst-2' });
const county = testContext({ id: 'rev-county', orgId: 'auth-county' });
const city = testContext({ id: 'rev-city', orgId: 'auth-city' });
const opened: Event = { type: 'Opened', data: { ownerOrgId: 'inst-1' } };
const authorities = { county: 'auth-county', city: 'auth-city' };
const submitted: Event = {
  type: 'ReviewSubmitted',
  data: { round: 1, title: '测试记录', levels: ['county', 'city'], authorities, submitterOrgId: 'inst-1', submitterId: 'op-1', note: '' },
};
const countyApproved: Event = { type: 'ReviewApproved', data: { round: 1, level: 'county', opinion: '同意', attachments: [], final: false } };

describe('review workflow', () => {
  describe('submission', () => {
    it('submits to every configured level, naming the authorities fixed at submission', () =>
      given([opened]).when({ type: 'SubmitForReview', authorities }, school).then([submitted]));

    it('refuses when a level has no authority, unless the policy skips missing levels', () => {
      given([opened]).when({ type: 'SubmitForReview', authorities: { city: 'auth-city' } }, school).thenThrows(RuleViolationError, /找不到区县级审核机构/);
      given([opened])
        .when({ type: 'SubmitForReview', authorities: { city: 'auth-city' }, policy: { levels: ['county', 'city'], skipMissingLevels: true } }, school)
        .then([{ type: 'ReviewSubmitted', data: { round: 1, title: '测试记录', levels: ['city'], authorities: { city: 'auth-city' }, submitterOrgId: 'inst-1', submitterId: 'op-1', note: '' } }]);
    });

    it('runs the module\'s own check first, and refuses a record that does not exist', () => {
      given([opened]).when({ type: 'SubmitForReview', authorities }, otherSchool).thenThrows(ForbiddenError, /只有登记单位可以提交/);
      given([]).when({ type: 'SubmitForReview', authorities }, school).thenThrows(NotFoundError, /记录不存在/);
    });

    it('cannot submit twice while pending', () => given([opened, submitted]).when({ type: 'SubmitForReview', authorities }, school).thenThrows(RuleViolationError, /已在审核中/));
  });

  describe('when pending', () => {
    it('each level approves in turn; only the last approval is final, and the module adds what it does', () => {
      given([opened, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, county).then([countyApproved]);
      given([opened, submitted, countyApproved])
        .when({ type: 'ApproveReview', opinion: '同意登记' }, city)
        .then([
          { type: 'ReviewApproved', data: { round: 1, level: 'city', opinion: '同意登记', attachments: [], final: true } },
          { type: 'Closed', data: { outcome: 'approved' } },
        ]);
    });

    it('only the authority of the current level decides, and never the submitter', () => {
      given([opened, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, city).thenThrows(ForbiddenError, /区县级审核/);
      const selfReview = testContext({ id: 'op-1', orgId: 'auth-county' });
      given([opened, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, selfReview).thenThrows(ForbiddenError, /提交人不能审核/);
    });

    it('an opinion or a reason is required', () => {
      given([opened, submitted]).when({ type: 'ApproveReview', opinion: '  ' }, county).thenThrows(RuleViolationError, /请填写审核意见/);
      given([opened, submitted]).when({ type: 'ReturnReview', reason: '' }, county).thenThrows(RuleViolationError, /请填写退回原因/);
      given([opened, submitted]).when({ type: 'ApproveReview', opinion: '同意\u0000' }, county).thenThrows(ValidationError);
    });

    it('a return goes back to the submitter; a rejection ends the round and the module acts on it', () => {
      given([opened, submitted]).when({ type: 'ReturnReview', reason: '材料不全' }, county).then([{ type: 'ReviewReturned', data: { round: 1, level: 'county', reason: '材料不全', attachments: [] } }]);
      given([opened, submitted])
        .when({ type: 'RejectReview', reason: '不符合条件' }, county)
        .then([
          { type: 'ReviewRejected', data: { round: 1, level: 'county', reason: '不符合条件', attachments: [] } },
          { type: 'Closed', data: { outcome: 'rejected' } },
        ]);
    });

    it('only the submitting organisation withdraws', () => {
      given([opened, submitted]).when({ type: 'WithdrawReview', reason: '补充材料' }, school).then([{ type: 'ReviewWithdrawn', data: { round: 1, reason: '补充材料' } }]);
      given([opened, submitted]).when({ type: 'WithdrawReview' }, otherSchool).thenThrows(ForbiddenError, /只有提交单位可以撤回/);
    });
  });

  describe('when not pending', () => {
    it('decisions and withdrawals are refused with the current state named', () => {
      given([opened]).when({ type: 'ApproveReview', opinion: '同意' }, county).thenThrows(RuleViolationError, /“草稿”状态，不在审核中/);
      given([opened]).when({ type: 'WithdrawReview' }, school).thenThrows(RuleViolationError, /只有审核中的记录可以撤回/);
    });

    it('a returned record is submitted again in a new round', () => {
      const returned: Event = { type: 'ReviewReturned', data: { round: 1, level: 'county', reason: '材料不全', attachments: [] } };
      given([opened, submitted, returned])
        .when({ type: 'SubmitForReview', authorities }, school)
        .then([{ type: 'ReviewSubmitted', data: { round: 2, title: '测试记录', levels: ['county', 'city'], authorities, submitterOrgId: 'inst-1', submitterId: 'op-1', note: '' } }]);
    });

    it('a rejected record cannot be submitted again', () => {
      const rejected: Event = { type: 'ReviewRejected', data: { round: 1, level: 'county', reason: '不符合条件', attachments: [] } };
      given([opened, submitted, rejected]).when({ type: 'SubmitForReview', authorities }, school).thenThrows(RuleViolationError, /审核未通过/);
    });
  });

  it('tells review commands from a module\'s own', () => {
    expect(isReviewCommand<Command>({ type: 'ApproveReview', opinion: 'x' })).toBe(true);
    expect(isReviewCommand<Command>({ type: 'Open', ownerOrgId: 'x' })).toBe(false);
  });
});
