// `npm run bench -- money [--claims N] [--orders N] [--reservations N] [--runs N] [--batch-only]`: issue 14 §6's figures, on a
// throw-away embedded Postgres. Nothing is asserted; results: bench-results/money-bench.json.
// 1. approvals: 20 concurrent reviewers reserving on one fund (the approval's fund step, through the
//    fund's commands on the real event store) until the fund is exhausted: reservations per second,
//    and how many succeeded against how many the fund covers (over-commitment must be 0).
// 2. calculation: the province-wide repeat check of a 50-trainee class over `--claims` claimants
//    (applications' claimants inserted into the read model as 50 per application), then the pure
//    calculation for the 50 (some of them claimed the same occupation and level before, and are
//    excluded); the class's own stream read is not part of this figure.
// 3. batch: a payment batch of `--orders` orders through the database (money-batch-bench.ts): made
//    from as many records' streams in chunks, its payment file, the bank stand-in's result file
//    imported, recorded and settled on the fund and every record, and 对账 over all of it; `--runs`
//    times (3 by default, each its own fund and records in the one database), the median printed.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPlatform } from '../../api/platform';
import { caughtUp } from '../../testing/caught-up';
import { fundCommands } from '../../commands/fund/fund-commands';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import type { RequestContext } from '../../commands/pipeline/request-context';
import type { OpenFund } from '../../domain/fund/fund';
import { calculateTrainingFunding, type FundingFacts, type ParticipantFacts } from '../../domain/subsidy-application/calculation';
import { DEFAULT_ELIGIBILITY_POLICY } from '../../domain/training-class/eligibility';
import { fundingDirectory } from '../../projections/subsidy-application/funding-directory';
import { ORGS, seedTestOrganizations } from '../../testing/seed';
import { startBenchPostgres } from './postgres';
import { batchThroughDatabase } from './money-batch-bench';
import { writeJson } from './report';
import { median } from './stats';

const RESULTS_FILE = path.resolve('bench-results', 'money-bench.json');
const BENCH_PII_ENV = { PII_ENCRYPTION_KEY: '6d6f6e65792d62656e63682d6b65792d', PII_BLIND_INDEX_KEY: '6d6f6e65792d62656e63682d626c696e' };
const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const request = (orgId: string | null = ORGS.nanming): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: 'bench', role: 'authority_operator', orgId }, commandId, correlationId: commandId, ip: null };
};

