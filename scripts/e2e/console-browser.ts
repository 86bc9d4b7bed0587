// The browser side of the console's end-to-end test: Debian's Chromium driven by playwright-core,
// and users who log in the way people do. Demo users hold one-time passwords: the first login
// changes the password on the console's page; roles that require a second factor then enrol TOTP
// on the enrolment page (the test reads the secret from the page, as a person types it into an
// app) and every later login asks for a code, computed here with `otpauth`.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ROOT, type RunningPlatform } from './platform';
import { waitUntil } from '../../testing/wait-until';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
export const haveChromium = existsSync(CHROMIUM);
/** What the browser tests need from Debian: the browser and a CJK font for readable screenshots. */
export const CHROMIUM_INSTALL = 'apt-get install -y chromium fonts-wqy-microhei';

/**
 * The browser tests fail without Chromium, on a developer machine as under CI: a skipped suite
 * reads as a pass, and `npm test` would then claim a console it never drove.
 */
export function requireChromium(): void {
  if (!haveChromium) throw new Error(`控制台浏览器测试需要 Chromium，但 ${CHROMIUM} 不存在。请安装：${CHROMIUM_INSTALL}（或用 CHROMIUM_PATH 指定浏览器）`);
}
const STEP_TIMEOUT = 20_000;
const TOTP_PERIOD_MS = 30_000;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No --user-data-dir: playwright refuses it in launch() and gives the browser a fresh
      // temporary profile of its own, removed when the browser closes.
    ],
  });
}

/**
 * The screenshots folder. Earlier runs' pictures are removed once, when the jest run starts
 * (testing/global-setup.mjs): a spec emptying it here would delete the pictures of the specs
 * running beside it.
 */
export function prepareScreenshots(): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

export async function text(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ');
}

/**
 * What the test knows of each account: its current password and, once enrolled, its TOTP secret
 * and the last time step used (the server accepts each step once, one step of drift either way).
 */
export class Accounts {
  private readonly passwords = new Map<string, string>();
  private readonly secrets = new Map<string, string>();
  private readonly lastStep = new Map<string, number>();
  private counter = 0;

  constructor(initial: Record<string, string>) {
    for (const [username, password] of Object.entries(initial)) this.passwords.set(username, password);
  }

  password(username: string): string {
    const password = this.passwords.get(username);
    if (!password) throw new Error(`没有 ${username} 的密码`);
    return password;
  }

  setPassword(username: string, password: string): void {
    this.passwords.set(username, password);
  }

  /** A new password that meets the baseline policy and differs from every earlier one. */
  newPassword(username: string): string {
    this.counter += 1;
    return `Gz#${username.length}${this.counter}xQ${Date.now().toString(36).slice(-5)}`;
  }

  hasSecondFactor(username: string): boolean {
    return this.secrets.has(username);
  }

  /** The enrolment page showed this secret; the code that confirms it uses the current step. */
  enrolled(username: string, secret: string): string {
    this.secrets.set(username, secret);
    const step = Math.floor(Date.now() / TOTP_PERIOD_MS);
    this.lastStep.set(username, step);
    return this.codeAt(secret, step);
  }

  /**
   * A code the server has not seen: the current step, or the next one when the current was used;
   * waits for the clock when both were.
   */
  async nextCode(username: string): Promise<string> {
    const secret = this.secrets.get(username);
    if (!secret) throw new Error(`${username} 未绑定双因素认证`);
    const unusedStep = (now: number) => Math.max(now, (this.lastStep.get(username) ?? -1) + 1);
    // When both were used, the clock opens the next step within one period.
    const now = await waitUntil(
      () => Math.floor(Date.now() / TOTP_PERIOD_MS),
      (current) => unusedStep(current) <= current + 1,
      { what: `a TOTP step ${username} has not used yet`, timeoutMs: TOTP_PERIOD_MS + 5_000, intervalMs: 200 },
    );
    const step = unusedStep(now);
    this.lastStep.set(username, step);
    return this.codeAt(secret, step);
  }

  private codeAt(secret: string, step: number): string {
    return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: step * TOTP_PERIOD_MS });
  }
}

export interface LoginOptions {
  /** A controllable clock (flowing normally until told otherwise), for the idle-timeout warning. */
  fakeClock?: boolean;
  /** Screenshots of the steps the first time they show: name prefix per step. */
  shots?: { changePassword?: string; totp?: string; secondFactor?: string };
}

/** Browser contexts (each its own cookies) and one logged-in page per user, reused across steps. */
export class ConsoleDriver {
  private readonly contexts: BrowserContext[] = [];
  private readonly pages = new Map<string, Page>();

  constructor(
    readonly browser: Browser,
    readonly platform: RunningPlatform,
    readonly accounts: Accounts,
  ) {}

  get url(): string {
    return this.platform.url;
  }

  /** A list page opened from the menu, once its table shows rows; the table's locator. */
  async openList(page: Page, route: string, table: string): Promise<Locator> {
    await page.goto(this.platform.url);
    await page.locator(`[data-test=menu-${route}]`).click();
    await page.locator(`[data-test=${table}] .el-table__row`).first().waitFor();
    return page.locator(`[data-test=${table}]`);
  }

