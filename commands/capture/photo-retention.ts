// 抓拍照片保存期限 (issue 13 §2): a daily job removes capture photos older than the retention the
// province sets (capture-policy-province; default three years). Each removal is a fact first
// (CapturePhotoPurged on the capture's stream, with the retention applied), then the encrypted
// content is deleted. Photos that are evidence of an open or confirmed fraud signal are kept past
// the retention, and so is a content another kept capture or a stored file shares (the blob store
// is content-addressed).
import { randomUUID } from 'node:crypto';
import { captureDecider } from '../../domain/capture/capture';
import type { JobDefinition } from '../jobs/job-registry';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { BlobStore } from '../storage/blob-store';
import type { EventStore } from '../../store/event-store/event-store';
import type { CapturePolicyState } from '../../domain/capture/capture-policy';

/** The read side's answer (implemented in projections/capture/expired-photos.ts, wired in api/capture/module.ts). */
export interface ExpiredPhotoDirectory {
  /**
   * Up to `limit` captures accepted before `before` (UTC ISO) whose photo is still kept and is no
   * open or confirmed signal's evidence; `shared` when a kept capture or a stored file has the same content.
   */
  expired(before: string, limit: number): Promise<{ captureStream: string; sha256: string; shared: boolean }[]>;
}

const JOB_ACTOR = { id: 'system:capture-photo-retention', role: 'system', orgId: null };
const BATCH = 500;

export async function purgeExpiredPhotos(
  deps: { store: EventStore; blobs: BlobStore; photos: ExpiredPhotoDirectory; policy: () => Promise<CapturePolicyState> },
  now = new Date(),
): Promise<{ purged: number; deleted: number }> {
  const { photoRetentionDays } = await deps.policy();
  const before = new Date(now.getTime() - photoRetentionDays * 86_400_000).toISOString();
  const correlationId = randomUUID();
  let purged = 0;
  let deleted = 0;
  for (;;) {
    const batch = await deps.photos.expired(before, BATCH);
    if (!batch.length) break;
    for (const photo of batch) {
      const commandId = randomUUID();
      const request: RequestContext = { actor: JOB_ACTOR, commandId, correlationId, ip: null, now };
      const result = await handleCommand(deps.store, captureDecider, photo.captureStream, { type: 'PurgePhoto', retentionDays: photoRetentionDays }, request);
      if (!result.events.length) continue;
      purged++;
      if (!photo.shared) {
        await deps.blobs.remove(photo.sha256);
        deleted++;
      }
    }
    // The read side marks them purged asynchronously: stop rather than see the same batch again.
    if (batch.length < BATCH) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { purged, deleted };
}

/** Every day at 03:30 China time. */
export function photoRetentionJob(deps: Parameters<typeof purgeExpiredPhotos>[0]): JobDefinition {
  return {
    name: 'capture-photo-retention',
    label: '抓拍照片到期删除',
    description: '删除超过保存期限的考勤抓拍照片（未处理或已确认预警的证据照片保留），每张删除均记录',
    schedule: '30 3 * * *',
    timezone: 'Asia/Shanghai',
    async run() {
      const { purged, deleted } = await purgeExpiredPhotos(deps);
      return `到期照片 ${purged} 张已记录删除，删除文件 ${deleted} 个`;
    },
  };
}
