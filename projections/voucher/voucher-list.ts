// The voucher lists and statistics as SQL (paged by the lists, streamed by the export).
import type { Knex } from 'knex';
import { vouchersTable, voucherAcceptancesTable, type VoucherAcceptanceRow, type VoucherRow } from './vouchers-table';

export type VoucherListRow = VoucherRow;
export type VoucherAcceptanceListRow = VoucherAcceptanceRow;

/** Every column (the table alone: nothing joined, so `select *` is the row). */
export const voucherRows = (knex: Knex) => vouchersTable(knex);
export const voucherAcceptanceRows = (knex: Knex) => voucherAcceptancesTable(knex);

export interface VoucherStatistics {
  authorityId: string;
  authorityName: string;
  kind: string;
  issued: number;
  active: number;
  used: number;
  settled: number;
  cancelled: number;
  expired: number;
  /** Fen, as a decimal string. */
  settledFen: string;
}

/** Counts per issuing authority (a county, mostly) and kind, within a scope the caller applies. */
export async function voucherStatistics(knex: Knex, scope: (query: Knex.QueryBuilder) => Promise<void>): Promise<VoucherStatistics[]> {
  const count = (status: string) => knex.raw(`count(*) filter (where vouchers.status = ?)::int`, [status]);
  const query = vouchersTable(knex)
    .select('vouchers.authority_id', 'vouchers.authority_name', 'vouchers.kind')
    .select(knex.raw('count(*)::int as issued'))
    .select({ active: count('active'), used: count('used'), settled: count('settled'), cancelled: count('cancelled'), expired: count('expired') })
    .select(knex.raw(`coalesce(sum(vouchers.settled_fen), 0)::text as settled_fen`))
    .groupBy('vouchers.authority_id', 'vouchers.authority_name', 'vouchers.kind')
    .orderBy('vouchers.authority_name')
    .orderBy('vouchers.kind');
  await scope(query);
  const rows = (await query) as unknown as { authority_id: string; authority_name: string; kind: string; issued: number; active: number; used: number; settled: number; cancelled: number; expired: number; settled_fen: string }[];
  return rows.map((r) => ({ authorityId: r.authority_id, authorityName: r.authority_name, kind: r.kind, issued: r.issued, active: r.active, used: r.used, settled: r.settled, cancelled: r.cancelled, expired: r.expired, settledFen: r.settled_fen }));
}
