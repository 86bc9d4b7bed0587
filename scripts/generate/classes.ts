// Training classes for the generated province (issue 12), through the command pipeline as people
// would run them: each institution publishes an occupation, certifies its approved teachers, and
// runs its classes one week after another (so a person is never booked twice at once): the weeks
// behind today hold completed classes (with attendance by roll call, assessments, completion and
// certificates; follow-ups where due), some cancelled, rejected or suspended; the current week
// holds classes in progress; the weeks ahead classes approved, declared (under review) or drafts.
// Commands of past days run with their day given (the request's `now`), never later than now.
//
// Deterministic like the rest of the generator: command ids derive from the seed and the class's
// index, so a run repeated after an interruption appends nothing twice.
import { performance } from 'node:perf_hooks';
import type { Platform } from '../../api/platform';
import type { CommandResult } from '../../commands/pipeline/handle-command';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { shiftDays } from '../../domain/calendar/working-days';
import { authorityId } from '../../domain/organization/guizhou-divisions';
import { chinaDate } from '../../domain/personal-data/normalize';
import { DomainError, RuleViolationError } from '../../domain/shared/errors';
import { parseClassDetails, parseDeclaration, type EntrepreneurshipSubKind, type TrainingKind } from '../../domain/training-class/class-details';
import { chinaInstant, parseTimetable } from '../../domain/training-class/timetable';
import { teacherEngagementsTable, teachersTable } from '../../projections/teacher/teachers-table';
import { traineeListTable } from '../../projections/trainee/trainees-table';
import { APPROVE_OPINIONS, OCCUPATIONS } from './catalogue';
import { Progress, runBounded, type PhaseFigures } from './progress';
import { Random, Weighted } from './random';
import { generatedId } from './records';
import type { ActorDuty } from './province';

export interface ClassOptions {
  classes: number;
  /** Trainees per class (fewer where the institution has fewer). */
  classSize?: number;
  /** Days of each class (two sessions a day). */
  days?: number;
  seed: string;
  concurrency?: number;
  institutions: readonly { id: string; name: string; countyCode: string }[];
  actorFor?: (duty: ActorDuty, orgId: string) => string | undefined;
  /** Institutions given this many classes each first (the demo's own schools), with every outcome among them. */
  focus?: { institutionIds: readonly string[]; classes: number };
  log?: (line: string) => void;
  progressIntervalMs?: number;
}

export type ClassOutcome = 'draft' | 'declared' | 'approved' | 'cancelled' | 'rejected' | 'in_progress' | 'suspended' | 'completed';

interface Pool {
  institution: { id: string; name: string; countyCode: string };
  teachers: string[];
  trainees: string[];
  occupation: { code: string; name: string; level: '4' | '5' };
}

const KINDS = new Weighted<readonly [TrainingKind, EntrepreneurshipSubKind | null]>([
  [['employment', null], 55],
  [['upskilling', null], 15],
  [['entrepreneurship', 'syb'], 8],
  [['entrepreneurship', 'gyb'], 4],
  [['entrepreneurship', 'online'], 3],
  [['apprenticeship', null], 8],
  [['work_for_training', null], 7],
] as const);
const PAST = new Weighted<ClassOutcome>([
  ['completed', 84],
  ['cancelled', 6],
  ['rejected', 4],
  ['suspended', 6],
] as const);
const AHEAD = new Weighted<ClassOutcome>([
  ['approved', 40],
  ['declared', 35],
  ['draft', 25],
] as const);
const FOCUS_PAST: readonly ClassOutcome[] = ['completed', 'completed', 'cancelled', 'completed', 'rejected', 'suspended'];
const FOCUS_AHEAD: readonly ClassOutcome[] = ['approved', 'approved', 'declared', 'draft'];
const ROLES: Record<ActorDuty, string> = { registrar: 'authority_operator', reviewer: 'reviewer', operator: 'institution_operator' };


