// `npx tsx scripts/ledger.ts <子命令>`: the ledger's administration and export tool. Reaches the
// database like the other tools (scripts/database-connection.ts). Files go to --out, or to
// standard output when it is not given; messages go to standard error.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEventStore } from '../store/event-store/chained-event-store';
import { createPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { createLedger, LedgerError, type Ledger, type LedgerPublicKey } from '../commands/ledger/ledger';
import { createKnex } from '../store/knex';
import { migrateToLatest } from '../store/migrations';
import { connectDatabase } from './database-connection';
import { loadPlatformLedgerSigner } from './platform-keys';

const USAGE = `用法:
  npx tsx scripts/ledger.ts record                                   折叠新事件并立即记录一份签名摘要
  npx tsx scripts/ledger.ts digest [--id <编号>] [--out <文件>]       导出最新（或指定编号）的摘要
  npx tsx scripts/ledger.ts proof --event <事件ID> [--tree-size <n>] [--out <文件>]
                                                                     导出事件的包含证明（默认针对最新摘要）
  npx tsx scripts/ledger.ts consistency --from <n> [--to <m>] [--out <文件>]
                                                                     导出两份摘要之间的一致性证明
  npx tsx scripts/ledger.ts public-key [--key-id <密钥ID>] [--out <文件>]
                                                                     导出账本签名公钥（PEM）
签名密钥取自 LEDGER_SIGNING_KEY（PKCS#8 PEM 或其 base64）或 LEDGER_SIGNING_KEY_FILE，密钥标识取自 LEDGER_KEY_ID。`;

class UsageError extends Error {}

const say = (line: string) => process.stderr.write(`${line}\n`);

const output = (text: string, out: string | undefined, what: string) => {
  if (!out) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  writeFileSync(out, text);
  say(`已写入${what}：${out}`);
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const bigintOption = (value: string | undefined, name: string): bigint | undefined => {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`--${name} 必须是非负整数`);
  return BigInt(value);
};

const describeKey = (key: LedgerPublicKey) => `密钥 ${key.keyId}（${key.algorithm}），公钥指纹（SM3）：${key.fingerprint}`;

async function run(ledger: Ledger, command: string, values: Record<string, string | undefined>) {
  switch (command) {
    case 'record': {
      const result = await ledger.recordDigest();
      if (!result) return say('事件日志为空，未记录摘要。');
      const d = result.digest;
      say(
        result.created
          ? `已记录账本摘要 #${d.digestId}：树大小 ${d.treeSize}，根 ${d.root}，截至全局位置 ${d.lastPosition}，签名密钥 ${d.keyId}。`
          : `没有新事件；最新摘要仍为 #${d.digestId}（树大小 ${d.treeSize}）。`,
      );
      return;
    }
    case 'digest': {
      const id = bigintOption(values.id, 'id');
      const d = id !== undefined ? await ledger.digest({ digestId: id }) : await ledger.latestDigest();
      if (!d) throw new LedgerError('no-digest', id !== undefined ? `digest ${id} does not exist` : 'no digest recorded yet');
      return output(json(await ledger.exportDigest(d)), values.out, `摘要 #${d.digestId}（树大小 ${d.treeSize}）`);
    }
    case 'proof': {
      if (!values.event) throw new UsageError('proof 需要 --event <事件ID>');
      const proof = await ledger.inclusionProof({ eventId: values.event }, bigintOption(values['tree-size'], 'tree-size'));
      if (!proof.event) say('警告：该事件已不在存储中，证明中的 event 为空。');
      else if (proof.leafHash !== proof.storedLeafHash) say('警告：按当前存储重新计算的叶子与记账时的叶子不同，该事件在记账之后被改动。');
      return output(json(proof), values.out, `包含证明（树大小 ${proof.treeSize}，第 ${proof.leafIndex} 号叶子）`);
    }
    case 'consistency': {
      const from = bigintOption(values.from, 'from');
      if (from === undefined) throw new UsageError('consistency 需要 --from <树大小>');
      const proof = await ledger.consistencyProof(from, bigintOption(values.to, 'to'));
      return output(json(proof), values.out, `一致性证明（${proof.firstSize} → ${proof.secondSize}）`);
    }
    case 'public-key': {
      const keyId = values['key-id'] ?? (process.env.LEDGER_SIGNING_KEY || process.env.LEDGER_SIGNING_KEY_FILE ? undefined : (await ledger.latestDigest())?.keyId);
      const key = keyId ? await ledger.recordedPublicKey(keyId) : ledger.publicKey();
      if (!key) throw new UsageError(keyId ? `账本中没有密钥 ${keyId}` : '未配置签名密钥（LEDGER_SIGNING_KEY），账本中也还没有摘要');
      say(describeKey(key));
      return output(key.publicKeyPem, values.out, '公钥');
    }
    default:
      throw new UsageError(USAGE);
  }
}

const ERROR_MESSAGES: Record<string, string> = {
  'not-in-ledger': '该事件尚未记入账本（账本按任务间隔折叠；可先运行 record）',
  'no-digest': '尚未记录任何摘要',
  'not-in-tree': '该事件在所选摘要之后才记入账本，不在该摘要的树中',
  'bad-tree-size': '树大小超出账本范围',
};

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      id: { type: 'string' },
      event: { type: 'string' },
      'tree-size': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'key-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (!command || values.help || !['record', 'digest', 'proof', 'consistency', 'public-key'].includes(command)) throw new UsageError(USAGE);

  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  const { url, release } = await connectDatabase(dataDir);
  const knex = createKnex(url, 4);
  const store = createEventStore(
    process.env.EVENTSTORE_URL
      ? (await import('../store/event-store/eventstoredb/eventstoredb-event-log')).createEventStoreDbEventLog({ connectionString: process.env.EVENTSTORE_URL })
      : createPostgresEventLog({ connectionString: url }),
  );
  try {
    await migrateToLatest(knex);
    // Only recording signs, with the key npm start signs with (configured, or kept in the data folder);
    // exporting must not conjure a key (or its warning).
    const signer = command === 'record' || (command === 'public-key' && (process.env.LEDGER_SIGNING_KEY || process.env.LEDGER_SIGNING_KEY_FILE)) ? loadPlatformLedgerSigner({ env: process.env, dataDir, say }) : undefined;
    await run(createLedger({ store, knex, ...(signer ? { signer } : {}) }), command, values as Record<string, string | undefined>);
  } finally {
    await store.close();
    await knex.destroy();
    await release();
  }
}

// Exit explicitly: a library's late cleanup must not decide the exit code.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    const message = error instanceof LedgerError ? `${ERROR_MESSAGES[error.code] ?? error.code}（${error.message}）` : error instanceof Error ? error.message : String(error);
    console.error(`账本操作失败：${message}`);
    process.exit(1);
  },
);
