// `npm run bench`: throughput of our event store, command pipeline, catch-up subscription and
// projection rebuild, and the same append workloads against Emmett's Postgres event store on the
// same (temporary, embedded) Postgres server. Prints medians and writes bench-results/event-store.json.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresCpuSeconds, startForeignLoadMeter } from './cpu-meter';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { startBenchPostgres, type BenchPostgres } from './postgres';
import type { AppendWorkload, Measurement } from './protocol';
import { printTable, summarise, writeJson, type ResultRow } from './report';
import { formatRate, formatSeconds } from './stats';
import { startWorker, type WorkerHandle } from './worker-client';

const COMMAND_CLIENTS = 8;
/** "A few concurrent writers" for batched appends and for seeding the replay log. */
const BATCH_WRITERS = 4;
const RESULTS_FILE = path.resolve('bench-results', 'event-store.json');

const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function appendWorkloads(options: BenchOptions): (AppendWorkload & { label: string; target: ResultRow['target'] })[] {
  return [
    { key: 'single-8', label: 'single-event appends, 8 writers', writers: 8, eventsPerAppend: 1, totalEvents: options.singleOps, target: { beatEmmett: true } },
    { key: 'single-10', label: 'single-event appends, 10 writers', writers: 10, eventsPerAppend: 1, totalEvents: options.singleOps, target: { beatEmmett: true } },
    { key: 'batch-10', label: `appends of 10 events, ${BATCH_WRITERS} writers`, writers: BATCH_WRITERS, eventsPerAppend: 10, totalEvents: options.batchEvents, target: { atLeast: 40_000, beatEmmett: true } },
    { key: 'batch-100', label: `appends of 100 events, ${BATCH_WRITERS} writers`, writers: BATCH_WRITERS, eventsPerAppend: 100, totalEvents: options.batchEvents, target: { atLeast: 40_000, beatEmmett: true } },
  ];
}

