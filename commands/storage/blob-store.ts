// The storage port for file contents. Contents are addressed by their SHA-256: the same bytes are
// kept once, a record can name its content by hash, and a download can be checked against it. The
// local adapter keeps them under $DATA_DIR/files; an object store (S3/OSS) would implement the same
// port (its `withLocalFile` downloads to a temporary file for readers that need random access).
import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first bytes, for recognising the kind of file. */
  head: Buffer;
}

export interface BlobStore {
  /**
   * Streams the content in, hashing and counting it; refuses (FileTooLargeError) past `maxBytes`
   * without keeping anything. `accept` sees the first bytes and the size once everything has
   * arrived, and may throw to refuse the file; only an accepted file is kept.
   */
  put(input: Readable, options: { maxBytes: number; accept?(blob: StoredBlob): void }): Promise<StoredBlob>;
  /**
   * The same for content already in memory (a capture photo the server has read and checked): no
   * streams, one write. Refuses past `maxBytes` like `put`.
   */
  putBytes(content: Buffer, options: { maxBytes: number }): Promise<StoredBlob>;
  /** Streams a stored content. */
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Runs `use` with a path on the local disk (zip readers need random access). */
  withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T>;
  /**
   * Deletes a content for good (a capture photo past its retention). Content is shared by hash: the
   * caller makes sure nothing that is kept still refers to it. Deleting a missing content is no error.
   */
  remove(sha256: string): Promise<void>;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`文件超过 ${Math.floor(maxBytes / 1048576)} MB 上限`);
    this.name = 'FileTooLargeError';
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super('文件内容不存在或已丢失');
    this.name = 'BlobNotFoundError';
  }
}
