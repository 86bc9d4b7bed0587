// A reference face from a photo uploaded through the storage port (POST /files?purpose=reference-face):
// the photo read back from the encrypted blob store, checked (exactly one clear face) and reduced to
// the facts a trainee's or teacher's event records. Runs in the command handler before the decision:
// inference and sealing are side effects, and `decide` runs again on a concurrency retry.
import { ValidationError } from '../../domain/shared/errors';
import type { ReferenceFaceFacts, ReferenceFaceSource } from '../../domain/capture/reference-face';
import type { RequestContext } from '../pipeline/request-context';
import type { FileService } from '../storage/files';
import type { FaceService } from './face-service';
import { enrolReferenceFace } from './reference-face';

/** A reference photo larger than this is refused before it is read (a face needs far fewer bytes). */
export const MAX_REFERENCE_PHOTO_BYTES = 10 * 1024 * 1024;

async function readAll(stream: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw new ValidationError([{ field: 'fileId', message: `照片超过 ${limit / 1048576} MB 上限` }]);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The uploaded file as a reference face. Only a photo stored for this purpose by the caller's own
 * organisation is taken: a file id reveals nothing of another organisation's uploads.
 */
export async function referenceFaceFromFile(
  deps: { face: FaceService; files: FileService },
  fileId: string,
  source: Extract<ReferenceFaceSource, 'upload' | 'batch'>,
  request: RequestContext,
): Promise<ReferenceFaceFacts> {
  const file = await deps.files.describe(fileId);
  if (!file || file.purpose !== 'reference-face' || (file.orgId !== request.actor.orgId && file.storedBy !== request.actor.id)) {
    throw new ValidationError([{ field: 'fileId', message: '照片文件不存在，请重新上传' }]);
  }
  if (file.size > MAX_REFERENCE_PHOTO_BYTES) throw new ValidationError([{ field: 'fileId', message: `照片超过 ${MAX_REFERENCE_PHOTO_BYTES / 1048576} MB 上限` }]);
  const photo = await readAll(await deps.files.blobs.open(file.sha256), MAX_REFERENCE_PHOTO_BYTES);
  const face = await enrolReferenceFace({ engine: await deps.face.engine(), sealer: deps.face.sealer, settings: deps.face.settings.reference }, photo, source);
  return { photoFileSha256: file.sha256, ...face };
}
