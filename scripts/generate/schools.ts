// Technical schools for the generated province (issue 15 §8): schools created by their authorities,
// their basic-information changes reviewed, majors declared and approved, teachers added (some
// retired, a few removed), the registration, waiver and grant periods and this school year's aid
// standards where none are in force, then students over three cohorts: registered and reviewed,
// with status changes (transfers, suspensions and resumptions, withdrawals, cancellations, changes of
// major, repeated years, graduations) and this school year's waivers and grants.
//
// Schools, periods, standards, the authorities' 学生资助资金 funds, majors and teachers go through the
// platform's commands, as people would enter them, and so do the approvals of aid (the final approval
// plans the instalments and reserves them on the fund: work beyond the decider). Students and their
// aid applications are decided in memory by the same deciders the commands
// use (studentDecider and schoolAidDecider, with the submission to the school's own authorities and
// the facts the commands would gather: the periods, the major's approval, the approved standard, the
// student's own segments), wrapped by the same envelope function (event ids from the command ids),
// and appended a batch of people at a time through the real store, hash-chained and projected as
// usual: what a 150,000-student load costs on two cores is the per-command round trips this skips
// (as scripts/generate/trainee-steps.ts does for trainees). Every event is one a user's command
// would have written; all of them occur at generation time, with their effective dates (入学日期,
// 生效日期) spread over the three school years.
//
// Deterministic: the same seed and sizes give the same records and command ids; a repeated run
// appends nothing (the pipeline returns a command's first result; a student stream that exists is
// left alone).
import { performance } from 'node:perf_hooks';
import type { Platform } from '../../api/platform';
import type { CommandResult } from '../../commands/pipeline/handle-command';
import { toNewEvent } from '../../commands/pipeline/handle-command';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { schoolAidId, schoolAidStreamId } from '../../commands/school-aid/school-aid-commands';
import { studentStreamId } from '../../commands/student/student-commands';
import { parseAidStandard } from '../../domain/aid-standard/aid-standard-input';
import { parseMajorDetails } from '../../domain/major/major-details';
import { authorityId } from '../../domain/organization/guizhou-divisions';
import { chinaDate } from '../../domain/personal-data/normalize';
import { currentLevel, withSubmission, type ReviewCommand } from '../../domain/review/review';
import { schoolAidDecider, type SchoolAidCommand, type SchoolAidState } from '../../domain/school-aid/school-aid';
import { parseAidApplication } from '../../domain/school-aid/school-aid-rules';
import { windowVerdict, type WindowKind } from '../../domain/school-window/school-window';
import { schoolTeacherInputSchema } from '../../domain/school-teacher/school-teacher-input';
import { DomainError } from '../../domain/shared/errors';
import type { Actor, Decider, DomainEvent } from '../../domain/shared/decider';
import { parseInput } from '../../domain/shared/validation';
import { studentDecider, type MajorCheck, type StudentCommand, type StudentState } from '../../domain/student/student';
import type { ChangeInput, StudentChange } from '../../domain/student/student-change';
import { parseChangeInput } from '../../domain/student/student-change';
import { idNumberFacts, registrationInputSchema, type RegistrationInput, type StudentPerson } from '../../domain/student/student-input';
import { parseSchoolCreation, parseSchoolInfo } from '../../domain/technical-school/school-info';
import { organizationDirectory } from '../../projections/organization/organizations-table';
import { WrongExpectedRevisionError, type StreamAppend } from '../../store/event-store/event-store';
import { APPROVE_OPINIONS, RETURN_REASONS } from './catalogue';
import { Progress, runBounded, type PhaseFigures } from './progress';
import { Random } from './random';
import { generatedId } from './records';
import { planMajors, planSchoolTeacher, planSchools, planStudents, schoolYearOf, type MajorPlan, type SchoolPlan, type StudentPlan } from './schools-plan';

export interface SchoolsOptions {
  schools: number;
  students: number;
  seed?: string;
  /** Records (or, for students, batches of people) in flight at once. */
  concurrency?: number;
  /** People decided together and appended in one call. */
  batch?: number;
  /** A real user to act for a duty at an organisation; otherwise a fabricated actor id is used. */
  actorFor?: (duty: 'registrar' | 'reviewer' | 'operator', orgId: string) => string | undefined;
  log?: (line: string) => void;
  progressIntervalMs?: number;
  /** Longest wait for the read models between phases. */
  projectionTimeoutMs?: number;
  /** How many written students to return with their ID numbers (the benchmark's duplicates, the spec's checks). */
  sample?: number;
}

