import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { withSubmission } from '../review/review';
import { traineeDecider, traineeReviewingOrg, type TraineeEvent } from './trainee';
import type { TraineePerson } from './trainee-input';

const given = specification(traineeDecider);
const pv = (masked: string, bidx = masked) => ({ cipher: `c.${masked}`, blindIndex: bidx, masked });
const person: TraineePerson = {
  name: '欧阳娜娜',
  idNumber: pv('520102********1234', 'id-1'),
  birthDate: '1998-05-06',
  sex: 'female',
  regionCode: '520102',
  personCategory: 'rural_migrant',
  phone: pv('138****1234', 'ph-1'),
  bankAccount: null,
};
const categories = ['rural_migrant', 'graduate'];
const schoolA = testContext({ id: 'op-a', orgId: 'inst-a' });
const schoolB = testContext({ id: 'op-b', orgId: 'inst-b' });
const countyA = testContext({ id: 'rev-a', orgId: 'auth-520102' });
const enterAs = (institutionId: string, canOperate = true) => ({
  type: 'EnterTrainee' as const,
  traineeId: 't-1',
  person,
  institution: { institutionId, canOperate },
  personCategories: categories,
  confirmedWarnings: [],
});

const registered: TraineeEvent = { type: 'TraineeRegistered', data: { traineeId: 't-1', person, institutionId: 'inst-a' } };
const submittedA: TraineeEvent = {
  type: 'ReviewSubmitted',
  data: { round: 1, title: '欧阳娜娜（520102********1234）', levels: ['county'], authorities: { county: 'auth-520102' }, submitterOrgId: 'inst-a', submitterId: 'op-a', note: '' },
};
const approvedA: TraineeEvent[] = [
  { type: 'ReviewApproved', data: { round: 1, level: 'county', opinion: '同意', attachments: [], final: true } },
  { type: 'TraineeEnrolmentApproved', data: { institutionId: 'inst-a' } },
];

