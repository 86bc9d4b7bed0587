// `npm run bench -- classes [options]`: issue 12's three figures for training classes, on a
// throw-away embedded Postgres, through the platform as the API runs it.
//
// 1. enrol+declare: a class of 50 trainees enrolled in one list (each trainee's record, other
//    bookings and subsidised history looked up, the overlap reservations taken) and declared (the
//    calendar, the kind's settings, the teachers' standing, the review submission). Time per class;
//    aim < 1 s. The same 50 people are enrolled week after week, so the repeat-subsidy rule has a
//    growing history to read and the reservations table grows.
// 2. list: the class list of a county reviewer over 20,000 classes in the county's scope (40
//    participants each, decided with the class decider and appended in batches, as the generator's
//    `--via events` does for trainees; the real projection runner builds the read models), over
//    real HTTP at 50 paced users (each about one request a second). p50/p95/p99 per run; aim p95 <
//    100 ms.
// 3. completion: a 50-person class, run through roll calls, assessments and its completion request,
//    then timed from the county's final approval until its certificates are printed as one 50-page
//    PDF and recorded on the class (the completion process manager). Aim < 5 s.
// Medians of several runs. Results: bench-results/class-bench.json. Nothing is asserted.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { loadConfig } from '../../api/config';
import { createApp } from '../../api/http/app';
import { createPlatform, type Platform } from '../../api/platform';
import { caughtUp } from '../../testing/caught-up';
import { totpCode } from '../../commands/identity/totp';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { shiftDays } from '../../domain/calendar/working-days';
import { chinaDate } from '../../domain/personal-data/normalize';
import { parseClassDetails, parseDeclaration } from '../../domain/training-class/class-details';
import type { TrainingClassCommand } from '../../domain/training-class/commands';
import { DEFAULT_ELIGIBILITY_POLICY } from '../../domain/training-class/eligibility';
import type { TrainingClassEvent } from '../../domain/training-class/events';
import { chinaInstant, parseTimetable } from '../../domain/training-class/timetable';
import { trainingClassDecider } from '../../domain/training-class/training-class';
import { parseTeacherInput } from '../../domain/teacher/teacher-input';
import { parseTraineeInput } from '../../domain/trainee/trainee-input';
import { toNewEvent } from '../../commands/pipeline/handle-command';
import { freePort } from '../embedded-postgres.mjs';
import { birthDate, chineseName, idNumber } from '../generate/people';
import { countyByCode } from '../generate/places';
import { Random } from '../generate/random';
import { seedReferenceData } from '../reference-data';
import { ORGS, activateTestInstitution } from '../../testing/seed';
import { startBenchPostgres } from './postgres';
import { writeJson } from './report';
import { median } from './stats';

