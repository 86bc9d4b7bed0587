// 作废 and the paged orders of a batch, on the real store and read models over real HTTP: two
// payable training-funding applications ordered in a batch; its orders paged and filtered from the
// payment_orders read model; the batch voided by its payer with a reason (another county: as if
// missing; no reason: refused; both writing nothing); a voided batch takes no payment file and no
// result file (refused in Chinese, nothing written); its orders are released on the applications, a
// new batch orders both again, and the bank's result file for the new batch (one paid, one failed)
// pays each application exactly once; the orders page then shows the failure and its reason. An
// issued batch cannot be voided.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { payableApplications } from '../../projections/subsidy-application/payables';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { bankStandIn } from '../../testing/bank-standin';
import { seedPayableTrainingFunding } from './testing/payable-funding';

const today = () => new Date().toISOString().slice(0, 10);

type OrderPage = { paymentBatchOrders: { total: number; items: { paymentId: string; applicationId: string; status: string; statusLabel: string; reason: string | null; amountFen: string }[] } };
const ORDERS = `query($b: ID!, $f: PaymentOrderFilter, $p: PageInput) { paymentBatchOrders(batchId: $b, filter: $f, page: $p) { total items { paymentId applicationId status statusLabel reason amountFen } } }`;
const CREATE = `mutation($f: ID!) { createPaymentBatch(fundId: $f) { id streamId orderCount totalFen skipped } }`;
const VOID = `mutation($id: ID!, $r: String!) { voidPaymentBatch(id: $id, reason: $r) { revision } }`;

