import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ValidationError, ForbiddenError, RuleViolationError } from '../shared/errors';
import { institutionDecider, institutionPenaltiesInForce, type InstitutionEvent } from './institution';
import { institutionWarnings, parseInstitutionInput, type InstitutionDetails } from './institution-details';

const given = specification(institutionDecider);
const protectedValue = (masked: string) => ({ cipher: `pii1.k.${masked}`, blindIndex: `bi1.k.${masked}`, masked });
const details: InstitutionDetails = {
  name: '贵阳市南明区阳光职业技能培训学校',
  supervisingAuthorityId: 'auth-520102',
  registeredAddress: '贵阳市南明区花果园',
  schoolAddress: '贵阳市南明区花果园R1区',
  legalPersonName: '王建国',
  legalPersonIdNumber: protectedValue('520102********1234'),
  trainingHead: '李娜',
  phone: protectedValue('138****1234'),
  occupationScope: [{ code: '4-03-02-01', name: '中式烹调师' }],
  nature: 'private',
  category: 'ordinary',
  categoryTags: [],
  designated: true,
  recognitionDate: '2024-03-01',
  approvalDate: '2024-03-01',
  validUntil: '2027-02-28',
  scale: 300,
  floorArea: 800,
  bankAccount: protectedValue('6222***********3445'),
  bankAccountName: '贵阳市南明区阳光职业技能培训学校',
  licenceNumber: '教民152010270001',
  documents: [{ fileId: 'f1', name: '办学许可证.pdf', kind: 'licence' }],
  creditCode: '52520102MJ0000000X',
};

const county = testContext({ id: 'registrar', orgId: 'auth-520102' });
const countyReviewer = testContext({ id: 'county-reviewer', orgId: 'auth-520102' });
const city = testContext({ id: 'city-reviewer', orgId: 'auth-520100' });
const school = testContext({ id: 'operator', orgId: 'inst-1' });
const at = (now: string, base = county) => ({ ...base, now });

const registered: InstitutionEvent = { type: 'InstitutionRegistered', data: { institutionId: 'inst-1', details, registeredByOrgId: 'auth-520102' } };
const submitted: InstitutionEvent = {
  type: 'ReviewSubmitted',
  data: { round: 1, title: details.name, levels: ['county', 'city'], authorities: { county: 'auth-520102', city: 'auth-520100' }, submitterOrgId: 'auth-520102', submitterId: 'registrar', note: '' },
};
const countyOk: InstitutionEvent = { type: 'ReviewApproved', data: { round: 1, level: 'county', opinion: '同意', attachments: [], final: false } };
const cityOk: InstitutionEvent = { type: 'ReviewApproved', data: { round: 1, level: 'city', opinion: '同意', attachments: [], final: true } };
const activated: InstitutionEvent = { type: 'InstitutionActivated', data: { details, version: 1 } };
const active = [registered, submitted, countyOk, cityOk, activated];

describe('institution input', () => {
  const valid = {
    ...details,
    legalPersonIdNumber: '11010519491231002X',
    phone: '0851-85551234',
    bankAccount: '6222020200000000000',
    creditCode: '91350100M000100Y43',
  };
  it('accepts a complete record and asks to confirm a bank account that fails Luhn', () => {
    const input = parseInstitutionInput(valid, '2026-11-25');
    expect(input.legalPersonIdNumber).toBe('11010519491231002X');
    expect(institutionWarnings(input).map((w) => [w.code, w.field])).toEqual([['BANK_CARD_LUHN_FAILED', 'bankAccount']]);
  });
  const fieldsOf = (input: unknown) => {
    try {
      parseInstitutionInput(input, '2026-11-25');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).fields;
    }
    throw new Error('accepted');
  };
  it('refuses a wrong ID check digit', () =>
    expect(fieldsOf({ ...valid, legalPersonIdNumber: '110105194912310021' })).toEqual([{ field: 'legalPersonIdNumber', message: '法人身份证号校验位不正确，请逐位核对' }]));
  it('then checks the record as a whole: dates in order, a licence among the documents', () =>
    expect(fieldsOf({ ...valid, validUntil: '2023-01-01', documents: [] })).toEqual([
      { field: 'validUntil', message: '有效日期应晚于批准日期' },
      { field: 'documents', message: '请上传办学许可证' },
    ]));
});

