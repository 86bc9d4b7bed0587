// The payment batch decider: a batch may mix institutions' bank accounts and people's social-security
// card accounts from several modules; a payment id is the approval's (its reservation's) and appears
// once; results are checked against the orders; the figures always add up to the fen.
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { batchFigures, ORDER_PART, orderSource, payeeKind, paymentBatchDecider, paymentIdOf, type PaymentBatchEvent, type PaymentOrder } from './batch';

const given = specification(paymentBatchDecider);
const ctx = testContext({ orgId: 'auth-520102' });
const account = (masked: string) => ({ cipher: 'c', blindIndex: 'b', masked });
const institutionOrder: PaymentOrder = {
  paymentId: paymentIdOf('app-1#0'), applicationId: 'app-1', source: 'subsidy-application', reservationId: 'app-1#0',
  payee: { kind: 'institution', institutionId: 'inst-1', name: '阳光培训学校', account: account('6222***0006'), accountName: '阳光培训学校' }, amountFen: 80_000, purpose: '机构培训经费',
};
const personOrder: PaymentOrder = {
  paymentId: paymentIdOf('school-aid:aid-1#1'), applicationId: 'aid-1', source: 'school-aid', reservationId: 'school-aid:aid-1#1',
  payee: { kind: 'person', personKey: 'bidx-of-id', idMasked: '5201**********0011', name: '吴雪梅', account: account('6217***0015'), accountName: '吴雪梅' }, amountFen: 75_000, purpose: '国家助学金',
};
const created: PaymentBatchEvent = { type: 'PaymentBatchCreated', data: { batchId: 'b-1', payerId: 'auth-520102', fundId: 'f-1', orders: [institutionOrder, personOrder], totalFen: 155_000, orderCount: 2, parts: 1 } };
/** A batch opened by chunked creation (its orders follow in PaymentOrdersAdded). */
const opened: PaymentBatchEvent = { type: 'PaymentBatchCreated', data: { batchId: 'b-1', payerId: 'auth-520102', fundId: 'f-1', orders: [], totalFen: 0, open: true } };
/** A batch written before chunks: every order on PaymentBatchCreated, complete from it. */
const issued: PaymentBatchEvent = { type: 'PaymentFileIssued', data: { sha256: 'abc', issuedOn: '2026-09-01', count: 2, totalFen: 155_000 } };

