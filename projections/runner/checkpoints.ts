import type { Knex } from 'knex';

export interface Checkpoint {
  name: string;
  position: bigint;
  version: number;
}

const TABLE = 'projection_checkpoints';

export async function readCheckpoints(knex: Knex): Promise<Checkpoint[]> {
  const rows: { name: string; position: string; version: number }[] = await knex(TABLE).select('name', 'position', 'version');
  return rows.map((r) => ({ name: r.name, position: BigInt(r.position), version: r.version }));
}

/** Locks the projection's checkpoint row for the transaction: one writer per projection at a time, across processes. */
export async function lockCheckpoint(trx: Knex.Transaction, name: string): Promise<Checkpoint | undefined> {
  const row: { name: string; position: string; version: number } | undefined = await trx(TABLE).where({ name }).forUpdate().first();
  return row && { name: row.name, position: BigInt(row.position), version: row.version };
}

export async function saveCheckpoint(trx: Knex.Transaction | Knex, name: string, position: bigint, version: number): Promise<void> {
  await trx(TABLE)
    .insert({ name, position: position.toString(), version, updated_at: trx.fn.now() })
    .onConflict('name')
    .merge(['position', 'version', 'updated_at']);
}