describe('institution decider', () => {
  it('a supervising authority registers; the county reviews, the city approves, and it becomes effective', () => {
    given([]).when({ type: 'RegisterInstitution', institutionId: 'inst-1', details, confirmedWarnings: [] }, county).then([registered]);
    given([registered, submitted, countyOk]).when({ type: 'ApproveReview', opinion: '同意' }, city).then([cityOk, activated]);
  });

  it('the registrar cannot approve their own submission', () =>
    given([registered, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, county).thenThrows(ForbiddenError, /提交人不能审核/));

  it('the county reviewer (another person of the registering body) can', () =>
    given([registered, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, countyReviewer).then([countyOk]));

  it('once effective, a change by the institution is pending until approved; the effective values stay', () => {
    const changed = { ...details, scale: 500 };
    given(active).when({ type: 'EditInstitution', details: changed, confirmedWarnings: [] }, school).then([{ type: 'InstitutionChangeProposed', data: { details: changed } }]);
    const state = [...active, { type: 'InstitutionChangeProposed', data: { details: changed } } as InstitutionEvent].reduce(institutionDecider.evolve, institutionDecider.initialState());
    expect(state).toMatchObject({ lifecycle: 'active', effective: { scale: 300 }, pending: { scale: 500 }, review: { status: 'draft' } });
  });

  it('an unchanged edit produces nothing; another institution cannot edit', () => {
    given(active).when({ type: 'EditInstitution', details, confirmedWarnings: [] }, school).thenNothing();
    given(active).when({ type: 'EditInstitution', details: { ...details, scale: 1 }, confirmedWarnings: [] }, testContext({ orgId: 'inst-2' })).thenThrows(ForbiddenError);
  });

  describe('the licence job', () => {
    it('says nothing long before the end, tells once within 30 days, suspends after the end', () => {
      given(active).when({ type: 'CheckLicence' }, at('2026-11-25T02:00:00Z')).thenNothing();
      const notice: InstitutionEvent = { type: 'InstitutionLicenceExpiring', data: { validUntil: '2027-02-28', daysLeft: 28 } };
      given(active).when({ type: 'CheckLicence' }, at('2027-01-31T02:00:00Z')).then([notice]);
      given([...active, notice]).when({ type: 'CheckLicence' }, at('2027-02-01T02:00:00Z')).thenNothing();
      given([...active, notice]).when({ type: 'CheckLicence' }, at('2027-03-01T02:00:00Z')).then([{ type: 'InstitutionSuspended', data: { reason: 'licence_expired', validUntil: '2027-02-28' } }]);
    });

    it('a renewed licence, once approved, reinstates a suspended institution', () => {
      const suspended: InstitutionEvent = { type: 'InstitutionSuspended', data: { reason: 'licence_expired', validUntil: '2027-02-28' } };
      const renewed = { ...details, validUntil: '2030-02-28' };
      const round2 = [
        { type: 'InstitutionChangeProposed', data: { details: renewed } },
        { ...submitted, data: { ...(submitted.data as object), round: 2, submitterId: 'operator' } },
        { ...countyOk, data: { ...(countyOk.data as object), round: 2 } },
      ] as InstitutionEvent[];
      given([...active, suspended, ...round2])
        .when({ type: 'ApproveReview', opinion: '许可证已换发' }, at('2027-03-10T02:00:00Z', city))
        .then([
          { type: 'ReviewApproved', data: { round: 2, level: 'city', opinion: '许可证已换发', attachments: [], final: true } },
          { type: 'InstitutionChangeApplied', data: { details: renewed, version: 2 } },
          { type: 'InstitutionReinstated', data: { validUntil: '2030-02-28' } },
        ]);
    });
  });

  describe('private institutions', () => {
    it('the supervising authority records one annual review per year', () => {
      const reviewed: InstitutionEvent = { type: 'InstitutionAnnualReviewed', data: { year: 2026, outcome: 'passed', opinion: '合格' } };
      given(active).when({ type: 'RecordAnnualReview', year: 2026, outcome: 'passed', opinion: '合格' }, at('2026-11-25T02:00:00Z')).then([reviewed]);
      given([...active, reviewed]).when({ type: 'RecordAnnualReview', year: 2026, outcome: 'failed', opinion: '再审' }, at('2026-11-25T02:00:00Z')).thenThrows(RuleViolationError, /已记录/);
      given(active).when({ type: 'RecordAnnualReview', year: 2026, outcome: 'passed', opinion: '合格' }, at('2026-11-25T02:00:00Z', school)).thenThrows(ForbiddenError);
    });

    it('a public institution has no annual review', () =>
      given([registered, submitted, countyOk, cityOk, { type: 'InstitutionActivated', data: { details: { ...details, nature: 'hrss_direct' }, version: 1 } }])
        .when({ type: 'RecordAnnualReview', year: 2026, outcome: 'passed', opinion: '合格' }, at('2026-11-25T02:00:00Z'))
        .thenThrows(RuleViolationError, /民办/));

    it('revocation needs a reason, is final, and stops every change', () => {
      const revoked: InstitutionEvent = { type: 'InstitutionRevoked', data: { reason: '年审不合格且逾期未整改' } };
      given(active).when({ type: 'RevokeInstitution', reason: ' ' }, county).thenThrows(RuleViolationError, /撤销原因/);
      given(active).when({ type: 'RevokeInstitution', reason: '年审不合格且逾期未整改' }, county).then([revoked]);
      given([...active, revoked]).when({ type: 'EditInstitution', details: { ...details, scale: 1 }, confirmedWarnings: [] }, school).thenThrows(RuleViolationError, /已撤销/);
      given([...active, revoked]).when({ type: 'CheckLicence' }, at('2030-01-01T00:00:00Z')).thenNothing();
    });
  });
  describe('the penalty ladder (约谈, 整改通知书, 通报, 解约)', () => {
    const supervising = { supervises: true };
    const impose = (kind: 'interview' | 'rectification_notice' | 'public_notice' | 'termination', over: Record<string, unknown> = {}) =>
      ({ type: 'ImposePenalty' as const, penaltyId: `p-${kind}`, kind, reason: '检查发现学员签到造假', authority: supervising, ...over });
    const on = '2026-11-25T02:00:00Z';
    const notice: InstitutionEvent = {
      type: 'InstitutionPenaltyImposed',
      data: { penalty: { penaltyId: 'p-rectification_notice', kind: 'rectification_notice', reason: '检查发现学员签到造假', basis: null, imposedOn: '2026-11-25', byOrgId: 'auth-520102', barredUntil: '2027-01-31' } },
    };

    it('a supervising authority imposes each step with its reason; a rectification notice bars opening classes until its day', () => {
      given(active).when(impose('rectification_notice', { barredUntil: '2027-01-31' }), at(on)).then([notice]);
      given([...active, notice]).when(impose('rectification_notice', { barredUntil: '2027-01-31' }), at(on)).thenNothing();
      const state = [...active, notice].reduce(institutionDecider.evolve, institutionDecider.initialState());
      if (state.status !== 'registered') throw new Error('registered');
      expect(institutionPenaltiesInForce(state, '2027-01-31')).toEqual({ barredUntil: '2027-01-31', designationTerminated: false });
      expect(institutionPenaltiesInForce(state, '2027-02-01')).toEqual({ barredUntil: null, designationTerminated: false });
    });

    it('refuses an actor who does not supervise it, a missing reason, and periods that make no sense', () => {
      given(active).when(impose('interview', { authority: { supervises: false } }), at(on)).thenThrows(ForbiddenError);
      given(active).when(impose('interview', { reason: ' ' }), at(on)).thenThrows(ValidationError);
      given(active).when(impose('rectification_notice'), at(on)).thenThrows(ValidationError);
      given(active).when(impose('rectification_notice', { barredUntil: '2026-11-24' }), at(on)).thenThrows(ValidationError);
      given(active).when(impose('rectification_notice', { barredUntil: '2028-11-24' }), at(on)).thenThrows(ValidationError);
      given(active).when(impose('public_notice', { barredUntil: '2027-01-31' }), at(on)).thenThrows(ValidationError);
    });

    it('terminating the designation leaves a record only once', () => {
      const terminated: InstitutionEvent = {
        type: 'InstitutionPenaltyImposed',
        data: { penalty: { penaltyId: 'p-termination', kind: 'termination', reason: '检查发现学员签到造假', basis: null, imposedOn: '2026-11-25', byOrgId: 'auth-520102', barredUntil: null } },
      };
      given(active).when(impose('termination'), at(on)).then([terminated]);
      given([...active, terminated]).when(impose('termination', { penaltyId: 'p-2' }), at(on)).thenThrows(RuleViolationError, /已解除/);
      const state = [...active, terminated].reduce(institutionDecider.evolve, institutionDecider.initialState());
      if (state.status !== 'registered') throw new Error('registered');
      expect(institutionPenaltiesInForce(state, '2026-11-25').designationTerminated).toBe(true);
    });
  });
});
