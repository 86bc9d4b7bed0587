// GET /audit/timeline-export?streamId=...: one JSON file with every event of a record, its full
// envelope and hashes. `npm run verify-export -- <file>` checks it offline (README). Each export
// is itself recorded as an event.
import type { Request, Response } from 'express';
import { HASH_ALGORITHM } from '../../commands/event-store/integrity';
import { recordFact } from '../../commands/pipeline/record-fact';
import { dataScope } from '../auth/data-scope';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { requireRecordInScope } from '../records';

export const TIMELINE_EXPORT_FORMAT = 'gz-timeline-export/1';

export function timelineExportHandler(platform: Platform) {
  return async (req: Request, res: Response) => {
    const user = req.user!;
    const streamId = typeof req.query.streamId === 'string' ? req.query.streamId : '';
    if (!user.permissions.has('audit:read') && !user.permissions.has('record:timeline')) {
      return void res.status(403).json({ errors: [{ message: '您没有导出时间线的权限', extensions: { code: 'FORBIDDEN' } }] });
    }
    try {
      await requireRecordInScope(platform.knex, dataScope(platform.knex, user), streamId);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code ?? 'NOT_FOUND';
      return void res.status(code === 'FORBIDDEN' ? 403 : 404).json({ errors: [{ message: (error as Error).message, extensions: { code } }] });
    }
    const events = await platform.store.readStream(streamId);
    const exportedAt = new Date().toISOString();
    await recordFact(platform.store, `audit-export-${user.id}`, { type: 'AuditTimelineExported', data: { streamId, events: events.length, lastHash: events.at(-1)?.metadata.hash ?? null } }, requestContextFor(req));
    const body = {
      format: TIMELINE_EXPORT_FORMAT,
      streamId,
      exportedAt,
      exportedBy: { userId: user.id, orgId: user.orgId },
      hashAlgorithm: HASH_ALGORITHM,
      canonicalization: 'RFC 8785 (JSON Canonicalization Scheme)',
      hashInput: '{streamId, revision, type, data, metadata without prevHash and hash, prevHash}',
      events: events.map((e) => ({ ...e, position: e.position.toString(), recordedAt: e.recordedAt.toISOString() })),
    };
    res.setHeader('Content-Disposition', `attachment; filename="timeline-${streamId}.json"`);
    res.type('application/json').send(JSON.stringify(body, null, 2));
  };
}
