// The auditor's offline check: `npx tsx scripts/ledger-verify.ts --digest 摘要.json --proof 证明.json`.
// Reads only the files given (no database, no network), verifies the digest's signature and the
// proof against the digest's root, prints a verdict in Chinese. Exit code 0 when everything holds,
// 1 when something does not, 2 when it could not run.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DigestExport } from '../commands/ledger/formats';
import { verifyConsistency, verifyDigest, verifyInclusion, type DigestVerdict, type InclusionVerdict } from '../commands/ledger/verify';

const USAGE = `用法:
  npx tsx scripts/ledger-verify.ts --digest <摘要.json> [--proof <包含证明.json>] [--public-key <公钥.pem>]
  npx tsx scripts/ledger-verify.ts --digest <新摘要.json> --previous-digest <旧摘要.json> --consistency <一致性证明.json>

  --public-key  系统公布的账本公钥（PEM）；不指定时使用摘要文件中附带的公钥，并提示核对其指纹。`;

class UsageError extends Error {}

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`无法读取 ${file}：${error instanceof Error ? error.message : String(error)}`);
  }
};

const pass = (line: string) => console.log(`✓ ${line}`);
const fail = (line: string) => console.error(`✗ ${line}`);

function reportDigest(label: string, v: DigestVerdict): boolean {
  const d = v.digest;
  if (v.valid && d) {
    pass(`${label}签名有效：树大小 ${d.treeSize}，根 ${d.root}，截至全局位置 ${d.lastPosition}，生成于 ${d.createdAt}，签名算法 ${d.algorithm}，密钥 ${d.keyId}。`);
    console.log(`  公钥指纹（SM3）：${v.fingerprint}`);
    if (v.keyFromDigestFile) console.log('  注意：未指定 --public-key，所用公钥取自摘要文件本身；请将上面的指纹与系统公布的账本公钥指纹核对。');
    return true;
  }
  const messages: Record<string, string> = {
    malformed: `${label}文件格式不正确：${v.detail ?? ''}`,
    'unreadable-key': `无法读取公钥：${v.detail ?? ''}`,
    'key-mismatch': `${label}附带的公钥与指定的可信公钥不一致：该摘要不是由系统公布的密钥签署的。`,
    'bad-signature': `${label}签名无效：摘要内容被改动，或不是由所附公钥对应的密钥签署的。`,
  };
  fail(messages[v.problem ?? 'malformed'] ?? `${label}无效`);
  return false;
}

function reportInclusion(v: InclusionVerdict, digest: DigestExport | undefined): boolean {
  const p = v.proof;
  const e = p?.event;
  if (v.valid && p && e) {
    pass(`包含证明有效：事件 ${e.id}（记录流 ${e.streamId} 第 ${e.revision} 号，类型 ${e.type}，全局位置 ${e.position}）是账本第 ${p.leafIndex} 号叶子，自记入账本以来内容未被改动。`);
    if (v.eventHashMatchesContent === false) console.log('  注意：该事件自身的 hash 字段与其内容不符（哈希链字段被改动），请运行 npm run verify 检查。');
    return true;
  }
  const at = digest ? `摘要（树大小 ${digest.treeSize}，生成于 ${digest.createdAt}）` : '摘要';
  const messages: Record<string, string> = {
    'malformed-proof': `证明文件格式不正确：${v.detail ?? ''}`,
    'digest-invalid': '摘要无效，无法据此验证证明。',
    'different-tree': `证明针对树大小 ${p?.treeSize}，与摘要的树大小 ${digest?.treeSize} 不符：请导出针对该摘要的证明（--tree-size ${digest?.treeSize}）。`,
    'event-missing': `事件已不存在：${at}中记录了第 ${p?.leafIndex} 号叶子，但当前存储中该位置已没有这个事件（事件被删除）。`,
    'event-changed': `事件内容与记入账本时不一致：${at}中记录的第 ${p?.leafIndex} 号叶子（事件 ${e?.id}，记录流 ${e?.streamId} 第 ${e?.revision} 号）与当前存储的事件不符，该事件在记账之后被改动。`,
    'ledger-mismatch': `证明与${at}的根不符：账本数据或证明文件被改动，或证明不属于该摘要。`,
  };
  fail(messages[v.problem ?? 'malformed-proof'] ?? '包含证明无效');
  return false;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      digest: { type: 'string' },
      proof: { type: 'string' },
      'public-key': { type: 'string' },
      'previous-digest': { type: 'string' },
      consistency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.digest || (!!values['previous-digest'] !== !!values.consistency)) throw new UsageError(USAGE);
  const trusted = values['public-key'] ? readFileSync(values['public-key'], 'utf8') : undefined;
  const digestJson = readJson(values.digest);
  let ok: boolean;

  if (values.consistency && values['previous-digest']) {
    const v = verifyConsistency(readJson(values.consistency), readJson(values['previous-digest']), digestJson, trusted);
    ok = reportDigest('旧摘要', v.older) && reportDigest('新摘要', v.newer);
    if (ok && v.valid) pass(`一致性证明有效：树大小 ${v.older.digest?.treeSize} 的旧账本是树大小 ${v.newer.digest?.treeSize} 的新账本的前缀，已记账的事件未被改写或删除。`);
    else if (ok) {
      const messages: Record<string, string> = {
        'malformed-proof': `一致性证明文件格式不正确：${v.detail ?? ''}`,
        'size-mismatch': '一致性证明的树大小与两份摘要不符。',
        'not-a-prefix': '一致性证明无效：旧摘要的账本不是新摘要账本的前缀，已记账的内容被改写。',
      };
      fail(messages[v.problem ?? 'not-a-prefix'] ?? '一致性证明无效');
    }
    ok = ok && v.valid;
  } else if (values.proof) {
    const v = verifyInclusion(readJson(values.proof), digestJson, trusted);
    ok = reportDigest('摘要', v.digest);
    ok = reportInclusion(v, v.digest.digest) && ok;
  } else {
    ok = reportDigest('摘要', verifyDigest(digestJson, trusted));
  }

  if (ok) console.log('结论：通过');
  else console.error('结论：不通过');
  return ok ? 0 : 1;
}

try {
  process.exit(main());
} catch (error) {
  console.error(error instanceof UsageError ? error.message : `校验无法完成：${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
