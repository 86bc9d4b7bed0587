import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import type { ReviewAuthorities } from '../review/review';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { occupationDecider, type OccupationEvent } from './occupation';
import { parseOccupationDetails, type OccupationDetails } from './occupation-details';

const given = specification(occupationDecider);
const institution = testContext({ id: 'operator-1', orgId: 'inst-1', role: 'institution_operator' });
const county = testContext({ id: 'county-reviewer', orgId: 'county-520102', role: 'reviewer' });
const city = testContext({ id: 'city-reviewer', orgId: 'city-520100', role: 'reviewer' });
const otherCounty = testContext({ id: 'other-reviewer', orgId: 'county-520103', role: 'reviewer' });
const authorities: ReviewAuthorities = { county: 'county-520102', city: 'city-520100', province: 'prov-520000' };

const details: OccupationDetails = { code: '4-03-02-01', name: '中式烹调师', level: '4', hours: 120, scope: '中式热菜、冷菜制作' };
const amended: OccupationDetails = { ...details, hours: 160 };

const declared: OccupationEvent = { type: 'OccupationDeclared', data: { occupationId: 'occ-1', institutionId: 'inst-1', details } };
const submitted: OccupationEvent = {
  type: 'ReviewSubmitted',
  data: { round: 1, title: '中式烹调师（4-03-02-01）', levels: ['county', 'city'], authorities: { county: 'county-520102', city: 'city-520100' }, submitterOrgId: 'inst-1', submitterId: 'operator-1', note: '' },
};
const countyApproved: OccupationEvent = { type: 'ReviewApproved', data: { round: 1, level: 'county', opinion: '材料齐全', attachments: [], final: false } };
const cityApproved: OccupationEvent = { type: 'ReviewApproved', data: { round: 1, level: 'city', opinion: '同意', attachments: [], final: true } };
const published: OccupationEvent = { type: 'OccupationPublished', data: { details, version: 1 } };