describe('trainee decider', () => {
  it('an effective institution enters a new person', () => given([]).when(enterAs('inst-a'), schoolA).then([registered]));

  it('a suspended or revoked institution cannot enter trainees', () =>
    given([]).when(enterAs('inst-a', false), schoolA).thenThrows(RuleViolationError, /不能录入学员/));

  it('refuses a person category not in the dictionary, and entering in another institution\'s name', () => {
    given([]).when({ ...enterAs('inst-a'), person: { ...person, personCategory: 'astronaut' } }, schoolA).thenThrows(ValidationError);
    given([]).when(enterAs('inst-b'), schoolA).thenThrows(ForbiddenError);
  });

  it('enters and submits in one step when asked, to the institution\'s county', () =>
    specification(withSubmission(traineeDecider, { type: 'SubmitForReview', authorities: { county: 'auth-520102', city: 'auth-520100' } }))([])
      .when(enterAs('inst-a'), schoolA)
      .then([registered, submittedA]));

  it('the county approves the entry', () => given([registered, submittedA]).when({ type: 'ApproveReview', opinion: '同意' }, countyA).then(approvedA));

  it('a second institution entering the same person links to the record, flagged, never a copy', () =>
    given([registered, submittedA, ...approvedA]).when(enterAs('inst-b'), schoolB).then([{ type: 'TraineeEnrolmentRequested', data: { institutionId: 'inst-b', duplicateEntry: true } }]));

  it('entering again from the same institution changes nothing', () => given([registered, submittedA, ...approvedA]).when(enterAs('inst-a'), schoolA).thenNothing());

  it('while another institution\'s entry is in review, a second entry waits', () =>
    given([registered, submittedA]).when(enterAs('inst-b'), schoolB).thenThrows(RuleViolationError, /正在审核中/));

  it('the ID number of a person never changes; an institution not enrolling them cannot edit', () => {
    given([registered, submittedA, ...approvedA])
      .when({ type: 'UpdateTrainee', person: { ...person, idNumber: pv('x', 'id-2') }, personCategories: categories, confirmedWarnings: [] }, schoolA)
      .thenThrows(RuleViolationError, /身份证号码不能修改/);
    given([registered, submittedA, ...approvedA])
      .when({ type: 'UpdateTrainee', person: { ...person, name: '欧阳娜' }, personCategories: categories, confirmedWarnings: [] }, schoolB)
      .thenThrows(ForbiddenError);
  });

  it('rejecting a second institution\'s entry leaves the first one approved', () => {
    const requested: TraineeEvent = { type: 'TraineeEnrolmentRequested', data: { institutionId: 'inst-b', duplicateEntry: true } };
    const submittedB = { ...submittedA, data: { ...(submittedA.data as object), round: 2, submitterOrgId: 'inst-b', submitterId: 'op-b', authorities: { county: 'auth-520103' } } } as TraineeEvent;
    given([registered, submittedA, ...approvedA, requested, submittedB])
      .when({ type: 'RejectReview', reason: '重复报名' }, testContext({ id: 'rev-b', orgId: 'auth-520103' }))
      .then([
        { type: 'ReviewRejected', data: { round: 2, level: 'county', reason: '重复报名', attachments: [] } },
        { type: 'TraineeEnrolmentRejected', data: { institutionId: 'inst-b', reason: '重复报名' } },
      ]);
  });

  describe('links and changes to an approved person', () => {
    const requestedB: TraineeEvent = { type: 'TraineeEnrolmentRequested', data: { institutionId: 'inst-b', duplicateEntry: true } };
    const approvedPerson = [registered, submittedA, ...approvedA];
    const update = (name: string) => ({ type: 'UpdateTrainee' as const, person: { ...person, name }, personCategories: categories, confirmedWarnings: [] });
    const proposedByA: TraineeEvent = { type: 'TraineeDetailsChangeProposed', data: { person: { ...person, name: '欧阳娜' }, institutionId: 'inst-a' } };
    const homeCounty = testContext({ id: 'rev-a', orgId: 'auth-520102' });
    const submittedChange = { ...submittedA, data: { ...(submittedA.data as object), round: 2 } } as TraineeEvent;

    it('a pending link by a second institution gives it no right to change the approved person', () =>
      given([...approvedPerson, requestedB]).when(update('冒名顶替'), schoolB).thenThrows(ForbiddenError));

    it('nor does a rejected link', () => {
      const rejectedB: TraineeEvent = { type: 'TraineeEnrolmentRejected', data: { institutionId: 'inst-b', reason: '重复' } };
      given([...approvedPerson, requestedB, rejectedB]).when(update('冒名顶替'), schoolB).thenThrows(ForbiddenError);
    });

    it('before anyone approved the person, the entrant edits its draft directly', () =>
      given([registered]).when(update('欧阳娜'), schoolA).then([{ type: 'TraineeDetailsUpdated', data: { person: { ...person, name: '欧阳娜' } } }]));

    it('the approved person is changed only by a request: the details in force stay until it is approved', () => {
      given(approvedPerson).when(update('欧阳娜'), schoolA).then([proposedByA]);
      const state = [...approvedPerson, proposedByA].reduce(traineeDecider.evolve, traineeDecider.initialState());
      expect(state.status === 'registered' && state.person.name).toBe('欧阳娜娜');
      expect(state.status === 'registered' && state.proposal?.person.name).toBe('欧阳娜');
    });

    it('the home authority approving the request puts the change in force', () => {
      const events = [...approvedPerson, proposedByA, submittedChange];
      given(events)
        .when({ type: 'ApproveReview', opinion: '同意' }, homeCounty)
        .then([
          { type: 'ReviewApproved', data: { round: 2, level: 'county', opinion: '同意', attachments: [], final: true } },
          { type: 'TraineeDetailsChangeApproved', data: { institutionId: 'inst-a' } },
        ]);
      const after = [...events, { type: 'ReviewApproved', data: { round: 2, level: 'county', opinion: '同意', attachments: [], final: true } }, { type: 'TraineeDetailsChangeApproved', data: { institutionId: 'inst-a' } }] as TraineeEvent[];
      const state = after.reduce(traineeDecider.evolve, traineeDecider.initialState());
      expect(state.status === 'registered' && [state.person.name, state.proposal, state.review.status]).toEqual(['欧阳娜', null, 'approved']);
    });

    it('a rejected request leaves the approved details as they were', () => {
      const events = [...approvedPerson, proposedByA, submittedChange];
      given(events)
        .when({ type: 'RejectReview', reason: '材料不符' }, homeCounty)
        .then([
          { type: 'ReviewRejected', data: { round: 2, level: 'county', reason: '材料不符', attachments: [] } },
          { type: 'TraineeDetailsChangeRejected', data: { institutionId: 'inst-a', reason: '材料不符' } },
        ]);
    });

    it('a change requested by another approved institution is reviewed by the home authority, and blocks others meanwhile', () => {
      const approvedB: TraineeEvent[] = [
        requestedB,
        { ...submittedA, data: { ...(submittedA.data as object), round: 2, submitterOrgId: 'inst-b', authorities: { county: 'auth-520103' } } } as TraineeEvent,
        { type: 'ReviewApproved', data: { round: 2, level: 'county', opinion: '同意', attachments: [], final: true } },
        { type: 'TraineeEnrolmentApproved', data: { institutionId: 'inst-b' } },
      ];
      const proposedByB: TraineeEvent = { type: 'TraineeDetailsChangeProposed', data: { person: { ...person, name: '欧阳娜' }, institutionId: 'inst-b' } };
      given([...approvedPerson, ...approvedB]).when(update('欧阳娜'), schoolB).then([proposedByB]);
      const state = [...approvedPerson, ...approvedB, proposedByB].reduce(traineeDecider.evolve, traineeDecider.initialState());
      expect(traineeReviewingOrg(state, 'inst-b')).toBe('inst-a');
      given([...approvedPerson, ...approvedB, proposedByB]).when(update('欧阳'), schoolA).thenThrows(RuleViolationError, /其他机构提出的信息变更/);
    });

    it('an entry without a change is reviewed by the entrant\'s own authority', () => {
      const state = [...approvedPerson, requestedB].reduce(traineeDecider.evolve, traineeDecider.initialState());
      expect(traineeReviewingOrg(state, 'inst-b')).toBe('inst-b');
    });
  });
});
