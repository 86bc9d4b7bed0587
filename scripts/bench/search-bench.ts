// `npx tsx scripts/bench/search-bench.ts [--docs N] [--runs N] [--queries N]`: the embedded search
// engine (Postgres + jieba) over N synthetic Guizhou trainee records (default 1,000,000). Starts its
// own embedded Postgres in a temporary folder (removed afterwards), indexes through the adapter, and
// prints indexing rate, table and index sizes, memory, and search latency percentiles per query kind
// (medians over the runs). Nothing here is asserted: the figures go into the README.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PREFECTURES } from '../../domain/organization/guizhou-divisions';
import { createPostgresSearchEngine } from '../../projections/search/postgres/postgres-search-engine';
import type { SearchDocument, SearchIndexDefinition, SearchRequest } from '../../projections/search/search-port';
import { createKnex } from '../../store/knex';
import { migrateToLatest } from '../../store/migrations';
import { startEmbeddedPostgres } from '../embedded-postgres.mjs';

const USAGE = 'usage: npx tsx scripts/bench/search-bench.ts [--docs N] [--runs N (>= 3)] [--queries N per kind] [--shared-buffers 1GB]';

function option(flag: string, fallback: number, min: number): number {
  const index = process.argv.indexOf(flag);
  if (index < 0) return fallback;
  const value = Number(String(process.argv[index + 1]).replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} needs an integer >= ${min}\n${USAGE}`);
  return value;
}

const DOCS = option('--docs', 1_000_000, 100);
const RUNS = option('--runs', 3, 3);
const QUERIES = option('--queries', 300, 10);
/** The embedded server's own setting (scripts/embedded-postgres.mjs) unless given. */
const SHARED_BUFFERS = process.argv.includes('--shared-buffers') ? process.argv[process.argv.indexOf('--shared-buffers') + 1] : undefined;
const INDEX = 'trainees';
const CHUNK = 10_000;
/** Two upsert streams: one per core, so jieba in Node and Postgres's GIN inserts overlap. */
const STREAMS = 2;

const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

// --- synthetic but plausible people ----------------------------------------------------------

/** Deterministic PRNG (mulberry32): the same records and queries on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Frequent surnames first; the weights roughly follow their shares in Guizhou's population.
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方'];
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅飞建国文辉鹏宇浩凯俊帅丹琳雪婷倩颖慧晶佳欣怡琴云莉宁波斌林峰志鑫海亮成龙金贵兴福昌松彬诚'.split('');
const OCCUPATIONS = ['电工', '焊工', '中式烹调师', '中式面点师', '育婴员', '保育员', '家政服务员', '养老护理员', '美发师', '美容师', '茶艺师', '电子商务师', '汽车维修工', '农艺工', '砌筑工', '钢筋工', '架子工', '叉车司机', '快递员', '保安员', '刺绣工', '蜡染工', '民族服饰制作工', '收银员', '餐厅服务员', '客房服务员', '网络预约出租汽车驾驶员', '电工（高压）', '计算机程序设计员', '互联网营销师'];
const SCHOOL_KINDS = ['职业技能培训学校', '家政服务培训中心', '技工学校', '职业培训学校', '育婴员培训学校', '电子商务培训中心', '烹饪技能培训学校', '民族技艺培训中心'];
const COUNTIES = PREFECTURES.flatMap((prefecture) => prefecture.counties.map((county) => ({ ...county, prefecture: prefecture.name })));

/** GB 11643 check digit, so the ID numbers look real. */
function checkDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

/** Record i is the same whichever upsert stream generates it. */
function person(i: number): SearchDocument {
  const random = prng(0x9e3779b9 ^ i);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // Skew towards the frequent surnames (the first ones) with a square.
  const surname = random() < 0.01 ? pick(COMPOUND_SURNAMES) : SURNAMES[Math.floor(random() ** 2 * SURNAMES.length)]!;
  const given = random() < 0.35 ? pick(GIVEN) : pick(GIVEN) + pick(GIVEN);
  const county = pick(COUNTIES);
  const year = 1960 + Math.floor(random() * 46);
  const birth = `${year}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const first17 = `${county.code}${birth}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
  return {
    id: `p${String(i).padStart(7, '0')}`,
    name: surname + given,
    institution: `${county.prefecture}${county.name}${SCHOOL_KINDS[(Number(county.code) + i) % SCHOOL_KINDS.length]}`,
    occupation: pick(OCCUPATIONS),
    county: county.name,
    idNumber: first17 + checkDigit(first17),
    phone: `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
    year: 2015 + Math.floor(random() * 11),
    status: random() < 0.9 ? 'active' : 'graduated',
  };
}

