// The training class's command handlers (requirements 6, 7, 13): each gathers what the domain's
// command says the caller must provide (commands.ts: the institution's standing, the occupation's,
// the teachers', the people's records, bookings and subsidised history, the calendar, the policy,
// the kind's settings, the authorities) and runs it through the one pipeline (class-runner.ts).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ReviewPolicy } from '../../domain/review/review';
import { RuleViolationError, ValidationError } from '../../domain/shared/errors';
import type { AssessmentResult } from '../../domain/training-class/assessment';
import { participantKindOf, type ClassDetails, type DeclarationInput, type FundingSource, type ParticipantKind } from '../../domain/training-class/class-details';
import { reviewPolicyOf, settingsFor, TRAINING_KIND_SETTINGS_STREAM, trainingKindSettingsDecider } from '../../domain/training-class/class-settings';
import type { BusyLookup, OccupationStanding, TrainingClassCommand } from '../../domain/training-class/commands';
import type { EnrolmentRequest, TeacherCandidate, TeacherStanding } from '../../domain/training-class/participants';
import type { ExistingClass } from '../../domain/training-class/state';
import type { Session } from '../../domain/training-class/timetable';
import { trainingClassDecider } from '../../domain/training-class/training-class';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import type { AttendanceCaptureFacts } from '../capture/attendance-facts';
import type { InstitutionDirectory } from '../institution/institution-directory';
import type { OrganizationDirectory } from '../organization/organization-commands';
import type { PersonalDataProtector } from '../personal-data/protected-field';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { classNumbers } from './class-numbers';
import { classRunner, TRAINING_CLASS_MODULE } from './class-runner';
import { classReferenceData } from './class-settings-commands';
import type { TrainingClassDirectory } from './training-class-directory';
import { voucherUses } from '../voucher/voucher-uses';

/**
 * The class in the one review workflow. A bare submission (a change request sent again after it
 * was returned) is reviewed at the levels the class's kind has now, as the declaration's was.
 */
export const trainingClassReviewable = (): ReviewableModule => {
  const base = reviewableModule({ module: TRAINING_CLASS_MODULE, label: '培训班级', decider: trainingClassDecider });
  const policyFor = async (store: EventStore, streamId: string): Promise<ReviewPolicy | undefined> => {
    const state = await loadState(store, trainingClassDecider, streamId);
    return state.status === 'none' ? undefined : reviewPolicyOf(settingsFor(await loadState(store, trainingKindSettingsDecider, TRAINING_KIND_SETTINGS_STREAM), state.details.kind));
  };
  return {
    ...base,
    async run(store, streamId, command, request) {
      if (command.type !== 'SubmitForReview' || command.policy) return base.run(store, streamId, command, request);
      const policy = await policyFor(store, streamId);
      return base.run(store, streamId, policy ? { ...command, policy } : command, request);
    },
  };
};

/** One person to enrol, as a form or an import row gives them. */
export interface EnrolmentInput {
  personId: string;
  /** Left out: subsidised when eligible, otherwise self-paid (as the import does). */
  funding?: FundingSource;
  commitmentSigned: boolean;
  commitmentSignedOn: string;
  commitmentFileId?: string | null;
  /** 职业培训券 the person pays with (券号, before opening only): taken on the holder's voucher stream before the enrolment is appended. */
  voucherNo?: string | null;
}

export interface ChangeInput {
  timetable?: Session[];
  teacherIds?: string[];
  enrol?: EnrolmentInput[];
  remove?: { participantId: string; reason: string }[];
  reason: string;
  submit: boolean;
}

export interface TrainingClassCommandDeps {
  store: EventStore;
  knex: Knex;
  directory: TrainingClassDirectory;
  institutions: Pick<InstitutionDirectory, 'canOperate'>;
  organizations: OrganizationDirectory;
  protector: Pick<PersonalDataProtector, 'lookup'>;
  /** The capture module's counting check-ins and check-outs (issue 13); without it no capture is read. */
  captures?: Pick<AttendanceCaptureFacts, 'forClass'>;
}

const NOT_EFFECTIVE: TeacherStanding = { effective: false, inInstitutionPool: false, certified: false, revoked: false };

/** The China dates a class's bookings are compared over: its planned period and every session of it. */
const periodOf = (details: Pick<ClassDetails, 'plannedStart' | 'plannedEnd'>, sessions: readonly Session[] = []) => {
  const dates = [details.plannedStart, details.plannedEnd, ...sessions.map((s) => s.date)].sort();
  return { from: dates[0]!, to: dates[dates.length - 1]! };
};