async function run(options: BenchOptions, postgres: BenchPostgres, workers: WorkerHandle[]) {
  for (const database of ['bench_ours', 'bench_emmett', 'bench_replay']) await postgres.createDatabase(database);
  const ours = await startWorker('ours', { url: postgres.urlOf('bench_ours'), replayUrl: postgres.urlOf('bench_replay') });
  workers.push(ours);
  const emmett = options.emmett ? await startWorker('emmett', { url: postgres.urlOf('bench_emmett') }) : undefined;
  if (emmett) workers.push(emmett);
  const settings = await postgres.settings();
  log(`Postgres: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);

  const workloads = appendWorkloads(options);
  const commands: ResultRow = { key: 'commands-8', label: `declare commands, ${COMMAND_CLIENTS} clients`, unit: 'commands/s', ours: [], emmett: [], target: { atLeast: 3_000 } };
  const appendRows = workloads.map((w): ResultRow => ({ key: w.key, label: w.label, unit: 'events/s', ours: [], emmett: [], target: w.target }));
  const subscribe: ResultRow = { key: 'subscription', label: `catch-up subscription over ${formatRate(options.events)} events`, unit: 'events/s', ours: [], emmett: [], target: {} };
  const rebuild: ResultRow = { key: 'rebuild', label: `occupations rebuild over ${formatRate(options.events)} events`, unit: 'events/s', ours: [], emmett: [], target: { atLeast: 20_000 } };

  const measure = async (worker: WorkerHandle, what: string, request: Parameters<WorkerHandle['call']>[0]): Promise<Measurement> => {
    await postgres.checkpoint();
    const foreign = startForeignLoadMeter();
    const postgresBefore = postgresCpuSeconds();
    const result = await worker.call(request);
    const postgresMicrosPerOp = ((postgresCpuSeconds() - postgresBefore) * 1e6) / result.count;
    const m = { ...result, foreignCores: foreign(), postgresMicrosPerOp };
    const other = m.foreignCores >= 0.1 ? `, other jobs busy ${m.foreignCores.toFixed(2)} cores` : '';
    log(`${worker.kind.padEnd(6)} ${what}: ${formatRate(m.perSecond)}/s (${formatRate(m.count)} in ${formatSeconds(m.seconds)}${other})`);
    return m;
  };

  // Warm-up (not counted): JIT, prepared statements, pools and a first table extension on both sides.
  log('warm-up');
  await ours.call({ op: 'commands', clients: COMMAND_CLIENTS, total: Math.ceil(options.singleOps / 10) });
  for (const w of workloads) {
    const small = { ...w, totalEvents: Math.max(w.eventsPerAppend, Math.ceil(w.totalEvents / 10)) };
    for (const worker of [ours, emmett]) await worker?.call({ op: 'append', workload: small });
  }

  for (let r = 0; r < options.runs; r++) {
    log(`append workloads, run ${r + 1} of ${options.runs}`);
    commands.ours.push(await measure(ours, commands.label, { op: 'commands', clients: COMMAND_CLIENTS, total: options.singleOps }));
    for (const [i, w] of workloads.entries()) {
      // Interleaved, and who goes first alternates per run, so drift and noise hit both stores alike.
      const order = r % 2 === 0 ? [ours, emmett] : [emmett, ours];
      for (const worker of order) {
        if (!worker) continue;
        const m = await measure(worker, w.label, { op: 'append', workload: w });
        (worker === ours ? appendRows[i]!.ours : appendRows[i]!.emmett).push(m);
      }
    }
  }

  log(`seeding the replay log with ${formatRate(options.events)} occupation events (${BATCH_WRITERS} writers, one lifecycle of 10 per append)`);
  const seed = await ours.call({ op: 'seed', events: options.events, writers: BATCH_WRITERS });
  log(`seeded: ${formatRate(seed.perSecond)} events/s (${formatSeconds(seed.seconds)}), then VACUUM ANALYZE`);
  for (let r = 0; r < options.runs; r++) {
    log(`replay workloads, run ${r + 1} of ${options.runs}`);
    subscribe.ours.push(await measure(ours, subscribe.label, { op: 'subscribe', events: options.events }));
    rebuild.ours.push(await measure(ours, rebuild.label, { op: 'rebuild' }));
  }

  const summaries = [commands, ...appendRows, subscribe, rebuild].map(summarise);
  printTable(summaries);
  writeJson(RESULTS_FILE, {
    generatedAt: new Date().toISOString(),
    options,
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    postgres: settings,
    seed: { events: seed.count, seconds: seed.seconds, perSecond: seed.perSecond },
    results: summaries,
  });
  console.log(`\nWritten to ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

/**
 * The other suites (`npm run bench -- import|list|search [flags]`) are scripts of their own, each
 * starting its own Postgres; they run as a child process so their flags and exit code pass through.
 */
const SUITES: Record<string, string> = { import: 'import-bench.ts', list: 'list-bench.ts', search: 'search-bench.ts', certificate: 'certificate-bench.ts', classes: 'class-bench.ts', face: 'face-bench.ts', capture: 'capture-bench.ts', money: 'money-bench.ts', schools: 'school-bench.ts', photos: 'diploma-photo-bench.ts' };

function runSuite(suite: string, argv: readonly string[]): number {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), SUITES[suite]!);
  const child = spawnSync(process.execPath, [...process.execArgv, script, ...argv], { stdio: 'inherit' });
  return child.status ?? 1;
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] !== undefined && argv[0] in SUITES) process.exit(runSuite(argv[0], argv.slice(1)));
  if (argv.includes('--help')) {
    console.log(`${USAGE}\n       npm run bench -- import [rows]       batch import of a trainee file, end to end (default 100,000 rows)\n       npm run bench -- list [--help]       trainee list and keyword search over real HTTP over a 1,000,000-trainee province\n       npm run bench -- search [--help]     the embedded search engine alone over 1,000,000 documents`);
    return;
  }
  const options = parseOptions(argv);
  log(`bench: ${options.runs} runs, ${formatRate(options.events)}-event replay log, ${formatRate(options.singleOps)} single ops and ${formatRate(options.batchEvents)} batched events per run${options.emmett ? ', against Emmett' : ''}`);
  const postgres = await startBenchPostgres();
  const workers: WorkerHandle[] = [];
  let cleaned: Promise<void> | undefined;
  // Workers first: their pools must be gone before the server stops (Emmett's close() does not wait).
  const cleanup = () =>
    (cleaned ??= (async () => {
      for (const worker of workers) await worker.close().catch(() => undefined);
      await postgres.stop();
    })());
  process.once('SIGINT', () => {
    log('interrupted: stopping Postgres and removing its folder');
    void cleanup().finally(() => process.exit(130));
  });
  try {
    await run(options, postgres, workers);
  } finally {
    await cleanup();
  }
}

// Exit explicitly: a library's late cleanup must not decide the exit code.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
