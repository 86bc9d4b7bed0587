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

const refuse = (message: string) => new ValidationError([{ field: 'file', message }], message);
const ignored = (path: string) => path.endsWith('/') || path.startsWith('__MACOSX/') || (path.split('/').pop() ?? '').startsWith('.');

function openZip(zip: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, file) => (error || !file ? reject(refuse('不是有效的 zip 压缩包，请重新打包后上传')) : resolve(file))),
  );
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

/**
 * The photo entries of a zip, each read (up to `maxEntryBytes`) or with its problem. Refused as a
 * whole (ValidationError) when the bytes are not a zip or hold more than `maxEntries` photos.
 */
export async function readPhotoZip(zip: Buffer, limits: { maxEntries: number; maxEntryBytes: number }): Promise<PhotoZipEntry[]> {
  const file = await openZip(zip);
  if (file.entryCount > limits.maxEntries * 2 + 100) {
    file.close();
    throw refuse(`压缩包中的文件过多，一次最多 ${limits.maxEntries} 张照片`);
  }
  const entries: PhotoZipEntry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      file.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          if (!ignored(entry.fileName)) {
            const name = entry.fileName.split('/').pop()!;
            const item: PhotoZipEntry = { name, size: entry.uncompressedSize };
            if (entries.length >= limits.maxEntries) return reject(refuse(`压缩包中的照片过多，一次最多 ${limits.maxEntries} 张`));
            if (entry.isEncrypted()) item.problem = '文件已加密，无法读取';
            else if (entry.uncompressedSize > limits.maxEntryBytes) item.problem = `照片超过 ${limits.maxEntryBytes / 1048576} MB`;
            else {
              try {
                item.bytes = await readEntry(file, entry, limits.maxEntryBytes);
              } catch {
                item.problem = '文件已损坏，无法解压';
              }
            }
            entries.push(item);
          }
          file.readEntry();
        })().catch(reject);
      });
      file.on('end', () => resolve());
      file.on('error', () => reject(refuse('压缩包已损坏，无法读取其中的文件列表')));
      file.readEntry();
    });
  } finally {
    file.close();
  }
  if (entries.length === 0) throw refuse('压缩包中没有照片文件');
  return entries;
}
