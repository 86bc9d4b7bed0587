// The trainees list as SQL (the list pages it, the export streams it): filters and data scope over
// the list table (a person in the scope of each institution holding rights over them and every
// authority above it, see trainees-table.ts).
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { traineeListTable, traineesTable } from './trainees-table';

export interface TraineeListFilter {
  keyword?: string;
  /** Blind indexes of the full ID number asked for (exact lookup). */
  idNumberIndexes?: string[];
  personCategory?: string;
  reviewStatus?: string;
  institutionId?: string;
  duplicateOnly?: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The people in the caller's scope (or in one institution of it), from the narrow list table: a
 * scope is one organisation's index range there. Wrapped, as a query builder is a thenable an
 * async function would run.
 */
export async function traineesInScope(knex: Knex, scope: DataScope, filter: Pick<TraineeListFilter, 'institutionId'>) {
  const entries = traineeListTable(knex).select('trainee_id');
  if (!filter.institutionId) await scope.restrict(entries, { org: 'org_id', directFlag: 'direct' });
  // One institution's own entries, if the institution is in the caller's scope.
  else if (!(await scope.includes(filter.institutionId))) entries.whereRaw('false');
  else entries.where({ org_id: filter.institutionId, direct: true });
  return { entries };
}

/** Every filter as SQL over the wide rows (name as a substring); the default order is the caller's. Wrapped (a builder is a thenable). */
export async function traineeListQuery(knex: Knex, scope: DataScope, filter: TraineeListFilter) {
  const query = traineesTable(knex).whereIn('id', (await traineesInScope(knex, scope, filter)).entries);
  if (filter.keyword) query.where('name', 'like', `%${escapeLike(filter.keyword)}%`);
  if (filter.idNumberIndexes) query.whereIn('id_number_bidx', filter.idNumberIndexes);
  if (filter.personCategory) query.where('person_category', filter.personCategory);
  if (filter.reviewStatus) query.where('review_status', filter.reviewStatus);
  if (filter.duplicateOnly) query.where('duplicate_entry', true);
  return { query };
}

/**
 * A page in the default order, filtered by what the list table holds, is read from that table's
 * index alone (page and total), then its people fetched by id: over 1,000,000 people this is the
 * difference between milliseconds and seconds for a county.
 */
export async function traineeListEntries(knex: Knex, scope: DataScope, filter: TraineeListFilter) {
  const { entries } = await traineesInScope(knex, scope, filter);
  if (filter.personCategory) entries.where('person_category', filter.personCategory);
  if (filter.reviewStatus) entries.where('review_status', filter.reviewStatus);
  if (filter.duplicateOnly) entries.where('duplicate_entry', true);
  return { entries };
}

/** The wide rows of these people, in the order of the ids given. */
export async function traineesByIds(knex: Knex, ids: string[]) {
  const rows = ids.length ? await traineesTable(knex).whereIn('id', ids) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => Boolean(r));
}
