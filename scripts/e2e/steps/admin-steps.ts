// The three administrators (三员), created as an installer creates them (`npm run init-admins`):
// each changes the one-time password and enrols the second factor, then works on their own pages.
// The system administrator sees no business or audit page; they create the authority operator who
// registers an institution later (institution-steps.ts).
import { expect, it } from '@jest/globals';
import type { Page, Request } from 'playwright-core';
import { shot, text } from '../console-browser';
import { waitUntil } from '../../../testing/wait-until';
import { initAdmins } from '../platform';
import type { E2eEnv } from './env';

/** The authority operator the system administrator creates for the institution steps. */
export const AUTHORITY_OPERATOR = { username: 'jb_nanming', displayName: '周芳（南明区人社经办）', org: '南明区人力资源和社会保障局' };

const menuNames = (page: Page) => page.locator('.side-menu [data-test^=menu-]:not([data-test^=menu-group-])').evaluateAll((items) => items.map((i) => (i as unknown as { dataset: { test: string } }).dataset.test));

export function adminSteps(env: () => E2eEnv): void {
  it('creates the administrators with npm run init-admins; each changes the one-time password and enrols the second factor', async () => {
    const { driver, platform } = env();
    const admins = initAdmins(platform);
    for (const [username, password] of Object.entries(admins)) driver.accounts.setPassword(username, password);
    for (const username of ['sysadmin', 'secadmin', 'auditadmin']) {
      const page = await driver.as(username);
      await page.locator('[data-test=user-org]').waitFor();
    }
  });

  it('the system administrator: organisations, users and roles, and no business or audit page', async () => {
    const { driver, platform } = env();
    const page = await driver.as('sysadmin');
    await page.goto(platform.url);
    await page.locator('[data-test=organizations-chart] canvas').waitFor();
    await shot(page, '20-home-sysadmin');
    expect((await menuNames(page)).sort()).toEqual(['menu-HomePage', 'menu-NoticeInbox', 'menu-OrganizationTree', 'menu-PlatformMonitor', 'menu-RoleList', 'menu-ScheduledJobs', 'menu-UserList']);
    expect(await page.locator('[data-test=menu-group-business], [data-test=menu-group-audit]').count()).toBe(0);
    // Typed in by hand, an audit page is refused by the console as it would be by the server.
    await page.goto(`${platform.url}/compliance/events`);
    await page.waitForURL(/\/forbidden/);

    await page.goto(`${platform.url}/system/organization`);
    const tree = page.locator('[data-test=organization-tree]');
    await tree.locator('.el-tree-node', { hasText: '贵阳市人力资源和社会保障局' }).first().waitFor();
    expect(await text(page.locator('[data-test=organization-counts]'))).toMatch(/区县人社部门 88/);
    await page.locator('input[name=orgKeyword]').fill('南明区');
    await tree.locator('.el-tree-node__content', { hasText: '南明区人力资源和社会保障局' }).click();
    await page.locator('[data-test=organization-users] .el-table__row', { hasText: 'sh_nanming' }).waitFor();
    await shot(page, '21-organizations');

    await page.goto(`${platform.url}/system/user`);
    await page.locator('[data-test=user-table] .el-table__row', { hasText: 'sh_guiyang' }).waitFor();
    await shot(page, '22-users');
    // A new authority operator at the Nanming county authority: business roles only are offered.
    await page.locator('[data-test=create-user]').click();
    const form = page.locator('[data-test=user-form]');
    await form.waitFor();
    expect(await text(form.locator('[data-test=user-roles]'))).not.toMatch(/系统管理员|安全管理员|审计管理员/);
    await form.locator('input[name=username]').fill(AUTHORITY_OPERATOR.username);
    await form.locator('input[name=displayName]').fill(AUTHORITY_OPERATOR.displayName);
    await form.locator('[data-test=user-org-select]').click();
    await form.locator('[data-test=user-org-select] input').fill('南明区人力');
    await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: AUTHORITY_OPERATOR.org }).click();
    await form.locator('[data-test=user-roles] .el-checkbox', { hasText: '人社经办人' }).click();
    await page.locator('[data-test=user-save]').click();
    const password = page.locator('input[data-test=one-time-password]');
    await password.waitFor();
    const oneTime = await password.inputValue();
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    await shot(page, '23-user-created');
    driver.accounts.setPassword(AUTHORITY_OPERATOR.username, oneTime);
    await page.locator('[data-test=one-time-password-done]').click();
    await page.locator('[data-test=user-table] .el-table__row', { hasText: AUTHORITY_OPERATOR.username }).waitFor();

    // The system administrator sees the roles (for assigning them) but cannot change them.
    await page.goto(`${platform.url}/system/role`);
    await page.locator('[data-test=role-table] .el-table__row', { hasText: 'authority_operator' }).waitFor();
    expect(await page.locator('[data-test=create-role], [data-test=edit-role]').count()).toBe(0);
  });

  it('the security administrator: roles with their data scopes and permissions, and the password and session policy', async () => {
    const { driver, platform } = env();
    const page = await driver.as('secadmin');
    await page.goto(`${platform.url}/system/role`);
    const roles = page.locator('[data-test=role-table]');
    await roles.locator('.el-table__row', { hasText: 'reviewer' }).waitFor();
    expect(await text(roles.locator('.el-table__row', { hasText: 'institution_operator' }))).toContain('本单位');
    await shot(page, '24-roles');

    // A new role: one duty only, its data scope, its permissions.
    await page.locator('[data-test=create-role]').click();
    const form = page.locator('[data-test=role-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill('county_viewer');
    await form.locator('input[name=label]').fill('区县查询员');
    await form.locator('[data-test=role-scope] .el-radio', { hasText: '本单位及下级' }).click();
    await form.locator('[data-test=role-permissions] .el-checkbox', { hasText: '查看培训工种' }).click();
    await form.locator('[data-test=role-permissions] .el-checkbox', { hasText: '查看培训机构' }).click();
    // Permissions of the administrators' duties are not offered beside business ones.
    expect(await text(form.locator('[data-test=role-permissions]'))).not.toContain('用户管理');
    await shot(page, '25-role-form');
    await page.locator('[data-test=role-save]').click();
    await form.waitFor({ state: 'detached' });
    await roles.locator('.el-table__row', { hasText: 'county_viewer' }).waitFor();

    await page.goto(`${platform.url}/system/security-policy`);
    const policy = page.locator('[data-test=policy-form]');
    await policy.locator('input[name=historySize]').waitFor();
    expect(await policy.locator('input[name=idleMinutes]').inputValue()).toBe('30');
    await policy.locator('input[name=historySize]').fill('6');
    await policy.locator('input[name=historySize]').blur();
    await page.locator('[data-test=policy-save]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '保存' }).click();
    await page.locator('.el-message', { hasText: '安全策略已保存' }).waitFor();
    await shot(page, '26-security-policy');
  });

  it('the audit administrator: the home counts, the global audit query and the security log', async () => {
    const { driver, platform } = env();
    const page = await driver.as('auditadmin');
    await page.goto(platform.url);
    await page.locator('[data-test=audit-chart] canvas').waitFor();
    await page.locator('[data-test=stat-failed-logins]').waitFor();
    await shot(page, '27-home-audit');
    expect((await menuNames(page)).sort()).toEqual(['menu-AuditEventList', 'menu-HomePage', 'menu-NoticeInbox', 'menu-SecurityLogList']);

    await page.locator('[data-test=menu-AuditEventList]').click();
    const events = page.locator('[data-test=audit-table]');
    await events.locator('.el-table__row').first().waitFor();
    // Sorted by the server (PageInput sortBy/sortOrder): from page 2, a sort by time goes back to page 1.
    const pager = page.locator('.list-pager');
    const auditRequest = (r: Request) => r.url().endsWith('/graphql') && (r.postDataJSON() as { operationName?: string } | null)?.operationName === 'AuditEvents';
    const secondPage = page.waitForResponse((r) => auditRequest(r.request()) && (r.request().postDataJSON() as { variables: { page: { page: number } } }).variables.page.page === 2);
    await pager.locator('.el-pager li', { hasText: /^2$/ }).click();
    await secondPage;
    // Page 2 stays once loaded (LIST_QUERY_OPTIONS: the pager used to fall back to page 1 meanwhile).
    expect(await text(pager.locator('.el-pager li.is-active'))).toBe('2');
    for (const sortOrder of ['ASC', 'DESC'] as const) {
      const request = page.waitForRequest(auditRequest);
      await events.locator('.el-table__header th', { hasText: '时间' }).click();
      expect(((await request).postDataJSON() as { variables: { page: unknown } }).variables.page).toEqual({ page: 1, pageSize: 20, sortBy: 'occurredAt', sortOrder });
      await pager.locator('.el-pager li.is-active', { hasText: /^\s*1\s*$/ }).waitFor();
      // The times shown (first column, "YYYY-MM-DD HH:mm:ss") come back in that order.
      // Read from here, not by a function evaluated in the page: the console's CSP refuses eval.
      const inOrder = (a: string, b: string) => (sortOrder === 'ASC' ? a <= b : a >= b);
      await waitUntil(
        async () => (await events.locator('.el-table__body .el-table__row td:first-child').allInnerTexts()).map((t) => t.trim()),
        (c) => c.length > 1 && c.every((b, i) => i === 0 || inOrder(c[i - 1]!, b)),
        { what: `the audit rows in ${sortOrder} order of time`, timeoutMs: 30_000, intervalMs: 200 },
      );
    }
    await page.locator('[data-test=type-filter]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '审核' }).click();
    await page.locator('[data-test=audit-filter] [data-test=search]').click();
    // Event types in Chinese (审核退回, not ReviewReturned), the record by its name.
    const returned = events.locator('.el-table__row', { hasText: '审核退回' }).first();
    await returned.waitFor();
    expect(await text(returned)).toContain('请补充培训场地证明材料');
    expect(await text(returned)).toContain('培训工种：茶艺师');
    await shot(page, '28-audit-events');
    // From a row to the record's replay.
    await returned.locator('[data-test=row-replay]').click();
    await page.locator('[data-test=replay-event]', { hasText: '审核退回' }).waitFor();

    await page.goto(`${platform.url}/compliance/security-log`);
    const log = page.locator('[data-test=security-table]');
    // The event column (second) says 登录, not UserLoggedIn.
    const eventCells = log.locator('.el-table__body .el-table__row td:nth-child(2)');
    await eventCells.filter({ hasText: /^\s*登录\s*$/ }).first().waitFor();
    await page.locator('[data-test=type-filter]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '登录失败' }).click();
    await page.locator('[data-test=security-filter] [data-test=search]').click();
    // The wrong password and the wrong code of the login steps, each with its reason in words.
    await log.locator('.el-table__row', { hasText: '密码错误' }).first().waitFor();
    await log.locator('.el-table__row', { hasText: '动态验证码错误' }).first().waitFor();
    expect(new Set(await eventCells.allInnerTexts())).toEqual(new Set(['登录失败']));
    await shot(page, '29-security-log');
  });
}
