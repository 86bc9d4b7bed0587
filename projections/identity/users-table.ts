import type { Knex } from 'knex';
import { upcast } from '../../store/upcasters';
import { userDecider, type UserEvent, type UserState } from '../../domain/identity/user';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const USERS_TABLE = 'users';

export interface UserRow extends Record<string, unknown> {
  id: string;
  username: string;
  display_name: string;
  org_id: string;
  roles: string[];
  must_change_password: boolean;
  password_changed_at: string | null;
  locked_until: string | null;
  totp_enrolled: boolean;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  state: UserState;
  created_at: string;
  last_login_at: string | null;
}

export const usersProjection = rowProjection<UserRow>({
  name: 'users',
  version: 2,
  typePrefixes: ['User'],
  table: USERS_TABLE,
  key: 'id',
  jsonColumns: ['roles', 'state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('username').notNullable().unique();
      t.text('display_name').notNullable();
      t.text('org_id').notNullable().index();
      t.jsonb('roles').notNullable();
      t.boolean('must_change_password').notNullable();
      t.text('password_changed_at');
      t.text('locked_until');
      t.boolean('totp_enrolled').notNullable();
      t.text('oidc_issuer');
      t.text('oidc_subject');
      t.jsonb('state').notNullable();
      t.text('created_at').notNullable();
      t.text('last_login_at');
      t.unique(['oidc_issuer', 'oidc_subject']);
    });
  },
  rowKey: (event) => (event.streamId.startsWith('user-') ? event.streamId.slice(5) : undefined),
  evolve(row, event) {
    const state = userDecider.evolve(row?.state ?? userDecider.initialState(), upcast(event) as UserEvent);
    if (state.status !== 'active') return row;
    return {
      id: state.userId,
      username: state.username,
      display_name: state.displayName,
      org_id: state.orgId,
      roles: state.roles,
      must_change_password: state.mustChangePassword,
      password_changed_at: state.passwordChangedAt,
      locked_until: state.lockedUntil,
      totp_enrolled: state.totpEnrolled,
      oidc_issuer: state.oidc?.issuer ?? null,
      oidc_subject: state.oidc?.subject ?? null,
      state,
      created_at: row?.created_at ?? event.metadata.occurredAt,
      last_login_at: event.type === 'UserLoggedIn' ? event.metadata.occurredAt : (row?.last_login_at ?? null),
    };
  },
});

export const usersTable = (knex: Knex) => knex<UserRow>(`${READ_MODEL_SCHEMA}.${USERS_TABLE}`);
