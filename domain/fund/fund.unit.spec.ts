// The fund decider, by state: allocation, reservation within the balance (refused with the figures
// beyond it), release, reduction and settlement, each idempotent by its own id.
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { fundDecider, remainingOf, SETTLEMENT_CHUNK, type FundEvent, type OpenFund } from './fund';

const given = specification(fundDecider);
const ctx = testContext({ orgId: 'auth-520102' });
const allocation = { authorityId: 'auth-520102', line: 'employment_subsidy' as const, year: 2026, amountFen: 1_000_000, basis: '黔人社通〔2026〕1号' };
const allocated: FundEvent = { type: 'FundAllocated', data: { fundId: 'f-1', name: '南明区人社局', ...allocation } };
const reserved = (id: string, amountFen: number): FundEvent => ({ type: 'FundReserved', data: { reservationId: id, applicationId: `app-${id}`, amountFen } });

describe('fund decider', () => {
  describe('when none', () => {
    it('is allocated by an authority that may manage it', () =>
      given().when({ type: 'AllocateFund', fundId: 'f-1', name: '南明区人社局', allocation, mayManage: true }, ctx).then([allocated]));
    it('is refused to anyone else', () =>
      given().when({ type: 'AllocateFund', fundId: 'f-1', name: '南明区人社局', allocation, mayManage: false }, ctx).thenThrows(ForbiddenError, '本单位或下级'));
  });

  describe('when open', () => {
    it('reserves within the remaining balance, and a repeated reservation changes nothing', () => {
      given([allocated]).when({ type: 'ReserveFunds', reservationId: 'r-1', applicationId: 'app-r-1', amountFen: 600_000 }, ctx).then([reserved('r-1', 600_000)]);
      given([allocated, reserved('r-1', 600_000)]).when({ type: 'ReserveFunds', reservationId: 'r-1', applicationId: 'app-r-1', amountFen: 600_000 }, ctx).thenNothing();
    });
    it('refuses a reservation beyond the balance, stating the figures', () =>
      given([allocated, reserved('r-1', 600_000)])
        .when({ type: 'ReserveFunds', reservationId: 'r-2', applicationId: 'app-r-2', amountFen: 500_000 }, ctx)
        .thenThrows(RuleViolationError, /下达10,000.00元，已预留6,000.00元，已支付0.00元，可用余额4,000.00元，本次需5,000.00元，缺口1,000.00元/));
    it('refuses a non-integer or negative amount', () => {
      given([allocated]).when({ type: 'ReserveFunds', reservationId: 'r-1', applicationId: 'a', amountFen: 10.5 }, ctx).thenThrows(ValidationError);
      given([allocated]).when({ type: 'ReserveFunds', reservationId: 'r-1', applicationId: 'a', amountFen: -1 }, ctx).thenThrows(ValidationError);
    });
    it('releases a reservation once', () => {
      const released: FundEvent = { type: 'FundReservationReleased', data: { reservationId: 'r-1', amountFen: 600_000, reason: 'revoked', note: '异议成立' } };
      given([allocated, reserved('r-1', 600_000)]).when({ type: 'ReleaseReservation', reservationId: 'r-1', reason: 'revoked', note: '异议成立' }, ctx).then([released]);
      given([allocated, reserved('r-1', 600_000), released]).when({ type: 'ReleaseReservation', reservationId: 'r-1', reason: 'revoked', note: '再次' }, ctx).thenNothing();
    });
    it('settles paid and failed orders: paid moves to spent, failed is released; the same settlement twice changes nothing', () => {
      const history = [allocated, reserved('r-1', 300_000), reserved('r-2', 200_000)];
      const items = [{ reservationId: 'r-1', paidFen: 300_000, releasedFen: 0 }, { reservationId: 'r-2', paidFen: 0, releasedFen: 200_000 }];
      const settled: FundEvent = { type: 'FundSettled', data: { settlementId: 's-1#0', batchId: 'b-1', part: 0, paidFen: 300_000, releasedFen: 200_000, items } };
      given(history).when({ type: 'SettlePayments', settlementId: 's-1', batchId: 'b-1', items }, ctx).then([settled]);
      given([...history, settled]).when({ type: 'SettlePayments', settlementId: 's-1', batchId: 'b-1', items }, ctx).thenNothing();
      const state = [...history, settled].reduce(fundDecider.evolve, fundDecider.initialState()) as OpenFund;
      expect([state.reservedFen, state.spentFen, remainingOf(state)]).toEqual([0, 300_000, 700_000]);
    });
    it('refuses a settlement of an unknown reservation or of an amount other than reserved', () => {
      given([allocated, reserved('r-1', 300_000)]).when({ type: 'SettlePayments', settlementId: 's', batchId: 'b', items: [{ reservationId: 'r-9', paidFen: 1, releasedFen: 0 }] }, ctx).thenThrows(RuleViolationError, '不存在');
      given([allocated, reserved('r-1', 300_000)]).when({ type: 'SettlePayments', settlementId: 's', batchId: 'b', items: [{ reservationId: 'r-1', paidFen: 1, releasedFen: 0 }] }, ctx).thenThrows(RuleViolationError, '不一致');
    });
    it('settles a large batch in parts', () => {
      const n = SETTLEMENT_CHUNK + 2;
      const history = [allocated, ...Array.from({ length: n }, (_, i) => reserved(`r-${i}`, 1))];
      const items = Array.from({ length: n }, (_, i) => ({ reservationId: `r-${i}`, paidFen: 1, releasedFen: 0 }));
      const events = fundDecider.decide({ type: 'SettlePayments', settlementId: 's', batchId: 'b', items }, history.reduce(fundDecider.evolve, fundDecider.initialState()), ctx);
      expect(events.map((e) => (e.type === 'FundSettled' ? [e.data.settlementId, e.data.items.length] : []))).toEqual([['s#0', SETTLEMENT_CHUNK], ['s#1', 2]]);
    });
    it('is adjusted, but never below what is reserved and spent', () => {
      given([allocated, reserved('r-1', 600_000)]).when({ type: 'AdjustFund', adjustmentId: 'a-1', deltaFen: -300_000, basis: '调整文号', reason: '调减', mayManage: true }, ctx).then([
        { type: 'FundAllocationAdjusted', data: { adjustmentId: 'a-1', deltaFen: -300_000, basis: '调整文号', reason: '调减' } },
      ]);
      given([allocated, reserved('r-1', 600_000)]).when({ type: 'AdjustFund', adjustmentId: 'a-1', deltaFen: -500_000, basis: '调整文号', reason: '调减', mayManage: true }, ctx).thenThrows(RuleViolationError, '不能低于已预留与已支付之和');
    });
  });
});
