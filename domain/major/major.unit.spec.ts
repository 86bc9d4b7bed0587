import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError } from '../shared/errors';
import { majorDecider, majorOpenFor, type MajorEvent } from './major';
import type { MajorDetails } from './major-details';

const given = specification(majorDecider);
const SCHOOL = 'school-1';
const details: MajorDetails = { code: '0101-4', name: '机床切削加工（车工）', field: 'machinery', classTypes: ['intermediate', 'advanced'], durationYears: 3, enrolmentPlan: 120, description: '' };
const school = testContext({ id: 'op', orgId: SCHOOL });
const declared: MajorEvent = { type: 'MajorDeclared', data: { majorId: 'm1', schoolId: SCHOOL, details } };
const submitted: MajorEvent = { type: 'ReviewSubmitted', data: { round: 1, title: '机床切削加工（车工）（0101-4）', levels: ['province'], authorities: { province: 'prov' }, submitterOrgId: SCHOOL, submitterId: 'op', note: '' } };
const approval = (round: number): MajorEvent[] => [
  { type: 'ReviewApproved', data: { round, level: 'province', opinion: '同意', attachments: [], final: true } },
];

describe('major', () => {
  it('a school declares a major of its own', () => given().when({ type: 'DeclareMajor', majorId: 'm1', schoolId: SCHOOL, details }, school).then([declared]));
  it('not for another school', () => given().when({ type: 'DeclareMajor', majorId: 'm1', schoolId: 'other', details }, school).thenThrows(ForbiddenError));
  it('the province approves it: the major is approved and open to students', () => {
    given([declared, submitted])
      .when({ type: 'ApproveReview', opinion: '同意' }, testContext({ id: 'rev', orgId: 'prov' }))
      .then([...approval(1), { type: 'MajorApproved', data: { details, version: 1 } }]);
    const state = [declared, submitted, ...approval(1), { type: 'MajorApproved', data: { details, version: 1 } } as MajorEvent].reduce(majorDecider.evolve, majorDecider.initialState());
    expect(majorOpenFor(state, SCHOOL)).toBe(true);
    expect(majorOpenFor(state, 'other')).toBe(false);
    expect(majorOpenFor([declared].reduce(majorDecider.evolve, majorDecider.initialState()), SCHOOL)).toBe(false);
  });
  describe('when approved', () => {
    const approved = [declared, submitted, ...approval(1), { type: 'MajorApproved', data: { details, version: 1 } } as MajorEvent];
    const changed = { ...details, enrolmentPlan: 150 };
    it('a change is proposed and waits for review', () => given(approved).when({ type: 'EditMajor', details: changed }, school).then([{ type: 'MajorChangeProposed', data: { details: changed } }]));
    it('a rejected change is discarded, the approved values stay', () =>
      given([...approved, { type: 'MajorChangeProposed', data: { details: changed } }, { ...submitted, data: { ...submitted.data, round: 2 } } as MajorEvent])
        .when({ type: 'RejectReview', reason: '招生计划超出核定规模' }, testContext({ id: 'rev', orgId: 'prov' }))
        .then([
          { type: 'ReviewRejected', data: { round: 2, level: 'province', reason: '招生计划超出核定规模', attachments: [] } },
          { type: 'MajorChangeDiscarded', data: { reason: '招生计划超出核定规模' } },
        ]));
    it('the same values change nothing', () => given(approved).when({ type: 'EditMajor', details }, school).thenNothing());
  });
  it('cannot be edited while reviewed', () => given([declared, submitted]).when({ type: 'EditMajor', details: { ...details, name: '车工' } }, school).thenThrows(RuleViolationError, '审核中'));
});
