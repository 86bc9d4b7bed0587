// What an exportable list is: its own list query (the same filter parsing and the same data scope
// as the GraphQL list) and its own row mapping (the same masked values the list shows), so an
// export can never show more than the list would. Each module declares its lists in its manifest.
import type { Knex } from 'knex';
import type { CellValue } from '../../commands/import/xlsx/xlsx-writer';

import type { ListContext } from '../graphql/context';
export type { ListContext };

export interface ExportColumn<Item> {
  header: string;
  width?: number;
  value(item: Item): CellValue;
}

export interface ExportList<Item = unknown, Filter = unknown> {
  label: string;
  /** The list's own filter parsing (its GraphQL list's schema): throws BAD_USER_INPUT. */
  parseFilter(raw: unknown): Filter;
  /** Builds the query from a parsed filter: throws (FORBIDDEN) before anything is sent. */
  query(ctx: ListContext, filter: Filter): Promise<{ query: Knex.QueryBuilder; orderBy: { column: string; order: 'asc' | 'desc' }[] }>;
  /** A batch of rows as the list shows them. */
  items(ctx: ListContext, rows: Record<string, unknown>[]): Promise<Item[]>;
  columns: ExportColumn<Item>[];
}

/** An instant as China time, `YYYY-MM-DD HH:mm:ss` (text: a spreadsheet shows it as it is). */
export const chinaTime = (iso: string | null | undefined) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : '');
export const yesNo = (value: boolean) => (value ? '是' : '否');
