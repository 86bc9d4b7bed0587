// Attendance captures in the console (issue 13): the county reviewer opens the supervisors' queue
// (异常预警, open signals by default, filtered by kind), the captures in the county (考勤抓拍) and the
// capture policy of every training kind (抓拍策略, read-only without capture:settings); the
// institution operator sees the 人脸照片 section on the trainee record the trainee steps made, with
// the upload offered. Captures themselves come from phones: the mobile app's browser test
// (scripts/e2e/mobile.e2e.spec.ts) uploads them and reads the result in the console.
import { expect, it } from '@jest/globals';
import { shot, text } from '../console-browser';
import type { E2eEnv } from './env';

/** Entered by jg_nanming in the trainee steps. */
const TRAINEE = '王小明';

export function captureSteps(env: () => E2eEnv): void {
  it('a county reviewer opens the fraud-signal queue, the captures in the county and the capture policy', async () => {
    const { driver, platform } = env();
    const page = await driver.as('sh_nanming');
    await page.goto(platform.url);

    await page.locator('[data-test=menu-CaptureSignalQueue]').click();
    const queue = page.locator('[data-test=signal-table]');
    await queue.locator('.el-table__row, .el-table__empty-text').first().waitFor({ timeout: 30_000 });
    expect(await text(page.locator('[data-test=breadcrumbs]'))).toContain('异常预警');
    expect(await text(page.locator('[data-test=signal-open-total]'))).toMatch(/^待处理 \d+ 条$/);
    // The kind filter lists every rule of the detector.
    await page.locator('[data-test=signal-kind-filter]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '疑似代签' }).waitFor();
    await page.keyboard.press('Escape');
    await shot(page, '98-capture-signals');

    await page.locator('[data-test=menu-CaptureList]').click();
    const captures = page.locator('[data-test=capture-table]');
    await captures.locator('.el-table__row, .el-table__empty-text').first().waitFor({ timeout: 30_000 });
    expect(await text(page.locator('[data-test=breadcrumbs]'))).toContain('考勤抓拍');

    await page.locator('[data-test=menu-CaptureSettingsPage]').click();
    const policies = page.locator('[data-test=capture-policies] .el-table__row');
    await policies.first().waitFor({ timeout: 30_000 });
    expect(await policies.count()).toBeGreaterThanOrEqual(4);
    expect(await text(policies.first())).toMatch(/开课前 \d+ 分钟至开课后 \d+ 分钟/);
    expect(await text(page.locator('[data-test=photo-retention]'))).toMatch(/抓拍照片保存 \d+ 天/);
    // Reading is not changing: without capture:settings there is no 修改.
    expect(await page.locator('[data-test^=change-policy-]').count()).toBe(0);
    await shot(page, '99-capture-policy');
  });

  it('the institution operator finds the reference-face section, with the upload, on its trainee\'s record', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(`${platform.url}/trainee`);
    const row = page.locator('[data-test=trainee-table] .el-table__row', { hasText: TRAINEE }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.locator('.el-link', { hasText: TRAINEE }).first().click();
    const section = page.locator('[data-test=reference-face]');
    await section.waitFor({ timeout: 30_000 });
    expect(await text(section)).toContain('人脸照片（考勤比对用）');
    expect(await text(section.locator('[data-test=reference-face-status]'))).toMatch(/^(未登记人脸照片|已登记)/);
    await section.locator('[data-test=reference-face-upload]').waitFor();
  });
}
