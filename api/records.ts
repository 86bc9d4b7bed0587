// The one data-scope entry point for single records: which module a stream belongs to comes from
// the module registry (api/module-registry.ts), who owns the record from the module's manifest.
import type { Knex } from 'knex';
import { reviewTasksTable } from '../projections/review/review-tables';
import type { DataScope } from '../projections/organization/data-scope';
import { clientError } from './graphql/errors';
import type { ModuleRegistry, RegisteredRecord } from './module-registry';

/** The one answer for a record that is missing or outside the caller's scope: the two look the same. */
export const RECORD_NOT_FOUND = '记录不存在或不在您的数据权限范围内';
const notFound = () => clientError('NOT_FOUND', RECORD_NOT_FOUND);

export interface RecordRef {
  module: RegisteredRecord;
  id: string;
}

/**
 * The one data-scope entry point for single records, used by every detail query and every
 * mutation on a record (review decisions included), before any rule is checked.
 */
export interface RecordScope {
  /** The record when it exists and is in scope; undefined when missing or out of scope alike. */
  findRecord(streamId: string): Promise<RecordRef | undefined>;
  /** As findRecord, but a missing or out-of-scope record is NOT_FOUND with one message. */
  requireRecord(streamId: string): Promise<RecordRef>;
}

export type ScopeWithRecords = DataScope & RecordScope;

/**
 * A record is in scope when one of its owning organisations is (for 'own' scope: when the user
 * created it), or when it waits for review at an organisation in scope: the reviewer of a
 * pending entry must be able to open it before the entry gives anyone else rights.
 */
export function withRecords(knex: Knex, scope: DataScope, registry: Pick<ModuleRegistry, 'recordOf'>): ScopeWithRecords {
  const findRecord = async (streamId: string) => {
    const found = registry.recordOf(streamId);
    if (!found) return undefined;
    const { record: module, id } = found;
    const owner = await module.owner(knex, id);
    if (!owner) return undefined;
    // A teacher's account: the classes they teach and what belongs to them, nothing by organisation.
    if (scope.kind === 'taught_classes') return owner.classId && (await scope.teachesClass(owner.classId)) ? { module, id } : undefined;
    const included = await Promise.all(owner.orgIds.map((orgId) => scope.includes(orgId, owner.createdBy)));
    if (included.some(Boolean)) return { module, id };
    const task = await reviewTasksTable(knex).where({ stream_id: streamId, status: 'pending' }).first('authority_id');
    if (task?.authority_id && (await scope.includes(task.authority_id))) return { module, id };
    return undefined;
  };
  return {
    kind: scope.kind,
    restrict: (query, columns) => scope.restrict(query, columns),
    includes: (orgId, ownerId) => scope.includes(orgId, ownerId),
    searchFilter: () => scope.searchFilter(),
    teachesClass: (classId) => scope.teachesClass(classId),
    findRecord,
    async requireRecord(streamId) {
      const record = await findRecord(streamId);
      if (!record) throw notFound();
      return record;
    },
  };
}
