// The mobile capture app (web-mobile/, served at /m/) end to end on a phone-sized Chromium (Debian's
// chromium through playwright-core) against the platform started as `npm start` starts it: its
// camera is Chromium's fake device fed from a face of face-api's sample photos, its location is set
// 30 m from the class's venue. A reviewer logs in with the second factor; the institution operator
// sees today's session of a class in progress, its roster with who is still missing, checks a
// trainee in (matched) and another whose registered face is someone else's (not matched), checks
// the first out while the phone is offline (queued, sent when back online), and the attendance
// matrix counts the first trainee present, in the API and in the console. Then the class's teacher
// logs in with the account the institution created for them (授课教师): their own class's session,
// another class of the school missing, a check-out of their own. Screenshots go to
// test-artifacts/screenshots/mobile-*.png.
//
// Without Chromium the test FAILS, naming the install command (console-browser.ts, requireChromium).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Accounts, CHROMIUM, ConsoleDriver, SCREENSHOTS, requireChromium, text } from './console-browser';
import { ApiSession, VENUE, enrolReferenceFace, prepareRunningClass, referencePhotos, waitForClass, writeFakeCamera, type RunningClass } from './mobile-fixture';
import { ensureMobileBuilt } from './mobile-build';
import { ensureConsoleBuilt, startPlatform, type RunningPlatform } from './platform';
import { waitUntil } from '../../testing/wait-until';

// Matching runs after the upload, in the server's face pool (started on first use).
jest.setTimeout(240_000);
const MATCH_TIMEOUT = 120_000;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `mobile-${name}.png`), fullPage: true });

