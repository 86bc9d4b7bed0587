// 毕业证照片: an upload names a file stored through the storage port (POST /files?purpose=diploma-photo,
// kept SM4-encrypted like every file); the handler reads it back, measures it and records its file id
// and SHA-256 on the student's photo record. The student's school is read from the student's own
// stream. The approved photo's bytes are read back for the diploma PDF and the zip export.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { diplomaPhotoDecider, diplomaPhotoStreams, PHOTO_RULES, type DiplomaPhotoFile, type DiplomaPhotoState, type PhotoStudentFacts } from '../../domain/diploma-photo/diploma-photo';
import { withSubmission, type ReviewPolicy } from '../../domain/review/review';
import { NotFoundError, ValidationError } from '../../domain/shared/errors';
import { studentDecider } from '../../domain/student/student';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { declaredSize } from '../face/image-decoding';
import { handleCommand } from '../pipeline/handle-command';
import { kindOfName, sniffFileKind, SNIFF_BYTES } from '../storage/file-kind';
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
    return { studentId, name: student.person.name, schoolId, ...(student.status === 'left' ? { leftAs: student.leftAs } : {}) };
  }

  const photoRefusal = (message: string) => new ValidationError([{ field: 'photo', message }], `照片不合格：${message}`);

  return {
    /** Records an uploaded photo for the student; with `submit`, submits it for review in the same append. */
    async upload(studentId: string, fileId: string, request: RequestContext, options: { submit?: boolean } = {}) {
      const [photo, student] = await Promise.all([photoFile(fileId, request), studentFacts(studentId)]);
      const decider = options.submit && request.actor.orgId ? withSubmission(diplomaPhotoDecider, await submissionFor(request.actor.orgId)) : diplomaPhotoDecider;
      return handleCommand(store, decider, diplomaPhotoStreamId(studentId), { type: 'UploadDiplomaPhoto', student, photo }, request);
    },
    /**
     * Records a photo given as bytes (an entry of a zip): checked in full first (kind by its bytes,
     * size and pixels, the student, the record's rules, by deciding once without writing), and only
     * then stored through the storage port and recorded, so a refused photo leaves nothing behind.
     * `name` is the entry's name (its extension must agree with the content).
     */
    async uploadBytes(studentId: string, name: string, bytes: Buffer, request: RequestContext, options: { submit?: boolean } = {}) {
      const claimed = kindOfName(name);
      const kind = sniffFileKind(bytes.subarray(0, SNIFF_BYTES));
      if (claimed !== 'jpg' && claimed !== 'png') throw photoRefusal('文件应为 JPEG 或 PNG 图片（.jpg、.jpeg 或 .png）');
      if (kind !== claimed) throw photoRefusal(`文件内容与扩展名不符：不是${claimed === 'jpg' ? ' JPEG' : ' PNG'} 图片`);
      if (bytes.length > PHOTO_RULES.maxBytes) throw photoRefusal(`照片超过 ${PHOTO_RULES.maxBytes / 1048576} MB`);
      const size = declaredSize(bytes);
      if (!size) throw photoRefusal('无法读取照片尺寸，文件可能已损坏');
      const [student, state] = await Promise.all([studentFacts(studentId), this.state(studentId)]);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const photo: DiplomaPhotoFile = { fileId: 'unstored', sha256, kind, size: bytes.length, ...size };
      const decided = diplomaPhotoDecider.decide({ type: 'UploadDiplomaPhoto', student, photo }, state, { actor: request.actor, now: (request.now ?? new Date()).toISOString() });
      // The same photo again: nothing to store or record.
      if (decided.length === 0) return { written: false as const, studentName: student.name };
      const stored = await files.store(Readable.from([bytes]), { name, purpose: 'diploma-photo', kinds: [kind], maxBytes: PHOTO_RULES.maxBytes }, request);
      await this.upload(studentId, stored.fileId, request, options);
      return { written: true as const, studentName: student.name, fileId: stored.fileId };
    },
    state: (studentId: string): Promise<DiplomaPhotoState> => loadState(store, diplomaPhotoDecider, diplomaPhotoStreamId(studentId)),
    /** The approved photo's bytes and kind, or null when none is approved. */
    async approvedPhoto(studentId: string): Promise<{ bytes: Buffer; kind: 'jpg' | 'png' } | null> {
      const state = await loadState(store, diplomaPhotoDecider, diplomaPhotoStreamId(studentId));
      if (state.status !== 'kept' || !state.approved) return null;
      return { bytes: await readAll(await files.blobs.open(state.approved.sha256), PHOTO_RULES.maxBytes), kind: state.approved.kind };
    },
    /**
     * A zip of the given photos (the approved ones, as the list's rows hold them), each under its
     * name, as a stream (the caller records the export first). Each photo is opened only when the
     * zip reaches it, so a school's
     * thousands of photos pass through with one open at a time; stored, not recompressed (JPEG and
     * PNG are compressed already).
     */
    zipStream(entries: { name: string; photo: Pick<DiplomaPhotoFile, 'sha256' | 'kind' | 'size'> }[]): Readable {
      const zip = new yazl.ZipFile();
      for (const { name, photo } of entries) {
        zip.addReadStreamLazy(`${name}.${photo.kind}`, { compress: false, size: photo.size }, (done) => {
          files.blobs.open(photo.sha256).then((stream) => done(null, stream), (error: unknown) => done(error, undefined as never));
        });
      }
      zip.end();
      return zip.outputStream as Readable;
    },
  };
}

export type DiplomaPhotoCommands = ReturnType<typeof diplomaPhotoCommands>;
