// `npm run verify-export -- <timeline.json> --key <账本公钥.pem>`: checks a timeline exported from
// the audit surface (GET /audit/timeline-export) offline, with nothing but the file and the ledger
// public key the platform publishes (README, "Audit surface"). The signature by the ledger's key
// covers every field of the file; besides it the tool recomputes every event's hash chain, checks
// the stated head (revision, event count, last event) against the events, and the last event's
// ledger inclusion proof when the file carries one, so it can say what was changed.
// Exit 0 intact, 1 not intact (each problem named in Chinese), 2 unusable input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LEGACY_TIMELINE_EXPORT_FORMAT, TIMELINE_EXPORT_FORMAT, verifyTimelineExport, type ExportProblem } from '../commands/ledger/export-signing';

const USAGE = `用法: npm run verify-export -- <时间线文件.json> --key <账本公钥.pem> [--key <另一公钥.pem> ...]

  --key  系统公布的账本签名公钥（PEM）。获取方式：GET /ledger/public-key，或在服务器上运行
         npx tsx scripts/ledger.ts public-key [--key-id <文件中的 signature.keyId>] --out 账本公钥.pem；
         请通过导出文件以外的渠道获取并核对其指纹。密钥轮换后可多次指定 --key。
         不接受文件自带的公钥：改动文件的人也可以用自己的密钥重新签名。`;

export interface Output {
  log(line: string): void;
  error(line: string): void;
}

const HEAD_FIELDS: Record<string, string> = {
  headRevision: '最后事件的序号（headRevision）',
  lastEventId: '最后事件的编号（lastEventId）',
  lastPosition: '最后事件的全局位置（lastPosition）',
  lastHash: '最后事件的哈希（lastHash）',
};

const LEDGER_PROBLEMS: Record<string, string> = {
  malformed: '账本摘要格式不正确',
  'unreadable-key': '账本摘要中的公钥无法读取',
  'key-mismatch': '账本摘要附带的公钥与可信公钥不一致',
  'bad-signature': '账本摘要签名无效：摘要被改动',
  'malformed-proof': '包含证明格式不正确',
  'different-tree': '包含证明与摘要的树大小不符',
  'event-missing': '账本记录的最后一个事件在导出时已不在存储中（事件被删除）',
  'event-changed': '系统中存储的最后一个事件与记入账本时不同：该事件在记账之后被改动（哈希链可能已被重新计算）',
  'ledger-mismatch': '包含证明与摘要的根不符：账本数据或证明被改动',
};

const short = (value: unknown) => (value === null || value === undefined ? '（无）' : String(value));