  /**
   * Each user works from a workstation of their own behind the intranet's proxy (the platform runs
   * with TRUST_PROXY=1): their own client address in the events, and their own login rate limit,
   * which allows 20 logins per address in five minutes.
   */
  clientIp(label: string): string {
    let hash = 0;
    for (const c of label) hash = (hash * 31 + c.charCodeAt(0)) % 250;
    return `10.52.${hash + 1}.${label.length + 10}`;
  }

  async newPage(label: string, options: { fakeClock?: boolean } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
      extraHTTPHeaders: { 'x-forwarded-for': this.clientIp(label) },
    });
    this.contexts.push(context);
    if (options.fakeClock) await context.clock.install();
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('pageerror', (error) => console.error(`[${label}] 页面脚本错误:`, error.message));
    return page;
  }

  /** The user's page, logged in (through every step the account needs) the first time. */
  async as(username: string, options: LoginOptions & { fresh?: boolean } = {}): Promise<Page> {
    const existing = this.pages.get(username);
    if (existing && !options.fresh && !options.fakeClock && !existing.isClosed()) {
      // Logged out meanwhile (a logout step): log in again on the same page.
      if (new URL(existing.url()).pathname === '/login') await this.login(existing, username, options);
      return existing;
    }
    const page = await this.newPage(username, options);
    await this.login(page, username, options);
    if (!options.fakeClock) this.pages.set(username, page);
    return page;
  }

  /** Keeps a page that a step logged in by hand as the user's page. */
  adopt(username: string, page: Page): void {
    this.pages.set(username, page);
  }

  /** Logs in on the login page and goes through what the server asks: code, new password, enrolment. */
  async login(page: Page, username: string, options: LoginOptions = {}): Promise<void> {
    if (!page.url().includes('/login')) await page.goto(`${this.url}/login`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(this.accounts.password(username));
    await page.locator('[data-test=login-submit]').click();
    await this.finishLogin(page, username, options);
  }

  async finishLogin(page: Page, username: string, options: LoginOptions = {}): Promise<void> {
    // Done: the console's layout, or a page of the API asked for in ?redirect= (the explorer).
    const layout = page.locator('[data-test=user-org], .graphiql-container');
    const code = page.locator('input[name=code]');
    const passwordForm = page.locator('[data-test=password-form]');
    const totpSecret = page.locator('[data-test=totp-secret]');
    const failure = page.locator('[data-test=login-error]');
    for (let round = 0; round < 5; round++) {
      await page.locator('[data-test=user-org], .graphiql-container, input[name=code], [data-test=password-form], [data-test=totp-secret], [data-test=login-error]').first().waitFor();
      if (await layout.first().isVisible()) return;
      if (await code.isVisible()) {
        if (options.shots?.secondFactor) await shot(page, options.shots.secondFactor);
        await code.fill(await this.accounts.nextCode(username));
        await page.locator('[data-test=login-submit]').click();
        await code.waitFor({ state: 'detached' }).catch(() => undefined);
        continue;
      }
      if (await passwordForm.isVisible()) {
        await this.changePassword(page, username, options.shots?.changePassword);
        continue;
      }
      if (await totpSecret.isVisible()) {
        const secret = (await totpSecret.innerText()).replace(/\s+/g, '');
        expectTruthy(/^[A-Z2-7]{16,}$/.test(secret), `TOTP 密钥格式不对：${secret}`);
        // A copy button beside it, and its groups of four never broken across lines.
        expectTruthy(await page.locator('[data-test=totp-copy]').isVisible(), 'TOTP 密钥旁没有复制按钮');
        const wordBreak = await page.evaluate("getComputedStyle(document.querySelector('[data-test=totp-secret]')).wordBreak");
        expectTruthy(wordBreak === 'keep-all', `TOTP 密钥在分组内换行（word-break: ${String(wordBreak)}）`);
        if (options.shots?.totp) await shot(page, options.shots.totp);
        await page.locator('input[name=totpCode]').fill(this.accounts.enrolled(username, secret));
        await page.locator('[data-test=totp-confirm]').click();
        await totpSecret.waitFor({ state: 'detached' });
        continue;
      }
      if (await failure.isVisible()) throw new Error(`${username} 登录失败：${await text(failure)}`);
    }
    throw new Error(`${username} 登录未完成`);
  }

  /** The change-password page, as the forced first step or from the user menu. */
  async changePassword(page: Page, username: string, screenshot?: string): Promise<void> {
    const form = page.locator('[data-test=password-form]');
    await form.waitFor();
    const next = this.accounts.newPassword(username);
    await form.locator('input[name=currentPassword]').fill(this.accounts.password(username));
    await form.locator('input[name=newPassword]').fill(next);
    await form.locator('input[name=confirmPassword]').fill(next);
    // The policy's rules (from the server) tick as the new password meets them.
    await page.locator('[data-test=password-policy] li.is-ok').nth(3).waitFor();
    await page.locator('[data-test=password-policy] .is-pending').first().waitFor({ state: 'detached' });
    if (screenshot) await shot(page, screenshot);
    await page.locator('[data-test=password-submit]').click();
    await form.waitFor({ state: 'detached' });
    this.accounts.setPassword(username, next);
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
  }
}

function expectTruthy(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
