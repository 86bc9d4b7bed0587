// Teachers: an institution's operator sees the teachers it engages, exports the list, declares a
// teacher and submits the declaration; the record shows the person with the ID number masked; the
// county approves from the record and certifies the teaching qualification.
import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { shot, text } from '../console-browser';
import type { E2eEnv } from './env';
import { approveOnRecord } from './review';
import { idNumber } from './test-data';

const NAME = '罗文静';
const ID_NUMBER = idNumber('520102', '19860415', '262');
const SUBJECT = '中式烹调';

export function teacherSteps(env: () => E2eEnv): void {
  let recordUrl = '';

  it('an institution operator lists its teachers, exports them, declares one and opens the record', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(platform.url);
    await page.locator('[data-test=menu-TeacherList]').click();
    const table = page.locator('[data-test=teacher-table]');
    await table.locator('.el-table__row, .el-table__empty-text').first().waitFor();
    expect(await text(page.locator('[data-test=breadcrumbs]'))).toContain('培训师资');
    await shot(page, '49-teacher-list');

    // Export of the current filter: a real .xlsx (a zip).
    const download = page.waitForEvent('download');
    await page.locator('[data-test=export]').click();
    expect(readFileSync(await (await download).path()).subarray(0, 2).toString()).toBe('PK');

    await page.locator('[data-test=declare-teacher]').click();
    const form = page.locator('[data-test=teacher-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill(NAME);
    await form.locator('input[name=idNumber]').fill(ID_NUMBER);
    await form.locator('[data-test=level-select]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '中级' }).click();
    // Subjects are typed: the select offers what was typed as a new entry.
    await form.locator('[data-test=subjects-input] input').fill(SUBJECT);
    await page.locator('.el-select-dropdown__item:visible', { hasText: SUBJECT }).click();
    await form.locator('input[name=trainingQualification]').fill('高级技师');
    await page.locator('[data-test=teacher-dialog] [data-test=submit-at-once]').click();
    await page.locator('[data-test=teacher-dialog] [data-test=save]').click();
    await page.waitForURL(/\/teacher\/[0-9a-f-]{36}$/, { timeout: 30_000 }).catch(async (error: unknown) => {
      const refusal = page.locator('[data-test=teacher-dialog] [data-test=form-error], [data-test=teacher-dialog] .el-form-item__error').first();
      throw (await refusal.isVisible()) ? new Error(`申报被拒绝：${await text(refusal)}`) : error;
    });
    recordUrl = page.url();
    await page.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor();
    const details = await text(page.locator('[data-test=teacher-details]'));
    expect(details).toContain('1986-04-15');
    expect(details).toContain(SUBJECT);
    expect(details).toContain('未认定');
    expect(details).not.toContain(ID_NUMBER);
    expect(await page.locator('[data-test=engagements] .el-table__row').count()).toBe(1);
    // The institution neither decides nor manages the pool.
    expect(await page.locator('[data-test=approve], [data-test=certify], [data-test=revoke]').count()).toBe(0);
    expect(await page.getByRole('tab', { name: '审核记录' }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: '时间线' }).count()).toBe(1);
    await page.locator('[data-test=open-replay]').waitFor();
    await shot(page, '50-teacher-record');
  });

  it('the county approves the teacher on the record and certifies the teaching qualification', async () => {
    const { driver } = env();
    const county = await driver.as('sh_nanming');
    await county.goto(recordUrl);
    await county.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor();
    await approveOnRecord(county, '资质材料齐全，同意');
    await county.locator('[data-test=record-status]', { hasText: '已生效' }).waitFor();

    await county.locator('[data-test=certify]').click();
    const dialog = county.locator('[data-test=teacher-manage-dialog]');
    await dialog.waitFor();
    await dialog.locator('input[name=certificateNo]').fill('黔师资E2E-000001');
    await dialog.locator('[data-test=manage-confirm]').click();
    await dialog.waitFor({ state: 'hidden' });
    await county.locator('[data-test=teacher-details]', { hasText: '黔师资E2E-000001' }).waitFor();
  });
}
