// 作废 of a payment batch releases its orders on the records that were ordered (commands/payment-batch
// batch-commands.ts `void`): each payable module's decider releases only the order of that batch while
// it has no bank result (then its record is payable again, under the same payment id), ignores an
// order already released or re-ordered by a later batch, and refuses one the bank answered.
import { describe, expect, it } from '@jest/globals';
import { testContext } from '../../testing/decider-specification';
import { personalSubsidyDecider, type PersonalSubsidyState } from '../personal-subsidy/personal-subsidy';
import { decidePayout, dueInstalments, evolvePayout, type Payout, type PayoutView } from '../school-aid/payout';
import { RuleViolationError } from '../shared/errors';
import { subsidyApplicationDecider, type SubsidyApplicationState } from '../subsidy-application/application';

const ctx = testContext({ orgId: 'auth-520102' });
const ordered = (status: 'ordered' | 'paid' | 'failed' = 'ordered') => ({ paymentId: 'pay-1', batchId: 'b-1', amountFen: 80_000, status, bankRef: null, reason: null, on: null });

describe('releasing a voided batch\'s orders on the records', () => {
  it('training funding: released once, payable again; another batch\'s order or an answered one is not released', () => {
    // Only the fields the release reads: the application's payment.
    const state = { status: 'active', payment: ordered() } as unknown as SubsidyApplicationState;
    const events = subsidyApplicationDecider.decide({ type: 'ReleasePaymentOrder', paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' }, state, ctx);
    expect(events).toEqual([{ type: 'TrainingFundingPaymentOrderReleased', data: { paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' } }]);
    const released = events.reduce(subsidyApplicationDecider.evolve, state);
    expect(released.status === 'active' && released.payment).toBeNull();
    expect(subsidyApplicationDecider.decide({ type: 'ReleasePaymentOrder', paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' }, released, ctx)).toEqual([]);
    expect(subsidyApplicationDecider.decide({ type: 'ReleasePaymentOrder', paymentId: 'pay-1', batchId: 'b-0', reason: '旧批次' }, state, ctx)).toEqual([]);
    expect(() => subsidyApplicationDecider.decide({ type: 'ReleasePaymentOrder', paymentId: 'pay-1', batchId: 'b-1', reason: 'x' }, { status: 'active', payment: ordered('paid') } as unknown as SubsidyApplicationState, ctx)).toThrow(RuleViolationError);
  });

  it('personal subsidy: the application in hand released once; an answered order refused', () => {
    const state = { status: 'active', personName: '吴雪梅', current: { applicationId: 'a-1', payment: ordered() }, history: [] } as unknown as PersonalSubsidyState;
    const events = personalSubsidyDecider.decide({ type: 'ReleasePersonalSubsidyPaymentOrder', paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' }, state, ctx);
    expect(events).toEqual([{ type: 'PersonalSubsidyPaymentOrderReleased', data: { applicationId: 'a-1', paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' } }]);
    const released = events.reduce(personalSubsidyDecider.evolve, state);
    expect(released.status === 'active' && released.current.payment).toBeNull();
    expect(personalSubsidyDecider.decide({ type: 'ReleasePersonalSubsidyPaymentOrder', paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' }, released, ctx)).toEqual([]);
    const failed = { ...state, current: { applicationId: 'a-1', payment: ordered('failed') } } as unknown as PersonalSubsidyState;
    expect(() => personalSubsidyDecider.decide({ type: 'ReleasePersonalSubsidyPaymentOrder', paymentId: 'pay-1', batchId: 'b-1', reason: 'x' }, failed, ctx)).toThrow(RuleViolationError);
  });

  it('school aid: the instalment of that batch released and due again; others untouched', () => {
    const account = { account: { cipher: 'c', blindIndex: 'b', masked: '6217***0015' }, accountName: '吴雪梅', personKey: 'k', idMasked: '5201**********0011' };
    const payout: Payout = {
      fundId: 'f-1',
      account,
      instalments: [
        { no: 1, on: '2026-09-01', amountFen: 75_000, reservationId: 'r1', payment: { ...ordered(), accountBlindIndex: 'b' }, failedBefore: [] },
        { no: 2, on: '2026-10-01', amountFen: 75_000, reservationId: 'r2', payment: { ...ordered(), paymentId: 'pay-2', accountBlindIndex: 'b' }, failedBefore: [] },
      ],
    } as unknown as Payout;
    const view: PayoutView = { status: 'approved', applicationId: 'aid-1', schoolId: 's-1', title: '国家助学金', payout };
    const events = decidePayout({ type: 'ReleaseSchoolAidInstalment', paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' }, view, ctx);
    expect(events).toEqual([{ type: 'SchoolAidInstalmentReleased', data: { no: 1, paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' } }]);
    const after = events.reduce<Payout | null>((p, e) => evolvePayout(p, e), payout)!;
    expect(after.instalments.map((i) => i.payment?.paymentId ?? null)).toEqual([null, 'pay-2']);
    expect(dueInstalments({ ...view, payout: after }, '2026-09-30').map((i) => i.no)).toEqual([1]);
    expect(decidePayout({ type: 'ReleaseSchoolAidInstalment', paymentId: 'pay-1', batchId: 'b-1', reason: '重复生成' }, { ...view, payout: after }, ctx)).toEqual([]);
  });
});
