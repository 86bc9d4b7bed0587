// GET /audit/timeline-export.xlsx?streamId=...: the record's timeline as a workbook a person reads
// (issue 16 §3), beside the signed JSON file an auditor verifies (timeline-export.ts). It is the
// console's timeline itself: the same resolver builds it (same permission and record-scope check,
// Chinese event and field labels, names for ids, masked values only, hash-chain and ledger verdicts),
// written by the project's streaming .xlsx writer. Each export is recorded, as the JSON one is. The
// workbook proves nothing by itself: its first rows say so and point to the JSON file.
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { createXlsxWriter } from '../../commands/import/xlsx/xlsx-writer';
import { recordFact } from '../../commands/pipeline/record-fact';
import type { Config } from '../config';
import { createContext } from '../graphql/context';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { attachment } from '../storage/http-errors';
import { timelineResolvers } from '../timeline/timeline-graphql';

const STATUS: Record<string, number> = { FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };
const LEDGER_WORDS: Record<string, string> = { INTACT: '一致', ALTERED: '不一致（记账后被改动）', PENDING: '尚未记账' };

/** China Standard Time, as people read it: 2026-12-06 16:30:12. */
const chinaTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/** A value of a change as text: names for ids, JSON for structures, a dash for nothing. */
function shown(value: unknown, names: Map<string, string>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return names.get(value) ?? value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => names.get(v) ?? v).join('、');
  return JSON.stringify(value);
}

export function timelineWorkbookHandler(platform: Platform, config: Config) {
  return async (req: Request, res: Response) => {
    const streamId = typeof req.query.streamId === 'string' ? req.query.streamId : '';
    const ctx = createContext(platform, config, req, res);
    let timeline: Awaited<ReturnType<typeof timelineResolvers.Query.timeline>>;
    try {
      timeline = await timelineResolvers.Query.timeline(undefined, { streamId }, ctx);
    } catch (error) {
      // Missing and out of scope answer alike (the resolver's one record check); anything else is ours.
      if (!(error instanceof GraphQLError)) throw error;
      const code = String(error.extensions.code ?? 'BAD_REQUEST');
      return void res.status(STATUS[code] ?? 400).json({ errors: [{ message: error.message, extensions: { code } }] });
    }
    const user = req.user!;
    const entries = timeline.entries;
    await recordFact(platform.store, `audit-export-${user.id}`, { type: 'AuditTimelineExported', data: { streamId, events: entries.length, lastHash: entries.at(-1)?.hash ?? null, format: 'xlsx' } }, requestContextFor(req));

    const names = new Map(timeline.names.map((n) => [n.id, n.name]));
    const exportedAt = new Date().toISOString();
    const title = timeline.title ? `${timeline.moduleLabel}·${timeline.title}` : timeline.moduleLabel;
    const fileTitle = (timeline.title ?? streamId).replace(/[\\/:*?"<>|\s]+/g, '');
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(`时间线-${fileTitle}-${exportedAt.slice(0, 10).replaceAll('-', '')}.xlsx`));
    res.setHeader('Cache-Control', 'private, no-store');

    const writer = createXlsxWriter();
    writer.output.pipe(res);
    const sheet = writer.addSheet({
      name: '时间线',
      headerRows: 6,
      columns: [{ width: 6 }, { width: 20 }, { width: 18 }, { width: 22 }, { width: 14 }, { width: 26 }, { width: 16 }, { width: 30 }, { width: 60 }, { width: 10 }, { width: 14 }, { width: 66 }],
    });
    await sheet.addRow([`记录：${title}`]);
    await sheet.addRow([`流编号：${streamId}`, '', '', `导出时间：${chinaTime(exportedAt)}（北京时间）`, '', `导出人：${user.displayName}（${user.username}）`]);
    await sheet.addRow([`哈希链：${timeline.chainValid ? '完整' : '不完整（见各行的哈希校验）'}`, '', '', `账本：${timeline.ledger.message}`]);
    await sheet.addRow(['本表供阅读，不能证明记录未被改动；核验请使用同页导出的 JSON 文件（npm run verify-export）。个人信息仅以掩码显示。']);
    await sheet.addRow([]);
    await sheet.addRow(['序号', '时间（北京时间）', '事件', '操作人', '角色', '单位', 'IP 地址', '意见 / 原因', '变更内容', '哈希校验', '账本', '哈希（SM3）']);
    for (const entry of entries) {
      const changes = entry.changes.map((c) => `${c.label}：${shown(c.before, names)} → ${shown(c.after, names)}`).join('\n');
      await sheet.addRow([
        entry.revision + 1,
        chinaTime(entry.occurredAt),
        entry.typeLabel,
        entry.actorName ?? entry.actorId,
        entry.actorRoleLabel,
        entry.actorOrgName ?? entry.actorOrgId ?? '',
        entry.ip ?? '',
        entry.reason ?? '',
        changes,
        entry.hashValid ? '通过' : `不通过：${entry.hashProblem ?? ''}`,
        LEDGER_WORDS[entry.ledgerStatus] ?? entry.ledgerStatus,
        entry.hash,
      ]);
    }
    await sheet.end();
    await writer.finish();
  };
}
