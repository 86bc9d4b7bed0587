import { v5 as uuidv5 } from 'uuid';
import { schoolTeacherDecider, schoolTeacherStreams, type MajorCheck, type SchoolTeacherCommand, type SchoolTeacherState } from '../../domain/school-teacher/school-teacher';
import { teacherFacts, type SchoolTeacherEdit, type SchoolTeacherInput, type SchoolTeacherProfile } from '../../domain/school-teacher/school-teacher-input';
import { NotFoundError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import type { MajorCommands } from '../major/major-commands';
import type { PersonalDataProtector, ProtectedValue } from '../personal-data/protected-field';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export const SCHOOL_TEACHER_MODULE = schoolTeacherStreams.module;
export const schoolTeacherStreamId = schoolTeacherStreams.streamId;
const TEACHER_NAMESPACE = '9b2f4c1e-5d7a-4f3b-8e21-6c0d9a7b4e52';

export function schoolTeacherCommands(deps: { store: EventStore; protector: PersonalDataProtector; majors: Pick<MajorCommands, 'check'> }) {
  const { store, protector, majors } = deps;
  const teacherIdFor = (schoolId: string, idNumber: string) => uuidv5(`${schoolId}:${protector.lookup('idNumber', idNumber)[0]!}`, TEACHER_NAMESPACE);
  const majorCheck = async (majorId: string | null, schoolId: string): Promise<MajorCheck | null> => (majorId ? majors.check(majorId, schoolId) : null);
  return {
    /**
     * The teacher's record id: one per school and person (the ID number's blind index under the
     * current key), so adding the same person twice lands on the one stream and is refused there.
     */
    teacherIdFor,
    async add(schoolId: string, input: SchoolTeacherInput, request: RequestContext) {
      const teacherId = teacherIdFor(schoolId, input.idNumber);
      const profile: SchoolTeacherProfile = {
        name: input.name,
        idNumber: protector.protect('idNumber', input.idNumber),
        ...teacherFacts(input.idNumber),
        phone: input.phone ? protector.protect('phone', input.phone) : null,
        majorId: input.majorId,
        field: input.field,
        title: input.title,
        education: input.education,
        employment: input.employment,
        hiredOn: input.hiredOn,
        note: input.note,
      };
      const command: SchoolTeacherCommand = { type: 'AddSchoolTeacher', teacherId, schoolId, profile, major: await majorCheck(input.majorId, schoolId) };
      return handleCommand(store, schoolTeacherDecider, schoolTeacherStreamId(teacherId), command, request);
    },
    /** A phone left out (null) keeps the one on record, '' removes it. Built from the state on every attempt. */
    async update(teacherId: string, schoolId: string, input: SchoolTeacherEdit, request: RequestContext) {
      // null keeps the phone on record, '' removes it.
      const phone: ProtectedValue | 'remove' | null = input.phone ? protector.protect('phone', input.phone) : input.phone === '' ? 'remove' : null;
      const major = await majorCheck(input.majorId, schoolId);
      const command = (state: SchoolTeacherState): SchoolTeacherCommand => {
        if (state.status === 'none') throw new NotFoundError('教师不存在');
        const profile: SchoolTeacherProfile = {
          ...state.profile,
          name: input.name,
          phone: phone === null ? state.profile.phone : phone === 'remove' ? null : phone,
          majorId: input.majorId,
          field: input.field,
          title: input.title,
          education: input.education,
          employment: input.employment,
          hiredOn: input.hiredOn,
          note: input.note,
        };
        return { type: 'UpdateSchoolTeacher', profile, major };
      };
      return handleCommand(store, schoolTeacherDecider, schoolTeacherStreamId(teacherId), command, request);
    },
    remove: (teacherId: string, reason: string, request: RequestContext) =>
      handleCommand(store, schoolTeacherDecider, schoolTeacherStreamId(teacherId), { type: 'RemoveSchoolTeacher', reason }, request),
  };
}

export type SchoolTeacherCommands = ReturnType<typeof schoolTeacherCommands>;
