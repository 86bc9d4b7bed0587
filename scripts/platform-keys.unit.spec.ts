import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { keyId } from '../commands/personal-data/pii-keys';
import { LOCAL_KEYS_FILE, MissingProductionKeysError, loadPlatformKeys, loadPlatformLedgerSigner } from './platform-keys';

const ENC = '00112233445566778899aabbccddeeff';
const IDX = 'ffeeddccbbaa99887766554433221100';
const LEDGER = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

describe('loadPlatformKeys', () => {
  let dataDir: string;
  let said: string[];
  const load = (env: NodeJS.ProcessEnv) => loadPlatformKeys({ env, dataDir, say: (m) => said.push(m) });
  const file = () => path.join(dataDir, LOCAL_KEYS_FILE);

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gz-keys-'));
    said = [];
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('without configuration generates every key once, keeps it owner-only in the data folder, and uses it again', () => {
    const env: NodeJS.ProcessEnv = {};
    const first = load(env);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(first.localKeys).toEqual({ file: file(), generated: ['PII_ENCRYPTION_KEY', 'PII_BLIND_INDEX_KEY', 'LEDGER_SIGNING_KEY'], loaded: [] });
    expect(first.piiKeys.ephemeral).toBe(false);
    expect(first.ledgerSigner.ephemeral).toBe(false);
    // The keys are written into the configuration, for whatever else reads it.
    expect(env.PII_ENCRYPTION_KEY).toMatch(/^[0-9a-f]{32}$/);
    expect(said.join('\n')).toContain(`已生成密钥并保存在 ${file()}`);
    expect(said.join('\n')).not.toContain('EPHEMERAL');

    said = [];
    const again = load({});
    expect(again.localKeys).toEqual({ file: file(), generated: [], loaded: ['PII_ENCRYPTION_KEY', 'PII_BLIND_INDEX_KEY', 'LEDGER_SIGNING_KEY'] });
    expect(keyId(again.piiKeys.encryption.current)).toBe(keyId(first.piiKeys.encryption.current));
    expect(keyId(again.piiKeys.blindIndex.current)).toBe(keyId(first.piiKeys.blindIndex.current));
    expect(again.ledgerSigner.keyId).toBe(first.ledgerSigner.keyId);
    expect(again.ledgerSigner.publicKeyPem).toBe(first.ledgerSigner.publicKeyPem);
    expect(said.join('\n')).toContain(`使用 ${file()} 中保存的密钥`);
  });

  it('configured keys win; only the missing ones come from the data folder', () => {
    const partial = load({ PII_ENCRYPTION_KEY: ENC, PII_BLIND_INDEX_KEY: IDX });
    expect(partial.localKeys?.generated).toEqual(['LEDGER_SIGNING_KEY']);
    expect(partial.piiKeys.encryption.current.export().toString('hex')).toBe(ENC);
    expect(readFileSync(file(), 'utf8')).not.toContain(ENC);

    // A PII key missing later is added to the file; the ledger key kept there stays.
    const later = load({ PII_ENCRYPTION_KEY: ENC });
    expect(later.localKeys).toEqual({ file: file(), generated: ['PII_BLIND_INDEX_KEY'], loaded: ['LEDGER_SIGNING_KEY'] });
    expect(later.ledgerSigner.keyId).toBe(partial.ledgerSigner.keyId);

    const configured = load({ PII_ENCRYPTION_KEY: ENC, PII_BLIND_INDEX_KEY: IDX, LEDGER_SIGNING_KEY: LEDGER });
    expect(configured.localKeys).toBeUndefined();
  });

  it('says so when a configured key differs from the one kept in the data folder', () => {
    load({});
    said = [];
    load({ PII_ENCRYPTION_KEY: ENC });
    expect(said.join('\n')).toContain('PII_ENCRYPTION_KEY 已配置，与');
    expect(said.join('\n')).toContain('PII_ENCRYPTION_PREVIOUS_KEYS');
  });

  it('makes a key file others could read owner-only again', () => {
    load({});
    chmodSync(file(), 0o644);
    load({});
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('uses a key file written by hand in the variables\' own form', () => {
    writeFileSync(file(), `# mine\nPII_ENCRYPTION_KEY=${ENC}\nPII_BLIND_INDEX_KEY = ${IDX}\nLEDGER_SIGNING_KEY=${LEDGER}\nOTHER=x\n`, { mode: 0o600 });
    const keys = load({});
    expect(keys.localKeys?.generated).toEqual([]);
    expect(keys.piiKeys.blindIndex.current.export().toString('hex')).toBe(IDX);
  });

  it('in production generates nothing and names every missing key at once', () => {
    let error: unknown;
    try {
      load({ NODE_ENV: 'production', PII_BLIND_INDEX_KEY: IDX });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingProductionKeysError);
    expect((error as MissingProductionKeysError).missing).toEqual(['PII_ENCRYPTION_KEY', 'LEDGER_SIGNING_KEY']);
    expect((error as Error).message).toContain('生产环境');
    expect(() => statSync(file())).toThrow(/ENOENT/);

    const keys = load({ NODE_ENV: 'production', PII_ENCRYPTION_KEY: ENC, PII_BLIND_INDEX_KEY: IDX, LEDGER_SIGNING_KEY: LEDGER });
    expect(keys.localKeys).toBeUndefined();
    expect(keys.ledgerSigner.ephemeral).toBe(false);
  });

  it('the ledger tool takes the same ledger key and needs no personal-data key', () => {
    const signer = loadPlatformLedgerSigner({ env: {}, dataDir, say: (m) => said.push(m) });
    expect(readFileSync(file(), 'utf8')).not.toContain('PII_');
    expect(load({}).ledgerSigner.publicKeyPem).toBe(signer.publicKeyPem);
    expect(loadPlatformLedgerSigner({ env: { NODE_ENV: 'production', LEDGER_SIGNING_KEY: LEDGER }, dataDir, say: () => undefined }).ephemeral).toBe(false);
    expect(() => loadPlatformLedgerSigner({ env: { NODE_ENV: 'production' }, dataDir, say: () => undefined })).toThrow(/LEDGER_SIGNING_KEY/);
  });
});
