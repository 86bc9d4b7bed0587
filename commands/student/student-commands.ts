// Student status commands: registration (one by one, and a batch of rows from an import), changes,
// the record card. Before deciding, they gather what the decider rules on, all read from the event
// store rather than from read models (a window closed, a major approved or a school created a moment
// ago binds the very next command): the windows of the school's authorities, the major, the target
// school of a transfer.
import { v5 as uuidv5 } from 'uuid';
import { withSubmission, type ReviewPolicy } from '../../domain/review/review';
import type { AuthorityWindows } from '../../domain/school-window/school-window';
import { studentDecider, studentStreams, type MajorCheck, type StudentCommand, type StudentState } from '../../domain/student/student';
import type { ChangeInput, StudentChange } from '../../domain/student/student-change';
import { idNumberFacts, type Enrolment, type RegistrationEdit, type RegistrationInput, type StudentPerson } from '../../domain/student/student-input';
import { NotFoundError, ValidationError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import type { DictionaryCommands } from '../dictionary/dictionary-commands';
import type { MajorCommands } from '../major/major-commands';
import { personIdResolver } from '../personal-data/person-id';
import type { PersonalDataProtector } from '../personal-data/protected-field';
import { handleCommand, handleNewStreamCommands, type CommandResult } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';
import type { SchoolWindowCommands } from '../school-window/school-window-commands';
import type { TechnicalSchoolCommands } from '../technical-school/technical-school-commands';
import type { StudentDirectory } from './student-directory';

export const STUDENT_MODULE = studentStreams.module;
export const studentStreamId = studentStreams.streamId;
const PERSON_NAMESPACE = '4d7e2a91-0c3b-4f56-9a8e-2b1c5d6e7f80';

export const studentReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: STUDENT_MODULE, label: '学籍', decider: studentDecider, ...(policy ? { policy } : {}) });

export interface StudentCommandDeps {
  store: EventStore;
  protector: PersonalDataProtector;
  students: StudentDirectory;
  windows: Pick<SchoolWindowCommands, 'windowsFor'>;
  majors: Pick<MajorCommands, 'check'>;
  schools: Pick<TechnicalSchoolCommands, 'state'>;
  submissionFor?: SubmissionFor;
  /** The person_category dictionary (人员类别), to check a registration's category against. */
  dictionaries?: Pick<DictionaryCommands, 'activeCodes'>;
}

