// Capture photos past their retention (commands/capture/photo-retention.ts): accepted captures
// before the cut-off whose photo is kept and is no open or confirmed signal's evidence, and whether
// their content is shared with a capture that is kept or with a stored file.
import type { Knex } from 'knex';
import { capturesTable } from './captures-table';
import { captureSignalsTable } from './capture-signals-table';

export function expiredPhotoDirectory(knex: Knex) {
  const evidence = () => captureSignalsTable(knex).whereIn('status', ['open', 'confirmed']).select(knex.raw('jsonb_array_elements_text(capture_ids)'));
  return {
    async expired(before: string, limit: number) {
      const rows = await capturesTable(knex)
        .where({ status: 'accepted', photo_purged: false })
        .whereNotNull('photo_sha256')
        .where('server_time', '<', before)
        .whereNotIn('id', evidence())
        .orderBy('server_time')
        .limit(limit)
        .select('id', 'stream_id', 'photo_sha256');
      const hashes = [...new Set(rows.map((r) => r.photo_sha256!))];
      const kept = hashes.length
        ? await capturesTable(knex)
            .whereIn('photo_sha256', hashes)
            .where({ photo_purged: false })
            .where((q) => void q.where('server_time', '>=', before).orWhereIn('id', evidence()))
            .distinct('photo_sha256')
        : [];
      const files: { sha256: string }[] = hashes.length ? await knex('events').where({ type: 'FileStored' }).whereRaw("data->>'sha256' = ANY(?)", [hashes]).select(knex.raw("data->>'sha256' as sha256")) : [];
      const shared = new Set([...kept.map((k) => k.photo_sha256!), ...files.map((f) => f.sha256)]);
      return rows.map((r) => ({ captureStream: r.stream_id, sha256: r.photo_sha256!, shared: shared.has(r.photo_sha256!) }));
    },
  };
}
