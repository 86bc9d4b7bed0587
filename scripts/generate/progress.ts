// Bounded concurrency over a lazily drawn sequence of tasks, and a progress line with the command
// and event rates and the time left.
import { performance } from 'node:perf_hooks';

/** Runs `worker` over `items` with at most `concurrency` in flight; the first failure stops the run. */
export async function runBounded<T>(items: Iterable<T>, concurrency: number, worker: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: unknown;
  let failed = false;
  const lane = async () => {
    for (;;) {
      if (failed) return;
      const next = iterator.next();
      if (next.done) return;
      try {
        await worker(next.value);
      } catch (error) {
        if (!failed) {
          failed = true;
          failure = error;
        }
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  if (failed) throw failure;
}

const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');
export const formatDuration = (seconds: number) => {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5400) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
};

export interface PhaseFigures {
  phase: string;
  items: number;
  commands: number;
  events: number;
  seconds: number;
}

/** Counts one phase's work and prints a progress line every `intervalMs` (and at the end). */
export class Progress {
  private done = 0;
  private commands = 0;
  private events = 0;
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private window: { at: number; commands: number; events: number }[] = [];

  constructor(
    private readonly phase: string,
    private readonly total: number,
    private readonly print: ((line: string) => void) | undefined,
    private readonly extra: () => string = () => '',
    intervalMs = 5000,
  ) {
    if (print) {
      this.timer = setInterval(() => this.report(), intervalMs);
      this.timer.unref();
    }
  }

  /** One command done, which appended `events` events. */
  command(events: number) {
    this.add(1, events);
  }

  add(commands: number, events: number) {
    this.commands += commands;
    this.events += events;
  }

  item() {
    this.done++;
  }

  private report() {
    const now = performance.now();
    this.window.push({ at: now, commands: this.commands, events: this.events });
    // Rates over the last ~30 s: the start (JIT, empty caches) says little about the rest.
    while (this.window.length > 7) this.window.shift();
    const first = this.window[0]!;
    const span = (now - first.at) / 1000 || (now - this.started) / 1000;
    const base = this.window.length > 1 ? first : { commands: 0, events: 0 };
    const elapsed = (now - this.started) / 1000;
    const perItem = this.done / elapsed;
    const left = perItem > 0 ? (this.total - this.done) / perItem : Infinity;
    const percent = this.total ? ((100 * this.done) / this.total).toFixed(1) : '100';
    this.print?.(
      `${this.phase}: ${formatCount(this.done)}/${formatCount(this.total)} (${percent}%)  ` +
        `${formatCount((this.commands - base.commands) / span)} commands/s  ${formatCount((this.events - base.events) / span)} events/s  ` +
        `elapsed ${formatDuration(elapsed)}  ETA ${formatDuration(left)}${this.extra()}`,
    );
  }

  finish(): PhaseFigures {
    if (this.timer) clearInterval(this.timer);
    const seconds = (performance.now() - this.started) / 1000;
    this.print?.(
      `${this.phase}: ${formatCount(this.done)} done in ${formatDuration(seconds)} ` +
        `(${formatCount(this.commands / seconds)} commands/s, ${formatCount(this.events / seconds)} events/s)`,
    );
    return { phase: this.phase, items: this.done, commands: this.commands, events: this.events, seconds };
  }
}
