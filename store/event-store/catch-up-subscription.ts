import type { EventLog } from './event-log';
import type { BatchHandler, SubscribeOptions, Subscription } from './event-store';

const DEFAULT_BATCH = 1000;
/**
 * Fallback poll, for events no wake-up announces: in the Postgres log, one committed entirely
 * outside the adapter (an append through it notifies, and the log itself watches the fence while
 * committed events wait behind it), or a notification lost with its connection.
 */
const IDLE_POLL_MS = 250;
/**
 * After a wake-up, wait this long before reading: under a stream of small appends every
 * subscription would otherwise run one read per append; a few milliseconds gather them into one.
 */
const COALESCE_MS = 10;

/**
 * Catch-up subscription over any EventLog: read pages after the checkpoint until the log is
 * exhausted, then wait for the adapter's wake-up signal (or the idle poll) and read again. Ordering
 * and exactly-once delivery come from readAll's guarantee never to return an event while a lower
 * position can still appear, and from handing the handler one batch at a time.
 */
export function subscribeCatchUp(log: EventLog, options: SubscribeOptions, handler: BatchHandler): Subscription {
  let position = options.after ?? 0n;
  let stopped = false;
  let wake: (() => void) | undefined;
  let pending = false;
  const unwatch = log.watch?.(() => {
    pending = true;
    wake?.();
  });

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (pending || stopped) return resolve();
      const timer = setTimeout(done, IDLE_POLL_MS);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        if (stopped) return resolve();
        setTimeout(resolve, COALESCE_MS);
      };
    });

  const loop = async (): Promise<Error> => {
    while (!stopped) {
      pending = false;
      const page = await log.readAll({ after: position, maxCount: options.batchSize ?? DEFAULT_BATCH, typePrefixes: options.typePrefixes });
      if (stopped) break;
      if (page.events.length > 0 || page.scannedUpTo > position) {
        await handler(page.events, page.scannedUpTo);
        position = page.scannedUpTo;
        if (page.events.length > 0) continue;
      }
      await sleep();
    }
    return new Error('stopped');
  };

  let running: Promise<Error>;
  const failed = new Promise<Error>((resolve) => {
    running = loop().then(
      (e) => e,
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        resolve(e);
        return e;
      },
    );
  });

  return {
    failed,
    async stop() {
      stopped = true;
      unwatch?.();
      wake?.();
      await running;
    },
  };
}
