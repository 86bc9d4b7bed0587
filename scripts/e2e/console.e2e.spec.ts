// The console end to end, in a real browser (Debian's Chromium driven by playwright-core) against
// the platform started as `npm start` starts it. Demo users change their one-time password at first
// login and reviewers enrol their second factor on the console's pages (console-browser.ts). Then:
// an institution declares an occupation, the county approves, the city returns it with a reason,
// the institution edits and resubmits, both approve; the review history, the timeline and the audit
// replay show what happened; a reviewer of another county is refused the record. The three
// administrators, the GraphQL explorer, institutions, trainees, teachers and the batch import
// follow (steps/*.ts). A screenshot of each main page goes to test-artifacts/screenshots/.
//
// Without Chromium the test FAILS, naming the install command (console-browser.ts, requireChromium).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Accounts, ConsoleDriver, launchChromium, prepareScreenshots, requireChromium, shot, text } from './console-browser';
import { ensureConsoleBuilt, startPlatform, type RunningPlatform } from './platform';
import { adminSteps } from './steps/admin-steps';
import { captureSteps } from './steps/capture-steps';
import { explorerSteps } from './steps/explorer-steps';
import { importSteps } from './steps/import-steps';
import { ruoyiSteps } from './steps/ruoyi-steps';
import { institutionSteps } from './steps/institution-steps';
import { teacherSteps } from './steps/teacher-steps';
import { technicalSchoolSteps } from './steps/technical-school-steps';
import { traineeSteps } from './steps/trainee-steps';
import { trainingClassSteps } from './steps/training-class-steps';
import { usabilitySteps } from './steps/usability-steps';

// A code no other run of the demo data uses.
const CODE = '4-03-02-05';
const NAME = '茶艺师';
const TITLE = `${NAME}（${CODE}）`;
const MISSING_ID = '00000000-0000-4000-8000-000000000001';

// Each step waits for real projections; a second-factor code may have to wait for the next 30 s step.
jest.setTimeout(150_000);

