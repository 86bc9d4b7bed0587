// Technical schools (issue 15 §1-§3, §7), on the demo's two schools and the periods the province
// opened: the province's operator creates a school under the department and reads the periods that
// bind it; the 交通技师学院's operator declares a major, adds a teacher, registers a student (the
// province-wide duplicate check refuses the same ID number at 贵阳技师学院 without naming the school);
// the province's reviewer approves the registration from the inbox (在籍), then a suspension (休学),
// whose record shows the change and the status on a day; the school prints the 学籍卡 (a PDF);
// a school applies for a grant under the province's approved standard (refused for a student
// already granted) and the province approves it; a student graduates and is found by the graduation
// query, and the school requests blank diplomas, issues one to the graduate (approved by the province
// before it prints) and spoils another, the
// account balanced; the province exports the registrations for the national system.
import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { shot, text } from '../console-browser';
import type { E2eEnv } from './env';
import { idNumber } from './test-data';

const RUN = Date.now().toString(36).toUpperCase().slice(-5);
const SCHOOL = `黔南民族技工学校E2E${RUN}`;
const STUDENT = '韦小兰';
/** A 16-year-old from 都匀 (522701), unique per run. */
const STUDENT_ID = idNumber('522701', `${new Date().getFullYear() - 16}0415`, String(100 + (Date.now() % 800)));
const MAJOR = `烹饪（中式烹调）E2E${RUN}`;
const TEACHER = '蒙志华';

/** A China calendar day `days` from now. */
const chinaDay = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

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

