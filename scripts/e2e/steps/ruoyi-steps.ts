// What a RuoYi user looks for (issue 16 §3), in the browser: the login captcha after the second
// failure, 个人中心, 通知公告 (publish with the editor, the unread bell, the sandboxed body, receipts),
// 在线用户 and 强退, 定时任务 (run now, history, pause, resume), 服务监控 (charts) and the lock screen
// (锁屏) offered by the idle warning. The captcha's answer is read from the platform's database, as
// only a test may: the image is for people.
import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { readXlsxBytes } from '../../../testing/spreadsheets';
import { waitUntil } from '../../../testing/wait-until';
import { shot, text } from '../console-browser';
import type { E2eEnv } from './env';

const NOTICE_TITLE = '关于做好2026年度职业技能培训年审工作的通知';

/** The answer to the captcha the page shows (its id is the last one issued). */
async function captchaAnswer(dataDir: string): Promise<string> {
  const client = new pg.Client({ connectionString: readFileSync(path.join(dataDir, 'postgres.url'), 'utf8').trim() });
  await client.connect();
  try {
    const { rows } = await client.query<{ answer: string }>('select answer from login_captchas order by expires_at desc limit 1');
    return rows[0]!.answer;
  } finally {
    await client.end();
  }
}

const badge = (page: Page) => page.locator('[data-test=notice-bell] .el-badge__content');

