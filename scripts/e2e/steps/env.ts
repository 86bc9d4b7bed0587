import type { ConsoleDriver } from '../console-browser';
import type { RunningPlatform } from '../platform';

/** What every step of the console's end-to-end test works with (set once the platform runs). */
export interface E2eEnv {
  driver: ConsoleDriver;
  platform: RunningPlatform;
}
