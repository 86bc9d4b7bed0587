// Per-person subsidy claims by state: the training-funding policy and the 技能提升补贴 yearly cap
// checked against the claims the person's stream holds, a refusal naming the person (masked) and
// the claims held; recording and releasing idempotent; a released claim no longer counts.
import { describe, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { RuleViolationError } from '../shared/errors';
import { DEFAULT_ELIGIBILITY_POLICY } from '../training-class/eligibility';
import { personClaimDecider, type ClaimLimit, type PersonClaim, type PersonClaimEvent } from './person-claims';

const given = specification(personClaimDecider);
const ctx = testContext({ id: 'reviewer', orgId: 'auth-520102' });
const who = { personId: 'p-1', personName: '张三', idNumberMasked: '520102********0011' };
const policy: ClaimLimit = { kind: 'training_policy', policy: { policy: DEFAULT_ELIGIBILITY_POLICY, version: 0 } };
const cap = (maxPerYear: number | null): ClaimLimit => ({ kind: 'skill_upgrade_cap', maxPerYear, basis: '国家规定每人每年最多享受3次' });

const claim = (n: number, over: Partial<PersonClaim> = {}): PersonClaim => ({
  claimId: `subsidy-application:app-${n}`,
  kind: 'training_funding',
  recordId: `app-${n}0000000`,
  reservationId: `app-${n}#1`,
  classId: `class-${n}`,
  className: `班${n}`,
  details: { kind: 'employment', subKind: null, occupation: { code: `4-03-02-0${n}`, name: `工种${n}`, level: '4' }, plannedStart: '2026-03-02' },
  year: '2026',
  ...over,
});
const recorded = (c: PersonClaim, limit: ClaimLimit = policy): PersonClaimEvent => ({ type: 'SubsidyClaimRecorded', data: { ...who, claim: c, limit } });

describe('person claims', () => {
  it('records a claim within the policy, and a repeat of the same claim records nothing', () => {
    given([recorded(claim(1))]).when({ type: 'RecordSubsidyClaim', ...who, claim: claim(2), limit: policy }, ctx).then([recorded(claim(2))]);
    given([recorded(claim(1))]).when({ type: 'RecordSubsidyClaim', ...who, claim: claim(1), limit: policy }, ctx).thenNothing();
  });

  it('refuses a fourth subsidised training naming the person (masked) and the claims held; a released one no longer counts', () => {
    const three = [recorded(claim(1)), recorded(claim(2)), recorded(claim(3))];
    given(three)
      .when({ type: 'RecordSubsidyClaim', ...who, claim: claim(4), limit: policy }, ctx)
      .thenThrows(RuleViolationError, /^张三（520102\*\*\*\*\*\*\*\*0011）超出补贴享受限制，不能审核通过：已参加补贴性培训3次，达到每人累计3次的上限（财社〔2023〕181号）；已计入的补贴：班1（工种1（4-03-02-01）四级\/中级工，机构培训经费记录app-1000）、班2（.*）、班3（.*）$/);
    const released: PersonClaimEvent = { type: 'SubsidyClaimReleased', data: { claimId: claim(2).claimId, reason: 'objection_upheld', note: '公示异议成立' } };
    given([...three, released]).when({ type: 'RecordSubsidyClaim', ...who, claim: claim(4), limit: policy }, ctx).then([recorded(claim(4))]);
    given([...three, released]).when({ type: 'ReleaseSubsidyClaim', claimId: claim(2).claimId, reason: 'objection_upheld', note: 'x' }, ctx).thenNothing();
  });

  it('refuses the same occupation and level twice', () => {
    const same = claim(5, { details: claim(1).details });
    given([recorded(claim(1))]).when({ type: 'RecordSubsidyClaim', ...who, claim: same, limit: policy }, ctx).thenThrows(RuleViolationError, '同一职业（工种）同一等级只能享受一次补贴');
  });

  it('技能提升补贴: the yearly cap counts only that year\'s skill-upgrade claims, not training funding', () => {
    const skill = (n: number, year: string) => claim(n, { claimId: `personal-subsidy:s:${n}`, kind: 'skill_upgrade', year });
    const history = [recorded(claim(7)), recorded(claim(8)), recorded(skill(1, '2026'), cap(3)), recorded(skill(2, '2026'), cap(3)), recorded(skill(3, '2025'), cap(3))];
    given(history).when({ type: 'RecordSubsidyClaim', ...who, claim: skill(4, '2026'), limit: cap(3) }, ctx).then([recorded(skill(4, '2026'), cap(3))]);
    given(history)
      .when({ type: 'RecordSubsidyClaim', ...who, claim: skill(4, '2026'), limit: cap(2) }, ctx)
      .thenThrows(RuleViolationError, /2026年已享受技能提升补贴2次，达到每人每年2次的上限（国家规定每人每年最多享受3次），已计入：班1（.*）、班2（.*）$/);
    given(history).when({ type: 'RecordSubsidyClaim', ...who, claim: skill(4, '2026'), limit: cap(null) }, ctx).then([recorded(skill(4, '2026'), cap(null))]);
    given(history)
      .when({ type: 'RecordSubsidyClaim', ...who, claim: { ...skill(4, '2027'), details: skill(1, '2026').details }, limit: cap(3) }, ctx)
      .thenThrows(RuleViolationError, '同一职业（工种）同一等级的技能提升补贴每人只能享受一次');
  });
});
