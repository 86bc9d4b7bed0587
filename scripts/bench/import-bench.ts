// Benchmark of the batch import, end to end: a 100,000-row trainee file (synthetic people: ID
// numbers with correct check characters across Guizhou's counties, plausible Chinese names) is
// uploaded, checked, imported (each row entered and submitted for review through the command
// pipeline), projected, and looked up in the trainees list query by ID number.
//   npx tsx scripts/bench/import-bench.ts [rows]        (default 100000)
// Runs on a throw-away embedded Postgres (or DATABASE_URL's server, whose database it fills).
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataScope } from '../../projections/organization/data-scope';
import { createPlatform } from '../../api/platform';
import { caughtUp } from '../../testing/caught-up';
import { traineeListQuery, parseTraineeFilter } from '../../api/trainee/trainee-graphql';
import { createXlsxWriter } from '../../commands/import/xlsx/xlsx-writer';
import { loadPiiKeys } from '../../commands/personal-data/pii-keys';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { templateHeader } from '../../domain/import/import-rows';
import { TRAINEE_COLUMNS } from '../../domain/import/trainee-import';
import { PREFECTURES } from '../../domain/organization/guizhou-divisions';
import { idNumberCheckCharacter } from '../../domain/personal-data/id-number';
import { BUILT_IN_ENTRIES } from '../../domain/dictionary/dictionary';
import { ORGS, activateTestInstitution, seedTestOrganizations } from '../../testing/seed';
import { freePort, startEmbeddedPostgres } from '../embedded-postgres.mjs';
import { seedBuiltInRoles, seedRequest } from '../reference-data';

const ROWS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 100_000);
/**
 * --split: the import runs on a second platform instance whose event log wakes no live projection
 * subscription, as in a deployment where the API/import process is not the projection worker (the
 * projections then hear of new events through the debounced NOTIFY and read them in batches).
 */
const SPLIT = process.argv.includes('--split');

