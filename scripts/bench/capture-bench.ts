// `npm run bench -- capture [options]`: issue 13 §5's figures for attendance captures, on a
// throw-away embedded Postgres, through the platform as the API runs it (projections, the signal
// detector, the match feeder and the matcher in the same process, the face pool beside it).
//
// 1. accept: captures POSTed as a phone sends them (multipart, a one-face JPEG of ~20-60 KB, each
//    photo different) over real HTTP by `--clients` concurrent uploaders of one institution, into a
//    running class with one trainee per face of face-api's sample photos that passes the reference
//    check (that face enrolled as their reference; each capture shows its person's own face).
//    Each capture is checked, its photo hashed and stored encrypted, CaptureAccepted appended.
//    Accepted per second and p50/p95/p99 latency; aim ≥ 200/s with p95 < 300 ms on 2 cores.
//    Meanwhile the matcher of the process records matches: matches per second and the lag from a
//    capture's acceptance to its match (both instants recorded on the events), for the captures
//    matched while the load ran and in `--drain-seconds` after it; the queue left over is reported.
//    Peak RSS of the process above its RSS before the face pool started.
// 2. shared: matching alone, first by one matcher with a one-worker pool (matches per second and per
//    CPU-second of the process = per core), then by two matchers, each with its own one-worker pool,
//    claiming from the same queue as two processes would: how many each matched, and every capture
//    matched exactly once (CaptureMatched events counted per capture stream).
// Nothing is asserted. Results: bench-results/capture-bench.json.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { spawn } from 'node:child_process';
import { pino } from 'pino';
import { loadConfig } from '../../api/config';
import { createApp } from '../../api/http/app';
import { createPlatform, type Platform } from '../../api/platform';
import { caughtUp } from '../../testing/caught-up';
import { captureMatcher, type CaptureMatcher } from '../../commands/capture/matcher';
import { matchQueue } from '../../commands/capture/match-queue';
import { lazyFaceService } from '../../commands/face/face-service';
import { checkReferencePhoto } from '../../commands/face/reference-face';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { shiftDays } from '../../domain/calendar/working-days';
import { DEFAULT_CAPTURE_POLICY } from '../../domain/capture/capture-policy';
import { chinaDate } from '../../domain/personal-data/normalize';
import { capturesTable } from '../../projections/capture/captures-table';
import { parseTeacherInput } from '../../domain/teacher/teacher-input';
import { parseClassDetails, parseDeclaration } from '../../domain/training-class/class-details';
import { parseTimetable } from '../../domain/training-class/timetable';
import { parseTraineeInput } from '../../domain/trainee/trainee-input';
import { around, cropped, sampleImage, samplePhoto, toJpeg } from '../../testing/face-samples';
import { ORGS, activateTestInstitution } from '../../testing/seed';
import { freePort } from '../embedded-postgres.mjs';
import { birthDate, chineseName, idNumber } from '../generate/people';
import { countyByCode } from '../generate/places';
import { Random } from '../generate/random';
import { seedReferenceData } from '../reference-data';
import { startBenchPostgres } from './postgres';
import { startCpuMeter, startForeignLoadMeter } from './cpu-meter';
import { writeJson } from './report';

