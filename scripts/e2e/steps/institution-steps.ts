// Institutions: the authority operator the system administrator created registers a private
// institution (every field; the credit code and the bank card fail their checks and are confirmed
// as warnings), submits it; the masked legal-person ID number is seen through the audited reveal;
// the reviewers approve it from the inbox and the record page; the county records an annual review.
import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { shot, text } from '../console-browser';
import { AUTHORITY_OPERATOR } from './admin-steps';
import type { E2eEnv } from './env';
import { approveOnRecord, openFromInbox } from './review';
import { bankCardFailingLuhn, creditCodeFailingCheck, idNumber } from './test-data';

const NAME = '南明区匠心职业技能培训学校';
const LEGAL_PERSON_ID = idNumber('520102', '19800101', '123');
const MINIMAL_PDF = '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n';

async function pickDate(page: Page, name: string, value: string) {
  const input = page.locator(`input[name=${name}]`);
  await input.fill(value);
  await input.press('Enter');
}

export function institutionSteps(env: () => E2eEnv): void {
  let recordUrl = '';

  it('an authority operator registers a private institution, confirming the warnings, and submits it', async () => {
    const { driver, platform } = env();
    const page = await driver.as(AUTHORITY_OPERATOR.username);
    await page.goto(`${platform.url}/institution`);
    await page.locator('[data-test=register]').click();
    const form = page.locator('[data-test=institution-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill(NAME);
    await form.locator('input[name=creditCode]').fill(creditCodeFailingCheck());
    await form.locator('[data-test=nature-select]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '民办职业培训机构' }).click();
    await form.locator('[data-test=authority-select]').click();
    await form.locator('[data-test=authority-select] input').fill('南明区');
    await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: '南明区人力资源和社会保障局' }).click();
    await form.locator('input[name=registeredAddress]').fill('贵阳市南明区花果园大街1号');
    await form.locator('input[name=schoolAddress]').fill('贵阳市南明区花果园大街1号3楼');
    await form.locator('input[name=legalPersonName]').fill('杨帆');
    await form.locator('input[name=legalPersonIdNumber]').fill(LEGAL_PERSON_ID);
    await form.locator('input[name=trainingHead]').fill('罗静');
    await form.locator('input[name=phone]').fill('13985012345');
    await form.locator('input[name=licenceNumber]').fill('黔人社民字520102000123号');
    await pickDate(page, 'recognitionDate', '2019-03-01');
    await pickDate(page, 'approvalDate', '2019-05-01');
    await pickDate(page, 'validUntil', '2029-04-30');
    await form.locator('input[name=scale]').fill('300');
    await form.locator('input[name=floorArea]').fill('850');
    await form.locator('input[name=bankAccount]').fill(bankCardFailingLuhn('622202240200112233'));
    await form.locator('input[name=bankAccountName]').fill(NAME);
    await form.locator('input[name=occupationCode0]').fill('4-10-01-06');
    await form.locator('input[name=occupationName0]').fill('家政服务员');
    await form.locator('input[name=documentName0]').fill('民办学校办学许可证');
    // The licence itself, uploaded to the platform's file store (POST /files).
    await form.locator('[data-test=documents] input[type=file]').first().setInputFiles({ name: '办学许可证.pdf', mimeType: 'application/pdf', buffer: Buffer.from(MINIMAL_PDF) });
    await form.locator('[data-test=document-state-0]', { hasText: '已上传' }).waitFor();
    await page.locator('[data-test=institution-dialog] [data-test=submit-at-once]').click();
    await page.locator('[data-test=institution-dialog] [data-test=save]').click();

    // The server questions the credit code and the bank card: each must be confirmed.
    const warnings = page.locator('[data-test=warning-confirm]');
    await warnings.waitFor();
    expect(await text(warnings)).toContain('校验位');
    expect(await text(warnings)).toContain('Luhn');
    await shot(page, '40-institution-warnings');
    for (const box of await warnings.locator('.el-checkbox').all()) await box.click();
    await page.locator('[data-test=institution-dialog] [data-test=save]').click();
    await page.waitForURL(/\/institution\/[0-9a-f-]{36}$/);
    recordUrl = page.url();
    await page.locator('[data-test=record-status]', { hasText: '审核中' }).waitFor();
    const compare = page.locator('[data-test=institution-compare]');
    expect(await text(compare.locator('.el-table__header'))).toContain('待审核的登记内容');
    // Personal data is masked: the full ID number is never on the page.
    expect(await text(compare)).not.toContain(LEGAL_PERSON_ID);
    await shot(page, '41-institution-record');

    // The audited reveal: a reason, then the value, in the dialog only.
    await compare.locator('[data-test=reveal-legalPersonIdNumber]').click();
    const reveal = page.locator('[data-test=reveal-dialog]');
    await reveal.waitFor();
    await reveal.locator('[data-test=reveal-confirm]').click();
    await reveal.locator('.el-form-item__error').waitFor();
    await reveal.locator('textarea[name=revealReason]').fill('核对法人身份，办理机构登记');
    await reveal.locator('[data-test=reveal-confirm]').click();
    expect(await text(reveal.locator('[data-test=revealed-value]'))).toBe(LEGAL_PERSON_ID);
    await shot(page, '42-reveal-personal-data');
    await page.keyboard.press('Escape');
    await reveal.waitFor({ state: 'hidden' });
  });

  it('the authority operator extends the person-category dictionary', async () => {
    const { driver, platform } = env();
    const page = await driver.as(AUTHORITY_OPERATOR.username);
    await page.goto(`${platform.url}/dictionary`);
    const table = page.locator('[data-test=dictionary-table]');
    await table.locator('.el-table__row', { hasText: '农村转移就业劳动者' }).waitFor();
    const form = page.locator('[data-test=dictionary-form]');
    await form.locator('input[name=code]').fill('veteran');
    await form.locator('input[name=label]').fill('退役军人');
    await form.locator('button[type=submit]').click();
    await table.locator('.el-table__row', { hasText: '退役军人' }).waitFor();
    await shot(page, '48-dictionary');
  });

  it('the reviewers approve the registration and the county records an annual review', async () => {
    const { driver, platform } = env();
    // The county opens the task from the inbox (every module's tasks are listed there).
    const county = await driver.as('sh_nanming');
    await openFromInbox(county, platform.url, NAME, '培训机构');
    await county.waitForURL(recordUrl);
    await approveOnRecord(county, '登记材料齐全，同意');

    // Further levels, if the policy has them (county, then city).
    const city = await driver.as('sh_guiyang');
    await city.goto(recordUrl);
    await city.locator('[data-test=record-title]').waitFor();
    if (await city.locator('[data-test=approve]').isVisible()) await approveOnRecord(city, '同意');
    await city.locator('[data-test=record-lifecycle]', { hasText: '生效' }).waitFor();

    await county.goto(recordUrl);
    await county.locator('[data-test=record-lifecycle]', { hasText: '生效' }).waitFor();
    expect(await text(county.locator('[data-test=institution-compare] .el-table__header'))).toContain('生效内容');
    await county.locator('[data-test=annual-review]').click();
    const dialog = county.locator('[data-test=supervise-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-test=annual-outcome]').getByText('合格', { exact: true }).click();
    await dialog.locator('textarea[name=annualOpinion]').fill('场地、师资、台账符合要求');
    await shot(county, '43-institution-annual-review');
    await dialog.locator('[data-test=supervise-confirm]').click();
    await dialog.waitFor({ state: 'hidden' });
    await county.locator('[data-test=annual-reviews] .el-table__row', { hasText: '合格' }).waitFor();
    // The revoke dialog exists for the supervising authority; opened and cancelled here.
    await county.locator('[data-test=revoke]').click();
    await county.locator('[data-test=supervise-dialog] textarea[name=revokeReason]').waitFor();
    await county.keyboard.press('Escape');

    // The uploaded licence downloads from the record.
    await county.getByRole('tab', { name: '详情' }).click();
    const download = county.waitForEvent('download');
    await county.locator('[data-test=institution-documents] [data-test=download-document]').first().click();
    expect(readFileSync((await (await download).path())!, 'utf8')).toBe(MINIMAL_PDF);

    await county.goto(`${platform.url}/institution`);
    await county.locator('[data-test=institution-table] .el-table__row', { hasText: NAME }).waitFor();
    await shot(county, '44-institution-list');
  });
}
