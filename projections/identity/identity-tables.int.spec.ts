// rm.roles and rm.users: one row per role and per user, from the identity deciders' events.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { roleDecider } from '../../domain/identity/role';
import { userDecider } from '../../domain/identity/user';
import type { CommandContext } from '../../domain/shared/decider';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { rolesProjection, rolesTable } from './roles-table';
import { usersProjection, usersTable } from './users-table';

const securityAdmin = (now: string): CommandContext => ({ actor: { id: 'sec-admin', role: 'security_admin', orgId: 'auth-520000' }, now });
const systemAdmin = (now: string): CommandContext => ({ actor: { id: 'sys-admin', role: 'system_admin', orgId: 'auth-520000' }, now });
const theUser = (id: string, now: string): CommandContext => ({ actor: { id, role: 'institution_operator', orgId: 'inst-nanming-1' }, now });
const T1 = '2026-03-02T01:00:00.000Z';
const T2 = '2026-03-02T02:00:00.000Z';
const T3 = '2026-03-02T03:00:00.000Z';
const T4 = '2026-03-03T08:30:00.000Z';
const roleDuties = { institution_operator: 'business', reviewer: 'business' } as const;

describe('identity read models (roles, users)', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([rolesProjection, usersProjection]);
  });
  afterAll(async () => h?.close());

  /** A role defined and then widened by the security administrator. */
  const defineAndChangeRole = async () => {
    const name = `clerk_${randomUUID().slice(0, 8)}`;
    const stream = `role-${name}`;
    await h.decide(roleDecider, stream, { type: 'DefineRole', name, input: { label: '学员录入员', duty: 'business', permissions: ['trainee:read', 'trainee:enter'], dataScope: 'org', requiresSecondFactor: false } }, securityAdmin(T1));
    await h.decide(roleDecider, stream, { type: 'ChangeRole', input: { label: '学员录入与导入员', duty: 'business', permissions: ['trainee:read', 'trainee:enter', 'import:run'], dataScope: 'org_and_below', requiresSecondFactor: true } }, securityAdmin(T2));
    return name;
  };

  /** A user created with a one-time password, locked out after two failures, then in: password changed, TOTP, OIDC, a second role. */
  const userLife = async (steps: 'created' | 'locked' | 'all' = 'all') => {
    const id = randomUUID();
    const stream = `user-${id}`;
    const username = `clerk${id.slice(0, 8)}`;
    await h.decide(userDecider, stream, { type: 'CreateUser', userId: id, input: { username, displayName: '杨丽', orgId: 'inst-nanming-1', roles: ['institution_operator'] }, roleDuties }, systemAdmin(T1));
    await h.decide(userDecider, stream, { type: 'SetPassword', mustChange: true, reason: 'initial' }, systemAdmin(T1));
    if (steps === 'created') return { id, username };
    const policy = { maxFailedAttempts: 2, lockMinutes: 15 };
    await h.decide(userDecider, stream, { type: 'RecordLoginFailure', reason: 'wrong_password', policy }, theUser(id, T2));
    await h.decide(userDecider, stream, { type: 'RecordLoginFailure', reason: 'wrong_password', policy }, theUser(id, T2));
    if (steps === 'locked') return { id, username };
    await h.decide(userDecider, stream, { type: 'RecordLogin', method: 'password', secondFactor: false }, theUser(id, T3));
    await h.decide(userDecider, stream, { type: 'SetPassword', mustChange: false, reason: 'changed' }, theUser(id, T3));
    await h.decide(userDecider, stream, { type: 'EnrollTotp' }, theUser(id, T3));
    await h.decide(userDecider, stream, { type: 'LinkOidc', issuer: 'https://sso.gz.gov.cn', subject: `sub-${id}` }, theUser(id, T4));
    await h.decide(userDecider, stream, { type: 'ChangeRoles', roles: ['institution_operator', 'reviewer'], roleDuties }, systemAdmin(T4));
    return { id, username };
  };

  it('holds a role as last defined, updated when it changed', async () => {
    const name = await defineAndChangeRole();
    await h.caughtUp();
    expect(await rolesTable(h.knex).where({ name })).toEqual([
      {
        name,
        label: '学员录入与导入员',
        duty: 'business',
        permissions: ['trainee:read', 'trainee:enter', 'import:run'],
        data_scope: 'org_and_below',
        requires_second_factor: true,
        updated_at: T2,
      },
    ]);
  });

  it('holds a new user as created: a one-time password to change, no login yet', async () => {
    const { id, username } = await userLife('created');
    await h.caughtUp();
    expect(await usersTable(h.knex).where({ id }).first()).toMatchObject({
      id,
      username,
      display_name: '杨丽',
      org_id: 'inst-nanming-1',
      roles: ['institution_operator'],
      must_change_password: true,
      password_changed_at: T1,
      locked_until: null,
      totp_enrolled: false,
      oidc_issuer: null,
      oidc_subject: null,
      created_at: T1,
      last_login_at: null,
    });
  });

  it('shows a lockout until its end, and a later login clears it', async () => {
    const { id } = await userLife('locked');
    await h.caughtUp();
    expect(await usersTable(h.knex).where({ id }).first()).toMatchObject({ locked_until: '2026-03-02T02:15:00.000Z', last_login_at: null });

    await h.decide(userDecider, `user-${id}`, { type: 'RecordLogin', method: 'password', secondFactor: false }, theUser(id, T3));
    await h.caughtUp();
    expect(await usersTable(h.knex).where({ id }).first()).toMatchObject({ locked_until: null, last_login_at: T3 });
  });

  it('follows a user through password change, TOTP, OIDC link and a second role', async () => {
    const { id, username } = await userLife();
    await h.caughtUp();
    const row = await usersTable(h.knex).where({ id }).first();
    expect(row).toMatchObject({
      id,
      username,
      roles: ['institution_operator', 'reviewer'],
      must_change_password: false,
      password_changed_at: T3,
      locked_until: null,
      totp_enrolled: true,
      oidc_issuer: 'https://sso.gz.gov.cn',
      oidc_subject: `sub-${id}`,
      created_at: T1,
      last_login_at: T3,
    });
    expect(row!.state).toMatchObject({ status: 'active', userId: id, consecutiveFailures: 0, roles: ['institution_operator', 'reviewer'] });
  });

  it('holds the same rows when the same events are fed again, and when rebuilt from the log', async () => {
    const role = await defineAndChangeRole();
    const users = [(await userLife()).id, (await userLife('locked')).id];
    await h.caughtUp();
    const rows = async () => ({
      roles: await rolesTable(h.knex).where({ name: role }),
      users: await usersTable(h.knex).whereIn('id', users).orderBy('id'),
    });
    const before = await rows();
    expect(before.roles).toHaveLength(1);
    expect(before.users).toHaveLength(2);

    await h.replayed();
    expect(await rows()).toEqual(before);
    await h.rebuilt();
    expect(await rows()).toEqual(before);
  });
});