export function trainingClassCommands(deps: TrainingClassCommandDeps) {
  const { store, directory } = deps;
  const runner = classRunner(deps);
  const vouchers = voucherUses(store);
  const reference = classReferenceData(store);
  const numbers = classNumbers(deps.knex);
  const { run, existing } = runner;

  const occupationOf = (institutionId: string, details: ClassDetails): Promise<OccupationStanding | null> =>
    details.occupation ? directory.occupation(institutionId, details.occupation) : Promise.resolve(null);

  const unknown = (field: string, ids: readonly string[], found: ReadonlyMap<string, unknown>, what: string) => {
    const fields = ids.flatMap((id, i) => (found.has(id) ? [] : [{ field: `${field}.${i}`, message: `${what}不存在或不在本机构` }]));
    if (fields.length) throw new ValidationError(fields, `有${what}不存在`);
  };

  async function teacherCandidates(state: ExistingClass, teacherIds: readonly string[], busy: BusyLookup): Promise<TeacherCandidate[]> {
    const records = await directory.teachers(state.institutionId, teacherIds);
    unknown('teacherIds', teacherIds, records, '教师');
    return teacherIds.map((id) => ({ teacherId: id, name: records.get(id)!.name, standing: records.get(id)!.standing, busy: busy.teachers[id] ?? [] }));
  }

  async function enrolmentRequests(state: ExistingClass, inputs: readonly EnrolmentInput[], busy: BusyLookup): Promise<EnrolmentRequest[]> {
    const kind = participantKindOf(state.details.kind);
    const ids = inputs.map((i) => i.personId);
    const records = await directory.participants(kind, state.institutionId, ids);
    unknown('enrolments', ids, records, kind === 'teacher' ? '教师' : '学员');
    // The history matters only where a subsidy is at stake (checkEligibility).
    const history = state.details.fundingSource === 'subsidised' && kind === 'trainee' ? await directory.subsidisedHistory(ids, state.classId) : new Map();
    return inputs.map((input) => {
      const record = records.get(input.personId)!;
      return {
        participant: { kind, personId: record.personId, name: record.name, idNumberMasked: record.idNumberMasked },
        effective: record.effective,
        busy: busy.participants[input.personId] ?? [],
        history: history.get(input.personId) ?? [],
        ...(input.funding ? { funding: input.funding } : {}),
        commitment: { signed: input.commitmentSigned, signedOn: input.commitmentSignedOn, fileId: input.commitmentFileId ?? null },
      };
    });
  }

  const activeParticipants = (state: ExistingClass) => state.roster.filter((e) => !e.withdrawal).map((e) => ({ kind: e.participant.kind, personId: e.participant.personId }));

  return {
    runner,
    reference,

    /**
     * 开班登记 for the actor's institution. The id comes from the client's command id (a retried
     * request finds its class) or is new; the number is drawn once the form passes every check that
     * does not need it.
     */
    async register(institutionId: string, details: ClassDetails, request: RequestContext, options: { classId?: string } = {}) {
      const classId = options.classId ?? randomUUID();
      const [institution, occupation] = await Promise.all([runner.institutionStanding(institutionId), occupationOf(institutionId, details)]);
      const command = (classNo: string): TrainingClassCommand => ({ type: 'RegisterTrainingClass', classId, classNo, details, institution, occupation });
      // A refusal on the form costs no number (a dry run on the empty record, as the pipeline's own first attempt is).
      trainingClassDecider.decide(command('000000-0000-0000'), trainingClassDecider.initialState(), { actor: request.actor, now: (request.now ?? new Date()).toISOString() });
      const classNo = await numbers.next(details.venue.countyCode, details.plannedStart.slice(0, 4));
      return run(classId, command(classNo), request, { likelyNew: true });
    },

    async edit(classId: string, details: ClassDetails, request: RequestContext) {
      const state = await existing(classId);
      return run(classId, { type: 'EditTrainingClassDetails', details, occupation: await occupationOf(state.institutionId, details) }, request);
    },

    async setTimetable(classId: string, sessions: Session[], request: RequestContext) {
      const state = await existing(classId);
      const busy = await runner.busy(classId, { teachers: state.teachers.map((t) => t.teacherId), participants: activeParticipants(state) }, periodOf(state.details, sessions));
      return run(classId, { type: 'SetTimetable', sessions, busy }, request);
    },

    async assignTeachers(classId: string, teacherIds: string[], request: RequestContext) {
      const state = await existing(classId);
      const busy = await runner.busy(classId, { teachers: teacherIds, participants: [] }, periodOf(state.details, state.timetable));
      return run(classId, { type: 'AssignTeachers', teachers: await teacherCandidates(state, teacherIds, busy) }, request);
    },

    async enrol(classId: string, inputs: EnrolmentInput[], request: RequestContext) {
      if (inputs.length === 0) throw new ValidationError([{ field: 'enrolments', message: '请至少选择一名报名人员' }]);
      const state = await existing(classId);
      const kind = participantKindOf(state.details.kind);
      const busy = await runner.busy(classId, { teachers: [], participants: inputs.map((i) => ({ kind, personId: i.personId })) }, periodOf(state.details, state.timetable));
      const [requests, policy] = await Promise.all([enrolmentRequests(state, inputs, busy), reference.policy()]);
      const voucherIds = await Promise.all(inputs.map((i) => (i.voucherNo ? vouchers.resolve(i.personId, i.voucherNo) : undefined)));
      const withVoucher = inputs.flatMap((i, n) => (voucherIds[n] ? [{ personId: i.personId, voucherId: voucherIds[n] }] : []));
      const enrolments = requests.map((r, n) => (voucherIds[n] ? { ...r, voucherId: voucherIds[n] } : r));
      if (withVoucher.length === 0) return run(classId, { type: 'EnrolParticipants', enrolments, policy }, request);
      // Every class rule first (the decided events), then each voucher taken on its holder's stream, then the append:
      // a voucher refused writes nothing on the class; an append that fails gives the vouchers back.
      const institution = await directory.institution(state.institutionId);
      const cls = { classId, classNo: state.classNo, className: state.details.name, institutionId: state.institutionId, institutionName: institution?.name ?? '培训机构', occupationCode: state.details.occupation?.code ?? null, subsidised: state.details.fundingSource === 'subsidised' };
      const taken = new Map<string, string>();
      try {
        return await runner.run(classId, { type: 'EnrolParticipants', enrolments, policy }, request, {
          beforeAppend: async ({ events }) => {
            const added = new Set(events.flatMap((e) => (e.type === 'TrainingClassParticipantsEnrolled' ? e.data.enrolments.map((x) => x.participant.personId) : [])));
            for (const i of withVoucher) {
              if (!added.has(i.personId)) continue;
              await vouchers.use(i.personId, i.voucherId, cls, request);
              taken.set(i.personId, i.voucherId);
            }
          },
        });
      } catch (error) {
        const after = await runner.existing(classId);
        for (const [personId, voucherId] of taken) {
          if (!after.roster.some((e) => e.participant.personId === personId && e.voucherId === voucherId)) await vouchers.release(personId, voucherId, classId, '报名未能记录，培训券恢复未使用', request);
        }
        throw error;
      }
    },

    /** 按身份证号报名: the person's record found by the ID number's blind index (the number itself is never stored or sent on). */
    async personByIdNumber(classId: string, idNumber: string, name?: string) {
      const state = await existing(classId);
      const kind: ParticipantKind = participantKindOf(state.details.kind);
      const personId = await directory.personIdByIdNumber(kind, deps.protector.lookup('idNumber', idNumber));
      const what = kind === 'teacher' ? '教师' : '学员';
      if (!personId) throw new RuleViolationError(`没有该身份证号码的${what}记录，请先录入${what}信息并经审核生效后再报名`, 'training_class.person_unknown');
      if (name !== undefined) {
        const record = (await directory.participants(kind, state.institutionId, [personId])).get(personId);
        if (record && record.name !== name.trim()) throw new RuleViolationError(`身份证号码对应的${what}姓名为“${record.name}”，与填写的“${name.trim()}”不一致`, 'training_class.name_mismatch');
      }
      return personId;
    },

    withdraw: (classId: string, participantId: string, reason: string, request: RequestContext) => run(classId, { type: 'WithdrawParticipant', participantId, reason }, request),

    /** 班级申报: the deadline on the calendar in force, the kind's settings, each teacher's standing now, submitted in the same append. */
    async declare(classId: string, declaration: DeclarationInput, note: string, request: RequestContext) {
      const state = await existing(classId);
      const [calendar, settings, institution, teachers, authorities] = await Promise.all([
        reference.calendar(),
        reference.settings(state.details.kind),
        runner.institutionStanding(state.institutionId),
        directory.teachers(state.institutionId, state.teachers.map((t) => t.teacherId)),
        runner.authorities(state.institutionId),
      ]);
      const standings = Object.fromEntries(state.teachers.map((t) => [t.teacherId, teachers.get(t.teacherId)?.standing ?? NOT_EFFECTIVE]));
      return run(classId, { type: 'DeclareTrainingClass', declaration, calendar, settings, institution, teachers: standings, authorities, ...(note ? { note } : {}) }, request);
    },

    /** A change to an opened class (roster, teachers, timetable), with everyone it would hold checked free; submitted along when asked. */
    async proposeChange(classId: string, input: ChangeInput, request: RequestContext) {
      if (input.enrol?.some((e) => e.voucherNo)) throw new RuleViolationError('开班后变更名单时不能使用培训券，培训券须在开班前报名时使用', 'training_class.voucher_after_opening');
      const state = await existing(classId);
      const change = 'change' in state ? state.change : null;
      const kind = participantKindOf(state.details.kind);
      const teacherIds = input.teacherIds ?? (change?.teachers ?? state.teachers).map((t) => t.teacherId);
      const participants = [...activeParticipants(state), ...(change?.enrol ?? []).map((e) => ({ kind: e.participant.kind, personId: e.participant.personId })), ...(input.enrol ?? []).map((e) => ({ kind, personId: e.personId }))];
      const timetable = input.timetable ?? change?.timetable ?? state.timetable;
      const busy = await runner.busy(classId, { teachers: teacherIds, participants }, periodOf(state.details, timetable));
      const [teachers, enrol, policy, settings, authorities] = await Promise.all([
        input.teacherIds ? teacherCandidates(state, input.teacherIds, busy) : Promise.resolve(undefined),
        input.enrol?.length ? enrolmentRequests(state, input.enrol, busy) : Promise.resolve(undefined),
        reference.policy(),
        reference.settings(state.details.kind),
        runner.authorities(state.institutionId),
      ]);
      const command: TrainingClassCommand = {
        type: 'ProposeTrainingClassChange',
        ...(input.timetable ? { timetable: input.timetable } : {}),
        ...(teachers ? { teachers } : {}),
        ...(enrol ? { enrol, policy } : {}),
        ...(input.remove?.length ? { remove: input.remove } : {}),
        busy,
        reason: input.reason,
        ...(input.submit ? { submit: { authorities, settings } } : {}),
      };
      return run(classId, command, request);
    },

    discardChange: (classId: string, reason: string, request: RequestContext) => run(classId, { type: 'DiscardTrainingClassChange', reason }, request),
    start: (classId: string, request: RequestContext) => run(classId, { type: 'StartTrainingClass' }, request),

    async suspend(classId: string, reason: string, request: RequestContext) {
      const state = await existing(classId);
      return run(classId, { type: 'SuspendTrainingClass', reason, authority: await runner.authorityStanding(state.institutionId, request) }, request);
    },
    async resume(classId: string, reason: string, request: RequestContext) {
      const state = await existing(classId);
      return run(classId, { type: 'ResumeTrainingClass', reason, authority: await runner.authorityStanding(state.institutionId, request) }, request);
    },
    /** The institution cancels its own class; anyone else acts as a supervising authority (the domain checks which it is). */
    async cancel(classId: string, reason: string, request: RequestContext) {
      const state = await existing(classId);
      const authority = request.actor.orgId === state.institutionId ? undefined : await runner.authorityStanding(state.institutionId, request);
      return run(classId, { type: 'CancelTrainingClass', reason, ...(authority ? { authority } : {}) }, request);
    },

    /**
     * 标记出勤. No user is a teacher's account yet: the institution records the mark for the
     * session's own teacher (who is named on the event), until the capture issue gives teachers
     * their app; then the user's teacher record is passed here instead.
     */
    async markAttendance(classId: string, mark: { sessionId: string; participantId: string; present: boolean; reason: string }, request: RequestContext) {
      const state = await existing(classId);
      const teacherId = state.timetable.find((s) => s.sessionId === mark.sessionId)?.teacherId ?? '';
      return run(classId, { type: 'MarkAttendance', ...mark, teacherId }, request);
    },

    /** 点名: a whole session at once, for the session's own teacher (as markAttendance). */
    async markRollCall(classId: string, call: { sessionId: string; present: string[]; absent: string[]; reason: string }, request: RequestContext) {
      const state = await existing(classId);
      const teacherId = state.timetable.find((s) => s.sessionId === call.sessionId)?.teacherId ?? '';
      return run(classId, { type: 'MarkRollCall', ...call, teacherId }, request);
    },

    recordAssessments: (classId: string, results: AssessmentResult[], request: RequestContext) => run(classId, { type: 'RecordAssessmentResults', results }, request),

    /**
     * 申请结业. Attendance facts come from the capture module (matched check-ins and check-outs not
     * excluded by a confirmed fraud signal), with the teachers' marks as the audited correction;
     * `capturesAsOf` records the log position the capture read models stood at.
     */
    async requestCompletion(classId: string, note: string, request: RequestContext) {
      const state = await existing(classId);
      const [settings, authorities, head, facts] = await Promise.all([
        reference.settings(state.details.kind),
        runner.authorities(state.institutionId),
        store.headPosition(),
        deps.captures?.forClass(classId),
      ]);
      return run(classId, { type: 'RequestCompletion', captures: facts?.captures ?? [], capturesAsOf: facts?.asOf ?? head.toString(), settings, authorities, ...(note ? { note } : {}) }, request);
    },

    recordFollowUp: (classId: string, followUp: unknown, confirmedWarnings: string[], request: RequestContext) => run(classId, { type: 'RecordFollowUp', followUp, confirmedWarnings }, request),
  };
}

export type TrainingClassCommands = ReturnType<typeof trainingClassCommands>;
