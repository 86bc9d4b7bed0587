// Password hashes and TOTP seeds: operational secrets kept out of the event log.
import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import type { SecretSealer } from './secret-sealer';

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum). */
export const hashPassword = (password: string) => hash(password);

export function credentialStore(knex: Knex, sealer: SecretSealer) {
  return {
    async savePassword(userId: string, password: string): Promise<void> {
      const passwordHash = await hashPassword(password);
      await knex.transaction(async (trx) => {
        await trx('user_credentials').insert({ user_id: userId, password_hash: passwordHash, changed_at: trx.fn.now() }).onConflict('user_id').merge(['password_hash', 'changed_at']);
        await trx('password_history').insert({ user_id: userId, password_hash: passwordHash });
      });
    },
    async checkPassword(userId: string, password: string): Promise<boolean> {
      const row: { password_hash: string } | undefined = await knex('user_credentials').where({ user_id: userId }).first('password_hash');
      return row ? verify(row.password_hash, password) : false;
    },
    /** True when the password equals one of the last `count` passwords. */
    async usedRecently(userId: string, password: string, count: number): Promise<boolean> {
      const rows: { password_hash: string }[] = await knex('password_history').where({ user_id: userId }).orderBy('changed_at', 'desc').limit(count).select('password_hash');
      for (const row of rows) if (await verify(row.password_hash, password)) return true;
      return false;
    },
    async setPendingTotp(userId: string, secret: string) {
      await knex('user_credentials').where({ user_id: userId }).update({ totp_pending_secret: sealer.seal(secret) });
    },
    async pendingTotp(userId: string): Promise<string | undefined> {
      const row: { totp_pending_secret: string | null } | undefined = await knex('user_credentials').where({ user_id: userId }).first('totp_pending_secret');
      return row?.totp_pending_secret ? sealer.open(row.totp_pending_secret) : undefined;
    },
    async activateTotp(userId: string, secret: string, step: number) {
      await knex('user_credentials').where({ user_id: userId }).update({ totp_secret: sealer.seal(secret), totp_pending_secret: null, totp_last_step: step });
    },
    async clearTotp(userId: string) {
      await knex('user_credentials').where({ user_id: userId }).update({ totp_secret: null, totp_pending_secret: null, totp_last_step: null });
    },
    async totp(userId: string): Promise<{ secret: string; lastStep: number | null } | undefined> {
      const row: { totp_secret: string | null; totp_last_step: string | null } | undefined = await knex('user_credentials').where({ user_id: userId }).first('totp_secret', 'totp_last_step');
      if (!row?.totp_secret) return undefined;
      return { secret: sealer.open(row.totp_secret), lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step) };
    },
    /** Records the time step just used; false when it was already used (a replayed code). */
    async consumeTotpStep(userId: string, step: number): Promise<boolean> {
      const updated = await knex('user_credentials')
        .where({ user_id: userId })
        .andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
        .update({ totp_last_step: step });
      return updated === 1;
    },
  };
}

export type CredentialStore = ReturnType<typeof credentialStore>;
