// Uploads and downloads over real HTTP: content addressed by SHA-256, kinds recognised by their
// bytes, a size limit, the session and CSRF checks, and downloads only for the uploader or users
// whose scope and permissions cover the file; every download is recorded.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { download, uploadFile, xlsxBytes, XLSX_TYPE } from '../../testing/spreadsheets';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('files (POST /files, GET /files/:id)', () => {
  let api: ApiHarness;
  let dataDir: string;
  let nanming: Session;
  let nanmingColleague: Session;
  let yunyan: Session;
  let reviewer: Session;
  const saved = { DATA_DIR: process.env.DATA_DIR, UPLOAD_MAX_MB: process.env.UPLOAD_MAX_MB };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'files-api-'));
    process.env.DATA_DIR = dataDir;
    process.env.UPLOAD_MAX_MB = '1';
    api = await startApiHarness();
    [nanming, nanmingColleague, yunyan, reviewer] = await Promise.all([api.login('nanmingSchool'), api.login('nanmingSchool'), api.login('yunyanSchool'), api.login('nanmingReviewer')]);
  });
  afterAll(async () => {
    await api.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores an upload under its SHA-256 and gives it back to its uploader byte for byte, recording the download', async () => {
    const bytes = await xlsxBytes([{ name: '学员', rows: [['姓名'], ['张三']] }]);
    const uploaded = await uploadFile(api.url, nanming, '学员名单（三月）.xlsx', bytes);
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toEqual({ fileId: expect.any(String), name: '学员名单（三月）.xlsx', size: bytes.length, sha256: sha256(bytes), contentType: XLSX_TYPE });
    const hash = sha256(bytes);
    expect(await readdir(path.join(dataDir, 'files', 'sha256', hash.slice(0, 2), hash.slice(2, 4)))).toEqual([hash]);

    const fileId = uploaded.json.fileId as string;
    const back = await download(api.url, nanming, `/files/${fileId}`);
    expect(back.status).toBe(200);
    expect(back.headers['content-type']).toBe(XLSX_TYPE);
    expect(back.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('学员名单（三月）.xlsx')}`);
    expect(sha256(back.buffer)).toBe(hash);
    const events = await api.platform.store.readStream(`file-${fileId}`);
    expect(events.map((e) => [e.type, e.metadata.actorId])).toEqual([
      ['FileStored', api.userIds.nanmingSchool],
      ['FileDownloaded', api.userIds.nanmingSchool],
    ]);
  });

  it('keeps the content SM4-encrypted on disk, and refuses to hand out a stored file that was altered', async () => {
    const bytes = await xlsxBytes([{ name: '学员', rows: [['身份证号码'], ['520102199805061224']] }]);
    const uploaded = await uploadFile(api.url, nanming, '名单.xlsx', bytes);
    const hash = uploaded.json.sha256 as string;
    const onDisk = path.join(dataDir, 'files', 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);
    const stored = await readFile(onDisk);
    expect(stored.subarray(0, 4).toString()).toBe('GZF1');
    expect(stored.includes(bytes.subarray(0, 64))).toBe(false);
    expect(sha256((await download(api.url, nanming, `/files/${uploaded.json.fileId as string}`)).buffer)).toBe(hash);

    stored[stored.length - 5]! ^= 0xff;
    await writeFile(onDisk, stored);
    await expect(text(await api.platform.files.blobs.open(hash))).rejects.toThrow(/altered/);
  });

  it('lets a colleague with the import permission download it, but not another institution or a reviewer without it', async () => {
    const uploaded = await uploadFile(api.url, nanming, '名单.xlsx', await xlsxBytes([{ name: 'S', rows: [['姓名']] }]));
    const fileId = uploaded.json.fileId as string;
    expect((await download(api.url, nanmingColleague, `/files/${fileId}`)).status).toBe(200);
    for (const other of [yunyan, reviewer]) {
      const refused = await download(api.url, other, `/files/${fileId}`);
      expect([refused.status, refused.json.errors?.[0]?.message]).toEqual([404, '文件不存在或您无权查看']);
    }
    expect((await download(api.url, undefined, `/files/${fileId}`)).status).toBe(401);
  });

  it('recognises the kind by its bytes, not by its name', async () => {
    const csv = await uploadFile(api.url, nanming, '学员.xlsx', Buffer.from('姓名,身份证号码\n张三,1\n'));
    expect([csv.status, csv.json.errors?.[0]?.message]).toEqual([400, '文件内容与扩展名不符：不是Excel 工作簿 (.xlsx)']);
    const legacy = await uploadFile(api.url, nanming, '学员.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(legacy.json.errors?.[0]?.message).toBe('文件是旧版 .xls 或已加密的工作簿，请用 Excel 另存为 .xlsx（不设密码）后重新上传');
    const exe = await uploadFile(api.url, nanming, 'setup.exe', Buffer.from('MZ\x90\x00'));
    expect(exe.json.errors?.[0]?.message).toBe('不支持的文件类型，只接受Excel 工作簿 (.xlsx)');
    const empty = await uploadFile(api.url, nanming, '空.xlsx', Buffer.alloc(0));
    expect(empty.json.errors?.[0]?.message).toBe('文件是空的');
  });

  it('refuses a file over the size limit without keeping any of it', async () => {
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(1024 * 1024 + 10, 7)]);
    const refused = await uploadFile(api.url, nanming, '大文件.xlsx', big);
    expect([refused.status, refused.json.errors?.[0]?.message]).toEqual([400, '文件超过 1 MB 上限']);
    expect(await readdir(path.join(dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('requires the CSRF token, the permission for the purpose, and a known purpose', async () => {
    const bytes = await xlsxBytes([{ name: 'S', rows: [['姓名']] }]);
    expect((await uploadFile(api.url, nanming, 'a.xlsx', bytes, { csrf: false })).status).toBe(403);
    const noPermission = await uploadFile(api.url, reviewer, 'a.xlsx', bytes);
    expect([noPermission.status, noPermission.json.errors?.[0]?.message]).toEqual([403, '您没有上传此类文件的权限']);
    expect((await uploadFile(api.url, nanming, 'a.xlsx', bytes, { purpose: 'import-report' })).json.errors?.[0]?.message).toBe('不支持的文件用途：import-report');
    const pdfAsImport = await uploadFile(api.url, nanming, '许可证.pdf', Buffer.from('%PDF-1.7\n'));
    expect(pdfAsImport.json.errors?.[0]?.message).toBe('不支持的文件类型，只接受Excel 工作簿 (.xlsx)');
  });
});
