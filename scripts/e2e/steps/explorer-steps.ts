// The GraphQL explorer (GraphiQL, self-hosted, a page of its own at /explorer): a supervisor with
// explorer:use logs in through it and runs a query; a user without the permission gets the API's
// Chinese refusal, not the page.
import { expect, it } from '@jest/globals';
import { shot, text } from '../console-browser';
import type { E2eEnv } from './env';

export function explorerSteps(env: () => E2eEnv): void {
  it('the explorer loads for a supervisor (after the login it asked for) and runs { me { username } }', async () => {
    const { driver, platform } = env();
    const page = await driver.newPage('dd_province');
    await page.goto(`${platform.url}/explorer`);
    // No session: the API sends the browser to the console's login, which comes back here.
    await page.waitForURL(/\/login\?redirect=(%2F|\/)explorer/);
    await driver.login(page, 'dd_province');
    await page.waitForURL(/\/explorer$/);
    await page.locator('.graphiql-container').waitFor();
    // Everything the page loads comes from the platform itself (no CDN), within its CSP: the page
    // opened afresh, with every request and console error watched from the start.
    const failures: string[] = [];
    const fresh = await page.context().newPage();
    fresh.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
    fresh.on('response', (response) => response.status() >= 400 && failures.push(`${response.status()} ${response.url()}`));
    fresh.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    fresh.on('request', (request) => !request.url().startsWith(platform.url) && !/^(data|blob):/.test(request.url()) && failures.push(`外部请求 ${request.url()}`));
    await fresh.goto(`${platform.url}/explorer`);
    await page.close();
    await fresh.locator('.graphiql-container').waitFor();
    const editor = fresh.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await fresh.keyboard.press('Control+A');
    await fresh.keyboard.press('Delete');
    await fresh.keyboard.insertText('{ me { username } }');
    await fresh.locator('.graphiql-execute-button').click();
    const response = fresh.locator('.graphiql-response');
    await response.getByText('"dd_province"').waitFor();
    expect(await text(response)).toMatch(/"username":\s*"dd_province"/);
    await shot(fresh, '30-explorer');
    expect(failures.filter((f) => !f.includes('favicon'))).toEqual([]);
    driver.adopt('dd_province', fresh);
  });

  it('refuses the explorer, in Chinese, to a user without explorer:use', async () => {
    const { driver, platform } = env();
    const page = await driver.as('jg_nanming');
    // The console offers no link to it.
    expect(await page.locator('[data-test=menu-explorer]').count()).toBe(0);
    const response = await page.goto(`${platform.url}/explorer`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('body').innerText()).toContain('您没有“使用 GraphQL 查询工具”权限');
    await page.goBack();
  });
}
