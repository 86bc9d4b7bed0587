import type { Knex } from 'knex';
import { institutionsTable } from './institutions-table';

/** Whether an institution may operate changes rarely; cached per institution this long. */
const CAN_OPERATE_CACHE_MS = 10_000;

/** The institutions read model as the command layer's InstitutionDirectory port sees it. */
export function institutionDirectory(knex: Knex) {
  const cache = new Map<string, { canOperate: boolean; at: number }>();
  return {
    async canOperate(institutionId: string): Promise<boolean> {
      const hit = cache.get(institutionId);
      if (hit && Date.now() - hit.at < CAN_OPERATE_CACHE_MS) return hit.canOperate;
      const row = await institutionsTable(knex).where({ id: institutionId }).first('lifecycle');
      const canOperate = row?.lifecycle === 'active';
      cache.set(institutionId, { canOperate, at: Date.now() });
      return canOperate;
    },
    async licencesEndingBy(day: string): Promise<string[]> {
      const rows = await institutionsTable(knex).where({ lifecycle: 'active' }).where('valid_until', '<=', day).select('id');
      return rows.map((r) => r.id);
    },
  };
}
