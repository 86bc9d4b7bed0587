// Reading a zip of diploma photos (issue 15 §5): one entry per student, named by ID number or student
// number. Entries are read one at a time from the zip's central directory with yauzl (already the
// project's zip reader): an entry whose declared size is over the photo limit is never inflated, and
// yauzl checks that what inflates matches the declared size, so a zip bomb costs at most one photo's
// limit per entry. Folders and the metadata files archivers add (__MACOSX/, .DS_Store) are skipped.
import yauzl from 'yauzl';
import { ValidationError } from '../../domain/shared/errors';

export interface PhotoZipEntry {
  /** The entry's file name without its folder (what the school named the photo). */
  name: string;
  /** The declared uncompressed size. */
  size: number;
  /** The content, when it could be read within the limit. */
  bytes?: Buffer;
  /** Why the entry cannot be taken, in Chinese. */
  problem?: string;
}

/** An opened zip: its photo entries listed from the central directory, each read only when asked for. */
export interface PhotoZip {
  /** Names, declared sizes and the problems known without inflating (no bytes yet). */
  entries: PhotoZipEntry[];
  /** One entry's bytes (up to the limit) or its problem; one at a time, so at most one photo is in memory. */
  read(index: number): Promise<{ bytes: Buffer } | { problem: string }>;
  close(): void;
}

type Limits = { maxEntries: number; maxEntryBytes: number };
const refuse = (message: string) => new ValidationError([{ field: 'file', message }], message);
const ignored = (path: string) => path.endsWith('/') || path.startsWith('__MACOSX/') || (path.split('/').pop() ?? '').startsWith('.');
const OPTIONS = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false } as const;

/** A zip on disk (an upload, kept out of memory) or in memory (tests, the bench). */
function openZip(source: string | Buffer): Promise<yauzl.ZipFile> {
  const done = (resolve: (f: yauzl.ZipFile) => void, reject: (e: Error) => void) => (error: Error | null, file?: yauzl.ZipFile) =>
    error || !file ? reject(refuse('不是有效的 zip 压缩包，请重新打包后上传')) : resolve(file);
  return new Promise((resolve, reject) => (typeof source === 'string' ? yauzl.open(source, OPTIONS, done(resolve, reject)) : yauzl.fromBuffer(source, OPTIONS, done(resolve, reject))));
}

function readEntry(file: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    file.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return void stream.destroy(new Error('entry over its limit'));
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    }),
  );
}

/** The central directory's photo entries, in order; refused whole when there are too many. */
function listEntries(file: yauzl.ZipFile, limits: Limits): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    file.on('entry', (entry: yauzl.Entry) => {
      if (!ignored(entry.fileName)) {
        if (entries.length >= limits.maxEntries) return reject(refuse(`压缩包中的照片过多，一次最多 ${limits.maxEntries} 张`));
        entries.push(entry);
      }
      file.readEntry();
    });
    file.on('end', () => resolve(entries));
    file.on('error', () => reject(refuse('压缩包已损坏，无法读取其中的文件列表')));
    file.readEntry();
  });
}

/**
 * Opens a zip of photos. Refused as a whole (ValidationError) when the bytes are not a zip, hold
 * more than `maxEntries` photos or none. The caller closes it.
 */
export async function openPhotoZip(source: string | Buffer, limits: Limits): Promise<PhotoZip> {
  const file = await openZip(source);
  try {
    if (file.entryCount > limits.maxEntries * 2 + 100) throw refuse(`压缩包中的文件过多，一次最多 ${limits.maxEntries} 张照片`);
    const listed = await listEntries(file, limits);
    if (listed.length === 0) throw refuse('压缩包中没有照片文件');
    const problemOf = (entry: yauzl.Entry) =>
      entry.isEncrypted() ? '文件已加密，无法读取' : entry.uncompressedSize > limits.maxEntryBytes ? `照片超过 ${limits.maxEntryBytes / 1048576} MB` : undefined;
    const entries = listed.map((entry): PhotoZipEntry => {
      const problem = problemOf(entry);
      return { name: entry.fileName.split('/').pop()!, size: entry.uncompressedSize, ...(problem ? { problem } : {}) };
    });
    return {
      entries,
      async read(index) {
        const known = entries[index]!.problem;
        if (known) return { problem: known };
        try {
          return { bytes: await readEntry(file, listed[index]!, limits.maxEntryBytes) };
        } catch {
          return { problem: '文件已损坏，无法解压' };
        }
      },
      close: () => file.close(),
    };
  } catch (error) {
    file.close();
    throw error;
  }
}

/** Every photo entry with its bytes or its problem (a zip in memory: tests and the bench). */
export async function readPhotoZip(zip: Buffer, limits: Limits): Promise<PhotoZipEntry[]> {
  const opened = await openPhotoZip(zip, limits);
  try {
    const out: PhotoZipEntry[] = [];
    for (const [index, entry] of opened.entries.entries()) {
      const read = await opened.read(index);
      out.push('bytes' in read ? { name: entry.name, size: entry.size, bytes: read.bytes } : { name: entry.name, size: entry.size, problem: read.problem });
    }
    return out;
  } finally {
    opened.close();
  }
}
