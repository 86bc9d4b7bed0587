// 毕业生就业 (requirement 9(10)): the graduation is read from the student's own stream (not a read
// model: a graduation just approved counts at once), then the decider rules on the employment record.
import { employmentDecider, employmentStreams, type GraduateFacts } from '../../domain/employment/employment';
import type { EmploymentDetails } from '../../domain/employment/employment-input';
import { studentDecider } from '../../domain/student/student';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { studentStreamId } from '../student/student-commands';

export const employmentStreamId = employmentStreams.streamId;

export function employmentCommands(store: EventStore) {
  const graduateFacts = async (studentId: string): Promise<GraduateFacts> => {
    const student = await loadState(store, studentDecider, studentStreamId(studentId));
    const finished = student.status === 'left' && (student.leftAs === 'graduated' || student.leftAs === 'completed') ? student : null;
    return {
      studentId,
      schoolId: finished?.enrolment.schoolId ?? null,
      majorId: finished?.enrolment.majorId ?? null,
      outcome: finished ? (finished.leftAs as 'graduated' | 'completed') : null,
      graduatedOn: finished?.leftOn ?? null,
    };
  };
  return {
    /** Records the graduate's destination (the first record, or a later change of situation). */
    async record(studentId: string, details: EmploymentDetails, request: RequestContext) {
      const graduate = await graduateFacts(studentId);
      return handleCommand(store, employmentDecider, employmentStreamId(studentId), { type: 'RecordEmployment', graduate, details }, request);
    },
    /** Corrects a mistake in the record, with its reason. */
    correct: (studentId: string, details: EmploymentDetails, reason: string, request: RequestContext) =>
      handleCommand(store, employmentDecider, employmentStreamId(studentId), { type: 'CorrectEmployment', details, reason }, request),
  };
}

export type EmploymentCommands = ReturnType<typeof employmentCommands>;
