// 支付批次 end to end over real HTTP, from two classes completed through the platform's commands and
// approved a month ago (their 公示 is over): the payer creates a batch of the payable applications
// (a second batch finds nothing left to order), issues the bank's payment file, and imports the
// result file the bank stand-in (CONTRACT.md) returns: wrong files are refused whole and write
// nothing; a settlement stopped part-way (an injected crash between steps, then a fresh process) is
// finished by importing the same file again, and every order is paid exactly once: the bank paid
// each payment id once, the fund spent the paid amount once and released the failed one, each
// application records one outcome, and the batch's figures add up to the fen. The daily 对账 sees
// the half-done settlement as a difference (recorded on the fund) and the finished one as balanced.
// The failed payment is re-issued only after the institution's account changed, approved by a second
// person, as a new payment id: paid once; that batch's files go over plain HTTP (GET payment-file:
// 403 without payment:manage, 404 for an unknown batch, the digest recorded; POST results: a wrong
// file and one larger than /graphql's 1 MB body refused whole, writing nothing).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { paymentBatchCommands } from '../../commands/payment-batch/batch-commands';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { createEventStore } from '../../store/event-store/chained-event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { bankStandIn } from '../../testing/bank-standin';
import { ORGS, testInstitutionInput } from '../../testing/seed';
import { payableApplications } from '../../projections/subsidy-application/payables';
import { trainingFundingPayables } from '../../commands/subsidy-application/payment-source';
import { seedPayableTrainingFunding } from './testing/payable-funding';

/** The harness's database as a URL (knex keeps it parsed). */
const databaseUrl = (api: ApiHarness) => {
  const c = api.platform.knex.client.config.connection as string | { host: string; port?: number; user: string; password?: string; database: string };
  return typeof c === 'string' ? c : `postgres://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password ?? '')}@${c.host}:${c.port ?? 5432}/${c.database}`;
};
const as = (orgId: string, id: string, now?: Date): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null, ...(now ? { now } : {}) };
};

