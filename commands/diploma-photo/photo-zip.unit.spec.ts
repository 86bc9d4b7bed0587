// Reading a zip of diploma photos: entries with their bytes, folders and archivers' metadata
// skipped, an entry over the limit never inflated, too many entries or not a zip refused whole.
import { describe, expect, it } from '@jest/globals';
import yazl from 'yazl';
import { ValidationError } from '../../domain/shared/errors';
import { readPhotoZip } from './photo-zip';

async function zipOf(entries: [string, Buffer][], folders: string[] = []): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const folder of folders) zip.addEmptyDirectory(folder);
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
const limits = { maxEntries: 3, maxEntryBytes: 1024 * 1024 };

describe('readPhotoZip', () => {
  it('reads each photo under its own name, without folders and archivers\' metadata', async () => {
    const zip = await zipOf([['照片/520102200805061511.jpg', Buffer.from('first')], ['__MACOSX/照片/._520102200805061511.jpg', Buffer.from('mac')], ['照片/.DS_Store', Buffer.from('x')], ['2024001.png', Buffer.from('second')]], ['照片/']);
    const entries = await readPhotoZip(zip, limits);
    expect(entries.map((e) => [e.name, e.size, e.bytes?.toString(), e.problem])).toEqual([
      ['520102200805061511.jpg', 5, 'first', undefined],
      ['2024001.png', 6, 'second', undefined],
    ]);
  });

  it('does not inflate an entry over the limit: it is listed with its reason', async () => {
    const entries = await readPhotoZip(await zipOf([['big.jpg', Buffer.alloc(1024 * 1024 + 1)], ['ok.jpg', Buffer.from('ok')]]), limits);
    expect(entries.map((e) => [e.name, e.bytes, e.problem])).toEqual([
      ['big.jpg', undefined, '照片超过 1 MB'],
      ['ok.jpg', Buffer.from('ok'), undefined],
    ]);
  });

  it('refuses a file that is not a zip, a zip with too many photos and one with none, in Chinese', async () => {
    await expect(readPhotoZip(Buffer.from('not a zip at all'), limits)).rejects.toThrow(new ValidationError([{ field: 'file', message: '不是有效的 zip 压缩包，请重新打包后上传' }], '不是有效的 zip 压缩包，请重新打包后上传'));
    const four = await zipOf(['a', 'b', 'c', 'd'].map((n) => [`${n}.jpg`, Buffer.from(n)] as [string, Buffer]));
    await expect(readPhotoZip(four, limits)).rejects.toThrow('压缩包中的照片过多，一次最多 3 张');
    await expect(readPhotoZip(await zipOf([], ['空文件夹/']), limits)).rejects.toThrow('压缩包中没有照片文件');
  });
});