describe('payment batch decider', () => {
  it('derives the payment id from the reservation alone: the same approval always gives the same id', () => {
    expect(paymentIdOf('app-1#0')).toBe(institutionOrder.paymentId);
    expect(paymentIdOf('app-1#1')).not.toBe(institutionOrder.paymentId);
  });

  it('reads orders written before people were paid as institution payments of training funding', () => {
    const { kind: _kind, ...legacyPayee } = institutionOrder.payee as Extract<PaymentOrder['payee'], { kind?: 'institution' }>;
    const { source: _source, ...legacy } = institutionOrder;
    expect([payeeKind(legacyPayee), orderSource(legacy)]).toEqual(['institution', 'subsidy-application']);
    expect([payeeKind(personOrder.payee), orderSource(personOrder)]).toEqual(['person', 'school-aid']);
  });

  it('opens a batch with its first chunk (an institution and a person from two modules); closing gives the count and total', () => {
    given()
      .when({ type: 'CreatePaymentBatch', batchId: 'b-1', payerId: 'auth-520102', fundId: 'f-1', orders: [institutionOrder], mayManage: true }, ctx)
      .then([{ type: 'PaymentBatchCreated', data: { batchId: 'b-1', payerId: 'auth-520102', fundId: 'f-1', orders: [], totalFen: 0, open: true } }, { type: 'PaymentOrdersAdded', data: { part: 1, orders: [institutionOrder] } }]);
    given([opened, { type: 'PaymentOrdersAdded', data: { part: 1, orders: [institutionOrder] } }])
      .when({ type: 'AddPaymentOrders', orders: [personOrder], mayManage: true }, ctx)
      .then([{ type: 'PaymentOrdersAdded', data: { part: 2, orders: [personOrder] } }]);
    given([opened, { type: 'PaymentOrdersAdded', data: { part: 1, orders: [institutionOrder] } }, { type: 'PaymentOrdersAdded', data: { part: 2, orders: [personOrder] } }])
      .when({ type: 'ClosePaymentBatch', mayManage: true }, ctx)
      .then([{ type: 'PaymentBatchClosed', data: { orderCount: 2, totalFen: 155_000, parts: 2 } }]);
  });

  it('an open batch (its creation stopped between chunks) can be neither issued nor answered; closed, it takes no more orders and closes once', () => {
    const chunk: PaymentBatchEvent = { type: 'PaymentOrdersAdded', data: { part: 1, orders: [institutionOrder] } };
    given([opened, chunk]).when({ type: 'IssuePaymentFile', sha256: 'abc', mayManage: true }, ctx).thenThrows(RuleViolationError, '尚未生成完毕');
    given([opened, chunk]).when({ type: 'RecordPaymentResults', resultFile: 'f1', fileBatchId: 'b-1', rows: [], mayManage: true }, ctx).thenThrows(RuleViolationError, '尚未生成完毕');
    given([opened, chunk]).when({ type: 'AddPaymentOrders', orders: [institutionOrder], mayManage: true }, ctx).thenThrows(RuleViolationError, '出现两次');
    // Another authority cannot finish (add to or close) a batch of a fund it does not manage.
    given([opened, chunk]).when({ type: 'AddPaymentOrders', orders: [personOrder], mayManage: false }, ctx).thenThrows(ForbiddenError, '本单位或下级单位');
    given([opened, chunk]).when({ type: 'ClosePaymentBatch', mayManage: false }, ctx).thenThrows(ForbiddenError, '本单位或下级单位');
    const closed: PaymentBatchEvent = { type: 'PaymentBatchClosed', data: { orderCount: 1, totalFen: 80_000, parts: 1 } };
    given([opened, chunk, closed]).when({ type: 'AddPaymentOrders', orders: [personOrder], mayManage: true }, ctx).thenThrows(RuleViolationError, '已生成完毕');
    given([opened, chunk, closed]).when({ type: 'ClosePaymentBatch', mayManage: true }, ctx).then([]);
    given([opened, chunk, closed]).when({ type: 'IssuePaymentFile', sha256: 'abc', mayManage: true }, ctx).then([{ type: 'PaymentFileIssued', data: { sha256: 'abc', issuedOn: '2026-11-25', count: 1, totalFen: 80_000 } }]);
  });

  it('refuses a batch with nothing payable', () =>
    given().when({ type: 'CreatePaymentBatch', batchId: 'b-1', payerId: 'auth-520102', fundId: 'f-1', orders: [], mayManage: true }, ctx).thenThrows(RuleViolationError, '没有可支付'));

  it('refuses the same payment twice in one batch', () =>
    given().when({ type: 'CreatePaymentBatch', batchId: 'b-1', payerId: 'auth-520102', fundId: 'f-1', orders: [personOrder, personOrder], mayManage: true }, ctx).thenThrows(RuleViolationError, '出现两次'));

  it('records a person\'s failure (a frozen card) and the institution\'s payment; figures add up to the fen', () => {
    const rows = [
      { paymentId: institutionOrder.paymentId, status: 'paid' as const, amountFen: 80_000, bankRef: 'BK1', reason: '' },
      { paymentId: personOrder.paymentId, status: 'failed' as const, amountFen: 75_000, bankRef: '', reason: '社保卡已挂失' },
    ];
    const events = paymentBatchDecider.decide({ type: 'RecordPaymentResults', resultFile: 'f1', fileBatchId: 'b-1', rows, mayManage: true }, [created, issued].reduce(paymentBatchDecider.evolve, paymentBatchDecider.initialState()), ctx);
    const state = [created, issued, ...events].reduce(paymentBatchDecider.evolve, paymentBatchDecider.initialState());
    expect(state.status).toBe('completed');
    if (state.status === 'none') return;
    expect(batchFigures(state)).toEqual({ totalFen: 155_000, paidFen: 80_000, failedFen: 75_000, pendingFen: 0, voidedFen: 0 });
  });

  it('refuses a result whose amount differs from the person\'s order, recording nothing', () =>
    given([created, issued])
      .when({ type: 'RecordPaymentResults', resultFile: 'f1', fileBatchId: 'b-1', rows: [{ paymentId: personOrder.paymentId, status: 'paid', amountFen: 75_001, bankRef: 'BK2', reason: '' }], mayManage: true }, ctx)
      .thenThrows(ValidationError));

  it('writes a large batch and its results in parts of 5,000 orders, and folds them back whole', () => {
    const orders = Array.from({ length: 2 * ORDER_PART + 1 }, (_, i): PaymentOrder => ({ ...personOrder, paymentId: paymentIdOf(`r-${i}`), reservationId: `r-${i}`, applicationId: `a-${i}`, amountFen: 100 + (i % 3) }));
    const events = paymentBatchDecider.decide({ type: 'CreatePaymentBatch', batchId: 'b-2', payerId: 'auth-520102', fundId: 'f-1', orders, mayManage: true }, paymentBatchDecider.initialState(), ctx);
    expect(events.map((e) => [e.type, (e.data as { orders: unknown[] }).orders.length])).toEqual([['PaymentBatchCreated', 0], ['PaymentOrdersAdded', ORDER_PART], ['PaymentOrdersAdded', ORDER_PART], ['PaymentOrdersAdded', 1]]);
    const open = events.reduce(paymentBatchDecider.evolve, paymentBatchDecider.initialState());
    const closing = paymentBatchDecider.decide({ type: 'ClosePaymentBatch', mayManage: true }, open, ctx);
    expect(closing).toEqual([{ type: 'PaymentBatchClosed', data: { orderCount: orders.length, totalFen: orders.reduce((s, o) => s + o.amountFen, 0), parts: 3 } }]);
    let state = [...closing, issued].reduce(paymentBatchDecider.evolve, open);
    if (state.status === 'none') throw new Error('no batch');
    expect(state.orders.map((o) => o.paymentId)).toEqual(orders.map((o) => o.paymentId));
    const rows = orders.map((o) => ({ paymentId: o.paymentId, status: 'paid' as const, amountFen: o.amountFen, bankRef: 'BK', reason: '' }));
    const recorded = paymentBatchDecider.decide({ type: 'RecordPaymentResults', resultFile: 'f', fileBatchId: 'b-2', rows, mayManage: true }, state, ctx);
    expect(recorded.map((e) => (e.data as { results: unknown[] }).results.length)).toEqual([ORDER_PART, ORDER_PART, 1]);
    state = recorded.reduce(paymentBatchDecider.evolve, state);
    if (state.status === 'none') throw new Error('no batch');
    expect([state.status, state.resultFiles, batchFigures(state).paidFen]).toEqual(['completed', ['f'], orders.reduce((s, o) => s + o.amountFen, 0)]);
  });

  it('voids a batch that never reached the bank (open or closed, no file), with a reason, by its payer only; a voided batch is paid in no way', () => {
    const chunk: PaymentBatchEvent = { type: 'PaymentOrdersAdded', data: { part: 1, orders: [institutionOrder] } };
    const voided: PaymentBatchEvent = { type: 'PaymentBatchVoided', data: { reason: '收款账户待核实', orderCount: 1, totalFen: 80_000 } };
    given([opened, chunk]).when({ type: 'VoidPaymentBatch', reason: ' 收款账户待核实 ', mayManage: true }, ctx).then([voided]);
    given([created]).when({ type: 'VoidPaymentBatch', reason: '重复生成', mayManage: true }, ctx).then([{ type: 'PaymentBatchVoided', data: { reason: '重复生成', orderCount: 2, totalFen: 155_000 } }]);
    given([created]).when({ type: 'VoidPaymentBatch', reason: '重复生成', mayManage: false }, ctx).thenThrows(ForbiddenError, '只能作废');
    given([created]).when({ type: 'VoidPaymentBatch', reason: '  ', mayManage: true }, ctx).thenThrows(ValidationError, '请填写作废原因');
    given([created, issued]).when({ type: 'VoidPaymentBatch', reason: '重复生成', mayManage: true }, ctx).thenThrows(RuleViolationError, '不能作废');
    // Voiding again records nothing; then the releases are marked once.
    given([opened, chunk, voided]).when({ type: 'VoidPaymentBatch', reason: '再次', mayManage: true }, ctx).then([]);
    given([opened, chunk, voided]).when({ type: 'MarkOrdersReleased' }, ctx).then([{ type: 'PaymentOrdersReleased', data: { orderCount: 1 } }]);
    given([opened, chunk, voided, { type: 'PaymentOrdersReleased', data: { orderCount: 1 } }]).when({ type: 'MarkOrdersReleased' }, ctx).then([]);
    given([created]).when({ type: 'MarkOrdersReleased' }, ctx).then([]);
    // No file, no chunk, no closing and no result file after it.
    given([created, voided]).when({ type: 'IssuePaymentFile', sha256: 'abc', mayManage: true }, ctx).thenThrows(RuleViolationError, '已作废');
    given([created, voided]).when({ type: 'RecordPaymentResults', resultFile: 'f1', fileBatchId: 'b-1', rows: [], mayManage: true }, ctx).thenThrows(RuleViolationError, '已作废');
    given([opened, chunk, voided]).when({ type: 'AddPaymentOrders', orders: [personOrder], mayManage: true }, ctx).thenThrows(RuleViolationError, '已作废');
    given([opened, chunk, voided]).when({ type: 'ClosePaymentBatch', mayManage: true }, ctx).thenThrows(RuleViolationError, '已作废');
    // Its figures: nothing pending, the whole total voided (released to later batches).
    const state = [created, { type: 'PaymentBatchVoided', data: { reason: '重复生成', orderCount: 2, totalFen: 155_000 } } as PaymentBatchEvent].reduce(paymentBatchDecider.evolve, paymentBatchDecider.initialState());
    if (state.status === 'none') throw new Error('the batch folds');
    expect(batchFigures(state)).toEqual({ totalFen: 155_000, paidFen: 0, failedFen: 0, pendingFen: 0, voidedFen: 155_000 });
  });
});
