// `npx tsx scripts/ledger-bench.ts [事件数]`: how fast the ledger folds the log and answers proofs,
// on a throw-away embedded Postgres (default durability settings) in a temporary folder.
// Prints folding throughput, digest and proof latencies and the ledger's size on disk.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomUUID, generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEventStore } from '../store/event-store/chained-event-store';
import type { EventStore, NewEvent } from '../store/event-store/event-store';
import { createPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { createLedger } from '../commands/ledger/ledger';
import { signerFromPrivateKey } from '../commands/ledger/signing';
import { verifyInclusion } from '../commands/ledger/verify';
import { createKnex } from '../store/knex';
import { migrateToLatest } from '../store/migrations';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const WRITERS = 4;
const PER_APPEND = 100;

/** An event of the size the system writes: a review step with Chinese text and the full envelope. */
function sampleEvent(i: number): NewEvent {
  const commandId = randomUUID();
  return {
    id: randomUUID(),
    type: 'ReviewApproved',
    data: { level: 'county', reviewerId: `user-${i % 500}`, opinion: `同意。材料齐全，师资与场地符合要求（第 ${i} 号）`, attachments: [`file-${i}.pdf`] },
    metadata: { actorId: `user-${i % 500}`, actorRole: 'county_reviewer', actorOrgId: 'org-520102', commandId, correlationId: commandId, causationId: commandId, occurredAt: new Date().toISOString(), schemaVersion: 1, ip: '10.0.0.8' },
  };
}

async function appendEvents(store: EventStore, total: number, offset: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < total) {
        const start = next;
        next += PER_APPEND;
        const count = Math.min(PER_APPEND, total - start);
        await store.appendToStream(`class-${randomUUID()}`, Array.from({ length: count }, (_, k) => sampleEvent(offset + start + k)));
      }
    }),
  );
}

const ms = (t0: number) => performance.now() - t0;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function main() {
  const total = Number(process.argv[2] ?? 100_000);
  const root = mkdtempSync(path.join(os.tmpdir(), 'gz-ledger-bench-'));
  chmodSync(root, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), database: 'ledger_bench' });
  const knex = createKnex(server.url, 4);
  const store = createEventStore(createPostgresEventLog({ connectionString: server.url }));
  const log = (line: string) => console.log(line);
  try {
    await migrateToLatest(knex);
    let t0 = performance.now();
    await appendEvents(store, total, 0);
    log(`写入 ${total} 个事件：${(ms(t0) / 1000).toFixed(1)} 秒`);

    const ledger = createLedger({ store, knex, signer: signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey) });
    t0 = performance.now();
    const folded = await ledger.fold();
    const foldMs = ms(t0);
    log(`全量折叠 ${folded.appended} 个事件：${(foldMs / 1000).toFixed(2)} 秒，${Math.round(folded.appended / (foldMs / 1000))} 事件/秒`);

    t0 = performance.now();
    const d1 = await ledger.recordDigest();
    log(`记录摘要（已折叠，仅计算根并签名）：${ms(t0).toFixed(1)} 毫秒，树大小 ${d1?.digest.treeSize}`);

    await appendEvents(store, 1000, total);
    t0 = performance.now();
    const d2 = await ledger.recordDigest();
    log(`增量：新增 1000 个事件后折叠并记录摘要：${ms(t0).toFixed(1)} 毫秒，树大小 ${d2?.digest.treeSize}`);

    const digest = await ledger.exportDigest(d2!.digest);
    const ids: string[] = (await knex.raw<{ rows: { event_id: string }[] }>('SELECT event_id FROM ledger_leaves ORDER BY random() LIMIT 500')).rows.map((r) => r.event_id);
    const proofTimes: number[] = [];
    const verifyTimes: number[] = [];
    for (const id of ids) {
      t0 = performance.now();
      const proof = await ledger.inclusionProof({ eventId: id });
      proofTimes.push(ms(t0));
      t0 = performance.now();
      if (!verifyInclusion(proof, digest).valid) throw new Error(`proof for ${id} does not verify`);
      verifyTimes.push(ms(t0));
    }
    proofTimes.sort((a, b) => a - b);
    verifyTimes.sort((a, b) => a - b);
    log(`包含证明生成（${ids.length} 个随机事件，含读取事件）：中位数 ${quantile(proofTimes, 0.5).toFixed(2)} 毫秒，p95 ${quantile(proofTimes, 0.95).toFixed(2)} 毫秒`);
    log(`离线验证（签名 + 证明）：中位数 ${quantile(verifyTimes, 0.5).toFixed(2)} 毫秒`);

    t0 = performance.now();
    const c = await ledger.consistencyProof(d1!.digest.treeSize);
    log(`一致性证明 ${c.firstSize} → ${c.secondSize}：${ms(t0).toFixed(1)} 毫秒，${c.proof.length} 个哈希`);

    const sizes = (await knex.raw<{ rows: { name: string; rows: string; bytes: string }[] }>(
      `SELECT c.relname AS name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text AS rows, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c WHERE c.relname IN ('events', 'ledger_leaves', 'ledger_nodes') ORDER BY 1`,
    )).rows;
    for (const s of sizes) log(`表 ${s.name}：约 ${s.rows} 行，${(Number(s.bytes) / 1024 / 1024).toFixed(1)} MB（含索引）`);
  } finally {
    await store.close();
    await knex.destroy();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('基准测试失败:', error);
    process.exit(1);
  },
);
