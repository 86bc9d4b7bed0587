// `npm run bench -- photos [--photos 200] [--runs 3]`: diploma photos (issue 15 §5) on a throw-away
// embedded Postgres, through the platform's commands (not over HTTP: the route adds the student
// lookup by name and the scope check per entry, and the NDJSON lines). Per run, a fresh set of
// enrolled students of one school:
// 1. zip upload: a zip of N portrait JPEGs (300×400, 30-60 KB) named by ID number is read
//    (readPhotoZip) and each entry recorded as the route records it (the student by ID number, then
//    diplomaPhotos.uploadBytes with submission: checked, stored encrypted, recorded). Photos/s.
// 2. export: the N photos approved, then the export's work: the names by ID number (each decrypted)
//    and the zip streamed out of the encrypted blob store into a byte counter. Photos/s and MB/s.
// Medians of the runs, with the load average. Results: bench-results/diploma-photo-bench.json.
// Nothing is asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pino } from 'pino';
import yazl from 'yazl';
import { createPlatform } from '../../api/platform';
import { readPhotoZip } from '../../commands/diploma-photo/photo-zip';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import { PHOTO_RULES, type DiplomaPhotoState } from '../../domain/diploma-photo/diploma-photo';
import { authorityId } from '../../domain/organization/guizhou-divisions';
import { registrationInputSchema } from '../../domain/student/student-input';
import { testPortrait } from '../../testing/diploma-photo';
import { idNumber } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, openTestWindow, testRegistration } from '../../testing/technical-school';
import { seedReferenceData } from '../reference-data';
import { startBenchPostgres } from './postgres';
import { writeJson } from './report';
import { median } from './stats';

const USAGE = 'usage: npm run bench -- photos [--photos 200] [--runs 3 (>= 1)]';
const RESULTS_FILE = path.resolve('bench-results', 'diploma-photo-bench.json');
const BENCH_PII_ENV = { PII_ENCRYPTION_KEY: '70686f746f2d62656e63682d6b657931', PII_BLIND_INDEX_KEY: '70686f746f2d62656e63682d6b657932' };
const PROVINCE = authorityId('520000');

function parseOptions(argv: readonly string[]) {
  const int = (flag: string, fallback: number, min: number) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number >= ${min}\n${USAGE}`);
    return n;
  };
  return { photos: int('--photos', 200, 1), runs: int('--runs', 3, 1) };
}

const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const postgres = await startBenchPostgres();
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'gz-photo-bench-files-'));
  try {
    await postgres.createDatabase('bench_photos');
    const platform = await createPlatform({ databaseUrl: postgres.urlOf('bench_photos'), filesDir, piiKeys: loadPiiKeys(BENCH_PII_ENV, () => undefined), logger: pino({ level: 'error' }, process.stderr) });
    try {
      await seedReferenceData(platform);
      const school = await createTestSchool(platform, { name: '贵州省交通技师学院', authorityId: PROVINCE, code: '52301' });
      const major = await approvedTestMajor(platform, school, [PROVINCE]);
      await openTestWindow(platform, PROVINCE);
      const operator = () => actingAs(`op-${school}`, school, 'school_operator');
      const reviewer = () => actingAs('rev', PROVINCE, 'reviewer');
      const total = options.photos * options.runs;
      log(`registering and approving ${total} students`);
      if (total > 899) throw new Error(`at most 899 photos over all runs (ID numbers of one birth day)\n${USAGE}`);
      const numbers = Array.from({ length: total }, (_, i) => idNumber('520102', '20080515', 100 + i));
      const schema = registrationInputSchema(chinaDay(0));
      const results = await platform.commands.students.registerMany(school, numbers.map((n) => ({ input: schema.parse({ ...testRegistration(n, major, { name: '王小红' }), phone: null }), request: operator() })));
      const ids = results.map((r) => {
        if (r instanceof Error) throw r;
        return r.streamId.slice('student-'.length);
      });
      for (const id of ids) await platform.commands.reviews.approve(`student-${id}`, '同意', [], reviewer());

      const runs: { upload: number; readZip: number; export: number; exportMb: number; zipMb: number }[] = [];
      for (let run = 0; run < options.runs; run++) {
        const slice = numbers.slice(run * options.photos, (run + 1) * options.photos);
        const zip = await zipOf(slice.map((n, i) => [`${n}.jpg`, testPortrait(300, 400, run * 100_000 + i + 1)]));
        const started = performance.now();
        const entries = await readPhotoZip(zip, { maxEntries: 1000, maxEntryBytes: PHOTO_RULES.maxBytes });
        const read = performance.now();
        for (const entry of entries) {
          const studentId = await platform.commands.students.personIdFor(entry.name.replace(/\.jpg$/, ''));
          await platform.commands.diplomaPhotos.uploadBytes(studentId, entry.name, entry.bytes!, operator(), { submit: true });
        }
        const uploaded = performance.now();
        const studentIds = ids.slice(run * options.photos, (run + 1) * options.photos);
        let last: bigint | null = null;
        for (const id of studentIds) last = (await platform.commands.reviews.approve(`diploma-photo-${id}`, '照片合格', [], reviewer())).position ?? last;
        if (last !== null) await platform.runner.waitFor(last, undefined, 300_000);
        // The export's work as the route does it (the route reads the photo states from the read model, here from their streams).
        const exportStarted = performance.now();
        const names = await platform.commands.diplomaStocks.photoNames(school, studentIds, 'idNumber');
        const photos = await Promise.all(studentIds.map((id) => platform.commands.diplomaPhotos.state(id)));
        const approvedOf = new Map(studentIds.map((id, i) => [id, (photos[i] as Extract<DiplomaPhotoState, { status: 'kept' }>).approved!]));
        let bytes = 0;
        const counter = new Writable({ write: (chunk: Buffer, _encoding, done) => void ((bytes += chunk.length), done()) });
        await pipeline(platform.commands.diplomaPhotos.zipStream(names.map((n) => ({ name: n.name, photo: approvedOf.get(n.studentId)! }))), counter);
        const exported = performance.now();
        const result = { upload: (uploaded - read) / 1000, readZip: (read - started) / 1000, export: (exported - exportStarted) / 1000, exportMb: bytes / 1048576, zipMb: zip.length / 1048576 };
        runs.push(result);
        log(`run ${run + 1}: zip ${result.zipMb.toFixed(1)} MB read in ${result.readZip.toFixed(2)} s; ${options.photos} photos recorded in ${result.upload.toFixed(1)} s (${(options.photos / result.upload).toFixed(1)}/s); export ${result.exportMb.toFixed(1)} MB in ${result.export.toFixed(2)} s; load ${os.loadavg()[0]!.toFixed(1)}`);
      }
      const summary = {
        photos: options.photos,
        runs: runs.length,
        medianUploadSeconds: median(runs.map((r) => r.upload)),
        medianUploadPerSecond: median(runs.map((r) => options.photos / r.upload)),
        medianReadZipSeconds: median(runs.map((r) => r.readZip)),
        medianExportSeconds: median(runs.map((r) => r.export)),
        medianExportMbPerSecond: median(runs.map((r) => r.exportMb / r.export)),
        loadAverage: os.loadavg()[0],
        runsDetail: runs,
      };
      writeJson(RESULTS_FILE, summary);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } finally {
      await platform.close();
    }
  } finally {
    await postgres.stop();
    rmSync(filesDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
