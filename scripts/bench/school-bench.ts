// `npm run bench -- schools [options]`: issue 15 §8's figures for technical schools, on a throw-away
// embedded Postgres, through the platform as the API runs it, over a province from the generator
// (scripts/generate/schools.ts: 50 schools, 150,000 students over three cohorts with their status
// changes, waivers and grants).
//
// 1. statistics: the 9(11) statistics (studentStatistics by each dimension; aidStatistics where the
//    schema has it) over real HTTP, one request at a time, by a province reviewer (every student in
//    scope) and by the reviewer of the prefecture with the most students. Aim < 200 ms.
// 2. list: the student list at 50 paced users (each about one request a second) over real HTTP with
//    sessions and second factor: the operators of the largest school, then the reviewers of the
//    prefecture with the most students. p50/p95/p99 per run; aim p95 < 100 ms.
// 3. import: a 10,000-row registration .xlsx uploaded by a school and imported through the import
//    job (each row checked and registered with submission, as the console's import does), with the
//    province-wide duplicate check: some rows are people holding a status at other schools, refused
//    and reported. Timed from the job's start until it completes (split into validation and import
//    by the job's own events); then until the read models have every row. Aim < 30 s.
//    `npm run bench -- schools --import-only` runs this part alone over 10 schools and 3,000 students.
// Medians of several runs; beside each figure the machine's load average and the cores other jobs
// kept busy (the machine is shared). Results: bench-results/school-bench.json. Nothing is asserted.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { loadConfig } from '../../api/config';
import { createApp } from '../../api/http/app';
import { createPlatform, type Platform } from '../../api/platform';
import { caughtUp } from '../../testing/caught-up';
import { totpCode } from '../../commands/identity/totp';
import { createXlsxWriter } from '../../commands/import/xlsx/xlsx-writer';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { templateHeader } from '../../domain/import/import-rows';
import { chinaDate } from '../../domain/personal-data/normalize';
import { STUDENT_COLUMNS } from '../../domain/student/student-import';
import { freePort } from '../embedded-postgres.mjs';
import { birthDate, chineseName, idNumber } from '../generate/people';
import { COUNTIES } from '../generate/places';
import { Random } from '../generate/random';
import { generateSchools, type SchoolsSummary } from '../generate/schools';
import { schoolYearOf } from '../generate/schools-plan';
import { seedReferenceData } from '../reference-data';
import { startForeignLoadMeter } from './cpu-meter';
import { startBenchPostgres } from './postgres';
import { writeJson } from './report';
import { median } from './stats';

const USAGE =
  'usage: npm run bench -- schools [--schools 50] [--students 150000] [--runs 3] [--import-rows 10000] [--duplicates 500] [--clients 50] [--requests 1500] [--think-ms 1000] [--stat-requests 20] [--skip-stats] [--skip-list] [--skip-import] [--import-only] [--keep-data <dir>]\n' +
  '  --keep-data: the database and files in <dir>, kept after the run; a later run with the same sizes finds the province there (the generator appends nothing again)\n' +
  '  --import-only: the 10,000-row import alone over a small province (--schools 10 --students 3000 --skip-stats --skip-list unless given); prints the medians last';
