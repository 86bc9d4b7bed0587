// The training classes list as SQL (the list pages it, the export streams it) and the module's
// other read queries: a class in the scope of its institution and every authority above it, read
// from the narrow list table (see training-classes-table.ts).
import type { Knex } from 'knex';
import type { InstitutionState } from '../../domain/institution/institution';
import { institutionsTable } from '../institution/institutions-table';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import {
  trainingClassCertificatesTable,
  trainingClassesTable,
  trainingClassFollowUpsTable,
  trainingClassInspectionsTable,
  trainingClassListTable,
  trainingClassPeopleTable,
  type TrainingClassRow,
} from './training-classes-table';

export interface TrainingClassListFilter {
  /** Class name or number, as a substring. */
  keyword?: string;
  status?: string;
  kind?: string;
  reviewStatus?: string;
  institutionId?: string;
  countyCode?: string;
  occupationCode?: string;
  fundingSource?: string;
  /** Planned start on or after / on or before (China dates). */
  startFrom?: string;
  startTo?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filters the narrow list table answers alone (with the scope, in the list's default order). */
export const LIST_TABLE_FILTERS: readonly (keyof TrainingClassListFilter)[] = ['status', 'kind', 'reviewStatus', 'institutionId', 'startFrom', 'startTo'];

/**
 * The classes in the caller's scope (or of one institution in it), from the narrow list table: a
 * scope is one organisation's range of its index. Wrapped: a query builder is a thenable an async
 * function would run.
 */
export async function trainingClassEntries(knex: Knex, scope: DataScope, filter: TrainingClassListFilter) {
  const entries = trainingClassListTable(knex).select('class_id');
  if (!filter.institutionId) await scope.restrict(entries, { org: 'org_id', directFlag: 'direct' });
  else if (!(await scope.includes(filter.institutionId))) entries.whereRaw('false');
  else entries.where({ org_id: filter.institutionId, direct: true });
  if (filter.status) entries.where('status', filter.status);
  if (filter.kind) entries.where('kind', filter.kind);
  if (filter.reviewStatus) entries.where('review_status', filter.reviewStatus);
  if (filter.startFrom) entries.where('planned_start', '>=', filter.startFrom);
  if (filter.startTo) entries.where('planned_start', '<=', filter.startTo);
  return { entries };
}

/** Every filter as SQL over the wide rows; the order is the caller's. Wrapped (a builder is a thenable). */
export async function trainingClassListQuery(knex: Knex, scope: DataScope, filter: TrainingClassListFilter) {
  const { entries } = await trainingClassEntries(knex, scope, filter);
  const query = trainingClassesTable(knex).whereIn('id', entries);
  if (filter.keyword) {
    const like = `%${escapeLike(filter.keyword)}%`;
    query.where((q) => q.where('name', 'like', like).orWhere('class_no', 'like', like));
  }
  if (filter.countyCode) query.where('county_code', filter.countyCode);
  if (filter.occupationCode) query.where('occupation_code', filter.occupationCode);
  if (filter.fundingSource) query.where('funding_source', filter.fundingSource);
  return { query };
}

/** The wide rows of these classes, in the order of the ids given. */
export async function trainingClassesByIds(knex: Knex, ids: readonly string[]): Promise<TrainingClassRow[]> {
  const rows = ids.length ? await trainingClassesTable(knex).whereIn('id', [...ids]) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is TrainingClassRow => Boolean(r));
}

/** What a list item shows of a class's state: everything but the people, the timetable and what they did (the heavy parts). */
const SUMMARY_STATE = "training_classes.state - 'roster' - 'timetable' - 'teachers' - 'marks' - 'assessments' - 'inspections' - 'followUps' - 'completion' - 'completionRequest' - 'change' - 'declaration'";

/**
 * A page's classes as the list shows them, in the order of the ids given: the columns, the state
 * without its heavy parts, and the institution's name, in one query (a whole row carries its
 * roster and timetable: twenty of them are most of a page's time).
 */
export async function trainingClassSummaries(knex: Knex, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const query = joinOrganizationName(trainingClassesTable(knex), 'training_classes.institution_id', 'institution');
  const rows: (Pick<TrainingClassRow, 'id' | 'stream_id' | 'enrolled' | 'created_at' | 'updated_at' | 'institution_id' | 'state'> & { institution_name: string | null })[] = await query
    .whereIn('training_classes.id', [...ids])
    .select('training_classes.id', 'training_classes.stream_id', 'training_classes.enrolled', 'training_classes.created_at', 'training_classes.updated_at', 'training_classes.institution_id', knex.raw(`${SUMMARY_STATE} AS state`), 'institution.name as institution_name');
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => Boolean(r));
}

export const trainingClassById = (knex: Knex, id: string): Promise<TrainingClassRow | undefined> => trainingClassesTable(knex).where({ id }).first();

/**
 * Follow-ups past their grace period on `today` and not recorded, of the classes of institutions
 * in the caller's scope (or of one of them). Wrapped (a builder is a thenable).
 */
export async function overdueFollowUpsQuery(knex: Knex, scope: DataScope, today: string, institutionId?: string) {
  const query = trainingClassFollowUpsTable(knex).where({ recorded: false }).where('overdue_after', '<', today);
  if (institutionId) {
    if (!(await scope.includes(institutionId))) query.whereRaw('false');
    else query.where({ institution_id: institutionId });
  } else await scope.restrict(query, { org: 'institution_id' });
  return { query };
}

/** A certificate by its number (verification), with what the class says of it. */
export const certificateByNumber = (knex: Knex, certificateNo: string) => trainingClassCertificatesTable(knex).where({ certificate_no: certificateNo }).first();

/**
 * The sessions a person is in across classes (the read model of busy times), classes not
 * cancelled and not withdrawn from, between two China dates.
 */
export async function personSessions(knex: Knex, personKey: string, from: string, to: string) {
  const rows = await trainingClassPeopleTable(knex).where({ person_key: personKey, withdrawn: false }).whereNot('class_status', 'cancelled').where('planned_start', '<=', to);
  return rows.flatMap((r) =>
    r.sessions.filter((s) => s.date >= from && s.date <= to).map((s) => ({ classId: r.class_id, classNo: r.class_no, className: r.class_name, role: r.role, institutionId: r.institution_id, ...s })),
  );
}

/** Inspections of the classes of institutions in the caller's scope (or of one of them), by rectification status. Wrapped. */
export async function inspectionsQuery(knex: Knex, scope: DataScope, filter: { status?: string; institutionId?: string }) {
  const query = trainingClassInspectionsTable(knex);
  if (filter.institutionId) {
    if (!(await scope.includes(filter.institutionId))) query.whereRaw('false');
    else query.where({ institution_id: filter.institutionId });
  } else await scope.restrict(query, { org: 'institution_id' });
  if (filter.status) query.where({ status: filter.status });
  return { query };
}

/** The penalties on an institution's record (the ladder of issue 12 §2). */
export async function institutionPenalties(knex: Knex, institutionId: string) {
  const row = await institutionsTable(knex).where({ id: institutionId }).first('state');
  const state = row?.state as InstitutionState | undefined;
  return state?.status === 'registered' ? (state.penalties ?? []) : [];
}
