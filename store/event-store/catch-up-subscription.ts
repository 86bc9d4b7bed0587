import type { EventLog } from './event-log';
import type { AllPage, BatchHandler, SubscribeOptions, Subscription } from './event-store';

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

/** Events per shared read of the log's tail. */
const SHARED_PAGE = 1000;

export interface SharedTailReader {
  /** The log after `after`, unfiltered, read once for every caller waiting at the same moment; `full`: the page may stop before the head. */
  read(after: bigint): Promise<{ page: AllPage; full: boolean }>;
}

/**
 * One read of the log's tail for all the subscriptions that are caught up. Each projection and
 * process manager runs a subscription of its own, and an append wakes them all: read one by one,
 * a capture cost some 30 readAll queries (scripts/bench/capture-bench.ts counted 33 per capture
 * with ~45 subscriptions). The subscriptions woken together ask within the same turn of the event
 * loop; their reads are gathered into one unfiltered readAll from the lowest of their positions,
 * and each takes from the page the events past its own position that its filter accepts. Complete
 * for each of them up to the page's scannedUpTo, by readAll's own guarantee.
 */
export function sharedTailReader(log: EventLog, pageSize = SHARED_PAGE): SharedTailReader {
  let waiting: { after: bigint; resolve: (r: { page: AllPage; full: boolean }) => void; reject: (e: unknown) => void }[] = [];
  const flush = async () => {
    const batch = waiting;
    waiting = [];
    const after = batch.reduce((low, w) => (w.after < low ? w.after : low), batch[0]!.after);
    try {
      const page = await log.readAll({ after, maxCount: pageSize });
      const answer = { page, full: page.events.length >= pageSize };
      for (const w of batch) w.resolve(answer);
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  };
  return {
    read(after) {
      return new Promise((resolve, reject) => {
        waiting.push({ after, resolve, reject });
        if (waiting.length === 1) setImmediate(() => void flush());
      });
    },
  };
}

/** What a subscription takes from a shared page: its events past `position` (at most `limit`), and how far that covers. */
export function pageFor(shared: { page: AllPage; full: boolean }, position: bigint, typePrefixes: readonly string[] | undefined, limit: number): { page: AllPage; complete: boolean } {
  const wanted = (type: string) => !typePrefixes?.length || typePrefixes.some((p) => type.startsWith(p));
  const events = [];
  for (const e of shared.page.events) {
    if (e.position <= position || !wanted(e.type)) continue;
    if (events.length === limit) return { page: { events, scannedUpTo: events[events.length - 1]!.position }, complete: false };
    events.push(e);
  }
  const scannedUpTo = shared.page.scannedUpTo > position ? shared.page.scannedUpTo : position;
  return { page: { events, scannedUpTo }, complete: !shared.full };
}

/**
 * Catch-up subscription over any EventLog: read pages after the checkpoint until the log is
 * exhausted, then wait for the adapter's wake-up signal (or the idle poll) and read again. Ordering
 * and exactly-once delivery come from readAll's guarantee never to return an event while a lower
 * position can still appear, and from handing the handler one batch at a time.
 */
export function subscribeCatchUp(log: EventLog, options: SubscribeOptions, handler: BatchHandler, tail?: SharedTailReader): Subscription {
  let position = options.after ?? 0n;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  // Caught up with the log: the next read goes through the shared tail reader, if there is one.
  let atHead = false;
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
      let page: AllPage;
      if (tail && atHead) {
        const taken = pageFor(await tail.read(position), position, options.typePrefixes, batchSize);
        page = taken.page;
        atHead = taken.complete;
      } else {
        page = await log.readAll({ after: position, maxCount: batchSize, typePrefixes: options.typePrefixes });
        atHead = page.events.length < batchSize;
      }
      if (stopped) break;
      if (page.events.length > 0 || page.scannedUpTo > position) {
        await handler(page.events, page.scannedUpTo);
        position = page.scannedUpTo;
        if (page.events.length > 0) continue;
      }
      if (!atHead) continue;
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
