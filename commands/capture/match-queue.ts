// The face-matching work queue (store/migrations/capture.ts): captures waiting for a matcher, shared
// by every matcher worker of every process. A claim is one statement (its own short transaction):
// rows are taken with FOR UPDATE SKIP LOCKED, so two workers never claim the same capture, and held
// by a lease rather than a lock, so no transaction stays open while a photo is analysed.
import type { Knex } from 'knex';

export interface ClaimedMatch {
  captureStream: string;
  reason: 'first' | 'rematch';
  attempts: number;
}

export function matchQueue(knex: Knex) {
  return {
    /** Adds captures to match; a capture already waiting is left as it is. */
    async enqueue(items: readonly { captureStream: string; reason: 'first' | 'rematch' }[]) {
      if (!items.length) return;
      await knex('capture_match_queue')
        .insert(items.map((i) => ({ capture_stream: i.captureStream, reason: i.reason })))
        .onConflict('capture_stream')
        .ignore();
    },
    /** Takes up to `limit` captures no one holds, oldest first, for `leaseMs`. */
    async claim(workerId: string, limit: number, leaseMs: number): Promise<ClaimedMatch[]> {
      if (limit <= 0) return [];
      const { rows } = await knex.raw<{ rows: { capture_stream: string; reason: 'first' | 'rematch'; attempts: number }[] }>(
        `UPDATE capture_match_queue SET claimed_by = ?, claimed_until = now() + make_interval(secs => ?), attempts = attempts + 1
          WHERE capture_stream IN (
            SELECT capture_stream FROM capture_match_queue
             WHERE (claimed_until IS NULL OR claimed_until < now()) AND not_before <= now()
             ORDER BY enqueued_at LIMIT ? FOR UPDATE SKIP LOCKED)
          RETURNING capture_stream, reason, attempts`,
        [workerId, leaseMs / 1000, limit],
      );
      return rows.map((r) => ({ captureStream: r.capture_stream, reason: r.reason, attempts: r.attempts }));
    },
    /** The capture's match is recorded (or it needs none): off the queue. Only the holder removes it. */
    async done(captureStream: string, workerId: string) {
      await knex('capture_match_queue').where({ capture_stream: captureStream, claimed_by: workerId }).delete();
    },
    /** Back on the queue after `delayMs` (the engine was busy or failed). */
    async retry(captureStream: string, workerId: string, delayMs: number, error: string) {
      await knex('capture_match_queue')
        .where({ capture_stream: captureStream, claimed_by: workerId })
        .update({ claimed_by: null, claimed_until: null, not_before: knex.raw('now() + make_interval(secs => ?)', [delayMs / 1000]), last_error: error.slice(0, 500) });
    },
    /** Captures waiting or being matched (metrics, the benchmark). */
    async depth(): Promise<number> {
      const [row] = await knex('capture_match_queue').count<{ count: string }[]>({ count: '*' });
      return Number(row?.count ?? 0);
    },
  };
}

export type MatchQueue = ReturnType<typeof matchQueue>;
