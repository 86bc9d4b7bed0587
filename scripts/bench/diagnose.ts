// `npx tsx scripts/bench/diagnose.ts [--runs N] [--events N] [--ops N]`: the measurements behind the
// bench's findings (where an append, a command and a rebuild spend their time). Not part of
// `npm run bench`; writes bench-results/diagnose.json. Durability settings stay at their defaults.
import os from 'node:os';
import path from 'node:path';
import { createEventStore } from '../../store/event-store/chained-event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createKnex } from '../../store/knex';
import { migrateToLatest } from '../../store/migrations';
import { VARIANTS, createVariantRunner, type VariantResult } from './append-variants';
import { measureCommandBreakdown, measureOptimisticCreate, type CommandBreakdown } from './command-breakdown';
import { startForeignLoadMeter } from './cpu-meter';
import { measureDiskFlush } from './disk-flush';
import { createOurTarget } from './event-store-bench';
import { measureHashCosts } from './hash-costs';
import { startBenchPostgres, type BenchPostgres } from './postgres';
import { measureRebuildBreakdown, type RebuildBreakdown } from './rebuild-breakdown';
import { writeJson } from './report';
import { median } from './stats';

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const runs = flag('--runs', 3);
const replayEvents = flag('--events', 300_000);
const ops = flag('--ops', 10_000);
/** `--only commands`: just the command measurements (they are quick). */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const out: Record<string, unknown> = {};
const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** Median of every numeric field over the runs (the other fields from the first run). */
function medianOf<T extends object>(samples: T[]): T {
  const first = samples[0]! as Record<string, unknown>;
  const result: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(first)) if (typeof value === 'number') result[key] = round(median(samples.map((s) => (s as Record<string, number>)[key]!)));
  return result as T;
}

