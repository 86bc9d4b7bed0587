// The record types the generic surfaces (review history, timeline) can open: which decider folds a
// stream, and which organisation owns a record (for the data-scope check).
import type { Knex } from 'knex';
import { userDecider } from '../domain/identity/user';
import { institutionDecider } from '../domain/institution/institution';
import type { PersonalDataKind } from '../domain/personal-data/personal-data-kind';
import { institutionsTable } from '../projections/institution/institutions-table';
import { traineeListTable, traineesTable } from '../projections/trainee/trainees-table';
import { traineeDecider } from '../domain/trainee/trainee';
import { teacherDecider } from '../domain/teacher/teacher';
import { teacherEngagementsTable, teachersTable } from '../projections/teacher/teachers-table';
import { occupationDecider } from '../domain/occupation/occupation';
import { importDecider } from '../domain/import/import-job';
import { importsTable } from '../projections/import/imports-table';
import { organizationDecider } from '../domain/organization/organization';
import type { Decider, DomainEvent } from '../domain/shared/decider';
import { clientError } from './graphql/errors';
import { usersTable } from '../projections/identity/users-table';
import { occupationsTable } from '../projections/occupation/occupations-table';
import type { DataScope } from './auth/data-scope';
import { reviewTasksTable } from '../projections/review/review-tables';

export interface RecordModule {
  module: string;
  label: string;
  decider: Decider<never, DomainEvent, unknown>;
  /** The organisations the record belongs to (in scope when any of them is) and, where known, its creator. */
  owner(knex: Knex, id: string): Promise<{ orgIds: string[]; createdBy?: string } | undefined>;
  /** A protected personal-data field of the record (for the audited unmask). */
  personalData?(knex: Knex, id: string, field: string): Promise<{ kind: PersonalDataKind; cipher: string } | undefined>;
}

const asDecider = (d: unknown) => d as Decider<never, DomainEvent, unknown>;

export const RECORD_MODULES: readonly RecordModule[] = [
  {
    module: 'occupation',
    label: '培训工种',
    decider: asDecider(occupationDecider),
    owner: async (knex, id) => {
      const row = await occupationsTable(knex).where({ id }).first('institution_id', 'declared_by');
      return row && { orgIds: [row.institution_id], createdBy: row.declared_by };
    },
  },
  {
    module: 'institution',
    label: '培训机构',
    decider: asDecider(institutionDecider),
    owner: async (knex, id) => {
      const row = await institutionsTable(knex).where({ id }).first('scope_org_id');
      return row && { orgIds: [row.scope_org_id] };
    },
    personalData: async (knex, id, field) => {
      const kinds: Record<string, PersonalDataKind> = { legalPersonIdNumber: 'idNumber', phone: 'phone', bankAccount: 'bankCard' };
      const kind = kinds[field];
      const row = kind && (await institutionsTable(knex).where({ id }).first('state'));
      if (!kind || !row || row.state.status !== 'registered') return undefined;
      const details = row.state.effective ?? row.state.pending;
      const value = details?.[field as 'phone'];
      return value && { kind, cipher: value.cipher };
    },
  },
  {
    module: 'trainee',
    label: '学员',
    decider: asDecider(traineeDecider),
    owner: async (knex, id) => {
      // The institutions holding rights over the person: the list table's own (direct) rows.
      const rows = await traineeListTable(knex).where({ trainee_id: id, direct: true }).select('org_id');
      return rows.length ? { orgIds: rows.map((r) => r.org_id) } : undefined;
    },
    personalData: async (knex, id, field) => {
      const kinds: Record<string, PersonalDataKind> = { idNumber: 'idNumber', phone: 'phone', bankAccount: 'bankCard' };
      const kind = kinds[field];
      const row = kind && (await traineesTable(knex).where({ id }).first('state'));
      if (!kind || !row || row.state.status !== 'registered') return undefined;
      const value = row.state.person[field as 'phone'];
      return value ? { kind, cipher: value.cipher } : undefined;
    },
  },
  {
    module: 'teacher',
    label: '培训师资',
    decider: asDecider(teacherDecider),
    owner: async (knex, id) => {
      // Only ties that give rights: a pending duplicate declaration opens nothing.
      const rows = await teacherEngagementsTable(knex).where({ teacher_id: id, grants_rights: true }).select('institution_id');
      return rows.length ? { orgIds: rows.map((r) => r.institution_id) } : undefined;
    },
    personalData: async (knex, id, field) => {
      const row = field === 'idNumber' ? await teachersTable(knex).where({ id }).first('state') : undefined;
      return row && row.state.status === 'declared' ? { kind: 'idNumber' as const, cipher: row.state.profile.idNumber.cipher } : undefined;
    },
  },
  {
    module: 'import',
    label: '批量导入',
    decider: asDecider(importDecider),
    owner: async (knex, id) => {
      const row = await importsTable(knex).where({ id }).first('org_id', 'started_by');
      return row?.org_id ? { orgIds: [row.org_id], createdBy: row.started_by } : undefined;
    },
  },
  { module: 'organization', label: '机构', decider: asDecider(organizationDecider), owner: async (_knex, id) => ({ orgIds: [id] }) },
  {
    module: 'user',
    label: '用户',
    decider: asDecider(userDecider),
    owner: async (knex, id) => {
      const row = await usersTable(knex).where({ id }).first('org_id');
      return row && { orgIds: [row.org_id], createdBy: id };
    },
  },
];

/** The one answer for a record that is missing or outside the caller's scope: the two look the same. */
export const RECORD_NOT_FOUND = '记录不存在或不在您的数据权限范围内';
const notFound = () => clientError('NOT_FOUND', RECORD_NOT_FOUND);

export interface RecordRef {
  module: RecordModule;
  id: string;
}

export function recordOf(streamId: string): RecordRef {
  const module = RECORD_MODULES.find((m) => streamId.startsWith(`${m.module}-`));
  if (!module) throw notFound();
  return { module, id: streamId.slice(module.module.length + 1) };
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
export function withRecords(knex: Knex, scope: DataScope): ScopeWithRecords {
  const findRecord = async (streamId: string) => {
    const module = RECORD_MODULES.find((m) => streamId.startsWith(`${m.module}-`));
    const id = module ? streamId.slice(module.module.length + 1) : '';
    if (!module || !id) return undefined;
    const owner = await module.owner(knex, id);
    if (!owner) return undefined;
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
    findRecord,
    async requireRecord(streamId) {
      const record = await findRecord(streamId);
      if (!record) throw notFound();
      return record;
    },
  };
}
