// 毕业证照片: an upload names a file stored through the storage port (POST /files?purpose=diploma-photo,
// kept SM4-encrypted like every file); the handler reads it back, measures it and records its file id
// and SHA-256 on the student's photo record. The student's school is read from the student's own
// stream. The approved photo's bytes are read back for the diploma PDF and the zip export.
import yazl from 'yazl';
import { diplomaPhotoDecider, diplomaPhotoStreams, PHOTO_RULES, type DiplomaPhotoFile, type DiplomaPhotoState, type PhotoStudentFacts } from '../../domain/diploma-photo/diploma-photo';
import { withSubmission, type ReviewPolicy } from '../../domain/review/review';
import { NotFoundError, ValidationError } from '../../domain/shared/errors';
import { studentDecider } from '../../domain/student/student';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { declaredSize } from '../face/image-decoding';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';
import type { FileService } from '../storage/files';
import { studentStreamId } from '../student/student-commands';

export const DIPLOMA_PHOTO_MODULE = diplomaPhotoStreams.module;
export const diplomaPhotoStreamId = diplomaPhotoStreams.streamId;

export const diplomaPhotoReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: DIPLOMA_PHOTO_MODULE, label: '毕业证照片', decider: diplomaPhotoDecider, ...(policy ? { policy } : {}) });

async function readAll(stream: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw new ValidationError([{ field: 'photo', message: `照片超过 ${limit / 1048576} MB` }]);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function diplomaPhotoCommands(store: EventStore, files: FileService, submissionFor: SubmissionFor = noSubmission) {
  /** The stored file as a diploma photo of the caller's organisation, measured; refused in Chinese otherwise. */
  async function photoFile(fileId: string, request: RequestContext): Promise<DiplomaPhotoFile> {
    const file = await files.describe(fileId);
    // Only a photo stored for this purpose by the caller's own organisation: a file id reveals nothing else.
    if (!file || file.purpose !== 'diploma-photo' || file.orgId !== request.actor.orgId) throw new ValidationError([{ field: 'fileId', message: '照片文件不存在，请重新上传' }]);
    if (file.kind !== 'jpg' && file.kind !== 'png') throw new ValidationError([{ field: 'fileId', message: '照片应为 JPEG 或 PNG 图片' }]);
    if (file.size > PHOTO_RULES.maxBytes) throw new ValidationError([{ field: 'photo', message: `照片超过 ${PHOTO_RULES.maxBytes / 1048576} MB` }], `照片不合格：超过 ${PHOTO_RULES.maxBytes / 1048576} MB`);
    const bytes = await readAll(await files.blobs.open(file.sha256), PHOTO_RULES.maxBytes);
    const size = declaredSize(bytes);
    if (!size) throw new ValidationError([{ field: 'photo', message: '无法读取照片尺寸，文件可能已损坏' }], '照片不合格：无法读取照片尺寸，文件可能已损坏');
    return { fileId, sha256: file.sha256, kind: file.kind, size: file.size, ...size };
  }

  async function studentFacts(studentId: string): Promise<PhotoStudentFacts> {
    const student = await loadState(store, studentDecider, studentStreamId(studentId));
    if (student.status === 'none') throw new NotFoundError('学籍记录不存在');
    // A student being registered has no school yet for this purpose; one who left keeps the school left.
    const schoolId = student.status === 'enrolled' || student.status === 'suspended' || student.status === 'left' ? student.enrolment.schoolId : null;
    return { studentId, name: student.person.name, schoolId };
  }

  return {
    /** Records an uploaded photo for the student; with `submit`, submits it for review in the same append. */
    async upload(studentId: string, fileId: string, request: RequestContext, options: { submit?: boolean } = {}) {
      const [photo, student] = await Promise.all([photoFile(fileId, request), studentFacts(studentId)]);
      const decider = options.submit && request.actor.orgId ? withSubmission(diplomaPhotoDecider, await submissionFor(request.actor.orgId)) : diplomaPhotoDecider;
      return handleCommand(store, decider, diplomaPhotoStreamId(studentId), { type: 'UploadDiplomaPhoto', student, photo }, request);
    },
    state: (studentId: string): Promise<DiplomaPhotoState> => loadState(store, diplomaPhotoDecider, diplomaPhotoStreamId(studentId)),
    /** The approved photo's bytes and kind, or null when none is approved. */
    async approvedPhoto(studentId: string): Promise<{ bytes: Buffer; kind: 'jpg' | 'png' } | null> {
      const state = await loadState(store, diplomaPhotoDecider, diplomaPhotoStreamId(studentId));
      if (state.status !== 'kept' || !state.approved) return null;
      return { bytes: await readAll(await files.blobs.open(state.approved.sha256), PHOTO_RULES.maxBytes), kind: state.approved.kind };
    },
    /** A zip of the given photos, each under its name (the caller records the export first). */
    async zip(entries: { name: string; studentId: string }[]): Promise<Buffer> {
      const zip = new yazl.ZipFile();
      for (const entry of entries) {
        const photo = await this.approvedPhoto(entry.studentId);
        if (photo) zip.addBuffer(photo.bytes, `${entry.name}.${photo.kind}`, { compress: false });
      }
      zip.end();
      const chunks: Buffer[] = [];
      for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
  };
}

export type DiplomaPhotoCommands = ReturnType<typeof diplomaPhotoCommands>;