// A seeded generator: the same file every run.
let seed = 20_260_101;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃'];
const COMPOUND = ['欧阳', '司马', '上官', '诸葛', '皇甫'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英玉兰建华文辉红梅志强海燕小红春梅国庆永刚德才金花阿朵顺发光荣雪梅晓东兴旺'];
const COUNTIES = PREFECTURES.flatMap((p) => p.counties.map((c) => c.code));
const CATEGORIES = BUILT_IN_ENTRIES.person_category.map((c) => c.label);

const name = () => (random() < 0.02 ? pick(COMPOUND) : pick(SURNAMES)) + pick(GIVEN) + (random() < 0.7 ? pick(GIVEN) : '');
const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Unique per row: county, a birth date from 1965-2006, and a sequence number derived from the row. */
function idNumberFor(row: number): string {
  const county = COUNTIES[row % COUNTIES.length]!;
  const day = Math.floor(row / COUNTIES.length);
  const birth = new Date(Date.UTC(1965, 0, 1) + (day % 15_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${county}${birth}${pad(Math.floor(day / 15_000) * 2 + (random() < 0.5 ? 1 : 2), 3)}`;
  return first17 + idNumberCheckCharacter(first17);
}
const luhn = (digits: string) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits + String((10 - (sum % 10)) % 10);
};

async function timed<T>(label: string, times: Record<string, number>, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  times[label] = (performance.now() - started) / 1000;
  console.log(`  ${label.padEnd(34)} ${times[label]!.toFixed(1)} s`);
  return result;
}

async function main() {
  if (process.argv.includes('--help')) {
    console.log('usage: npm run bench -- import [rows (default 100000)] [--split]');
    return;
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'gz-import-bench-'));
  chmodSync(root, 0o755);
  let stopPostgres = async () => undefined as void;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), port: await freePort(), database: 'bench' });
    url = pg.url;
    stopPostgres = pg.stop;
  }
  const piiKeys = loadPiiKeys({}, () => undefined);
  const platform = await createPlatform({ databaseUrl: url, piiKeys, filesDir: path.join(root, 'files') });
  const importer = SPLIT ? await createPlatform({ databaseUrl: url, piiKeys, filesDir: path.join(root, 'files'), runProjections: false }) : platform;
  try {
    console.log(`导入基准：${ROWS} 行学员文件（端到端：校验、写入事件、投影、按身份证号可查）${SPLIT ? '；导入与投影分属两个实例' : ''}`);
    const seeded = [await seedTestOrganizations(platform.store), await seedBuiltInRoles(platform), (await platform.commands.dictionaries.seed(seedRequest)) ?? 0n].reduce((a, b) => (a > b ? a : b));
    await platform.runner.waitFor(seeded, undefined, 60_000);
    await platform.runner.waitFor(await activateTestInstitution(platform, ORGS.nanmingSchool, '贵阳市南明区阳光职业技能培训学校', ORGS.nanming, ORGS.guiyang), undefined, 60_000);

    const operator = { id: randomUUID(), role: 'institution_operator', orgId: ORGS.nanmingSchool };
    const request = (): RequestContext => {
      const commandId = randomUUID();
      return { actor: operator, commandId, correlationId: commandId, ip: '127.0.0.1' };
    };
    const ids: string[] = [];
    const times: Record<string, number> = {};
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 200);

    // The file: written by the streaming writer straight into the file store, as an upload would be.
    const file = await timed('generate + upload file', times, async () => {
      const writer = createXlsxWriter();
      const stored = importer.files.store(writer.output, { name: '学员导入-基准.xlsx', purpose: 'import', kinds: ['xlsx'], maxBytes: 1024 * 1024 * 1024 }, request());
      const sheet = writer.addSheet({ name: '学员导入', headerRows: 1, columns: TRAINEE_COLUMNS.map((c) => ({ text: c.text ?? false })) });
      await sheet.addRow(TRAINEE_COLUMNS.map(templateHeader));
      for (let row = 0; row < ROWS; row++) {
        const id = idNumberFor(row);
        ids.push(id);
        await sheet.addRow([name(), id, pick(CATEGORIES), `1${pick(['3', '5', '7', '8', '9'])}${pad(Math.floor(random() * 1e9), 9)}`, random() < 0.3 ? luhn(`622202${pad(Math.floor(random() * 1e12), 12)}`) : '']);
      }
      await sheet.end();
      await writer.finish();
      return stored;
    });
    console.log(`  文件大小 ${(file.size / 1048576).toFixed(1)} MB`);
    await platform.imports.worker.stop(); // started by hand below, so the phases can be timed
    const jobId = randomUUID();
    const total = performance.now();
    await timed('start (header check, row count)', times, () => importer.imports.start(jobId, 'trainee', file, request()));
    await timed('validate + import (job)', times, async () => {
      importer.imports.worker.start();
      for (;;) {
        const { state } = await importer.imports.load(jobId);
        if (state.status === 'completed' || state.status === 'failed') {
          if (state.status === 'failed') throw new Error(`import failed: ${state.failureReason}`);
          console.log(`  导入结果：正确 ${state.validRows}，错误 ${state.badRows}，新建 ${state.imported}，关联 ${state.linked}，跳过 ${state.skipped}`);
          // Phases from the job's own events: validation (every row checked) and the import proper.
          const events = await platform.store.readStream(`import-${jobId}`);
          const at = (type: string) => Date.parse(events.find((e) => e.type === type)!.metadata.occurredAt);
          console.log(`    of which validation ${((at('ImportValidated') - at('ImportStarted')) / 1000).toFixed(1)} s, import ${((at('ImportCompleted') - at('ImportValidated')) / 1000).toFixed(1)} s`);
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    });
    await timed('projections catch up', times, async () => {
      if (!(await caughtUp(platform, undefined, 600_000))) throw new Error('projections did not catch up');
    });
    const found = await timed('searchable by ID number (list query)', times, async () => {
      const user = { id: operator.id, orgId: ORGS.nanmingSchool, dataScope: 'org' as const };
      const ctx = { platform, scope: dataScope(platform.knex, user), require: () => undefined };
      let hits = 0;
      for (const id of [ids[0]!, ids[ROWS >> 1]!, ids[ROWS - 1]!, ...Array.from({ length: 17 }, () => pick(ids))]) {
        const { query } = await traineeListQuery(ctx, parseTraineeFilter({ idNumber: id }));
        hits += (await query.clone().count<{ n: string }[]>({ n: '*' }))[0]!.n === '1' ? 1 : 0;
      }
      return hits;
    });
    const seconds = (performance.now() - total) / 1000;
    clearInterval(sampler);
    const events = Number((await platform.knex('events').count({ n: '*' }))[0]!.n);
    console.log(`  按身份证号查到 ${found}/20 个抽样学员；事件总数 ${events}；堆内存峰值 ${Math.round(heapPeak / 1048576)} MB`);
    console.log(`\n端到端（开始导入到可查询）：${seconds.toFixed(1)} s，${Math.round(ROWS / seconds)} 行/秒（目标：10 万行 120 s 内）`);
    if (found !== 20) process.exitCode = 1;
  } finally {
    if (importer !== platform) await importer.close();
    await platform.close();
    await stopPostgres();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
