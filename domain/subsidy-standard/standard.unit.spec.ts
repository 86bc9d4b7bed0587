// The subsidy standard decider (proposal, review into numbered versions, revisions after the last
// version) and the one rule choosing the standard in force for a case.
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { standardFor, type ApprovedStandard } from './in-force';
import { subsidyStandardDecider, type SubsidyStandardEvent } from './standard';
import { parseStandardScope, parseStandardTerms, type StandardScope, type StandardTerms } from './standard-terms';

const given = specification(subsidyStandardDecider);
const CITY = 'auth-520100';
const PROVINCE = 'auth-520000';
const operator = testContext({ id: 'op', orgId: CITY }, '2026-03-01T02:00:00.000Z');
const cityReviewer = testContext({ id: 'rev-city', orgId: CITY }, '2026-03-02T02:00:00.000Z');
const provinceReviewer = testContext({ id: 'rev-prov', orgId: PROVINCE }, '2026-03-03T02:00:00.000Z');
const scope: StandardScope = { subject: 'training', trainingKind: 'employment', occupationCode: '4-03-02-01', level: '4', personCategory: null };
const terms: StandardTerms = { amountFen: 150_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: '筑人社通〔2026〕3号' };
const proposed: SubsidyStandardEvent = { type: 'SubsidyStandardProposed', data: { standardId: 's-1', authorityId: CITY, authorityKind: 'prefecture', scope, terms } };
const submitted: SubsidyStandardEvent = {
  type: 'ReviewSubmitted',
  data: { round: 1, title: 't', levels: ['city', 'province'], authorities: { city: CITY, province: PROVINCE }, submitterOrgId: CITY, submitterId: 'op', note: '' },
};
const cityApproved: SubsidyStandardEvent = { type: 'ReviewApproved', data: { round: 1, level: 'city', opinion: '同意', attachments: [], final: false } };
const provinceApproved: SubsidyStandardEvent = { type: 'ReviewApproved', data: { round: 1, level: 'province', opinion: '同意', attachments: [], final: true } };
const version1: SubsidyStandardEvent = { type: 'SubsidyStandardVersionApproved', data: { ...terms, version: 1, approvedOn: '2026-03-03' } };