/** A generated student as written: synthetic people, so the ID number may be handed to a benchmark or spec. */
export interface StudentSample {
  idNumber: string;
  studentId: string;
  schoolId: string;
  registration: string;
  history: string;
}

export interface SchoolsSummary {
  phases: PhaseFigures[];
  outcomes: {
    schools: Record<string, number>;
    majors: Record<string, number>;
    teachers: Record<string, number>;
    registrations: Record<string, number>;
    histories: Record<string, number>;
    aid: Record<string, number>;
    /** Students found written already (a repeated run), left alone. */
    existing: number;
  };
  schools: { id: string; name: string; code: string; authorityId: string }[];
  sample: StudentSample[];
  lastPosition: bigint;
  seconds: number;
}

const ROLES = { registrar: 'authority_operator', reviewer: 'reviewer', operator: 'school_operator' } as const;
const bump = (counts: Record<string, number>, key: string, by = 1) => (counts[key] = (counts[key] ?? 0) + by);
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const SCHOOL_KINDS: readonly WindowKind[] = ['registration', 'waiver', 'grant'];

export async function generateSchools(platform: Platform, options: SchoolsOptions): Promise<SchoolsSummary> {
  const seed = options.seed ?? 'guizhou-province-v1';
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batch ?? 50;
  const log = options.log;
  const timeout = options.projectionTimeoutMs ?? 30 * 60_000;
  const now = new Date().toISOString();
  const today = chinaDate(now);
  const year = schoolYearOf(today);
  const root = new Random(`${seed}/technical-schools`);
  const { technicalSchools, schoolWindows, aidStandards, majors, schoolTeachers, reviews } = platform.commands;
  const started = performance.now();
  let lastPosition = 0n;
  const outcomes: SchoolsSummary['outcomes'] = { schools: {}, majors: {}, teachers: {}, registrations: {}, histories: {}, aid: {}, existing: 0 };
  const sample: StudentSample[] = [];
  const phases: PhaseFigures[] = [];

  const actor = (duty: keyof typeof ROLES, orgId: string): Actor => ({ id: options.actorFor?.(duty, orgId) ?? generatedId(seed, `actor:${duty}:${orgId}`), role: ROLES[duty], orgId });
  const request = (who: Actor, key: string): RequestContext => {
    const commandId = generatedId(seed, `command:${key}`);
    return { actor: who, commandId, correlationId: commandId, ip: null };
  };
  let progress: Progress | undefined;
  const phase = (name: string, total: number) => (progress = new Progress(name, total, log, () => '', options.progressIntervalMs));
  const run = async <S>(command: Promise<CommandResult<S>>): Promise<CommandResult<S>> => {
    const result = await command;
    progress?.command(result.repeated ? 0 : result.events.length);
    if (result.position !== null && result.position > lastPosition) lastPosition = result.position;
    return result;
  };
  const waitForReadModels = async (names: string[] | undefined, what: string) => {
    if (!(await platform.runner.waitFor(lastPosition, names, timeout))) throw new Error(`read models did not catch up with the ${what}`);
  };
  /** Approves at every level the record waits at (the school's prefecture, then the province), as the reviewers of each would. */
  const approveAll = async (stream: string, school: SchoolPlan, key: string) => {
    const levels = school.authorityId === authorityId('520000') ? [school.authorityId] : [school.authorityId, authorityId('520000')];
    const random = new Random(`${seed}/${key}`);
    for (const authority of levels) await run(reviews.approve(stream, random.pick(APPROVE_OPINIONS), [], request(actor('reviewer', authority), `${key}:approve:${authority}`)));
  };

  // 1. Schools, created by their authorities (as organisations under them).
  const schools = planSchools(root.fork('schools'), options.schools, seed);
  phase('technical schools', schools.length);
  await runBounded(schools, concurrency, async (school) => {
    const creation = parseSchoolCreation({ code: school.code, divisionCode: school.divisionCode, info: school.info });
    await run(technicalSchools.create(school.id, school.authorityId, creation, request(actor('registrar', school.authorityId), `school:${school.index}:create`)));
    progress!.item();
  });
  phases.push(progress!.finish());
  await waitForReadModels(['organizations', 'technical-schools'], 'schools');

  // 2. The periods (where none is open today at a school's authorities) and this year's aid standards (where none is approved).
  const province = authorityId('520000');
  for (const authority of [...new Set(schools.map((s) => s.authorityId))]) {
    const school = schools.find((s) => s.authorityId === authority)!;
    const windows = await schoolWindows.windowsFor(school.id);
    for (const kind of SCHOOL_KINDS) {
      if (windowVerdict(kind, windows, today).open) continue;
      await run(schoolWindows.open(authority, { kind, from: addDays(today, -30), to: addDays(today, 90), note: `${year}学年` }, request(actor('registrar', authority), `window:${authority}:${kind}:${today}`)));
    }
  }
  const standards = {
    waiver: parseAidStandard({ kind: 'waiver', schoolYear: year, termFrom: `${year}-09-01`, termTo: `${year + 1}-07-15`, note: '', waiverAmounts: [{ classType: 'intermediate', amountFen: 240_000 }, { classType: 'advanced', amountFen: 280_000 }, { classType: 'technician', amountFen: 320_000 }], disbursementDates: [`${year}-11-30`] }),
    grant: parseAidStandard({ kind: 'grant', schoolYear: year, termFrom: `${year}-09-01`, termTo: `${year + 1}-07-15`, note: '', grantTiers: [{ tier: 'first', amountFen: 250_000 }, { tier: 'second', amountFen: 150_000 }], eligibleYears: [1, 2], disbursementDates: [`${year}-11-30`, `${year + 1}-05-31`] }),
  };
  for (const details of Object.values(standards)) {
    if (await aidStandards.approved(details.kind, year)) continue;
    const set = await run(aidStandards.set(province, details, request(actor('registrar', province), `aid-standard:${details.kind}:${year}`), { submit: true }));
    await run(reviews.approve(set.streamId, '同意', [], request(actor('reviewer', province), `aid-standard:${details.kind}:${year}:approve`)));
  }

  // The 学生资助资金 of this school year for each supervising authority (where none is allocated), which aid approvals reserve on:
  // enough for every student of its schools to have both a waiver and a first-tier grant.
  const weights = schools.reduce((sum, s) => sum + s.weight, 0);
  for (const authority of [...new Set(schools.map((s) => s.authorityId))]) {
    if (await platform.commands.funds.find(authority, 'student_aid', year)) continue;
    const students = schools.filter((s) => s.authorityId === authority).reduce((sum, s) => sum + Math.ceil((options.students * s.weight) / weights) + 1, 0);
    const allocated = await platform.commands.funds.allocate({ authorityId: authority, line: 'student_aid', year, amountFen: students * 600_000, basis: `黔财教〔${year}〕${10 + (schools.findIndex((s) => s.authorityId === authority) % 90)}号` }, request(actor('registrar', province), `fund:student_aid:${authority}:${year}`));
    if (allocated.position !== null && allocated.position > lastPosition) lastPosition = allocated.position;
  }

  // 3. Basic-information changes in every state, majors, teachers.
  const majorPlans = new Map<string, MajorPlan[]>(schools.map((s) => [s.id, planMajors(root.fork(`majors/${s.index}`), s, seed)]));
  phase('school records and majors', schools.length);
  await runBounded(schools, concurrency, async (school) => {
    const operator = actor('operator', school.id);
    const stream = `technical-school-${school.id}`;
    if (school.change) {
      await run(technicalSchools.proposeInfo(school.id, parseSchoolInfo(school.change), request(operator, `school:${school.index}:propose`), { submit: true }));
      const firstLevel = actor('reviewer', school.authorityId);
      if (school.outcome === 'change_applied') await approveAll(stream, school, `school:${school.index}`);
      if (school.outcome === 'change_returned') await run(reviews.return(stream, '联系电话与批准文件不一致，请核实后重新提交', [], request(firstLevel, `school:${school.index}:return`)));
      if (school.outcome === 'change_rejected') await run(reviews.reject(stream, '校长任免文件未附，不予变更', [], request(firstLevel, `school:${school.index}:reject`)));
    }
    bump(outcomes.schools, school.outcome);
    for (const major of majorPlans.get(school.id)!) {
      const key = `major:${major.id}`;
      await run(majors.declare(major.id, school.id, parseMajorDetails(major.details), request(operator, `${key}:declare`), { submit: true }));
      if (major.outcome === 'approved') await approveAll(`major-${major.id}`, school, key);
      if (major.outcome === 'returned') await run(reviews.return(`major-${major.id}`, RETURN_REASONS[0]!, [], request(actor('reviewer', school.authorityId), `${key}:return`)));
      bump(outcomes.majors, major.outcome);
    }
    progress!.item();
  });
  phases.push(progress!.finish());

  const taken = new Set<string>();
  const studentsPerSchool = options.students / Math.max(1, schools.reduce((s, x) => s + x.weight, 0));
  const teacherPlans = schools.flatMap((school) => {
    const random = root.fork(`teachers/${school.index}`);
    const count = Math.max(3, Math.round((studentsPerSchool * school.weight) / 30));
    return Array.from({ length: count }, (_, i) => planSchoolTeacher(random, i, school, majorPlans.get(school.id)!, taken, today));
  });
  phase('school teachers', teacherPlans.length);
  const teacherSchema = schoolTeacherInputSchema(today);
  await runBounded(teacherPlans, concurrency, async (plan) => {
    const input = parseInput(teacherSchema, plan.input);
    const operator = actor('operator', plan.school.id);
    const key = `school-teacher:${plan.school.index}:${plan.index}`;
    const added = await run(schoolTeachers.add(plan.school.id, input, request(operator, `${key}:add`)));
    if (plan.outcome === 'removed') await run(schoolTeachers.remove(added.streamId.slice('school-teacher-'.length), '调离本校', request(operator, `${key}:remove`)));
    bump(outcomes.teachers, plan.outcome);
    progress!.item();
  });
  phases.push(progress!.finish());

  // 4. Students, decided in memory and appended a batch of people at a time.
  if (options.students > 0) {
    await waitForReadModels(['organizations'], 'schools');
    const writer = studentWriter(platform, { now, today, year, actor, request, schools: majorPlans });
    const plans = planStudents(root.fork('students'), options.students, { schools, majors: majorPlans, today, taken });
    const batches = (function* () {
      const batch: StudentPlan[] = [];
      for (const plan of plans) {
        batch.push(plan);
        if (batch.length >= batchSize) yield batch.splice(0);
      }
      if (batch.length) yield batch;
    })();
    phase('students (decided in memory, a batch of people per append)', options.students);
    await runBounded(batches, Math.max(1, Math.min(concurrency, 6)), async (batch) => {
      const done = await writer.write(batch);
      progress!.add(done.commands, done.events);
      if (done.lastPosition !== null && done.lastPosition > lastPosition) lastPosition = done.lastPosition;
      for (const [key, n] of Object.entries(done.registrations)) bump(outcomes.registrations, key, n);
      for (const [key, n] of Object.entries(done.histories)) bump(outcomes.histories, key, n);
      for (const [key, n] of Object.entries(done.aid)) bump(outcomes.aid, key, n);
      outcomes.existing += done.existing;
      for (const one of done.written) if (sample.length < (options.sample ?? 0)) sample.push(one);
      for (let i = 0; i < batch.length; i++) progress!.item();
    });
    phases.push(progress!.finish());
  }
  return {
    phases,
    outcomes,
    schools: schools.map((s) => ({ id: s.id, name: s.name, code: s.code, authorityId: s.authorityId })),
    sample,
    lastPosition,
    seconds: (performance.now() - started) / 1000,
  };
}

