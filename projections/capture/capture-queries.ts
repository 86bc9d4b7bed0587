// The capture module's read-side queries for the API (api/capture): captures of a class, the
// supervisors' queue under the caller's data scope, names of classes for display.
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { TRAINING_CLASSES_TABLE, trainingClassesTable } from '../training-class/training-classes-table';
import { capturesTable, type CaptureRow } from './captures-table';
import { CAPTURE_SIGNAL_SCOPE_TABLE, CAPTURE_SIGNALS_TABLE, captureSignalsTable, type CaptureSignalRow } from './capture-signals-table';

export const captureById = (knex: Knex, id: string): Promise<CaptureRow | undefined> => capturesTable(knex).where({ id }).first();

export const capturesByIds = async (knex: Knex, ids: readonly string[]): Promise<CaptureRow[]> => (ids.length ? capturesTable(knex).whereIn('id', [...new Set(ids)]) : []);

export interface ClassCaptureFilter {
  sessionId?: string | undefined;
  personId?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  /** A match outcome, or 'pending' for an accepted capture not matched yet. */
  outcome?: string | undefined;
}

/** A class's captures, or every capture when no class is named (the caller restricts to its data scope), for a page. */
export function classCapturesQuery(knex: Knex, classId: string | null, filter: ClassCaptureFilter): Knex.QueryBuilder {
  const query = capturesTable(knex);
  if (classId) query.where({ class_id: classId });
  if (filter.sessionId) query.where({ session_id: filter.sessionId });
  if (filter.personId) query.where({ person_id: filter.personId });
  if (filter.status) query.where('status', filter.status);
  if (filter.kind) query.where({ kind: filter.kind });
  if (filter.outcome === 'pending') query.where({ status: 'accepted' }).whereNull('match_outcome');
  else if (filter.outcome) query.where({ match_outcome: filter.outcome });
  return query;
}

/** Every capture of a class's session (the mobile roster's results). */
export const sessionCaptures = (knex: Knex, classId: string, sessionId: string): Promise<CaptureRow[]> =>
  capturesTable(knex).where({ class_id: classId, session_id: sessionId, status: 'accepted' }).orderBy('device_time');

/** Name and number of classes by id. */
export async function classLabels(knex: Knex, classIds: Iterable<string>): Promise<Map<string, { name: string; classNo: string }>> {
  const ids = [...new Set(classIds)];
  const rows = ids.length ? await trainingClassesTable(knex).whereIn('id', ids).select('id', 'name', 'class_no') : [];
  return new Map(rows.map((r) => [r.id, { name: r.name, classNo: r.class_no }]));
}

export interface SignalFilter {
  kind?: string | undefined;
  status?: string | undefined;
  countyCode?: string | undefined;
  institutionId?: string | undefined;
  classId?: string | undefined;
}

/**
 * The supervisors' queue under the caller's scope: a signal is in the scope of every authority above
 * its institution (rm.capture_signal_scope), never of the institution itself.
 */
export async function signalListQuery(knex: Knex, scope: DataScope, filter: SignalFilter): Promise<{ query: Knex.QueryBuilder }> {
  const inScope = knex(`${READ_MODEL_SCHEMA}.${CAPTURE_SIGNAL_SCOPE_TABLE}`).select('signal_id');
  await scope.restrict(inScope, { org: 'org_id', directFlag: 'direct' });
  const query = knex(`${READ_MODEL_SCHEMA}.${CAPTURE_SIGNALS_TABLE}`).whereIn('id', inScope);
  if (filter.kind) query.where({ kind: filter.kind });
  if (filter.status) query.where({ status: filter.status });
  if (filter.countyCode) query.where({ county_code: filter.countyCode });
  if (filter.institutionId) query.where({ institution_id: filter.institutionId });
  if (filter.classId) query.where({ class_id: filter.classId });
  // Wrapped: a query builder is thenable, so an async function returning it would run it.
  return { query };
}

export const signalById = (knex: Knex, id: string): Promise<CaptureSignalRow | undefined> => captureSignalsTable(knex).where({ id }).first();

/** Counts of open signals per kind in the caller's scope (the queue's tabs). */
export async function openSignalCounts(knex: Knex, scope: DataScope): Promise<{ kind: string; count: number }[]> {
  const { query } = await signalListQuery(knex, scope, { status: 'open' });
  const rows: { kind: string; count: string }[] = await query.clearSelect().select('kind').count({ count: '*' }).groupBy('kind');
  return rows.map((r) => ({ kind: r.kind, count: Number(r.count) }));
}

export interface CaptureSessionRow {
  class_id: string;
  class_name: string;
  class_no: string;
  institution_id: string;
  /** The session as the class's timetable holds it (sessionId, date, start, end, startsAt, endsAt, subject, teacherId, venue). */
  session: { sessionId: string; date: string; start: string; end: string; startsAt: string; endsAt: string; subject: string; teacherId: string; venue: string };
  teacher_name: string | null;
  venue_address: string;
}

/**
 * The sessions on a day (China date) of the classes in progress, in start order then class number,
 * from the training classes read model (the timetable in force is part of its state): one query,
 * without reading any class's roster. The caller restricts it to its data scope (column
 * `institution_id`) and bounds it.
 */
export function sessionsOnQuery(knex: Knex, date: string): Knex.QueryBuilder {
  return knex
    .select(
      'c.id as class_id',
      'c.name as class_name',
      'c.class_no',
      'c.institution_id',
      knex.raw('s.session'),
      knex.raw(`(SELECT t->>'name' FROM jsonb_array_elements(c.state->'teachers') t WHERE t->>'teacherId' = s.session->>'teacherId' LIMIT 1) AS teacher_name`),
      knex.raw(`c.state->'details'->'venue'->>'address' AS venue_address`),
    )
    .from(`${READ_MODEL_SCHEMA}.${TRAINING_CLASSES_TABLE} as c`)
    .crossJoin(knex.raw(`jsonb_array_elements(c.state->'timetable') AS s(session)`))
    .where('c.status', 'in_progress')
    .whereRaw(`s.session->>'date' = ?`, [date])
    .orderByRaw(`s.session->>'startsAt', c.class_no, s.session->>'sessionId'`);
}