async function main() {
  out.diskFlush = measureDiskFlush(os.tmpdir());
  out.nodeMicrosecondsPerEvent = measureHashCosts(20_000);
  console.log('disk flush', out.diskFlush, '\nNode µs per event', out.nodeMicrosecondsPerEvent);

  const postgres = await startBenchPostgres({ shared_preload_libraries: 'pg_stat_statements' });
  process.once('SIGINT', () => void postgres.stop().finally(() => process.exit(130)));
  try {
    for (const db of ['diag_append', 'diag_no_event_id_index', 'diag_replay']) {
      await postgres.createDatabase(db);
      const knex = createKnex(postgres.urlOf(db), 1);
      await migrateToLatest(knex);
      if (db === 'diag_no_event_id_index') await knex.raw('ALTER TABLE events DROP CONSTRAINT events_event_id_key');
      if (db === 'diag_append') await knex.raw('CREATE EXTENSION pg_stat_statements');
      await knex.destroy();
    }
    const runner = createVariantRunner(postgres.urlOf('diag_append'));
    const noIndex = createVariantRunner(postgres.urlOf('diag_no_event_id_index'));
    const workloads = [
      { name: 'single events, 8 writers', writers: 8, per: 1, total: ops * 2 },
      { name: 'appends of 10, 4 writers', writers: 4, per: 10, total: ops * 10 },
      { name: 'appends of 10, 8 writers', writers: 8, per: 10, total: ops * 10 },
      { name: 'appends of 100, 4 writers', writers: 4, per: 100, total: ops * 10 },
    ];
    const appendResults: Record<string, VariantResult[]> = {};
    for (const w of only === 'commands' ? [] : workloads) {
      const samples = new Map<string, VariantResult[]>();
      for (let r = 0; r < runs; r++) {
        const order = [...VARIANTS.map((v) => ({ v, on: runner })), { v: VARIANTS[0], on: noIndex }];
        for (let k = 0; k < order.length; k++) {
          const { v, on } = order[(k + r) % order.length]!;
          await postgres.checkpoint();
          const foreign = startForeignLoadMeter();
          const result: VariantResult = await on.run(v!, w.writers, w.per, w.total);
          result.foreignCores = foreign();
          const label = on === noIndex ? 'chained store (shipped), no event_id index' : v!;
          samples.set(label, [...(samples.get(label) ?? []), { ...result, variant: label }]);
          log(`${w.name} | ${label}: ${Math.round(result.eventsPerSecond)}/s, node ${result.nodeCores.toFixed(2)} cores, postgres ${result.postgresCores.toFixed(2)} cores, other jobs ${result.foreignCores.toFixed(2)} cores`);
        }
      }
      appendResults[w.name] = [...samples.values()].map(medianOf);
      console.log(`\n${w.name} (medians of ${runs})`);
      console.table(appendResults[w.name]!.map((s) => ({ variant: s.variant, 'events/s': Math.round(s.eventsPerSecond), 'node µs/event': s.nodeMicrosPerEvent, 'postgres µs/event': s.postgresMicrosPerEvent, 'other jobs cores': s.foreignCores })));
    }
    out.appendVariants = appendResults;

    const commandSamples: CommandBreakdown[] = [];
    const optimisticSamples: CommandBreakdown[] = [];
    await runner.pool.query('SELECT pg_stat_statements_reset()');
    for (let r = 0; r < runs; r++) {
      await postgres.checkpoint();
      commandSamples.push(await measureCommandBreakdown(runner.store, 8, ops, 2_000_000_000 + r * ops));
      await postgres.checkpoint();
      optimisticSamples.push(await measureOptimisticCreate(runner.store, 8, ops, 2_000_000_000 + r * ops));
      log(`commands: ${Math.round(commandSamples[r]!.commandsPerSecond)}/s; without the read (proposed create path): ${Math.round(optimisticSamples[r]!.commandsPerSecond)}/s`);
    }
    out.commands = medianOf(commandSamples);
    out.commandsWithoutRead = medianOf(optimisticSamples);
    const statements = await runner.pool.query<{ query: string; calls: string; mean_exec_time: number }>(
      `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query, calls, mean_exec_time FROM pg_stat_statements WHERE query LIKE '%events%' ORDER BY calls DESC LIMIT 4`,
    );
    out.commandStatements = statements.rows.map((s) => ({ ...s, mean_exec_time: round(s.mean_exec_time, 3) }));
    console.log('\ndeclare commands, 8 clients (medians)');
    console.table([out.commands, out.commandsWithoutRead]);
    console.table(out.commandStatements);
    await runner.close();
    await noIndex.close();
    if (only !== 'commands') await measureRebuilds(postgres);
  } finally {
    await postgres.stop();
  }
  writeJson(path.resolve('bench-results', 'diagnose.json'), out);
}

async function measureRebuilds(postgres: BenchPostgres) {
  // Seeds a log of real occupation events, then rebuilds the occupations projection over it.
  const target = await createOurTarget({ url: postgres.urlOf('diag_append'), replayUrl: postgres.urlOf('diag_replay') });
  log(`seeding ${replayEvents} events`);
  out.seed = await target.seed(replayEvents, 4);
  await target.close();
  const store = createEventStore(createPostgresEventLog({ connectionString: postgres.urlOf('diag_replay') }));
  const knex = createKnex(postgres.urlOf('diag_replay'), 4);
  const rebuilds: Record<string, RebuildBreakdown[]> = {};
  for (let r = 0; r < runs; r++) {
    for (const batch of [5000, 1000, 20000]) {
      await postgres.checkpoint();
      const result = await measureRebuildBreakdown(store, knex, batch);
      (rebuilds[`batch ${batch}`] ??= []).push(result);
      log(`rebuild, pages of ${batch}: ${Math.round(result.eventsPerSecond)}/s, read ${result.readSeconds.toFixed(1)} s, apply ${result.applySeconds.toFixed(1)} s`);
    }
  }
  out.rebuild = Object.fromEntries(Object.entries(rebuilds).map(([k, v]) => [k, medianOf(v)]));
  console.log(`\nrebuild over ${replayEvents} events (medians)`);
  console.table(out.rebuild);
  await store.close();
  await knex.destroy();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