describe('payment batches: 作废 and the paged orders', () => {
  let api: ApiHarness;
  let payer: Session;
  let otherCounty: Session;
  let fundId: string;
  const applications: string[] = [];

  beforeAll(async () => {
    api = await startApiHarness();
    const seeded = await seedPayableTrainingFunding(api, ['7', '8']);
    fundId = seeded.fundId;
    applications.push(...seeded.applications);
    [payer, otherCounty] = (await Promise.all([api.login('nanmingRegistrar'), api.login('yunyanReviewer')])) as [Session, Session];
    await api.settled();
  }, 300_000);
  afterAll(async () => api.close());

  const orders = async (batchId: string, filter: Record<string, unknown> = {}, page: Record<string, unknown> = {}) => {
    const r = await api.graphql<OrderPage>(payer, ORDERS, { b: batchId, f: filter, p: page }, await api.settled());
    expect(r.errors).toBeUndefined();
    return r.data!.paymentBatchOrders;
  };
  const create = async () => {
    const r = await api.graphql<{ createPaymentBatch: { id: string; streamId: string; orderCount: number; totalFen: string } }>(payer, CREATE, { f: fundId }, await api.settled());
    expect(r.errors).toBeUndefined();
    return r.data!.createPaymentBatch;
  };
  let voidedId = '';
  let voidedStream = '';

  it('pages a batch\'s orders from the read model with filters, and voids the batch only for its payer, with a reason', async () => {
    const batch = await create();
    [voidedId, voidedStream] = [batch.id, batch.streamId];
    expect(batch.orderCount).toBe(2);
    const all = await orders(voidedId);
    expect(all.total).toBe(2);
    expect(new Set(all.items.map((o) => o.applicationId))).toEqual(new Set(applications));
    expect(all.items.map((o) => o.statusLabel)).toEqual(['待回盘', '待回盘']);
    const firstPage = await orders(voidedId, {}, { page: 1, pageSize: 1 });
    const secondPage = await orders(voidedId, {}, { page: 2, pageSize: 1 });
    expect([firstPage.total, firstPage.items.length, secondPage.items.length]).toEqual([2, 1, 1]);
    expect(firstPage.items[0]!.paymentId).not.toBe(secondPage.items[0]!.paymentId);
    expect((await orders(voidedId, { status: 'failed' })).total).toBe(0);
    expect((await orders(voidedId, { keyword: applications[0] })).items.map((o) => o.applicationId)).toEqual([applications[0]]);
    const badFilter = await api.graphql(payer, ORDERS, { b: voidedId, f: { status: 'lost' } });
    expect(JSON.stringify(badFilter.errors![0])).toContain('支付结果不在可选范围内');
    // Another county: the batch's orders look as a missing batch's.
    const outside = await api.graphql(otherCounty, ORDERS, { b: voidedId });
    expect(outside.errors![0]!.extensions.code).toBe('NOT_FOUND');

    const length = async () => (await api.platform.store.readStream(voidedStream)).length;
    const before = await length();
    expect((await api.graphql(otherCounty, VOID, { id: voidedId, r: '重复生成' })).errors![0]!.extensions.code).toMatch(/NOT_FOUND|FORBIDDEN/);
    expect(JSON.stringify((await api.graphql(payer, VOID, { id: voidedId, r: '  ' })).errors![0])).toContain('作废原因不能为空');
    expect(await length()).toBe(before);

    const voided = await api.graphql(payer, VOID, { id: voidedId, r: '收款账户待核实，重新生成' });
    expect(voided.errors).toBeUndefined();
    const events = (await api.platform.store.readStream(voidedStream)).map((e) => e.type);
    expect(events.slice(before)).toEqual(['PaymentBatchVoided', 'PaymentOrdersReleased']);
    // Voiding again writes nothing.
    expect((await api.graphql(payer, VOID, { id: voidedId, r: '再次作废' })).errors).toBeUndefined();
    expect(await length()).toBe(before + 2);
    for (const id of applications) expect((await api.platform.store.readStream(`subsidy-application-${id}`)).filter((e) => e.type === 'TrainingFundingPaymentOrderReleased')).toHaveLength(1);
    const figures = 'status statusLabel totalFen paidFen failedFen pendingFen voidedFen reconciled';
    const batchPage = await api.graphql<{ paymentBatch: Record<string, unknown> }>(payer, `query($id: ID!) { paymentBatch(id: $id) { ${figures} } }`, { id: voidedId }, await api.settled());
    // Nothing of a voided batch is pending: its orders are released to later batches.
    const voidedFigures = { status: 'voided', statusLabel: '已作废', totalFen: '160000', paidFen: '0', failedFen: '0', pendingFen: '0', voidedFen: '160000', reconciled: true };
    expect(batchPage.data!.paymentBatch).toEqual(voidedFigures);
    const listed = await api.graphql<{ paymentBatches: { items: Record<string, unknown>[] } }>(payer, `{ paymentBatches(page: { pageSize: 200 }) { items { id ${figures} } } }`, {}, await api.settled());
    expect(listed.data!.paymentBatches.items.find((b) => b.id === voidedId)).toEqual({ id: voidedId, ...voidedFigures });
    expect((await orders(voidedId, { status: 'voided' })).items.map((o) => o.reason)).toEqual(['收款账户待核实，重新生成', '收款账户待核实，重新生成']);
  });

  it('refuses a payment file and a result file for the voided batch, writing nothing', async () => {
    const length = async () => (await api.platform.store.readStream(voidedStream)).length;
    const before = await length();
    const file = await api.graphql(payer, `mutation { issuePaymentFile(id: "${voidedId}") { sha256 } }`);
    expect(file.errors![0]!.message).toContain('该支付批次已作废');
    const lines = (await orders(voidedId)).items.map((o) => `${o.paymentId},SUCCESS,${o.amountFen},BK-${o.paymentId.slice(0, 6)},`);
    const result = await api.graphql(payer, `mutation($c: String!) { importPaymentResults(id: "${voidedId}", content: $c) { revision } }`, { c: `#GZPAYRESULT,1,${voidedId}\n${lines.join('\n')}\n` });
    expect(result.errors![0]!.message).toContain('该支付批次已作废');
    expect(await length()).toBe(before);
    for (const id of applications) expect((await api.platform.store.readStream(`subsidy-application-${id}`)).filter((e) => e.type === 'TrainingFundingPaid')).toHaveLength(0);
  });

  it('orders the released applications in a new batch and pays each exactly once; an issued batch cannot be voided', async () => {
    expect(await payableApplications(api.platform.knex).payableApplications(fundId, today())).toHaveLength(2);
    const batch = await create();
    expect([batch.orderCount, batch.totalFen]).toEqual([2, '160000']);
    expect(batch.id).not.toBe(voidedId);
    const issued = await api.graphql<{ issuePaymentFile: { content: string } }>(payer, `mutation { issuePaymentFile(id: "${batch.id}") { content } }`, {}, await api.settled());
    expect(issued.errors).toBeUndefined();
    const refused = await api.graphql(payer, VOID, { id: batch.id, r: '不再需要' });
    expect(refused.errors![0]!.message).toContain('不能作废');
    const failing = issued.data!.issuePaymentFile.content.trim().split('\n')[2]!.split(',')[0]!;
    const bank = bankStandIn({ fail: (line) => (line.paymentId === failing ? '户名不符' : undefined) });
    const imported = await api.graphql(payer, `mutation($c: String!) { importPaymentResults(id: "${batch.id}", content: $c) { revision } }`, { c: bank.process(issued.data!.issuePaymentFile.content) });
    expect(imported.errors).toBeUndefined();
    for (const id of applications) {
      const events = await api.platform.store.readStream(`subsidy-application-${id}`);
      expect(events.filter((e) => e.type === 'TrainingFundingPaymentOrdered')).toHaveLength(2);
      expect(events.filter((e) => e.type === 'TrainingFundingPaid' || e.type === 'TrainingFundingPaymentFailed')).toHaveLength(1);
    }
    expect([...bank.paidCount.values()]).toEqual([1]);
    const failed = await orders(batch.id, { status: 'failed' });
    expect(failed.items.map((o) => [o.paymentId, o.statusLabel, o.reason])).toEqual([[failing, '支付失败', '户名不符']]);
    expect((await orders(batch.id, { reason: '户名' })).total).toBe(1);
    expect((await orders(batch.id, { status: 'paid' })).total).toBe(1);
    const reconciled = await api.graphql<{ fundReconciliation: Record<string, unknown> }>(payer, `{ fundReconciliation(fundId: "${fundId}") { paidFen failedFen pendingFen balanced differences } }`, {}, await api.settled());
    expect(reconciled.data!.fundReconciliation).toEqual({ paidFen: '80000', failedFen: '80000', pendingFen: '0', balanced: true, differences: [] });
  });
});