async function main() {
  const claims = flag('claims', 1_000_000);
  const orders = flag('orders', 100_000);
  const reservations = flag('reservations', 2_000);
  const postgres = await startBenchPostgres();
  const results: Record<string, unknown> = { generatedAt: new Date().toISOString(), claims, orders, reservations };
  try {
    await postgres.createDatabase('bench_money');
    const platform = await createPlatform({ databaseUrl: postgres.urlOf('bench_money'), piiKeys: loadPiiKeys(BENCH_PII_ENV, () => undefined) });
    try {
      await seedTestOrganizations(platform.store);
      await caughtUp(platform, undefined, 60_000);

      // `--batch-only`: section 3 alone.
      if (!process.argv.includes('--batch-only')) {
      // 1. 20 concurrent reviewers against one fund covering `reservations` approvals of 1,000.00 元.
      const funds = fundCommands({ store: platform.store, authorities: platform.directories.authorities });
      const { fundId } = await funds.allocate({ authorityId: ORGS.nanming, line: 'employment_subsidy', year: 2026, amountFen: reservations * 100_000, basis: 'bench' }, request());
      let next = 0;
      let approved = 0;
      let refused = 0;
      const attempts = Math.round(reservations * 1.2);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          for (let i = next++; i < attempts; i = next++) {
            try {
              await funds.reserve(fundId, { reservationId: `r-${i}`, applicationId: `a-${i}`, amountFen: 100_000 }, request());
              approved++;
            } catch {
              refused++;
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const fund = (await funds.open(fundId)) as OpenFund;
      results.approvals = { reviewers: 20, attempts, approved, refused, covered: reservations, overCommittedFen: Math.max(0, fund.reservedFen - fund.allocatedFen), seconds: Number(seconds.toFixed(2)), perSecond: Math.round(attempts / seconds) };
      log(`approvals: ${JSON.stringify(results.approvals)}`);

      // 2. The repeat check over `claims` claimants, 50 to an application, and the calculation for 50.
      const people = Array.from({ length: 50 }, (_, i) => `target-${i}`);
      const rowsNeeded = Math.ceil(claims / 50);
      log(`inserting ${rowsNeeded} applications with ${claims} claimants`);
      for (let start = 0; start < rowsNeeded; start += 1_000) {
        const rows = Array.from({ length: Math.min(1_000, rowsNeeded - start) }, (_, k) => {
          const n = start + k;
          const claimants = Array.from({ length: 50 }, (_, j) => (n % 2_000 === 0 && j < 10 ? people[(n / 2_000 + j) % 50]! : `p-${n}-${j}`));
          return {
            id: `app-${n}`, stream_id: `subsidy-application-app-${n}`, class_id: `class-${n}`, class_no: `B-${n}`, class_name: `班${n}`, institution_id: ORGS.nanmingSchool, payer_id: ORGS.nanming,
            fund_id: fundId, line: 'employment_subsidy', year: 2026, total_fen: '4000000', eligible_count: 50, excluded_count: 0, computed_at: '0', review_status: 'approved', review_level: null,
            review_authority: null, reserved_fen: '4000000', notice_from: null, notice_until: null, open_objections: 0, payable_fen: '4000000', revoked: false, payment_status: null, claimants,
            kind: 'employment', sub_kind: null, occupation_code: n % 2_000 === 0 ? '4-03-02-01' : `4-0${n % 9}-01-01`, occupation_name: '工种', occupation_level: n % 2_000 === 0 ? '4' : '5', planned_start: '2025-03-01', state: '{}',
            created_by: 'bench', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
          };
        });
        await platform.knex('rm.subsidy_applications').insert(rows);
      }
      await platform.knex.raw('analyze rm.subsidy_applications');
      const directory = fundingDirectory(platform.knex);
      const runs: number[] = [];
      let funded = 0;
      let withEarlierClaims = 0;
      for (let run = 0; run < 5; run++) {
        const t0 = performance.now();
        const [history, categories] = await Promise.all([directory.claims(people, 'none'), directory.personCategories(people)]);
        const participants: ParticipantFacts[] = people.map((id) => ({
          participantId: id, name: '学员', idNumberMasked: '520102********0011', funding: 'subsidised', completed: true, completionReasons: [], ratePermille: 950,
          assessmentPassed: true, certificateNo: null, personCategory: categories.get(id) ?? 'rural_migrant', claims: history.get(id) ?? [],
        }));
        const facts: FundingFacts = {
          class: { classId: 'target', classNo: 'T-1', name: '目标班', institutionId: ORGS.nanmingSchool, kind: 'employment', subKind: null, occupation: { code: '4-03-02-01', name: '中式烹调师', level: '4' }, plannedStart: '2026-03-02', startedOn: '2026-03-02', completedOn: '2026-03-20', days: 15, minAttendancePercent: 80, assessmentRequired: true },
          participants, fraudExclusions: [], attendanceSource: 'class_completion_and_capture_exclusions', policy: { policy: DEFAULT_ELIGIBILITY_POLICY, version: 0 },
          standards: [{ standardId: 's', authorityId: ORGS.province, authorityKind: 'province', scope: { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null }, versions: [{ amountFen: 150_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: 'bench', version: 1, approvedOn: '2026-01-01' }] }],
        };
        funded = calculateTrainingFunding(facts).eligible.length;
        withEarlierClaims = participants.filter((p) => p.claims.length > 0).length;
        runs.push(performance.now() - t0);
      }
      results.calculation = { claimants: claims, trainees: 50, withEarlierClaims, funded, runsMs: runs.map((r) => Math.round(r)), medianMs: Math.round([...runs].sort((a, b) => a - b)[2]!), aimMs: 1000 };
      log(`calculation: ${JSON.stringify(results.calculation)}`);
      }
      // 3. A batch of `orders` orders through the database (money-batch-bench.ts), `--runs` times.
      const batchRuns: Awaited<ReturnType<typeof batchThroughDatabase>>[] = [];
      for (let run = 0; run < flag('runs', 3); run++) {
        const load = os.loadavg()[0]!;
        const one = await batchThroughDatabase(platform, orders, request, log, run);
        batchRuns.push(one);
        log(`batch run ${run + 1} (load average ${load.toFixed(1)} -> ${os.loadavg()[0]!.toFixed(1)}): ${JSON.stringify(one)}`);
        (one as Record<string, unknown>).loadAverage = [Number(load.toFixed(1)), Number(os.loadavg()[0]!.toFixed(1))];
      }
      const mid = (key: 'createMs' | 'issueFileMs' | 'importAndSettleMs' | 'reconcileMs' | 'totalMs') => median(batchRuns.map((r) => r[key]));
      results.batch = {
        orders,
        runs: batchRuns,
        median: { createMs: mid('createMs'), issueFileMs: mid('issueFileMs'), importAndSettleMs: mid('importAndSettleMs'), reconcileMs: mid('reconcileMs'), totalMs: mid('totalMs') },
        everyRunBalanced: batchRuns.every((r) => r.reconciliation.balanced && r.orders === orders),
        aimMs: 120_000,
      };
      const m = (results.batch as { median: Record<string, number> }).median;
      log(`batch, ${orders} orders, median of ${batchRuns.length}: create ${m.createMs} ms, payment file ${m.issueFileMs} ms, import + settle ${m.importAndSettleMs} ms, 对账 ${m.reconcileMs} ms, total ${m.totalMs} ms (aim 120000); every run balanced: ${String((results.batch as { everyRunBalanced: boolean }).everyRunBalanced)}`);
    } finally {
      await platform.close();
    }

  } finally {
    await postgres.stop();
  }
  writeJson(RESULTS_FILE, results);
  console.log(JSON.stringify(results, null, 2));
}

if (process.argv[1]?.endsWith('money-bench.ts')) main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('money bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