export function studentCommands(deps: StudentCommandDeps) {
  const { store, protector, students, windows, majors, schools } = deps;
  const submissionFor = deps.submissionFor ?? noSubmission;
  const personIdFor = personIdResolver(protector, PERSON_NAMESPACE, (indexes) => students.personIdByIdNumber(indexes));

  const personOf = (input: RegistrationInput): StudentPerson => ({
    name: input.name,
    idNumber: protector.protect('idNumber', input.idNumber),
    ...idNumberFacts(input.idNumber),
    phone: input.phone ? protector.protect('phone', input.phone) : null,
    householdType: input.householdType,
    povertyRegistered: input.povertyRegistered,
    education: input.education,
    previousSchool: input.previousSchool,
    address: input.address,
    personCategory: input.personCategory,
  });
  /** A category must be an active entry of the dictionary (retired ones stay on old records only). */
  const checkCategory = async (code: string | null) => {
    if (!code || !deps.dictionaries) return;
    if (!(await deps.dictionaries.activeCodes('person_category')).includes(code)) throw new ValidationError([{ field: 'personCategory', message: '人员类别不在字典中' }]);
  };
  const enrolmentOf = (schoolId: string, input: Omit<RegistrationInput, 'idNumber' | 'phone'>): Enrolment => ({
    schoolId,
    majorId: input.majorId,
    classType: input.classType,
    studyMode: input.studyMode,
    cohortYear: input.cohortYear,
    enrolledOn: input.enrolledOn,
    studentNumber: input.studentNumber,
  });
  const run = (studentId: string, command: StudentCommand | ((state: StudentState) => StudentCommand), request: RequestContext) =>
    handleCommand(store, studentDecider, studentStreamId(studentId), command, request);

  const registration = (studentId: string, schoolId: string, input: RegistrationInput, authorityWindows: readonly AuthorityWindows[], major: MajorCheck): StudentCommand => ({
    type: 'RegisterStudent',
    studentId,
    person: personOf(input),
    enrolment: enrolmentOf(schoolId, input),
    windows: authorityWindows,
    major,
  });

  /** Registers a student at the school; with `submit`, submits the registration for approval in the same append. */
  async function register(schoolId: string, input: RegistrationInput, request: RequestContext, options: { submit?: boolean } = {}) {
    const studentId = await personIdFor(input.idNumber);
    await checkCategory(input.personCategory);
    const [authorityWindows, major] = await Promise.all([windows.windowsFor(schoolId), majors.check(input.majorId, schoolId)]);
    const decider = options.submit ? withSubmission(studentDecider, await submissionFor(schoolId)) : studentDecider;
    return handleCommand(store, decider, studentStreamId(studentId), registration(studentId, schoolId, input, authorityWindows, major), request, { likelyNew: true });
  }

  /**
   * Registers and submits many students at one school (the import): the school's windows, the
   * majors and the review authorities are read once for all the rows; the rows of people with no
   * record are decided on the empty state and appended in one commit (each on its own stream,
   * "stream must not exist", so the province-wide duplicate check stays exact: a status registered
   * meanwhile elsewhere makes the commit conflict). Every other row (a person on record, an ID
   * number twice in the rows, a row the empty state refuses, all rows of a conflicted commit) goes
   * through handleCommand alone, with the same facts, and gets the decider's own answer.
   * Per row, in input order: its result, or the error that refused it (nothing written for it).
   */
  async function registerMany(schoolId: string, rows: { input: RegistrationInput; request: RequestContext }[]): Promise<(CommandResult<StudentState> | Error)[]> {
    const distinctMajors = [...new Set(rows.map((row) => row.input.majorId))];
    // The people on record, for all the rows in one query (by the blind indexes under the current and previous keys).
    const indexes = rows.map((row) => protector.lookup('idNumber', row.input.idNumber));
    const [authorityWindows, checkedMajors, policy, onRecord] = await Promise.all([
      windows.windowsFor(schoolId),
      Promise.all(distinctMajors.map((majorId) => majors.check(majorId, schoolId))),
      submissionFor(schoolId),
      students.personIdsByIdNumbers(indexes.flat()),
    ]);
    const ids = indexes.map((candidates) => {
      const existing = candidates.map((bidx) => onRecord.get(bidx)).find((id) => id !== undefined);
      return { studentId: existing ?? uuidv5(candidates[0]!, PERSON_NAMESPACE), onRecord: existing !== undefined };
    });
    const majorOf = new Map(checkedMajors.map((m) => [m.majorId, m]));
    const submitting = withSubmission(studentDecider, policy);
    const commands = rows.map((row, i) => registration(ids[i]!.studentId, schoolId, row.input, authorityWindows, majorOf.get(row.input.majorId)!));
    // Only the first row of a person goes into the commit: two appends to one new stream in one commit would conflict.
    const seen = new Set<string>();
    const fresh = rows.flatMap((row, i) => {
      const { studentId, onRecord } = ids[i]!;
      if (onRecord || seen.has(studentId)) return [];
      seen.add(studentId);
      return [{ i, streamId: studentStreamId(studentId), command: commands[i]!, request: row.request }];
    });
    const batched = await handleNewStreamCommands(store, submitting, fresh);
    const done = new Map(fresh.map((item, k) => [item.i, batched[k]]));
    // The rest through handleCommand, a person's rows one after another (a second row then meets
    // the first one's status), different people at once.
    const results: (CommandResult<StudentState> | Error)[] = rows.map((_, i) => done.get(i) ?? new Error('not run'));
    const rest = new Map<string, number[]>();
    rows.forEach((_, i) => {
      if (!done.get(i)) rest.set(ids[i]!.studentId, [...(rest.get(ids[i]!.studentId) ?? []), i]);
    });
    await Promise.all(
      [...rest.entries()].map(async ([studentId, indexes]) => {
        for (const i of indexes) {
          try {
            results[i] = await handleCommand(store, submitting, studentStreamId(studentId), commands[i]!, rows[i]!.request);
          } catch (error) {
            results[i] = error instanceof Error ? error : new Error(String(error));
          }
        }
      }),
    );
    return results;
  }

  return {
    personIdFor,
    register,
    registerMany,
    /** Corrects a registration not yet approved (draft, returned or withdrawn). The ID number stays the person's. */
    async updateRegistration(studentId: string, input: RegistrationEdit, request: RequestContext) {
      // The registration stays at its school (the decider refuses a move); the major is checked there.
      const current = await loadState(store, studentDecider, studentStreamId(studentId));
      const schoolId = current.status === 'registering' ? current.registration.schoolId : (request.actor.orgId ?? '');
      const major = await majors.check(input.majorId, schoolId);
      await checkCategory(input.personCategory);
      const given = {
        idNumber: input.idNumber ? { value: protector.protect('idNumber', input.idNumber), facts: idNumberFacts(input.idNumber) } : null,
        phone: input.phone ? protector.protect('phone', input.phone) : input.phone === '' ? ('remove' as const) : null,
      };
      // Built from the state on every attempt: what the edit leaves out is kept as it is then.
      const command = (state: StudentState): StudentCommand => {
        if (state.status === 'none') throw new NotFoundError('学籍记录不存在');
        const person: StudentPerson = {
          ...state.person,
          ...(given.idNumber ? { idNumber: given.idNumber.value, ...given.idNumber.facts } : {}),
          name: input.name,
          phone: given.phone === null ? state.person.phone : given.phone === 'remove' ? null : given.phone,
          householdType: input.householdType,
          povertyRegistered: input.povertyRegistered,
          education: input.education,
          previousSchool: input.previousSchool,
          address: input.address,
          personCategory: input.personCategory,
        };
        return { type: 'UpdateRegistration', person, enrolment: enrolmentOf(schoolId, input), major };
      };
      return run(studentId, command, request);
    },
    cancelRegistration: (studentId: string, reason: string, request: RequestContext) => run(studentId, { type: 'CancelRegistration', reason }, request),
    /** Applies for a change of status; with `submit`, submits it for review in the same append. */
    async applyForChange(studentId: string, schoolId: string, input: ChangeInput, request: RequestContext, options: { submit?: boolean } = {}) {
      // The change id is the command id: a retried application is the same application.
      const change: StudentChange = { ...input, changeId: request.commandId, schoolId };
      const major = 'majorId' in input && input.majorId ? await majors.check(input.majorId, schoolId) : undefined;
      const target = input.kind === 'transfer_out' ? await schools.state(input.toSchoolId) : undefined;
      const command: StudentCommand = {
        type: 'RequestStudentChange',
        change,
        ...(major ? { major } : {}),
        ...(input.kind === 'transfer_out' ? { targetSchool: { schoolId: input.toSchoolId, exists: target?.status === 'active' } } : {}),
      };
      const decider = options.submit ? withSubmission(studentDecider, await submissionFor(schoolId)) : studentDecider;
      return handleCommand(store, decider, studentStreamId(studentId), command, request);
    },
    cancelChange: (studentId: string, reason: string, request: RequestContext) => run(studentId, { type: 'CancelStudentChange', reason }, request),
    cancelTransfer: (studentId: string, reason: string, request: RequestContext) => run(studentId, { type: 'CancelTransfer', reason }, request),
    /** Records that the record card was printed, before it is rendered. */
    recordCardExport: (studentId: string, request: RequestContext) => run(studentId, { type: 'ExportStudentCard' }, request),
    state: (studentId: string) => loadState(store, studentDecider, studentStreamId(studentId)),
    /** A school's approved majors, from the read side (the import resolves major codes with them). */
    approvedMajorsOf: (schoolId: string) => students.approvedMajorsOf(schoolId),
    events: (studentId: string) => store.readStream(studentStreamId(studentId)),
  };
}

export type StudentCommands = ReturnType<typeof studentCommands>;