export async function generateClasses(platform: Platform, options: ClassOptions): Promise<{ phases: PhaseFigures[]; outcomes: Record<string, number>; lastPosition: bigint }> {
  const { seed, log } = options;
  const size = options.classSize ?? 40;
  const days = options.days ?? 5;
  const concurrency = options.concurrency ?? 8;
  const { commands, knex } = platform;
  const now = new Date();
  const today = chinaDate(now.toISOString());
  let lastPosition = 0n;
  let progress: Progress | undefined;
  const outcomes: Record<string, number> = {};
  const phases: PhaseFigures[] = [];

  const actor = (duty: ActorDuty, orgId: string) => ({ id: options.actorFor?.(duty, orgId) ?? generatedId(seed, `actor:${duty}:${orgId}`), role: ROLES[duty], orgId });
  /** A request at a moment (never later than now: nothing is recorded ahead of the clock). */
  const at = (who: RequestContext['actor'], key: string, when?: string): RequestContext => {
    const commandId = generatedId(seed, `command:${key}`);
    const moment = when && Date.parse(when) < now.getTime() ? new Date(when) : now;
    return { actor: who, commandId, correlationId: commandId, ip: null, now: moment };
  };
  const run = async <S>(command: Promise<CommandResult<S>>) => {
    const result = await command;
    progress?.command(result.repeated ? 0 : result.events.length);
    if (result.position !== null && result.position > lastPosition) lastPosition = result.position;
    return result;
  };

  // 1. Each institution's pool: its approved teachers (certified here where not yet) and approved trainees, and a published occupation.
  const pools: Pool[] = [];
  progress = new Progress('class pools (occupations, teacher certification)', options.institutions.length, log, () => '', options.progressIntervalMs);
  await runBounded(options.institutions, concurrency, async (institution) => {
    const key = (step: string) => `class-pool:${institution.id}:${step}`;
    const county = actor('reviewer', authorityId(institution.countyCode));
    const teacherIds = (await teacherEngagementsTable(knex).where({ institution_id: institution.id, status: 'approved' }).select('teacher_id')).map((r) => r.teacher_id);
    const teacherRows = teacherIds.length ? await teachersTable(knex).whereIn('id', teacherIds).where({ revoked: false }).select('id', 'qualified') : [];
    const trainees = (await traineeListTable(knex).where({ org_id: institution.id, direct: true, review_status: 'approved' }).orderBy('trainee_id').select('trainee_id')).map((r) => r.trainee_id);
    progress!.item();
    if (teacherRows.length < 2 || trainees.length < 2) return;
    for (const t of teacherRows.filter((r) => !r.qualified)) await run(commands.teachers.certify(t.id, `GZSZ-${t.id.slice(0, 8).toUpperCase()}`, today, at(county, key(`certify:${t.id}`))));
    const pick = new Random(`${seed}/pool/${institution.id}`);
    const occupation = { ...pick.pick(OCCUPATIONS.filter((o) => o.code !== '2-02-10-07')), level: pick.pick(['4', '5'] as const) };
    const occupationId = generatedId(seed, `class-occupation:${institution.id}`);
    const operator = actor('operator', institution.id);
    await run(commands.occupations.declare(occupationId, institution.id, { ...occupation, hours: days * 8, scope: `${occupation.name}培训` }, at(operator, key('occupation')), { submit: true }));
    await run(commands.reviews.approve(`occupation-${occupationId}`, pick.pick(APPROVE_OPINIONS), [], at(county, key('occupation-county'))));
    const city = actor('reviewer', authorityId(`${institution.countyCode.slice(0, 4)}00`));
    await run(commands.reviews.approve(`occupation-${occupationId}`, pick.pick(APPROVE_OPINIONS), [], at(city, key('occupation-city'))));
    pools.push({ institution, teachers: teacherRows.map((r) => r.id).sort(), trainees, occupation });
  });
  phases.push(progress.finish());
  if (pools.length === 0) {
    log?.('no institution has two approved teachers and two approved trainees: no classes generated');
    return { phases, outcomes, lastPosition };
  }
  pools.sort((a, b) => a.institution.id.localeCompare(b.institution.id));
  if (!(await platform.runner.waitFor(lastPosition, undefined, 30 * 60_000))) throw new Error('read models did not catch up with the occupations');

  // 2. The plan: classes spread over the pools (the focus institutions' first); each institution's classes one week after another.
  const perPool = new Map<Pool, number>();
  const focused = new Set(options.focus?.institutionIds ?? []);
  const place = (pool: Pool, index: number) => {
    const slot = perPool.get(pool) ?? 0;
    perPool.set(pool, slot + 1);
    return { index, pool, slot, focus: focused.has(pool.institution.id) };
  };
  const focusPools = pools.filter((p) => focused.has(p.institution.id));
  const plans = [
    ...focusPools.flatMap((pool, f) => Array.from({ length: options.focus?.classes ?? 0 }, (_, i) => place(pool, f * (options.focus?.classes ?? 0) + i))),
  ];
  const others = pools.filter((p) => !focused.has(p.institution.id));
  for (let i = 0; plans.length < options.classes && others.length > 0; i++) plans.push(place(others[i % others.length]!, plans.length));

  progress = new Progress('training classes', plans.length, log, () => '', options.progressIntervalMs);
  let refusals = 0;
  await runBounded(plans, concurrency, async (plan) => {
    let outcome: ClassOutcome | 'refused';
    try {
      outcome = await createClass(plan, perPool.get(plan.pool)!);
    } catch (error) {
      // A rule refused a step (a teacher engaged by two institutions busy in the other's class that week):
      // the class stays where it stopped, as in real life.
      if (!(error instanceof DomainError)) throw error;
      if (++refusals <= 5) log?.(`class ${plan.index}: ${error.message}`);
      outcome = 'refused';
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    progress!.item();
  });
  phases.push(progress.finish());
  return { phases, outcomes, lastPosition };

  async function createClass(plan: { index: number; pool: Pool; slot: number; focus: boolean }, slots: number): Promise<ClassOutcome> {
    const { pool, index, slot } = plan;
    const r = new Random(`${seed}/class/${index}`);
    // Three in five of an institution's classes are behind today, three weeks apart (a year of history at
    // province scale); the class `behind` began yesterday (in progress whatever the weekday); the rest a week apart ahead.
    const behind = Math.round(slots * 0.6);
    const start = shiftDays(today, slot < behind ? -1 - 21 * (behind - slot) : -1 + 7 * (slot - behind));
    const end = shiftDays(start, days - 1);
    // A focus institution shows every outcome: past and future weeks take them in turn.
    const past = plan.focus ? FOCUS_PAST[slot % FOCUS_PAST.length]! : PAST.draw(r);
    const ahead = plan.focus ? FOCUS_AHEAD[(slot - behind) % FOCUS_AHEAD.length]! : AHEAD.draw(r);
    const outcome: ClassOutcome = end < shiftDays(today, -2) ? past : start <= today ? 'in_progress' : start < shiftDays(today, 14) && !plan.focus ? 'approved' : ahead;
    const [kind, subKind] = KINDS.draw(r);
    const key = (step: string) => `class:${index}:${step}`;
    const institutionId = pool.institution.id;
    const operator = actor('operator', institutionId);
    const county = actor('reviewer', authorityId(pool.institution.countyCode));
    const opened = (date: string, time: string) => chinaInstant(date, time);
    const registeredAt = opened(shiftDays(start, -21), '09:00');

    const details = parseClassDetails(
      {
        name: `${pool.institution.name.replace(/(职业技能培训学校|培训中心|职业培训学校)$/, '')}${kind === 'entrepreneurship' ? `${subKind!.toUpperCase()}创业` : pool.occupation.name}培训班（第${slot + 1}期）`,
        kind,
        subKind,
        occupation: kind === 'entrepreneurship' ? null : pool.occupation,
        plannedStart: start,
        plannedEnd: end,
        minSize: 2,
        maxSize: Math.max(size, 2),
        venue: { address: `${pool.institution.name}实训楼`, countyCode: pool.institution.countyCode, latitude: 26.2 + r.next(), longitude: 106.2 + r.next() },
        fundingSource: r.chance(0.9) ? 'subsidised' : 'self_paid',
      },
      chinaDate(new Date(Math.min(Date.parse(registeredAt), now.getTime())).toISOString()),
    );
    const classId = generatedId(seed, `class-id:${index}`);
    const classes = commands.trainingClasses;
    await run(classes.register(institutionId, details, at(operator, key('register'), registeredAt), { classId }));
    const [morning, afternoon] = [pool.teachers[slot % pool.teachers.length]!, pool.teachers[(slot + 1) % pool.teachers.length]!];
    const sessions = parseTimetable(
      Array.from({ length: days }, (_, d) => shiftDays(start, d)).flatMap((date) => [
        { date, start: '09:00', end: '12:00', subject: '理论知识', mode: 'theory', teacherId: morning, venue: '理论教室' },
        { date, start: '14:00', end: '17:00', subject: '技能实训', mode: 'practice', teacherId: afternoon, venue: '实训室' },
      ]),
    );
    await run(classes.setTimetable(classId, sessions, at(operator, key('timetable'), registeredAt)));
    await run(classes.assignTeachers(classId, [...new Set([morning, afternoon])], at(operator, key('teachers'), registeredAt)));
    // The same people come back in later weeks (a week apart, never overlapping); a second subsidised training of the same subject is self-paid.
    const from = (slot * size) % pool.trainees.length;
    const people = [...pool.trainees.slice(from, from + size), ...pool.trainees.slice(0, Math.max(0, from + size - pool.trainees.length))].slice(0, size);
    const signedOn = chinaDate(new Date(Math.min(Date.parse(registeredAt), now.getTime())).toISOString());
    const enrol = (ids: string[], step: string) => classes.enrol(classId, ids.map((personId) => ({ personId, commitmentSigned: true, commitmentSignedOn: signedOn })), at(operator, key(step), registeredAt));
    try {
      await run(enrol(people, 'enrol'));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // One person refused (busy in another institution's class, no longer effective): the others one by one.
      for (const person of people) await run(enrol([person], `enrol:${person}`)).catch((e: unknown) => (e instanceof DomainError ? undefined : Promise.reject(e)));
    }
    if (outcome === 'draft') return outcome;

    const hours = Math.floor((days * 360) / 45);
    const declaration = parseDeclaration({
      teachingPlan: { totalHours: hours, theoryPercent: 50, practicePercent: 50, outline: '理论知识与技能实训' },
      assessmentPlan: { mode: 'written_practical', passScore: 60, plannedDate: end, organiser: '职业技能鉴定所', description: '' },
      resources: ['统编教材', '实训设备'],
      commitment: true,
    });
    try {
      // The roster fills when the class is registered and the declaration follows two days later; one
      // class in ten is declared within hours of its enrolments, which the capture module's detector
      // flags (申报前短时间内集中报名), so the supervisors' queue holds a believable few, not every class.
      const declaredAt = index % 10 === 7 ? opened(shiftDays(start, -21), '15:00') : opened(shiftDays(start, -19), '09:00');
      await run(classes.declare(classId, declaration, '', at(operator, key('declare'), declaredAt)));
    } catch (error) {
      if (error instanceof RuleViolationError) return 'draft';
      throw error;
    }
    if (outcome === 'declared') return outcome;
    const stream = `training-class-${classId}`;
    const reviewedAt = opened(shiftDays(start, -18), '10:00');
    if (outcome === 'rejected') {
      await run(commands.reviews.reject(stream, '培训场地与申报不符', [], at(county, key('reject'), reviewedAt)));
      return outcome;
    }
    await run(commands.reviews.approve(stream, r.pick(APPROVE_OPINIONS), [], at(county, key('open'), reviewedAt)));
    if (outcome === 'cancelled') {
      await run(classes.cancel(classId, '报名人数不足，取消开班', at(operator, key('cancel'), opened(shiftDays(start, -3), '09:00'))));
      return outcome;
    }
    if (outcome === 'approved') return outcome;
    await run(classes.start(classId, at(operator, key('start'), opened(start, '08:30'))));
    if (outcome === 'suspended') {
      await run(classes.suspend(classId, '检查发现实训设备不足，暂停培训待整改', at(county, key('suspend'), opened(start, '15:00'))));
      return outcome;
    }
    const state = await classes.runner.existing(classId);
    const roster = state.roster.filter((e) => !e.withdrawal).map((e) => e.participant.personId);
    // One in ten misses every afternoon: no completion for them.
    const truant = new Set(roster.filter(() => r.chance(0.1)));
    for (const s of sessions) {
      if (Date.parse(s.endsAt) > now.getTime()) break;
      const absent = s.start === '14:00' ? roster.filter((p) => truant.has(p)) : [];
      await run(classes.markRollCall(classId, { sessionId: s.sessionId, present: roster.filter((p) => !absent.includes(p)), absent, reason: '课堂点名' }, at(operator, key(`roll:${s.sessionId}`), new Date(Date.parse(s.endsAt) + 600_000).toISOString())));
    }
    if (outcome === 'in_progress') return outcome;
    const after = opened(end, '18:00');
    const results = roster.map((participantId) => {
      const written = Math.round(r.normal(78, 10, 40, 99));
      const practical = Math.round(r.normal(80, 10, 40, 99));
      return { participantId, writtenScore: written, practicalScore: practical, certificateNo: null, passed: written >= 60 && practical >= 60 };
    });
    await run(classes.recordAssessments(classId, results, at(operator, key('assess'), after)));
    await run(classes.requestCompletion(classId, '', at(operator, key('complete'), after)));
    const completedAt = opened(shiftDays(end, 2), '10:00');
    await run(commands.reviews.approve(stream, '同意结业', [], at(county, key('approve-completion'), completedAt)));
    // Follow-ups at 3 months where due (employment-oriented kinds): most recorded, some left overdue.
    const done = await classes.runner.existing(classId);
    if (done.status === 'completed' && done.completion.request.followUp.months.includes(3) && shiftDays(done.completion.completedOn, 95) <= today) {
      for (const c of done.completion.certificates) {
        if (!r.chance(0.7)) continue;
        const status = r.pick(['employed', 'employed', 'self_employed', 'unemployed'] as const);
        const followUp = { participantId: c.participantId, milestone: 3, status, employer: status === 'employed' ? '贵州某公司' : '', occupation: status === 'unemployed' ? '' : pool.occupation.name, payBand: status === 'unemployed' ? null : 'from_3000', contactedOn: shiftDays(done.completion.completedOn, 93), note: '' };
        await run(classes.recordFollowUp(classId, followUp, [], at(operator, key(`follow-up:${c.participantId}`), opened(shiftDays(done.completion.completedOn, 95), '10:00'))));
      }
    }
    return outcome;
  }
}

/** The generator's classes phase on its own clock, for the CLI's summary. */
export const timed = async <T>(work: () => Promise<T>) => {
  const t0 = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - t0) / 1000 };
};
