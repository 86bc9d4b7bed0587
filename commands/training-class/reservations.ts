// Who is booked when, exactly: a teacher or trainee is never in two overlapping sessions anywhere in
// the province, even when two institutions enrol the same person at the same moment. A read model
// lags behind the log, so the guarantee lives in a table the commands own
// (class_session_reservations, store/migrations/training-class.ts): one row per person and session
// of every class that is not cancelled or completed, and a Postgres exclusion constraint (GiST over
// person and time range) that refuses a second overlapping row of one person in another class.
//
// How a command keeps it (training-class-commands.ts):
// - under the class's advisory lock (one writer of a class's reservations at a time), it decides;
//   the rows its new state needs and the old state lacked are inserted before the append (the
//   pipeline's beforeAppend): a refusal there writes no event; rows the new state no longer needs
//   are deleted after the append. The domain's own busy check reads this same table first, so the
//   user gets the message naming the other class; the constraint only decides a race.
// - review decisions (the generic review path) only ever shrink a class's bookings (a change
//   applied, a declaration rejected, a completion): their releases, and any repair, are made by the
//   reconciler (class-processes.ts), which brings a class's rows to what its stream says, under
//   the same lock, after each of its events.
// Failure mode: rows are inserted before the append, in their own statement. If the append then
// fails (a crash, the event store down), the rows stay without an event behind them: they block the
// person's time for nobody's benefit, never double-book. The reconciler removes them on the
// class's next event, and `reconcile` can be run for any class at any time; no other harm follows.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { RuleViolationError } from '../../domain/shared/errors';
import type { ParticipantKind } from '../../domain/training-class/class-details';
import { activeRoster, type AssignedTeacher, type RosterEntry } from '../../domain/training-class/participants';
import { approvedAndPending } from '../../domain/training-class/queries';
import type { TrainingClassState } from '../../domain/training-class/state';
import { describeTime, type BusyInterval, type Session } from '../../domain/training-class/timetable';

const TABLE = 'class_session_reservations';
/** First key of the class locks (pg_advisory_lock(int, int)): keeps them apart from anyone else's. */
const LOCK_NAMESPACE = 120612;
/** Postgres' code for an exclusion constraint violation. */
const EXCLUSION_VIOLATION = '23P01';

/** How a person is keyed: a trainee and a teacher are different records even for one human. */
export const personKey = (kind: ParticipantKind, personId: string) => `${kind}:${personId}`;

export interface Reservation {
  personKey: string;
  sessionId: string;
  date: string;
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
}

const keyOf = (r: Pick<Reservation, 'personKey' | 'sessionId'>) => `${r.personKey}|${r.sessionId}`;

function bookings(sessions: readonly Session[], teachers: readonly AssignedTeacher[], roster: readonly RosterEntry[]): Reservation[] {
  const row = (key: string, s: Session): Reservation => ({ personKey: key, sessionId: s.sessionId, date: s.date, start: s.start, end: s.end, startsAt: s.startsAt, endsAt: s.endsAt });
  const taught = teachers.flatMap((t) => sessions.filter((s) => s.teacherId === t.teacherId).map((s) => row(personKey('teacher', t.teacherId), s)));
  const attended = activeRoster(roster).flatMap((e) => sessions.map((s) => row(personKey(e.participant.kind, e.participant.personId), s)));
  return [...taught, ...attended];
}

/**
 * The bookings a class holds in this state: none once cancelled or completed; otherwise its
 * timetable for its teachers and active participants, and, while a change request is pending, the
 * class as the change would make it too (its approval must find the people still free).
 */
export function reservationsFor(state: TrainingClassState): Reservation[] {
  if (state.status === 'none' || state.status === 'cancelled' || state.status === 'completed') return [];
  const both = approvedAndPending(state)!;
  const rows = [both.approved, ...(both.pending ? [both.pending] : [])].flatMap((c) => bookings(c.timetable, c.teachers, c.roster));
  // One row per person and session; where approved and pending times of a session differ, the longer.
  const byKey = new Map<string, Reservation>();
  for (const r of rows) {
    const seen = byKey.get(keyOf(r));
    if (!seen || r.endsAt > seen.endsAt) byKey.set(keyOf(r), r);
  }
  return [...byKey.values()];
}

