// The global search box: one query over the records index, filtered by the caller's data scope
// inside the engine, so a hit the user may not open is never returned.
import { z } from 'zod';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { RECORDS_INDEX } from '../../projections/search/records-index';
import { SearchRequestError, SearchWindowError, type FilterValue } from '../../projections/search/search-port';
import type { GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { parsePage, refuseSort, type PageInput } from '../graphql/pagination';

export const searchTypeDefs = /* GraphQL */ `
  type SearchHit {
    streamId: String!
    recordId: ID!
    module: String!
    moduleLabel: String!
    title: String!
    subtitle: String!
    status: String!
  }
  type SearchResults {
    items: [SearchHit!]!
    total: Int!
    page: Int!
    pageSize: Int!
    "各模块命中数"
    modules: JSON!
  }
  extend type Query {
    "全文搜索（中文分词）：姓名、机构名、工种、地址、编码；只返回数据权限范围内的记录，按相关度排列（不接受 sortBy）"
    search(q: String!, module: String, page: PageInput): SearchResults!
  }
`;


/** The engine filter that keeps a search inside the caller's data scope: the one DataScope's. */
export const scopeFilter = (ctx: GraphQLContext): Record<string, FilterValue> => ctx.scope.searchFilter();

/** One page of a module's records matching words, in scope: ids in rank order and the exact total. */
export async function searchRecords(ctx: GraphQLContext, module: string, q: string, page: PageInput, status?: string) {
  try {
    const result = await ctx.platform.search.search(RECORDS_INDEX.name, {
      q,
      filter: { ...scopeFilter(ctx), module, ...(status ? { status } : {}) },
      offset: (page.page - 1) * page.pageSize,
      limit: page.pageSize,
    });
    return { ids: result.hits.map((h) => String(h.id)), total: result.total };
  } catch (error) {
    if (error instanceof SearchWindowError || error instanceof SearchRequestError) throw clientError('BAD_USER_INPUT', '搜索结果过多，请缩小范围');
    throw error;
  }
}

export const searchResolvers = {
  Query: {
    async search(_: unknown, args: { q: string; module?: string | null; page?: unknown }, ctx: GraphQLContext) {
      const { q } = parseInput(z.object({ q: optionalText('搜索内容', 100) }), { q: args.q });
      const page = parsePage(args.page);
      // Hits come in the engine's relevance order; a column sort would need every hit's row first.
      refuseSort(page, '搜索结果按相关度排列，不能指定排序字段');
      // The modules whose records this user may find (each module's manifest names the permission).
      const searchable = ctx.platform.modules.searchPermissions;
      const modules = Object.keys(searchable).filter((m) => ctx.user.permissions.has(searchable[m]!));
      if (args.module && !modules.includes(args.module)) throw clientError('FORBIDDEN', '无权搜索该类记录');
      if (modules.length === 0) throw clientError('FORBIDDEN', '您没有可搜索的记录类型');
      try {
        const result = await ctx.platform.search.search(RECORDS_INDEX.name, {
          q,
          filter: { ...scopeFilter(ctx), module: args.module ? [args.module] : modules },
          facets: ['module'],
          offset: (page.page - 1) * page.pageSize,
          limit: page.pageSize,
        });
        return {
          items: result.hits.map((h) => ({
            streamId: String(h.id),
            recordId: String(h.id).slice(String(h.module).length + 1),
            module: String(h.module),
            moduleLabel: ctx.platform.modules.labelOf(String(h.module)),
            title: String(h.title),
            subtitle: String(h.subtitle ?? ''),
            status: String(h.status ?? ''),
          })),
          total: result.total,
          page: page.page,
          pageSize: page.pageSize,
          modules: result.facetDistribution.module ?? {},
        };
      } catch (error) {
        if (error instanceof SearchWindowError || error instanceof SearchRequestError) throw clientError('BAD_USER_INPUT', '搜索结果过多，请缩小范围');
        throw error;
      }
    },
  },
};