const USAGE = 'usage: npm run bench -- classes [--runs 5] [--class-size 50] [--list-classes 20000] [--clients 50] [--requests 1500] [--think-ms 1000] [--skip-list]';
const RESULTS_FILE = path.resolve('bench-results', 'class-bench.json');
const BENCH_PII_ENV = { PII_ENCRYPTION_KEY: '636c6173732d62656e63682d656e6331', PII_BLIND_INDEX_KEY: '636c6173732d62656e63682d69647831' };
const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function parseOptions(argv: readonly string[]) {
  const int = (flag: string, fallback: number, min: number) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(String(argv[i + 1]).replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number >= ${min}\n${USAGE}`);
    return n;
  };
  return {
    runs: int('--runs', 5, 1),
    classSize: int('--class-size', 50, 2),
    listClasses: int('--list-classes', 20_000, 100),
    clients: int('--clients', 50, 1),
    requests: int('--requests', 1500, 50),
    thinkMs: int('--think-ms', 1000, 0),
    list: !argv.includes('--skip-list'),
  };
}
type Options = ReturnType<typeof parseOptions>;

const SCHOOL = ORGS.nanmingSchool;
const COUNTY = ORGS.nanming;
const at = (id: string, orgId: string | null, now?: Date): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'bench', orgId }, commandId, correlationId: commandId, ip: null, ...(now ? { now } : {}) };
};
const school = (now?: Date) => at('bench-operator', SCHOOL, now);
const county = (now?: Date) => at('bench-county-reviewer', COUNTY, now);

/** The Nanming school effective, its occupation published, two certified teachers, `size` approved trainees. */
async function world(platform: Platform, size: number) {
  const { commands } = platform;
  await activateTestInstitution(platform, SCHOOL, '贵阳市南明区阳光职业技能培训学校', COUNTY, ORGS.guiyang);
  // The school is in the organisation tree (its reviewing authorities) once the read model has it.
  await caughtUp(platform, undefined, 60_000);
  await commands.classSettings.importShippedHolidays(2026, at('system', ORGS.province));
  const occupationId = randomUUID();
  await commands.occupations.declare(occupationId, SCHOOL, { code: '4-03-02-01', name: '中式烹调师', level: '4', hours: 40, scope: '中式热菜' }, school(), { submit: true });
  await commands.reviews.approve(`occupation-${occupationId}`, '同意', [], county());
  await commands.reviews.approve(`occupation-${occupationId}`, '同意', [], at('bench-city-reviewer', ORGS.guiyang));
  const today = chinaDate(new Date().toISOString());
  const random = new Random('class-bench');
  const place = countyByCode('520102')!;
  const taken = new Set<string>();
  const teachers: string[] = [];
  for (const i of [0, 1]) {
    const sex = i === 0 ? 'female' : 'male';
    const born = birthDate(random, 1970, 1985);
    const input = parseTeacherInput({ name: chineseName(random, sex, Number(born.slice(0, 4))), idNumber: idNumber(random, place, born, sex, taken), fullTime: true, subjects: ['中式烹调'], level: 'senior', trainingQualification: '', yearsTeaching: 10, trainingHistory: [] }, today);
    const declared = await commands.teachers.declare(SCHOOL, input, school(), { submit: true });
    await commands.reviews.approve(declared.streamId, '同意', [], county());
    await commands.teachers.certify(declared.streamId.slice('teacher-'.length), `GZSZ-${i}`, '2026-01-05', county());
    teachers.push(declared.streamId.slice('teacher-'.length));
  }
  const trainees: string[] = [];
  const rows = Array.from({ length: size }, () => {
    const sex = random.chance(0.5) ? 'female' : 'male';
    const born = birthDate(random, 1975, 2004);
    return { input: parseTraineeInput({ name: chineseName(random, sex, Number(born.slice(0, 4))), idNumber: idNumber(random, place, born, sex, taken), personCategory: 'rural_migrant', phone: '13800138000', bankAccount: '' }, today), request: school() };
  });
  for (const entered of await commands.trainees.enterMany(SCHOOL, rows)) {
    if (entered instanceof Error) throw entered;
    await commands.reviews.approve(entered.streamId, '同意', [], county());
    trainees.push(entered.streamId.slice('trainee-'.length));
  }
  await caughtUp(platform, undefined, 120_000);
  return { teachers, trainees };
}

const sessionsOn = (start: string, teachers: string[]) =>
  parseTimetable(
    Array.from({ length: 5 }, (_, d) => shiftDays(start, d)).flatMap((date) => [
      { date, start: '09:00', end: '12:00', subject: '烹饪原料知识', mode: 'theory', teacherId: teachers[0], venue: '理论教室' },
      { date, start: '14:00', end: '17:00', subject: '刀工与火候', mode: 'practice', teacherId: teachers[1], venue: '实训厨房' },
    ]),
  );
const details = (name: string, start: string, size: number) =>
  parseClassDetails(
    {
      name,
      kind: 'employment',
      occupation: { code: '4-03-02-01', name: '中式烹调师', level: '4' },
      plannedStart: start,
      plannedEnd: shiftDays(start, 4),
      minSize: 2,
      maxSize: Math.max(size, 2),
      venue: { address: '贵阳市南明区花果园R1区', countyCode: '520102', latitude: 26.56, longitude: 106.71 },
      fundingSource: 'subsidised',
    },
    chinaDate(new Date().toISOString()),
  );
const declaration = (start: string) =>
  parseDeclaration({
    teachingPlan: { totalHours: 40, theoryPercent: 50, practicePercent: 50, outline: '原料知识、刀工、火候、菜品制作' },
    assessmentPlan: { mode: 'written_practical', passScore: 60, plannedDate: shiftDays(start, 4), organiser: '南明区职业技能鉴定所', description: '' },
    resources: ['《中式烹调师》教材', '实训厨房'],
    commitment: true,
  });

/** 1 and 3: enrolment and declaration of each class, then its run to completion with certificates. */
async function classRuns(platform: Platform, options: Options) {
  const { teachers, trainees } = await world(platform, options.classSize);
  const commands = platform.commands.trainingClasses;
  const today = chinaDate(new Date().toISOString());
  const enrolDeclare: number[] = [];
  const completion: number[] = [];
  const classIds: string[] = [];
  // One warm-up class (JIT, pools, the font) before the measured ones.
  for (let r = 0; r <= options.runs; r++) {
    const start = shiftDays(today, 21 + 7 * r);
    const registered = await commands.register(SCHOOL, details(`南明区中式烹调师就业技能培训班（第${r + 1}期）`, start, options.classSize), school());
    const classId = registered.streamId.slice('training-class-'.length);
    await commands.setTimetable(classId, sessionsOn(start, teachers), school());
    await commands.assignTeachers(classId, teachers, school());
    const t0 = performance.now();
    await commands.enrol(classId, trainees.map((personId) => ({ personId, commitmentSigned: true, commitmentSignedOn: today })), school());
    await commands.declare(classId, declaration(start), '', school());
    const ms = performance.now() - t0;
    if (r > 0) enrolDeclare.push(ms);
    log(`${r === 0 ? 'warm-up ' : ''}enrol ${trainees.length} + declare: ${ms.toFixed(0)} ms`);
    classIds.push(classId);
  }
  for (const [r, classId] of classIds.entries()) {
    const stream = `training-class-${classId}`;
    await platform.commands.reviews.approve(stream, '同意开班', [], county());
    const state = await commands.runner.existing(classId);
    const start = state.details.plannedStart;
    await commands.start(classId, school(new Date(chinaInstant(start, '08:30'))));
    const after = new Date(chinaInstant(state.details.plannedEnd, '18:00'));
    for (const s of state.timetable) await commands.markRollCall(classId, { sessionId: s.sessionId, present: trainees, absent: [], reason: '课堂点名' }, school(after));
    await commands.recordAssessments(classId, trainees.map((participantId) => ({ participantId, writtenScore: 80, practicalScore: 82, certificateNo: null, passed: true })), school(after));
    await commands.requestCompletion(classId, '', school(after));
    const t0 = performance.now();
    await platform.commands.reviews.approve(stream, '同意结业', [], county(new Date(after.getTime() + 86_400_000)));
    for (;;) {
      const events = await platform.store.readStream(stream);
      if (events.some((e) => e.type === 'TrainingClassCertificatesPrinted')) break;
      if (performance.now() - t0 > 120_000) throw new Error('certificates not printed within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - t0;
    if (r > 0) completion.push(ms);
    log(`${r === 0 ? 'warm-up ' : ''}completion with ${trainees.length} certificates printed: ${ms.toFixed(0)} ms`);
  }
  return { enrolDeclare, completion };
}

// --- 2: the list -----------------------------------------------------------------------------------

/** `count` classes of `institutions` schools of the county, decided in memory and appended 100 streams at a time. */
export async function listData(platform: Platform, count: number, institutions: number) {
  const ids = Array.from({ length: institutions }, (_, i) => `bench-inst-${i + 1}`);
  for (const [i, id] of ids.entries()) await platform.commands.organizations.register(id, { name: `南明区第${i + 1}职业培训学校`, kind: 'institution', parentId: COUNTY, divisionCode: '520102' }, at('system', null));
  const now = new Date();
  const today = chinaDate(now.toISOString());
  const random = new Random('class-bench-list');
  const decide = (classId: string, steps: [TrainingClassCommand, RequestContext][]) => {
    let state = trainingClassDecider.initialState();
    const events: TrainingClassEvent[] = [];
    for (const [command, request] of steps) {
      const decided = trainingClassDecider.decide(command, state, { actor: request.actor, now: now.toISOString() });
      events.push(...decided);
      state = decided.reduce(trainingClassDecider.evolve, state);
    }
    const request = steps[0]![1];
    return { streamId: `training-class-${classId}`, events: events.map((e, i) => toNewEvent(e, i, `training-class-${classId}`, request, now.toISOString())), expectedRevision: 'no_stream' as const };
  };
  const batch: ReturnType<typeof decide>[] = [];
  let written = 0;
  const flush = async () => {
    if (batch.length) await platform.store.appendToStreams(batch.splice(0));
  };
  for (let c = 0; c < count; c++) {
    const institutionId = ids[c % ids.length]!;
    const request = at('bench-operator', institutionId);
    const start = shiftDays(today, 10 + (c % 300));
    const classId = randomUUID();
    const people = Array.from({ length: 40 }, (_, p) => ({
      participant: { kind: 'trainee' as const, personId: `bench-trainee-${c}-${p}`, name: chineseName(random, p % 2 ? 'male' : 'female', 1990), idNumberMasked: '520102********1224' },
      effective: true,
      busy: [],
      history: [],
      commitment: { signed: true, signedOn: today },
    }));
    const steps: [TrainingClassCommand, RequestContext][] = [
      [{ type: 'RegisterTrainingClass', classId, classNo: `520102-2027-${String(c + 1).padStart(5, '0')}`, details: details(`南明区职业技能培训班${c + 1}`, start, 40), institution: { institutionId, canOperate: true }, occupation: { published: true, approvedForInstitution: true } }, request],
      [{ type: 'SetTimetable', sessions: sessionsOn(start, ['bench-t-1', 'bench-t-2']), busy: { teachers: {}, participants: {} } }, request],
      [{ type: 'AssignTeachers', teachers: ['bench-t-1', 'bench-t-2'].map((teacherId, i) => ({ teacherId, name: i ? '王强' : '李芳', standing: { effective: true, inInstitutionPool: true, certified: true, revoked: false }, busy: [] })) }, request],
      [{ type: 'EnrolParticipants', enrolments: people, policy: { policy: DEFAULT_ELIGIBILITY_POLICY, version: 0 } }, request],
    ];
    batch.push(decide(classId, steps));
    if (batch.length >= 100) await flush();
    written++;
    if (written % 5000 === 0) log(`  ${written} classes appended`);
  }
  await flush();
  log('waiting for the read models and the search index');
  const t0 = performance.now();
  if (!(await caughtUp(platform, undefined, 3 * 3600_000))) throw new Error('projections did not catch up');
  log(`projected in ${((performance.now() - t0) / 1000).toFixed(0)} s; VACUUM ANALYZE`);
  await platform.knex.raw('VACUUM ANALYZE');
}

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
      const n = sequence++;
      const t0 = performance.now();
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

async function reviewerSessions(platform: Platform, url: string, count: number) {
  const users = platform.commands.users;
  const made: { username: string; password: string; secret: string; step: number }[] = [];
  for (let i = 0; i < count; i++) {
    const userId = randomUUID();
    const username = `bench.class.${i}`;
    const oneTime = `Once-${randomBytes(9).toString('base64url')}1a`;
    const password = `Pw-${randomBytes(9).toString('base64url')}9Z`;
    await users.create(userId, { username, displayName: `审核员${i + 1}（压测）`, orgId: COUNTY, roles: ['reviewer'] }, oneTime, at('system:bench', null));
    await users.changeOwnPassword(userId, oneTime, password, at('system:bench', null));
    const enrollment = await users.beginTotpEnrollment(userId);
    const step = Math.floor(Date.now() / 30_000);
    await users.confirmTotpEnrollment(userId, totpCode(enrollment.secret, step * 30_000 + 1000), at('system:bench', null));
    made.push({ username, password, secret: enrollment.secret, step });
  }
  await caughtUp(platform, ['users'], 60_000);
  const wait = Math.max(...made.map((r) => (r.step + 1) * 30_000 + 1000)) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const sessions: { cookie: string; csrf: string }[] = [];
  for (const [i, user] of made.entries()) {
    const post = (route: string, body: unknown) => fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.168.${i >> 8}.${i & 255}` }, body: JSON.stringify(body) });
    const first = (await (await post('/auth/login', { username: user.username, password: user.password })).json()) as { data: { challenge: string } };
    const second = await post('/auth/login/second-factor', { challenge: first.data.challenge, code: totpCode(user.secret, (user.step + 1) * 30_000 + 1000) });
    const body = (await second.json()) as { data?: { csrfToken?: string } };
    if (!body.data?.csrfToken) throw new Error(`login of ${user.username} failed: ${JSON.stringify(body)}`);
    sessions.push({ cookie: second.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.data.csrfToken });
  }
  return sessions;
}

