// The demo platform as `npm start` runs it, Chromium, and a console driver signed in per account:
// what every console browser spec starts before its tests and stops after them.
import { afterAll, beforeAll } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { Accounts, ConsoleDriver, launchChromium, prepareScreenshots, requireChromium } from './console-browser';
import { ensureConsoleBuilt, startPlatform, type RunningPlatform } from './platform';

export interface ConsoleInBrowser {
  platform: RunningPlatform;
  browser: Browser;
  driver: ConsoleDriver;
}

/** Registers the spec file's setup and teardown; the fields are there once its tests run. */
export function consoleInBrowser(options: { readyWithinMs?: number; setupMs?: number } = {}): ConsoleInBrowser {
  const world = {} as ConsoleInBrowser;
  beforeAll(async () => {
    requireChromium();
    prepareScreenshots();
    ensureConsoleBuilt();
    world.platform = await startPlatform(options.readyWithinMs ? { readyWithinMs: options.readyWithinMs } : {});
    world.browser = await launchChromium();
    world.driver = new ConsoleDriver(world.browser, world.platform, new Accounts(world.platform.credentials));
  }, options.setupMs ?? 600_000);
  afterAll(async () => {
    await world.driver?.close();
    await world.browser?.close().catch(() => undefined);
    await world.platform?.stop();
  }, 60_000);
  return world;
}
