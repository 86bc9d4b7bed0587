// Batch import: from the trainee list to the import page with the kind chosen; a file that is not
// .xlsx is refused in the browser; the template is downloaded and filled (the project's xlsx reader
// and writer) with three good rows and one bad; the job runs to 已完成, is still there after a
// reload, counts the bad row and hands out its report; the good rows are trainees.
import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readXlsxBytes, xlsxBytes, XLSX_TYPE } from '../../../testing/spreadsheets';
import { shot, text } from '../console-browser';
import type { E2eEnv } from './env';
import { idNumber } from './test-data';

const FILE_NAME = '学员导入-端到端.xlsx';
const GOOD = [
  ['石磊', idNumber('520102', '19950301', '611'), '农村转移就业劳动者', '13908510001'],
  ['龙梅', idNumber('520102', '19970712', '622'), '城镇登记失业人员', '13908510002'],
  ['吴天佑', idNumber('520103', '20000105', '633'), '其他', '13908510003'],
];
/** A typing error in the last (check) character. */
const badIdNumber = () => {
  const good = idNumber('520102', '19990909', '644');
  return good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
};

export function importSteps(env: () => E2eEnv): void {
  it('imports trainees from the filled template: 已完成 survives a reload, the bad row is counted with its report', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(`${platform.url}/trainee`);
    await page.locator('[data-test=import]').click();
    await page.waitForURL(/\/import\?kind=trainee$/);
    const kind = page.locator('[data-test=kind-select]');
    await kind.locator('.el-select__selected-item:not(.is-hidden)', { hasText: '学员' }).waitFor();
    expect(await text(page.locator('[data-test=template-columns]'))).toContain('身份证号码');

    // A file that is not a workbook is refused before anything is sent.
    const input = page.locator('[data-test=import-upload] input[type=file]');
    await input.setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,身份证号码\n') });
    await page.locator('[data-test=import-error]', { hasText: '不是 Excel (.xlsx) 文件' }).waitFor();

    // The template, filled as a user fills it: its own header row, then the rows.
    const download = page.waitForEvent('download');
    await page.locator('[data-test=download-template]').click();
    const [sheet] = await readXlsxBytes(readFileSync(await (await download).path()));
    const header = sheet!.rows[0]!.values;
    expect(header.slice(0, 3)).toEqual(['*姓名', '*身份证号码', '*人员类别']);
    const filled = await xlsxBytes([{ name: sheet!.name, rows: [header, ...GOOD.map((r) => [...r, '']), ['白错号', badIdNumber(), '其他', '13908510004', '']] }]);
    await input.setInputFiles({ name: FILE_NAME, mimeType: XLSX_TYPE, buffer: filled });
    await page.locator('[data-test=chosen-file]', { hasText: FILE_NAME }).waitFor();
    await page.locator('[data-test=start-import]').click();
    // The message claims no state the job may already have left (it said 正在校验 beside 已完成).
    await page.locator('.el-message', { hasText: '导入任务已开始' }).waitFor();
    expect(await page.locator('.el-message', { hasText: '正在校验' }).count()).toBe(0);

    const row = page.locator('[data-test=import-jobs] .el-table__row', { hasText: FILE_NAME }).first();
    await row.waitFor();
    // The jobs are the server's: after a reload the job is still there and followed to the end.
    await page.reload();
    await row.locator('[data-test=job-status]', { hasText: '已完成' }).waitFor({ timeout: 60_000 });
    expect(await row.locator('[data-test=job-progress]').getAttribute('aria-valuenow')).toBe('100');
    expect(await text(row.locator('[data-test=job-bad-rows]'))).toBe('1');

    // 4 data rows, 3 good, 1 bad.
    expect(await row.innerText()).toMatch(/已完成\s+4\s+3\s+1\s/);
    // The report: the bad row, its column and the reason, then the row as it was.
    const report = page.waitForEvent('download');
    await row.locator('[data-test=job-report]').click();
    const [reportSheet] = await readXlsxBytes(readFileSync(await (await report).path()));
    expect(reportSheet!.rows).toHaveLength(2);
    expect(reportSheet!.rows[1]!.values.slice(0, 4)).toEqual(['5', '身份证号码', expect.stringContaining('校验位'), '白错号']);
    await shot(page, '51-import-done');
    // The job in full, with its report too.
    await row.locator('[data-test=job-open]').click();
    const dialog = page.locator('[data-test=import-job-dialog]');
    const details = await text(dialog.locator('[data-test=job-details]'));
    expect(details).toMatch(/正确行 3 错误行 1 /);
    await dialog.locator('[data-test=job-report]').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The good rows are trainees now, found by their full ID number.
    await page.goto(`${platform.url}/trainee`);
    const filter = page.locator('[data-test=trainee-filter]');
    await filter.locator('input[name=idNumber]').fill(GOOD[1]![1]!);
    await filter.locator('[data-test=search]').click();
    await page.locator('[data-test=trainee-table] .el-table__row', { hasText: GOOD[1]![0]! }).waitFor();
  });
}
