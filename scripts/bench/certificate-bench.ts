// `npx tsx scripts/bench/certificate-bench.ts [--pages 50] [--runs 7] [--out FILE]`: the training
// certificate PDF (commands/certificate/certificate-pdf.ts) for one class. Issue 12's figure is the
// completion of a 50-person class with its certificates (one PDF of 50 pages) in under 5 s; this
// measures the PDF part of it: rendering the batch from data, without the commands and events.
//
// The first render of the process is reported apart: it reads and parses the two 14.8 MB font files.
// Then one warm-up run (JIT) and N measured runs; each reports wall time, CPU time (moves less with
// other jobs on this shared 2-core machine), the longest time the event loop was blocked while it
// ran, and the PDF's size. The table shows medians. Results: bench-results/certificate-bench.json.
// Nothing is asserted.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { renderCertificates, type CertificateData } from '../../commands/certificate/certificate-pdf';
import { OCCUPATIONS } from '../generate/catalogue';
import { birthDate, chineseName, idNumber, type Sex } from '../generate/people';
import { countyByCode } from '../generate/places';
import { Random } from '../generate/random';
import { writeJson } from './report';
import { median } from './stats';

const USAGE = 'usage: npx tsx scripts/bench/certificate-bench.ts [--pages 50] [--runs 7 (>= 3)] [--out certificates.pdf]';
const RESULTS_FILE = path.resolve('bench-results', 'certificate-bench.json');
/** Issue 12 §3: a 50-person class with its certificates in under 5 s. */
const TARGET_MS = 5000;

function parseOptions(argv: readonly string[]) {
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
  argv.forEach((arg, i) => {
    const isValue = i > 0 && ['--pages', '--runs', '--out'].includes(argv[i - 1]!);
    if (!isValue && !['--pages', '--runs', '--out'].includes(arg)) throw new Error(`unknown argument ${arg}\n${USAGE}`);
  });
  return { pages: int('--pages', 50, 1), runs: int('--runs', 7, 3), out: value('--out') };
}

/** A class as the generator makes people: realistic names (so a realistic number of distinct glyphs) and valid ID numbers. */
function classOf(size: number): CertificateData[] {
  const random = new Random('certificate-bench');
  const county = countyByCode('520102');
  const occupation = OCCUPATIONS.find((o) => o.name === '电工')!;
  const taken = new Set<string>();
  return Array.from({ length: size }, (_, i) => {
    const sex: Sex = random.chance(0.5) ? 'male' : 'female';
    const birth = birthDate(random, 1970, 2004);
    return {
      certificateNumber: `GZ2025-520102-${String(i + 1).padStart(6, '0')}`,
      name: chineseName(random, sex, Number(birth.slice(0, 4)), '5201'),
      idNumber: idNumber(random, county, birth, sex, taken),
      trainingProject: '职业技能提升培训',
      occupation: occupation.name,
      level: '四级/中级工',
      hours: 120,
      startDate: '2025-03-01',
      endDate: '2025-04-15',
      institutionName: '贵阳市云岩区黔匠职业技能培训学校',
      issueDate: '2025-04-20',
    };
  });
}

interface Run {
  wallMs: number;
  cpuMs: number;
  /** Longest stretch the event loop could not run anything else. */
  maxBlockMs: number;
  bytes: number;
}

async function measure(certificates: CertificateData[]): Promise<Run & { pdf: Buffer }> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const pdf = await renderCertificates(certificates);
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  loop.disable();
  return { wallMs, cpuMs: (used.user + used.system) / 1000, maxBlockMs: loop.max / 1e6, bytes: pdf.length, pdf };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const batch = classOf(options.pages);
  const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

  const cold = await measure(batch.slice(0, 1));
  log(`first render in this process (reads and parses the fonts): ${ms(cold.wallMs)}`);
  await measure(batch); // warm-up, not counted

  const single: Run[] = [];
  const runs: Run[] = [];
  let last: Buffer | undefined;
  for (let r = 0; r < options.runs; r++) {
    const one = await measure(batch.slice(0, 1));
    single.push(one);
    const { pdf, ...run } = await measure(batch);
    runs.push(run);
    last = pdf;
    log(`run ${r + 1} of ${options.runs}: ${options.pages} pages in ${ms(run.wallMs)} (CPU ${ms(run.cpuMs)}, event loop blocked at most ${ms(run.maxBlockMs)}), ${kb(run.bytes)}`);
  }
  if (options.out && last) {
    writeFileSync(options.out, last);
    log(`wrote ${options.out}`);
  }

  const of = (rows: Run[], key: keyof Run) => median(rows.map((row) => row[key]));
  const summary = {
    pages: options.pages,
    runs: options.runs,
    coldFirstRenderMs: cold.wallMs,
    batch: { wallMs: of(runs, 'wallMs'), cpuMs: of(runs, 'cpuMs'), maxBlockMs: of(runs, 'maxBlockMs'), bytes: of(runs, 'bytes') },
    perPage: { wallMs: of(runs, 'wallMs') / options.pages, bytes: of(runs, 'bytes') / options.pages },
    single: { wallMs: of(single, 'wallMs'), cpuMs: of(single, 'cpuMs'), bytes: of(single, 'bytes') },
    targetMs: TARGET_MS,
    targetMet: of(runs, 'wallMs') < TARGET_MS,
    runsDetail: runs,
  };
  const rows: [string, string][] = [
    [`${options.pages}-page class, median wall time`, `${ms(summary.batch.wallMs)} (target < ${TARGET_MS / 1000} s: ${summary.targetMet ? 'met' : 'MISSED'})`],
    [`${options.pages}-page class, median CPU time`, ms(summary.batch.cpuMs)],
    ['per page', `${summary.perPage.wallMs.toFixed(1)} ms, ${kb(summary.perPage.bytes)}`],
    [`${options.pages}-page PDF size`, kb(summary.batch.bytes)],
    ['longest event-loop block during a batch', ms(summary.batch.maxBlockMs)],
    ['one certificate alone', `${ms(summary.single.wallMs)}, ${kb(summary.single.bytes)}`],
    ['first render of a process (font load)', ms(cold.wallMs)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\nTraining certificate PDF, medians of ${options.runs} runs:\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`);
  writeJson(RESULTS_FILE, summary);
  log(`results: ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
