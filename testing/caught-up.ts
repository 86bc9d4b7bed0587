// Specs and benchmarks wait for the read models up to the last event committed (read from the
// events table: they run the Postgres store), not up to the store's readable head: that one stops
// below any transaction still open in the cluster (a projection's own batch, another suite's
// write), so waiting for it can return while the work just written is still being projected.
import type { Platform } from '../api/platform';

export async function lastCommittedPosition(platform: Pick<Platform, 'knex'>): Promise<bigint> {
  const [row] = await platform.knex('events').max<{ p: string | null }[]>({ p: 'position' });
  return BigInt(row?.p ?? 0);
}

/** True once the named read models (all when none are named) have every event committed so far. */
export async function caughtUp(platform: Pick<Platform, 'knex' | 'runner'>, names: readonly string[] | undefined, timeoutMs: number): Promise<boolean> {
  return platform.runner.waitFor(await lastCommittedPosition(platform), names, timeoutMs);
}
