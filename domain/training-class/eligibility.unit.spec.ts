import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { checkEligibility, DEFAULT_ELIGIBILITY_POLICY, describeEligibility, eligibilityPolicyDecider, type SubsidisedTraining } from './eligibility';
import { details } from './spec-fixtures';

const inForce = (over: Partial<typeof DEFAULT_ELIGIBILITY_POLICY> = {}, version = 0) => ({ policy: { ...DEFAULT_ELIGIBILITY_POLICY, ...over }, version });
const past = (classId: string, className: string, code: string, name: string, level: '5' | '4' | '3', plannedStart = '2025-05-10'): SubsidisedTraining => ({
  classId,
  className,
  details: { kind: 'employment', subKind: null, occupation: { code, name, level }, plannedStart },
});
const target = { classId: 'class-1', details };
const electrician = past('c-a', '花溪区电工班', '6-31-01-03', '电工', '4');
const childcare = past('c-b', '云岩区育婴员班', '4-10-01-02', '育婴员', '4');
const baker = past('c-c', '观山湖区西式面点师班', '4-03-02-05', '西式面点师', '5');

describe('subsidy eligibility', () => {
  it('a person with fewer than 3 subsidised trainings, none in this occupation and level, is eligible', () =>
    expect(checkEligibility(inForce(), [electrician, childcare], target)).toEqual({ eligible: true, reasons: [], policyVersion: 0 }));

  it('3 subsidised trainings in total are the limit', () => {
    const outcome = checkEligibility(inForce(), [electrician, childcare, baker], target);
    expect(outcome).toEqual({ eligible: false, reasons: [{ rule: 'total_cap', message: '已参加补贴性培训3次，达到每人累计3次的上限（财社〔2023〕181号）' }], policyVersion: 0 });
    expect(describeEligibility(outcome)).toBe('不符合补贴条件：已参加补贴性培训3次，达到每人累计3次的上限（财社〔2023〕181号）');
  });

  it('the same occupation and level is subsidised only once; another level of it may be', () => {
    const sameCook = past('c-d', '白云区中式烹调师班', '4-03-02-01', '中式烹调师', '4');
    expect(checkEligibility(inForce(), [sameCook], target).reasons).toEqual([
      { rule: 'same_subject', message: '已参加过“中式烹调师（4-03-02-01）四级/中级工”的补贴性培训（白云区中式烹调师班），同一职业（工种）同一等级只能享受一次补贴' },
    ]);
    expect(checkEligibility(inForce(), [past('c-e', '初级班', '4-03-02-01', '中式烹调师', '5')], target).eligible).toBe(true);
  });

  it('a yearly cap, when the authority sets one, counts the trainings of the class\'s start year', () => {
    const thisYear = [past('c-f', '电工班', '6-31-01-03', '电工', '4', '2026-01-10')];
    expect(checkEligibility(inForce({ maxSubsidisedPerYear: 1 }), [...thisYear, childcare], target).reasons).toEqual([
      { rule: 'yearly_cap', message: '2026年已参加补贴性培训1次，达到每人每年1次的上限（财社〔2023〕181号）' },
    ]);
    expect(checkEligibility(inForce({ maxSubsidisedPerYear: 1 }), [childcare], target).eligible).toBe(true);
  });

  it('optionally no lower level after a higher one of the same occupation', () => {
    const higher = past('c-g', '高级班', '4-03-02-01', '中式烹调师', '3');
    expect(checkEligibility(inForce(), [higher], target).eligible).toBe(true);
    expect(checkEligibility(inForce({ noLowerLevelAfterHigher: true }), [higher], target).reasons.map((r) => r.rule)).toEqual(['lower_level']);
  });

  it('entrepreneurship: the same programme once, another programme counts as another subject', () => {
    const syb = { classId: 'c-h', className: 'SYB班', details: { kind: 'entrepreneurship' as const, subKind: 'syb' as const, occupation: null, plannedStart: '2025-09-01' } };
    const sybTarget = { classId: 'class-9', details: { ...syb.details, plannedStart: '2026-04-01' } };
    expect(checkEligibility(inForce(), [syb], sybTarget).reasons.map((r) => r.message)).toEqual(['已参加过“SYB（创办你的企业）”的补贴性培训（SYB班），同一创业培训项目（SYB（创办你的企业））只能享受一次补贴']);
    expect(checkEligibility(inForce(), [syb], { ...sybTarget, details: { ...sybTarget.details, subKind: 'gyb' } }).eligible).toBe(true);
  });

  it('every reason is listed, and the class itself never counts against the person', () => {
    const self = past('class-1', '本班', '4-03-02-01', '中式烹调师', '4');
    expect(checkEligibility(inForce(), [self], target).eligible).toBe(true);
    expect(checkEligibility(inForce({ maxSubsidisedTotal: 1 }), [past('c-d', '同工种班', '4-03-02-01', '中式烹调师', '4')], target).reasons.map((r) => r.rule)).toEqual(['total_cap', 'same_subject']);
  });
});

describe('eligibility policy record', () => {
  const given = specification(eligibilityPolicyDecider);
  const province = testContext({ id: 'prov', orgId: 'auth-520000' });
  const yearly = { ...DEFAULT_ELIGIBILITY_POLICY, maxSubsidisedPerYear: 3, maxSubsidisedTotal: null };

  it('the authority changes it with a reason; the version counts up', () =>
    given([]).when({ type: 'ChangeEligibilityPolicy', policy: yearly, reason: '按省厅通知改为每年3次' }, province).then([
      { type: 'EligibilityPolicyChanged', data: { policy: yearly, version: 1, reason: '按省厅通知改为每年3次' } },
    ]));

  it('an unchanged policy is nothing; a bad value or a missing reason is refused', () => {
    given([]).when({ type: 'ChangeEligibilityPolicy', policy: DEFAULT_ELIGIBILITY_POLICY, reason: '' }, province).thenNothing();
    given([]).when({ type: 'ChangeEligibilityPolicy', policy: { ...DEFAULT_ELIGIBILITY_POLICY, maxSubsidisedTotal: 0 }, reason: '调整' }, province).thenThrows(ValidationError);
    given([]).when({ type: 'ChangeEligibilityPolicy', policy: yearly, reason: ' ' }, province).thenThrows(ValidationError);
    given([]).when({ type: 'ChangeEligibilityPolicy', policy: yearly, reason: '调整' }, testContext()).thenThrows(ForbiddenError);
  });
});