const USAGE = 'usage: npm run bench -- capture [--captures 1000] [--clients 16] [--drain-seconds 60] [--shared 60] [--skip-accept] [--skip-shared]';
const RESULTS_FILE = path.resolve('bench-results', 'capture-bench.json');
const BENCH_PII_ENV = { PII_ENCRYPTION_KEY: '636170747572652d62656e63682d6531', PII_BLIND_INDEX_KEY: '636170747572652d62656e63682d6932' };
const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function parseOptions(argv: readonly string[]) {
  const int = (flag: string, fallback: number, min: number) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(String(argv[i + 1]).replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number >= ${min}\n${USAGE}`);
    return n;
  };
  return {
    captures: int('--captures', 1000, 10),
    clients: int('--clients', 16, 1),
    drainSeconds: int('--drain-seconds', 60, 0),
    shared: int('--shared', 60, 4),
    accept: !argv.includes('--skip-accept'),
    sharedRun: !argv.includes('--skip-shared'),
  };
}
type Options = ReturnType<typeof parseOptions>;

const SCHOOL = ORGS.nanmingSchool;
const COUNTY = ORGS.nanming;
const VENUE = { latitude: 26.56, longitude: 106.71 };
const at = (id: string, orgId: string | null, now?: Date): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'bench', orgId }, commandId, correlationId: commandId, ip: null, ...(now ? { now } : {}) };
};
const school = (now?: Date) => at('bench-operator', SCHOOL, now);
const county = (now?: Date) => at('bench-county-reviewer', COUNTY, now);
const instant = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/**
 * The faces of the six sample photos framed as a phone would (at least 160 px on the shorter side),
 * as JPEG: those the reference check accepts (exactly one clear face in the frame; a neighbour's
 * face in a group photo's crop disqualifies it).
 */
async function sampleFaces(platform: Platform): Promise<Buffer[]> {
  const engine = await platform.face.engine();
  const faces: Buffer[] = [];
  for (const n of [1, 2, 3, 4, 5, 6]) {
    const image = sampleImage(n);
    const analysis = await engine.analyze(samplePhoto(n));
    for (const f of analysis.faces) {
      const crop = cropped(image, around(image, f.box, 0.6));
      if (Math.min(crop.width, crop.height) < 160) continue;
      const photo = toJpeg(crop, 85);
      const usable = await checkReferencePhoto(engine, photo, platform.face.settings.reference).then(
        () => true,
        () => false,
      );
      if (usable) faces.push(photo);
    }
  }
  return faces;
}

/** The same photo with a comment segment after SOI: different bytes (another hash, another blob), the same picture. */
function unique(jpeg: Buffer, n: number): Buffer {
  const text = Buffer.from(`capture-bench ${n} ${randomUUID()}`);
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(2 + text.length, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

interface World {
  classId: string;
  sessionId: string;
  date: string;
  trainees: string[];
  faces: Buffer[];
}

/**
 * The Nanming school effective, a certified teacher, one approved trainee per sample face with that
 * face enrolled as their reference, and an SYB class of them running yesterday 09:00-12:00 (offline
 * uploads allowed for a week, so the run's captures of yesterday's session are on time whenever it runs).
 */
async function world(platform: Platform): Promise<World> {
  const { commands } = platform;
  await activateTestInstitution(platform, SCHOOL, '贵阳市南明区阳光职业技能培训学校', COUNTY, ORGS.guiyang);
  await caughtUp(platform, undefined, 60_000);
  await commands.capture.captures.changePolicy({ type: 'ChangeCapturePolicy', kind: 'entrepreneurship', policy: { ...DEFAULT_CAPTURE_POLICY, maxUploadDelayMinutes: 10_080 }, reason: '压测：离线一周内上传' }, at('bench-province', ORGS.province));
  const faces = await sampleFaces(platform);
  const date = shiftDays(chinaDate(new Date().toISOString()), -1);
  const registered = shiftDays(date, -28);
  const T0 = instant(registered, '09:00');
  const random = new Random('capture-bench');
  const place = countyByCode('520102')!;
  const taken = new Set<string>();
  const teacherBorn = birthDate(random, 1970, 1985);
  const teacherInput = parseTeacherInput({ name: chineseName(random, 'female', Number(teacherBorn.slice(0, 4))), idNumber: idNumber(random, place, teacherBorn, 'female', taken), fullTime: true, subjects: ['创业培训'], level: 'senior', trainingQualification: 'SYB讲师', yearsTeaching: 10, trainingHistory: [] }, registered);
  const teacher = await commands.teachers.declare(SCHOOL, teacherInput, school(T0), { submit: true });
  const teacherId = teacher.streamId.slice('teacher-'.length);
  await commands.reviews.approve(teacher.streamId, '同意', [], county(T0));
  await commands.teachers.certify(teacherId, 'SYB-BENCH', registered, county(T0));
  const rows = faces.map(() => {
    const sex = random.chance(0.5) ? 'female' : 'male';
    const born = birthDate(random, 1975, 2004);
    return { input: parseTraineeInput({ name: chineseName(random, sex, Number(born.slice(0, 4))), idNumber: idNumber(random, place, born, sex, taken), personCategory: 'graduate', phone: '13800138000', bankAccount: '' }, registered), request: school(T0) };
  });
  const trainees: string[] = [];
  for (const entered of await commands.trainees.enterMany(SCHOOL, rows)) {
    if (entered instanceof Error) throw entered;
    await commands.reviews.approve(entered.streamId, '同意', [], county(T0));
    trainees.push(entered.streamId.slice('trainee-'.length));
  }
  await caughtUp(platform, undefined, 120_000);
  log(`enrolling ${faces.length} reference faces`);
  for (const [i, traineeId] of trainees.entries()) {
    const file = await platform.files.store(Readable.from([faces[i]!]), { name: `face-${i}.jpg`, purpose: 'reference-face', kinds: ['jpg'], maxBytes: 10 * 2 ** 20 }, school());
    await commands.capture.traineeFaces.enrolFromFile(traineeId, file.fileId, school());
  }
  const details = parseClassDetails(
    { name: 'SYB创业培训班（抓拍压测）', kind: 'entrepreneurship', subKind: 'syb', plannedStart: date, plannedEnd: date, minSize: 1, maxSize: 60, venue: { address: '贵阳市南明区', countyCode: '520102', ...VENUE }, fundingSource: 'subsidised' },
    registered,
  );
  const klass = await commands.trainingClasses.register(SCHOOL, details, school(T0));
  const classId = klass.streamId.slice('training-class-'.length);
  const classes = commands.trainingClasses;
  await classes.setTimetable(classId, parseTimetable([{ date, start: '09:00', end: '12:00', subject: '创业意识', mode: 'theory', teacherId, venue: '教室' }]), school(T0));
  await classes.assignTeachers(classId, [teacherId], school(T0));
  await classes.enrol(classId, trainees.map((personId) => ({ personId, commitmentSigned: true, commitmentSignedOn: registered })), school(T0));
  const declaration = parseDeclaration({
    teachingPlan: { totalHours: 4, theoryPercent: 50, practicePercent: 50, outline: '创业意识' },
    assessmentPlan: { mode: 'written', passScore: 60, plannedDate: date, organiser: '人社局', description: '' },
    resources: ['SYB教材'],
    commitment: true,
  });
  await classes.declare(classId, declaration, '', school(T0));
  await commands.reviews.approve(`training-class-${classId}`, '同意开班', [], county(instant(shiftDays(date, -27), '09:00')));
  await classes.start(classId, school(instant(date, '08:30')));
  await caughtUp(platform, undefined, 120_000);
  return { classId, sessionId: `${date}T09:00`, date, trainees, faces };
}

/** The upload fields of capture `n`: a check-in of trainee n (mod the class size), wearing their own face, near the venue at 09:05 yesterday, under its own device capture id. */
const uploadOf = (w: World, n: number) => ({
  deviceCaptureId: `bench-${n}-${randomUUID().slice(0, 8)}`,
  deviceId: `bench-phone-${n % 8}`,
  classId: w.classId,
  sessionId: w.sessionId,
  kind: 'check_in',
  personKind: 'trainee',
  personId: w.trainees[n % w.trainees.length]!,
  deviceTime: instant(w.date, '09:05').toISOString(),
  latitude: VENUE.latitude + 0.0005,
  longitude: VENUE.longitude,
  accuracyMeters: 15,
});

/**
 * Uploads with `clients` concurrent senders in a process of its own (so the CPU figures of this
 * process are the server's alone): latencies, answers, errors, and the senders' own CPU. The
 * multipart bodies are built before the clock starts and sent with node:http over keep-alive
 * connections: the senders share the 2 cores with the server, and phones would not (fetch with
 * FormData cost the senders about three times the CPU for the same bytes on the wire).
 */
const LOAD_PROCESS = `
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const multipart = (fields, photo) => {
  const boundary = '----gz-bench-' + randomBytes(12).toString('hex');
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from('--' + boundary + '\\r\\nContent-Disposition: form-data; name="' + k + '"\\r\\n\\r\\n' + String(v) + '\\r\\n'));
  parts.push(Buffer.from('--' + boundary + '\\r\\nContent-Disposition: form-data; name="photo"; filename="capture.jpg"\\r\\nContent-Type: image/jpeg\\r\\n\\r\\n'), Buffer.from(photo), Buffer.from('\\r\\n--' + boundary + '--\\r\\n'));
  return { type: 'multipart/form-data; boundary=' + boundary, body: Buffer.concat(parts) };
};
process.on('message', async (job) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.clients });
  const post = (upload) => new Promise((resolve, reject) => {
    const req = http.request(job.url, { method: 'POST', agent, headers: { cookie: job.session.cookie, 'x-csrf-token': job.session.csrf, 'content-type': upload.type, 'content-length': upload.body.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(upload.body);
  });
  const uploads = job.uploads.map((u) => multipart(u.fields, u.photo));
  const latencies = [];
  let next = 0, errors = 0, firstError = null, repeated = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= uploads.length) return;
      const t0 = performance.now();
      try {
        const res = await post(uploads[i]);
        const body = JSON.parse(res.text);
        if (res.status !== 201) { errors++; if (!firstError) firstError = res.status + ' ' + res.text.slice(0, 300); }
        else if (body.data && body.data.repeated) repeated++;
      } catch (error) { errors++; if (!firstError) firstError = String(error); }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: job.clients }, () => client()));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  process.send({ latencies, errors, firstError, repeated, seconds, senderCores: (used.user + used.system) / 1e6 / seconds });
});
`;

async function operatorSession(platform: Platform, url: string) {
  const userId = randomUUID();
  const oneTime = `Once-${randomUUID().slice(0, 12)}1a`;
  const password = `Pw-${randomUUID().slice(0, 12)}9Z`;
  await platform.commands.users.create(userId, { username: 'bench.capture', displayName: '抓拍压测经办人', orgId: SCHOOL, roles: ['institution_operator'] }, oneTime, at('system:bench', null));
  await platform.commands.users.changeOwnPassword(userId, oneTime, password, at('system:bench', null));
  await caughtUp(platform, ['users'], 60_000);
  const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.capture', password }) });
  const body = (await res.json()) as { data?: { csrfToken?: string } };
  if (!body.data?.csrfToken) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.data.csrfToken };
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN);

/** Lag from acceptance to the first match, for captures matched by `until` (ISO), from the read model. */
async function lags(platform: Platform, until?: string) {
  const query = capturesTable(platform.knex).whereNotNull('matched_at').where({ status: 'accepted' }).select('server_time', 'matched_at');
  if (until) query.where('matched_at', '<=', until);
  const rows = await query;
  return rows.map((r) => Date.parse(r.matched_at!) - Date.parse(r.server_time)).sort((a, b) => a - b);
}

async function acceptRun(options: Options) {
  const postgres = await startBenchPostgres();
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'gz-capture-bench-files-'));
  // One institution uploads everything: the per-user rate limit (CAPTURE_RATE_LIMIT) would cut the run short.
  process.env.CAPTURE_RATE_LIMIT = '100000000';
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    await postgres.createDatabase('bench_capture');
    const platform = await createPlatform({ databaseUrl: postgres.urlOf('bench_capture'), filesDir, piiKeys: loadPiiKeys(BENCH_PII_ENV, () => undefined) });
    const port = await freePort();
    const { app, stop } = await createApp(platform, loadConfig({ PORT: String(port), TRUST_PROXY: '1', LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(port, '127.0.0.1', () => resolve(s));
    });
    const worker = spawn(process.execPath, ['-e', LOAD_PROCESS], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    try {
      await seedReferenceData(platform);
      const w = await world(platform);
      const workers = platform.face.settings.workers;
      log(`world ready: class of ${w.trainees.length} trainees with reference faces; face pool of ${workers} worker(s) beside the API`);
      const url = `http://127.0.0.1:${port}`;
      const session = await operatorSession(platform, url);
      const send = async (uploads: { fields: Record<string, unknown>; photo: Uint8Array }[]) =>
        new Promise<{ latencies: number[]; errors: number; firstError: string | null; repeated: number; seconds: number; senderCores: number }>((resolve, reject) => {
          worker.once('message', (answer) => resolve(answer as Parameters<typeof resolve>[0]));
          worker.once('error', reject);
          worker.send({ url: `${url}/captures`, session, clients: options.clients, uploads });
        });
      const make = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ fields: uploadOf(w, from + i), photo: new Uint8Array(unique(w.faces[(from + i) % w.faces.length]!, from + i)) }));
      // Warm-up: JIT, pools, the first matches (not counted); the queue is drained before the measured run.
      const warm = await send(make(0, 40));
      log(`warm-up: ${warm.latencies.length} captures, ${warm.errors} errors${warm.firstError ? ` (${warm.firstError})` : ''}`);
      const queue = matchQueue(platform.knex);
      for (let waited = 0; (await queue.depth()) > 0 && waited < 120_000; waited += 500) await new Promise((r) => setTimeout(r, 500));
      await caughtUp(platform, undefined, 120_000);
      const matchedBefore = Number((await capturesTable(platform.knex).whereNotNull('matched_at').count<{ c: string }[]>({ c: '*' }))[0]!.c);

      const matcher = platform.commands.capture.matcher;
      /** One measured load: accepted per second, latency, CPU of this process and of Postgres per capture, other jobs' load. */
      const load = async (from: number) => {
        const uploads = make(from, options.captures);
        const photoBytes = uploads.reduce((sum, u) => sum + u.photo.length, 0) / uploads.length;
        const cpu = startCpuMeter();
        const foreign = startForeignLoadMeter();
        const result = await send(uploads);
        const used = cpu();
        const sorted = [...result.latencies].sort((a, b) => a - b);
        const accepted = result.latencies.length - result.errors;
        return {
          captures: result.latencies.length,
          accepted,
          errors: result.errors,
          firstError: result.firstError,
          seconds: round(result.seconds, 2),
          acceptedPerSecond: round(accepted / result.seconds),
          p50Ms: round(percentile(sorted, 50)),
          p95Ms: round(percentile(sorted, 95)),
          p99Ms: round(percentile(sorted, 99)),
          clients: options.clients,
          photoKiB: Math.round(photoBytes / 1024),
          // This process: the API, projections, detector and feeder, and in the second phase the face worker (the uploaders run in a child process).
          nodeCpuMsPerCapture: round((used.nodeCores * used.seconds * 1000) / result.latencies.length, 2),
          postgresCpuMsPerCapture: round((used.postgresCores * used.seconds * 1000) / result.latencies.length, 2),
          // The uploaders' child process (not counted among the other jobs: it is ours).
          senderCores: round(result.senderCores, 2),
          otherJobsCores: round(foreign(), 2),
          aim: { perSecond: 200, p95Ms: 300 },
        };
      };
      const say = (what: string, a: Awaited<ReturnType<typeof load>>) =>
        log(`${what}: accepted ${a.accepted} in ${a.seconds} s: ${a.acceptedPerSecond}/s, p50 ${a.p50Ms} ms, p95 ${a.p95Ms} ms, p99 ${a.p99Ms} ms, ${a.errors} errors${a.firstError ? ` (${a.firstError})` : ''}; CPU per capture node ${a.nodeCpuMsPerCapture} ms, postgres ${a.postgresCpuMsPerCapture} ms; senders ${a.senderCores} cores; other jobs ${a.otherJobsCores} cores`);

      // Phase 1: acceptance alone (this process's matcher paused; what it queued is dropped afterwards, unmatched).
      await matcher?.stop();
      log(`sending ${options.captures} captures with ${options.clients} clients, matcher paused`);
      const alone = await load(1_000_000);
      say('acceptance alone', alone);
      await caughtUp(platform, undefined, 300_000);
      await platform.knex('capture_match_queue').delete();

      // Phase 2: the same load while the matcher works.
      matcher?.start();
      log(`sending ${options.captures} captures with ${options.clients} clients, matcher running`);
      const startedAt = new Date().toISOString();
      const accept = await load(2_000_000);
      say('acceptance while matching', accept);
      const loadEnded = new Date().toISOString();

      // The matcher kept working during the load; give it `drainSeconds` more, then read what it did.
      const drainUntil = Date.now() + options.drainSeconds * 1000;
      while (Date.now() < drainUntil && (await queue.depth()) > 0) await new Promise((r) => setTimeout(r, 1000));
      const drainEnded = new Date().toISOString();
      await caughtUp(platform, undefined, 120_000);
      const duringLoad = (await lags(platform, loadEnded)).length - matchedBefore;
      const measured = (await capturesTable(platform.knex).whereNotNull('matched_at').where('server_time', '>=', startedAt).select('server_time', 'matched_at', 'match_outcome')) as { server_time: string; matched_at: string; match_outcome: string }[];
      const runLags = measured.map((r) => Date.parse(r.matched_at) - Date.parse(r.server_time)).sort((a, b) => a - b);
      const outcomes = measured.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.match_outcome]: (acc[r.match_outcome] ?? 0) + 1 }), {});
      const matchSeconds = (Date.parse(drainEnded) - Date.parse(startedAt)) / 1000;
      const match = {
        faceWorkers: workers,
        matchedDuringLoad: duringLoad,
        matchedByEnd: measured.length,
        secondsFromLoadStartToEnd: round(matchSeconds, 1),
        matchesPerSecond: round(measured.length / matchSeconds, 2),
        outcomes,
        lagMs: { p50: Math.round(percentile(runLags, 50)), p95: Math.round(percentile(runLags, 95)), max: Math.round(runLags.at(-1) ?? NaN) },
        queueLeft: await queue.depth(),
      };
      log(`matched ${match.matchedByEnd} of the run's captures in ${match.secondsFromLoadStartToEnd} s (${match.matchesPerSecond}/s, ${match.matchedDuringLoad} while the load ran); lag p50 ${match.lagMs.p50} ms, p95 ${match.lagMs.p95} ms; ${match.queueLeft} still queued`);
      await matcher?.stop();
      return { acceptanceAlone: alone, acceptanceWhileMatching: accept, match, memory: { rssBeforeMiB: mb(rssBefore), peakRssMiB: mb(peakRss), peakAboveBeforeMiB: mb(peakRss - rssBefore) } };
    } finally {
      worker.kill();
      await new Promise((resolve) => server.close(resolve));
      await stop();
      await platform.close();
    }
  } finally {
    clearInterval(sampler);
    await postgres.stop();
    rmSync(filesDir, { recursive: true, force: true });
  }
}

