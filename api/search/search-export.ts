// 9(13): the hits of a full-text search as a report (.xlsx), through the export route: the same
// search as the search box (records index, the caller's data scope applied inside the engine, the
// modules the caller may search), at most the first 1,000 hits by relevance (the engine's window).
import { z } from 'zod';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { RECORDS_INDEX } from '../../projections/search/records-index';
import { MAX_SEARCH_LIMIT, SearchRequestError, SearchWindowError } from '../../projections/search/search-port';
import type { ExportList, ListContext } from '../export/export-lists';
import { clientError } from '../graphql/errors';

const filterSchema = z.object({ q: optionalText('搜索内容', 100), module: z.string().max(40).optional() }).default({ q: '' });
type SearchFilter = z.output<typeof filterSchema>;

interface HitRow {
  rank: number;
  module_label: string;
  title: string;
  subtitle: string;
  stream_id: string;
}

/** The modules whose records the caller may find (each manifest names the permission). */
function searchableModules(ctx: ListContext): string[] {
  const searchable = ctx.platform.modules.searchPermissions;
  return Object.keys(searchable).filter((m) => {
    try {
      ctx.require(searchable[m]!);
      return true;
    } catch {
      return false;
    }
  });
}

async function searchHitsQuery(ctx: ListContext, filter: SearchFilter) {
  const modules = searchableModules(ctx);
  if (filter.module && !modules.includes(filter.module)) throw clientError('FORBIDDEN', '无权搜索该类记录');
  if (modules.length === 0) throw clientError('FORBIDDEN', '您没有可搜索的记录类型');
  if (!filter.q) throw clientError('BAD_USER_INPUT', '请输入搜索内容');
  let hits;
  try {
    hits = (await ctx.platform.search.search(RECORDS_INDEX.name, { q: filter.q, filter: { ...ctx.scope.searchFilter(), module: filter.module ? [filter.module] : modules }, offset: 0, limit: MAX_SEARCH_LIMIT })).hits;
  } catch (error) {
    if (error instanceof SearchWindowError || error instanceof SearchRequestError) throw clientError('BAD_USER_INPUT', '搜索结果过多，请缩小范围');
    throw error;
  }
  const knex = ctx.platform.knex;
  // The hits, in relevance order, as rows the export's cursor reads (the engine is not SQL).
  const query = hits.length
    ? knex
        .select('*')
        .from(
          knex.raw(`(values ${hits.map(() => '(?::int, ?::text, ?::text, ?::text, ?::text)').join(', ')}) as hits(rank, module_label, title, subtitle, stream_id)`, hits.flatMap((h, i) => [i + 1, ctx.platform.modules.labelOf(String(h.module)), String(h.title), String(h.subtitle ?? ''), String(h.id)])),
        )
    : knex.select(knex.raw('1 as rank')).whereRaw('false');
  return { query, orderBy: [{ column: 'rank', order: 'asc' as const }] };
}

export const searchExport: ExportList<HitRow, SearchFilter> = {
  label: '检索结果',
  parseFilter: (raw) => parseInput(filterSchema, raw ?? undefined),
  query: searchHitsQuery,
  items: async (_ctx, rows) => rows as unknown as HitRow[],
  columns: [
    { header: '序号', width: 6, value: (h) => h.rank },
    { header: '类别', width: 12, value: (h) => h.module_label },
    { header: '名称', width: 30, value: (h) => h.title },
    { header: '摘要', width: 50, value: (h) => h.subtitle },
    { header: '记录编号', width: 44, value: (h) => h.stream_id },
  ],
};
