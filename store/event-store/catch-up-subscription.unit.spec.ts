// The shared tail read: subscriptions asking at the same moment share one readAll, and each takes
// exactly what its own filtered read would have returned.
import { describe, expect, it } from '@jest/globals';
import { pageFor, sharedTailReader } from './catch-up-subscription';
import type { EventLog } from './event-log';
import type { AllPage, ReadAllOptions, RecordedEvent } from './event-store';

const event = (position: number, type: string): RecordedEvent => ({
  id: `e${position}`,
  streamId: `s-${position}`,
  revision: 0,
  position: BigInt(position),
  type,
  data: {},
  metadata: {} as RecordedEvent['metadata'],
  recordedAt: new Date(0),
});

const log = [event(1, 'CaptureAccepted'), event(2, 'TrainingClassStarted'), event(3, 'CaptureAccepted'), event(4, 'UserCreated'), event(5, 'CaptureRefused')];

/** What the log's own filtered read returns (the reference the shared page must match). */
const direct = (after: number, prefixes: string[] | undefined, limit: number, head = 7): AllPage => {
  const events = log.filter((e) => e.position > BigInt(after) && (!prefixes?.length || prefixes.some((p) => e.type.startsWith(p)))).slice(0, limit);
  return { events, scannedUpTo: events.length === limit ? events[limit - 1]!.position : BigInt(head) };
};

describe('a subscription reading a shared page of the tail', () => {
  const shared = { page: { events: log, scannedUpTo: 7n }, full: false };

  it.each([
    [0, undefined, 1000],
    [0, ['Capture'], 1000],
    [2, ['Capture'], 1000],
    [3, ['TrainingClass'], 1000],
    [5, [], 1000],
    [0, ['Capture'], 2],
    [1, [], 2],
  ])('after %p with prefixes %p, at most %p: the events and position its own read gives', (after, prefixes, limit) => {
    const taken = pageFor(shared, BigInt(after), prefixes, limit);
    expect(taken.page).toEqual(direct(after, prefixes, limit));
    expect(taken.complete).toBe(taken.page.events.length < limit || taken.page.scannedUpTo === 7n);
  });

  it('a full shared page covers only up to its last event: not caught up', () => {
    const taken = pageFor({ page: { events: log.slice(0, 3), scannedUpTo: 3n }, full: true }, 2n, ['User'], 1000);
    expect(taken.page).toEqual({ events: [], scannedUpTo: 3n });
    expect(taken.complete).toBe(false);
  });

  it('never moves a subscription back', () => {
    expect(pageFor({ page: { events: [], scannedUpTo: 3n }, full: false }, 5n, undefined, 10).page).toEqual({ events: [], scannedUpTo: 5n });
  });
});

describe('the shared tail reader', () => {
  it('answers the reads asked in the same turn with one unfiltered readAll from the lowest position', async () => {
    const calls: ReadAllOptions[] = [];
    const fake = { readAll: async (options: ReadAllOptions = {}) => (calls.push(options), { events: log, scannedUpTo: 7n }) } as unknown as EventLog;
    const reader = sharedTailReader(fake, 10);
    const answers = await Promise.all([reader.read(3n), reader.read(1n), reader.read(5n)]);
    expect(calls).toEqual([{ after: 1n, maxCount: 10 }]);
    expect(answers.every((a) => a.full === false && a.page.scannedUpTo === 7n)).toBe(true);
    await reader.read(7n);
    expect(calls).toHaveLength(2);
  });

  it('hands a failed read to every caller', async () => {
    const fake = { readAll: async () => Promise.reject(new Error('connection lost')) } as unknown as EventLog;
    const reader = sharedTailReader(fake);
    const results = await Promise.allSettled([reader.read(1n), reader.read(2n)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
