// The one data-scope mechanism: every list and detail query and every check of a command's target
// goes through here; no role is exempt. A user sees its own records ('own'), its organisation's
// ('org'), or its organisation's and everything below it in the tree ('org_and_below'). A teacher's
// account sees the classes the teacher teaches ('taught_classes') and, in lists that name a class
// column, what belongs to them; nothing else (a list without a class column answers nothing).
import type { Knex } from 'knex';
import type { DataScopeKind } from '../../domain/identity/roles';
import { ORGANIZATIONS_TABLE, findOrganization } from './organizations-table';
import { TRAINING_CLASS_PEOPLE_TABLE } from '../training-class/training-classes-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import type { FilterValue } from '../search/search-port';

export interface ScopedColumns {
  /** Column holding the record's owning organisation. */
  org: string;
  /** Column holding the user who created the record, where the table has one. */
  owner?: string;
  /**
   * For a table with a row per record and per organisation whose scope it is in (the owning ones and
   * every ancestor, `org` naming that column), the column flagging the owning rows. A scope is then
   * one equality, which an index can answer in a list's order (see projections/trainee).
   */
  directFlag?: string;
  /** Column holding the class a row belongs to, where it has one: the 'taught_classes' scope narrows by it. */
  classId?: string;
}

export interface DataScope {
  readonly kind: DataScopeKind;
  /** Narrows a query to rows in scope. */
  restrict(query: Knex.QueryBuilder, columns: ScopedColumns): Promise<void>;
  /** Whether a record of this organisation (and, for 'own', this creator) is in scope. */
  includes(orgId: string | null | undefined, ownerId?: string | null): Promise<boolean>;
  /** The same scope as a filter of the records search index (its documents carry these fields). */
  searchFilter(): Record<string, FilterValue>;
  /** Whether the class is one the user teaches ('taught_classes'; false for every other scope, which goes by organisation). */
  teachesClass(classId: string): Promise<boolean>;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function dataScope(knex: Knex, user: { id: string; orgId: string; dataScope: DataScopeKind; teacherId?: string | null }): DataScope {
  let pathPromise: Promise<string | undefined> | undefined;
  const ownPath = () => (pathPromise ??= findOrganization(knex, user.orgId).then((o) => o?.path));
  // The classes whose composition names the teacher (training_class_people, kept with each class).
  const taughtClasses = () => knex(`${READ_MODEL_SCHEMA}.${TRAINING_CLASS_PEOPLE_TABLE}`).select('class_id').where({ person_kind: 'teacher', person_id: user.teacherId ?? '' });
  return {
    kind: user.dataScope,
    async restrict(query, columns) {
      if (user.dataScope === 'taught_classes') {
        if (columns.classId && user.teacherId) return void query.whereIn(columns.classId, taughtClasses());
        return void query.whereRaw('false');
      }
      if (user.dataScope === 'own' && columns.owner) return void query.where(columns.owner, user.id);
      if (columns.directFlag) {
        query.where(columns.org, user.orgId);
        if (user.dataScope !== 'org_and_below') query.where(columns.directFlag, true);
        return;
      }
      if (user.dataScope !== 'org_and_below') return void query.where(columns.org, user.orgId);
      const path = await ownPath();
      // An organisation missing from the tree sees nothing.
      if (!path) return void query.whereRaw('false');
      query.whereIn(columns.org, knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).select('id').where('path', 'like', `${escapeLike(path)}%`));
    },
    searchFilter(): Record<string, FilterValue> {
      // No search document is a class's belonging: a teacher's account finds nothing (no organisation has this id).
      if (user.dataScope === 'taught_classes') return { scope_path: 'taught_classes:none' };
      if (user.dataScope === 'org_and_below') return { scope_path: user.orgId };
      if (user.dataScope === 'org') return { owner_orgs: user.orgId };
      return { created_by: user.id };
    },
    async includes(orgId, ownerId) {
      if (!orgId || user.dataScope === 'taught_classes') return false;
      if (user.dataScope === 'own' && ownerId !== undefined) return ownerId === user.id;
      if (user.dataScope !== 'org_and_below') return orgId === user.orgId;
      const [path, target] = await Promise.all([ownPath(), findOrganization(knex, orgId)]);
      return Boolean(path && target && target.path.startsWith(path));
    },
    async teachesClass(classId) {
      if (user.dataScope !== 'taught_classes' || !user.teacherId) return false;
      return Boolean(await taughtClasses().where({ class_id: classId }).first());
    },
  };
}
