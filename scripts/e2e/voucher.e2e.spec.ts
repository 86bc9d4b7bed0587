// 职业培训券 in a real browser (Debian's Chromium driven by playwright-core) against the platform
// started as `npm start` starts it, on the demo data (scripts/voucher-demo.ts): 南明区's operator
// finds the demo vouchers in their states, the statistics by issuing authority and kind, the
// accepting school; the issue dialog refuses an empty form in Chinese; a holder's record page shows
// the voucher and its timeline, and 作废 with a reason cancels it and withdraws it from the card. Screenshots go to
// test-artifacts/screenshots/ (voucher-*.png).
//
// Without Chromium the test FAILS, naming the install command (console-browser.ts, requireChromium).
import { describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { shot, text } from './console-browser';
import { consoleInBrowser } from './console-in-browser';

jest.setTimeout(150_000);

describe('职业培训券 in a browser', () => {
  const world = consoleInBrowser({ setupMs: 900_000 });

  async function openVouchers(page: Page) {
    await page.goto(world.platform.url);
    await page.locator('[data-test=menu-VoucherList]').click();
    await page.locator('[data-test=voucher-table] .el-table__row').first().waitFor();
    return page.locator('[data-test=voucher-table]');
  }

  it('lists the demo vouchers in their states, counts them by authority and kind, and names the accepting school', async () => {
    const page = await world.driver.as('sq_nanming');
    const table = await openVouchers(page);
    const rows = await text(table);
    // 已使用: the demo enrols an eligible holder with the voucher in one of the school's draft classes;
    // 已结算: another's class was completed and its funding approved (settleVoucherDemo).
    for (const expected of ['未使用', '已使用', '已结算', '已作废', '已过期', '面额800.00元', '按补贴标准的80%', '持券人已就业，本人申请放弃']) expect(rows).toContain(expected);
    await shot(page, 'voucher-list');

    await page.locator('.el-tabs__item', { hasText: '统计' }).click();
    const stats = page.locator('[data-test=voucher-statistics]');
    await stats.locator('.el-table__row').first().waitFor();
    expect(await text(stats)).toMatch(/南明区.*面额券/s);
    await page.locator('.el-tabs__item', { hasText: '受理机构' }).click();
    const acceptances = page.locator('[data-test=voucher-acceptances]');
    await acceptances.locator('.el-table__row').first().waitFor();
    expect(await text(acceptances)).toContain('受理');
    await shot(page, 'voucher-acceptances');
  });

  it('refuses an empty issue form in Chinese, and cancels an unused voucher with its reason on the holder\'s page', async () => {
    const page = await world.driver.as('sq_nanming');
    await openVouchers(page);
    await page.locator('[data-test=issue-voucher]').click();
    const dialog = page.locator('[data-test=voucher-dialog]');
    await dialog.locator('[data-test=save]').click();
    await dialog.locator('.el-form-item__error', { hasText: '请选择持券人' }).waitFor();
    expect(await text(dialog)).toContain('请填写发放依据');
    await shot(page, 'voucher-issue-refused');
    await dialog.locator('button', { hasText: '取消' }).click();

    // A row whose status cell says 未使用 (an expired one's reason, 逾期未使用, says it too).
    const row = page.locator('[data-test=voucher-table] .el-table__row').filter({ has: page.locator('td', { hasText: /^\s*未使用\s*$/ }) }).first();
    await row.locator('[data-test=open-holder]').click();
    const vouchers = page.locator('[data-test=holder-vouchers]');
    await vouchers.locator('.el-table__row').first().waitFor();
    await vouchers.locator('[data-test=cancel-voucher]').first().click();
    const prompt = page.locator('.el-message-box');
    await prompt.locator('input').fill('持券人已在外省参加培训');
    await prompt.locator('button', { hasText: '作废' }).click();
    await vouchers.locator('.el-table__row', { hasText: '已作废：持券人已在外省参加培训' }).waitFor();
    // Withdrawn from the card at once (the embedded adapter: nothing had left the system).
    await vouchers.locator('.el-table__row', { hasText: '已从社保卡撤销' }).waitFor();
    await shot(page, 'voucher-holder-cancelled');
  });
});