describe('subsidy standard decider', () => {
  it('is proposed by a prefecture or the province for itself only', () => {
    given().when({ type: 'ProposeSubsidyStandard', standardId: 's-1', authorityId: CITY, authorityKind: 'prefecture', scope, terms }, operator).then([proposed]);
    given().when({ type: 'ProposeSubsidyStandard', standardId: 's-1', authorityId: CITY, authorityKind: null, scope, terms }, operator).thenThrows(ForbiddenError, '省级或市州');
    given().when({ type: 'ProposeSubsidyStandard', standardId: 's-1', authorityId: PROVINCE, authorityKind: 'province', scope, terms }, operator).thenThrows(ForbiddenError, '本单位');
  });

  it('becomes version 1 on the final approval (the prefecture, then the province)', () => {
    given([proposed, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, cityReviewer).then([cityApproved]);
    given([proposed, submitted, cityApproved]).when({ type: 'ApproveReview', opinion: '同意' }, provinceReviewer).then([provinceApproved, version1]);
  });

  it('takes a revision only from a later date, reviewed again; a rejected revision leaves version 1 in force', () => {
    const history = [proposed, submitted, cityApproved, provinceApproved, version1];
    given(history).when({ type: 'ReviseSubsidyStandard', terms: { ...terms, effectiveFrom: '2025-12-01' } }, operator).thenThrows(RuleViolationError, '须晚于现行第1版');
    const revised = { ...terms, amountFen: 180_000, effectiveFrom: '2026-07-01' };
    given(history).when({ type: 'ReviseSubsidyStandard', terms: revised }, operator).then([{ type: 'SubsidyStandardRevisionProposed', data: { terms: revised } }]);
    given(history).when({ type: 'ReviseSubsidyStandard', terms }, operator).thenNothing();
  });

  it('validates amounts as whole fen: no decimals, no negatives', () => {
    expect(() => parseStandardTerms({ ...terms, amountFen: '1500.5' })).toThrow(ValidationError);
    expect(() => parseStandardTerms({ ...terms, amountFen: '-100' })).toThrow(ValidationError);
    expect(parseStandardTerms({ ...terms, amountFen: '150000' }).amountFen).toBe(150_000);
    expect(() => parseStandardScope({ subject: 'skill_upgrade', trainingKind: 'employment' })).toThrow(ValidationError);
  });

  it('takes a yearly cap (1 to the national 3) on a 技能提升补贴 standard only; an unset cap is not stored', () => {
    const raw = { ...terms, amountFen: '150000' };
    expect(parseStandardTerms(raw)).toEqual(terms);
    expect(parseStandardTerms({ ...raw, maxPerPersonPerYear: null })).toEqual(terms);
    expect(parseStandardTerms({ ...raw, maxPerPersonPerYear: 2 })).toEqual({ ...terms, maxPerPersonPerYear: 2 });
    const refusal = (input: unknown) => {
      try {
        parseStandardTerms(input);
      } catch (error) {
        return error instanceof ValidationError ? error.fields : error;
      }
      return undefined;
    };
    expect(refusal({ ...raw, maxPerPersonPerYear: 4 })).toEqual([{ field: 'maxPerPersonPerYear', message: '每人每年享受次数上限不能大于3' }]);
    expect(() => parseStandardTerms({ ...raw, maxPerPersonPerYear: 1.5 })).toThrow(ValidationError);
    const capped = { ...terms, maxPerPersonPerYear: 2 };
    given().when({ type: 'ProposeSubsidyStandard', standardId: 's-1', authorityId: CITY, authorityKind: 'prefecture', scope, terms: capped }, operator).thenThrows(ValidationError);
    const skill: StandardScope = { ...scope, subject: 'skill_upgrade', trainingKind: null };
    given().when({ type: 'ProposeSubsidyStandard', standardId: 's-1', authorityId: CITY, authorityKind: 'prefecture', scope: skill, terms: capped }, operator).then([{ type: 'SubsidyStandardProposed', data: { standardId: 's-1', authorityId: CITY, authorityKind: 'prefecture', scope: skill, terms: capped } }]);
    // A revision that only changes the cap is a new version to review.
    const skillProposed: SubsidyStandardEvent = { type: 'SubsidyStandardProposed', data: { standardId: 's-1', authorityId: CITY, authorityKind: 'prefecture', scope: skill, terms } };
    const history = [skillProposed, submitted, cityApproved, provinceApproved, version1];
    const next = { ...terms, effectiveFrom: '2027-01-01' };
    given([...history, { type: 'SubsidyStandardRevisionProposed', data: { terms: next } }]).when({ type: 'ReviseSubsidyStandard', terms: { ...next, maxPerPersonPerYear: 1 } }, operator).then([{ type: 'SubsidyStandardDraftUpdated', data: { terms: { ...next, maxPerPersonPerYear: 1 } } }]);
    given(history).when({ type: 'ReviseSubsidyStandard', terms: { ...next, maxPerPersonPerYear: 1 } }, operator).then([{ type: 'SubsidyStandardRevisionProposed', data: { terms: { ...next, maxPerPersonPerYear: 1 } } }]);
  });
});

describe('the standard in force', () => {
  const std = (id: string, authorityKind: 'province' | 'prefecture', over: Partial<StandardScope>, versions: [number, string][]): ApprovedStandard => ({
    standardId: id,
    authorityId: authorityKind === 'province' ? PROVINCE : CITY,
    authorityKind,
    scope: { ...scope, occupationCode: null, level: null, trainingKind: null, ...over },
    versions: versions.map(([amountFen, effectiveFrom], i) => ({ amountFen, effectiveFrom, unit: 'per_person', basis: 'x', version: i + 1, approvedOn: effectiveFrom })),
  });
  const standards = [
    std('p-any', 'province', {}, [[100_000, '2025-01-01']]),
    std('p-group', 'province', { occupationCode: '4-03' }, [[120_000, '2025-01-01']]),
    std('p-exact', 'province', { occupationCode: '4-03-02-01', level: '4' }, [[140_000, '2025-01-01'], [160_000, '2026-07-01']]),
    std('c-any', 'prefecture', { occupationCode: '6-31' }, [[90_000, '2026-01-01']]),
  ];
  const c = { subject: 'training' as const, trainingKind: 'employment' as const, occupationCode: '4-03-02-01', level: '4' as const, personCategory: 'graduate', on: '2026-03-01' };

  it('takes the most specific standard with the version in force on the day', () => {
    expect(standardFor(standards, c)).toMatchObject({ standardId: 'p-exact', version: 1, amountFen: 140_000 });
    expect(standardFor(standards, { ...c, on: '2026-07-01' })).toMatchObject({ standardId: 'p-exact', version: 2, amountFen: 160_000 });
    expect(standardFor(standards, { ...c, level: '5' })).toMatchObject({ standardId: 'p-group' });
    expect(standardFor(standards, { ...c, occupationCode: '4-10-01-02' })).toMatchObject({ standardId: 'p-any' });
  });
  it('prefers the prefecture\'s own standard, and finds none before any version is in force', () => {
    expect(standardFor(standards, { ...c, occupationCode: '6-31-01-03' })).toMatchObject({ standardId: 'c-any', amountFen: 90_000 });
    expect(standardFor(standards, { ...c, occupationCode: '6-31-01-03', on: '2025-06-01' })).toMatchObject({ standardId: 'p-any' });
    expect(standardFor(standards, { ...c, on: '2024-06-01' })).toBeUndefined();
  });
});
