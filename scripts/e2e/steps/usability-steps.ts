// The console as its users found it (issue 16): no English code or raw id on the audit surfaces,
// names instead (the replay naming an authority outside a county reviewer's tree), Chinese download
// names, the global search, the collapsed menu, a phone-sized screen (the menu a drawer, lists with
// their key columns, nothing scrolling sideways), and the review inbox at volume (filters, waiting
// time, several approved together).
import { expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { waitUntil } from '../../../testing/wait-until';
import { shot, text } from '../console-browser';
import type { E2eEnv } from './env';

/** An event type as the code names it (ReviewApproved, UserTotpEnrolled, ListExported). */
const EVENT_CODE = /\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/;
/** Codes and ids that must not reach a person: system actors, coded reasons, statuses, UUIDs, organisation ids. */
const RAW = /system:|\banonymous\b|wrong_password|wrong_totp|\b(?:none|declared|pending|approved|returned|initial|changed)\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}|\bauth-\d{6}\b|\binst-\d/;

const OCCUPATION_CODE = '4-03-02-05';
const BATCH = [
  { code: '4-03-02-06', name: '评茶员' },
  { code: '4-03-02-07', name: '调饮师' },
];
const SCHOOL = '南明区阳光职业技能培训学校';

/**
 * A GraphQL request from the page's own session (with its CSRF token), for test set-up only: the
 * expression is a string, as the root tsconfig has no DOM types.
 */
async function graphql<T>(page: Page, query: string, variables: Record<string, unknown> = {}, readAfter?: string): Promise<{ data?: T; errors?: { message: string }[] }> {
  const body = JSON.stringify({ query, variables });
  return page.evaluate(`(async () => {
    const csrf = decodeURIComponent((document.cookie.match(/(?:^|; )gz_csrf=([^;]*)/) || [])[1] || '');
    const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
    ${readAfter ? `headers['x-read-after-position'] = ${JSON.stringify(readAfter)};` : ''}
    const response = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers, body: ${JSON.stringify(body)} });
    return response.json();
  })()`);
}

/** Picks an option of a remote-search filter (operators, records) by typing a name. */
async function pickRemote(page: Page, field: string, typed: string, option: string | RegExp): Promise<void> {
  const select = page.locator(`[data-test=${field}]`);
  await select.click();
  await select.locator('input').fill(typed);
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: option }).first().click();
}