const RESULTS_FILE = path.resolve('bench-results', 'school-bench.json');
const BENCH_PII_ENV = { PII_ENCRYPTION_KEY: '7363686f6f6c2d62656e63682d656e63', PII_BLIND_INDEX_KEY: '7363686f6f6c2d62656e63682d696478' };
const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function parseOptions(argv: readonly string[]) {
  const int = (flag: string, fallback: number, min: number) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(String(argv[i + 1]).replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number >= ${min}\n${USAGE}`);
    return n;
  };
  const importOnly = argv.includes('--import-only');
  return {
    importOnly,
    schools: int('--schools', importOnly ? 10 : 50, 2),
    students: int('--students', importOnly ? 3000 : 150_000, 10),
    runs: int('--runs', 3, 1),
    importRows: int('--import-rows', 10_000, 10),
    duplicates: int('--duplicates', 500, 0),
    clients: int('--clients', 50, 1),
    requests: int('--requests', 1500, 50),
    thinkMs: int('--think-ms', 1000, 0),
    statRequests: int('--stat-requests', 20, 1),
    stats: !importOnly && !argv.includes('--skip-stats'),
    list: !importOnly && !argv.includes('--skip-list'),
    import: !argv.includes('--skip-import'),
    keepData: argv.includes('--keep-data') ? String(argv[argv.indexOf('--keep-data') + 1] ?? '') || undefined : undefined,
  };
}
type Options = ReturnType<typeof parseOptions>;

/** The machine's state during a measurement: the 1-minute load average and the cores other jobs used. */
function loadMeter() {
  const foreign = startForeignLoadMeter();
  return () => ({ loadAverage: Math.round(os.loadavg()[0]! * 10) / 10, otherJobsCores: Math.round(foreign() * 100) / 100 });
}
const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const round = (n: number) => Math.round(n * 10) / 10;

// --- sessions and load ------------------------------------------------------------------------------

/** Each login from an address of its own: the login route limits attempts per address. */
let logins = 0;

/** `count` users of a role at an organisation, logged in over HTTP with their second factor. */
async function sessionsOf(platform: Platform, url: string, orgId: string, role: string, count: number, label: string) {
  const users = platform.commands.users;
  const system = (): RequestContext => {
    const commandId = randomUUID();
    return { actor: { id: 'system:bench', role: 'system', orgId: null }, commandId, correlationId: commandId, ip: null };
  };
  const made: { username: string; password: string; secret: string; step: number }[] = [];
  for (let i = 0; i < count; i++) {
    const userId = randomUUID();
    const username = `bench.${label}.${i}.${randomBytes(3).toString('hex')}`;
    const oneTime = `Once-${randomBytes(9).toString('base64url')}1a`;
    const password = `Pw-${randomBytes(9).toString('base64url')}9Z`;
    await users.create(userId, { username, displayName: `${label}${i + 1}（压测）`, orgId, roles: [role] }, oneTime, system());
    await users.changeOwnPassword(userId, oneTime, password, system());
    const enrollment = await users.beginTotpEnrollment(userId);
    const step = Math.floor(Date.now() / 30_000);
    await users.confirmTotpEnrollment(userId, totpCode(enrollment.secret, step * 30_000 + 1000), system());
    made.push({ username, password, secret: enrollment.secret, step });
  }
  await caughtUp(platform, ['users'], 60_000);
  // The next 30-second step: a code of the step used at enrolment is not accepted twice.
  const wait = Math.max(...made.map((r) => (r.step + 1) * 30_000 + 1000)) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const sessions: { cookie: string; csrf: string }[] = [];
  for (const user of made) {
    const n = logins++;
    const post = (route: string, body: unknown) => fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` }, body: JSON.stringify(body) });
    const login = await post('/auth/login', { username: user.username, password: user.password });
    const first = (await login.clone().json()) as { data?: { challenge?: string; csrfToken?: string } };
    // School users sign in with their password alone (the security policy asks a second factor of the authorities' roles).
    const second = first.data?.csrfToken ? login : await post('/auth/login/second-factor', { challenge: first.data?.challenge, code: totpCode(user.secret, (user.step + 1) * 30_000 + 1000) });
    const body = (await second.json()) as { data?: { csrfToken?: string } };
    if (!body.data?.csrfToken) throw new Error(`login of ${user.username} failed: ${JSON.stringify(body)}`);
    sessions.push({ cookie: second.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.data.csrfToken });
  }
  return sessions;
}

