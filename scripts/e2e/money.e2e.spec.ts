// The money pages in a real browser (Debian's Chromium driven by playwright-core) against the
// platform started as `npm start` starts it, on the demo data (scripts/money-demo.ts): the
// province's operator reads 补贴标准 (the approved standards of every subsidy); 南明区's operator
// reads 资金 with its balances and a balanced 对账 (training funding and personal subsidies), a 培训经费申报 with its eligible list and each exclusion's reason,
// the payment batch whose bank result file the demo imported (paid and failed orders, a person's
// social-security-card account among the payees, reconciled); and 个人补贴: the list, a paid record's
// calculation with the standard's version and its payment, the 受理 dialog's Chinese validation
// messages, and the demo's re-issued record (failed payment, new card masked, paid). Not driven here:
// the 申请重新支付 dialog itself (the demo leaves no failed personal payment un-reissued), nor making a batch and importing a result file in the browser (the API
// spec api/payment-batch/payment-api.int.spec.ts does it over HTTP). Screenshots go to
// test-artifacts/screenshots/ (money-*.png).
//
// Without Chromium the test FAILS, naming the install command (console-browser.ts, requireChromium).
import { describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { shot, text } from './console-browser';
import { consoleInBrowser } from './console-in-browser';

jest.setTimeout(150_000);

describe('money pages in a browser', () => {
  const world = consoleInBrowser({ readyWithinMs: 540_000 });

  const openList = (page: Page, route: string, table: string) => world.driver.openList(page, route, table);

  it('补贴标准: the province\'s approved standards of every subsidy', async () => {
    // The province's operator: standards belong to the province and the prefectures, a county's users see none.
    const page = await world.driver.as('sq_province');
    const table = await openList(page, 'SubsidyStandardList', 'standard-table');
    const rows = await text(table);
    for (const expected of ['机构培训补贴', '生活费补贴', '一次性创业补贴', '技能提升补贴', '第1版', '已生效', '30.00 元/人·天']) expect(rows).toContain(expected);
    // 贵阳's own standard, proposed and waiting for its review.
    expect(await text(table.locator('.el-table__row', { hasText: '贵阳市' }).first())).toContain('审核中');
    await shot(page, 'money-standards');
  });

  it('资金: 南明\'s funds with their balances, reconciled to the fen', async () => {
    const page = await world.driver.as('sq_nanming');
    const table = await openList(page, 'FundList', 'fund-table');
    const row = table.locator('.el-table__row', { hasText: '2026' }).first();
    expect(await text(row)).toContain('就业补助资金');
    expect(await text(row.locator('[data-test=remaining]'))).toMatch(/^[\d,]+\.\d{2}$/);
    await row.locator('[data-test=reconcile]').click();
    // The fund against every record reserved on it (training funding and personal subsidies) and the batches, to the fen.
    const result = page.locator('.el-message-box');
    await result.waitFor();
    const verdict = await text(result);
    expect(verdict).toContain('对账平衡');
    expect(verdict).toContain('三方一致');
    await shot(page, 'money-funds');
    await result.locator('button', { hasText: '知道了' }).click();
  });

  it('培训经费申报: an approved application shows the eligible trainees and every excluded one with the reason', async () => {
    const page = await world.driver.as('sq_nanming');
    const table = await openList(page, 'TrainingFundingList', 'funding-table');
    // 南明's three: paid, failed and in 公示 (the other states are other counties', out of this user's scope).
    expect(await table.locator('.el-table__row').count()).toBeGreaterThanOrEqual(3);
    await table.locator('.el-table__row', { hasText: '已生效' }).first().locator('.el-link').click();
    await page.locator('[data-test=calculation]').waitFor();
    const eligible = page.locator('[data-test=eligible-table] .el-table__row');
    expect(await eligible.count()).toBeGreaterThan(0);
    expect(await text(page.locator('[data-test=calculation-total]'))).toMatch(/[\d,]+\.\d{2} 元/);
    const excluded = page.locator('[data-test=excluded-table]');
    const reasons = await text(excluded);
    // Every excluded trainee is listed with a reason (or the list is empty: 无).
    expect(reasons.length).toBeGreaterThan(0);
    if ((await excluded.locator('.el-table__row').count()) > 0) expect(reasons).toMatch(/未结业|出勤率|考核|补贴|欺诈|自费|标准/);
    await shot(page, 'money-funding-application');
  });

  it('支付批次: the demo\'s batch with its result file imported: paid and failed orders, a person\'s social-security-card account among the payees, reconciled', async () => {
    const page = await world.driver.as('sq_nanming');
    // The demo's first batch (with its failed orders): the newest is the one paying the re-issued personal subsidy.
    const batches = await (await openList(page, 'PaymentBatchList', 'batch-table')).locator('.el-table__row').count();
    const orders = page.locator('[data-test=order-table]');
    let settled = '';
    for (let i = 0; i < batches && !settled.includes('支付失败'); i++) {
      const table = await openList(page, 'PaymentBatchList', 'batch-table');
      await table.locator('.el-table__row').nth(i).locator('.el-link, .el-button').first().click();
      await orders.locator('.el-table__row').first().waitFor();
      settled = await text(orders);
    }
    expect(settled).toContain('支付成功');
    expect(settled).toContain('支付失败');
    expect(settled).toContain('社保卡金融账户');
    expect(await text(page.locator('[data-test=reconciled]'))).toContain('分毫不差');
    await shot(page, 'money-batch-settled');

  });

  it('个人补贴: the list, a paid record\'s calculation, standard version and payment, and the 受理 dialog\'s Chinese validation', async () => {
    const page = await world.driver.as('sq_nanming');
    const table = await openList(page, 'PersonalSubsidyList', 'personal-subsidy-table');
    const rows = await text(table);
    expect(rows).toMatch(/技能提升补贴|生活费补贴|一次性创业补贴/);
    await shot(page, 'money-personal-subsidies');
    await table.locator('.el-table__row', { hasText: '已支付' }).first().locator('.el-link').first().click();
    await page.locator('[data-test=personal-calculation]').waitFor();
    expect(await text(page.locator('[data-test=calculation-standard]'))).toMatch(/黔人社通〔2025〕\d+号，第1版/);
    expect(await text(page.locator('[data-test=payment]'))).toContain('已支付');
    await shot(page, 'money-personal-subsidy-record');

    // 受理 at the school's desk: a skill-upgrade application's 试算 for a person of a completed class; the server answers with the amount or every reason.
    const desk = await world.driver.as('jg_nanming');
    await desk.goto(world.platform.url);
    await desk.locator('[data-test=menu-PersonalSubsidyList]').click();
    await desk.locator('[data-test=apply]').click();
    const dialog = desk.locator('[data-test=personal-apply-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-test=apply-preview]').click();
    expect(await text(dialog.locator('.el-form-item__error').first())).toContain('请选择申请人结业的培训班');
    // The evidence a kind needs is asked for in Chinese as well.
    expect(await text(dialog)).toContain('请选择申请人');
    await dialog.locator('[data-test=apply-kind] label', { hasText: '一次性创业补贴' }).click();
    await dialog.locator('[data-test=apply-preview]').click();
    await dialog.locator('.el-form-item__error', { hasText: '请填写营业执照统一社会信用代码' }).waitFor();
    await shot(desk, 'money-personal-subsidy-apply');
  });

  it('个人补贴 重新支付: the demo\'s re-issued record shows the failed payment, the new card masked, the re-issue approved and the payment made', async () => {
    const page = await world.driver.as('sq_nanming');
    const table = await openList(page, 'PersonalSubsidyList', 'personal-subsidy-table');
    const paid = await table.locator('.el-table__row', { hasText: '已支付' }).count();
    let found = false;
    for (let i = 0; i < paid && !found; i++) {
      const list = await openList(page, 'PersonalSubsidyList', 'personal-subsidy-table');
      await list.locator('.el-table__row', { hasText: '已支付' }).nth(i).locator('.el-link').first().click();
      await page.locator('[data-test=personal-calculation]').waitFor();
      found = (await page.locator('[data-test=reissue-table]').count()) > 0;
    }
    expect(found).toBe(true);
    const reissues = await text(page.locator('[data-test=reissue-table]'));
    expect(reissues).toMatch(/收款账户已(冻结|销户)/);
    expect(reissues).toContain('原社保卡金融账户已冻结，本人已换领新社保卡');
    // The new card only masked, on the re-issue and as the payee; the payment made.
    expect(reissues).not.toMatch(/\d{12,}/);
    const payee = await text(page.locator('[data-test=payee]'));
    expect(payee).toContain('重新支付审核通过的社保卡金融账户');
    expect(payee).not.toMatch(/\d{12,}/);
    expect(await text(page.locator('[data-test=payment]'))).toContain('已支付');
    await shot(page, 'money-personal-subsidy-reissue');
  });
});