/** Whether the page scrolls sideways (its content wider than the screen). */
const scrollsSideways = async (page: Page) => (await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth + 1')) as boolean;

export function usabilitySteps(env: () => E2eEnv): void {
  it('the global search finds a record by name under the user\'s scope and opens it; timeline and replay show names and Chinese only, with a way back', async () => {
    const { driver, platform } = env();
    const page = await driver.as('sh_nanming');
    await page.goto(platform.url);
    const search = page.locator('[data-test=global-search]');
    await search.click();
    await search.locator('input').fill('茶艺师');
    const popper = page.locator('.global-search__popper:visible');
    await popper.locator('.el-select-group__title', { hasText: '培训工种' }).waitFor();
    await shot(page, '60-global-search');
    await popper.locator('[data-test=search-hit]', { hasText: OCCUPATION_CODE }).click();
    await page.waitForURL(/\/occupation\/[0-9a-f-]{36}$/);
    const recordUrl = page.url();
    await page.locator('[data-test=record-title]', { hasText: '茶艺师' }).waitFor();
    // "发布版本：0" was the header of every unpublished record; this one is published once.
    expect(await text(page.locator('[data-test=record-version]'))).toBe('已发布第 1 版');

    // The timeline: event types, statuses and people in Chinese.
    await page.getByRole('tab', { name: '时间线' }).click();
    const timeline = page.locator('[data-test=timeline]');
    await timeline.locator('[data-test=timeline-entry]').nth(8).waitFor();
    const timelineText = await text(timeline);
    expect(timelineText).toMatch(/状态\s*无\s*已申报/);
    expect(timelineText.match(EVENT_CODE)).toBeNull();
    expect(timelineText.match(RAW)).toBeNull();

    // The replay, as the county reviewer: the city authority (outside the county's own tree) and
    // the submitter by name; the event without its code; the record in the breadcrumbs.
    await page.locator('[data-test=open-replay]').click();
    // At the latest event (the published occupation was amended since: more than the 9 of the review).
    await page.locator('[data-test=replay-position]', { hasText: /第 (\d+) \/ \1 个事件/ }).waitFor();
    expect(await text(page.locator('[data-test=replay-title]'))).toContain('培训工种·茶艺师');
    expect((await text(page.locator('[data-test=replay-state]'))).match(RAW)).toBeNull();
    // The county's approval (the third event): the review under way, with its authorities and submitter.
    await page.goto(`${page.url().split('?')[0]}?revision=2`);
    await page.locator('[data-test=replay-position]', { hasText: /第 3 \/ \d+ 个事件/ }).waitFor();
    const state = await text(page.locator('[data-test=replay-state]'));
    expect(state).toContain('贵阳市人力资源和社会保障局');
    expect(state).toContain('李娜（机构经办）');
    expect(state.match(RAW)).toBeNull();
    const event = await text(page.locator('[data-test=replay-event]'));
    expect(event).toContain('审核通过');
    expect(event.match(EVENT_CODE)).toBeNull();
    expect(await text(page.locator('[data-test=breadcrumbs]'))).toMatch(/首页\s*\/\s*培训工种\s*\/\s*茶艺师\s*\/\s*审计回放/);
    await shot(page, '61-replay-names');
    await page.locator('[data-test=breadcrumbs] .el-breadcrumb__item', { hasText: '茶艺师' }).click();
    await page.waitForURL(recordUrl);
    await page.goBack();
    await page.locator('[data-test=replay-back]').click();
    await page.waitForURL(recordUrl);
  });

  it('the audit query and the security log: Chinese events, reasons and operators, records by name, filters that pick by name', async () => {
    const { driver, platform } = env();
    const page = await driver.as('auditadmin');
    await page.goto(`${platform.url}/compliance/events`);
    const table = page.locator('[data-test=audit-table]');
    await table.locator('.el-table__row').first().waitFor();
    const rows = await text(table.locator('.el-table__body'));
    expect(rows.match(EVENT_CODE)).toBeNull();
    expect(rows.match(RAW)).toBeNull();
    // The record column is in view, not under the fixed 操作 column.
    const recordHeader = await table.locator('.el-table__header th', { hasText: '记录' }).first().boundingBox();
    const actionHeader = await table.locator('.el-table__header th.el-table-fixed-column--right', { hasText: '操作' }).first().boundingBox();
    expect(recordHeader!.x + recordHeader!.width).toBeLessThanOrEqual(actionHeader!.x + 1);
    // The record filter asks for a name, not an id prefix.
    expect(await text(page.locator('[data-test=record-filter] .el-select__placeholder'))).toBe('输入名称、编码查找');

    // Records and operators picked by name.
    await pickRemote(page, 'record-filter', '茶艺师', OCCUPATION_CODE);
    await page.locator('[data-test=audit-filter] [data-test=search]').click();
    await table.locator('.el-table__row', { hasText: '审核退回' }).first().waitFor();
    const records = await table.locator('[data-test=row-record]').allInnerTexts();
    expect(new Set(records)).toEqual(new Set(['培训工种：茶艺师']));
    await shot(page, '62-audit-by-record');
    await page.locator('[data-test=audit-filter] [data-test=reset]').click();
    await pickRemote(page, 'actor-filter', '系统', '系统（初始化数据）');
    await page.locator('[data-test=audit-filter] [data-test=search]').click();
    await table.locator('[data-test=row-actor]', { hasText: '系统（初始化数据）' }).first().waitFor();
    expect(new Set(await table.locator('[data-test=row-actor]').allInnerTexts())).toEqual(new Set(['系统（初始化数据）']));

    // The security log has filters of its own: operator and address, no record.
    await page.goto(`${platform.url}/compliance/security-log`);
    const log = page.locator('[data-test=security-table]');
    await log.locator('.el-table__row').first().waitFor();
    expect(await page.locator('[data-test=security-filter] [data-test=record-filter]').count()).toBe(0);
    await page.locator('[data-test=security-filter] [data-test=ip-filter]').waitFor();
    const logText = await text(log.locator('.el-table__body'));
    expect(logText.match(EVENT_CODE)).toBeNull();
    expect(logText.match(RAW)).toBeNull();
    // The wrong password typed at the very first login, as words, on the account it was typed for.
    await page.locator('[data-test=type-filter]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '登录失败' }).click();
    await page.locator('[data-test=security-filter] [data-test=search]').click();
    const failed = log.locator('.el-table__row', { hasText: '密码错误' }).filter({ hasText: '用户：李娜（机构经办）' }).first();
    await failed.waitFor();
    expect(await text(failed.locator('[data-test=row-actor]'))).toBe('未登录用户');
    // And one operator's own events, picked by name.
    await page.locator('[data-test=security-filter] [data-test=reset]').click();
    await pickRemote(page, 'actor-filter', '李娜', '李娜（机构经办）');
    await page.locator('[data-test=security-filter] [data-test=search]').click();
    // Until the filtered page replaces the one the reset loaded (a row with 登录 is on both).
    const actors = await waitUntil(
      () => log.locator('[data-test=row-actor]').allInnerTexts(),
      (shown) => shown.length > 0 && shown.every((a) => a.trim() === '李娜（机构经办）'),
      { what: 'the security log filtered to one operator', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(new Set(actors.map((a) => a.trim()))).toEqual(new Set(['李娜（机构经办）']));
    await log.locator('.el-table__row', { hasText: '登录' }).first().waitFor();
    await shot(page, '63-security-log-by-actor');
  });

  it('downloads keep their Chinese file names', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(`${platform.url}/trainee`);
    await page.locator('[data-test=trainee-table] .el-table__row').first().waitFor();
    const list = page.waitForEvent('download');
    await page.locator('[data-test=export]').click();
    expect((await list).suggestedFilename()).toMatch(/^学员-\d{8}\.xlsx$/);

    await page.goto(`${platform.url}/occupation`);
    await page.locator('[data-test=occupation-table] .el-table__row', { hasText: '茶艺师' }).first().locator('.el-link').first().click();
    await page.getByRole('tab', { name: '时间线' }).click();
    const timeline = page.waitForEvent('download');
    await page.locator('[data-test=export-timeline]').click();
    expect((await timeline).suggestedFilename()).toMatch(/^时间线-培训工种：茶艺师-\d{8}\.json$/);
  });

  it('the collapsed side menu still reaches every page through its group icons', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(platform.url);
    await page.locator('[data-test=menu-toggle]').click();
    const group = page.locator('[data-test=menu-group-business]');
    await group.locator('.el-icon').first().waitFor();
    // (After the width transition.)
    await waitUntil(async () => (await page.locator('.layout__aside').boundingBox())?.width ?? 0, (width) => width > 0 && width < 80, { what: 'the collapsed menu', timeoutMs: 5_000 });
    // The group's pop-up closes when the pointer leaves it for long enough; on a loaded machine the
    // pointer's way from the icon to the item can take that long, and the click then falls on the
    // page beneath: the user would point again, and so does the test (up to a minute).
    await waitUntil(
      async () => {
        await group.hover();
        await page.locator('.el-menu--popup [data-test=menu-TraineeList]').click({ timeout: 10_000 }).catch(() => undefined);
        await page.waitForURL(/\/trainee$/, { timeout: 10_000 }).catch(() => undefined);
        return page.url();
      },
      (url) => /\/trainee$/.test(url),
      { what: 'the collapsed menu\'s pop-up to open 学员管理', timeoutMs: 60_000 },
    );
    await shot(page, '64-collapsed-menu');
    await page.locator('[data-test=menu-toggle]').click();
    await page.locator('.layout__brand', { hasText: '职业能力实名制管理' }).waitFor();
  });

  it('on a phone (390×844) the menu is a drawer, lists show their key columns, records stack, nothing scrolls sideways', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(platform.url);
      await page.locator('[data-test=menu-toggle]').waitFor();
      expect(await page.locator('.layout__aside').count()).toBe(0);
      expect(await scrollsSideways(page)).toBe(false);
      await page.locator('[data-test=menu-toggle]').click();
      const drawer = page.locator('.layout__drawer');
      await drawer.locator('[data-test=menu-TraineeList]').click();
      await page.waitForURL(/\/trainee$/);
      await drawer.waitFor({ state: 'hidden' });

      const table = page.locator('[data-test=trainee-table]');
      const firstRow = table.locator('.el-table__body .el-table__row').first();
      await firstRow.waitFor();
      const header = await text(table.locator('.el-table__header'));
      expect(header).toContain('姓名');
      expect(header).toContain('审核状态');
      expect(header).not.toContain('身份证号码');
      // A name reads on one line (it wrapped a character a line beside a 220 px menu).
      const name = await firstRow.locator('td').first().locator('.el-link').boundingBox();
      expect(name!.height).toBeLessThan(30);
      expect(await scrollsSideways(page)).toBe(false);
      await shot(page, '65-phone-trainee-list');

      // A record: its details one pair to a line, its head stacked, still within the screen.
      await firstRow.locator('td').first().locator('.el-link').click();
      await page.locator('[data-test=record-title]').waitFor();
      const label = await page.locator('.el-descriptions__label').first().boundingBox();
      const value = await page.locator('.el-descriptions__content').first().boundingBox();
      expect(value!.width).toBeGreaterThan(150);
      expect(Math.abs(label!.y - value!.y)).toBeLessThan(4);
      expect(await scrollsSideways(page)).toBe(false);
      await shot(page, '66-phone-trainee-record');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('the review inbox at volume: filters, waiting time and its sort, compact rows, several approved with one opinion', async () => {
    const { driver, platform } = env();
    // Two more declarations of the school, waiting at its county (set up through the API as the operator).
    const school = await driver.as('jg_nanming');
    let position = '0';
    for (const o of BATCH) {
      const answer = await graphql<{ declareOccupation: { position: string } }>(
        school,
        'mutation($d: OccupationDetailsInput!) { declareOccupation(details: $d, submit: true) { position } }',
        { d: { code: o.code, name: o.name, level: '4', hours: 60, scope: '茶饮服务' } },
      );
      expect(answer.errors).toBeUndefined();
      position = answer.data!.declareOccupation.position;
    }

    const page = await driver.as('sh_nanming');
    await graphql(page, '{ reviewInboxCount }', {}, position);
    await page.goto(`${platform.url}/review/inbox`);
    const table = page.locator('[data-test=inbox-table]');
    await table.locator('.el-table__row').first().waitFor();
    // A queue is worked through in compact rows (the data-test is the el-table's own).
    expect(await table.getAttribute('class')).toContain('el-table--small');

    // Filters: record type and the submitting school; nothing has waited a day in a fresh platform.
    const filter = page.locator('[data-test=inbox-filter]');
    await filter.locator('[data-test=inbox-module]').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '培训工种' }).click();
    await filter.locator('[data-test=inbox-waiting]').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '超过 1 天' }).click();
    await filter.locator('[data-test=search]').click();
    await table.locator('.el-empty', { hasText: '没有符合条件的待办事项' }).waitFor();
    await filter.locator('[data-test=inbox-waiting]').hover();
    await filter.locator('[data-test=inbox-waiting] .el-select__clear').click();
    await filter.locator('[data-test=inbox-org]').click();
    await filter.locator('[data-test=inbox-org] input').fill('阳光');
    await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: SCHOOL }).click();
    await filter.locator('[data-test=search]').click();
    for (const o of BATCH) await table.locator('.el-table__row', { hasText: o.name }).waitFor();
    expect(await text(table.locator('.el-table__body'))).not.toMatch(/学员|培训师资/);
    expect(await text(table.locator('.el-table__row', { hasText: BATCH[0]!.name }).locator('[data-test=waited]'))).toMatch(/分钟/);

    // Longest waiting first: the server sorts by the time each item reached this level.
    const sorted = page.waitForRequest((r) => r.url().endsWith('/graphql') && (r.postDataJSON() as { operationName?: string; variables?: { page?: { sortBy?: string } } } | null)?.variables?.page?.sortBy === 'waitingSince');
    await table.locator('.el-table__header th', { hasText: '已等待' }).locator('.sort-caret.ascending').click();
    expect(((await sorted).postDataJSON() as { variables: { page: unknown } }).variables.page).toMatchObject({ sortBy: 'waitingSince', sortOrder: 'ASC' });

    // Two ticked, approved together with one opinion: each decided by the server, both leave the inbox.
    for (const o of BATCH) await table.locator('.el-table__row', { hasText: o.name }).locator('.el-checkbox').click();
    await page.locator('[data-test=batch-approve]', { hasText: '批量通过（2）' }).click();
    const dialog = page.locator('[data-test=batch-dialog]');
    await dialog.waitFor();
    expect(await text(dialog.locator('[data-test=batch-tasks]'))).toMatch(new RegExp(`${BATCH[0]!.name}.*${BATCH[1]!.name}`));
    await dialog.locator('[data-test=confirm-batch]').click();
    await dialog.locator('.el-form-item__error', { hasText: '请填写审核意见' }).waitFor();
    await dialog.locator('textarea[name=opinion]').fill('材料齐全，同意');
    await shot(page, '67-inbox-batch-approve');
    await dialog.locator('[data-test=confirm-batch]').click();
    await page.locator('.el-message', { hasText: '已通过 2 条' }).waitFor();
    for (const o of BATCH) await table.locator('.el-table__row', { hasText: o.name }).waitFor({ state: 'detached' });
    await shot(page, '68-inbox-after-batch');

    // Each approved at the county on its own, each now waiting at the city.
    const city = await driver.as('sh_guiyang');
    const cityTitles = async () =>
      ((await graphql<{ reviewInbox: { items: { title: string }[] } }>(city, '{ reviewInbox(filter: { module: "occupation" }, page: { pageSize: 50 }) { items { title } } }')).data?.reviewInbox.items ?? []).map((i) => i.title);
    const expected = BATCH.map((o) => `${o.name}（${o.code}）`);
    await waitUntil(cityTitles, (titles) => expected.every((t) => titles.includes(t)), { what: 'both batch-approved occupations in the city inbox', timeoutMs: 15_000 });
  });
}
