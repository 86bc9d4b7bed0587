// 免学费、助学金申请: before deciding, the command gathers what the rules read, all from the event
// store (a period closed, a standard approved or a suspension approved a moment ago binds the very
// next application): the periods of the school's authorities, the approved standard, and the
// student's own stream (its revision is recorded with the amount).
import { v5 as uuidv5 } from 'uuid';
import { withSubmission, type ReviewPolicy } from '../../domain/review/review';
import { schoolAidDecider, schoolAidStreams, type AidFacts, type SchoolAidState } from '../../domain/school-aid/school-aid';
import type { AidApplicationInput, StudentFacts } from '../../domain/school-aid/school-aid-rules';
import { studentDecider } from '../../domain/student/student';
import type { EventStore } from '../../store/event-store/event-store';
import { foldEvents, loadState } from '../../store/fold';
import type { AidStandardCommands } from '../aid-standard/aid-standard-commands';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';
import type { SchoolWindowCommands } from '../school-window/school-window-commands';
import { studentStreamId } from '../student/student-commands';

export const SCHOOL_AID_MODULE = schoolAidStreams.module;
export const schoolAidStreamId = schoolAidStreams.streamId;
const APPLICATION_NAMESPACE = '7b3f0e52-9c1d-4a8e-b6f4-1d2e3c4b5a69';

/** One application per student, kind and school year. */
export const schoolAidId = (studentId: string, kind: string, schoolYear: number) => uuidv5(`${studentId}:${kind}:${schoolYear}`, APPLICATION_NAMESPACE);

export const schoolAidReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: SCHOOL_AID_MODULE, label: '学生资助', decider: schoolAidDecider, ...(policy ? { policy } : {}) });

export interface SchoolAidCommandDeps {
  store: EventStore;
  windows: Pick<SchoolWindowCommands, 'windowsFor'>;
  standards: Pick<AidStandardCommands, 'approved'>;
  submissionFor?: SubmissionFor;
}

export function schoolAidCommands(deps: SchoolAidCommandDeps) {
  const { store, windows, standards } = deps;
  const submissionFor = deps.submissionFor ?? noSubmission;

  async function studentFacts(studentId: string): Promise<StudentFacts | null> {
    const events = await store.readStream(studentStreamId(studentId));
    const state = foldEvents(studentDecider, events);
    if (state.status === 'none') return null;
    return { studentId, name: state.person.name, povertyRegistered: state.person.povertyRegistered, segments: state.segments, revision: events[events.length - 1]!.revision };
  }

  return {
    /** Applies for a student of the school; with `submit`, submits the application for review in the same append. */
    async apply(schoolId: string, input: AidApplicationInput, request: RequestContext, options: { submit?: boolean } = {}) {
      const applicationId = schoolAidId(input.studentId, input.kind, input.schoolYear);
      const [authorityWindows, standard, student] = await Promise.all([windows.windowsFor(schoolId), standards.approved(input.kind, input.schoolYear), studentFacts(input.studentId)]);
      const facts: AidFacts = { windows: authorityWindows, standard, student };
      const decider = options.submit ? withSubmission(schoolAidDecider, await submissionFor(schoolId)) : schoolAidDecider;
      const result = await handleCommand(store, decider, schoolAidStreamId(applicationId), { type: 'ApplySchoolAid', applicationId, schoolId, input, facts }, request);
      return { ...result, applicationId };
    },
    cancel: (applicationId: string, reason: string, request: RequestContext) => handleCommand(store, schoolAidDecider, schoolAidStreamId(applicationId), { type: 'CancelSchoolAid', reason }, request),
    state: (applicationId: string): Promise<SchoolAidState> => loadState(store, schoolAidDecider, schoolAidStreamId(applicationId)),
  };
}

export type SchoolAidCommands = ReturnType<typeof schoolAidCommands>;
