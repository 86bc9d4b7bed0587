// Kill test (issue 14 §3): a batch of three training-funding orders is sent through the bank's HTTP
// interface (the contract stand-in, in this process) and settled by a real child process
// (testing/send-child.ts on the same database), which is killed with SIGKILL at one point after
// another: after the bank answered the second order (nothing recorded yet), after the answers were
// recorded (nothing settled), after the fund's settlement, after the second application's outcome,
// and after the batch was marked settled; each restart does what is left, and a last one finishes.
// Then every order was paid by the bank exactly once (one failed, as the bank decided), each
// application records one outcome, the fund's figures are exact, the batch adds up and 对账 balances.
// Midway, 对账 names the half-done settlement.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { startApiHarness, type ApiHarness } from '../../testing/api-harness';
import { startBankHttpStandIn, type BankHttpStandIn } from '../../testing/bank-http-standin';
import { ORGS } from '../../testing/seed';
import { seedPayableTrainingFunding } from './testing/payable-funding';

const PII_ENV = { PII_ENCRYPTION_KEY: randomBytes(16).toString('hex'), PII_BLIND_INDEX_KEY: randomBytes(16).toString('hex') };
const as = (orgId: string, id: string): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null };
};
const databaseUrl = (api: ApiHarness) => {
  const c = api.platform.knex.client.config.connection as string | { host: string; port?: number; user: string; password?: string; database: string };
  return typeof c === 'string' ? c : `postgres://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password ?? '')}@${c.host}:${c.port ?? 5432}/${c.database}`;
};

describe('a payment batch\'s process killed at any point', () => {
  let api: ApiHarness;
  let bank: BankHttpStandIn;
  let fundId: string;
  let batchId: string;
  let failing = '';
  const applications: string[] = [];

  beforeAll(async () => {
    api = await startApiHarness({ piiEnv: PII_ENV });
    bank = await startBankHttpStandIn({ fail: (p) => (p.paymentId === failing ? '户名不符' : undefined) });
    const { commands } = api.platform;
    const seeded = await seedPayableTrainingFunding(api, ['5', '6', '7']);
    fundId = seeded.fundId;
    applications.push(...seeded.applications);
    await api.settled();
    const created = await commands.paymentBatches.create(fundId, as(ORGS.nanming, 'registrar'));
    batchId = created.batchId;
    const batch = await commands.paymentBatches.load(batchId);
    failing = batch.orders[2]!.paymentId;
  }, 300_000);
  afterAll(async () => {
    await bank?.close();
    await api?.close();
  });

  /** Runs the child until it reaches `killAt` (then SIGKILL) or finishes; returns how it ended and the steps it printed. */
  function runChild(killAt: string | null): Promise<{ signal: NodeJS.Signals | null; code: number | null; steps: string[]; stderr: string }> {
    // Node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a grandchild, which a SIGKILL to the CLI would leave running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/payment-batch/testing/send-child.ts', batchId, killAt ?? 'none', ORGS.nanming], {
      env: { ...process.env, ...PII_ENV, DATABASE_URL: databaseUrl(api), EVENTSTORE_URL: '', BANK_ADAPTER: 'http', BANK_HTTP_URL: bank.url, BANK_HTTP_TOKEN: bank.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const steps: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      steps.push(line);
      if (killAt && line === `WAITING ${killAt}`) child.kill('SIGKILL');
    });
    return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, steps, stderr })));
  }

  const outcomes = async () =>
    Promise.all(applications.map(async (id) => (await api.platform.store.readStream(`subsidy-application-${id}`)).filter((e) => e.type === 'TrainingFundingPaid' || e.type === 'TrainingFundingPaymentFailed').length));

  it('is killed after the bank answered the second order: nothing recorded, the bank paid two', async () => {
    const run = await runChild('sent:1');
    expect([run.signal, run.steps.at(-1)]).toEqual(['SIGKILL', 'WAITING sent:1']);
    expect((await api.platform.commands.paymentBatches.load(batchId)).results).toEqual({});
    expect([...bank.paidCount.values()]).toEqual([1, 1]);
  }, 120_000);

  it('is killed after the answers were recorded (every order posted again: the bank pays none twice), before any settlement', async () => {
    const run = await runChild('recorded');
    expect([run.signal, run.steps.filter((s) => s.startsWith('STEP sent')).length]).toEqual(['SIGKILL', 3]);
    const batch = await api.platform.commands.paymentBatches.load(batchId);
    expect([batch.status, batch.settledFiles]).toEqual(['completed', []]);
    expect([...bank.paidCount.values()]).toEqual([1, 1]);
    expect(await outcomes()).toEqual([0, 0, 0]);
  }, 120_000);

  it('is killed after the fund\'s settlement: 对账 names the half-done settlement', async () => {
    const run = await runChild('fund');
    expect(run.signal).toBe('SIGKILL');
    const report = await api.platform.commands.fundReconciliation.reconcile(fundId);
    expect(report.differences.join('\n')).toContain('结算未完成或记录不一致');
    expect(await outcomes()).toEqual([0, 0, 0]);
  }, 120_000);

  it('is killed after the second application\'s outcome, then after the batch was marked settled', async () => {
    expect((await runChild('application:1')).signal).toBe('SIGKILL');
    // Two of the three (in the batch's order) record their outcome, the third does not yet.
    expect((await outcomes()).sort()).toEqual([0, 1, 1]);
    expect((await runChild('batch')).signal).toBe('SIGKILL');
    expect(await outcomes()).toEqual([1, 1, 1]);
  }, 180_000);

  it('finishes on a last run: every order paid exactly once, the fund exact, the batch and 对账 balanced', async () => {
    const run = await runChild(null);
    expect([run.code, run.steps.at(-1), run.stderr.includes('Error') ? run.stderr : '']).toEqual([0, 'DONE', '']);
    expect([...bank.paidCount.values()]).toEqual([1, 1]);
    expect(bank.requests.count).toBeGreaterThan(3);
    expect(await outcomes()).toEqual([1, 1, 1]);
    const batch = await api.platform.commands.paymentBatches.load(batchId);
    expect(batch.settledFiles).toHaveLength(batch.resultFiles.length);
    const report = await api.platform.commands.fundReconciliation.reconcile(fundId);
    expect([report.differences, report.approvedFen, report.paidFen, report.failedFen, report.pendingFen, report.fundSpentFen, report.fundReservedFen]).toEqual([[], 240_000, 160_000, 80_000, 0, 160_000, 0]);
  }, 120_000);
});