describe('admin console in a browser', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let driver: ConsoleDriver;
  let occupationId = '';
  let streamId = '';
  const started = Date.now();

  beforeAll(async () => {
    requireChromium();
    prepareScreenshots();
    ensureConsoleBuilt();
    platform = await startPlatform();
    browser = await launchChromium();
    driver = new ConsoleDriver(browser, platform, new Accounts(platform.credentials));
  }, 420_000);

  afterAll(async () => {
    await driver?.close();
    await browser?.close().catch(() => undefined);
    await platform?.stop();
    console.log(`控制台端到端测试用时 ${Math.round((Date.now() - started) / 1000)} 秒`);
  }, 60_000);

  const env = () => ({ driver, platform });

  async function openRecord(page: Page) {
    await page.goto(`${platform.url}/occupation/${occupationId}`);
    await page.locator('[data-test=record-title]').waitFor();
  }

  async function recordStatus(page: Page, expected: string) {
    await page.locator('[data-test=record-status]', { hasText: expected }).waitFor();
  }

  async function decideInInbox(page: Page, decision: 'approve' | 'return', opinion: string) {
    // From another page, so that the menu click loads the inbox afresh.
    await page.goto(platform.url);
    await page.locator('[data-test=menu-ReviewInbox]').click();
    const row = page.locator('[data-test=inbox-table] .el-table__row', { hasText: TITLE });
    await row.waitFor();
    await row.locator(`[data-test=${decision}]`).click();
    const dialog = page.locator('.el-dialog', { has: page.locator('textarea[name=opinion]') });
    await dialog.waitFor();
    // An opinion is required before anything is sent.
    await dialog.locator('[data-test=confirm-decision]').click();
    await dialog.locator('.el-form-item__error').waitFor();
    await dialog.locator('textarea[name=opinion]').fill(opinion);
    await dialog.locator('[data-test=confirm-decision]').click();
    await dialog.waitFor({ state: 'hidden' });
    // Refetched with X-Read-After-Position: the decided task is gone at once.
    await row.waitFor({ state: 'detached' });
  }

  it('shows the login page, refuses a wrong password, and makes a demo user change the one-time password', async () => {
    const page = await driver.newPage('anonymous');
    await page.goto(`${platform.url}/occupation`);
    // Without a session every page leads to the login page.
    await page.waitForURL(/\/login\?redirect=/);
    await page.locator('input[name=username]').fill('jg_nanming');
    await page.locator('input[name=password]').fill('wrong-Password1');
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=login-error]', { hasText: '错误' }).waitFor();
    await shot(page, '01-login');
    // No token or password is kept by the page: only the readable CSRF cookie exists for scripts.
    // (Expressions as strings: the root tsconfig has no DOM types.)
    expect(await page.evaluate("[document.cookie.includes('gz_session'), localStorage.length, sessionStorage.length]")).toEqual([false, 0, 0]);

    // The one-time password opens only the change-password page, which states the policy.
    await page.locator('input[name=password]').fill(platform.credentials.jg_nanming!);
    await page.locator('[data-test=login-submit]').click();
    await page.waitForURL(/\/account\/password\?redirect=(%2F|\/)occupation/);
    await page.locator('[data-test=password-forced]').waitFor();
    await page.locator('[data-test=password-policy] li').nth(5).waitFor();
    expect(await text(page.locator('[data-test=password-policy]'))).toMatch(/长度至少 8 位.*至少 3 类.*最近 5 次/);
    // Any other page leads back here while the password is unchanged.
    await page.goto(`${platform.url}/occupation/${MISSING_ID}`);
    await page.waitForURL(new RegExp(`/account/password\\?redirect=(%2F|/)occupation(%2F|/)${MISSING_ID}$`));
    // A weak password is refused in the browser before anything is sent.
    await page.locator('input[name=currentPassword]').fill(platform.credentials.jg_nanming!);
    await page.locator('input[name=newPassword]').fill('abc');
    await page.locator('input[name=confirmPassword]').fill('abc');
    await page.locator('[data-test=password-submit]').click();
    await page.locator('.el-form-item__error', { hasText: '不符合密码策略' }).waitFor();
    await driver.changePassword(page, 'jg_nanming', '02-change-password');
    // Then to the page asked for (here: a record that does not exist).
    await page.waitForURL(new RegExp(`/occupation/${MISSING_ID}$`));
    await page.locator('[data-test=page-error]', { hasText: '不存在' }).waitFor();
    driver.adopt('jg_nanming', page);
  });

  it('declares an occupation, with the server\'s field errors on the fields, and submits it for review', async () => {
    const page = await driver.as('jg_nanming');
    await page.goto(platform.url);
    expect(await text(page.locator('[data-test=user-org]'))).toContain('南明区阳光职业技能培训学校');
    await page.locator('[data-test=status-chart] canvas').waitFor();
    await shot(page, '03-home-institution');

    await page.locator('[data-test=menu-OccupationList]').click();
    await page.locator('[data-test=occupation-table] .el-table__row').first().waitFor();
    expect(await text(page.locator('[data-test=breadcrumbs]'))).toContain('培训工种');
    await shot(page, '04-occupation-list');

    // Hidden columns stay hidden after a reload: saved under the page's own key.
    const header = page.locator('[data-test=occupation-table] .el-table__header');
    expect(await text(header)).toContain('申报机构');
    await page.locator('[data-test=column-settings]').click();
    await page.locator('.el-popover:visible .el-checkbox', { hasText: '申报机构' }).click();
    await page.reload();
    await page.locator('[data-test=occupation-table] .el-table__row').first().waitFor();
    expect(await text(header)).not.toContain('申报机构');
    expect(await page.evaluate('Object.keys(localStorage)')).toEqual(['gz-console:table:OccupationList']);
    await page.locator('[data-test=column-settings]').click();
    await page.locator('.el-popover:visible .el-checkbox', { hasText: '申报机构' }).click();
    await page.keyboard.press('Escape');

    // Export of the current filter: a real .xlsx (a zip), written by the server under the user's scope.
    const download = page.waitForEvent('download');
    await page.locator('[data-test=export]').click();
    const file = await (await download).path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

    await page.locator('[data-test=declare]').click();
    const dialog = page.locator('[data-test=occupation-form]');
    await dialog.waitFor();
    await dialog.locator('input[name=code]').fill('4030205');
    await dialog.locator('input[name=name]').fill(NAME);
    await dialog.locator('[data-test=level-select]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '四级/中级工' }).click();
    await dialog.locator('input[name=hours]').fill('80');
    await dialog.locator('textarea[name=scope]').fill('茶叶冲泡、茶艺表演与茶事服务');
    await page.locator('[data-test=submit-at-once]').click();
    await page.locator('[data-test=save]').click();
    // The code format is the domain's rule: its Chinese message comes back on the code field.
    const codeError = dialog.locator('.el-form-item', { has: page.locator('input[name=code]') }).locator('.el-form-item__error');
    await codeError.waitFor();
    expect(await text(codeError)).toContain('工种编码格式应为');
    await shot(page, '05-occupation-form-errors');

    await dialog.locator('input[name=code]').fill(CODE);
    await page.locator('[data-test=save]').click();
    await page.waitForURL(/\/occupation\/[0-9a-f-]{36}$/);
    occupationId = page.url().split('/').pop()!;
    streamId = `occupation-${occupationId}`;
    await recordStatus(page, '审核中');
    expect(await text(page.locator('[data-test=record-title]'))).toBe(TITLE);
  });

  it('a reviewer changes the one-time password, enrols the second factor, and logs in with a code', async () => {
    // First login: new password, then the enrolment page with the QR code and the secret.
    const first = await driver.newPage('sh_nanming');
    await driver.login(first, 'sh_nanming', { shots: { totp: '06-totp-enrolment' } });
    expect(await first.locator('[data-test=menu-ReviewInbox]').count()).toBe(1);
    // Without a reload, the user menu no longer offers the enrolment just done.
    await first.locator('[data-test=user-menu]').click();
    await first.locator('[data-test=change-password]').waitFor();
    expect(await first.locator('.el-dropdown-menu:visible', { hasText: '绑定双因素认证' }).count()).toBe(0);
    await first.keyboard.press('Escape');
    await first.context().close();
    // Every later login asks for a code from the authenticator.
    const page = await driver.newPage('sh_nanming');
    await page.goto(`${platform.url}/login`);
    await page.locator('input[name=username]').fill('sh_nanming');
    await page.locator('input[name=password]').fill(driver.accounts.password('sh_nanming'));
    await page.locator('[data-test=login-submit]').click();
    const code = page.locator('input[name=code]');
    await code.waitFor();
    // A wrong code is refused with the server's message.
    await code.fill('000000');
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=login-error]', { hasText: '验证码错误' }).waitFor();
    await shot(page, '07-login-second-factor');
    await code.fill(await driver.accounts.nextCode('sh_nanming'));
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=user-org]').waitFor();
    driver.adopt('sh_nanming', page);
  });

  it('the county approves and the city returns it with a reason', async () => {
    const county = await driver.as('sh_nanming');
    await county.goto(platform.url);
    await county.locator('[data-test=inbox-badge]').waitFor();
    await county.locator('[data-test=menu-ReviewInbox]').click();
    await county.locator('[data-test=inbox-table] .el-table__row', { hasText: TITLE }).waitFor();
    await shot(county, '08-review-inbox');
    await decideInInbox(county, 'approve', '材料齐全，同意');

    const city = await driver.as('sh_guiyang');
    await decideInInbox(city, 'return', '请补充培训场地证明材料');
  });

  it('the institution edits the returned declaration and resubmits it', async () => {
    const page = await driver.as('jg_nanming');
    await openRecord(page);
    await recordStatus(page, '已退回');
    await page.locator('[data-test=edit]').click();
    const dialog = page.locator('[data-test=occupation-form]');
    await dialog.waitFor();
    expect(await dialog.locator('input[name=code]').inputValue()).toBe(CODE);
    await dialog.locator('input[name=hours]').fill('96');
    await page.locator('[data-test=submit-at-once]').click();
    await page.locator('[data-test=save]').click();
    await dialog.waitFor({ state: 'hidden' });
    await recordStatus(page, '审核中');
  });

  it('both levels approve, and the occupation is published', async () => {
    await decideInInbox(await driver.as('sh_nanming'), 'approve', '已补充场地证明，同意');
    const city = await driver.as('sh_guiyang');
    await decideInInbox(city, 'approve', '同意发布');
    await openRecord(city);
    await recordStatus(city, '已生效');
    expect(await text(city.locator('[data-test=details-compare]'))).toContain('96 课时');
    await shot(city, '09-occupation-record');
  });

  it('shows the review history: levels, reviewers, organisations and opinions', async () => {
    const page = await driver.as('jg_nanming');
    await openRecord(page);
    await page.getByRole('tab', { name: '审核记录' }).click();
    const rows = page.locator('[data-test=review-history] .el-table__row');
    await rows.nth(5).waitFor();
    const lines = await Promise.all((await rows.all()).map(text));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toContain('提交');
    expect(lines[1]).toEqual(expect.stringContaining('通过'));
    expect(lines[1]).toContain('区县');
    expect(lines[1]).toContain('张敏（南明区审核员）');
    expect(lines[1]).toContain('南明区人力资源和社会保障局');
    expect(lines[1]).toContain('材料齐全，同意');
    expect(lines[2]).toContain('退回');
    expect(lines[2]).toContain('市州');
    expect(lines[2]).toContain('刘洋（贵阳市审核员）');
    expect(lines[2]).toContain('请补充培训场地证明材料');
    expect(lines[3]).toContain('第2轮');
    expect(lines[5]).toContain('同意发布');
    await shot(page, '10-review-history');
    // The institution may read its own record's timeline (record:timeline).
    expect(await page.getByRole('tab', { name: '时间线' }).count()).toBe(1);
  });

  it('shows the timeline: who, role, organisation, IP, time, reason and changed fields, with a valid hash chain, and exports it', async () => {
    const page = await driver.as('sh_guiyang');
    await openRecord(page);
    await page.getByRole('tab', { name: '时间线' }).click();
    await page.locator('[data-test=chain-status]', { hasText: '哈希链完整' }).waitFor();
    const entries = page.locator('[data-test=timeline-entry]');
    await entries.nth(8).waitFor();
    expect(await entries.count()).toBe(9);
    const returned = await text(entries.nth(3));
    expect(returned).toContain('审核退回');
    expect(returned).toContain('刘洋（贵阳市审核员）');
    expect(returned).toContain('人社审核员');
    expect(returned).toContain('贵阳市人力资源和社会保障局');
    // The reviewer's own workstation, as the proxy named it.
    expect(returned).toContain(driver.clientIp('sh_guiyang'));
    expect(returned).toContain('请补充培训场地证明材料');
    expect(returned).toContain('审核·状态');
    expect(returned).toMatch(/审核中\s*已退回/);
    const edited = await text(entries.nth(4));
    expect(edited).toContain('修改申报');
    expect(edited).toContain('待审核·课时');
    expect(edited).toMatch(/80\s*96/);
    await shot(page, '11-timeline');

    // The export: the server's JSON file of the whole stream, with envelopes and hashes.
    const download = page.waitForEvent('download');
    await page.locator('[data-test=export-timeline]').click();
    const file = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { format: string; streamId: string; events: { metadata: { hash: string } }[] };
    expect(file.format).toBe('gz-timeline-export/2');
    expect(file.streamId).toBe(streamId);
    expect(file.events).toHaveLength(9);
    expect(file.events[8]!.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('replays the record event by event, with the state as of each event and the hash check', async () => {
    const page = await driver.as('sj_province');
    await page.goto(`${platform.url}/timeline/replay/${streamId}`);
    await page.locator('[data-test=replay-position]', { hasText: '第 9 / 9 个事件' }).waitFor();
    expect(await text(page.locator('[data-test=replay-chain]'))).toContain('哈希链完整');
    expect(await text(page.locator('[data-test=replay-event]'))).toContain('发布工种');

    // Back to the return (event 4): the state then, the changed fields highlighted, who and why.
    for (let i = 0; i < 5; i++) await page.locator('[data-test=replay-prev]').click();
    await page.locator('[data-test=replay-position]', { hasText: '第 4 / 9 个事件' }).waitFor();
    const event = await text(page.locator('[data-test=replay-event]'));
    expect(event).toContain('审核退回');
    expect(event).toContain('刘洋（贵阳市审核员）');
    expect(event).toContain('请补充培训场地证明材料');
    expect(event).toContain('校验通过');
    const changed = page.locator('[data-test=replay-state] .changed-field');
    expect(await changed.count()).toBeGreaterThan(0);
    expect(await text(changed.first())).toMatch(/审核/);
    const state = await text(page.locator('[data-test=replay-state]'));
    expect(state).toContain('已退回');
    expect(state).toContain('四级/中级工');
    expect(state).toContain('贵阳市人力资源和社会保障局');
    expect(state).toMatch(/待审核·课时 80/);
    await shot(page, '12-audit-replay');

    // A replay link keeps its place: ?revision=0 opens at the declaration.
    await page.goto(`${platform.url}/timeline/replay/${streamId}?revision=0`);
    await page.locator('[data-test=replay-position]', { hasText: '第 1 / 9 个事件' }).waitFor();
    expect(await text(page.locator('[data-test=replay-event]'))).toContain('申报工种');
  });

  it('refuses the record to a reviewer of another county with a Chinese message, not the data', async () => {
    const page = await driver.as('sh_yunyan');
    await page.goto(`${platform.url}/occupation/${occupationId}`);
    const refusal = page.locator('[data-test=page-error]');
    await refusal.waitFor();
    expect(await text(refusal)).toContain('记录不存在或不在您的数据权限范围内');
    expect(await page.locator('[data-test=record-title]').count()).toBe(0);
    expect(await page.content()).not.toContain(NAME);
    await shot(page, '13-forbidden-record');

    await page.goto(`${platform.url}/timeline/replay/${streamId}`);
    await page.locator('[data-test=page-error]', { hasText: '记录不存在或不在您的数据权限范围内' }).waitFor();
  });

  it('shows an amendment of the published occupation beside the values in force', async () => {
    const page = await driver.as('jg_nanming');
    await openRecord(page);
    await page.locator('[data-test=edit]').click();
    const dialog = page.locator('[data-test=occupation-form]');
    await dialog.waitFor();
    await dialog.locator('input[name=hours]').fill('100');
    await page.locator('[data-test=save]').click();
    await dialog.waitFor({ state: 'hidden' });
    const compare = page.locator('[data-test=details-compare]');
    await compare.locator('.changed-field', { hasText: '100 课时' }).waitFor();
    const changed = await text(compare.locator('.changed-field'));
    expect(changed).toContain('96 课时');
    expect(changed).toContain('有变更');
    expect(await text(compare.locator('.el-table__header'))).toMatch(/已生效内容.*待审核的变更/);
    await page.locator('[data-test=submit-review]').waitFor();
    await shot(page, '14-amendment-compare');

    // Logout ends the session on the server: the pages lead to the login page again.
    await page.locator('[data-test=user-menu]').click();
    await page.locator('[data-test=logout]').click();
    await page.waitForURL(/\/login/);
    await page.goto(`${platform.url}/occupation`);
    await page.waitForURL(/\/login\?redirect=/);
  });

  it('shows the reviewer\'s home counts and chart, warns before the idle timeout and logs out at it', async () => {
    const page = await driver.as('sh_nanming', { fakeClock: true });
    await page.locator('[data-test=stat-inbox]').waitFor();
    await page.locator('[data-test=status-chart] canvas').waitFor();
    await shot(page, '15-home-reviewer');

    // 26 minutes without a request: the warning counts down to the 30-minute server timeout.
    await page.clock.fastForward('26:00');
    const warning = page.locator('.el-dialog', { hasText: '即将自动退出' });
    await warning.waitFor();
    expect(await text(warning)).toMatch(/[34] 分 \d{2} 秒/);
    await shot(page, '16-idle-warning');
    await warning.getByRole('button', { name: '继续使用' }).click();
    await warning.waitFor({ state: 'hidden' });

    // Left alone past the timeout, the console logs out by itself and says why.
    await page.clock.fastForward('31:00');
    await page.locator('[data-test=login-error]', { hasText: '长时间未操作' }).waitFor();
    await page.goto(`${platform.url}/review/inbox`);
    await page.waitForURL(/\/login\?redirect=/);
  });

  adminSteps(env);
  explorerSteps(env);
  institutionSteps(env);
  traineeSteps(env);
  teacherSteps(env);
  importSteps(env);
  ruoyiSteps(env);
  usabilitySteps(env);
  trainingClassSteps(env);
  captureSteps(env);
  technicalSchoolSteps(env);
});