const LIST = `query Classes($filter: TrainingClassFilter, $page: PageInput) { trainingClasses(filter: $filter, page: $page) { total items { id classNo name kindLabel subject institutionName status statusLabel enrolled plannedStart plannedEnd reviewStatusLabel updatedAt } } }`;

async function listRuns(platform: Platform, options: Options) {
  await listData(platform, options.listClasses, 25);
  const port = await freePort();
  const { app, stop } = await createApp(platform, loadConfig({ PORT: String(port), TRUST_PROXY: '1', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    log(`logging in ${options.clients} county reviewers`);
    const sessions = await reviewerSessions(platform, url, options.clients);
    // Pages a reviewer turns: the first ten most often, deeper ones sometimes, a status filter now and then.
    const bodies = Array.from({ length: 200 }, (_, i) => {
      const page = i % 4 === 0 ? 1 + (i % 50) : 1 + (i % 10);
      const filter = i % 5 === 0 ? { status: 'draft' } : undefined;
      return JSON.stringify({ query: LIST, variables: { page: { page, pageSize: 20 }, ...(filter ? { filter } : {}) } });
    });
    const worker = new Worker(LOAD_WORKER, { eval: true });
    const runs: { p50: number; p95: number; p99: number; requests: number; errors: number; perSecond: number }[] = [];
    try {
      for (let r = 0; r <= options.runs; r++) {
        const result: { latencies: number[]; errors: number; firstError: string | null; seconds: number } = await new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ url: `${url}/graphql`, sessions, bodies, total: r === 0 ? 200 : options.requests, thinkMs: options.thinkMs });
        });
        const sorted = [...result.latencies].sort((a, b) => a - b);
        const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
        const figures = { p50: pct(50), p95: pct(95), p99: pct(99), requests: sorted.length, errors: result.errors, perSecond: sorted.length / result.seconds };
        log(`${r === 0 ? 'warm-up ' : ''}list: p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, ${figures.perSecond.toFixed(0)} req/s, ${figures.errors} errors${result.firstError ? ` (${result.firstError})` : ''}`);
        if (r > 0) runs.push(figures);
      }
    } finally {
      await worker.terminate();
    }
    return runs;
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await stop();
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) return void console.log(USAGE);
  const options = parseOptions(argv);
  const postgres = await startBenchPostgres();
  const results: Record<string, unknown> = { generatedAt: new Date().toISOString(), options };
  try {
    for (const part of ['classes', ...(options.list ? ['list'] : [])] as const) {
      await postgres.createDatabase(`bench_${part}`);
      const platform = await createPlatform({ databaseUrl: postgres.urlOf(`bench_${part}`), piiKeys: loadPiiKeys(BENCH_PII_ENV, () => undefined) });
      try {
        await seedReferenceData(platform);
        if (part === 'classes') {
          const { enrolDeclare, completion } = await classRuns(platform, options);
          results.enrolDeclareMs = { runs: enrolDeclare.map(Math.round), median: Math.round(median(enrolDeclare)), aim: 1000 };
          results.completionMs = { runs: completion.map(Math.round), median: Math.round(median(completion)), aim: 5000 };
        } else {
          const runs = await listRuns(platform, options);
          results.list = { classes: options.listClasses, clients: options.clients, thinkMs: options.thinkMs, runs, medianP50: median(runs.map((r) => r.p50)), medianP95: median(runs.map((r) => r.p95)), medianP99: median(runs.map((r) => r.p99)), aimP95: 100 };
        }
      } finally {
        await platform.close();
      }
    }
  } finally {
    await postgres.stop();
  }
  writeJson(RESULTS_FILE, results);
  console.log(JSON.stringify(results, null, 2));
}

if (process.argv[1]?.endsWith('class-bench.ts')) main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('class bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