/** What the rows of `after` add to those of `before`, and what they drop. */
export function reservationChanges(before: readonly Reservation[], after: readonly Reservation[]) {
  const old = new Map(before.map((r) => [keyOf(r), r]));
  const next = new Map(after.map((r) => [keyOf(r), r]));
  return {
    added: after.filter((r) => {
      const o = old.get(keyOf(r));
      return !o || o.endsAt !== r.endsAt;
    }),
    dropped: before.filter((r) => !next.has(keyOf(r))),
  };
}

const lockKey = (classId: string) => createHash('sha256').update(classId).digest().readInt32BE(0);

export interface ClassReservationLock {
  /** Books the rows (upsert); a person busy in another class at an overlapping time refuses it all, naming them. */
  acquire(rows: readonly Reservation[], commandId: string, names: ReadonlyMap<string, string>): Promise<void>;
  /** Gives up these rows of the class. */
  release(rows: readonly Reservation[]): Promise<void>;
  /** Makes the class's rows exactly these (the reconciler): missing rows booked where still possible, others removed. */
  syncTo(rows: readonly Reservation[], commandId: string): Promise<{ added: number; removed: number; refused: number }>;
}

type Connection = { query(sql: string, values: unknown[]): Promise<unknown> };

export function sessionReservations(knex: Knex) {
  /** The table, on the connection holding the class's lock when given (it never waits for a second one from the pool). */
  const table = (connection?: Connection) => (connection ? knex(TABLE).connection(connection) : knex(TABLE));

  const toDatabase = (classId: string, label: string, commandId: string) => (r: Reservation) => ({
    class_id: classId,
    person_key: r.personKey,
    session_id: r.sessionId,
    during: knex.raw('tstzrange(?::timestamptz, ?::timestamptz)', [r.startsAt, r.endsAt]),
    session_date: r.date,
    starts: r.start,
    ends: r.end,
    class_label: label,
    command_id: commandId,
  });

  /** The first of these rows that overlaps a booking of the same person in another class. */
  async function firstConflict(connection: Connection, classId: string, rows: readonly Reservation[]) {
    const found = await knex.raw<{ rows: { person_key: string; session_id: string; class_label: string; session_date: string; starts: string; ends: string }[] }>(
      `SELECT n.person_key, n.session_id, r.class_label, r.session_date, r.starts, r.ends
         FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[]) AS n(person_key, session_id, starts_at, ends_at)
         JOIN ${TABLE} r ON r.person_key = n.person_key AND r.during && tstzrange(n.starts_at, n.ends_at) AND r.class_id <> ?
        ORDER BY n.starts_at LIMIT 1`,
      [rows.map((r) => r.personKey), rows.map((r) => r.sessionId), rows.map((r) => r.startsAt), rows.map((r) => r.endsAt), classId],
    ).connection(connection);
    return found.rows[0];
  }

  function refusal(conflict: NonNullable<Awaited<ReturnType<typeof firstConflict>>>, rows: readonly Reservation[], names: ReadonlyMap<string, string>) {
    const own = rows.find((r) => r.personKey === conflict.person_key && r.sessionId === conflict.session_id)!;
    const name = names.get(conflict.person_key) ?? '';
    const theirs = describeTime({ date: conflict.session_date, start: conflict.starts, end: conflict.ends });
    return conflict.person_key.startsWith('teacher:')
      ? new RuleViolationError(`${name}在${theirs}已有“${conflict.class_label}”的课程安排，与本班${describeTime(own)}的课程时间重叠；同一人不能同时出现在两个课堂`, 'training_class.teacher_busy')
      : new RuleViolationError(`${name}已报名的“${conflict.class_label}”在${theirs}有课，与本班${describeTime(own)}的课程时间重叠；同一人不能同时参加上课时间重叠的两个班级`, 'training_class.participant_busy');
  }

  const upsert = (connection: Connection, classId: string, label: string, commandId: string, rows: readonly Reservation[]) =>
    table(connection)
      .insert(rows.map(toDatabase(classId, label, commandId)))
      .onConflict(['class_id', 'person_key', 'session_id'])
      .merge(['during', 'session_date', 'starts', 'ends', 'class_label', 'command_id']);

  const remove = async (connection: Connection, classId: string, rows: readonly Reservation[]) => {
    if (rows.length === 0) return;
    await table(connection)
      .where({ class_id: classId })
      .whereRaw(`person_key || '|' || session_id = ANY(?::text[])`, [rows.map(keyOf)])
      .delete();
  };

  const isExclusion = (error: unknown) => (error as { code?: string }).code === EXCLUSION_VIOLATION;

  return {
    /**
     * Other classes' bookings of these people around a class's period (China dates, inclusive), as
     * the domain's BusyLookup wants them: every key asked for is in the answer.
     */
    async busy(classId: string, keys: readonly string[], period: { from: string; to: string }): Promise<Map<string, BusyInterval[]>> {
      const result = new Map<string, BusyInterval[]>(keys.map((k) => [k, []]));
      if (keys.length === 0) return result;
      const rows: { person_key: string; session_date: string; starts: string; ends: string; class_label: string }[] = await table()
        .whereIn('person_key', [...new Set(keys)])
        .whereNot('class_id', classId)
        .whereRaw(`during && tstzrange((?::date)::timestamp AT TIME ZONE 'Asia/Shanghai', (?::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`, [period.from, period.to])
        .select('person_key', 'session_date', 'starts', 'ends', 'class_label');
      for (const r of rows) result.get(r.person_key)!.push({ date: r.session_date, start: r.starts, end: r.ends, label: r.class_label });
      return result;
    },

    /**
     * Runs `work` holding the class's lock: every change to one class's reservations (commands,
     * reconciler) happens under it, so none can remove rows another is about to rely on. Session-
     * level advisory lock on a connection of its own: no transaction stays open meanwhile (an open
     * write transaction would hold the event store's delivery fence back).
     */
    async withClassLock<T>(classId: string, label: () => string, work: (lock: ClassReservationLock) => Promise<T>): Promise<T> {
      const client = knex.client as { acquireConnection(): Promise<unknown>; releaseConnection(connection: unknown): Promise<void> };
      const key = lockKey(classId);
      const connection = (await client.acquireConnection()) as Connection;
      try {
        await connection.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, key]);
        try {
          return await work({
            async acquire(rows, commandId, names) {
              if (rows.length === 0) return;
              try {
                for (let i = 0; i < rows.length; i += 1000) await upsert(connection, classId, label(), commandId, rows.slice(i, i + 1000));
              } catch (error) {
                if (!isExclusion(error)) throw error;
                const conflict = await firstConflict(connection, classId, rows);
                if (conflict) throw refusal(conflict, rows, names);
                throw new RuleViolationError('有人员在同一时间已有其他班级的课程安排，请刷新后重试', 'training_class.person_busy');
              }
            },
            release: (rows) => remove(connection, classId, rows),
            async syncTo(rows, commandId) {
              const existing: { person_key: string; session_id: string; ends: string }[] = await table(connection).where({ class_id: classId }).select('person_key', 'session_id', 'ends');
              const have = new Map(existing.map((r) => [`${r.person_key}|${r.session_id}`, r.ends]));
              const wanted = new Set(rows.map(keyOf));
              const stale = existing.filter((r) => !wanted.has(`${r.person_key}|${r.session_id}`));
              await remove(connection, classId, stale.map((r) => ({ personKey: r.person_key, sessionId: r.session_id })) as Reservation[]);
              const missing = rows.filter((r) => have.get(keyOf(r)) !== r.end);
              let refused = 0;
              try {
                if (missing.length) await upsert(connection, classId, label(), commandId, missing);
              } catch (error) {
                if (!isExclusion(error)) throw error;
                // A log that already holds a double booking (written around this guard): keep what can be kept.
                for (const row of missing) {
                  try {
                    await upsert(connection, classId, label(), commandId, [row]);
                  } catch (inner) {
                    if (!isExclusion(inner)) throw inner;
                    refused += 1;
                  }
                }
              }
              return { added: missing.length - refused, removed: stale.length, refused };
            },
          });
        } finally {
          await connection.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, key]);
        }
      } finally {
        await client.releaseConnection(connection);
      }
    },
  };
}

export type SessionReservations = ReturnType<typeof sessionReservations>;