/** Waits until the queue is empty and the matchers hold nothing. */
async function drained(platform: Platform, matchers: CaptureMatcher[], timeoutMs = 3_600_000) {
  const queue = matchQueue(platform.knex);
  const t0 = performance.now();
  while ((await queue.depth()) > 0 || matchers.some((m) => m.stats().inFlight > 0)) {
    if (performance.now() - t0 > timeoutMs) throw new Error('the matchers did not drain the queue in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function sharedRun(options: Options) {
  const postgres = await startBenchPostgres();
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'gz-capture-bench-files-'));
  // This process accepts and feeds the queue; matching is left to the matchers below, as to other processes.
  const previous = process.env.CAPTURE_MATCHER;
  process.env.CAPTURE_MATCHER = '0';
  try {
    await postgres.createDatabase('bench_shared');
    const platform = await createPlatform({ databaseUrl: postgres.urlOf('bench_shared'), filesDir, piiKeys: loadPiiKeys(BENCH_PII_ENV, () => undefined) });
    if (previous === undefined) delete process.env.CAPTURE_MATCHER;
    else process.env.CAPTURE_MATCHER = previous;
    const matchers: CaptureMatcher[] = [];
    const pools: ReturnType<typeof lazyFaceService>[] = [];
    try {
      await seedReferenceData(platform);
      const w = await world(platform);
      // The platform's own pool did the reference faces; the matchers get pools of their own.
      await platform.face.close();
      const queue = matchQueue(platform.knex);
      const accept = async (from: number, count: number) => {
        for (let n = from; n < from + count; n++) await platform.commands.capture.captures.accept(uploadOf(w, n), unique(w.faces[n % w.faces.length]!, n), school());
        // The feeder (a process manager of this process) puts them on the queue.
        for (let waited = 0; (await queue.depth()) < count; waited += 100) {
          if (waited > 60_000) throw new Error('the feeder did not queue the captures');
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const newMatcher = async (name: string) => {
        const face = lazyFaceService({ settings: { ...platform.face.settings, workers: 1 }, sealer: platform.face.sealer });
        pools.push(face);
        await face.engine();
        const matcher = captureMatcher({
          store: platform.store,
          knex: platform.knex,
          blobs: platform.files.blobs,
          face,
          references: platform.directories.referenceFaces,
          classes: platform.commands.capture.classes,
          workerId: `${os.hostname()}:${name}`,
          pollMs: 100,
        });
        matchers.push(matcher);
        return matcher;
      };

      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      try {
        // One matcher, one worker: matches per second and per CPU-second of the process.
        const a = await newMatcher('matcher-a');
        await accept(0, options.shared);
        log(`one matcher (one face worker): ${options.shared} captures`);
        let cpu0 = process.cpuUsage();
        let t0 = performance.now();
        a.start();
        await drained(platform, [a]);
        let seconds = (performance.now() - t0) / 1000;
        let cpu = process.cpuUsage(cpu0);
        const single = { captures: options.shared, seconds: round(seconds, 1), matchesPerSecond: round(options.shared / seconds, 2), matchesPerCpuSecond: round(options.shared / ((cpu.user + cpu.system) / 1e6), 2) };
        log(`  ${single.matchesPerSecond}/s, ${single.matchesPerCpuSecond} per CPU-second`);
        await a.stop();

        // Two matchers, each its own one-worker pool, claiming from the same queue.
        const b = await newMatcher('matcher-b');
        const before = { a: a.stats().matched, b: b.stats().matched };
        await accept(options.shared, options.shared * 2);
        log(`two matchers (one face worker each): ${options.shared * 2} captures`);
        cpu0 = process.cpuUsage();
        t0 = performance.now();
        a.start();
        b.start();
        await drained(platform, [a, b]);
        seconds = (performance.now() - t0) / 1000;
        cpu = process.cpuUsage(cpu0);
        await Promise.all([a.stop(), b.stop()]);
        const byMatcher = { [a.workerId]: a.stats().matched - before.a, [b.workerId]: b.stats().matched - before.b };
        // Every capture's stream: exactly one CaptureMatched.
        const streams: { stream_id: string }[] = await platform.knex('events').where({ type: 'CaptureAccepted' }).distinct('stream_id');
        const counts = await platform.knex('events').where({ type: 'CaptureMatched' }).groupBy('stream_id').select('stream_id').count<{ stream_id: string; count: string }[]>({ count: '*' });
        const matchedOnce = counts.filter((c) => Number(c.count) === 1).length;
        const twice = counts.filter((c) => Number(c.count) > 1).length;
        const shared = {
          captures: options.shared * 2,
          seconds: round(seconds, 1),
          matchesPerSecond: round((options.shared * 2) / seconds, 2),
          matchesPerCpuSecond: round((options.shared * 2) / ((cpu.user + cpu.system) / 1e6), 2),
          byMatcher,
          capturesInStore: streams.length,
          matchedExactlyOnce: matchedOnce,
          matchedMoreThanOnce: twice,
          notMatched: streams.length - counts.length,
        };
        log(`  ${shared.matchesPerSecond}/s; by matcher ${JSON.stringify(byMatcher)}; ${shared.matchedExactlyOnce} of ${shared.capturesInStore} captures matched exactly once, ${shared.matchedMoreThanOnce} more than once, ${shared.notMatched} not at all`);
        return { single, shared, memory: { twoPoolsPeakAboveBeforeMiB: mb(peakRss - rssBefore) } };
      } finally {
        clearInterval(sampler);
      }
    } finally {
      for (const m of matchers) await m.stop();
      for (const p of pools) await p.close();
      await platform.close();
    }
  } finally {
    await postgres.stop();
    rmSync(filesDir, { recursive: true, force: true });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) return void console.log(USAGE);
  const options = parseOptions(argv);
  const results: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    options,
    machine: { node: process.version, cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadAverageAtStart: os.loadavg().map((l) => round(l, 2)) },
  };
  if (options.accept) results.accept = await acceptRun(options);
  if (options.sharedRun) results.matchers = await sharedRun(options);
  results.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
  writeJson(RESULTS_FILE, results);
  console.log(JSON.stringify(results, null, 2));
}

if (process.argv[1]?.endsWith('capture-bench.ts')) main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('capture bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
