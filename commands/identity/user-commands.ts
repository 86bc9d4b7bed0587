import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { userDecider, type UserInput } from '../../domain/identity/user';
import type { EventStore } from '../event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export const userStreamId = (userId: string) => `user-${userId}`;

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum). */
export const hashPassword = (password: string) => hash(password);

/**
 * User commands. The password hash lives in `user_credentials` (replaceable, erasable); the
 * fact that it was set is an event. The credential write and the event are not one transaction
 * across two stores, so the event comes first: a crash between them leaves a recorded change and
 * the old password still working, never an unrecorded change.
 */
export function userCommands(store: EventStore, knex: Knex) {
  const run = (userId: string, command: Parameters<typeof userDecider.decide>[0], request: RequestContext) =>
    handleCommand(store, userDecider, userStreamId(userId), command, request);

  const savePassword = async (userId: string, password: string) => {
    const passwordHash = await hashPassword(password);
    await knex('user_credentials')
      .insert({ user_id: userId, password_hash: passwordHash, changed_at: knex.fn.now() })
      .onConflict('user_id')
      .merge();
  };

  return {
    async create(userId: string, input: UserInput, initialPassword: string, request: RequestContext) {
      const result = await run(userId, { type: 'CreateUser', userId, input }, request);
      if (!result.repeated) await savePassword(userId, initialPassword);
      return result;
    },
    async setPassword(userId: string, password: string, mustChange: boolean, request: RequestContext) {
      const result = await run(userId, { type: 'SetPassword', mustChange }, request);
      await savePassword(userId, password);
      return result;
    },
    /** True when the password matches; the caller records the login or the failure. */
    async checkPassword(userId: string, password: string): Promise<boolean> {
      const row: { password_hash: string } | undefined = await knex('user_credentials').where({ user_id: userId }).first();
      if (!row) return false;
      return verify(row.password_hash, password);
    },
    recordLogin: (userId: string, method: 'password' | 'oidc', request: RequestContext) => run(userId, { type: 'RecordLogin', method }, request),
    recordLoginFailure: (userId: string, reason: string, request: RequestContext) => run(userId, { type: 'RecordLoginFailure', reason }, request),
    recordLogout: (userId: string, request: RequestContext) => run(userId, { type: 'RecordLogout' }, request),
  };
}

export type UserCommands = ReturnType<typeof userCommands>;
