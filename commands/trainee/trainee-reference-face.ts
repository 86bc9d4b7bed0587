// A trainee's reference face (issue 13): the uploaded photo checked and sealed (commands/face) before
// the decision, then recorded on the trainee's stream as TraineeReferenceFaceEnrolled.
import { traineeDecider, traineeStreams } from '../../domain/trainee/trainee';
import type { EventStore } from '../../store/event-store/event-store';
import type { FaceService } from '../face/face-service';
import { referenceFaceFromFile } from '../face/reference-photo-file';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { FileService } from '../storage/files';

export function traineeReferenceFaceCommands(deps: { store: EventStore; face: FaceService; files: FileService }) {
  return {
    /** Enrols the photo stored as `fileId` (purpose reference-face); the same photo again records nothing. */
    async enrolFromFile(traineeId: string, fileId: string, request: RequestContext) {
      const face = await referenceFaceFromFile(deps, fileId, 'upload', request);
      return handleCommand(deps.store, traineeDecider, traineeStreams.streamId(traineeId), { type: 'EnrolTraineeReferenceFace', face }, request);
    },
  };
}
