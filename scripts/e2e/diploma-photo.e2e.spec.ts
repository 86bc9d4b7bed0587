// 毕业证照片 in a real browser (Debian's Chromium driven by playwright-core) against the platform
// started as `npm start` starts it, on the demo data (scripts/technical-school-demo.ts): 贵阳技师学院's
// operator sees the demo photos (one approved, one waiting), uploads a .zip named by student numbers
// through the dialog (progress, one entry taken, one refused with its Chinese reason) and downloads
// the approved photos as a zip over GET /diploma-photos/export.zip. Screenshots go to
// test-artifacts/screenshots/ (diploma-photo-*.png).
//
// Without Chromium the test FAILS, naming the install command (console-browser.ts, requireChromium).
import { describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { demoIdPhoto } from '../demo-photo';
import { shot, text } from './console-browser';
import { consoleInBrowser } from './console-in-browser';

jest.setTimeout(150_000);

async function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const entryNames = (zip: Buffer): Promise<string[]> =>
  new Promise((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      const names: string[] = [];
      file.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        file.readEntry();
      });
      file.on('end', () => resolve(names));
      file.readEntry();
    }),
  );

describe('毕业证照片 in a browser', () => {
  const world = consoleInBrowser({ setupMs: 900_000 });

  it('the school uploads a zip named by student numbers: progress, each entry\'s result; then downloads the approved photos as a zip', async () => {
    const page = await world.driver.as('yx_guiyang');
    await page.goto(`${world.platform.url}/diploma-photo`);
    const table = page.locator('[data-test=diploma-photo-table]');
    await table.locator('.el-table__row').nth(1).waitFor();
    // The demo's two photos: the graduate's approved (已生效), an in-school student's waiting (审核中).
    const listed = await text(table);
    for (const state of ['已生效', '审核中']) expect(listed).toContain(state);

    await page.locator('[data-test=upload-photos]').click();
    const dialog = page.locator('[data-test=photo-upload-dialog]');
    await dialog.locator('[data-test=photo-upload-mode] label', { hasText: '上传压缩包' }).click();
    await dialog.locator('[data-test=photo-named-by] label', { hasText: '学号' }).click();
    // 520020002: the demo school's second student (enrolled); 520029999: no such student.
    const zip = await zipOf([['照片/520020002.jpg', demoIdPhoto(7)], ['照片/520029999.jpg', demoIdPhoto(8)]]);
    await dialog.locator('[data-test=photo-zip-file] input[type=file]').setInputFiles({ name: '毕业生照片.zip', mimeType: 'application/zip', buffer: zip });
    await dialog.locator('[data-test=photo-zip-name]', { hasText: '毕业生照片.zip' }).waitFor();
    await dialog.locator('[data-test=photo-upload-save]').click();
    const results = dialog.locator('[data-test=photo-upload-results]');
    await results.locator('.el-table__row').nth(1).waitFor();
    await dialog.locator('[data-test=photo-zip-progress]', { hasText: '2 / 2' }).waitFor();
    const outcomes = await text(results);
    expect(outcomes).toMatch(/520020002\.jpg[\s\S]*已受理/);
    expect(outcomes).toContain('本校没有学号为 520029999 的学生');
    await shot(page, 'diploma-photo-zip-upload');
    await dialog.locator('.el-dialog__footer button', { hasText: '关闭' }).click();

    await page.locator('[data-test=export-photo-zip]').click();
    const download = page.waitForEvent('download');
    await page.locator('[data-test=photo-zip-run]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('毕业证照片-贵阳市技师学院-按身份证号.zip');
    expect(await entryNames(readFileSync(await file.path()))).toEqual([expect.stringMatching(/^\d{17}[\dX]\.jpg$/)]);
    await page.locator('.el-message', { hasText: '照片压缩包已下载，导出已记录' }).waitFor();
  });
});