interface WriterContext {
  now: string;
  today: string;
  year: number;
  actor: (duty: keyof typeof ROLES, orgId: string) => Actor;
  request: (who: Actor, key: string) => RequestContext;
  schools: ReadonlyMap<string, readonly MajorPlan[]>;
}

interface BatchOutcome {
  commands: number;
  events: number;
  lastPosition: bigint | null;
  registrations: Record<string, number>;
  histories: Record<string, number>;
  aid: Record<string, number>;
  existing: number;
  written: StudentSample[];
}

/** One stream's story: commands decided in order against the state they leave. */
class Story<C, E extends DomainEvent, S> {
  readonly events: ReturnType<typeof toNewEvent>[] = [];
  commands = 0;
  constructor(
    private readonly decider: Decider<C, E, S>,
    readonly streamId: string,
    private readonly now: string,
    public state: S,
  ) {}

  step(command: C, request: RequestContext, decider: Decider<C, E, S> = this.decider): E[] {
    const decided = decider.decide(command, this.state, { actor: request.actor, now: this.now });
    // The index is the event's place in its command's result, as the pipeline numbers it (the event ids derive from it).
    this.events.push(...decided.map((event, index) => toNewEvent(event, index, this.streamId, request, this.now)));
    this.state = decided.reduce(decider.evolve, this.state);
    this.commands++;
    return decided;
  }
}

