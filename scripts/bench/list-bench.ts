// `npx tsx scripts/bench/list-bench.ts [options]`: the trainee list under a county reviewer's data
// scope over a realistic province (default 1,000,000 trainees), and keyword search over the same
// data, measured over real HTTP at 50 concurrent clients.
//
// 1. Starts its own embedded Postgres in a temporary folder (removed afterwards unless --data-dir
//    is given, in which case a later run reuses the data and skips generation).
// 2. Generates the province with scripts/generate (700 institutions, 10,000 teachers, N trainees):
//    `--via pipeline` (default) runs every trainee's commands through the command pipeline;
//    `--via events` decides the same commands in memory and appends each person's events in one
//    call (see scripts/generate/trainee-steps.ts). Either way the real projection runner builds the
//    read models and the search index; the run waits until they have every event, then VACUUM ANALYZE.
// 3. Creates N county reviewers through platform.commands.users (one-time password changed, TOTP
//    enrolled, as the API harness does) and logs each in over HTTP (password, then TOTP code).
// 4. Starts the API (createApp) and drives `trainees(page)` and `trainees(filter: { keyword })` from
//    a worker thread: closed loop (each client sends its next request as soon as the previous one
//    answers: 50 requests always in flight) and paced (each client waits ~1 s between requests).
//    p50/p95/p99 per run; the table shows the median over the runs.
//
// The API runs with TRUST_PROXY=1 and every request carries its own X-Forwarded-For address, as a
// reverse proxy in front of many users would send: the per-address limit of 1,200 GraphQL requests a
// minute (and 20 logins in 5 minutes) is a defence against one client, not what is measured here.
// Results: bench-results/list-bench.json. Nothing is asserted.
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ClientBase } from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../../api/config';
import { createApp } from '../../api/http/app';
import { createPlatform, type Platform } from '../../api/platform';
import { caughtUp } from '../../testing/caught-up';
import { totpCode } from '../../commands/identity/totp';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { freePort, startEmbeddedPostgres } from '../embedded-postgres.mjs';
import { formatDuration } from '../generate/progress';
import { generateProvince, type ProvinceSummary } from '../generate/province';
import type { TraineeMode } from '../generate/trainee-steps';
import { seedReferenceData } from '../reference-data';

const USAGE = `usage: npx tsx scripts/bench/list-bench.ts [--trainees 1000000] [--teachers 10000] [--institutions 700]
  [--via pipeline|events] [--concurrency 16] [--clients 50] [--requests 2000] [--runs 5] [--think-ms 1000]
  [--county 520102] [--data-dir DIR (kept; reused by a later run)] [--skip-paced] [--quiet-wait 120 (s, 0: off)] [--max-seconds 60 (per measurement)]`;
const RESULTS_FILE = path.resolve('bench-results', 'list-bench.json');
const PAGE_SIZE = 20;
/** Throw-away keys for the benchmark's own database only (fixed, so a kept data folder stays readable). */
const BENCH_PII_ENV = { PII_ENCRYPTION_KEY: '6c6973742d62656e63682d656e632d31', PII_BLIND_INDEX_KEY: '6c6973742d62656e63682d6964782d31' };

const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

// --- options ------------------------------------------------------------------------------------

