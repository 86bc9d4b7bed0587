// Trainees: an institution enters a person and submits the entry; the exact lookup by full ID
// number finds them; the county approves the entry from its inbox; a second institution entering
// the same ID number only requests a link, which its own county approves; then the record and the
// list flag the person as entered by two institutions.
import { expect, it } from '@jest/globals';
import { shot, text } from '../console-browser';
import type { Locator, Page } from 'playwright-core';
import type { E2eEnv } from './env';
import { approveOnRecord, openFromInbox } from './review';
import { bankCard, idNumber } from './test-data';

/**
 * Picks a person category and checks the select shows it: under a loaded machine a click on the
 * option can land while the dropdown is still opening, and the form then refuses 请选择人员类别.
 */
async function chooseCategory(page: Page, form: Locator, label: string): Promise<void> {
  const select = form.locator('[data-test=category-select]');
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: label }).click();
    const chosen = await select.locator('.el-tag, .el-select__selected-item', { hasText: label }).first().waitFor({ timeout: 3_000 }).then(() => true, () => false);
    if (chosen) break;
    if (attempt === 3) throw new Error(`人员类别未选中：${label}`);
    await page.keyboard.press('Escape');
  }
}

const NAME = '王小明';
const ID_NUMBER = idNumber('520103', '19980512', '455');

export function traineeSteps(env: () => E2eEnv): void {
  let recordUrl = '';

  it('an institution enters a trainee, submits the entry, and finds them by the full ID number', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(`${platform.url}/trainee`);
    await page.locator('[data-test=enter-trainee]').click();
    const form = page.locator('[data-test=trainee-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill(NAME);
    await form.locator('input[name=idNumber]').fill(ID_NUMBER);
    await chooseCategory(page, form, '农村转移就业劳动者');
    await form.locator('input[name=phone]').fill('13708519876');
    await form.locator('input[name=bankAccount]').fill(bankCard('621700123456789012'));
    await page.locator('[data-test=trainee-dialog] [data-test=submit-at-once]').click();
    await page.locator('[data-test=trainee-dialog] [data-test=save]').click();
    await page.waitForURL(/\/trainee\/[0-9a-f-]{36}$/);
    recordUrl = page.url();
    await page.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor();
    const details = await text(page.locator('[data-test=trainee-details]'));
    expect(details).toContain('1998-05-12');
    expect(details).toContain('男');
    expect(details).not.toContain(ID_NUMBER);
    // An institution operator may not unmask personal data.
    expect(await page.locator('[data-test^=reveal-]').count()).toBe(0);
    expect(await page.locator('[data-test=enrolments] .el-table__row').count()).toBe(1);
    await shot(page, '45-trainee-record');

    await page.goto(`${platform.url}/trainee`);
    const filter = page.locator('[data-test=trainee-filter]');
    await filter.locator('input[name=idNumber]').fill(ID_NUMBER);
    await filter.locator('[data-test=search]').click();
    const rows = page.locator('[data-test=trainee-table] .el-table__row');
    // The filtered answer, not the unfiltered page still on screen: the pager's total says 共 1 条.
    await page.locator('.list-pager .el-pagination__total', { hasText: '共 1 条' }).waitFor({ timeout: 30_000 });
    await rows.filter({ hasText: NAME }).waitFor();
    expect(await rows.count()).toBe(1);
    await shot(page, '46-trainee-lookup');
    // Exact: one wrong digit finds no one.
    await filter.locator('input[name=idNumber]').fill(idNumber('520103', '19980512', '453'));
    await filter.locator('[data-test=search]').click();
    await page.locator('[data-test=trainee-table] .el-table__empty-text', { hasText: '没有符合条件的学员' }).waitFor();
  });

  it('the county reviewer approves the entry from the inbox', async () => {
    const { driver, platform } = env();
    const county = await driver.as('sh_nanming');
    await openFromInbox(county, platform.url, NAME, '学员');
    await county.waitForURL(recordUrl);
    // A reviewer without pii:unmask sees the ID number masked, with no 查看.
    expect(await text(county.locator('[data-test=trainee-details]'))).not.toContain(ID_NUMBER);
    expect(await county.locator('[data-test^=reveal-]').count()).toBe(0);
    await approveOnRecord(county, '身份信息核实无误');
    await county.locator('[data-test=record-status]', { hasText: '已生效' }).waitFor();
  });

  it('a second institution entering the same ID number only requests a link: it sees the person once its county approves', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_yunyan');
    await page.goto(`${platform.url}/trainee`);
    await page.locator('[data-test=enter-trainee]').click();
    const form = page.locator('[data-test=trainee-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill(NAME);
    await form.locator('input[name=idNumber]').fill(ID_NUMBER);
    await chooseCategory(page, form, '农村转移就业劳动者');
    await form.locator('input[name=phone]').fill('13708519876');
    await page.locator('[data-test=trainee-dialog] [data-test=submit-at-once]').click();
    await page.locator('[data-test=trainee-dialog] [data-test=save]').click();
    // The person is another institution's approved record: the entry is a link request, which opens nothing yet.
    // 30 s: under the full test run the browser test shares 2 cores with every other suite.
    await page
      .locator('.el-message', { hasText: '已由其他机构录入' })
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        await shot(page, '47-trainee-duplicate-failed');
        const refusal = page.locator('[data-test=trainee-dialog] [data-test=form-error]');
        throw (await refusal.isVisible()) ? new Error(`录入被拒绝：${await text(refusal)}`) : error;
      });
    await page.goto(recordUrl);
    await page.locator('[data-test=page-error]', { hasText: '记录不存在或不在您的数据权限范围内' }).waitFor();
    expect(await page.content()).not.toContain('13708519876');

    // Its county reviews the link from the inbox, seeing the person it is asked about.
    const county = await driver.as('sh_yunyan');
    await openFromInbox(county, platform.url, NAME, '学员');
    await county.locator('[data-test=duplicate-flag]').waitFor();
    await approveOnRecord(county, '核实为本机构学员');
    await county.locator('[data-test=record-status]', { hasText: '已生效' }).waitFor();

    // Now the same person's record, entered by two institutions, flagged.
    await page.goto(recordUrl);
    await page.locator('[data-test=duplicate-flag]').waitFor({ timeout: 30_000 });
    const enrolments = page.locator('[data-test=enrolments] .el-table__row');
    await enrolments.nth(1).waitFor();
    expect(await text(enrolments.nth(1))).toContain('其他机构已先录入此人');
    await shot(page, '47-trainee-duplicate');

    await page.goto(`${platform.url}/trainee`);
    await page.locator('[data-test=duplicate-only]').click();
    await page.locator('[data-test=trainee-filter] [data-test=search]').click();
    await page.locator('[data-test=trainee-table] .el-table__row', { hasText: NAME }).locator('[data-test=duplicate-flag]').waitFor();
  });
}
