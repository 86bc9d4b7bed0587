// A class and its people for the training-class specs (used by *.spec.ts only): a 5-day cooking
// class in 南明区, 2026-03-16 to 03-20, two sessions a day, two teachers, three trainees. `play`
// builds a history by running commands through the decider, so specs start from real events.
import { calendarOf } from '../calendar/calendar';
import { SHIPPED_HOLIDAY_NOTICES } from '../calendar/china-holidays';
import type { CommandContext } from '../shared/decider';
import type { ClassDetails, DeclarationInput } from './class-details';
import { DEFAULT_TRAINING_KIND_SETTINGS } from './class-settings';
import type { TrainingClassCommand } from './commands';
import { DEFAULT_ELIGIBILITY_POLICY, type PolicyInForce } from './eligibility';
import type { TrainingClassEvent } from './events';
import type { EnrolmentRequest, TeacherCandidate, TeacherStanding } from './participants';
import { toSession, type Session, type SessionInput } from './timetable';
import { trainingClassDecider } from './training-class';

export const context = (orgId: string | null, now: string, id = `user-of-${orgId}`): CommandContext => ({ actor: { id, role: 'tester', orgId }, now });
/** 2026-03-02 09:00 in China, a Monday: two weeks before the start. */
export const MONDAY_BEFORE = '2026-03-02T01:00:00.000Z';
export const school = (now = MONDAY_BEFORE) => context('inst-1', now, 'operator');
export const county = (now = MONDAY_BEFORE) => context('auth-520102', now, 'county-reviewer');
export const authorities = { county: 'auth-520102' };
export const calendar = calendarOf(SHIPPED_HOLIDAY_NOTICES);
export const settings = DEFAULT_TRAINING_KIND_SETTINGS.employment;
export const policy: PolicyInForce = { policy: DEFAULT_ELIGIBILITY_POLICY, version: 0 };

export const details: ClassDetails = {
  name: '南明区中式烹调师就业技能培训班',
  kind: 'employment',
  subKind: null,
  occupation: { code: '4-03-02-01', name: '中式烹调师', level: '4' },
  plannedStart: '2026-03-16',
  plannedEnd: '2026-03-20',
  minSize: 2,
  maxSize: 5,
  venue: { address: '贵阳市南明区花果园R1区', countyCode: '520102', latitude: 26.56, longitude: 106.71 },
  fundingSource: 'subsidised',
  targetTier: null,
};

export const DAYS = ['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20'];
export const sessionInput = (date: string, start: string, end: string, teacherId: string, mode: SessionInput['mode'] = 'theory'): SessionInput => ({
  date, start, end, subject: mode === 'theory' ? '烹饪原料知识' : '刀工与火候', mode, teacherId, venue: '花果园R1区教室',
});
/** Morning theory by 李芳 (t-1), afternoon practice by 王强 (t-2): 6 h a day, 40 class hours of 45 min. */
export const timetable: Session[] = DAYS.flatMap((d) => [sessionInput(d, '09:00', '12:00', 't-1'), sessionInput(d, '14:00', '17:00', 't-2', 'practice')]).map(toSession);

export const goodStanding: TeacherStanding = { effective: true, inInstitutionPool: true, certified: true, revoked: false };
export const teacher = (teacherId: string, name: string, over: Partial<TeacherCandidate> = {}): TeacherCandidate => ({ teacherId, name, standing: goodStanding, busy: [], ...over });
export const teachers = [teacher('t-1', '李芳'), teacher('t-2', '王强')];

export const person = (personId: string, name: string, over: Partial<EnrolmentRequest> = {}): EnrolmentRequest => ({
  participant: { kind: 'trainee', personId, name, idNumberMasked: '520102********1224' },
  effective: true,
  busy: [],
  history: [],
  commitment: { signed: true, signedOn: '2026-03-01', fileId: null },
  ...over,
});
export const trainees = [person('p-1', '张三'), person('p-2', '李四'), person('p-3', '王五')];

export const declarationInput: DeclarationInput = {
  teachingPlan: { totalHours: 40, theoryPercent: 50, practicePercent: 50, outline: '原料知识、刀工、火候、菜品制作' },
  assessmentPlan: { mode: 'written_practical', passScore: 60, plannedDate: '2026-03-20', organiser: '南明区职业技能鉴定所', description: '' },
  resources: ['《中式烹调师》教材', '实训厨房'],
  attachments: [],
  commitment: true,
};

export const busyNone = { teachers: { 't-1': [], 't-2': [] }, participants: { 'p-1': [], 'p-2': [], 'p-3': [] } };
export const declare = (over: Partial<Extract<TrainingClassCommand, { type: 'DeclareTrainingClass' }>> = {}): TrainingClassCommand => ({
  type: 'DeclareTrainingClass',
  declaration: declarationInput,
  calendar,
  settings,
  institution: { institutionId: 'inst-1', canOperate: true },
  teachers: { 't-1': goodStanding, 't-2': goodStanding },
  authorities,
  ...over,
});