const DEFINITION: SearchIndexDefinition = {
  name: INDEX,
  primaryKey: 'id',
  searchableAttributes: ['name', 'idNumber', 'phone', 'institution', 'occupation', 'county'],
  chineseAttributes: ['name', 'institution', 'occupation', 'county'],
  exactAttributes: ['idNumber', 'phone'],
  filterableAttributes: ['county', 'occupation', 'year', 'status'],
  sortableAttributes: ['name', 'year'],
};

// --- measurements ------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Proportional set size of the server's processes: shared buffers counted once, not per backend. */
function postgresMemoryMb(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let kilobytes = 0;
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number(entry) !== postmaster && parent !== postmaster) continue;
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'));
      kilobytes += Number(pss?.[1] ?? 0);
    } catch {
      /* the process ended while we looked */
    }
  }
  return kilobytes / 1024;
}

const mb = (bytes: number | string) => `${(Number(bytes) / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'gz-search-bench-'));
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'pg');
  log(`starting embedded Postgres in ${root}`);
  const server = await startEmbeddedPostgres({ dataDir, database: 'search_bench', settings: SHARED_BUFFERS ? { shared_buffers: SHARED_BUFFERS } : {} });
  const knex = createKnex(server.url, 1);
  const engine = createPostgresSearchEngine({ connectionString: server.url, poolSize: 4 });
  try {
    await migrateToLatest(knex);
    await engine.ensureIndex(DEFINITION);

    log(`generating and indexing ${DOCS.toLocaleString('en-US')} documents (${STREAMS} streams of ${CHUNK.toLocaleString('en-US')}-document upserts)`);
    const sample: SearchDocument[] = [];
    const started = performance.now();
    let next = 0;
    let indexed = 0;
    const stream = async () => {
      while (next < DOCS) {
        const from = next;
        next = Math.min(DOCS, next + CHUNK);
        const chunk = Array.from({ length: next - from }, (_, k) => person(from + k));
        // Queries are drawn from indexed records, so names and ID numbers really occur.
        for (let k = 0; k < chunk.length; k += 200) sample.push(chunk[k]!);
        await engine.upsert(INDEX, chunk);
        const before = indexed;
        indexed += chunk.length;
        if (Math.floor(indexed / 100_000) > Math.floor(before / 100_000)) {
          log(`  ${indexed.toLocaleString('en-US')} indexed, ${Math.round(indexed / ((performance.now() - started) / 1000))} docs/s`);
        }
      }
    };
    await Promise.all(Array.from({ length: STREAMS }, stream));
    const indexingSeconds = (performance.now() - started) / 1000;
    log('VACUUM ANALYZE (flushes the GIN pending lists, gathers planner statistics)');
    const vacuumStarted = performance.now();
    await knex.raw('VACUUM ANALYZE search.documents');
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;

    const sizes = (
      await knex.raw(`SELECT pg_total_relation_size('search.documents') AS total, pg_relation_size('search.documents') AS heap,
         pg_indexes_size('search.documents') AS indexes,
         pg_relation_size('search.documents_pkey') AS pkey, pg_relation_size('search.documents_words') AS words,
         pg_relation_size('search.documents_filters') AS filters`)
    ).rows[0];
    const settings = Object.fromEntries(
      (await knex.raw("SELECT name, current_setting(name) AS value FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'server_version')")).rows.map(
        (r: { name: string; value: string }) => [r.name, r.value],
      ),
    );

    // Query kinds: what a reviewer types into the console.
    const pick = <T>(list: readonly T[], r: () => number) => list[Math.floor(r() * list.length)]!;
    const names = sample.map((d) => d.name as string);
    const kinds: Record<string, (r: () => number) => SearchRequest> = {
      'one-char surname': (r) => ({ q: pick(SURNAMES.slice(0, 40), r) }),
      'two-char name': (r) => ({ q: pick(names.filter((n) => n.length === 2), r) }),
      'three-char name': (r) => ({ q: pick(names.filter((n) => n.length === 3), r) }),
      'institution keyword': (r) => {
        const county = pick(COUNTIES, r);
        return { q: `${county.name} ${pick(SCHOOL_KINDS, r).slice(0, 4)}` };
      },
      // The worst case: one eighth of all records match and must be ranked before the first page.
      'broad keyword (1/8 match)': () => ({ q: '职业技能' }),
      'exact ID number': (r) => ({ q: pick(sample, r).idNumber as string }),
      'surname + county filter': (r) => ({ q: pick(SURNAMES.slice(0, 40), r), filter: { county: pick(COUNTIES, r).name } }),
      'filter + 2 facets, no text': (r) => ({ filter: { county: pick(COUNTIES, r).name }, facets: ['occupation', 'year'] }),
    };

    const results: { kind: string; p50: number; p95: number; p99: number; meanTotal: number }[] = [];
    for (const [kind, make] of Object.entries(kinds)) {
      const r = prng(kind.length * 7919);
      // The broad query is one and the same; a tenth of the repetitions shows its cost as well.
      const count = kind.startsWith('broad') ? Math.max(10, Math.round(QUERIES / 10)) : QUERIES;
      const requests = Array.from({ length: count }, () => ({ ...make(r), limit: 20 }));
      const runs: { p50: number; p95: number; p99: number }[] = [];
      let totals = 0;
      for (let run = 0; run < RUNS; run++) {
        const latencies: number[] = [];
        for (const request of requests) {
          const t = performance.now();
          const result = await engine.search(INDEX, request);
          latencies.push(performance.now() - t);
          if (run === 0) totals += result.total;
        }
        latencies.sort((a, b) => a - b);
        runs.push({ p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) });
      }
      const row = { kind, p50: median(runs.map((x) => x.p50)), p95: median(runs.map((x) => x.p95)), p99: median(runs.map((x) => x.p99)), meanTotal: totals / count };
      results.push(row);
      log(`  ${kind}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, mean total ${Math.round(row.meanTotal)}`);
    }

    const memory = postgresMemoryMb(dataDir);
    const nodeRss = process.memoryUsage().rss;
    console.log(`\nEmbedded search (Postgres ${settings.server_version}, jieba words in tsvector + GIN), ${DOCS.toLocaleString('en-US')} documents`);
    console.log(`machine: ${os.cpus().length} cores, ${mb(os.totalmem())} RAM; shared_buffers ${settings.shared_buffers}, work_mem ${settings.work_mem}, maintenance_work_mem ${settings.maintenance_work_mem}`);
    console.log(`indexing: ${Math.round(DOCS / indexingSeconds).toLocaleString('en-US')} docs/s (${indexingSeconds.toFixed(0)} s through the adapter), then VACUUM ANALYZE ${vacuumSeconds.toFixed(0)} s`);
    console.log(`size: total ${mb(sizes.total)} = heap+toast ${mb(Number(sizes.total) - Number(sizes.indexes))} + indexes ${mb(sizes.indexes)} (words GIN ${mb(sizes.words)}, filters GIN ${mb(sizes.filters)}, primary key ${mb(sizes.pkey)})`);
    console.log(`memory: Postgres processes ${memory === undefined ? 'unknown' : `${memory.toFixed(0)} MB`} (PSS), this Node process ${mb(nodeRss)} (RSS)`);
    console.log(`search latency, limit 20, ${QUERIES} queries per kind (the broad one ${Math.max(10, Math.round(QUERIES / 10))}), median of ${RUNS} runs; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}:`);
    console.log('  kind                          p50 ms   p95 ms   p99 ms   mean total');
    for (const row of results) {
      console.log(`  ${row.kind.padEnd(28)} ${row.p50.toFixed(1).padStart(7)}  ${row.p95.toFixed(1).padStart(7)}  ${row.p99.toFixed(1).padStart(7)}  ${Math.round(row.meanTotal).toLocaleString('en-US').padStart(11)}`);
    }
  } finally {
    await engine.close();
    await knex.destroy();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
    log('stopped Postgres and removed its folder');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
