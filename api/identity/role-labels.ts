import type { Knex } from 'knex';
import { rolesTable } from '../../projections/identity/roles-table';

/**
 * Chinese names of the roles an event's actor held (`actorRole` lists them comma-separated); the
 * system's own actors are 系统. For histories, timelines and audit lists.
 */
export async function roleLabels(knex: Knex): Promise<(actorRole: string) => string> {
  const rows = await rolesTable(knex).select('name', 'label');
  const label = new Map<string, string>(rows.map((r) => [r.name, r.label]));
  return (actorRole) =>
    actorRole
      .split(',')
      .map((r) => label.get(r) ?? (r === 'system' || r === 'seed' ? '系统' : r === 'anonymous' ? '未登录' : r))
      .join('、');
}
