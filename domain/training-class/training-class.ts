// 培训班级 (requirements 6, 7, 13; issue 12): the training class's decider. An institution registers
// a class, sets its timetable, assigns teachers and enrols participants, and declares it; the
// declaration is reviewed and its approval opens the class (开班). Once open, changes are reviewed
// requests; the class starts, may be suspended by an authority, records attendance corrections and
// assessments, completes (结业) through a reviewed completion request that issues the certificates,
// and follows its graduates up. Each command lives with its rules in the file named beside it.
import { decideWithReview, isReviewCommand } from '../review/review';
import { assertNever, type CommandContext, type Decider } from '../shared/decider';
import { RuleViolationError } from '../shared/errors';
import { discardChange, proposeChange } from './changes';
import { submitAlong, trainingClassReview } from './class-review';
import type { TrainingClassCommand } from './commands';
import { recordAssessment, recordCertificatePrint, requestCompletion } from './completion';
import { declare } from './declaration';
import type { TrainingClassEvent } from './events';
import { TRAINING_CLASS_STATUS_LABELS } from './labels';
import { editDetails, enrol, register, setTeachers, setTimetable, withdraw } from './preparation';
import { decideRectification, recordInspection, replyRectification } from './inspection';
import { cancel, markAttendance, markRollCall, recordFollowUp, resume, start, suspend } from './running';
import { evolve, initialState, type TrainingClassState } from './state';
import { streamNaming } from '../shared/streams';

/** The module's streams: `training-class-<id>`. */
export const trainingClassStreams = streamNaming('training-class');

function decide(command: TrainingClassCommand, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  if (isReviewCommand(command)) {
    // A finished class has nothing left to review; a round left pending by a cancellation stays as it was.
    if (state.status === 'completed' || state.status === 'cancelled') {
      throw new RuleViolationError(`班级${TRAINING_CLASS_STATUS_LABELS[state.status]}，不能再办理审核`, 'training_class.closed');
    }
    return decideWithReview(trainingClassReview, command, state, context);
  }
  switch (command.type) {
    case 'RegisterTrainingClass':
      return register(command, state, context);
    case 'EditTrainingClassDetails':
      return editDetails(command, state, context);
    case 'SetTimetable':
      return setTimetable(command, state, context);
    case 'AssignTeachers':
      return setTeachers(command, state, context);
    case 'EnrolParticipants':
      return enrol(command, state, context);
    case 'WithdrawParticipant':
      return withdraw(command, state, context);
    case 'DeclareTrainingClass': {
      const { authorities, settings, note } = command;
      return submitAlong(declare(command, state, context), state, { authorities, settings, ...(note ? { note } : {}) }, context);
    }
    case 'ProposeTrainingClassChange': {
      const proposed = proposeChange(command, state, context);
      return command.submit ? submitAlong(proposed, state, command.submit, context) : proposed;
    }
    case 'DiscardTrainingClassChange':
      return discardChange(command, state, context);
    case 'StartTrainingClass':
      return start(command, state, context);
    case 'SuspendTrainingClass':
      return suspend(command, state, context);
    case 'ResumeTrainingClass':
      return resume(command, state, context);
    case 'MarkAttendance':
      return markAttendance(command, state, context);
    case 'MarkRollCall':
      return markRollCall(command, state, context);
    case 'RecordAssessmentResults':
      return recordAssessment(command, state, context);
    case 'RequestCompletion': {
      const { authorities, settings, note } = command;
      return submitAlong(requestCompletion(command, state, context), state, { authorities, settings, ...(note ? { note } : {}) }, context);
    }
    case 'RecordFollowUp':
      return recordFollowUp(command, state, context);
    case 'CancelTrainingClass':
      return cancel(command, state, context);
    case 'RecordCertificatePrint':
      return recordCertificatePrint(command, state, context);
    case 'RecordInspection':
      return recordInspection(command, state, context);
    case 'ReplyRectification':
      return replyRectification(command, state, context);
    case 'DecideRectification':
      return decideRectification(command, state, context);
    default:
      return assertNever(command);
  }
}

export const trainingClassDecider: Decider<TrainingClassCommand, TrainingClassEvent, TrainingClassState> = { initialState, evolve, decide };