describe('payment batches', () => {
  let api: ApiHarness;
  let payer: Session;
  let otherCounty: Session;
  let fundId: string;
  const applications: string[] = [];

  beforeAll(async () => {
    api = await startApiHarness();
    const seeded = await seedPayableTrainingFunding(api, ['5', '6']);
    fundId = seeded.fundId;
    applications.push(...seeded.applications);
    [payer, otherCounty] = (await Promise.all([api.login('nanmingRegistrar'), api.login('yunyanReviewer')])) as [Session, Session];
    await api.settled();
  }, 240_000);
  afterAll(async () => api.close());
  /** Plain HTTP as the console sends it: the session cookie, and the CSRF header on a POST. */
  const http = (session: Session, method: 'GET' | 'POST', path: string, body?: string) =>
    fetch(`${api.url}${path}`, { method, headers: { cookie: session.cookie, ...(method === 'POST' ? { 'x-csrf-token': session.csrf, 'content-type': 'text/csv; charset=utf-8' } : {}) }, body });

  const CREATE = `mutation($f: ID!) { createPaymentBatch(fundId: $f) { id streamId orderCount totalFen skipped } }`;
  const BATCH = `query($id: ID!) { paymentBatch(id: $id) { status orderCount totalFen paidFen failedFen pendingFen reconciled orders { paymentId status bankRef reason amountFen accountMasked } } }`;
  let batchId: string;
  let streamId: string;
  let paymentFile: string;
  let resultFile: string;
  const bank = bankStandIn({ fail: (line) => (line.paymentId === failing ? '账户已冻结' : undefined) });
  let failing = '';

  it('orders every payable application once: the batch and each application\'s order in one append; a second batch finds nothing', async () => {
    expect(await payableApplications(api.platform.knex).payableApplications(fundId, new Date().toISOString().slice(0, 10))).toHaveLength(2);
    const created = await api.graphql<{ createPaymentBatch: { id: string; streamId: string; orderCount: number; totalFen: string; skipped: string[] } }>(payer, CREATE, { f: fundId });
    expect(created.errors).toBeUndefined();
    ({ id: batchId, streamId } = created.data!.createPaymentBatch);
    expect(created.data!.createPaymentBatch).toMatchObject({ orderCount: 2, totalFen: '160000', skipped: [] });
    const again = await api.graphql(payer, CREATE, { f: fundId }, await api.settled());
    expect(again.errors![0]!.message).toContain('没有可支付的申报');
    expect((await api.graphql(otherCounty, CREATE, { f: fundId })).errors![0]!.extensions.code).toMatch(/NOT_FOUND|FORBIDDEN/);
  });

  it('issues the payment file (accounts in clear only there) and refuses a wrong result file whole, writing nothing', async () => {
    const issued = await api.graphql<{ issuePaymentFile: { content: string; sha256: string } }>(payer, `mutation { issuePaymentFile(id: "${batchId}") { content sha256 } }`, {}, await api.settled());
    expect(issued.errors).toBeUndefined();
    paymentFile = issued.data!.issuePaymentFile.content;
    expect(paymentFile.split('\n')[0]).toBe(`#GZPAY,1,${batchId},2,160000`);
    expect(paymentFile).toContain('6222020200000000006');
    const lines = paymentFile.trim().split('\n').slice(1);
    failing = lines[1]!.split(',')[0]!;
    resultFile = bank.process(paymentFile);

    const length = async () => (await api.platform.store.readStream(streamId)).length;
    const before = await length();
    const importFile = (content: string) => api.graphql(payer, `mutation($c: String!) { importPaymentResults(id: "${batchId}", content: $c) { revision } }`, { c: content });
    const [head, first, second] = resultFile.trim().split('\n') as [string, string, string];
    const wrong: [string, string][] = [
      [`#GZPAYRESULT,1,${randomUUID()}\n${first}\n`, '属于另一支付批次'],
      [`${head}\n${first}\n${first}\n`, '重复出现'],
      [`${head}\n${randomUUID()},SUCCESS,80000,BK1,\n`, '不在本批次中'],
      [`${head}\n${first.replace(',80000,', ',80001,')}\n`, '与支付指令'],
      [`${head}\n${second.replace(',账户已冻结', ',')}\n`, '支付失败须注明原因'],
      ['随便什么文件', '不是银行支付结果文件'],
    ];
    for (const [content, message] of wrong) {
      const refused = await importFile(content);
      expect([message, JSON.stringify(refused.errors![0])]).toEqual([message, expect.stringContaining(message)]);
    }
    expect(await length()).toBe(before);
  });

  it('finishes a settlement stopped part-way on a fresh process by importing the same file again, and pays each order exactly once', async () => {
    const { platform } = api;
    const request = as(ORGS.nanming, 'registrar');
    // The first process records the results, settles the fund and one application, then dies.
    const crash = new Error('进程中断（测试注入）');
    await expect(platform.commands.paymentBatches.importResults(batchId, resultFile, request, (s) => { if (s.step === 'application') throw crash; })).rejects.toBe(crash);
    // 对账 now sees the half-done settlement: the fund and the batch say more than the applications.
    const midway = await platform.commands.fundReconciliation.reconcile(fundId);
    expect(midway.differences.length).toBeGreaterThan(0);
    expect(midway.differences.join('\n')).toContain('结算未完成或记录不一致');
    expect(await platform.commands.fundReconciliation.reconcileAll(request)).toEqual({ funds: expect.any(Number), withDifferences: 1 });
    expect((await platform.store.readStream(`fund-${fundId}`)).filter((e) => e.type === 'FundReconciliationDifferenceFound')).toHaveLength(1);
    // A fresh process (its own connection, fund cache and lock) imports the same file again.
    const second = createEventStore(createPostgresEventLog({ connectionString: databaseUrl(api) }));
    try {
      const sources = [trainingFundingPayables({ store: second, applications: platform.directories.payables })];
      const fresh = paymentBatchCommands({ store: second, authorities: platform.directories.authorities, sources, personalData: platform.personalData });
      await fresh.importResults(batchId, resultFile, as(ORGS.nanming, 'registrar'));
      await fresh.importResults(batchId, resultFile, as(ORGS.nanming, 'registrar'));
    } finally {
      await second.close();
    }
    // The bank is sent the same file again (say, after a lost acknowledgement): nothing is paid twice.
    bank.process(paymentFile);
    expect([...bank.paidCount.values()]).toEqual([1]);

    const settled = await api.settled();
    const batch = await api.graphql<{ paymentBatch: Record<string, unknown> }>(payer, BATCH, { id: batchId }, settled);
    expect(batch.data!.paymentBatch).toMatchObject({ status: 'completed', totalFen: '160000', paidFen: '80000', failedFen: '80000', pendingFen: '0', reconciled: true });
    const fund = await api.graphql<{ fund: Record<string, unknown> }>(payer, `{ fund(id: "${fundId}") { allocatedFen reservedFen spentFen remainingFen settlements } }`, {}, settled);
    expect(fund.data!.fund).toEqual({ allocatedFen: '1000000', reservedFen: '0', spentFen: '80000', remainingFen: '920000', settlements: 1 });
    const reconciled = await api.graphql<{ fundReconciliation: Record<string, unknown> }>(payer, `{ fundReconciliation(fundId: "${fundId}") { approvedFen paidFen failedFen removedFen pendingFen balanced differences } }`);
    expect(reconciled.data!.fundReconciliation).toEqual({ approvedFen: '160000', paidFen: '80000', failedFen: '80000', removedFen: '0', pendingFen: '0', balanced: true, differences: [] });
    for (const id of applications) {
      const events = await platform.store.readStream(`subsidy-application-${id}`);
      expect(events.filter((e) => e.type === 'TrainingFundingPaid' || e.type === 'TrainingFundingPaymentFailed')).toHaveLength(1);
    }
    const outcomes = await api.graphql<{ trainingFundingApplications: { items: { unpayableReason: string }[] } }>(payer, '{ trainingFundingApplications { items { unpayableReason } } }', {}, settled);
    expect(outcomes.data!.trainingFundingApplications.items.map((a) => a.unpayableReason).sort()).toEqual(['已支付', '支付失败：账户已冻结（可更新收款账户后申请重新支付）']);
    expect((await api.graphql(otherCounty, BATCH, { id: batchId })).data).toEqual({ paymentBatch: null });
    // The list reads no batch's state (its orders) unless they are asked for: then they come from the row.
    const list = await api.graphql<{ paymentBatches: { items: { id: string; reconciled: boolean; paidFen: string; orders: { status: string }[] }[] } }>(payer, '{ paymentBatches { items { id reconciled paidFen orders { status } } } }', {}, settled);
    expect(list.data!.paymentBatches.items.find((b) => b.id === batchId)).toEqual({ id: batchId, reconciled: true, paidFen: '80000', orders: [{ status: expect.any(String) }, { status: expect.any(String) }] });
  });

  it('re-issues the failed payment only to changed account details, approved by a second person, as a new payment paid once', async () => {
    const { commands } = api.platform;
    const failedApp = (await Promise.all(applications.map(async (id) => ({ id, state: await commands.subsidyApplications.load(id) })))).find((a) => a.state.status === 'active' && a.state.payment?.status === 'failed')!;
    const REQUEST = `mutation($id: ID!) { requestPaymentReissue(id: $id, reason: "账户冻结，已更换收款账户") { id } }`;
    expect((await api.graphql(payer, REQUEST, { id: failedApp.id })).errors![0]!.message).toContain('收款账户与失败时相同');

    // The institution's account changes through its own reviewed record.
    const stream = `institution-${ORGS.nanmingSchool}`;
    const edit = { ...testInstitutionInput('贵阳市南明区阳光职业技能培训学校', ORGS.nanming), legalPersonIdNumber: null, phone: null, bankAccount: '6222020200000000014' };
    await commands.institutions.edit(ORGS.nanmingSchool, edit as never, ['BANK_CARD_LUHN_FAILED'], as(ORGS.nanming, 'seed-registrar'));
    await commands.reviews.submit(stream, '', as(ORGS.nanming, 'seed-registrar'));
    await commands.reviews.approve(stream, '同意', [], as(ORGS.nanming, 'county-reviewer-2'));
    await commands.reviews.approve(stream, '同意', [], as(ORGS.guiyang, 'city-reviewer-2'));

    const requested = await api.graphql<{ requestPaymentReissue: { id: string } }>(payer, REQUEST, { id: failedApp.id });
    expect(requested.errors).toBeUndefined();
    const reissueId = requested.data!.requestPaymentReissue.id;
    const approveAsSelf = await api.graphql(payer, `mutation { approvePaymentReissue(id: "${failedApp.id}", reissueId: "${reissueId}") { id } }`);
    expect(approveAsSelf.errors![0]!.message).toContain('申请人不能审批自己的重新支付申请');
    await commands.subsidyApplications.approveReissue(failedApp.id, reissueId, as(ORGS.nanming, 'second-registrar'));

    const created = await api.graphql<{ createPaymentBatch: { id: string; orderCount: number; totalFen: string } }>(payer, CREATE, { f: fundId }, await api.settled());
    expect(created.errors).toBeUndefined();
    expect(created.data!.createPaymentBatch).toMatchObject({ orderCount: 1, totalFen: '80000' });
    const second = created.data!.createPaymentBatch.id;
    // This batch's files go over plain HTTP (GET payment-file, POST results), as the console sends them.
    await api.settled();
    const url = `/payment-batches/${second}`;
    expect((await http(otherCounty, 'GET', `${url}/payment-file`)).status).toBe(403);
    expect((await http(payer, 'GET', `/payment-batches/${randomUUID()}/payment-file`)).status).toBe(404);
    const download = await http(payer, 'GET', `${url}/payment-file`);
    expect([download.status, download.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const file = await download.text();
    expect(file).toContain('6222020200000000014');
    expect(file).not.toContain(failing);
    const issuedEvent = (await api.platform.store.readStream(`payment-batch-${second}`)).find((e) => e.type === 'PaymentFileIssued')!;
    expect(download.headers.get('x-payment-file-sha256')).toBe((issuedEvent.data as { sha256: string }).sha256);
    // Refused whole with the reason, nothing written: another batch's file, and a file larger than /graphql's 1 MB body (20,000 unknown payments).
    const length = async () => (await api.platform.store.readStream(`payment-batch-${second}`)).length;
    const before = await length();
    const other = await http(payer, 'POST', `${url}/results`, `#GZPAYRESULT,1,${randomUUID()}\n`);
    expect([other.status, JSON.stringify(await other.json())]).toEqual([409, expect.stringContaining('属于另一支付批次')]);
    const large = `#GZPAYRESULT,1,${second}\n${Array.from({ length: 20_000 }, () => `${randomUUID()},SUCCESS,80000,BK1,`).join('\n')}\n`;
    expect(Buffer.byteLength(large)).toBeGreaterThan(1024 * 1024);
    const unknown = await http(payer, 'POST', `${url}/results`, large);
    expect([unknown.status, ((await unknown.json()) as { errors: { message: string }[] }).errors[0]!.message]).toEqual([400, '支付结果文件与本批次不符，未导入任何结果']);
    expect(await length()).toBe(before);
    const imported = await http(payer, 'POST', `${url}/results`, bank.process(file));
    expect([imported.status, await imported.json()]).toEqual([200, expect.objectContaining({ id: second, status: 'completed', orders: 1, results: 1 })]);
    expect([...bank.paidCount.values()]).toEqual([1, 1]);

    const settled = await api.settled();
    const fund = await api.graphql<{ fund: Record<string, unknown> }>(payer, `{ fund(id: "${fundId}") { reservedFen spentFen remainingFen } }`, {}, settled);
    expect(fund.data!.fund).toEqual({ reservedFen: '0', spentFen: '160000', remainingFen: '840000' });
    const reconciled = await commands.fundReconciliation.reconcile(fundId);
    expect([reconciled.differences, reconciled.paidFen, reconciled.pendingFen]).toEqual([[], 160_000, 0]);
  });
});