export function ruoyiSteps(env: () => E2eEnv): void {
  it('asks for an image captcha after the second failed login, and lets the right one in', async () => {
    const { driver, platform } = env();
    const page = await driver.newPage('captcha-desk');
    await page.goto(`${platform.url}/login`);
    for (let i = 0; i < 2; i++) {
      await page.locator('input[name=username]').fill('jg_nanming');
      await page.locator('input[name=password]').fill('wrong-Password1');
      await page.locator('[data-test=login-submit]').click();
      await page.locator('[data-test=login-error]').waitFor();
    }
    const image = page.locator('[data-test=captcha-image]');
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await shot(page, '60-login-captcha');
    // A wrong answer is refused and a new image shown (its answer is read only once it is shown:
    // the refused one is gone from the table, and the new one is issued by the page's next request).
    const refusedImage = await image.getAttribute('src');
    await page.locator('input[name=password]').fill(driver.accounts.password('jg_nanming'));
    await page.locator('input[name=captchaCode]').fill('zzzz');
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=login-error]', { hasText: '图形验证码错误' }).waitFor();
    await waitUntil(() => image.getAttribute('src'), (src) => Boolean(src) && src !== refusedImage, { what: 'a new captcha image after the wrong answer', timeoutMs: 30_000 });
    await page.locator('input[name=password]').fill(driver.accounts.password('jg_nanming'));
    await page.locator('input[name=captchaCode]').fill(await captchaAnswer(platform.dataDir));
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=user-org]').waitFor();
    await page.context().close();
  });

  it('个人中心: profile, organisation, roles, second factor, own sessions and login history', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(platform.url);
    await page.locator('[data-test=user-menu]').click();
    await page.locator('[data-test=profile]').click();
    await page.waitForURL(/\/profile$/);
    const info = page.locator('[data-test=profile-info]');
    await info.waitFor();
    expect(await text(info)).toContain('南明区阳光职业技能培训学校');
    expect(await text(info)).toContain('培训机构经办人');
    await page.locator('[data-test=my-sessions] .el-table__row', { hasText: '当前会话' }).waitFor();
    const history = page.locator('[data-test=login-history]');
    await history.locator('.el-table__row', { hasText: '登录失败' }).first().waitFor();
    expect(await text(history)).toContain('密码错误');
    await shot(page, '61-profile');
  });

  it('通知公告: an authority publishes with the editor; the school sees the bell, reads the sandboxed body; the authority sees the receipt', async () => {
    const { driver, platform } = env();
    const author = await driver.as('sq_nanming');
    await author.goto(platform.url);
    await author.locator('[data-test=menu-NoticeManage]').click();
    await author.locator('[data-test=create-notice]').click();
    const form = author.locator('[data-test=notice-form]');
    await form.waitFor();
    await form.locator('input[name=title]').fill(NOTICE_TITLE);
    await form.locator('[data-test=notice-targets]').click();
    await form.locator('[data-test=notice-targets] input').fill('阳光职业');
    await author.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: '南明区阳光职业技能培训学校' }).click();
    await author.keyboard.press('Escape');
    const editor = form.locator('[data-test=notice-editor]');
    await editor.click();
    await author.keyboard.type('请各机构于12月31日前提交年审材料。');
    await shot(author, '62-notice-form');
    await author.locator('[data-test=notice-publish]').click();
    await form.waitFor({ state: 'detached' });
    await author.locator('[data-test=notice-table] .el-table__row', { hasText: NOTICE_TITLE }).locator('.el-tag', { hasText: '已发布' }).waitFor();

    const school = await driver.as('jg_nanming');
    await school.goto(platform.url);
    await badge(school).filter({ hasText: '1' }).waitFor();
    await shot(school, '63-notice-bell');
    await school.locator('[data-test=notice-bell] button').click();
    await school.locator('[data-test=notice-inbox] [data-test=open-notice]', { hasText: NOTICE_TITLE }).click();
    await school.locator('[data-test=notice-title]', { hasText: NOTICE_TITLE }).waitFor();
    // The body is shown in a sandboxed frame (no scripts), not as markup in the page.
    expect(await school.locator('[data-test=notice-body]').getAttribute('sandbox')).toBe('allow-same-origin allow-popups allow-popups-to-escape-sandbox');
    await school.frameLocator('[data-test=notice-body]').locator('body', { hasText: '提交年审材料' }).waitFor();
    await shot(school, '64-notice-read');
    // Read: the bell empties at the next navigation.
    await school.goto(platform.url);
    await school.locator('[data-test=notice-bell]').waitFor();
    await badge(school).waitFor({ state: 'hidden' });

    await author.locator('[data-test=notice-table] .el-table__row', { hasText: NOTICE_TITLE }).getByRole('button', { name: NOTICE_TITLE }).click();
    await author.locator('[data-test=notice-receipts]', { hasText: '已读 1' }).waitFor();
    await shot(author, '65-notice-receipts');
  });

  it('在线用户: the security administrator ends a session with a reason (强退), and that console returns to the login page', async () => {
    const { driver, platform } = env();
    const victim = await driver.newPage('forced-desk');
    await driver.login(victim, 'dd_province');
    await victim.locator('[data-test=user-org]').waitFor();

    const admin = await driver.as('secadmin');
    await admin.goto(platform.url);
    await admin.locator('[data-test=menu-OnlineUsers]').click();
    const table = admin.locator('[data-test=online-users-table]');
    const row = table.locator('.el-table__row', { hasText: driver.clientIp('forced-desk') });
    await row.waitFor();
    expect(await text(row)).toContain('dd_province');
    await shot(admin, '66-online-users');
    await row.locator('[data-test=end-session]').click();
    const dialog = admin.locator('[data-test=end-session-dialog]');
    await dialog.locator('[data-test=confirm-end-session]').click();
    await dialog.locator('.el-form-item__error', { hasText: '请填写强制退出原因' }).waitFor();
    await dialog.locator('textarea[name=reason]').fill('账号在非工作时间异地登录，核实前强制退出');
    await dialog.locator('[data-test=confirm-end-session]').click();
    await dialog.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });

    await victim.goto(`${platform.url}/occupation`);
    await victim.waitForURL(/\/login/);
    await victim.context().close();
  });

  it('定时任务: the system administrator runs the licence check now, reads its history, pauses and resumes it', async () => {
    const { driver, platform } = env();
    const page = await driver.as('sysadmin');
    await page.goto(platform.url);
    await page.locator('[data-test=menu-ScheduledJobs]').click();
    const row = page.locator('[data-test=jobs-table] .el-table__row', { hasText: '办学许可证到期检查' });
    await row.waitFor();
    await page.locator('[data-test=jobs-table] .el-table__row', { hasText: '账本摘要签署' }).waitFor();
    await row.locator('[data-test=run-job]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '执行' }).click();
    await waitUntil(
      async () => {
        await page.locator('[data-test=jobs-refresh]').click();
        return text(row);
      },
      (shown) => shown.includes('成功'),
      { what: 'the licence check run to succeed', timeoutMs: 30_000, intervalMs: 500 },
    );
    await shot(page, '67-jobs');
    await row.locator('[data-test=job-history]').click();
    const history = page.locator('[data-test=job-runs]');
    await history.locator('.el-table__row', { hasText: '手动执行' }).waitFor();
    await history.getByRole('button', { name: '关闭', exact: true }).click();

    await row.locator('[data-test=pause-job]').click();
    const prompt = page.locator('.el-message-box');
    await prompt.locator('input').fill('年审期间暂停自动检查');
    await prompt.getByRole('button', { name: '暂停' }).click();
    await row.locator('.el-tag', { hasText: '已暂停' }).waitFor();
    await row.locator('[data-test=resume-job]').click();
    await row.locator('.el-tag', { hasText: '正常' }).waitFor();
  });

  it('服务监控: read-model lag, the log head, the database, memory and CPU, charted', async () => {
    const { driver, platform } = env();
    const page = await driver.as('secadmin');
    await page.goto(platform.url);
    await page.locator('[data-test=menu-PlatformMonitor]').click();
    await page.locator('[data-test=monitor-lag-chart] canvas').waitFor();
    expect(await text(page.locator('[data-test=monitor-summary]'))).toMatch(/事件日志头部.*数据库大小.*MB/);
    await page.locator('[data-test=monitor-read-models] .el-table__row', { hasText: 'notices' }).waitFor();
    await shot(page, '68-monitor');
  });

  it('exports a record\'s timeline as a readable workbook beside the signed JSON', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(`${platform.url}/occupation`);
    await page.locator('[data-test=occupation-table] .el-table__row', { hasText: '茶艺师' }).locator('.el-link').first().click();
    await page.locator('[data-test=record-title]').waitFor();
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.locator('[data-test=chain-status]').waitFor();
    const download = page.waitForEvent('download');
    await page.locator('[data-test=export-timeline-xlsx]').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^时间线-.*茶艺师.*\.xlsx$/);
    const [sheet] = await readXlsxBytes(readFileSync((await file.path())!));
    const rows = sheet!.rows.map((r) => r.values.join(' | '));
    expect(rows[0]).toMatch(/^记录：培训工种·/);
    expect(rows.join('\n')).toMatch(/申报工种.*培训机构经办人/);
    expect(rows.join('\n')).toMatch(/审核退回.*请补充培训场地证明材料/);
  });

  it('锁屏: the idle warning locks the screen; only the password opens it again', async () => {
    const { driver } = env();
    const page = await driver.as('dd_province', { fakeClock: true });
    await page.locator('[data-test=user-org]').waitFor();
    await page.clock.fastForward('26:00');
    const warning = page.locator('.el-dialog', { hasText: '即将自动退出' });
    await warning.waitFor();
    await warning.locator('[data-test=lock-screen-button]').click();
    const lock = page.locator('[data-test=lock-screen]');
    await lock.waitFor();
    await warning.waitFor({ state: 'hidden' });
    await shot(page, '69-lock-screen');
    await lock.locator('input[name=unlockPassword]').fill('wrong-Password1');
    await lock.locator('[data-test=unlock-submit]').click();
    await lock.locator('.el-form-item__error, [data-test=unlock-error]', { hasText: '密码不正确' }).first().waitFor();
    await lock.locator('input[name=unlockPassword]').fill(driver.accounts.password('dd_province'));
    await lock.locator('[data-test=unlock-submit]').click();
    await lock.waitFor({ state: 'detached' });
    await page.locator('[data-test=user-org]').waitFor();
    await page.context().close();
  });
}
