// The login's image captcha (issue 16 §3). After a second failed login for a user name, or from a
// client address, within fifteen minutes, the next attempt must carry a captcha: an SVG drawn here
// by svg-captcha (glyphs as paths from its bundled font, nothing fetched), its text chosen by
// Node's CSPRNG (svg-captcha's own text comes from Math.random), kept in login_captchas for five
// minutes and deleted at its first check, right or wrong. Counters are kept alike for known and
// unknown names, so whether a captcha is asked for tells nothing about which names exist. A
// successful login clears its name's and address's counters.
import { randomBytes, randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import svgCaptcha from 'svg-captcha';
import { visibleText } from '../../domain/shared/validation';

export const CAPTCHA_AFTER_FAILURES = 2;
const WINDOW_MINUTES = 15;
const CAPTCHA_MINUTES = 5;
// No characters people confuse (0/O, 1/l/I, 2/Z, 5/S, 8/B).
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXYabcdefhjkmnpqrtuvwxy34679';
const LENGTH = 4;

type Render = (text: string, options: svgCaptcha.ConfigObject) => string;
// The package's main export renders a given text (its typings declare only create(), whose text is not ours to choose).
const render = svgCaptcha as unknown as Render;

// A malformed name (a control character) is counted too, written out as text Postgres can store.
const nameKey = (username: string) => `name:${visibleText(username.trim().toLowerCase()).slice(0, 64)}`;
const addressKey = (ip: string | null) => `addr:${ip ?? 'unknown'}`;

export function loginCaptchas(knex: Knex) {
  const counters = () => knex('login_failure_counters');

  return {
    /** Whether the next login for this name or from this address must carry a captcha. */
    async required(username: string, ip: string | null): Promise<boolean> {
      const since = new Date(Date.now() - WINDOW_MINUTES * 60_000);
      const row = await counters().whereIn('key', [nameKey(username), addressKey(ip)]).where('last_failed_at', '>', since).max<{ n: number | null }>({ n: 'failures' }).first();
      return Number(row?.n ?? 0) >= CAPTCHA_AFTER_FAILURES;
    },

    /** Counts a failed login against the name and the address (a count older than the window starts again). */
    async failed(username: string, ip: string | null) {
      const now = new Date();
      const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
      for (const key of [nameKey(username), addressKey(ip)]) {
        await knex.raw(
          `insert into login_failure_counters (key, failures, last_failed_at) values (?, 1, ?)
           on conflict (key) do update set failures = case when login_failure_counters.last_failed_at > ? then login_failure_counters.failures + 1 else 1 end, last_failed_at = excluded.last_failed_at`,
          [key, now, since],
        );
      }
    },

    /** A successful login: the name and the address start again without a captcha. */
    async succeeded(username: string, ip: string | null) {
      await counters().whereIn('key', [nameKey(username), addressKey(ip)]).delete();
    },

    /** A new captcha: its id and the image as a data: URL (shown as an <img>, never as markup). */
    async issue(): Promise<{ captchaId: string; image: string }> {
      const text = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      const svg = render(text, { width: 120, height: 40, fontSize: 44, noise: 3, color: true, background: '#f2f5fa' });
      const captchaId = randomBytes(18).toString('base64url');
      await knex('login_captchas').where('expires_at', '<', new Date()).delete();
      await knex('login_captchas').insert({ id: captchaId, answer: text.toLowerCase(), expires_at: new Date(Date.now() + CAPTCHA_MINUTES * 60_000) });
      return { captchaId, image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    },

    /** Checks an answer (case does not matter) and spends the captcha, right or wrong. */
    async check(captchaId: string, answer: string): Promise<boolean> {
      const [row] = (await knex('login_captchas').where({ id: captchaId }).delete('*')) as { answer: string; expires_at: Date }[];
      return Boolean(row && row.expires_at.getTime() > Date.now() && row.answer === answer.trim().toLowerCase());
    },
  };
}

export type LoginCaptchas = ReturnType<typeof loginCaptchas>;
