// A teacher's reference face (issue 13): the uploaded photo checked and sealed (commands/face) before
// the decision, then recorded on the teacher's stream as TeacherReferenceFaceEnrolled.
import { teacherDecider, teacherStreams } from '../../domain/teacher/teacher';
import type { EventStore } from '../../store/event-store/event-store';
import type { FaceService } from '../face/face-service';
import { referenceFaceFromFile } from '../face/reference-photo-file';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { FileService } from '../storage/files';

export function teacherReferenceFaceCommands(deps: { store: EventStore; face: FaceService; files: FileService }) {
  return {
    /** Enrols the photo stored as `fileId` (purpose reference-face); the same photo again records nothing. */
    async enrolFromFile(teacherId: string, fileId: string, request: RequestContext) {
      const face = await referenceFaceFromFile(deps, fileId, 'upload', request);
      return handleCommand(deps.store, teacherDecider, teacherStreams.streamId(teacherId), { type: 'EnrolTeacherReferenceFace', face }, request);
    },
  };
}
