// 支付批次 made and answered in a real browser (Debian's Chromium driven by playwright-core) against the
// platform started as `npm start` starts it, on the demo data (scripts/money-demo.ts leaves one of 南明's
// funds a payable training-funding application and a payable personal subsidy): 南明区's operator makes a
// batch of a fund's payable records on the list page, downloads the bank's payment file from the
// batch's page, imports a result file naming a payment the batch does not hold (refused whole, the
// Chinese reason on the page, nothing recorded: every order still 待回盘), then the bank's result file
// with one paid and one failed row, and sees the batch's figures (支付成功 + 支付失败, nothing
// 待回盘, reconciled) and, filtering the orders by 支付失败, the failed order's reason. The result file is
// written here as the bank stand-in's contract (CONTRACT.md) says; no bank is reached.
// Screenshots go to test-artifacts/screenshots/ (payment-batch-*.png).
//
// Without Chromium the test FAILS, naming the install command (console-browser.ts, requireChromium).
import { describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { shot, text } from './console-browser';
import { consoleInBrowser } from './console-in-browser';

jest.setTimeout(180_000);

/** The fen of a payment-file line as the console shows yuan: 1234567 -> 12,345.67. */
const yuan = (fen: number) => `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

describe('payment batch made and answered in a browser', () => {
  const world = consoleInBrowser({ readyWithinMs: 540_000 });

  /**
   * 生成支付批次 for each of the operator's funds in turn until one holds at least two orders (the
   * demo's payable records are on one of 南明's funds; the others answer 没有可支付的记录 in Chinese).
   */
  async function makeBatch(page: Page): Promise<number> {
    await page.goto(world.platform.url);
    await page.locator('[data-test=menu-PaymentBatchList]').click();
    await page.locator('[data-test=batch-table] .el-table__row').first().waitFor();
    await page.locator('[data-test=batch-fund]').click();
    await page.locator('.el-select-dropdown__item:visible').first().waitFor();
    const funds = await page.locator('.el-select-dropdown__item:visible').count();
    await page.keyboard.press('Escape');
    const outcomes: string[] = [];
    for (let i = 0; i < funds; i++) {
      if (i > 0) {
        await page.goto(world.platform.url);
        await page.locator('[data-test=menu-PaymentBatchList]').click();
        await page.locator('[data-test=batch-table] .el-table__row').first().waitFor();
      }
      await page.locator('[data-test=batch-fund]').click();
      await page.locator('.el-select-dropdown__item:visible').nth(i).waitFor();
      await page.locator('.el-select-dropdown__item:visible').nth(i).click();
      await page.locator('[data-test=create-batch]').click();
      const refused = page.locator('.el-message--error');
      const skipped = page.locator('.el-message-box');
      const opened = page.locator('[data-test=order-table] .el-table__row').first();
      await Promise.race([refused.waitFor(), skipped.waitFor(), opened.waitFor()]);
      if (await refused.isVisible()) {
        outcomes.push(`${i}: ${await text(refused)}`);
        expect(await text(refused)).toContain('没有可支付');
        continue;
      }
      if (await skipped.isVisible()) {
        outcomes.push(`${i}: ${await text(skipped)}`);
        await skipped.locator('button', { hasText: '知道了' }).click();
      }
      await opened.waitFor();
      const rows = await page.locator('[data-test=order-table] .el-table__row').count();
      outcomes.push(`${i}: ${rows} 笔 ${await text(page.locator('[data-test=order-table]'))}`);
      if (rows >= 2) return rows;
    }
    console.log(world.platform.output().split('\n').filter((l) => l.includes('补贴与资金')).join('\n'));
    throw new Error(`没有一项资金的支付批次含两笔以上支付指令（演示数据应给南明的资金留下可支付的培训经费申报和个人补贴）：${outcomes.join(' | ')}`);
  }

  it('makes a batch from payable records, downloads its payment file, refuses a wrong result file, imports one paid and one failed row', async () => {
    const page = await world.driver.as('sq_nanming');
    const rows = await makeBatch(page);
    const orders = page.locator('[data-test=order-table]');
    expect(await text(orders)).toContain('待回盘');
    await shot(page, 'payment-batch-made');

    // The bank's payment file, from the batch's page: its header names the batch, count and total.
    const download = page.waitForEvent('download');
    await page.locator('[data-test=download-payment-file]').click();
    const content = readFileSync((await (await download).path())!, 'utf8');
    const [header, ...lines] = content.trim().split('\n');
    const [tag, version, batchId, count] = header!.split(',');
    expect([tag, version, Number(count), lines.length]).toEqual(['#GZPAY', '1', rows, rows]);
    const parsed = lines.map((l) => { const [paymentId, , , amount] = l.split(','); return { paymentId: paymentId!, amountFen: Number(amount) }; });
    await page.locator('.el-descriptions', { hasText: '已生成' }).waitFor();
    // Once the file left, the batch can no longer be voided.
    expect(await page.locator('[data-test=void-batch]').count()).toBe(0);

    // A result file with a row the batch does not hold: refused whole, the reason in Chinese, nothing recorded.
    const upload = page.locator('.el-upload input[type=file]');
    const unknown = randomUUID();
    await upload.setInputFiles({ name: '银行结果-错误.csv', mimeType: 'text/csv', buffer: Buffer.from(`#GZPAYRESULT,1,${batchId}\n${parsed[0]!.paymentId},SUCCESS,${parsed[0]!.amountFen},BK0001,\n${unknown},SUCCESS,100,BK0002,\n`, 'utf8') });
    const error = page.locator('[data-test=import-error]');
    await error.waitFor();
    expect(await text(error)).toContain(`支付编号${unknown}不在本批次中`);
    await page.reload();
    await orders.locator('.el-table__row').first().waitFor();
    expect(await text(orders)).not.toContain('支付成功');
    expect(await text(page.locator('.el-descriptions'))).toContain(`待回盘 ${yuan(parsed.reduce((s, o) => s + o.amountFen, 0))} 元`);
    await shot(page, 'payment-batch-refused');

    // The bank's answer: the first order paid, the second failed on a frozen account, any others paid.
    const result = [`#GZPAYRESULT,1,${batchId}`, ...parsed.map((o, i) => (i === 1 ? `${o.paymentId},FAIL,${o.amountFen},,收款账户已冻结` : `${o.paymentId},SUCCESS,${o.amountFen},GZB${String(i).padStart(6, '0')},`))].join('\n') + '\n';
    await page.locator('.el-upload input[type=file]').setInputFiles({ name: '银行结果.csv', mimeType: 'text/csv', buffer: Buffer.from(result, 'utf8') });
    await page.locator('.el-message--success', { hasText: '支付结果已导入' }).waitFor();
    await orders.locator('.el-table__row', { hasText: '支付失败' }).waitFor();
    const failedFen = parsed[1]!.amountFen;
    const paidFen = parsed.reduce((s, o) => s + o.amountFen, 0) - failedFen;
    const figures = await text(page.locator('.el-descriptions'));
    expect(figures).toContain(`支付成功 ${yuan(paidFen)} 元`);
    expect(figures).toContain(`支付失败 ${yuan(failedFen)} 元`);
    expect(figures).toContain('待回盘 0.00 元');
    expect(await text(page.locator('[data-test=reconciled]'))).toContain('分毫不差');
    // Every order answered: nothing is left to send or import, the file stays to download.
    await page.locator('[data-test=upload-results]').waitFor({ state: 'detached' });
    expect(await page.locator('[data-test=send-to-bank]').count()).toBe(0);
    expect(await page.locator('[data-test=download-payment-file]').count()).toBe(1);

    // The failed order and its reason, found by the orders' filter.
    await page.locator('[data-test=order-status]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '支付失败' }).click();
    await page.locator('[data-test=order-filter] [data-test=search]').click();
    await orders.locator('.el-table__row', { hasText: '收款账户已冻结' }).waitFor();
    expect(await orders.locator('.el-table__row').count()).toBe(1);
    expect(await text(orders.locator('.el-table__row').first())).toContain('支付失败');
    await shot(page, 'payment-batch-answered');
  });
});
