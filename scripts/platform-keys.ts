// The keys `npm start` runs with: personal data (PII_ENCRYPTION_KEY, PII_BLIND_INDEX_KEY) and the
// ledger's signing key (LEDGER_SIGNING_KEY or LEDGER_SIGNING_KEY_FILE).
//
// Configured keys always win. In production every one of them must be configured (all missing
// names are listed at once, so a first deployment learns everything in one try). Anywhere else a
// missing key is generated once and kept in the data folder (local-keys.env, owner-only, like the
// demo credentials), because the data folder's events, read models and digests are only worth
// keeping with the keys they were written under: a key made up per process would leave every
// encrypted field unreadable, every ID-number lookup empty and every digest unverifiable after a
// restart. The file holds the same variables an operator would set, so `set -a; . .data/local-keys.env`
// gives another tool the same keys.
//
// The values found are written into `env` (process.env in npm start), so whatever else in the
// process reads these variables (the ledger job, a signer loaded elsewhere) gets the same keys.
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSigningKeyText, loadLedgerSigner, type LedgerSigner } from '../commands/ledger/signing';
import { PII_ENV, generatePiiKeyHex, loadPiiKeys, samePiiKeyText, type PiiKeys } from '../commands/personal-data/pii-keys';

export const LOCAL_KEYS_FILE = 'local-keys.env';

const LEDGER_KEY = 'LEDGER_SIGNING_KEY';

/**
 * Every key the platform needs: how to tell it is configured, how to make one, and what a configured
 * key that differs from the kept one means for the data written before.
 */
const KEYS = [
  {
    name: PII_ENV.encryption,
    configured: (env: NodeJS.ProcessEnv) => Boolean(env[PII_ENV.encryption]?.trim()),
    generate: generatePiiKeyHex,
    same: samePiiKeyText,
    changed: `此前用保存的密钥加密的个人信息，须把它加入 ${PII_ENV.encryptionPrevious} 才能读取`,
  },
  {
    name: PII_ENV.blindIndex,
    configured: (env: NodeJS.ProcessEnv) => Boolean(env[PII_ENV.blindIndex]?.trim()),
    generate: generatePiiKeyHex,
    same: samePiiKeyText,
    changed: `此前录入的身份证号等，须把它加入 ${PII_ENV.blindIndexPrevious} 才能查到`,
  },
  {
    name: LEDGER_KEY,
    configured: (env: NodeJS.ProcessEnv) => Boolean(env.LEDGER_SIGNING_KEY?.trim() || env.LEDGER_SIGNING_KEY_FILE?.trim()),
    generate: generateSigningKeyText,
    same: (a: string, b: string) => a.trim() === b.trim(),
    changed: '新的账本摘要用配置的密钥签名，此前的摘要仍可用登记的公钥核验',
  },
] as const;

export interface PlatformKeys {
  piiKeys: PiiKeys;
  ledgerSigner: LedgerSigner;
  /** Set when some key came from the data folder's key file. */
  localKeys?: { file: string; generated: string[]; loaded: string[] };
}

export interface LoadPlatformKeysOptions {
  /** The configuration; missing keys taken from the data folder are written into it. */
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Where the messages about the keys go (npm start: the log). */
  say: (message: string) => void;
}

export class MissingProductionKeysError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `生产环境（NODE_ENV=production）必须配置以下密钥，当前缺少：${missing.join('、')}。` +
        '请从密钥管理系统提供这些环境变量（PII 密钥：openssl rand -hex 16；账本签名密钥：openssl genpkey -algorithm ed25519 -outform DER | base64 -w0）。' +
        ` Production needs ${missing.join(', ')}; nothing is generated in production.`,
    );
    this.name = 'MissingProductionKeysError';
  }
}

export function loadPlatformKeys({ env, dataDir, say }: LoadPlatformKeysOptions): PlatformKeys {
  const localKeys = fillMissingKeys(env, dataDir, say, KEYS);
  return { piiKeys: loadPiiKeys(env, say), ledgerSigner: loadLedgerSigner(env, say), ...(localKeys ? { localKeys } : {}) };
}

