// The local-filesystem adapter of the blob store: `<dir>/sha256/ab/cd/<hash>`, SM4-encrypted (see
// blob-cipher.ts). An upload streams to `<dir>/tmp/` while it is hashed and encrypted, is flushed to
// disk, and is renamed into place only when complete and accepted, so a reader never sees half a
// file and a crash leaves only a temporary file behind. Every read checks the content's SHA-256.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BLOB_HEADER_BYTES, type BlobCipher } from './blob-cipher';
import { BlobNotFoundError, FileTooLargeError, type BlobStore, type StoredBlob } from './blob-store';
import { SNIFF_BYTES } from './file-kind';

const HASH = /^[0-9a-f]{64}$/;

/** Passes the content through, failing at its end when its SHA-256 is not the expected one (an altered file). */
function verifying(sha256: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      callback(hash.digest('hex') === sha256 ? null : new Error(`stored file ${sha256} does not match its hash: it was altered`));
    },
  });
}

export function createLocalBlobStore(dir: string, cipher: BlobCipher): BlobStore {
  const blobPath = (sha256: string) => {
    if (!HASH.test(sha256)) throw new BlobNotFoundError(sha256);
    return path.join(dir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  const exists = async (sha256: string) =>
    access(blobPath(sha256)).then(
      () => true,
      () => false,
    );
  // The temporary folder is made once per process (again after a write found it gone), not per upload.
  const tmpDir = path.join(dir, 'tmp');
  let tmpReady: Promise<void> | undefined;
  const tmpFile = async () => {
    tmpReady ??= mkdir(tmpDir, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        tmpReady = undefined;
        throw error;
      },
    );
    await tmpReady;
    return path.join(tmpDir, randomUUID());
  };
  const isMissing = (error: unknown) => (error as { code?: string }).code === 'ENOENT';

  /** Moves a complete temporary file to its content address (or drops it when the content is there already). */
  const settle = async (tmp: string, blob: StoredBlob): Promise<StoredBlob> => {
    const target = blobPath(blob.sha256);
    if (await exists(blob.sha256)) await rm(tmp, { force: true });
    else {
      // Its folder usually exists already: made only when the rename finds it missing.
      await rename(tmp, target).catch(async (error: unknown) => {
        if (!isMissing(error)) throw error;
        await mkdir(path.dirname(target), { recursive: true });
        await rename(tmp, target);
      });
    }
    return blob;
  };

  const openPlain = async (sha256: string): Promise<Readable> => {
    const file = blobPath(sha256);
    if (!(await exists(sha256))) throw new BlobNotFoundError(sha256);
    const handle = await open(file, 'r');
    const header = Buffer.alloc(BLOB_HEADER_BYTES);
    try {
      await handle.read(header, 0, BLOB_HEADER_BYTES, 0);
    } finally {
      await handle.close();
    }
    const decrypt = cipher.decryptor(header);
    const check = verifying(sha256);
    const source = createReadStream(file, { start: BLOB_HEADER_BYTES });
    source.on('error', (error) => check.destroy(error));
    decrypt.on('error', (error) => check.destroy(error));
    return source.pipe(decrypt).pipe(check);
  };

  return {
    exists,
    async put(input, options) {
      const tmp = await tmpFile();
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > options.maxBytes) return callback(new FileTooLargeError(options.maxBytes));
          if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      try {
        // `flush`: the file is fsynced before it is closed, durable before any event says it exists.
        await pipeline(input, meter, cipher.encryptor(), createWriteStream(tmp, { flags: 'wx', mode: 0o600, flush: true }));
        const blob: StoredBlob = { sha256: hash.digest('hex'), size, head };
        options.accept?.(blob);
        return await settle(tmp, blob);
      } catch (error) {
        if (isMissing(error)) tmpReady = undefined;
        await rm(tmp, { force: true });
        throw error;
      }
    },
    async putBytes(content, options) {
      if (content.length > options.maxBytes) throw new FileTooLargeError(options.maxBytes);
      const tmp = await tmpFile();
      try {
        // One encryption call and one write, fsynced before it is closed (as put), instead of a pipeline of streams.
        await writeFile(tmp, cipher.encrypt(content), { flag: 'wx', mode: 0o600, flush: true });
        return await settle(tmp, { sha256: createHash('sha256').update(content).digest('hex'), size: content.length, head: content.subarray(0, SNIFF_BYTES) });
      } catch (error) {
        if (isMissing(error)) tmpReady = undefined;
        await rm(tmp, { force: true });
        throw error;
      }
    },
    open: openPlain,
    async remove(sha256) {
      await rm(blobPath(sha256), { force: true });
    },
    async withLocalFile(sha256, use) {
      // Readers that need random access get a decrypted copy, readable by this user only, removed after use.
      const tmp = await tmpFile();
      try {
        await pipeline(await openPlain(sha256), createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
        return await use(tmp);
      } finally {
        await rm(tmp, { force: true });
      }
    },
  };
}
