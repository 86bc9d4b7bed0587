// The local blob store's two ways in: a stream (put) and content already in memory (putBytes, the
// capture photo's path): the same content address and facts, encrypted on disk, read back whole,
// and the size limit refused with nothing left behind.
import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { loadPiiKeys } from '../personal-data/pii-cipher';
import { blobCipherFrom } from './blob-cipher';
import { FileTooLargeError } from './blob-store';
import { createLocalBlobStore } from './local-blob-store';

const dir = mkdtempSync(path.join(tmpdir(), 'gz-blob-unit-'));
const keys = loadPiiKeys({ PII_ENCRYPTION_KEY: '0123456789abcdef0123456789abcdef', PII_BLIND_INDEX_KEY: 'fedcba9876543210fedcba9876543210' }, () => undefined);
const store = createLocalBlobStore(dir, blobCipherFrom(keys.encryption));
const readAll = async (stream: Readable) => Buffer.concat(await stream.toArray());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local blob store', () => {
  it('stores content from memory as it stores a stream: the same address, size and first bytes, encrypted on disk', async () => {
    const content = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(40_000)]);
    const fromBytes = await store.putBytes(content, { maxBytes: 100_000 });
    const other = Buffer.concat([content, Buffer.from('x')]);
    const [a, b] = [await store.put(Readable.from([other]), { maxBytes: 100_000 }), await store.putBytes(other, { maxBytes: 100_000 })];
    expect(b).toEqual(a);
    expect(fromBytes.size).toBe(content.length);
    expect(fromBytes.head.equals(content.subarray(0, fromBytes.head.length))).toBe(true);
    expect(await readAll(await store.open(fromBytes.sha256))).toEqual(content);
    const onDisk = readFileSync(path.join(dir, 'sha256', fromBytes.sha256.slice(0, 2), fromBytes.sha256.slice(2, 4), fromBytes.sha256));
    expect(onDisk.subarray(0, 4).toString('ascii')).toBe('GZF1');
    expect(onDisk.includes(content.subarray(4, 36))).toBe(false);
  });

  it('refuses content over the limit and keeps nothing', async () => {
    await expect(store.putBytes(randomBytes(2_000), { maxBytes: 1_000 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });
});
