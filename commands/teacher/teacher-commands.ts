import { NotFoundError } from '../../domain/shared/errors';
import { teacherDecider, teacherReviewingOrg, teacherStreams, type TeacherCommand, type TeacherState } from '../../domain/teacher/teacher';
import { teacherFacts, type PoolTier, type TeacherEdit, type TeacherInput, type TeacherProfile } from '../../domain/teacher/teacher-input';
import type { InstitutionDirectory } from '../institution/institution-directory';
import type { TeacherDirectory } from './teacher-directory';
import type { EventStore } from '../../store/event-store/event-store';
import { personIdResolver } from '../personal-data/person-id';
import type { PersonalDataProtector } from '../personal-data/protected-field';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import type { ReviewPolicy } from '../../domain/review/review';
import { noSubmission, type SubmissionFor } from '../review/submission';
import { withSubmission } from '../../domain/review/review';

export const TEACHER_MODULE = teacherStreams.module;
export const teacherStreamId = teacherStreams.streamId;
const PERSON_NAMESPACE = '4b2a9c1e-8d3f-4a6b-b7e2-5c0d1f9a3e84';

export const teacherReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: TEACHER_MODULE, label: '培训师资', decider: teacherDecider, reviewingOrg: teacherReviewingOrg, ...(policy ? { policy } : {}) });

export interface TeacherCommandDeps {
  store: EventStore;
  protector: PersonalDataProtector;
  institutions: Pick<InstitutionDirectory, 'canOperate'>;
  teachers: TeacherDirectory;
  submissionFor?: SubmissionFor;
}

export function teacherCommands(deps: TeacherCommandDeps) {
  const { store, protector, institutions, teachers } = deps;
  const submissionFor = deps.submissionFor ?? noSubmission;
  const personIdFor = personIdResolver(protector, PERSON_NAMESPACE, (indexes) => teachers.personIdByIdNumber(indexes));
  const protect = (input: TeacherInput): TeacherProfile => ({ ...input, idNumber: protector.protect('idNumber', input.idNumber), ...teacherFacts(input.idNumber) });
  const run = (teacherId: string, command: TeacherCommand, request: RequestContext) =>
    handleCommand(store, teacherDecider, teacherStreamId(teacherId), command, request, { likelyNew: command.type === 'DeclareTeacher' });
  return {
    personIdFor,
    /** Declares (or requests an engagement of a teacher already in the pool); with `submit`, submits it for review in the same append. */
    async declare(institutionId: string, input: TeacherInput, request: RequestContext, options: { submit?: boolean } = {}) {
      const teacherId = await personIdFor(input.idNumber);
      const command: TeacherCommand = { type: 'DeclareTeacher', teacherId, profile: protect(input), institution: { institutionId, canOperate: await institutions.canOperate(institutionId) } };
      const decider = options.submit ? withSubmission(teacherDecider, await submissionFor(institutionId)) : teacherDecider;
      return handleCommand(store, decider, teacherStreamId(teacherId), command, request, { likelyNew: true });
    },
    /** The ID number left out (null) keeps the current one, with the facts it gives; a given one is protected afresh and must be the same person's. */
    async update(teacherId: string, edit: TeacherEdit, request: RequestContext) {
      if (edit.idNumber) return run(teacherId, { type: 'UpdateTeacher', profile: protect({ ...edit, idNumber: edit.idNumber }) }, request);
      // Built from the state on every attempt, so a retry after a conflict keeps what is current then.
      const command = (state: TeacherState): TeacherCommand => {
        if (state.status === 'none') throw new NotFoundError('培训师资记录不存在');
        const { idNumber, birthDate, sex } = state.profile;
        return { type: 'UpdateTeacher', profile: { ...edit, idNumber, birthDate, sex } };
      };
      return handleCommand(store, teacherDecider, teacherStreamId(teacherId), command, request);
    },
    certify: (teacherId: string, certificateNo: string, certifiedOn: string, request: RequestContext) => run(teacherId, { type: 'CertifyQualification', certificateNo, certifiedOn }, request),
    assignTier: (teacherId: string, tier: PoolTier, actorLevel: PoolTier, request: RequestContext) => run(teacherId, { type: 'AssignPoolTier', tier, actorLevel }, request),
    revoke: (teacherId: string, reason: string, request: RequestContext) => run(teacherId, { type: 'RevokeTeacher', reason }, request),
  };
}

export type TeacherCommands = ReturnType<typeof teacherCommands>;
