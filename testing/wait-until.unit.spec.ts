import { describe, expect, it } from '@jest/globals';
import { waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('returns the first value the condition accepts, probing again until then', async () => {
    let calls = 0;
    const value = await waitUntil(
      async () => ++calls,
      (n) => n >= 3,
      { what: 'the third call', intervalMs: 1 },
    );
    expect(value).toBe(3);
    expect(calls).toBe(3);
  });

  it('fails after the deadline, naming what it waited for and the last value seen', async () => {
    let calls = 0;
    const started = Date.now();
    await expect(waitUntil(() => ({ position: BigInt(++calls) }), () => false, { what: 'the projection to catch up', timeoutMs: 60, intervalMs: 10 })).rejects.toThrow(
      /^timed out after 60 ms waiting for the projection to catch up; last value seen: \{"position":"\d+"\}$/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    // Probed more than once, and once more at the deadline.
    expect(calls).toBeGreaterThan(2);
  });

  it('fails at once when the probe throws', async () => {
    const started = Date.now();
    await expect(
      waitUntil(
        () => {
          throw new Error('the server went away');
        },
        () => true,
        { what: 'anything', timeoutMs: 10_000 },
      ),
    ).rejects.toThrow('the server went away');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