describe('mobile capture app on a phone', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let driver: ConsoleDriver;
  let accounts: Accounts;
  let workDir: string;
  const phones: BrowserContext[] = [];
  /** What the browser refused to load (another origin, by the CSP): must stay empty. */
  const refused: string[] = [];
  const started = Date.now();

  beforeAll(async () => {
    requireChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    ensureConsoleBuilt();
    ensureMobileBuilt();
    workDir = mkdtempSync(path.join(tmpdir(), 'gz-mobile-e2e-'));
    const camera = writeFakeCamera(path.join(workDir, 'face.y4m'));
    platform = await startPlatform();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // The phone's camera: a looping video of a sample face; no permission prompt.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${camera}`,
      ],
    });
    accounts = new Accounts(platform.credentials);
    driver = new ConsoleDriver(browser, platform, accounts);
  }, 420_000);

  afterAll(async () => {
    for (const phone of phones) await phone.close().catch(() => undefined);
    await driver?.close();
    await browser?.close().catch(() => undefined);
    await platform?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    console.log(`移动端端到端测试用时 ${Math.round((Date.now() - started) / 1000)} 秒`);
  }, 60_000);

  /** A phone: 390×844, touch, Beijing time, camera and location allowed, 30 m north of the venue. */
  async function phone(label: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      permissions: ['camera', 'geolocation'],
      geolocation: { latitude: VENUE.latitude + 0.00027, longitude: VENUE.longitude, accuracy: 15 },
      extraHTTPHeaders: { 'x-forwarded-for': driver.clientIp(`phone-${label}`) },
    });
    phones.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => console.error(`[手机 ${label}] 页面脚本错误:`, error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/.test(message.text())) refused.push(message.text());
    });
    return page;
  }

  async function loginOnPhone(page: Page, username: string) {
    await page.goto(`${platform.url}/m/`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(accounts.password(username));
    await page.locator('[data-test=login-submit]').click();
  }

  it('is served at /m/ as an installable app: manifest, icons, service worker', async () => {
    const manifest = (await (await fetch(`${platform.url}/m/manifest.webmanifest`)).json()) as { start_url: string; scope: string; display: string; icons: { sizes: string }[] };
    expect(manifest).toMatchObject({ start_url: '/m/', scope: '/m/', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    for (const file of ['icon-192.png', 'icon-512.png']) expect((await fetch(`${platform.url}/m/${file}`)).headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${platform.url}/m/sw.js`)).headers.get('content-type')).toMatch(/javascript/);
    // Every route of the app is its page; /m alone goes to /m/.
    const deep = await fetch(`${platform.url}/m/outbox`);
    expect(deep.headers.get('content-type')).toMatch(/text\/html/);
    expect(await deep.text()).toContain('/m/manifest.webmanifest');
    expect((await fetch(`${platform.url}/m`, { redirect: 'manual' })).headers.get('location')).toBe('/m/');

    const page = await phone('pwa');
    await page.goto(`${platform.url}/m/`);
    await page.locator('input[name=username]').waitFor();
    // The service worker takes control (its scope is /m/).
    // (Expressions as strings: the test's TypeScript has no DOM types.)
    const scope = await page.evaluate("Promise.race([navigator.serviceWorker.ready.then((r) => r.scope), new Promise((resolve) => setTimeout(() => resolve('未注册'), 20000))])");
    expect(scope).toBe(`${platform.url}/m/`);
    await shot(page, '01-login');
  });

  it('asks a reviewer for the second factor, as the console does', async () => {
    // The reviewer changes the one-time password and enrols TOTP in the console first.
    await driver.as('sh_nanming');
    const page = await phone('sh_nanming');
    await loginOnPhone(page, 'sh_nanming');
    const code = page.locator('input[name=code]');
    await code.waitFor();
    await shot(page, '02-second-factor');
    await code.fill(await accounts.nextCode('sh_nanming'));
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=tab-today]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/m/');
    // The menu of a user without capture rights says so.
    await page.locator('[data-test=tab-me]').click();
    await page.getByText('没有“上传考勤抓拍”权限').waitFor();
    await page.locator('[data-test=logout]').click();
    await page.locator('input[name=username]').waitFor();
  });

  describe('the institution operator on the day of a session', () => {
    let api: ApiSession;
    let klass: RunningClass;
    let page: Page;
    let names: Record<string, string>;

    beforeAll(async () => {
      await driver.as('jg_nanming');
      api = await ApiSession.login(platform.url, 'jg_nanming', accounts.password('jg_nanming'));
      klass = await prepareRunningClass(platform);
      await waitForClass(api, klass.classId);
      const photos = referencePhotos();
      await enrolReferenceFace(api, klass.trainees[0], photos.same);
      await enrolReferenceFace(api, klass.trainees[1], photos.other);
      // The reference faces reach the roster through the capture module's read model.
      const roster = await waitUntil(
        () =>
          api.graphql<{ captureRoster: { personId: string; name: string; hasReferenceFace: boolean }[] }>(
            'query($c: ID!, $s: String!) { captureRoster(classId: $c, sessionId: $s) { personId name hasReferenceFace } }',
            { c: klass.classId, s: klass.sessionId },
          ),
        (r) => klass.trainees.every((id) => r.captureRoster.some((p) => p.personId === id && p.hasReferenceFace)),
        { what: 'both trainees\' reference faces on the roster', timeoutMs: 60_000, intervalMs: 500 },
      );
      names = Object.fromEntries(roster.captureRoster.map((p) => [p.personId, p.name]));
      page = await phone('jg_nanming');
    }, 300_000);

    const person = (id: string) => page.locator(`[data-test=person-${id}]`);

    async function capture(id: string) {
      await person(id).click();
      // Enabled once the camera's video shows pictures.
      const shoot = page.locator('[data-test=capture-shoot]:not([disabled])');
      await shoot.waitFor();
      await page.locator('[data-test=capture-location]', { hasText: '已定位' }).waitFor();
      await shoot.click();
      await page.locator('[data-test=capture-preview]').waitFor();
      await page.locator('[data-test=capture-send]').click();
    }

    it('shows today\'s session and its roster with everyone still missing', async () => {
      await loginOnPhone(page, 'jg_nanming');
      const session = page.locator('[data-test=today-session]', { hasText: '移动端抓拍测试班' });
      await session.waitFor();
      await shot(page, '03-today');
      await session.locator('.van-cell').first().click();
      await page.locator('[data-test=roster-summary]', { hasText: '还需拍摄 3 人，共 3 人' }).waitFor();
      for (const id of klass.trainees) await expect(text(person(id).locator('[data-test=person-state]'))).resolves.toBe('未签到');
      await shot(page, '04-roster');
    });

    it('checks a trainee in with the camera and shows the match', async () => {
      await capture(klass.trainees[0]);
      await page.locator('[data-test=match-outcome]').waitFor({ timeout: MATCH_TIMEOUT });
      await expect(text(page.locator('[data-test=match-outcome]'))).resolves.toBe('比对一致');
      await shot(page, '05-matched');
      await page.locator('[data-test=capture-next]').click();
      await person(klass.trainees[0]).locator('[data-test=person-state]', { hasText: '比对一致' }).waitFor();
    });

    it('shows a face that is not the registered one as not matched, with advice', async () => {
      await capture(klass.trainees[1]);
      await page.locator('[data-test=match-outcome]').waitFor({ timeout: MATCH_TIMEOUT });
      await expect(text(page.locator('[data-test=match-outcome]'))).resolves.toBe('比对不一致');
      await expect(text(page.locator('[data-test=capture-result]'))).resolves.toContain('请本人重新拍摄');
      await shot(page, '06-not-matched');
      await page.locator('[data-test=capture-next]').click();
      await person(klass.trainees[1]).locator('[data-test=person-state]', { hasText: '比对不一致' }).waitFor();
      await page.locator('[data-test=roster-summary]', { hasText: '比对一致 1 人，还需拍摄 2 人' }).waitFor();
    });

    it('keeps a capture taken offline and sends it when the phone is back online', async () => {
      await page.getByRole('tab', { name: '签退' }).click();
      await person(klass.trainees[0]).locator('[data-test=person-state]', { hasText: '未签退' }).waitFor();
      await page.context().setOffline(true);
      await capture(klass.trainees[0]);
      await page.locator('[data-test=capture-result]', { hasText: '已保存在本机，等待上传' }).waitFor();
      await page.locator('[data-test=capture-next]').click();
      await person(klass.trainees[0]).locator('[data-test=person-state]', { hasText: '待上传' }).waitFor();
      await page.locator('[data-test=roster-outbox]').click();
      await page.locator('[data-test=offline]').waitFor();
      const item = page.locator('[data-test=outbox-item]', { hasText: `${names[klass.trainees[0]]} · 签退` });
      await item.locator('.van-tag', { hasText: '等待上传' }).waitFor();
      await shot(page, '07-outbox-offline');
      // Reopened without a connection: the service worker serves the app, the outbox (IndexedDB) still holds the capture.
      await page.reload();
      await item.locator('.van-tag', { hasText: '等待上传' }).waitFor();
      // Back online, it goes out by itself (the `online` event).
      await page.context().setOffline(false);
      await item.locator('.van-tag', { hasText: '已上传' }).waitFor({ timeout: 60_000 });
      await shot(page, '08-outbox-sent');
      await page.goto(`${platform.url}/m/classes/${klass.classId}/sessions/${klass.sessionId}?kind=check_out`);
      await person(klass.trainees[0]).locator('[data-test=person-state]', { hasText: '比对一致' }).waitFor({ timeout: MATCH_TIMEOUT });
      await shot(page, '09-checked-out');
    });

    it('counts the matched trainee present in the attendance matrix (API and console)', async () => {
      const attendance = async () =>
        (
          await api.graphql<{ trainingClass: { attendance: { rows: { participantId: string; cells: { sessionId: string; present: boolean; source: string }[] }[] } } }>(
            'query($id: ID!) { trainingClass(id: $id) { attendance { rows { participantId cells { sessionId present source } } } } }',
            { id: klass.classId },
          )
        ).trainingClass.attendance.rows;
      const cell = (rows: Awaited<ReturnType<typeof attendance>>, id: string) => rows.find((r) => r.participantId === id)?.cells.find((c) => c.sessionId === klass.sessionId);
      const rows = await attendance();
      expect(cell(rows, klass.trainees[0])).toEqual({ sessionId: klass.sessionId, present: true, source: 'capture' });
      expect(cell(rows, klass.trainees[1])).toMatchObject({ present: false });

      const desk = await driver.as('jg_nanming');
      await desk.goto(`${platform.url}/training-class/${klass.classId}`);
      await desk.getByRole('tab', { name: '出勤' }).click();
      const matrix = desk.locator('[data-test=attendance-matrix]');
      await matrix.waitFor();
      // The session's cell: a green tick for the trainee matched in and out; none for the other (a capture that did not match counts for nothing).
      const icon = (id: string) => matrix.locator(`[data-test="cell-${id}-${klass.sessionId}"] .el-icon`).first().getAttribute('style');
      await expect(icon(klass.trainees[0])).resolves.toContain('--el-color-success');
      await expect(icon(klass.trainees[1])).resolves.not.toContain('--el-color-success');
      await desk.screenshot({ path: path.join(SCREENSHOTS, 'mobile-10-console-attendance.png'), fullPage: true });
    });

    /**
     * The class's teacher on their own phone (授课教师): the login the institution created for the
     * teacher record (the demo's js_nanming when the class went to the demo teacher; otherwise the
     * operator creates one now), its one-time password changed in the console first, as the app asks.
     * They see the sessions of the classes they teach, not another class of the school, and check
     * themselves out of the session.
     */
    describe('the class\'s teacher on their own phone', () => {
      let username: string;
      let teacherPage: Page;
      let other: { id: string; name: string };

      beforeAll(async () => {
        const found = await api.graphql<{ teacher: { account: { username: string } | null } }>('query($id: ID!) { teacher(id: $id) { account { username } } }', { id: klass.teacherId });
        if (found.teacher.account) {
          username = found.teacher.account.username;
        } else {
          username = 'js_mobile_e2e';
          const created = await api.graphql<{ createTeacherAccount: { oneTimePassword: string } }>('mutation($t: ID!, $u: String!) { createTeacherAccount(teacherId: $t, username: $u) { oneTimePassword } }', { t: klass.teacherId, u: username });
          accounts.setPassword(username, created.createTeacherAccount.oneTimePassword);
        }
        // The first login is in the console, where the one-time password is changed.
        await driver.as(username);
        // Another class of the school that this teacher does not teach.
        const list = await api.graphql<{ trainingClasses: { items: { id: string; name: string; teachers: { teacherId: string }[] }[] } }>('{ trainingClasses(page: { pageSize: 100 }) { items { id name teachers { teacherId } } } }');
        const candidate = list.trainingClasses.items.find((c) => c.id !== klass.classId && !c.teachers.some((t) => t.teacherId === klass.teacherId));
        if (!candidate) throw new Error('演示机构没有其他教师授课的班级');
        other = candidate;
        teacherPage = await phone('teacher');
      }, 120_000);

      it('sees today\'s session of the class they teach, and only the sessions of classes they teach', async () => {
        await loginOnPhone(teacherPage, username);
        await teacherPage.locator('[data-test=today-session]', { hasText: '移动端抓拍测试班' }).waitFor();
        await shot(teacherPage, '11-teacher-today');
        // The same day through the API: the operator's sessions, and the teacher's, which are those of classes the teacher is assigned to.
        const teacherApi = await ApiSession.login(platform.url, username, accounts.password(username));
        const date = klass.sessionId.slice(0, 10);
        const day = (s: ApiSession) => s.graphql<{ captureSessionsOn: { items: { classId: string }[] } }>('query($d: String!) { captureSessionsOn(date: $d) { items { classId } } }', { d: date });
        const [mine, all] = [(await day(teacherApi)).captureSessionsOn.items.map((i) => i.classId), (await day(api)).captureSessionsOn.items.map((i) => i.classId)];
        expect(mine).toContain(klass.classId);
        for (const classId of new Set(all)) {
          const { trainingClass } = await api.graphql<{ trainingClass: { teachers: { teacherId: string }[] } }>('query($id: ID!) { trainingClass(id: $id) { teachers { teacherId } } }', { id: classId });
          expect([classId, mine.includes(classId)]).toEqual([classId, trainingClass.teachers.some((t) => t.teacherId === klass.teacherId)]);
        }
      });

      it('finds another class of the school missing', async () => {
        await teacherPage.goto(`${platform.url}/m/classes/${other.id}/sessions/${klass.sessionId}`);
        await teacherPage.locator('[data-test=roster-error]', { hasText: '记录不存在或不在您的数据权限范围内' }).waitFor();
        await shot(teacherPage, '12-teacher-other-class');
      });

      it('checks themselves out of the session with the camera', async () => {
        const { teacher } = await api.graphql<{ teacher: { referenceFace: { source: string } | null } }>('query($id: ID!) { teacher(id: $id) { referenceFace { source } } }', { id: klass.teacherId });
        await teacherPage.goto(`${platform.url}/m/classes/${klass.classId}/sessions/${klass.sessionId}?kind=check_out`);
        const self = teacherPage.locator(`[data-test=person-${klass.teacherId}]`);
        await self.locator('[data-test=person-state]', { hasText: '未签退' }).waitFor();
        await self.click();
        const shoot = teacherPage.locator('[data-test=capture-shoot]:not([disabled])');
        await shoot.waitFor();
        await teacherPage.locator('[data-test=capture-location]', { hasText: '已定位' }).waitFor();
        await shoot.click();
        await teacherPage.locator('[data-test=capture-preview]').waitFor();
        await teacherPage.locator('[data-test=capture-send]').click();
        await teacherPage.locator('[data-test=match-outcome]').waitFor({ timeout: MATCH_TIMEOUT });
        // The camera shows a trainee's face: with no registered face of the teacher nothing can be compared; with one, it is not theirs.
        await expect(text(teacherPage.locator('[data-test=match-outcome]'))).resolves.toBe(teacher.referenceFace ? '比对不一致' : '未登记人脸照片');
        await shot(teacherPage, '13-teacher-checked-out');
        const captures = await api.graphql<{ classCaptures: { items: { personId: string; kind: string; deviceId: string }[] } }>('query($c: ID!) { classCaptures(classId: $c) { items { personId kind deviceId } } }', { c: klass.classId });
        expect(captures.classCaptures.items.filter((c) => c.personId === klass.teacherId && c.kind === 'check_out')).toHaveLength(1);
      });

      it('loaded nothing from another origin on the teacher\'s phone either', () => expect(refused).toEqual([]));
    });

    it('loaded nothing from another origin', () => expect(refused).toEqual([]));
  });
});
