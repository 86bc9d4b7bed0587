// The one paging convention: page number + page size in, items + total out (what Element Plus'
// pagination shows). Every list query uses `PageInput` and returns a `<Type>Page`.
import type { Knex } from 'knex';
import { z } from 'zod';
import { integerIn, parseInput } from '../../domain/shared/validation';

export const paginationTypeDefs = /* GraphQL */ `
  "页码从 1 开始；每页最多 200 条"
  input PageInput {
    page: Int = 1
    pageSize: Int = 20
  }
`;

export const pageTypeDefs = (type: string) => /* GraphQL */ `
  type ${type}Page {
    items: [${type}!]!
    total: Int!
    page: Int!
    pageSize: Int!
  }
`;

const pageSchema = z.object({ page: integerIn('页码', 1, 1_000_000).default(1), pageSize: integerIn('每页条数', 1, 200).default(20) });
export type PageInput = z.output<typeof pageSchema>;

export const parsePage = (input: unknown): PageInput => parseInput(pageSchema, input ?? {});

/** Runs a filtered query as one page plus its total (same filters, one round trip each). */
export async function fetchPage<Row extends object>(query: Knex.QueryBuilder, page: PageInput, orderBy: { column: string; order: 'asc' | 'desc' }[]) {
  const countQuery = query.clone().clearSelect().clearOrder().count<{ n: string }[]>({ n: '*' });
  const [rows, counted] = await Promise.all([
    query.clone().orderBy(orderBy).limit(page.pageSize).offset((page.page - 1) * page.pageSize) as Promise<Row[]>,
    countQuery,
  ]);
  return { items: rows, total: Number(counted[0]?.n ?? 0), page: page.page, pageSize: page.pageSize };
}
