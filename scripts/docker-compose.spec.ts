// `docker compose up` must be able to start the app: the compose file is checked offline by
// `docker-compose config` (Debian's docker-compose validates the file against the compose
// specification and interpolates the variables with no Docker engine), and the environment it gives
// the app, over the image's own ENV lines, must satisfy the same start-up checks scripts/start.ts
// runs in production: configuration and every production key. A new production requirement that
// the compose file does not pass fails here, not in a deployment.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadConfig } from '../api/config';
import { LOCAL_KEYS_FILE, loadPlatformKeys } from './platform-keys';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL = 'apt-get install -y docker-compose';

/** docker-compose (Debian's package, or a standalone v2), else the docker CLI's compose plugin. */
function composeCommand(): string[] {
  for (const command of [['docker-compose'], ['docker', 'compose']]) {
    if (spawnSync(command[0]!, [...command.slice(1), 'version'], { encoding: 'utf8' }).status === 0) return command;
  }
  throw new Error(`检查 docker-compose.yml 需要 docker-compose（离线检查，不需要 Docker 引擎），但没有找到。请安装：${INSTALL}`);
}

/** The image's ENV lines (`ENV A=1 B=2`), as the container starts with them. */
function dockerfileEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').split('\n')) {
    if (!line.startsWith('ENV ')) continue;
    for (const pair of line.slice(4).trim().split(/\s+/)) {
      const [name, ...value] = pair.split('=');
      if (name && value.length > 0) env[name] = value.join('=');
    }
  }
  return env;
}

describe('docker-compose.yml (checked offline)', () => {
  let compose: string[];
  let scratch: string;
  const secrets = {
    POSTGRES_PASSWORD: randomBytes(8).toString('hex'),
    MEILI_MASTER_KEY: randomBytes(16).toString('hex'),
    PII_ENCRYPTION_KEY: randomBytes(16).toString('hex'),
    PII_BLIND_INDEX_KEY: randomBytes(16).toString('hex'),
    LEDGER_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };

  /** `docker-compose config` with only these variables (no developer shell or .env leaks in). */
  const config = (variables: Record<string, string>) => {
    const emptyEnvFile = path.join(scratch, 'empty.env');
    writeFileSync(emptyEnvFile, '');
    return spawnSync(compose[0]!, [...compose.slice(1), '--env-file', emptyEnvFile, '-f', path.join(ROOT, 'docker-compose.yml'), 'config'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, ...variables },
      timeout: 60_000,
    });
  };

  beforeAll(() => {
    compose = composeCommand();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'gz-compose-'));
  });
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is a valid compose file whose app passes every production start-up check', () => {
    const result = config(secrets);
    expect(result.stderr).not.toMatch(/error|invalid/i);
    expect(result.status).toBe(0);
    const app = (parse(result.stdout) as { services: Record<string, { environment: Record<string, string | number | null> }> }).services.app!;
    const environment = Object.fromEntries(Object.entries(app.environment).map(([name, value]) => [name, value === null ? '' : String(value)]));
    const env: NodeJS.ProcessEnv = { ...dockerfileEnv(), ...environment };

    expect(env.NODE_ENV).toBe('production');
    const settings = loadConfig(env);
    expect(settings).toMatchObject({ demoData: false, eventStoreUrl: expect.stringMatching(/^esdb:\/\//), meiliHost: expect.any(String), dataDir: '/data' });
    expect(settings.databaseUrl).toContain(secrets.POSTGRES_PASSWORD);

    // The keys production refuses to start without, passed through from the environment.
    const dataDir = path.join(scratch, 'data');
    const keys = loadPlatformKeys({ env, dataDir, say: () => undefined });
    expect(keys.localKeys).toBeUndefined();
    expect(existsSync(path.join(dataDir, LOCAL_KEYS_FILE))).toBe(false);
    expect(keys.piiKeys.encryption.current.export().toString('hex')).toBe(secrets.PII_ENCRYPTION_KEY);
    expect(keys.piiKeys.blindIndex.current.export().toString('hex')).toBe(secrets.PII_BLIND_INDEX_KEY);
    expect(keys.ledgerSigner.ephemeral).toBe(false);
  });

  it.each(['PII_ENCRYPTION_KEY', 'PII_BLIND_INDEX_KEY', 'LEDGER_SIGNING_KEY', 'POSTGRES_PASSWORD', 'MEILI_MASTER_KEY'] as const)('refuses to run without %s, naming it', (name) => {
    const { [name]: _left, ...rest } = secrets;
    const result = config(rest);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(name);
  });

  it('keeps the data folder (and any keys kept there) and local secrets out of the image', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.data', '.env', 'node_modules']));
  });
});