export function describeProblem(p: ExportProblem): string {
  switch (p.code) {
    case 'legacy-format':
      return `这是旧格式 ${LEGACY_TIMELINE_EXPORT_FORMAT} 的文件：它没有签名，只能校验各事件的哈希链，发现不了末尾事件被删除，也发现不了事件的 id、position、recordedAt 或导出时间、导出人被改动，因此不予通过。请从系统重新导出（新格式 ${TIMELINE_EXPORT_FORMAT}，由账本密钥签名）。`;
    case 'not-an-export':
      return `不是本系统导出的时间线文件（format 为 ${short(p.format)}，应为 ${TIMELINE_EXPORT_FORMAT}）。`;
    case 'malformed':
      return `文件结构不正确：${p.issues.map((i) => `${i.path || '（根）'}：${i.message}`).join('；')}`;
    case 'unreadable-key':
      return `文件中的签名公钥（${p.detail}）无法读取。`;
    case 'untrusted-key':
      return `签名密钥不是指定的可信账本公钥：文件由密钥 ${p.keyId}（指纹 ${short(p.fingerprint)}）签名，它与 --key 给出的公钥都不相同。文件可能被改动后用其他密钥重新签名；若系统更换过密钥，请一并指定当时公布的公钥。`;
    case 'bad-signature':
      return '签名无效：文件在导出之后被改动。签名覆盖文件中的每个字段（format、streamId、exportedAt 导出时间、exportedBy 导出人、stream 记录头、每个事件的 id、streamId、revision、position、type、data、metadata、recordedAt，以及 ledger 账本证明），任何一处改动、删除或调换都会使签名失效。';
    case 'count-mismatch':
      return p.actual < p.declared
        ? `事件被删除：导出时记录有 ${p.declared} 个事件，文件中只有 ${p.actual} 个。`
        : `事件数不符：导出时记录有 ${p.declared} 个事件，文件中有 ${p.actual} 个。`;
    case 'head-mismatch':
      return `记录头不符：导出时${HEAD_FIELDS[p.field] ?? p.field}为 ${short(p.declared)}，文件中的事件给出 ${short(p.actual)}（末尾事件被删除或被改动）。`;
    case 'other-stream':
      return `文件中第 ${p.index + 1} 个事件（第 ${p.revision} 号）属于另一条记录 ${p.streamId}。`;
    case 'out-of-order':
      return `事件顺序不符：文件中第 ${p.index + 1} 个事件是第 ${p.revision} 号事件，应为第 ${p.index} 号（事件被调换、删除或插入）。`;
    case 'position-order':
      return `第 ${p.revision} 号事件的全局位置 ${p.position} 不大于前一事件的 ${p.previous}：position 被改动或事件被调换。`;
    case 'chain-broken':
      return `哈希链断裂：第 ${p.revision} 号事件（${p.type}）：${p.reason}（事件的 data、metadata、type、revision 或 streamId 被改动）。`;
    case 'ledger-untrusted-key':
      return `文件附带的账本摘要不是由指定的可信公钥签署的（密钥 ${p.keyId || '（未知）'}）。`;
    case 'ledger-invalid':
      return `账本证明不通过${p.treeSize ? `（摘要树大小 ${p.treeSize}）` : ''}：${LEDGER_PROBLEMS[p.problem] ?? p.problem}${p.detail ? `：${p.detail}` : ''}。`;
    case 'ledger-other-event':
      return `账本证明中的事件与文件的最后一个事件不同（字段：${p.fields.join('、')}）：最后一个事件被改动或被删除。`;
  }
}

export function runVerifyExport(argv: readonly string[], out: Output): number {
  let values: { key?: string[]; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { key: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    out.error(USAGE);
    return 2;
  }
  if (!values.key?.length) {
    out.error(`未指定可信的账本公钥（--key）。导出文件虽然附带公钥，但改动文件的人也能换上自己的密钥，所以必须用系统公布的公钥来校验。\n${USAGE}`);
    return 2;
  }
  let body: unknown;
  const keys: string[] = [];
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of values.key) keys.push(readFileSync(key, 'utf8'));
  } catch (error) {
    out.error(`无法读取文件：${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }

  const verdict = verifyTimelineExport(body, keys);
  const f = verdict.file;
  if (!verdict.valid) {
    out.error(`校验失败：${f ? `${f.streamId}，` : ''}${file}`);
    for (const problem of verdict.problems) out.error(`✗ ${describeProblem(problem)}`);
    out.error('结论：不通过');
    return 1;
  }
  const last = f!.events.at(-1);
  out.log(`时间线完好：${f!.streamId}，${f!.events.length} 个事件，最后一个事件的哈希 ${last ? String(last.metadata.hash) : '（无）'}`);
  out.log(`✓ 签名有效：密钥 ${f!.signature.keyId}（${f!.signature.algorithm}），公钥指纹（SM3）${verdict.fingerprint}；导出于 ${f!.exportedAt}，导出人 ${f!.exportedBy.userId}（单位 ${short(f!.exportedBy.orgId)}）。`);
  out.log(`✓ 记录头相符：导出时共 ${f!.stream.eventCount} 个事件，最后为第 ${short(f!.stream.headRevision)} 号（${short(f!.stream.lastEventId)}）；每个事件的哈希链逐条重算通过。`);
  if (verdict.ledger) {
    out.log(`✓ 账本证明有效：最后一个事件是签名摘要（树大小 ${verdict.ledger.treeSize}，生成于 ${verdict.ledger.createdAt}，密钥 ${verdict.ledger.keyId}）的第 ${verdict.ledger.leafIndex} 号叶子，记账之后未被改动。`);
  } else {
    out.log('注意：导出时最后一个事件尚未记入已签名的账本摘要（摘要按任务间隔生成），本文件由导出签名保证；需要账本证明时请稍后重新导出。');
  }
  out.log('结论：通过');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(runVerifyExport(process.argv.slice(2), { log: (line) => console.log(line), error: (line) => console.error(line) }));
}
