import { describe, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { traineeDecider, type TraineeEvent } from './trainee';
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
    given([]).when({ ...enterAs('inst-a'), submit: { authorities: { county: 'auth-520102', city: 'auth-520100' } } }, schoolA).then([registered, submittedA]));

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
});
