import type { Knex } from 'knex';
import { upcast } from '../../store/upcasters';
import { roleDecider, type RoleEvent } from '../../domain/identity/role';
import type { DataScopeKind, Duty, Permission } from '../../domain/identity/roles';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const ROLES_TABLE = 'roles';

export interface RoleRow extends Record<string, unknown> {
  name: string;
  label: string;
  duty: Duty;
  permissions: Permission[];
  data_scope: DataScopeKind;
  requires_second_factor: boolean;
  updated_at: string;
}

export const rolesProjection = rowProjection<RoleRow>({
  name: 'roles',
  version: 1,
  typePrefixes: ['Role'],
  table: ROLES_TABLE,
  key: 'name',
  jsonColumns: ['permissions'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('name').primary();
      t.text('label').notNullable();
      t.text('duty').notNullable();
      t.jsonb('permissions').notNullable();
      t.text('data_scope').notNullable();
      t.boolean('requires_second_factor').notNullable();
      t.text('updated_at').notNullable();
    });
  },
  rowKey: (event) => (event.streamId.startsWith('role-') ? event.streamId.slice(5) : undefined),
  evolve(row, event) {
    const base = row
      ? roleDecider.evolve({ status: 'defined', name: row.name, label: row.label, duty: row.duty, permissions: row.permissions, dataScope: row.data_scope, requiresSecondFactor: row.requires_second_factor }, upcast(event) as RoleEvent)
      : roleDecider.evolve(roleDecider.initialState(), upcast(event) as RoleEvent);
    if (base.status !== 'defined') return row;
    return {
      name: base.name,
      label: base.label,
      duty: base.duty,
      permissions: base.permissions,
      data_scope: base.dataScope,
      requires_second_factor: base.requiresSecondFactor,
      updated_at: event.metadata.occurredAt,
    };
  },
});

export const rolesTable = (knex: Knex) => knex<RoleRow>(`${READ_MODEL_SCHEMA}.${ROLES_TABLE}`);
