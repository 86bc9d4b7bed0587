// Training classes: an institution operator registers a class, assigns the certified teacher the
// teacher steps declared, sets a timetable six weeks ahead (well before the 5-working-day
// declaration deadline), enrols the trainee the trainee steps entered by ID number (a subsidised
// place: no earlier subsidised training), and declares it; the county reviewer approves the
// declaration from the inbox, and the class is open (已开班); the reviewer reads the kind settings
// and the working-day calendar the declaration was held to.
import { expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { shot, text } from '../console-browser';
import type { E2eEnv } from './env';
import { idNumber } from './test-data';

/** Declared and certified by teacherSteps; entered by jg_nanming and approved by traineeSteps. */
const TEACHER = '罗文静';
const TRAINEE = '王小明';
const TRAINEE_ID = idNumber('520103', '19980512', '455');
const NAME = `茶艺培训班E2E-${Date.now().toString(36).toUpperCase()}`;

/** A China calendar day `days` from now. */
const chinaDay = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const START = chinaDay(42);
const END = chinaDay(45);

async function pickDate(page: Page, scope: string, name: string, value: string) {
  const input = page.locator(`${scope} input[name=${name}]`);
  await input.fill(value);
  await input.press('Enter');
}

/** A dialog's save: on a refusal, the test fails with the server's Chinese message rather than a timeout. */
async function saveDialog(page: Page, dialog: string, button = '[data-test=save]') {
  await page.locator(`${dialog} ${button}`).click();
  await page
    .locator(dialog)
    .waitFor({ state: 'hidden', timeout: 30_000 })
    .catch(async (error: unknown) => {
      const refusal = page.locator(`${dialog} [data-test=form-error], ${dialog} .el-form-item__error`).first();
      throw (await refusal.isVisible()) ? new Error(`保存被拒绝：${await text(refusal)}`) : error;
    });
}

export function trainingClassSteps(env: () => E2eEnv): void {
  let recordUrl = '';

  it('an institution operator registers a class, assigns a certified teacher, sets the timetable, enrols a trainee by ID number and declares it', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    await page.goto(platform.url);
    await page.locator('[data-test=menu-TrainingClassList]').click();
    const table = page.locator('[data-test=training-class-table]');
    await table.locator('.el-table__row, .el-table__empty-text').first().waitFor();
    expect(await text(page.locator('[data-test=breadcrumbs]'))).toContain('培训班级');

    // 开班登记
    await page.locator('[data-test=register-class]').click();
    const form = page.locator('[data-test=class-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill(NAME);
    await form.locator('[data-test=kind-select]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '就业技能培训' }).click();
    await form.locator('[data-test=occupation-select]').click();
    // The institution's published occupations (the demo's, and 茶艺师 from the first steps); the
    // kind's dropdown may still be fading out, so the occupation's own popper is named.
    await page.locator('.class-form__occupations .el-select-dropdown__item').first().click();
    await pickDate(page, '[data-test=class-form]', 'plannedStart', START);
    await pickDate(page, '[data-test=class-form]', 'plannedEnd', END);
    await form.locator('input[name=address]').fill('贵阳市南明区花果园大街1号3楼实训室');
    await form.locator('input[name=countyCode]').fill('520102');
    await form.locator('input[name=latitude]').fill('26.5783');
    await form.locator('input[name=latitude]').press('Tab');
    await form.locator('input[name=longitude]').fill('106.7135');
    await form.locator('input[name=longitude]').press('Tab');
    await saveDialog(page, '[data-test=class-dialog]');
    await page.waitForURL(/\/training-class\/[0-9a-f-]{36}$/);
    recordUrl = page.url();
    // 60 s: the record waits for the projections, and the machine is shared by every other suite.
    await page.locator('[data-test=record-status]', { hasText: '草稿' }).waitFor({ timeout: 60_000 });
    expect(await text(page.locator('[data-test=record-title]'))).toContain(NAME);

    // 选配教师: the certified teacher of the institution's pool.
    await page.getByRole('tab', { name: /选配教师/ }).click();
    await page.locator('[data-test=assign-teachers]').click();
    const teachers = page.locator('[data-test=teachers-dialog]');
    await teachers.locator('[data-test=teacher-option]', { hasText: TEACHER }).click();
    await saveDialog(page, '[data-test=teachers-dialog]');
    await page.locator('[data-test=class-teachers] .el-table__row', { hasText: TEACHER }).waitFor();

    // 课程表: two mornings; the teacher is the only one assigned, chosen already.
    await page.getByRole('tab', { name: /课程表/ }).click();
    await page.locator('[data-test=edit-timetable]').click();
    const timetable = page.locator('[data-test=timetable-dialog]');
    await timetable.locator('input[name=subject-0]').fill('茶叶基础知识与冲泡');
    await timetable.getByRole('button', { name: '复制到次日' }).first().click();
    await timetable.locator('input[name=subject-1]').fill('茶艺表演实操');
    await saveDialog(page, '[data-test=timetable-dialog]');
    await page.locator('[data-test=timetable] .el-table__row').nth(1).waitFor();
    expect(await text(page.locator('[data-test=timetable]'))).toContain(TEACHER);

    // 学员报名 by ID number, the commitment signed: eligible, so subsidised.
    await page.getByRole('tab', { name: /学员名册/ }).click();
    await page.locator('[data-test=enrol-by-id]').click();
    const enrol = page.locator('[data-test=enrol-dialog]');
    await enrol.locator('input[name=idNumber]').fill(TRAINEE_ID);
    await enrol.locator('[data-test=commitment-signed]').click();
    await saveDialog(page, '[data-test=enrol-dialog]');
    const enrolled = page.locator('[data-test=roster] .el-table__row', { hasText: TRAINEE });
    await enrolled.waitFor();
    expect(await text(enrolled)).toContain('补贴性培训');
    expect(await text(enrolled)).not.toContain(TRAINEE_ID);

    // 班级申报, submitted for review in the same step.
    await page.locator('[data-test=declare-class]').click();
    const declaration = page.locator('[data-test=declare-form]');
    await declaration.locator('textarea[name=outline]').fill('茶叶基础知识、冲泡技法、茶艺表演与服务礼仪');
    await declaration.locator('input[name=organiser]').fill('南明区阳光职业技能培训学校');
    // Resources are typed: the select offers what was typed as a new entry.
    await declaration.locator('[data-test=resources-input] input').fill('茶艺师培训教材');
    await page.locator('.el-select-dropdown__item:visible', { hasText: '茶艺师培训教材' }).click();
    await declaration.locator('[data-test=commitment]').click();
    await saveDialog(page, '[data-test=declare-dialog]', '[data-test=declare-confirm]');
    await page.locator('[data-test=class-status]', { hasText: '已申报' }).waitFor();
    await page.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor();
    await page.getByRole('tab', { name: '详情' }).click();
    expect(await text(page.locator('[data-test=declaration]'))).toContain('个工作日');
  });

  it('the county reviewer approves the declaration from the inbox, and the class is open', async () => {
    const { driver, platform } = env();
    const county = await driver.as('sh_nanming');
    await county.goto(`${platform.url}/review/inbox`);
    const row = county.locator('[data-test=inbox-table] .el-table__row', { hasText: NAME });
    await row.waitFor({ timeout: 30_000 });
    expect(await text(row)).toContain('培训班级');
    await row.locator('[data-test=approve]').click();
    const dialog = county.locator('[data-test=decision-dialog]');
    await dialog.locator('textarea[name=opinion]').fill('课程表、师资和名册齐全，同意开班');
    await dialog.locator('[data-test=confirm-decision]').click();
    await dialog.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });

    await county.goto(recordUrl);
    await county.locator('[data-test=class-status]', { hasText: '已开班' }).waitFor();
    await county.locator('[data-test=record-status]', { hasText: '已生效' }).waitFor();
    // The authority may suspend an open class; it neither edits nor declares.
    await county.locator('[data-test=suspend-class]').waitFor();
    expect(await county.locator('[data-test=edit], [data-test=declare-class]').count()).toBe(0);
    await shot(county, '81-training-class-record');
    // The authority's rules the class was held to: 5 working days' lead for 就业技能培训, reviewed by the county.
    await county.locator('[data-test=menu-TrainingKindSettingsPage]').click();
    const employment = county.locator('[data-test=kind-settings] .el-table__row', { hasText: '就业技能培训' });
    await employment.waitFor();
    expect(await text(employment)).toContain('5 个工作日');
    await county.locator('[data-test=menu-WorkingCalendarPage]').click();
    await county.locator('[data-test=calendar-days]').waitFor();
    // 检查与整改 opens on the replies awaiting the authority's review (none yet for this county).
    await county.locator('[data-test=menu-ClassInspectionList]').click();
    await county.locator('[data-test=inspection-table]').waitFor();
    expect(await text(county.locator('[data-test=inspection-filter]'))).toContain('已回复待审核');

    // The institution's list shows the open class.
    const page = await driver.as('jg_nanming');
    // Most recently updated first: the class just approved leads the list.
    await page.goto(`${platform.url}/training-class`);
    const listed = page.locator('[data-test=training-class-table] .el-table__row', { hasText: NAME });
    await listed.locator('[data-test=class-status]', { hasText: '已开班' }).waitFor();
    await shot(page, '80-training-class-list');
  });
}
