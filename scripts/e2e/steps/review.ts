import type { Page } from 'playwright-core';

/** Approves the record open on the page through the decision dialog (an opinion is required). */
export async function approveOnRecord(page: Page, opinion: string): Promise<void> {
  await page.locator('[data-test=approve]').click();
  const dialog = page.locator('[data-test=decision-dialog]');
  await dialog.waitFor();
  await dialog.locator('textarea[name=opinion]').fill(opinion);
  await dialog.locator('[data-test=confirm-decision]').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Opens a task of any module from the reviewer's inbox by its title. */
export async function openFromInbox(page: Page, url: string, title: string, moduleLabel: string): Promise<void> {
  await page.goto(`${url}/review/inbox`);
  const row = page.locator('[data-test=inbox-table] .el-table__row', { hasText: title });
  await row.waitFor();
  if (!(await row.innerText()).includes(moduleLabel)) throw new Error(`待办中“${title}”的业务类型不是${moduleLabel}`);
  await row.locator('.el-link', { hasText: title }).click();
  await page.locator('[data-test=record-title]').waitFor();
}