function studentWriter(platform: Platform, ctx: WriterContext) {
  const { now, today, year, actor, request } = ctx;
  const directory = organizationDirectory(platform.knex);
  const { students, schoolWindows, majors, aidStandards, reviews } = platform.commands;
  const cached = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let found = map.get(key);
    if (!found) map.set(key, (found = load()));
    return found;
  };
  const submissions = new Map<string, Promise<Extract<ReviewCommand, { type: 'SubmitForReview' }>>>();
  const submission = (schoolId: string) => cached(submissions, schoolId, async () => ({ type: 'SubmitForReview' as const, authorities: await directory.reviewAuthoritiesFor(schoolId) }));
  const windowCache = new Map<string, ReturnType<typeof schoolWindows.windowsFor>>();
  const windows = (schoolId: string) => cached(windowCache, schoolId, () => schoolWindows.windowsFor(schoolId));
  const majorCache = new Map<string, Promise<MajorCheck>>();
  const major = (majorId: string, schoolId: string) => cached(majorCache, `${majorId}:${schoolId}`, () => majors.check(majorId, schoolId));
  const standardCache = new Map<string, ReturnType<typeof aidStandards.approved>>();
  const standard = (kind: 'waiver' | 'grant') => cached(standardCache, kind, () => aidStandards.approved(kind, year));
  const registrationSchema = registrationInputSchema(today);

  const protect = (input: RegistrationInput): StudentPerson => ({
    name: input.name,
    idNumber: platform.personalData.protect('idNumber', input.idNumber),
    ...idNumberFacts(input.idNumber),
    phone: input.phone ? platform.personalData.protect('phone', input.phone) : null,
    householdType: input.householdType,
    povertyRegistered: input.povertyRegistered,
    education: input.education,
    previousSchool: input.previousSchool,
    address: input.address,
  });

  /** Every level the record waits at approves it (each level's own authority). */
  function approveAll<C, E extends DomainEvent, S extends { status: string }>(story: Story<C, E, S>, reviewOf: (s: S) => Parameters<typeof currentLevel>[0] | undefined, key: string) {
    for (let guard = 0; guard < 5; guard++) {
      const review = reviewOf(story.state);
      const level = review && currentLevel(review);
      if (!review || review.status !== 'pending' || !level) return;
      const authority = review.authorities[level]!;
      story.step({ type: 'ApproveReview', opinion: '同意', attachments: [] } as C, request(actor('reviewer', authority), `${key}:approve:${level}`));
    }
  }
  const studentReview = (s: StudentState) => (s.status === 'none' ? undefined : s.review);
  const aidReview = (s: SchoolAidState) => (s.status === 'none' ? undefined : s.review);

  /** The student's whole story (and their aid), decided in memory; null when the plan meets a rule (it is then skipped). */
  async function decideStudent(plan: StudentPlan) {
    const input = parseInput(registrationSchema, plan.input);
    const studentId = await students.personIdFor(input.idNumber);
    const school = plan.school;
    const key = (step: string) => `student:${school.index}:${plan.index}:${step}`;
    const operator = actor('operator', school.id);
    const story = new Story(studentDecider, studentStreamId(studentId), now, studentDecider.initialState());
    const submitted = withSubmission(studentDecider, (await submission(school.id)) as StudentCommand);
    const register: StudentCommand = { type: 'RegisterStudent', studentId, person: protect(input), enrolment: { schoolId: school.id, majorId: input.majorId, classType: input.classType, studyMode: input.studyMode, cohortYear: input.cohortYear, enrolledOn: input.enrolledOn, studentNumber: input.studentNumber }, windows: await windows(school.id), major: await major(input.majorId, school.id) };
    story.step(register, request(operator, key('register')), submitted);
    const firstLevel = () => (story.state.status === 'none' ? school.authorityId : story.state.review.status === 'pending' ? story.state.review.authorities[currentLevel(story.state.review)!]! : school.authorityId);
    if (plan.registration === 'returned') story.step({ type: 'ReturnReview', reason: '入学日期与录取名册不一致，请核对', attachments: [] }, request(actor('reviewer', firstLevel()), key('return')));
    if (plan.registration === 'rejected') story.step({ type: 'RejectReview', reason: '经核查不符合入学条件', attachments: [] }, request(actor('reviewer', firstLevel()), key('reject')));
    if (plan.registration === 'approved') approveAll(story, studentReview, key('registration'));

    const change = async (at: SchoolPlan, kind: ChangeInput['kind'], effectiveOn: string, reason: string, extra: Record<string, unknown> = {}, approve = true) => {
      const changeInput = parseChangeInput({ kind, effectiveOn, reason, ...extra });
      const req = request(actor('operator', at.id), key(`change:${kind}`));
      const applied: StudentChange = { ...changeInput, changeId: req.commandId, schoolId: at.id };
      const majorId = 'majorId' in changeInput ? changeInput.majorId : undefined;
      const command: StudentCommand = {
        type: 'RequestStudentChange',
        change: applied,
        ...(majorId ? { major: await major(majorId, at.id) } : {}),
        ...(changeInput.kind === 'transfer_out' ? { targetSchool: { schoolId: changeInput.toSchoolId, exists: true } } : {}),
      };
      story.step(command, req, withSubmission(studentDecider, (await submission(at.id)) as StudentCommand));
      if (approve) approveAll(story, studentReview, key(`change:${kind}`));
    };
    const [first, second] = [plan.dates[0]!, plan.dates[1] ?? plan.dates[0]!];
    switch (plan.history) {
      case 'suspended':
        await change(school, 'suspend', first, '因病休学一学期');
        break;
      case 'resumed':
        await change(school, 'suspend', first, '家庭原因申请休学');
        await change(school, 'resume', second, '休学期满，申请复学');
        break;
      case 'withdrawn':
        await change(school, 'withdraw', first, '个人原因申请退学');
        break;
      case 'cancelled':
        await change(school, 'cancel', first, '长期未到校，按规定注销学籍');
        break;
      case 'transferred':
      case 'transfer_waiting':
        await change(school, 'transfer_out', first, '随家庭迁居，申请转学', { toSchoolId: plan.otherSchool!.id });
        if (plan.history === 'transferred') await change(plan.otherSchool!, 'transfer_in', second, '同意接收转学学生', { majorId: plan.otherMajor!.id, classType: plan.otherMajor!.details.classTypes[0] });
        break;
      case 'major_changed':
        await change(school, 'change_major', first, '本人申请，经学校考核同意转专业', { majorId: plan.otherMajor!.id, classType: plan.otherMajor!.details.classTypes.includes(input.classType) ? input.classType : plan.otherMajor!.details.classTypes[0] });
        break;
      case 'year_repeated':
        await change(school, 'repeat_year', first, '学业成绩未达要求，留级一年', { cohortYear: plan.cohortYear + 1 });
        break;
      case 'graduated':
        await change(school, 'graduate', first, '修完全部课程，考核合格');
        break;
      case 'completed':
        await change(school, 'complete', first, '修完全部课程，部分课程考核未通过，准予结业');
        break;
      case 'change_pending':
        await change(school, 'suspend', first, '因病申请休学', {}, false);
        break;
      case 'none':
        break;
    }

    // This school year's aid, applied by the school and submitted; nine in ten to be approved (through the commands, after the append), the rest waiting.
    const aidStories: Story<SchoolAidCommand, DomainEvent, SchoolAidState>[] = [];
    const approvals: { streamId: string; kind: string; levels: { authority: string; level: string }[]; key: string }[] = [];
    const result = { aid: {} as Record<string, number> };
    const apply = async (kind: 'waiver' | 'grant', extra: Record<string, unknown>) => {
      if (story.state.status !== 'enrolled') return;
      const applicationId = schoolAidId(studentId, kind, year);
      const aid = new Story(schoolAidDecider as Decider<SchoolAidCommand, DomainEvent, SchoolAidState>, schoolAidStreamId(applicationId), now, schoolAidDecider.initialState());
      const facts = { windows: await windows(school.id), standard: await standard(kind), student: { studentId, name: story.state.person.name, povertyRegistered: story.state.person.povertyRegistered, segments: story.state.segments, revision: story.events.length - 1 } };
      const command: SchoolAidCommand = { type: 'ApplySchoolAid', applicationId, schoolId: school.id, input: parseAidApplication({ studentId, kind, schoolYear: year, ...extra }), facts };
      try {
        aid.step(command, request(operator, key(`aid:${kind}`)), withSubmission(schoolAidDecider, (await submission(school.id)) as SchoolAidCommand) as Decider<SchoolAidCommand, DomainEvent, SchoolAidState>);
      } catch (error) {
        if (error instanceof DomainError) return void (result.aid[`${kind}_refused`] = (result.aid[`${kind}_refused`] ?? 0) + 1);
        throw error;
      }
      const review = aidReview(aid.state);
      if (review?.status === 'pending' && new Random(`${plan.index}:${kind}`).chance(0.9)) {
        approvals.push({ streamId: aid.streamId, kind, levels: review.levels.slice(review.levelIndex).map((level) => ({ level, authority: review.authorities[level]! })), key: key(`aid:${kind}`) });
      } else result.aid[`${kind}_pending`] = (result.aid[`${kind}_pending`] ?? 0) + 1;
      aidStories.push(aid);
    };
    if (plan.waiver) await apply('waiver', {});
    if (plan.grant) await apply('grant', { tier: plan.grant.tier, basis: plan.grant.basis, note: plan.grant.basis === 'hardship' ? '家庭收入低于当地最低生活标准，经班主任家访和学校资助评议认定' : '' });
    const written: StudentSample = { idNumber: input.idNumber, studentId, schoolId: school.id, registration: plan.registration, history: plan.history };
    return { plan, written, stories: [story, ...aidStories] as Story<unknown, DomainEvent, unknown>[], aid: result.aid, approvals };
  }

  const appendsOf = (stories: readonly Story<unknown, DomainEvent, unknown>[]): StreamAppend[] => stories.map((s) => ({ streamId: s.streamId, events: s.events, expectedRevision: 'no_stream' as const }));

  return {
    async write(batch: readonly StudentPlan[]): Promise<BatchOutcome> {
      const outcome: BatchOutcome = { commands: 0, events: 0, lastPosition: null, registrations: {}, histories: {}, aid: {}, existing: 0, written: [] };
      // Each person's story is their own: decided side by side (the look-ups overlap), appended together.
      const decided = await Promise.all(batch.map(decideStudent));
      /** The aid approvals of a person now written, one level after another, through the commands (the fund reservation with them). */
      const approve = async (one: (typeof decided)[number]) => {
        for (const a of one.approvals) {
          let refused = false;
          for (const { level, authority } of a.levels) {
            try {
              const done = await reviews.approve(a.streamId, '同意', [], request(actor('reviewer', authority), `${a.key}:approve:${level}`));
              outcome.commands++;
              if (!done.repeated) outcome.events += done.events.length;
              if (done.position !== null && (outcome.lastPosition === null || done.position > outcome.lastPosition)) outcome.lastPosition = done.position;
            } catch (error) {
              // A fund that cannot cover the plan refuses the approval: the application stays waiting, as it would for a reviewer.
              if (!(error instanceof DomainError)) throw error;
              refused = true;
              break;
            }
          }
          bump(outcome.aid, `${a.kind}_${refused ? 'approval_refused' : 'approved'}`);
        }
      };
      const count = (one: (typeof decided)[number]) => {
        bump(outcome.registrations, one.plan.registration);
        if (one.plan.registration === 'approved') bump(outcome.histories, one.plan.history);
        for (const [k, n] of Object.entries(one.aid)) bump(outcome.aid, k, n);
        outcome.written.push(one.written);
        for (const s of one.stories) {
          outcome.commands += s.commands;
          outcome.events += s.events.length;
        }
      };
      try {
        const results = await platform.store.appendToStreams(decided.flatMap((one) => appendsOf(one.stories)));
        for (const r of results) if (outcome.lastPosition === null || r.lastPosition > outcome.lastPosition) outcome.lastPosition = r.lastPosition;
        decided.forEach(count);
        for (const one of decided) await approve(one);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Some people exist already (a repeated run): append the others one person at a time.
        for (const one of decided) {
          try {
            const results = await platform.store.appendToStreams(appendsOf(one.stories));
            for (const r of results) if (outcome.lastPosition === null || r.lastPosition > outcome.lastPosition) outcome.lastPosition = r.lastPosition;
            count(one);
            await approve(one);
          } catch (inner) {
            if (!(inner instanceof WrongExpectedRevisionError)) throw inner;
            outcome.existing++;
          }
        }
      }
      return outcome;
    },
  };
}