/** The ledger signer alone, for a tool that only signs digests (scripts/ledger.ts): needs no PII key. */
export function loadPlatformLedgerSigner({ env, dataDir, say }: LoadPlatformKeysOptions): LedgerSigner {
  fillMissingKeys(env, dataDir, say, KEYS.filter((k) => k.name === LEDGER_KEY));
  return loadLedgerSigner(env, say);
}

type KeySpec = (typeof KEYS)[number];

/**
 * In production: refuses when a needed key is missing. Elsewhere: fills the missing keys from the
 * data folder's file, generating (and keeping) those it lacks.
 */
function fillMissingKeys(env: NodeJS.ProcessEnv, dataDir: string, say: (message: string) => void, needed: readonly KeySpec[]): PlatformKeys['localKeys'] {
  if (env.NODE_ENV === 'production') {
    const missing = needed.filter((k) => !k.configured(env));
    if (missing.length > 0) throw new MissingProductionKeysError(missing.map((k) => k.name));
    return undefined;
  }
  const file = path.join(dataDir, LOCAL_KEYS_FILE);
  let stored = readKeyFile(file);
  // A configured key that differs from the kept one: said, not fixed (the operator chose the new key).
  for (const key of needed) {
    const kept = stored.get(key.name);
    const configured = env[key.name];
    if (kept && configured?.trim() && !key.same(kept, configured)) say(`${key.name} 已配置，与 ${file} 中保存的密钥不同：${key.changed}。`);
  }
  const missing = needed.filter((k) => !k.configured(env));
  if (missing.length === 0) return undefined;

  const fresh = new Map(missing.filter((k) => !stored.has(k.name)).map((k) => [k.name, k.generate()]));
  if (fresh.size > 0) stored = keepKeys(file, stored, fresh);
  for (const key of missing) env[key.name] = stored.get(key.name);

  const generated = [...fresh.keys()];
  const loaded = missing.map((k) => k.name).filter((name) => !fresh.has(name));
  if (generated.length > 0) {
    say(
      `未配置 ${generated.join('、')}：已生成密钥并保存在 ${file}（仅本用户可读），以后每次启动都使用它们。` +
        '请与数据目录一同备份；丢失该文件，已加密的个人信息将无法读取。仅供开发与演示，生产环境须从密钥管理系统配置这些环境变量。',
    );
  }
  if (loaded.length > 0) say(`未配置 ${loaded.join('、')}：使用 ${file} 中保存的密钥（仅本用户可读）。仅供开发与演示，生产环境须从密钥管理系统配置这些环境变量。`);
  return { file, generated, loaded };
}

/** NAME=value lines; comments and unknown names are ignored. Tightens the mode to owner-only. */
function readKeyFile(file: string): Map<string, string> {
  const keys = new Map<string, string>();
  if (!existsSync(file)) return keys;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && KEYS.some((k) => k.name === match[1]) && match[2]) keys.set(match[1]!, match[2]);
  }
  return keys;
}

const HEADER = [
  '# Keys generated by `npm start` because these variables were not configured (development and demo only).',
  '# Keep this file with the data folder: without it the personal data here cannot be read and new ledger',
  '# digests are signed with another key. Never commit it or copy it into an image. Production',
  '# (NODE_ENV=production) never reads this file: it takes its keys from the environment.',
  '# 未配置密钥时由 npm start 生成（仅供开发与演示）。请与数据目录一同保管；生产环境不读取本文件。',
];

/**
 * Writes the kept keys plus the new ones, owner-only. A new file is linked into place, so of two
 * processes starting at once on a fresh folder one wins and the other reads the winner's keys.
 */
function keepKeys(file: string, stored: Map<string, string>, fresh: Map<string, string>): Map<string, string> {
  mkdirSync(path.dirname(file), { recursive: true });
  const all = new Map([...stored, ...fresh]);
  const text = [...HEADER, ...[...all].map(([name, value]) => `${name}=${value}`), ''].join('\n');
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  try {
    if (stored.size > 0) {
      renameSync(temporary, file);
      return all;
    }
    try {
      linkSync(temporary, file);
      return all;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const winner = readKeyFile(file);
      // The other process's file: use its keys, adding only what it lacks.
      return [...fresh.keys()].every((name) => winner.has(name)) ? winner : keepKeys(file, winner, new Map([...fresh].filter(([name]) => !winner.has(name))));
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}
