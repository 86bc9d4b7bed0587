// GET /export/<list>.xlsx?filter=<json>: a list, as the caller may see it, to .xlsx. Rows stream
// from a Postgres cursor into the streaming writer into the response, 500 at a time, so a
// 100,000-row export holds 500 rows in memory. The cursor runs in a read-only repeatable-read
// transaction: the file is one consistent snapshot, and a read-only transaction takes no
// transaction id, so it does not hold back the event store's delivery fence.
// Anything wrong (permission, filter) is answered as JSON before the first byte of the file; each
// export is recorded as an event (who exported which list with which filter).
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { PERMISSIONS, type Permission } from '../../domain/identity/roles';
import { maskBankCard, maskIdNumber, maskPhone } from '../../domain/personal-data/masking';
import { ValidationError } from '../../domain/shared/errors';
import { findForbiddenText } from '../../domain/shared/validation';
import { recordFact } from '../../commands/pipeline/record-fact';
import { createXlsxWriter } from '../../commands/import/xlsx/xlsx-writer';
import { dataScope } from '../../projections/organization/data-scope';
import { clientError } from '../graphql/errors';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { attachment, sendError, sendKnownError } from '../storage/http-errors';
import type { ExportList, ListContext } from './export-lists';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BATCH = 500;
/** A slow download may leave the cursor idle between batches longer than the server's default. */
const IDLE_TIMEOUT = '600s';

function listContext(platform: Platform, req: Request): ListContext {
  const user = req.user!;
  return {
    platform,
    scope: dataScope(platform.knex, user),
    require(permission: Permission) {
      if (!user.permissions.has(permission)) throw clientError('FORBIDDEN', `您没有“${PERMISSIONS[permission].label}”权限`);
    },
  };
}

function parseFilter(raw: unknown): { ok: true; filter: unknown } | { ok: false } {
  if (raw === undefined || raw === '') return { ok: true, filter: undefined };
  if (typeof raw !== 'string') return { ok: false };
  try {
    return { ok: true, filter: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** Filter fields holding personal data: recorded masked, as the list shows them (never in clear on an event). */
const MASKED_FILTER_FIELDS: Record<string, (value: string) => string> = { idNumber: maskIdNumber, phone: maskPhone, bankAccount: maskBankCard };

/**
 * The filter checked by the list's own schema, as the GraphQL list checks it. A key the schema does
 * not know is refused, as GraphQL refuses an unknown input field (zod would drop it silently, and the
 * export would then run unfiltered while the user believes it filtered). Returns the parsed filter
 * for the query and what to record: the parsed values of the keys the client sent, masked where
 * personal, and nothing else of the raw text.
 */
function validatedFilter<Filter>(list: ExportList<unknown, Filter>, raw: unknown): { filter: Filter; recorded: Record<string, unknown> | null } {
  if (raw === undefined) return { filter: list.parseFilter(undefined), recorded: null };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError([{ field: 'filter', message: '筛选条件 filter 应为 JSON 对象' }]);
  // The list schemas check lengths and formats but not every string (ids go straight to SQL).
  const bad = findForbiddenText(raw, ['filter']);
  if (bad) throw new ValidationError([{ field: bad.field, message: `筛选条件不能包含${bad.problem}` }]);
  const filter = list.parseFilter(raw);
  const parsed = filter as Record<string, unknown>;
  // The schemas are plain objects: every key they know and were given is in their output.
  const unknown = Object.keys(raw).filter((key) => !Object.hasOwn(parsed, key));
  if (unknown.length) {
    throw new ValidationError(
      unknown.map((key) => ({ field: `filter.${key}`, message: `“${list.label}”列表没有筛选条件“${key}”` })),
      `筛选条件中有“${list.label}”列表不支持的字段：${unknown.join('、')}`,
    );
  }
  const recorded = Object.fromEntries(
    Object.keys(raw).map((key) => {
      const value = parsed[key];
      const mask = MASKED_FILTER_FIELDS[key];
      return [key, mask && typeof value === 'string' ? mask(value) : value];
    }),
  );
  return { filter, recorded };
}

async function streamRows(platform: Platform, ctx: ListContext, list: ExportList, built: Awaited<ReturnType<ExportList['query']>>, res: Response) {
  const writer = createXlsxWriter();
  const sending = pipeline(writer.output, res);
  // A client that goes away stops reading: end the cursor instead of waiting for it forever.
  const gone = sending.then(() => new Promise<never>(() => undefined));
  gone.catch(() => undefined);
  const sheet = writer.addSheet({ name: list.label, headerRows: 1, columns: list.columns.map((c) => ({ width: c.width ?? 16 })) });
  await sheet.addRow(list.columns.map((c) => c.header));
  const { sql, bindings } = built.query.clone().orderBy(built.orderBy).toSQL();
  await platform.knex.transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read, read only');
    await trx.raw(`set local idle_in_transaction_session_timeout = '${IDLE_TIMEOUT}'`);
    await trx.raw(`declare export_rows no scroll cursor for ${sql}`, bindings);
    for (;;) {
      const { rows } = (await trx.raw(`fetch ${BATCH} from export_rows`)) as { rows: Record<string, unknown>[] };
      if (rows.length === 0) break;
      const items = await list.items(ctx, rows);
      const write = async () => {
        for (const item of items) await sheet.addRow(list.columns.map((c) => c.value(item)));
      };
      await Promise.race([write(), gone]);
    }
  });
  await sheet.end();
  await writer.finish();
  await sending;
}

export function exportHandler(platform: Platform) {
  return async (req: Request, res: Response) => {
    const match = /^([a-z-]{1,40})\.xlsx$/.exec(String(req.params.file));
    const list = match ? platform.modules.exports[match[1]!] : undefined;
    if (!list) return sendError(res, 'NOT_FOUND', `没有可导出的列表：${String(req.params.file)}`);
    const parsed = parseFilter(req.query.filter);
    if (!parsed.ok) return sendError(res, 'BAD_USER_INPUT', '筛选条件 filter 不是合法的 JSON');
    const ctx = listContext(platform, req);
    let built;
    let recorded;
    try {
      const checked = validatedFilter(list, parsed.filter);
      recorded = checked.recorded;
      built = await list.query(ctx, checked.filter);
    } catch (error) {
      if (sendKnownError(res, error)) return;
      throw error;
    }
    await recordFact(platform.store, `audit-export-${req.user!.id}`, { type: 'ListExported', data: { list: match![1]!, filter: recorded, format: 'xlsx' } }, requestContextFor(req));
    const stamp = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', attachment(`${list.label}-${stamp}.xlsx`));
    res.setHeader('Cache-Control', 'private, no-store');
    await streamRows(platform, ctx, list, built, res);
  };
}