interface Options {
  trainees: number;
  teachers: number;
  institutions: number;
  via: TraineeMode;
  concurrency: number;
  clients: number;
  requests: number;
  runs: number;
  thinkMs: number;
  county: string | undefined;
  dataDir: string | undefined;
  paced: boolean;
  quietWaitMs: number;
  maxSeconds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const int = (flag: string, fallback: number, min: number) => {
    const raw = value(flag);
    if (raw === undefined) return fallback;
    const n = Number(raw.replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number >= ${min}\n${USAGE}`);
    return n;
  };
  const via = value('--via') ?? 'pipeline';
  if (via !== 'pipeline' && via !== 'events') throw new Error(`--via is pipeline or events\n${USAGE}`);
  const county = value('--county');
  if (county !== undefined && !/^52\d{4}$/.test(county)) throw new Error(`--county is a Guizhou county code such as 520102\n${USAGE}`);
  return {
    trainees: int('--trainees', 1_000_000, 100),
    teachers: int('--teachers', 10_000, 0),
    institutions: int('--institutions', 700, 10),
    via,
    concurrency: int('--concurrency', 16, 1),
    clients: int('--clients', 50, 1),
    requests: int('--requests', 2000, 50),
    runs: int('--runs', 5, 1),
    thinkMs: int('--think-ms', 1000, 1),
    county,
    dataDir: value('--data-dir'),
    paced: !argv.includes('--skip-paced'),
    quietWaitMs: int('--quiet-wait', 120, 0) * 1000,
    maxSeconds: int('--max-seconds', 60, 5),
  };
}

// --- CPU use: whole machine, and this process with the Postgres server it started -----------------

const TICKS = 100;
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle) / TICKS;
}
function postgresSeconds(): number {
  const children = new Map<number, { pid: number; ticks: number; comm: string }[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = text.lastIndexOf(')');
      const fields = text.slice(close + 2).split(' ');
      const ppid = Number(fields[1]);
      // utime + stime + the reaped children's (a backend that ended is collected by the postmaster).
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      children.set(ppid, [...(children.get(ppid) ?? []), { pid: Number(entry), ticks, comm: text.slice(text.indexOf('(') + 1, close) }]);
    } catch {
      // ended while listed
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (child.comm.startsWith('postgres')) total += child.ticks;
      walk(child.pid);
    }
  };
  walk(process.pid);
  return total / TICKS;
}
/** Average busy cores over a measurement: ours (Node incl. the load worker, Postgres) and everyone else's. */
function cpuMeter() {
  const t0 = performance.now();
  const m0 = machineBusySeconds();
  const p0 = postgresSeconds();
  const n0 = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const node = (() => {
      const u = process.cpuUsage(n0);
      return (u.user + u.system) / 1e6;
    })();
    const postgres = postgresSeconds() - p0;
    const machine = machineBusySeconds() - m0;
    return { node: node / seconds, postgres: postgres / seconds, others: Math.max(0, machine - node - postgres) / seconds };
  };
}

/**
 * Other jobs on this (shared, 2-core) machine move latency more than anything measured here: before
 * each measurement, wait (bounded) until the rest of the machine has been nearly idle for a few
 * seconds. Each result records the cores others used during it anyway.
 */
async function waitForQuiet(maxWaitMs: number, threshold = 0.35): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const meter = cpuMeter();
    await new Promise((r) => setTimeout(r, 3000));
    const others = meter().others;
    if (others <= threshold || performance.now() - t0 >= maxWaitMs) return others;
  }
}

// --- the load: a worker thread with its own event loop, so the clients do not queue behind the server

const LOAD_WORKER = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let sequence = 0;
parentPort.on('message', async (job) => {
  const latencies = new Float64Array(job.total);
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError = null;
  const started = performance.now();
  const client = async (session) => {
    // Paced users arrive spread over one think time, not all in the same millisecond: otherwise the
    // first round is a burst of every client at once, and with a dozen rounds per client that one
    // burst alone is the p95.
    if (job.thinkMs > 0) await sleep(job.thinkMs * Math.random());
    for (;;) {
      // A bounded measurement: no new request after the time limit.
      if (performance.now() - started > job.maxMs) return;
      const i = next++;
      if (i >= job.total) return;
      const body = job.bodies[i % job.bodies.length];
      const n = sequence++;
      const forwardedFor = '10.' + ((n >> 16) & 255) + '.' + ((n >> 8) & 255) + '.' + (n & 255);
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await fetch(job.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-forwarded-for': forwardedFor },
          body,
        });
        const text = await res.text();
        ok = res.status === 200 && !text.startsWith('{"errors"') && !text.includes('"errors":[');
        if (!ok && !firstError) firstError = res.status + ' ' + text.slice(0, 300);
      } catch (error) {
        if (!firstError) firstError = String(error);
      }
      latencies[done++] = performance.now() - t0;
      if (!ok) errors++;
      if (job.thinkMs > 0) await sleep(job.thinkMs * (0.5 + Math.random()));
    }
  };
  await Promise.all(job.sessions.map((s) => client(s)));
  parentPort.postMessage({ latencies: latencies.slice(0, done), errors, firstError, seconds: (performance.now() - started) / 1000 });
});
`;

interface Session {
  cookie: string;
  csrf: string;
}
interface LoadResult {
  latencies: Float64Array;
  errors: number;
  firstError: string | null;
  seconds: number;
}

function startLoadWorker() {
  const worker = new Worker(LOAD_WORKER, { eval: true });
  worker.unref();
  return {
    run(job: { url: string; sessions: Session[]; bodies: string[]; total: number; thinkMs: number; maxMs: number }): Promise<LoadResult> {
      return new Promise((resolve, reject) => {
        // One 'error' listener per measurement, removed with it (they piled up past Node's warning limit).
        const failed = (error: Error) => reject(error);
        worker.once('error', failed);
        worker.once('message', (result: LoadResult) => {
          worker.off('error', failed);
          resolve(result);
        });
        worker.postMessage(job);
      });
    },
    stop: () => worker.terminate(),
  };
}

// --- statistics ---------------------------------------------------------------------------------

const percentile = (sorted: Float64Array, p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

interface RunFigures {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  requestsPerSecond: number;
  requests: number;
  errors: number;
  cpu: { node: number; postgres: number; others: number };
}

function figures(result: LoadResult, cpu: RunFigures['cpu']): RunFigures {
  const sorted = Float64Array.from(result.latencies).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(mean),
    max: round(sorted[sorted.length - 1] ?? NaN),
    requestsPerSecond: round(sorted.length / result.seconds, 0),
    requests: sorted.length,
    errors: result.errors,
    cpu: { node: round(cpu.node, 2), postgres: round(cpu.postgres, 2), others: round(cpu.others, 2) },
  };
}

// --- the data set -------------------------------------------------------------------------------

interface Generation {
  via: TraineeMode;
  sizes: { institutions: number; teachers: number; trainees: number };
  phases: (ProvinceSummary['phases'][number] & { commandsPerSecond: number; eventsPerSecond: number })[];
  outcomes: ProvinceSummary['outcomes'];
  generationSeconds: number;
  projectionCatchUpSeconds: number;
  vacuumAnalyzeSeconds: number;
  events: number;
}

async function generate(platform: Platform, options: Options): Promise<Generation> {
  await seedReferenceData(platform);
  log(`generating ${options.institutions} institutions, ${options.teachers} teachers, ${options.trainees} trainees (trainees via ${options.via}, ${options.concurrency} in flight)`);
  const summary = await generateProvince(platform, {
    institutions: options.institutions,
    teachers: options.teachers,
    trainees: options.trainees,
    concurrency: options.concurrency,
    traineeMode: options.via,
    log,
    progressIntervalMs: 30_000,
    projectionTimeoutMs: 6 * 3600_000,
  });
  log('waiting for the read models and the search index to have every event');
  const t0 = performance.now();
  const timer = setInterval(() => {
    const behind = platform.runner.status().filter((s) => s.position < summary.lastPosition).map((s) => s.name);
    log(`  still projecting: ${behind.join(', ') || '(finishing)'}`);
  }, 60_000);
  try {
    if (!(await platform.runner.waitFor(summary.lastPosition, undefined, 6 * 3600_000))) throw new Error('projections did not catch up');
  } finally {
    clearInterval(timer);
  }
  const projectionCatchUpSeconds = (performance.now() - t0) / 1000;
  log(`read models caught up in ${formatDuration(projectionCatchUpSeconds)}; VACUUM ANALYZE`);
  const t1 = performance.now();
  // The platform bounds statements on its database to 5 min (README, "Operating the Postgres event
  // store"); the first VACUUM of a whole province may take longer, so its session lifts the bound.
  const session = (await platform.knex.client.acquireConnection()) as ClientBase;
  try {
    await session.query('SET statement_timeout = 0');
    await session.query('VACUUM (ANALYZE)');
  } finally {
    await session.query('RESET statement_timeout').catch(() => undefined);
    await platform.knex.client.releaseConnection(session);
  }
  const vacuumAnalyzeSeconds = (performance.now() - t1) / 1000;
  const events = Number((await platform.knex('events').count<{ n: string }[]>({ n: '*' }))[0]!.n);
  return {
    via: options.via,
    sizes: { institutions: options.institutions, teachers: options.teachers, trainees: options.trainees },
    phases: summary.phases.map((p) => ({ ...p, seconds: round(p.seconds), commandsPerSecond: Math.round(p.commands / p.seconds), eventsPerSecond: Math.round(p.events / p.seconds) })),
    outcomes: summary.outcomes,
    generationSeconds: round(summary.seconds),
    projectionCatchUpSeconds: round(projectionCatchUpSeconds),
    vacuumAnalyzeSeconds: round(vacuumAnalyzeSeconds),
    events,
  };
}

async function databaseSizes(platform: Platform) {
  const total = await platform.knex.raw<{ rows: { bytes: string }[] }>('SELECT pg_database_size(current_database()) AS bytes');
  const tables = await platform.knex.raw<{ rows: { relation: string; total: string; table: string; indexes: string; rows: string }[] }>(`
    SELECT n.nspname || '.' || c.relname AS relation, pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS table,
           pg_indexes_size(c.oid) AS indexes, c.reltuples::bigint AS rows
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 12`);
  const mb = (bytes: string | number) => round(Number(bytes) / 1024 / 1024, 0);
  return {
    databaseMB: mb(total.rows[0]!.bytes),
    tables: tables.rows.map((r) => ({ relation: r.relation, totalMB: mb(r.total), tableMB: mb(r.table), indexesMB: mb(r.indexes), rows: Number(r.rows) })),
  };
}

/** The county whose reviewers see the most trainees (unless one is given). */
async function chooseCounty(platform: Platform, given: string | undefined) {
  const counts = await platform.knex.raw<{ rows: { authority: string; name: string; trainees: string }[] }>(`
    SELECT l.org_id AS authority, a.name, count(*) AS trainees
    FROM rm.trainee_list l JOIN rm.organizations a ON a.id = l.org_id
    WHERE a.kind = 'county' GROUP BY l.org_id, a.name ORDER BY count(*) DESC`);
  const row = given ? counts.rows.find((r) => r.authority === `auth-${given}`) : counts.rows[0];
  if (!row) throw new Error(`no trainees under county ${given ?? '(any)'}`);
  const all = counts.rows.map((r) => Number(r.trainees)).sort((a, b) => a - b);
  return { authorityId: row.authority, name: row.name, traineesInScope: Number(row.trainees), medianCountyScope: median(all) };
}

/** Keywords reviewers would type: names that occur in the county's scope, common and rare ones. */
async function chooseKeywords(platform: Platform, authorityId: string) {
  const names = await platform.knex.raw<{ rows: { name: string; n: string }[] }>(
    `
    SELECT t.name, count(*) AS n FROM rm.trainees t
    WHERE t.id IN (SELECT l.trainee_id FROM rm.trainee_list l WHERE l.org_id = ?)
    GROUP BY t.name ORDER BY count(*) DESC, t.name`,
    [authorityId],
  );
  const rows = names.rows;
  const common = rows.slice(0, 5).map((r) => r.name);
  // A deterministic spread over the rest: every k-th name in frequency order.
  const step = Math.max(1, Math.floor(rows.length / 15));
  const spread = rows.filter((_, i) => i >= 5 && i % step === 0).slice(0, 15).map((r) => r.name);
  const frequency = new Map(rows.map((r) => [r.name, Number(r.n)]));
  const names2 = [...common, ...spread];
  const surnames = [...new Set(rows.slice(0, 200).map((r) => r.name[0]!))].slice(0, 5);
  return { names: names2.map((n) => ({ keyword: n, inScope: frequency.get(n) ?? 0 })), surnames };
}

// --- users and sessions -------------------------------------------------------------------------

async function createReviewers(platform: Platform, authorityId: string, count: number) {
  const tag = Date.now().toString(36);
  const users = platform.commands.users;
  const made: { username: string; password: string; secret: string; step: number }[] = [];
  let last = 0n;
  const request = (): RequestContext => {
    const commandId = randomUUID();
    return { actor: { id: 'system:bench', role: 'system', orgId: null }, commandId, correlationId: commandId, ip: null };
  };
  for (let i = 0; i < count; i++) {
    const userId = randomUUID();
    const username = `bench.${tag}.${i}`;
    const oneTime = `Once-${randomBytes(9).toString('base64url')}1a`;
    const password = `Pw-${randomBytes(9).toString('base64url')}9Z`;
    await users.create(userId, { username, displayName: `审核员${i + 1}（压测）`, orgId: authorityId, roles: ['reviewer'] }, oneTime, request());
    await users.changeOwnPassword(userId, oneTime, password, request());
    const enrollment = await users.beginTotpEnrollment(userId);
    const step = Math.floor(Date.now() / 30_000);
    const enrolled = await users.confirmTotpEnrollment(userId, totpCode(enrollment.secret, step * 30_000 + 1000), request());
    last = enrolled.position ?? last;
    made.push({ username, password, secret: enrollment.secret, step });
  }
  if (!(await platform.runner.waitFor(last, ['users'], 60_000))) throw new Error('users were not projected');
  return made;
}

async function login(url: string, user: { username: string; password: string; secret: string; step: number }, forwardedFor: string): Promise<Session> {
  const post = (route: string, body: unknown) =>
    fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify(body) });
  const first = await post('/auth/login', { username: user.username, password: user.password });
  const firstBody = (await first.json()) as { data?: { secondFactorRequired?: boolean; challenge?: string } };
  if (!firstBody.data?.secondFactorRequired) throw new Error(`login of ${user.username}: ${first.status} ${JSON.stringify(firstBody)}`);
  // A TOTP code works once: the enrolment used its step, so the login takes the next one (accepted as "next").
  const code = totpCode(user.secret, (user.step + 1) * 30_000 + 1000);
  const second = await post('/auth/login/second-factor', { challenge: firstBody.data.challenge, code });
  const secondBody = (await second.json()) as { data?: { csrfToken?: string } };
  if (second.status !== 200 || !secondBody.data?.csrfToken) throw new Error(`second factor of ${user.username}: ${second.status} ${JSON.stringify(secondBody)}`);
  const cookies = second.headers.getSetCookie().map((c) => c.split(';')[0]);
  return { cookie: cookies.join('; '), csrf: secondBody.data.csrfToken };
}

// --- scenarios ----------------------------------------------------------------------------------

const LIST_QUERY = /* GraphQL */ `
  query TraineeList($filter: TraineeFilter, $page: PageInput) {
    trainees(filter: $filter, page: $page) {
      total
      page
      pageSize
      items {
        id name idNumber sexLabel birthDate regionCode personCategory phone
        reviewStatus reviewStatusLabel duplicateEntry updatedAt
        enrolments { institutionName statusLabel duplicateEntry }
      }
    }
  }`;
const body = (filter: Record<string, unknown> | undefined, page: number) => JSON.stringify({ query: LIST_QUERY, variables: { ...(filter ? { filter } : {}), page: { page, pageSize: PAGE_SIZE } } });

interface Scenario {
  key: string;
  label: string;
  bodies: string[];
  aimP95Ms: number;
}

// --- main ---------------------------------------------------------------------------------------

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const options = parseOptions(argv);
  const keep = options.dataDir !== undefined;
  const root = keep ? path.resolve(options.dataDir!) : mkdtempSync(path.join(os.tmpdir(), 'gz-list-bench-'));
  mkdirSync(root, { recursive: true });
  // As root the server runs as `postgres`, which must be able to traverse this folder.
  chmodSync(root, 0o755);
  const generationFile = path.join(root, 'generation.json');
  const cleanups: (() => Promise<void>)[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => log(`cleanup: ${String(error)}`));
    if (!keep) rmSync(root, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

  try {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), database: 'gz_bench', settings: { max_wal_size: '4GB' } });
    cleanups.push(() => pg.stop());
    const platform = await createPlatform({ databaseUrl: pg.url, piiKeys: loadPiiKeys(BENCH_PII_ENV, () => undefined) });
    cleanups.push(() => platform.close());

    let generation: Generation;
    if (existsSync(generationFile)) {
      generation = JSON.parse(readFileSync(generationFile, 'utf8')) as Generation;
      log(`reusing the data in ${root} (generated via ${generation.via}: ${generation.sizes.trainees} trainees)`);
      if (!(await caughtUp(platform, undefined, 3600_000))) throw new Error('projections did not catch up');
    } else {
      generation = await generate(platform, options);
      if (keep) writeFileSync(generationFile, JSON.stringify(generation, null, 2));
    }
    const sizes = await databaseSizes(platform);
    log(`database: ${sizes.databaseMB} MB; ${generation.events} events`);

    const county = await chooseCounty(platform, options.county);
    log(`county: ${county.name} (${county.authorityId}), ${county.traineesInScope} trainees in scope (median county: ${county.medianCountyScope})`);
    const keywords = await chooseKeywords(platform, county.authorityId);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { app, stop } = await createApp(platform, loadConfig({ PORT: String(port), TRUST_PROXY: '1', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(port, '127.0.0.1', () => resolve(s));
    });
    server.keepAliveTimeout = 60_000;
    cleanups.push(async () => {
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
      await stop();
    });

    log(`creating ${options.clients} reviewers of ${county.name} and logging them in`);
    const reviewers = await createReviewers(platform, county.authorityId, options.clients);
    // Each login needs a TOTP step after its enrolment's.
    const wait = Math.max(...reviewers.map((r) => (r.step + 1) * 30_000 + 1000)) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sessions: Session[] = [];
    for (const [i, reviewer] of reviewers.entries()) sessions.push(await login(url, reviewer, `192.168.${i >> 8}.${i & 255}`));

    const gql = `${url}/graphql`;
    const first = await fetch(gql, { method: 'POST', headers: { 'content-type': 'application/json', cookie: sessions[0]!.cookie, 'x-csrf-token': sessions[0]!.csrf }, body: body(undefined, 1) });
    const firstPage = (await first.json()) as { data?: { trainees: { total: number } }; errors?: unknown };
    if (!firstPage.data) throw new Error(`trainees query failed: ${JSON.stringify(firstPage)}`);
    const total = firstPage.data.trainees.total;
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    log(`the reviewer's list: ${total} trainees, ${lastPage} pages`);
    const keywordPath = readFileSync(path.resolve('api/trainee/trainee-graphql.ts'), 'utf8').includes('searchRecords(')
      ? 'search port (jieba words in Postgres; api/trainee/trainee-graphql.ts -> searchRecords)'
      : "SQL LIKE '%keyword%' on rm.trainees.name";

    const scenarios: Scenario[] = [
      // What every request pays before any list SQL: session and user lookup, GraphQL, HTTP.
      { key: 'overhead', label: 'no list: { me { id } } (session, GraphQL, 2 lookups)', bodies: [JSON.stringify({ query: '{ me { id } }' })], aimP95Ms: 100 },
      { key: 'list-p1', label: 'list, page 1', bodies: [body(undefined, 1)], aimP95Ms: 100 },
      { key: 'list-p10', label: 'list, page 10', bodies: [body(undefined, 10)], aimP95Ms: 100 },
      { key: 'list-p100', label: 'list, page 100', bodies: [body(undefined, Math.min(100, lastPage))], aimP95Ms: 100 },
      { key: 'list-last', label: `list, last page (${lastPage})`, bodies: [body(undefined, lastPage)], aimP95Ms: 100 },
      { key: 'list-pages', label: 'list, pages 1-50 mixed', bodies: Array.from({ length: Math.min(50, lastPage) }, (_, i) => body(undefined, i + 1)), aimP95Ms: 100 },
      { key: 'list-pending', label: 'list, 待审核 filter, page 1', bodies: [body({ reviewStatus: 'pending' }, 1)], aimP95Ms: 100 },
      { key: 'keyword-name', label: `keyword, full names (${keywords.names.length}), page 1`, bodies: keywords.names.map((k) => body({ keyword: k.keyword }, 1)), aimP95Ms: 50 },
      { key: 'keyword-surname', label: `keyword, surname only (${keywords.surnames.join('')}), page 1`, bodies: keywords.surnames.map((s) => body({ keyword: s }, 1)), aimP95Ms: 50 },
    ];

    const load = startLoadWorker();
    cleanups.push(async () => void (await load.stop()));
    const modes = [{ key: 'closed', label: `${options.clients} clients, closed loop`, thinkMs: 0 }];
    if (options.paced) modes.push({ key: 'paced', label: `${options.clients} clients, ~${options.thinkMs} ms between requests`, thinkMs: options.thinkMs });

    log('warm-up');
    for (const s of scenarios) await load.run({ url: gql, sessions, bodies: s.bodies, total: Math.min(options.clients * 2, options.requests), thinkMs: 0, maxMs: options.maxSeconds * 1000 });

    const results = new Map<string, RunFigures[]>();
    for (let run = 0; run < options.runs; run++) {
      for (const mode of modes) {
        for (const s of scenarios) {
          // Paced runs are long (requests x think time / clients): a quarter of the requests.
          const total = mode.thinkMs ? Math.max(options.clients * 4, Math.floor(options.requests / 4)) : options.requests;
          if (options.quietWaitMs > 0) await waitForQuiet(options.quietWaitMs);
          const meter = cpuMeter();
          const result = await load.run({ url: gql, sessions, bodies: s.bodies, total, thinkMs: mode.thinkMs, maxMs: options.maxSeconds * 1000 });
          const f = figures(result, meter());
          const key = `${mode.key}:${s.key}`;
          results.set(key, [...(results.get(key) ?? []), f]);
          log(
            `run ${run + 1}/${options.runs} ${mode.key.padEnd(6)} ${s.label.padEnd(44)} p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms  ${f.requestsPerSecond} req/s` +
              `${f.errors ? `  ERRORS ${f.errors}: ${result.firstError}` : ''}  cpu node ${f.cpu.node} pg ${f.cpu.postgres} others ${f.cpu.others}`,
          );
        }
      }
    }

    const rows = modes.flatMap((mode) =>
      scenarios.map((s) => {
        const runs = results.get(`${mode.key}:${s.key}`)!;
        const med = (pick: (f: RunFigures) => number) => round(median(runs.map(pick)));
        return {
          mode: mode.key,
          modeLabel: mode.label,
          scenario: s.key,
          label: s.label,
          p50: med((f) => f.p50),
          p95: med((f) => f.p95),
          p99: med((f) => f.p99),
          requestsPerSecond: med((f) => f.requestsPerSecond),
          errors: runs.reduce((a, f) => a + f.errors, 0),
          aimP95Ms: s.aimP95Ms,
          aimMet: med((f) => f.p95) < s.aimP95Ms,
          othersCpu: med((f) => f.cpu.others),
          runs,
        };
      }),
    );

    console.log(`\nTrainee list and keyword search, ${county.name} reviewer (${total} trainees in scope of ${generation.sizes.trainees}); medians of ${options.runs} runs, ms`);
    console.log(`keyword path: ${keywordPath}`);
    console.log(['mode', 'scenario'.padEnd(46), 'p50', 'p95', 'p99', 'req/s', 'aim p95', 'errors'].join('\t'));
    for (const r of rows) console.log([r.mode, r.label.padEnd(46), r.p50, r.p95, r.p99, r.requestsPerSecond, `<${r.aimP95Ms} ${r.aimMet ? 'yes' : 'no'}`, r.errors].join('\t'));

    mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(
      RESULTS_FILE,
      JSON.stringify(
        {
          generatedAt: new Date().toISOString(),
          machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg() },
          options,
          generation,
          database: sizes,
          county: { ...county, listTotal: total, lastPage },
          keywordPath,
          keywords,
          results: rows,
        },
        null,
        2,
      ) + '\n',
    );
    log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