/** Picks an option of a select: the visible dropdown's item with the text, or its first. */
async function choose(page: Page, select: string, option?: string) {
  // The previous select's dropdown fades out first: otherwise its items are picked.
  await page.locator('.el-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  await page.locator(select).click();
  const items = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
  await (option ? items.filter({ hasText: option }).first() : items.first()).click();
}

async function approveInInbox(page: Page, url: string, rowText: string | RegExp, opinion: string) {
  await page.goto(`${url}/review/inbox`);
  const row = page.locator('[data-test=inbox-table] .el-table__row', { hasText: rowText });
  await row.waitFor({ timeout: 30_000 });
  await row.locator('[data-test=approve]').click();
  const dialog = page.locator('[data-test=decision-dialog]');
  await dialog.locator('textarea[name=opinion]').fill(opinion);
  await dialog.locator('[data-test=confirm-decision]').click();
  await dialog.waitFor({ state: 'hidden' });
  await row.waitFor({ state: 'detached' });
}

export function technicalSchoolSteps(env: () => E2eEnv): void {
  let studentUrl = '';

  it('technical schools: the province\'s operator creates a school under the department, which the province\'s periods bind', async () => {
    const { driver, platform } = env();
    const page = await driver.as('sq_province');
    await page.goto(`${platform.url}/technical-school`);
    const table = page.locator('[data-test=school-table]');
    await table.locator('.el-table__row', { hasText: '贵州省交通技师学院' }).waitFor();
    expect(await text(table)).toContain('贵阳市技师学院');

    await page.locator('[data-test=create-school]').click();
    const form = page.locator('[data-test=school-form]');
    await form.waitFor();
    await form.locator('[data-test=authority-select]').click();
    await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: '贵州省人力资源和社会保障厅' }).first().click();
    await form.locator('input[name=code]').fill(`E${RUN}`);
    await form.locator('input[name=divisionCode]').fill('520000');
    await form.locator('input[name=schoolName]').fill(SCHOOL);
    await choose(page, '[data-test=school-level-select]', '高级技工学校');
    await choose(page, '[data-test=school-nature-select]', '公办');
    await form.locator('input[name=address]').fill('贵州省黔南州都匀市经济开发区');
    await form.locator('input[name=contactPhone]').fill('0854-8221234');
    await saveDialog(page, '[data-test=school-dialog]');
    await page.waitForURL(/\/technical-school\/[0-9a-f-]{36}$/);
    await page.locator('[data-test=record-title]', { hasText: SCHOOL }).waitFor({ timeout: 60_000 });
    expect(await text(page.locator('[data-test=school-details]'))).toContain('贵州省黔南州都匀市经济开发区');
    // The province's periods (opened by the demo data) bind the new school at once.
    const windows = page.locator('[data-test=school-windows]');
    await windows.locator('.el-table__row', { hasText: '学籍注册' }).waitFor();
    expect(await text(windows)).toContain('可办理');
    await shot(page, '90-technical-school-record');

    await page.goto(`${platform.url}/technical-school-windows`);
    const periods = page.locator('[data-test=window-table]');
    await periods.locator('.el-table__row').nth(2).waitFor();
    expect(await text(periods)).toMatch(/学籍注册[\s\S]*开放中/);
    await shot(page, '91-school-windows');
  });

  it('technical schools: a school declares a major and adds a teacher', async () => {
    const { driver, platform } = env();
    const page = await driver.as('yx_jiaotong');
    await page.goto(`${platform.url}/major`);
    await page.locator('[data-test=major-table] .el-table__row', { hasText: '汽车维修' }).waitFor();
    await page.locator('[data-test=declare-major]').click();
    const form = page.locator('[data-test=major-form]');
    await form.waitFor();
    await form.locator('input[name=code]').fill('0601-4');
    await form.locator('input[name=name]').fill(MAJOR);
    await choose(page, '[data-test=major-field-select]');
    await form.locator('[data-test=major-class-types] .el-checkbox').first().click();
    // 保存后立即提交审核 is ticked for a new declaration.
    expect(await page.locator('[data-test=major-dialog] [data-test=submit-at-once] input').isChecked()).toBe(true);
    await saveDialog(page, '[data-test=major-dialog]');
    await page.waitForURL(/\/major\/[0-9a-f-]{36}$/);
    await page.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor({ timeout: 60_000 });
    expect(await text(page.locator('[data-test=record-title]'))).toContain(MAJOR);

    await page.goto(`${platform.url}/school-teacher`);
    await page.locator('[data-test=school-teacher-table] .el-table__row').first().waitFor();
    await page.locator('[data-test=add-school-teacher]').click();
    const teacher = page.locator('[data-test=school-teacher-form]');
    await teacher.waitFor();
    await teacher.locator('input[name=name]').fill(TEACHER);
    await teacher.locator('input[name=idNumber]').fill(idNumber('522701', '19850606', '231'));
    await choose(page, '[data-test=teacher-major-select]', '汽车维修');
    await choose(page, '[data-test=teacher-field-select]');
    await choose(page, '[data-test=teacher-title-select]');
    await choose(page, '[data-test=teacher-education-select]');
    await teacher.locator('[data-test=teacher-employment] .el-radio').first().click();
    await saveDialog(page, '[data-test=school-teacher-dialog]');
    const row = page.locator('[data-test=school-teacher-table] .el-table__row', { hasText: TEACHER });
    await row.waitFor({ timeout: 30_000 });
    expect(await text(row)).not.toContain('19850606');
    await page.locator('[data-test=teacher-statistics-open]').click();
    await page.locator('[data-test=teacher-statistics] .el-table__row').first().waitFor();
    await shot(page, '92-school-teachers');
    await page.keyboard.press('Escape');
  });

  it('technical schools: a school registers a student; the duplicate check finds the number, and another school is refused it', async () => {
    const { driver, platform } = env();
    const page = await driver.as('yx_jiaotong');
    await page.goto(`${platform.url}/student`);
    await page.locator('[data-test=student-table] .el-table__row').first().waitFor();
    await page.locator('[data-test=register-student]').click();
    const form = page.locator('[data-test=student-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill(STUDENT);
    await form.locator('input[name=idNumber]').fill(STUDENT_ID);
    await form.locator('[data-test=household-type] .el-radio', { hasText: '农业' }).first().click();
    await form.locator('[data-test=poverty]').click();
    await choose(page, '[data-test=student-major-select]', '汽车维修');
    await choose(page, '[data-test=class-type-select]', '中级工班');
    const enrolled = form.locator('input[name=enrolledOn]');
    await enrolled.fill(chinaDay(-3));
    await enrolled.press('Enter');
    await saveDialog(page, '[data-test=student-dialog]');
    await page.waitForURL(/\/student\/[0-9a-f-]{36}$/);
    studentUrl = page.url();
    await page.locator('[data-test=student-status]', { hasText: '注册中' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor();
    expect(await text(page.locator('[data-test=student-details]'))).not.toContain(STUDENT_ID);

    // 学籍查重 from the list: the number holds an active status, here in the user's own school.
    await page.goto(`${platform.url}/student`);
    await page.locator('[data-test=duplicate-check-open]').click();
    const check = page.locator('[data-test=duplicate-check]');
    await check.locator('input[name=checkIdNumber]').fill(STUDENT_ID);
    await check.locator('[data-test=duplicate-check-run]').click();
    const found = check.locator('[data-test=duplicate-found]');
    await found.waitFor();
    expect(await text(found)).toContain('不能重复注册');
    expect(await text(found)).toContain('贵州省交通技师学院');
    await shot(page, '93-student-duplicate-check');
    await page.keyboard.press('Escape');
    await check.waitFor({ state: 'hidden' });
    // 在校生统计: the school's students in school by class type, charted.
    await page.locator('[data-test=student-statistics-open]').click();
    const statistics = page.locator('[data-test=student-statistics]');
    await statistics.locator('[data-test=student-statistics-table] .el-table__row', { hasText: '中级工班' }).waitFor();
    await statistics.locator('[data-test=student-statistics-chart] canvas').waitFor();
    await statistics.locator('[data-test=student-statistics-group] .el-radio-button', { hasText: '按年龄段' }).click();
    await statistics.locator('[data-test=student-statistics-table] .el-table__row', { hasText: '岁' }).first().waitFor();
    await shot(page, '99-student-statistics');
    await page.keyboard.press('Escape');
    await statistics.waitFor({ state: 'hidden' });

    // Another school: refused, and the school holding the number is not named to it.
    const other = await driver.as('yx_guiyang');
    await other.goto(`${platform.url}/student`);
    await other.locator('[data-test=register-student]').click();
    const second = other.locator('[data-test=student-form]');
    await second.waitFor();
    await second.locator('input[name=name]').fill(STUDENT);
    await second.locator('input[name=idNumber]').fill(STUDENT_ID);
    await second.locator('[data-test=household-type] .el-radio').first().click();
    await choose(other, '[data-test=student-major-select]');
    await choose(other, '[data-test=class-type-select]', '中级工班');
    const on = second.locator('input[name=enrolledOn]');
    await on.fill(chinaDay(-3));
    await on.press('Enter');
    await other.locator('[data-test=student-dialog] [data-test=save]').click();
    const refusal = other.locator('[data-test=student-dialog] [data-test=form-error]');
    await refusal.waitFor();
    expect(await text(refusal)).toContain('该身份证号码在全省已有有效学籍');
    expect(await text(refusal)).not.toContain('交通');
    await other.locator('[data-test=student-dialog] .el-dialog__headerbtn').click();
  });

  it('technical schools: the province approves the registration and a suspension; the school prints the 学籍卡', async () => {
    const { driver, platform } = env();
    const reviewer = await driver.as('sh_province');
    await approveInInbox(reviewer, platform.url, STUDENT, '材料齐全，准予注册');

    const page = await driver.as('yx_jiaotong');
    await page.goto(studentUrl);
    await page.locator('[data-test=student-status]', { hasText: '在籍' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-test=apply-change]').click();
    const change = page.locator('[data-test=change-form]');
    await change.waitFor();
    await choose(page, '[data-test=change-kind-select]', '休学');
    await change.locator('textarea[name=reason]').fill('因病休学一学期');
    await saveDialog(page, '[data-test=change-dialog]');
    await page.locator('[data-test=application]', { hasText: '休学' }).waitFor({ timeout: 60_000 });

    await approveInInbox(reviewer, platform.url, STUDENT, '同意休学');
    await page.goto(studentUrl);
    await page.locator('[data-test=student-status]', { hasText: '休学' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-test=student-changes] .el-table__row', { hasText: '休学' }).waitFor();
    // The status on a day before the registration: not a registered student then.
    const asOf = page.locator('input[name=asOfDate]');
    await asOf.fill(chinaDay(-10));
    await asOf.press('Enter');
    await page.locator('[data-test=as-of-query]').click();
    await page.locator('[data-test=as-of-result]').waitFor();
    expect(await text(page.locator('[data-test=as-of-result]'))).toContain(chinaDay(-10));
    await shot(page, '94-student-record');

    const download = page.waitForEvent('download');
    await page.locator('[data-test=print-card]').click();
    const card = await (await download).path();
    expect(readFileSync(card).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('technical schools: a school applies for a grant (the amount from the approved standard), refused a second one for a student already granted; the province approves', async () => {
    const { driver, platform } = env();
    const province = await driver.as('sq_province');
    await province.goto(`${platform.url}/aid-standard`);
    const standards = province.locator('[data-test=standard-table]');
    await standards.locator('.el-table__row', { hasText: '国家助学金' }).waitFor();
    expect(await text(standards)).toContain('第 1 版');
    expect(await text(standards)).toContain('一档 2,500.00');
    await shot(province, '96-aid-standards');

    const page = await driver.as('yx_jiaotong');
    await page.goto(`${platform.url}/school-aid`);
    // The demo's: 罗小兵's grant approved, 吴雪梅's waiver waiting.
    await page.locator('[data-test=school-aid-table] .el-table__row', { hasText: '罗小兵' }).waitFor();
    const applyFor = async (name: string) => {
      await page.locator('[data-test=apply-aid]').click();
      const form = page.locator('[data-test=aid-form]');
      await form.waitFor();
      await form.locator('[data-test=aid-student-select] input').fill(name);
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: name }).first().click();
      await form.locator('[data-test=aid-tier] .el-radio', { hasText: '二档' }).click();
      await choose(page, '[data-test=aid-basis-select]', '城乡最低生活保障家庭');
      await page.locator('[data-test=aid-dialog] [data-test=save]').click();
    };
    await applyFor('罗小兵');
    const refusal = page.locator('[data-test=aid-dialog] [data-test=form-error]');
    await refusal.waitFor();
    expect(await text(refusal)).toContain('已审批通过，不能重复申请');
    await page.locator('[data-test=aid-dialog] .el-dialog__headerbtn').click();
    await page.locator('[data-test=aid-dialog]').waitFor({ state: 'hidden' });

    await applyFor('杨光明');
    await page.locator('[data-test=aid-dialog]').waitFor({ state: 'hidden', timeout: 30_000 });
    await page.waitForURL(/\/school-aid\/[0-9a-f-]{36}$/);
    await page.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor({ timeout: 60_000 });
    expect(await text(page.locator('[data-test=aid-amount]'))).toBe('1,500.00 元');
    expect(await text(page.locator('[data-test=aid-disbursements]'))).toContain('750.00');
    const aidUrl = page.url();

    await approveInInbox(await driver.as('sh_province'), platform.url, '杨光明', '经核实符合条件，同意');
    await page.goto(aidUrl);
    await page.locator('[data-test=aid-status]', { hasText: '已批准' }).waitFor({ timeout: 60_000 });
    await shot(page, '97-school-aid-record');
  });

  it('technical schools: a student graduates (毕业, approved), the graduation query finds them; the school requests blank diplomas, the province approves, the school issues one to the graduate and spoils another', async () => {
    const { driver, platform } = env();
    const page = await driver.as('yx_jiaotong');
    const reviewer = await driver.as('sh_province');
    // 毕业 of the demo's 吴雪梅, applied on her record and approved from the inbox.
    await page.goto(`${platform.url}/student`);
    const filter = page.locator('[data-test=student-filter]');
    await filter.locator('input').first().fill('吴雪梅');
    await filter.locator('input').first().press('Enter');
    await page.locator('[data-test=student-table] .el-table__row', { hasText: '吴雪梅' }).locator('.el-link').click();
    await page.waitForURL(/\/student\/[0-9a-f-]{36}$/);
    const studentUrl = page.url();
    await page.locator('[data-test=apply-change]').click();
    const change = page.locator('[data-test=change-form]');
    await change.waitFor();
    await choose(page, '[data-test=change-kind-select]', '毕业');
    await change.locator('textarea[name=reason]').fill('修完全部课程，考核合格');
    await saveDialog(page, '[data-test=change-dialog]');
    // Her waiver waits in the same inbox: the graduation's task is the one titled ·毕业.
    await approveInInbox(reviewer, platform.url, /吴雪梅（.*·毕业/, '同意毕业');
    await page.goto(studentUrl);
    await page.locator('[data-test=student-status]', { hasText: '已毕业' }).waitFor({ timeout: 60_000 });
    // The graduation query: 毕结业 = 毕业.
    await page.goto(`${platform.url}/student`);
    await choose(page, '[data-test=left-as-filter]', '毕业');
    await page.locator('[data-test=student-filter] [data-test=search]').click();
    // Only she has graduated: the other students' rows go.
    await page.locator('[data-test=student-table] .el-table__row').nth(1).waitFor({ state: 'detached' });
    expect(await text(page.locator('[data-test=student-table] .el-table__row'))).toContain('吴雪梅');

    // Blank diplomas: 3 requested, approved by the province, numbered from the school's code.
    await page.goto(`${platform.url}/diploma-stock`);
    await page.locator('[data-test=request-diplomas]').click();
    const request = page.locator('[data-test=diploma-request-form]');
    await request.waitFor();
    await request.locator('input[name=quantity]').fill('3');
    await request.locator('textarea[name=reason]').fill('2026届毕业生，含备用');
    await saveDialog(page, '[data-test=diploma-request-dialog]');
    await page.waitForURL(/\/diploma-stock\/[0-9a-f-]{36}$/);
    const stockUrl = page.url();
    await page.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor({ timeout: 60_000 });
    await approveInInbox(reviewer, platform.url, '空白毕业证', '同意');
    await page.goto(stockUrl);
    const numbers = page.locator('[data-test=diploma-numbers]');
    await numbers.locator('.el-table__row', { hasText: '52001-000003' }).waitFor({ timeout: 60_000 });
    // Issue to the graduate: the lowest number; spoil the next one.
    await page.locator('[data-test=issue-diploma]').click();
    const issue = page.locator('[data-test=diploma-issue-form]');
    await issue.locator('[data-test=diploma-student-select] input').fill('吴雪梅');
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '吴雪梅' }).first().click();
    await saveDialog(page, '[data-test=diploma-issue-dialog]');
    await numbers.locator('.el-table__row', { hasText: '52001-000001' }).filter({ hasText: '吴雪梅（毕业）' }).filter({ hasText: '待审批' }).waitFor();
    // The diploma is approved by the province before it prints.
    await page.locator('[data-test=submit-review]').click();
    await page.locator('[data-test=diploma-under-review]', { hasText: '毕业证审批 1 本' }).waitFor({ timeout: 60_000 });
    await approveInInbox(reviewer, platform.url, '毕业证审批', '同意');
    await page.goto(stockUrl);
    await numbers.locator('.el-table__row', { hasText: '52001-000001' }).filter({ hasText: '已发放' }).waitFor({ timeout: 60_000 });
    // 打印: the diploma as a PDF.
    const diploma = page.waitForEvent('download');
    await numbers.locator('.el-table__row', { hasText: '52001-000001' }).locator('[data-test=print-diploma]').click();
    const pdf = await diploma;
    expect(pdf.suggestedFilename()).toBe('毕业证书-吴雪梅-52001-000001.pdf');
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    await numbers.locator('.el-table__row', { hasText: '52001-000002' }).locator('[data-test=spoil-blank]').click();
    const prompt = page.locator('.el-message-box');
    await prompt.locator('input').fill('打印错位');
    await prompt.getByRole('button', { name: '作废' }).click();
    await numbers.locator('.el-table__row', { hasText: '52001-000002' }).filter({ hasText: '已作废' }).waitFor();
    const account = await text(page.locator('[data-test=diploma-account]'));
    expect(account).toMatch(/已分配\s*3\s*库存\s*1\s*已发放\s*1\s*已作废（空白）\s*1\s*被替换作废\s*0/);
    expect(await text(page.locator('[data-test=diploma-balance]'))).toBe('账目平衡');
    await shot(page, '98-diploma-stock');
  });

  it('technical schools: the school records its graduate\'s employment; 技能人才信息 lists her with it, 院校统计 counts her employed, 院校信息检索 finds her', async () => {
    const { driver, platform } = env();
    const page = await driver.as('yx_jiaotong');
    // 登记就业 for 吴雪梅 (graduated in the step before), picked by name among the graduates without a record.
    await page.goto(`${platform.url}/employment`);
    await page.locator('[data-test=add-employment]').click();
    const form = page.locator('[data-test=employment-form]');
    await form.locator('[data-test=employment-graduate-select] input').fill('吴雪梅');
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '吴雪梅' }).first().click();
    await form.locator('input[name=employer]').fill('贵州交通建设集团有限公司');
    await form.locator('input[name=employedOn]').fill(chinaDay(-1));
    await form.locator('input[name=employedOn]').press('Enter');
    await form.locator('input[name=monthlyPayYuan]').fill('4800.50');
    await form.locator('[data-test=employment-add-certificate]').click();
    const certificate = form.locator('[data-test=employment-certificate]').first();
    await certificate.locator('input[name=certificateOccupation]').fill('汽车维修工');
    await choose(page, '[data-test=certificate-level]', '四级');
    await certificate.locator('input[name=certificateNumber]').fill('S000052011001');
    await certificate.locator('input[name=certificateIssuedOn]').fill(chinaDay(-20));
    await certificate.locator('input[name=certificateIssuedOn]').press('Enter');
    await saveDialog(page, '[data-test=employment-dialog]');
    const row = page.locator('[data-test=employment-table] .el-table__row', { hasText: '吴雪梅' });
    await row.waitFor();
    expect(await text(row)).toContain('4,800.50');
    await row.locator('.el-link').click();
    await page.waitForURL(/\/employment\/[0-9a-f-]{36}$/);
    expect(await text(page.locator('[data-test=employment-details]'))).toContain('贵州交通建设集团有限公司');
    expect(await text(page.locator('[data-test=employment-certificates]'))).toContain('S000052011001');
    await shot(page, '100-employment-record');

    // 9(12): the talent report shows her with the employer and the pay; her ID number masked.
    await page.goto(`${platform.url}/graduate-talent`);
    const talent = page.locator('[data-test=talent-table] .el-table__row', { hasText: '吴雪梅' });
    await talent.waitFor();
    expect(await text(talent)).toMatch(/\*{8}/);
    expect(await text(talent)).toContain('贵州交通建设集团有限公司');

    // 院校统计 · 就业统计: the school's one graduate, employed (100.0%).
    await page.goto(`${platform.url}/school-statistics`);
    await page.locator('.el-tabs__item', { hasText: '就业统计' }).click();
    const employment = page.locator('[data-test=employment-statistics-table] .el-table__row', { hasText: '贵州省交通技师学院' });
    await employment.waitFor();
    expect(await text(employment)).toContain('100.0%');
    await page.locator('[data-test=employment-statistics-chart]').waitFor();
    await shot(page, '101-school-statistics');

    // 9(13): 院校信息检索 finds her student and employment records, and the hits download as .xlsx.
    await page.goto(`${platform.url}/school-search`);
    await page.locator('input[name=q]').fill('吴雪梅');
    await page.locator('[data-test=school-search-submit]').click();
    const hits = page.locator('[data-test=school-search-table] .el-table__row');
    await hits.filter({ hasText: '吴雪梅·就业情况' }).waitFor();
    expect(await text(page.locator('[data-test=school-search-table]'))).toContain('学籍');
    const report = page.waitForEvent('download');
    await page.locator('[data-test=export]').click();
    expect(readFileSync(await (await report).path()).subarray(0, 2).toString()).toBe('PK');
    await shot(page, '102-school-search');
  });

  it('technical schools: the province exports the registrations for the national system', async () => {
    const { driver, platform } = env();
    const page = await driver.as('sq_province');
    await page.goto(`${platform.url}/student-exchange`);
    await page.locator('[data-test=exchange-form]').waitFor();
    const download = page.waitForEvent('download');
    await page.locator('[data-test=exchange-export]').click();
    const file = await (await download).path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    await shot(page, '95-student-exchange');
  });
}