describe('occupation details', () => {
  it('accepts a valid declaration and trims text', () => {
    expect(parseOccupationDetails({ ...details, name: ' 中式烹调师 ' })).toEqual(details);
  });

  it('lists every bad field with a Chinese message', () => {
    let error: unknown;
    try {
      parseOccupationDetails({ code: '4030201', name: '', level: '6', hours: 0.5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const fields = Object.fromEntries((error as ValidationError).fields.map((f) => [f.field, f.message]));
    expect(fields).toEqual({
      code: '工种编码格式应为“4-03-02-01”（职业分类大典编码）',
      name: '工种名称不能为空',
      level: '技能等级不在可选范围内',
      hours: '培训课时必须是整数',
    });
  });

  it('reports a missing field as required', () => {
    expect(() => parseOccupationDetails({ code: '4-03-02-01', name: '电工', level: '5' })).toThrow(ValidationError);
    try {
      parseOccupationDetails({ code: '4-03-02-01', name: '电工', level: '5' });
    } catch (e) {
      expect((e as ValidationError).fields).toEqual([{ field: 'hours', message: '培训课时不能为空' }]);
    }
  });
});

describe('occupation decider', () => {
  describe('when nothing exists', () => {
    it('an institution declares an occupation in its own name', () =>
      given([])
        .when({ type: 'DeclareOccupation', occupationId: 'occ-1', institutionId: 'inst-1', details }, institution)
        .then([declared]));

    it('refuses a declaration in another institution\'s name', () =>
      given([]).when({ type: 'DeclareOccupation', occupationId: 'occ-1', institutionId: 'inst-2', details }, institution).thenThrows(ForbiddenError));

    it('cannot submit a record that does not exist', () =>
      given([]).when({ type: 'SubmitForReview', authorities }, institution).thenThrows(NotFoundError));
  });

  describe('when declared (draft)', () => {
    it('submits for review at the configured levels, with their authorities', () =>
      given([declared]).when({ type: 'SubmitForReview', authorities }, institution).then([submitted]));

    it('uses a configured policy when one is given', () =>
      given([declared])
        .when({ type: 'SubmitForReview', authorities, policy: { levels: ['county'] } }, institution)
        .then([{ ...submitted, data: { ...submitted.data, levels: ['county'], authorities: { county: 'county-520102' } } } as OccupationEvent]));

    it('refuses to submit without an authority for every level', () =>
      given([declared]).when({ type: 'SubmitForReview', authorities: { county: 'county-520102' } }, institution).thenThrows(RuleViolationError, /市州级审核机构/));

    it('edits the draft; an unchanged edit produces nothing', () => {
      given([declared]).when({ type: 'EditOccupation', details: amended }, institution).then([{ type: 'OccupationDraftUpdated', data: { details: amended } }]);
      given([declared]).when({ type: 'EditOccupation', details }, institution).thenNothing();
    });

    it('does not let another organisation edit or submit', () => {
      given([declared]).when({ type: 'EditOccupation', details: amended }, county).thenThrows(ForbiddenError);
      given([declared]).when({ type: 'SubmitForReview', authorities }, county).thenThrows(ForbiddenError);
    });
  });

  describe('when submitted', () => {
    it('the submitter cannot review what they submitted, even as a member of the reviewing body', () =>
      given([declared, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, testContext({ id: 'operator-1', orgId: 'county-520102' })).thenThrows(ForbiddenError, /提交人不能审核/));

    it('the county approves first, with an opinion, not final', () =>
      given([declared, submitted]).when({ type: 'ApproveReview', opinion: '材料齐全' }, county).then([countyApproved]));

    it('refuses a reviewer of another county or of the wrong level', () => {
      given([declared, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, otherCounty).thenThrows(ForbiddenError, /区县级审核/);
      given([declared, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, city).thenThrows(ForbiddenError);
    });

    it('requires an opinion to approve and a reason to return', () => {
      given([declared, submitted]).when({ type: 'ApproveReview', opinion: '  ' }, county).thenThrows(RuleViolationError, /审核意见/);
      given([declared, submitted]).when({ type: 'ReturnReview', reason: '' }, county).thenThrows(RuleViolationError, /退回原因/);
    });

    it('cannot be edited or submitted twice', () => {
      given([declared, submitted]).when({ type: 'EditOccupation', details: amended }, institution).thenThrows(RuleViolationError, /先撤回/);
      given([declared, submitted]).when({ type: 'SubmitForReview', authorities }, institution).thenThrows(RuleViolationError, /重复提交/);
    });

    it('the submitter withdraws it; nobody else can', () => {
      given([declared, submitted]).when({ type: 'WithdrawReview', reason: '补充材料' }, institution).then([{ type: 'ReviewWithdrawn', data: { round: 1, reason: '补充材料' } }]);
      given([declared, submitted]).when({ type: 'WithdrawReview' }, county).thenThrows(ForbiddenError);
    });

    it('the city\'s final approval publishes the declared values', () =>
      given([declared, submitted, countyApproved]).when({ type: 'ApproveReview', opinion: '同意' }, city).then([cityApproved, published]));
  });

  describe('when returned', () => {
    const returned: OccupationEvent = { type: 'ReviewReturned', data: { round: 1, level: 'city', reason: '课时不足', attachments: [] } };
    it('the institution edits and resubmits in a new round', () => {
      const history = [declared, submitted, countyApproved, returned];
      given(history).when({ type: 'EditOccupation', details: amended }, institution).then([{ type: 'OccupationDraftUpdated', data: { details: amended } }]);
      given([...history, { type: 'OccupationDraftUpdated', data: { details: amended } }])
        .when({ type: 'SubmitForReview', authorities }, institution)
        .then([{ ...submitted, data: { ...submitted.data, round: 2, title: '中式烹调师（4-03-02-01）' } } as OccupationEvent]);
    });
  });

  describe('when rejected', () => {
    const rejected: OccupationEvent = { type: 'ReviewRejected', data: { round: 1, level: 'county', reason: '不具备培训条件', attachments: [] } };
    it('a first declaration is final: no edit, no resubmission', () => {
      given([declared, submitted, rejected]).when({ type: 'EditOccupation', details: amended }, institution).thenThrows(RuleViolationError);
      given([declared, submitted, rejected]).when({ type: 'SubmitForReview', authorities }, institution).thenThrows(RuleViolationError);
    });
  });

  describe('when published', () => {
    const history = [declared, submitted, countyApproved, cityApproved, published];
    const proposed: OccupationEvent = { type: 'OccupationAmendmentProposed', data: { details: amended } };
    const round2: OccupationEvent = { ...submitted, data: { ...submitted.data, round: 2 } } as OccupationEvent;

    it('an edit proposes an amendment that must be reviewed again', () => {
      given(history).when({ type: 'EditOccupation', details: amended }, institution).then([proposed]);
      given([...history, proposed]).when({ type: 'SubmitForReview', authorities }, institution).then([round2]);
    });

    it('approving the amendment publishes version 2', () =>
      given([...history, proposed, round2, { ...countyApproved, data: { ...countyApproved.data, round: 2 } } as OccupationEvent])
        .when({ type: 'ApproveReview', opinion: '同意变更' }, city)
        .then([
          { type: 'ReviewApproved', data: { round: 2, level: 'city', opinion: '同意变更', attachments: [], final: true } },
          { type: 'OccupationPublished', data: { details: amended, version: 2 } },
        ]));

    it('rejecting the amendment discards it and keeps the published values', () => {
      const events = occupationDecider.decide(
        { type: 'RejectReview', reason: '不同意' },
        [...history, proposed, round2].reduce(occupationDecider.evolve, occupationDecider.initialState()),
        county,
      );
      expect(events.map((e) => e.type)).toEqual(['ReviewRejected', 'OccupationAmendmentDiscarded']);
      const state = [...history, proposed, round2, ...events].reduce(occupationDecider.evolve, occupationDecider.initialState());
      expect(state).toMatchObject({ published: details, pending: null, version: 1, review: { status: 'approved' } });
    });

    it('cannot be submitted without a pending change', () =>
      given(history).when({ type: 'SubmitForReview', authorities }, institution).thenThrows(RuleViolationError, /没有待提交/));
  });
});
