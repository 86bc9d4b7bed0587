// GET /audit/timeline-export?streamId=...: one JSON file with every event of a record (full
// envelope and hashes), the stream's head at export time and, when a signed ledger digest already
// covers the last event, that digest and the last event's inclusion proof; the whole file signed by
// the ledger's key (commands/ledger/export-signing.ts). `npm run verify-export -- <file> --key
// <账本公钥.pem>` checks it offline (README). Each export is itself recorded as an event.
import type { Request, Response } from 'express';
import { signTimelineExport } from '../../commands/ledger/export-signing';
import { LedgerError } from '../../commands/ledger/ledger';
import { bindKey } from '../../commands/ledger/ledger-store';
import { samePublicKey, type LedgerSigner } from '../../commands/ledger/signing';
import { recordFact } from '../../commands/pipeline/record-fact';
import { dataScope } from '../../projections/organization/data-scope';
import { attachment } from '../storage/http-errors';
import { streamTitles, titleText } from './record-titles';
import { requestContextFor } from '../http/request-context';
import type { Platform } from '../platform';
import { RECORD_NOT_FOUND, withRecords } from '../records';

export { TIMELINE_EXPORT_FORMAT } from '../../commands/ledger/export-signing';

const refuse = (res: Response, status: number, code: string, message: string) => void res.status(status).json({ errors: [{ message, extensions: { code } }] });

/**
 * Records the key in the ledger's key table the first time it signs anything, as a digest does:
 * `scripts/ledger.ts public-key --key-id <id>` then finds the key an export names even before the
 * first digest, and one key id can never stand for two keys.
 */
function keyRecorder(platform: Platform) {
  const recorded = new Set<string>();
  return async (signer: LedgerSigner) => {
    if (recorded.has(signer.keyId)) return;
    const bound = await platform.knex.transaction((trx) => bindKey(trx, signer.keyId, signer.algorithm, signer.publicKeyPem));
    if (!samePublicKey(bound, signer.publicKeyPem)) throw new Error(`ledger key id ${signer.keyId} is already bound to another public key: give the new key a new LEDGER_KEY_ID`);
    recorded.add(signer.keyId);
  };
}

/** The last event's inclusion proof against the latest signed digest, when that digest covers it. */
async function ledgerAnchor(platform: Platform, lastEventId: string | undefined) {
  if (!lastEventId) return null;
  const digest = await platform.ledger.latestDigest();
  if (!digest) return null;
  try {
    const inclusionProof = await platform.ledger.inclusionProof({ eventId: lastEventId }, digest.treeSize);
    return { digest: await platform.ledger.exportDigest(digest), inclusionProof };
  } catch (error) {
    // Not folded yet, or folded after the latest digest: the export signature alone vouches for it.
    if (error instanceof LedgerError) return null;
    throw error;
  }
}

export function timelineExportHandler(platform: Platform) {
  const recordKey = keyRecorder(platform);
  return async (req: Request, res: Response) => {
    const user = req.user!;
    const streamId = typeof req.query.streamId === 'string' ? req.query.streamId : '';
    if (!user.permissions.has('audit:read') && !user.permissions.has('record:timeline')) return refuse(res, 403, 'FORBIDDEN', '您没有导出时间线的权限');
    // Missing and out of scope answer alike; anything else is the server's fault and goes to the error handler.
    if (!(await withRecords(platform.knex, dataScope(platform.knex, user), platform.modules).findRecord(streamId))) return refuse(res, 404, 'NOT_FOUND', RECORD_NOT_FOUND);
    const signer = platform.ledgerSigner;
    // An unsigned file is what this export replaced: it cannot show truncation or edited fields.
    if (!signer) return refuse(res, 503, 'LEDGER_KEY_MISSING', '未配置账本签名密钥，无法导出可离线校验的时间线');
    await recordKey(signer);
    const events = await platform.store.readStream(streamId);
    const ledger = await ledgerAnchor(platform, events.at(-1)?.id);
    const exportedAt = new Date().toISOString();
    await recordFact(platform.store, `audit-export-${user.id}`, { type: 'AuditTimelineExported', data: { streamId, events: events.length, lastHash: events.at(-1)?.metadata.hash ?? null } }, requestContextFor(req));
    const file = signTimelineExport({ streamId, exportedAt, exportedBy: { userId: user.id, orgId: user.orgId ?? null }, events, ledger }, signer);
    // Named as people call the record (时间线-茶艺师-20261206.json), the stream id as the ASCII fallback.
    const title = titleText((await streamTitles(platform.knex, platform.modules, [streamId])).get(streamId))?.replace(/[\\/:*?"<>|\s]+/g, '') ?? streamId;
    res.setHeader('Content-Disposition', attachment(`时间线-${title}-${exportedAt.slice(0, 10).replaceAll('-', '')}.json`).replace(/filename="[^"]*"/, `filename="timeline-${streamId}.json"`));
    res.type('application/json').send(JSON.stringify(file, null, 2));
  };
}
