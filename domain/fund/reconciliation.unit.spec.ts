// 对账: approved = paid + failed + removed + pending, and the fund, the applications and the batches agree.
import { describe, expect, it } from '@jest/globals';
import { reconcileFund, reconcilePerson, type ApplicationMoney } from './reconciliation';

const app = (id: string, over: Partial<ApplicationMoney> = {}): ApplicationMoney => ({ applicationId: id, className: `班${id}`, reservationId: `${id}#1`, approvedFen: 100_000, removedFen: 0, revoked: false, payment: null, ...over });

describe('fund reconciliation', () => {
  it('balances when the fund holds what is pending and has spent what was paid', () => {
    const apps = [
      app('a', { payment: { paymentId: 'p-a', batchId: 'b', status: 'paid', amountFen: 100_000 } }),
      app('b', { payment: { paymentId: 'p-b', batchId: 'b', status: 'failed', amountFen: 60_000 }, removedFen: 40_000 }),
      app('c'),
      app('d', { revoked: true }),
    ];
    const batches = [
      { batchId: 'b', paymentId: 'p-a', applicationId: 'a', status: 'paid' as const, amountFen: 100_000 },
      { batchId: 'b', paymentId: 'p-b', applicationId: 'b', status: 'failed' as const, amountFen: 60_000 },
    ];
    expect(reconcileFund({ reservedFen: 100_000, spentFen: 100_000 }, apps, batches)).toEqual({
      approvedFen: 400_000, paidFen: 100_000, failedFen: 60_000, removedFen: 140_000, pendingFen: 100_000, fundReservedFen: 100_000, fundSpentFen: 100_000, applications: 4, differences: [],
    });
  });

  it('names every disagreement: a settlement the applications have not recorded, a fund that spent more', () => {
    const apps = [app('a', { payment: { paymentId: 'p-a', batchId: 'b', status: 'ordered', amountFen: 100_000 } })];
    const report = reconcileFund({ reservedFen: 0, spentFen: 100_000 }, apps, [{ batchId: 'b', paymentId: 'p-a', applicationId: 'a', status: 'paid', amountFen: 100_000 }]);
    expect(report.differences).toEqual([
      '班a：支付批次记录为“支付成功”，申报记录为“待回盘”（结算未完成或记录不一致）',
      '资金已支付1,000.00元，申报记录已支付0.00元，相差1,000.00元',
      '资金已预留0.00元，申报待支付1,000.00元，相差-1,000.00元',
    ]);
  });

  it('reconciles a person across modules: approved = paid + failed + removed + pending, and names a batch that disagrees', () => {
    const lines = [
      app('grant-1', { className: '国家助学金第1期', approvedFen: 125_000, payment: { paymentId: 'p-1', batchId: 'b', status: 'paid', amountFen: 125_000 }, failedBefore: [{ paymentId: 'p-0', batchId: 'b0', amountFen: 125_000 }] }),
      app('grant-2', { className: '国家助学金第2期', approvedFen: 125_000 }),
      app('living', { className: '生活费补贴', approvedFen: 30_000, payment: { paymentId: 'p-2', batchId: 'b', status: 'failed', amountFen: 30_000 } }),
    ];
    const batches = [
      { batchId: 'b0', paymentId: 'p-0', applicationId: 'grant-1', status: 'failed' as const, amountFen: 125_000 },
      { batchId: 'b', paymentId: 'p-1', applicationId: 'grant-1', status: 'paid' as const, amountFen: 125_000 },
      { batchId: 'b', paymentId: 'p-2', applicationId: 'living', status: 'failed' as const, amountFen: 30_000 },
    ];
    expect(reconcilePerson(lines, batches)).toEqual({ approvedFen: 280_000, paidFen: 125_000, failedFen: 30_000, removedFen: 0, pendingFen: 125_000, applications: 3, differences: [] });
    const halfDone = reconcilePerson(lines, batches.map((b) => (b.paymentId === 'p-2' ? { ...b, status: 'paid' as const } : b)));
    expect(halfDone.differences).toEqual(['生活费补贴：支付批次记录为“支付成功”，申报记录为“支付失败”（结算未完成或记录不一致）']);
  });
});