/** Paced users in a worker thread, so the load generator's own work does not delay the server's event loop. */
const LOAD_WORKER = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let sequence = 0;
parentPort.on('message', async (job) => {
  const latencies = [];
  let next = 0, errors = 0, firstError = null;
  const started = performance.now();
  const client = async (session) => {
    if (job.thinkMs > 0) await sleep(job.thinkMs * Math.random());
    for (;;) {
      const i = next++;
      if (i >= job.total) return;
      const t0 = performance.now();
      // Each request from an address of its own (the server trusts one proxy): the API's per-address rate limit
      // is for one browser, not for fifty users behind the benchmark's one address.
      const n = sequence++;
      try {
        const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-forwarded-for': '10.' + ((n >> 16) & 255) + '.' + ((n >> 8) & 255) + '.' + (n & 255) }, body: job.bodies[i % job.bodies.length] });
        const text = await res.text();
        if (res.status !== 200 || text.includes('"errors":[')) { errors++; if (!firstError) firstError = res.status + ' ' + text.slice(0, 300); }
      } catch (error) { errors++; if (!firstError) firstError = String(error); }
      latencies.push(performance.now() - t0);
      if (job.thinkMs > 0) await sleep(job.thinkMs * (0.5 + Math.random()));
    }
  };
  await Promise.all(job.sessions.map((s) => client(s)));
  parentPort.postMessage({ latencies, errors, firstError, seconds: (performance.now() - started) / 1000 });
});
`;

async function graphql(url: string, session: { cookie: string; csrf: string }, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
}

// --- 1: statistics ---------------------------------------------------------------------------------

const STUDENT_GROUPS = ['classType', 'studyMode', 'poverty', 'age', 'cohortYear', 'school'];
const STUDENT_STATISTICS = 'query S($g: String!) { studentStatistics(groupBy: $g) { key label inSchool } }';
const AID_STATISTICS = 'query A($g: String!) { aidStatistics(groupBy: $g) { key label } }';

async function statisticsRuns(url: string, viewers: { scope: string; session: { cookie: string; csrf: string } }[], options: Options) {
  // aidStatistics is being built beside this benchmark: measured where the schema has it.
  const aid = !(await graphql(url, viewers[0]!.session, AID_STATISTICS, { g: 'kind' })).errors;
  const queries = [...STUDENT_GROUPS.map((g) => ({ name: `studentStatistics(${g})`, query: STUDENT_STATISTICS, g })), ...(aid ? ['kind', 'schoolYear', 'school'].map((g) => ({ name: `aidStatistics(${g})`, query: AID_STATISTICS, g })) : [])];
  const results: Record<string, { scope: string; query: string; runs: { p50: number; p95: number; max: number; loadAverage: number; otherJobsCores: number }[]; medianP50?: number; medianP95?: number }> = {};
  for (const viewer of viewers) {
    for (const q of queries) {
      const key = `${viewer.scope}: ${q.name}`;
      results[key] = { scope: viewer.scope, query: q.name, runs: [] };
      const first = await graphql(url, viewer.session, q.query, { g: q.g });
      if (first.errors) throw new Error(`${key}: ${first.errors[0]!.message}`);
      for (let r = 0; r < options.runs; r++) {
        const load = loadMeter();
        const times: number[] = [];
        for (let i = 0; i < options.statRequests; i++) {
          const t0 = performance.now();
          const answer = await graphql(url, viewer.session, q.query, { g: q.g });
          times.push(performance.now() - t0);
          if (answer.errors) throw new Error(`${key}: ${answer.errors[0]!.message}`);
        }
        times.sort((a, b) => a - b);
        results[key]!.runs.push({ p50: round(pct(times, 50)), p95: round(pct(times, 95)), max: round(times[times.length - 1]!), ...load() });
      }
      const runs = results[key]!.runs;
      Object.assign(results[key]!, { medianP50: median(runs.map((x) => x.p50)), medianP95: median(runs.map((x) => x.p95)) });
      log(`statistics ${key}: p50 ${results[key]!.medianP50} ms, p95 ${results[key]!.medianP95} ms (medians of ${runs.length} runs of ${options.statRequests})`);
    }
  }
  return { aidStatisticsMeasured: aid, results };
}

// --- 2: the list -----------------------------------------------------------------------------------

/** The console's own list query (web-admin/src/views/student/student.graphql, fragment StudentRow). */
const LIST = `query Students($filter: StudentFilter, $page: PageInput) { students(filter: $filter, page: $page) { total page items {
  id streamId status statusLabel name idNumber sexLabel birthDate phone householdTypeLabel povertyRegistered educationLabel schoolId schoolName majorId majorName
  classType classTypeLabel studyModeLabel cohortYear enrolledOn studentNumber transferToSchoolId transferToSchoolName ownerSchoolIds previouslyRegistered
  reviewStatus reviewStatusLabel reviewLevelLabel updatedAt } } }`;

async function listRuns(url: string, label: string, sessions: { cookie: string; csrf: string }[], options: Options, year: number) {
  // Pages an operator or reviewer turns: the first ten most often, deeper ones sometimes, a filter now and then.
  const bodies = Array.from({ length: 200 }, (_, i) => {
    const page = i % 4 === 0 ? 1 + (i % 50) : 1 + (i % 10);
    const filter = i % 5 === 0 ? { status: 'enrolled' } : i % 7 === 0 ? { cohortYear: year - (i % 3) } : i % 11 === 0 ? { reviewStatus: 'pending' } : undefined;
    return JSON.stringify({ query: LIST, variables: { page: { page, pageSize: 20 }, ...(filter ? { filter } : {}) } });
  });
  const worker = new Worker(LOAD_WORKER, { eval: true });
  const runs: { p50: number; p95: number; p99: number; requests: number; errors: number; perSecond: number; loadAverage: number; otherJobsCores: number }[] = [];
  try {
    for (let r = 0; r <= options.runs; r++) {
      const load = loadMeter();
      const result: { latencies: number[]; errors: number; firstError: string | null; seconds: number } = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ url: `${url}/graphql`, sessions, bodies, total: r === 0 ? 200 : options.requests, thinkMs: options.thinkMs });
      });
      const sorted = [...result.latencies].sort((a, b) => a - b);
      const figures = { p50: round(pct(sorted, 50)), p95: round(pct(sorted, 95)), p99: round(pct(sorted, 99)), requests: sorted.length, errors: result.errors, perSecond: round(sorted.length / result.seconds), ...load() };
      log(`${r === 0 ? 'warm-up ' : ''}list (${label}): p50 ${figures.p50} ms, p95 ${figures.p95} ms, p99 ${figures.p99} ms, ${figures.perSecond} req/s, ${figures.errors} errors${result.firstError ? ` (${result.firstError})` : ''}; load ${figures.loadAverage}, other jobs ${figures.otherJobsCores} cores`);
      if (r > 0) runs.push(figures);
    }
  } finally {
    await worker.terminate();
  }
  return { runs, medianP50: median(runs.map((x) => x.p50)), medianP95: median(runs.map((x) => x.p95)), medianP99: median(runs.map((x) => x.p99)), aimP95: 100 };
}

// --- 3: the import ---------------------------------------------------------------------------------

/** A registration file of `rows` rows for the school: new people, and `duplicates` people holding a status elsewhere. */
async function importFile(platform: Platform, school: { id: string; code: string }, run: number, rows: number, duplicates: readonly string[], request: RequestContext) {
  const majors = (await platform.knex('rm.majors').where({ school_id: school.id, review_status: 'approved' }).select('code', 'state')) as { code: string; state: { approved?: { classTypes: string[] } } }[];
  if (majors.length === 0) throw new Error(`school ${school.code} has no approved major`);
  const today = chinaDate(new Date().toISOString());
  const year = schoolYearOf(today);
  const random = new Random(`school-bench-import/${run}`);
  const taken = new Set<string>();
  const writer = createXlsxWriter();
  const stored = platform.files.store(writer.output, { name: `学籍注册导入-基准-${run}.xlsx`, purpose: 'import', kinds: ['xlsx'], maxBytes: 256 * 1024 * 1024 }, request);
  const sheet = writer.addSheet({ name: '学籍注册', headerRows: 1, columns: STUDENT_COLUMNS.map((c) => ({ text: c.text ?? false })) });
  await sheet.addRow(STUDENT_COLUMNS.map(templateHeader));
  // The duplicates spread through the file, as a school's list would have them.
  const every = duplicates.length > 0 ? Math.floor(rows / duplicates.length) : Infinity;
  for (let row = 0; row < rows; row++) {
    const sex = random.chance(0.6) ? 'male' : 'female';
    const birth = birthDate(random, year - 16, year - 15);
    const home = random.pick(COUNTIES);
    const duplicate = row % every === every - 1 ? duplicates[Math.floor(row / every)] : undefined;
    const major = random.pick(majors);
    await sheet.addRow([
      chineseName(random, sex, Number(birth.slice(0, 4)), home.prefectureCode),
      duplicate ?? idNumber(random, home, birth, sex, taken),
      random.chance(0.6) ? `13${random.digits(9)}` : '',
      random.chance(0.7) ? '农业户口' : '非农业户口',
      random.chance(0.15) ? '是' : '否',
      '初中',
      `${home.name}第${random.int(1, 5)}中学`,
      `贵州省${home.prefectureName}${home.name}`,
      major.code,
      '中级工班',
      '全日制',
      String(year),
      `${year}-09-01`,
      `${school.code}B${run}${String(row + 1).padStart(5, '0')}`,
    ]);
  }
  await sheet.end();
  await writer.finish();
  return stored;
}

async function importRuns(platform: Platform, summary: SchoolsSummary, options: Options, avoid: string) {
  const enrolledElsewhere = (schoolId: string) => summary.sample.filter((s) => s.schoolId !== schoolId && s.registration === 'approved' && s.history === 'none').map((s) => s.idNumber);
  const candidates = summary.schools.filter((s) => s.id !== avoid);
  const runs: { seconds: number; validationSeconds: number; importSeconds: number; projectedSeconds: number; rows: number; imported: number; skipped: number; badRows: number; duplicatesRefused: number; loadAverage: number; otherJobsCores: number }[] = [];
  for (let r = 0; r <= options.runs; r++) {
    const school = candidates[r % candidates.length]!;
    const rows = r === 0 ? Math.min(500, options.importRows) : options.importRows;
    const duplicates = enrolledElsewhere(school.id).slice(r * options.duplicates, (r + 1) * options.duplicates).slice(0, Math.round((options.duplicates * rows) / options.importRows));
    const commandId = randomUUID();
    const request: RequestContext = { actor: { id: `bench-operator-${school.code}`, role: 'school_operator', orgId: school.id }, commandId, correlationId: commandId, ip: '127.0.0.1' };
    const file = await importFile(platform, school, r, rows, duplicates, request);
    const load = loadMeter();
    const jobId = randomUUID();
    const t0 = performance.now();
    await platform.imports.start(jobId, 'student', file, { ...request, commandId: randomUUID() });
    let state: Awaited<ReturnType<typeof platform.imports.load>>['state'];
    for (;;) {
      ({ state } = await platform.imports.load(jobId));
      if (state.status === 'completed' || state.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    if (state.status === 'failed') throw new Error(`import failed: ${state.failureReason}`);
    if (!(await caughtUp(platform, undefined, 600_000))) throw new Error('projections did not catch up with the import');
    const projectedSeconds = (performance.now() - t0) / 1000;
    // The rows the job skipped, with the domain's message: the duplicate check's is the province-wide refusal.
    const jobEvents = (await platform.knex('events').where({ stream_id: `import-${jobId}` }).orderBy('revision').select('type', 'data', 'recorded_at')) as { type: string; data: { skippedRows?: { message: string }[] }; recorded_at: Date }[];
    const duplicatesRefused = jobEvents.filter((e) => e.type === 'ImportProgressed').flatMap((e) => e.data.skippedRows ?? []).filter((row) => row.message.includes('全省已有有效学籍')).length;
    // The two phases, from the job's own events: reading and checking every row, then registering the valid ones.
    const at = (type: string) => jobEvents.find((e) => e.type === type)!.recorded_at.getTime();
    const validationSeconds = (at('ImportValidated') - at('ImportStarted')) / 1000;
    const importSeconds = (at('ImportCompleted') - at('ImportValidated')) / 1000;
    const figures = { seconds: round(seconds), validationSeconds: round(validationSeconds), importSeconds: round(importSeconds), projectedSeconds: round(projectedSeconds), rows, imported: state.imported, skipped: state.skipped, badRows: state.badRows, duplicatesRefused, ...load() };
    log(`${r === 0 ? 'warm-up ' : ''}import of ${rows} rows at ${school.name}: ${figures.seconds} s to complete (validation ${figures.validationSeconds} s, import ${figures.importSeconds} s), ${figures.projectedSeconds} s until projected; imported ${figures.imported}, skipped ${figures.skipped} (duplicate check: ${duplicatesRefused} of ${duplicates.length} planted), bad ${figures.badRows}; load ${figures.loadAverage}, other jobs ${figures.otherJobsCores} cores`);
    if (r > 0) runs.push(figures);
  }
  return {
    rows: options.importRows,
    duplicatesPerFile: options.duplicates,
    runs,
    medianSeconds: median(runs.map((x) => x.seconds)),
    medianValidationSeconds: median(runs.map((x) => x.validationSeconds)),
    medianImportSeconds: median(runs.map((x) => x.importSeconds)),
    medianProjectedSeconds: median(runs.map((x) => x.projectedSeconds)),
    aimSeconds: 30,
  };
}

// --- main ------------------------------------------------------------------------------------------

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) return void console.log(USAGE);
  const options = parseOptions(argv);
  const keep = options.keepData;
  const postgres = await startBenchPostgres({}, keep ? { keepIn: path.join(keep, 'pg') } : {});
  const files = keep ? path.resolve(keep, 'files') : mkdtempSync(path.join(os.tmpdir(), 'gz-school-bench-'));
  const results: Record<string, unknown> = { generatedAt: new Date().toISOString(), options, machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version } };
  try {
    await postgres.createDatabase('bench_schools');
    // Errors only (a failing import job says why on stderr).
    const platform = await createPlatform({ databaseUrl: postgres.urlOf('bench_schools'), piiKeys: loadPiiKeys(BENCH_PII_ENV, () => undefined), filesDir: files, logger: pino({ level: 'error' }, process.stderr) });
    try {
      await seedReferenceData(platform);
      log(`generating ${options.schools} schools and ${options.students} students`);
      const load = loadMeter();
      const summary = await generateSchools(platform, { schools: options.schools, students: options.students, seed: 'school-bench', sample: 20_000, log, concurrency: 6 });
      const t0 = performance.now();
      if (!(await platform.runner.waitFor(summary.lastPosition, undefined, 3 * 3600_000))) throw new Error('projections did not catch up');
      const catchUp = (performance.now() - t0) / 1000;
      await platform.knex.raw('VACUUM ANALYZE');
      const size = await platform.knex.raw<{ rows: { size: string; events: string }[] }>("SELECT pg_size_pretty(pg_database_size(current_database())) AS size, (SELECT count(*) FROM events) AS events");
      results.generation = { seconds: Math.round(summary.seconds), projectionCatchUpSeconds: Math.round(catchUp), phases: summary.phases.map((p) => ({ ...p, seconds: Math.round(p.seconds) })), outcomes: summary.outcomes, events: Number(size.rows[0]!.events), databaseSize: size.rows[0]!.size, ...load() };
      writeJson(RESULTS_FILE, results);
      log(`generated in ${Math.round(summary.seconds)} s, projected ${Math.round(catchUp)} s later; ${size.rows[0]!.events} events, ${size.rows[0]!.size}`);

      // The school and prefecture with the most students.
      const bySchool = (await platform.knex('rm.students').select('school_id').count<{ school_id: string; n: string }[]>({ n: '*' }).groupBy('school_id').orderBy('n', 'desc')) as { school_id: string; n: string }[];
      const largest = summary.schools.find((s) => s.id === bySchool[0]!.school_id)!;
      const perAuthority = new Map<string, number>();
      for (const row of bySchool) {
        const school = summary.schools.find((s) => s.id === row.school_id);
        if (school && school.authorityId !== 'auth-520000') perAuthority.set(school.authorityId, (perAuthority.get(school.authorityId) ?? 0) + Number(row.n));
      }
      const [prefecture, prefectureStudents] = [...perAuthority.entries()].sort((a, b) => b[1] - a[1])[0]!;
      results.scopes = { school: { id: largest.id, name: largest.name, students: Number(bySchool[0]!.n) }, prefecture: { id: prefecture, students: prefectureStudents }, province: { students: Number((await platform.knex('rm.students').count<{ n: string }[]>({ n: '*' }))[0]!.n) } };
      log(`scopes: ${JSON.stringify(results.scopes)}`);

      const port = await freePort();
      const { app, stop } = await createApp(platform, loadConfig({ PORT: String(port), TRUST_PROXY: '1', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
      const server: Server = await new Promise((resolve) => {
        const s = app.listen(port, '127.0.0.1', () => resolve(s));
      });
      try {
        const url = `http://127.0.0.1:${port}`;
        const year = schoolYearOf(chinaDate(new Date().toISOString()));
        if (options.stats) {
          const [provinceViewer] = await sessionsOf(platform, url, 'auth-520000', 'reviewer', 1, '省级审核员');
          const [prefectureViewer] = await sessionsOf(platform, url, prefecture, 'reviewer', 1, '市州审核员');
          results.statistics = await statisticsRuns(url, [{ scope: 'province', session: provinceViewer! }, { scope: 'prefecture', session: prefectureViewer! }], options);
          writeJson(RESULTS_FILE, results);
        }
        if (options.list) {
          log(`logging in ${options.clients} operators of ${largest.name} and ${options.clients} reviewers of ${prefecture}`);
          const schoolSessions = await sessionsOf(platform, url, largest.id, 'school_operator', options.clients, '院校经办');
          const prefectureSessions = await sessionsOf(platform, url, prefecture, 'reviewer', options.clients, '市州审核');
          // Written after each part: a run stopped later keeps what it measured.
          results.list = { clients: options.clients, thinkMs: options.thinkMs, requestsPerRun: options.requests, school: await listRuns(url, `school ${largest.name}`, schoolSessions, options, year) };
          writeJson(RESULTS_FILE, results);
          (results.list as Record<string, unknown>).prefecture = await listRuns(url, `prefecture ${prefecture}`, prefectureSessions, options, year);
          writeJson(RESULTS_FILE, results);
        }
      } finally {
        await new Promise((resolve) => server.close(resolve));
        await stop();
      }
      if (options.import) results.import = await importRuns(platform, summary, options, largest.id);
    } finally {
      await platform.close();
    }
  } finally {
    await postgres.stop();
    if (!keep) rmSync(files, { recursive: true, force: true });
  }
  writeJson(RESULTS_FILE, results);
  console.log(JSON.stringify(results, null, 2));
  const imported = results.import as Awaited<ReturnType<typeof importRuns>> | undefined;
  // Last, where a reader of the output looks: the import's medians with the load beside each run.
  if (imported)
    console.log(
      `import of ${imported.rows} rows: median ${imported.medianSeconds} s to complete (validation ${imported.medianValidationSeconds} s, import ${imported.medianImportSeconds} s), ${imported.medianProjectedSeconds} s until projected; aim < ${imported.aimSeconds} s; runs ${imported.runs.map((x) => `${x.seconds} s (load ${x.loadAverage}, other jobs ${x.otherJobsCores} cores)`).join(', ')}`,
    );
}

if (process.argv[1]?.endsWith('school-bench.ts'))
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('school bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