type Step = [TrainingClassCommand, CommandContext];
/** Runs commands in turn through the decider and returns every event they produced. */
export function play(steps: Step[], history: TrainingClassEvent[] = []): TrainingClassEvent[] {
  const events = [...history];
  for (const [command, ctx] of steps) events.push(...trainingClassDecider.decide(command, events.reduce(trainingClassDecider.evolve, trainingClassDecider.initialState()), ctx));
  return events;
}
export const stateOf = (events: TrainingClassEvent[]) => events.reduce(trainingClassDecider.evolve, trainingClassDecider.initialState());

export const registerCommand: Extract<TrainingClassCommand, { type: 'RegisterTrainingClass' }> = {
  type: 'RegisterTrainingClass',
  classId: 'class-1',
  classNo: '520102-2026-0001',
  details,
  institution: { institutionId: 'inst-1', canOperate: true },
  occupation: { published: true, approvedForInstitution: true },
};

/** Registered, timetabled, teachers assigned, three trainees enrolled: ready to declare. */
export const prepared = (): TrainingClassEvent[] =>
  play([
    [registerCommand, school()],
    [{ type: 'SetTimetable', sessions: timetable, busy: { teachers: {}, participants: {} } }, school()],
    [{ type: 'AssignTeachers', teachers }, school()],
    [{ type: 'EnrolParticipants', enrolments: trainees, policy }, school()],
  ]);
/** Declared in time and under review at the county. */
export const declared = () => play([[declare(), school()]], prepared());
/** The county approved: the class is open (开班). */
export const opened = () => play([[{ type: 'ApproveReview', opinion: '同意开班' }, county('2026-03-04T02:00:00Z')]], declared());
/** The first day began. */
export const started = () => play([[{ type: 'StartTrainingClass' }, school('2026-03-16T00:30:00Z')]], opened());
/** After the last session (2026-03-20 17:00 China). */
export const AFTER_LAST = '2026-03-20T10:00:00.000Z';

/** Check-in at each session's start and check-out at its end, for these people. */
export const capturesFor = (personIds: string[], sessions: Session[] = timetable) =>
  sessions.flatMap((s) =>
    personIds.flatMap((participantId) => [
      { participantId, sessionId: s.sessionId, kind: 'check_in' as const, at: s.startsAt },
      { participantId, sessionId: s.sessionId, kind: 'check_out' as const, at: s.endsAt },
    ]),
  );
export const passed = (participantId: string) => ({ participantId, writtenScore: 80, practicalScore: 75, certificateNo: null, passed: true });
/** Completion approved on 2026-03-23 (a Monday). */
export const COMPLETED_ON = '2026-03-23T02:00:00.000Z';

/** A class of another kind run from registration to completion, everyone attending and passing. */
export function completedClass(over: { details?: Partial<ClassDetails>; enrol?: EnrolmentRequest[]; kindSettings?: typeof settings } = {}): TrainingClassEvent[] {
  const enrol = over.enrol ?? trainees;
  const kindSettings = over.kindSettings ?? settings;
  const ids = enrol.map((e) => e.participant.personId);
  return play([
    [{ ...registerCommand, details: { ...details, ...over.details } }, school()],
    [{ type: 'SetTimetable', sessions: timetable, busy: { teachers: {}, participants: {} } }, school()],
    [{ type: 'AssignTeachers', teachers }, school()],
    [{ type: 'EnrolParticipants', enrolments: enrol, policy }, school()],
    [declare({ settings: kindSettings, authorities: { county: 'auth-520102', city: 'auth-520100', province: 'auth-520000' } }), school()],
    ...kindSettings.reviewLevels.map((level): Step => [{ type: 'ApproveReview', opinion: '同意' }, context(level === 'county' ? 'auth-520102' : level === 'city' ? 'auth-520100' : 'auth-520000', '2026-03-04T02:00:00Z')]),
    [{ type: 'StartTrainingClass' }, school('2026-03-16T00:30:00Z')],
    [{ type: 'RecordAssessmentResults', results: ids.map(passed) }, school(AFTER_LAST)],
    [{ type: 'RequestCompletion', captures: capturesFor(ids), capturesAsOf: 'log-1', settings: kindSettings, authorities: { county: 'auth-520102', city: 'auth-520100', province: 'auth-520000' } }, school(AFTER_LAST)],
    ...kindSettings.reviewLevels.map((level): Step => [{ type: 'ApproveReview', opinion: '同意结业' }, context(level === 'county' ? 'auth-520102' : level === 'city' ? 'auth-520100' : 'auth-520000', COMPLETED_ON)]),
  ]);
}
