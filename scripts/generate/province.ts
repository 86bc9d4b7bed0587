// Generates a realistic province through the command pipeline, exactly as people would create it:
// institutions registered by their county, submitted, approved by another person of the county and
// by the prefecture; teachers declared by effective institutions and reviewed by the county (some
// certified, some put into a county, city or provincial pool); trainees entered, submitted and
// reviewed, a few entered by a second institution as well (the duplicate-entry path). Some records
// are left as drafts, pending or returned, as in real life. Every record has its events.
//
// Deterministic: the same seed and sizes give the same records and the same command ids, so a run
// repeated after an interruption appends nothing twice (the pipeline returns a command's first
// result). Person records are keyed on the ID number's blind index, so that holds across processes
// only when the PII keys are configured (with the development default, ephemeral keys, a restarted
// run would enter the remaining people under new ids).
import { performance } from 'node:perf_hooks';
import type { Platform } from '../../api/platform';
import type { CommandResult } from '../../commands/pipeline/handle-command';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { institutionInputSchema } from '../../domain/institution/institution-details';
import { authorityId } from '../../domain/organization/guizhou-divisions';
import { chinaDate } from '../../domain/personal-data/normalize';
import { parseInput } from '../../domain/shared/validation';
import { teacherInputSchema } from '../../domain/teacher/teacher-input';
import { traineeInputSchema } from '../../domain/trainee/trainee-input';
import { APPROVE_OPINIONS, REJECT_REASONS, RETURN_REASONS } from './catalogue';
import { Progress, formatDuration, runBounded, type PhaseFigures } from './progress';
import { Random } from './random';
import { eventsTraineeWriter, pipelineTraineeWriter, type TraineeMode, type TraineeStep } from './trainee-steps';
import { generatedId, planInstitutions, planTeachers, planTrainees, type FixedInstitution, type InstitutionPlan, type TeacherPlan, type TraineePlan } from './records';

export type ActorDuty = 'registrar' | 'reviewer' | 'operator';

export interface ProvinceOptions {
  institutions: number;
  teachers: number;
  trainees: number;
  /** Same seed, same province. */
  seed?: string;
  /** Records in flight at once (each record's own commands run in order). */
  concurrency?: number;
  /** Institutions the caller names itself (kept effective): the demo's own schools. */
  fixedInstitutions?: readonly FixedInstitution[];
  /** A real user to act for a duty at an organisation; otherwise a fabricated actor id is used. */
  actorFor?: (duty: ActorDuty, orgId: string) => string | undefined;
  /** Progress lines; nothing printed when absent. */
  log?: (line: string) => void;
  progressIntervalMs?: number;
  /** How trainees are written: the command pipeline (default), or decided in memory and appended per person (see trainee-steps.ts). */
  traineeMode?: TraineeMode;
  /** Longest wait for the read models between phases. */
  projectionTimeoutMs?: number;
}

export interface ProvinceSummary {
  seed: string;
  phases: PhaseFigures[];
  outcomes: { institutions: Record<string, number>; teachers: Record<string, number>; trainees: Record<string, number>; duplicateEntries: number; secondEngagements: number };
  /** Institutions that became effective (what trainees and teachers are spread over). */
  activeInstitutions: { id: string; name: string; countyCode: string }[];
  lastPosition: bigint;
  seconds: number;
}

export const DEFAULT_SEED = 'guizhou-province-v1';
const ROLES: Record<ActorDuty, string> = { registrar: 'authority_operator', reviewer: 'reviewer', operator: 'institution_operator' };

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

export async function generateProvince(platform: Platform, options: ProvinceOptions): Promise<ProvinceSummary> {
  const seed = options.seed ?? DEFAULT_SEED;
  const concurrency = options.concurrency ?? 12;
  const log = options.log;
  const timeout = options.projectionTimeoutMs ?? 30 * 60_000;
  const today = chinaDate(new Date().toISOString());
  // The API's own input schemas, built once: every generated record passes the validation a user's would.
  const schemas = { institution: institutionInputSchema(today), teacher: teacherInputSchema(today), trainee: traineeInputSchema(today) };
  const root = new Random(seed);
  const { institutions, reviews, teachers } = platform.commands;
  const started = performance.now();
  let lastPosition = 0n;

  const actor = (duty: ActorDuty, orgId: string) => ({ id: options.actorFor?.(duty, orgId) ?? generatedId(seed, `actor:${duty}:${orgId}`), role: ROLES[duty], orgId });
  const request = (who: RequestContext['actor'], key: string): RequestContext => {
    const commandId = generatedId(seed, `command:${key}`);
    return { actor: who, commandId, correlationId: commandId, ip: null };
  };
  let progress: Progress | undefined;
  const run = async <S>(command: Promise<CommandResult<S>>): Promise<CommandResult<S>> => {
    const result = await command;
    progress?.command(result.repeated ? 0 : result.events.length);
    if (result.position !== null && result.position > lastPosition) lastPosition = result.position;
    return result;
  };

  // Projection lag, sampled in the background for the progress line (Postgres event store only).
  let lag = '';
  const sampleLag = async () => {
    if (platform.eventStoreKind !== 'postgres') return;
    const positions = platform.runner.status().map((s) => s.position);
    if (positions.length === 0) return;
    const slowest = positions.reduce((a, b) => (a < b ? a : b));
    const row = await platform.knex('events').where('position', '>', slowest.toString()).count<{ n: string }[]>({ n: '*' }).first();
    lag = `  projections ${Number(row?.n ?? 0).toLocaleString('en-US')} events behind`;
  };
  const lagTimer = log ? setInterval(() => void sampleLag().catch(() => undefined), options.progressIntervalMs ?? 5000) : undefined;
  lagTimer?.unref();
  const phase = (name: string, total: number) => (progress = new Progress(name, total, log, () => lag, options.progressIntervalMs));

  const waitForReadModels = async (names: string[] | undefined, what: string) => {
    const t0 = performance.now();
    if (!(await platform.runner.waitFor(lastPosition, names, timeout))) throw new Error(`read models did not catch up with the ${what} within ${formatDuration(timeout / 1000)}`);
    log?.(`read models have the ${what} (${formatDuration((performance.now() - t0) / 1000)})`);
  };

  const outcomes: ProvinceSummary['outcomes'] = { institutions: {}, teachers: {}, trainees: {}, duplicateEntries: 0, secondEngagements: 0 };
  const phases: PhaseFigures[] = [];
  try {
    // 1. Institutions: registered by the county, reviewed by the county and the prefecture.
    const institutionPlans = planInstitutions(root.fork('institutions'), options.institutions, today, seed, options.fixedInstitutions);
    phase('institutions', institutionPlans.length);
    await runBounded(institutionPlans, concurrency, async (p) => {
      await createInstitution(p);
      bump(outcomes.institutions, p.outcome);
      progress!.item();
    });
    phases.push(progress!.finish());
    await waitForReadModels(['organizations', 'institutions'], 'institutions');

    const active = institutionPlans.filter((p) => p.outcome === 'active');
    const taken = new Set<string>();

    // 2. Teachers.
    if (options.teachers > 0) {
      phase('teachers', options.teachers);
      await runBounded(planTeachers(root.fork('teachers'), options.teachers, active, taken, today), concurrency, async (p) => {
        await createTeacher(p);
        bump(outcomes.teachers, p.outcome);
        if (p.second) outcomes.secondEngagements++;
        progress!.item();
      });
      phases.push(progress!.finish());
    }

    // 3. Trainees.
    if (options.trainees > 0) {
      const mode = options.traineeMode ?? 'pipeline';
      const write = mode === 'events' ? eventsTraineeWriter(platform, request) : pipelineTraineeWriter(platform, request);
      phase(mode === 'events' ? 'trainees (decided in memory, one append per person)' : 'trainees', options.trainees);
      await runBounded(planTrainees(root.fork('trainees'), options.trainees, active, taken), concurrency, async (p) => {
        const done = await write(parseInput(schemas.trainee, p.input), traineeSteps(p));
        progress!.add(done.commands, done.events);
        if (done.lastPosition !== null && done.lastPosition > lastPosition) lastPosition = done.lastPosition;
        bump(outcomes.trainees, p.outcome);
        if (p.second) outcomes.duplicateEntries++;
        progress!.item();
      });
      phases.push(progress!.finish());
    }
    return {
      seed,
      phases,
      outcomes,
      activeInstitutions: active.map((p) => ({ id: p.id, name: p.name, countyCode: p.county.code })),
      lastPosition,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (lagTimer) clearInterval(lagTimer);
  }

  async function createInstitution(p: InstitutionPlan) {
    const county = authorityId(p.county.code);
    const registrar = actor('registrar', county);
    const countyReviewer = actor('reviewer', county);
    const cityReviewer = actor('reviewer', authorityId(p.county.prefectureCode));
    const stream = `institution-${p.id}`;
    const key = (step: string) => `institution:${p.id}:${step}`;
    const random = new Random(`${seed}/institution/${p.index}`);
    await run(institutions.register(p.id, parseInput(schemas.institution, p.input), [], request(registrar, key('register'))));
    if (p.outcome === 'draft') return;
    await run(reviews.submit(stream, '', request(registrar, key('submit'))));
    if (p.outcome === 'pending_county') return;
    if (p.outcome === 'returned') return void (await run(reviews.return(stream, random.pick(RETURN_REASONS), [], request(countyReviewer, key('return')))));
    if (p.outcome === 'rejected') return void (await run(reviews.reject(stream, random.pick(REJECT_REASONS.slice(1)), [], request(countyReviewer, key('reject')))));
    await run(reviews.approve(stream, random.pick(APPROVE_OPINIONS), [], request(countyReviewer, key('county'))));
    if (p.outcome === 'pending_city') return;
    await run(reviews.approve(stream, random.pick(APPROVE_OPINIONS), [], request(cityReviewer, key('city'))));
  }

  async function createTeacher(p: TeacherPlan) {
    const key = (step: string) => `teacher:${p.index}:${step}`;
    const random = new Random(`${seed}/teacher/${p.index}`);
    const input = parseInput(schemas.teacher, p.input);
    const operator = actor('operator', p.institution.id);
    const countyReviewer = actor('reviewer', authorityId(p.institution.county.code));
    const declared = await run(teachers.declare(p.institution.id, input, request(operator, key('declare'))));
    const stream = declared.streamId;
    const teacherId = stream.slice('teacher-'.length);
    if (p.outcome === 'draft') return;
    await run(reviews.submit(stream, '', request(operator, key('submit'))));
    if (p.outcome === 'pending') return;
    if (p.outcome === 'returned') return void (await run(reviews.return(stream, random.pick(RETURN_REASONS.slice(0, 4)), [], request(countyReviewer, key('return')))));
    await run(reviews.approve(stream, random.pick(APPROVE_OPINIONS), [], request(countyReviewer, key('approve'))));
    if (p.certificate) await run(teachers.certify(teacherId, p.certificate.certificateNo, p.certificate.certifiedOn, request(countyReviewer, key('certify'))));
    if (p.tier !== 'none') {
      const org = p.tier === 'county' ? authorityId(p.institution.county.code) : p.tier === 'city' ? authorityId(p.institution.county.prefectureCode) : authorityId('520000');
      await run(teachers.assignTier(teacherId, p.tier, p.tier, request(actor('reviewer', org), key('tier'))));
    }
    if (p.second) {
      const other = actor('operator', p.second.id);
      await run(teachers.declare(p.second.id, input, request(other, key('second-declare'))));
      await run(reviews.submit(stream, '', request(other, key('second-submit'))));
      await run(reviews.approve(stream, random.pick(APPROVE_OPINIONS), [], request(actor('reviewer', authorityId(p.second.county.code)), key('second-approve'))));
    }
  }

  function traineeSteps(p: TraineePlan): TraineeStep[] {
    const key = (step: string) => `trainee:${p.index}:${step}`;
    const random = new Random(`${seed}/trainee/${p.index}`);
    const operator = actor('operator', p.institution.id);
    const countyReviewer = actor('reviewer', authorityId(p.institution.county.code));
    const steps: TraineeStep[] = [{ key: key('enter'), actor: operator, action: 'enter', institutionId: p.institution.id }];
    if (p.outcome === 'draft') return steps;
    steps.push({ key: key('submit'), actor: operator, action: 'submit' });
    if (p.outcome === 'pending') return steps;
    if (p.outcome === 'returned') return [...steps, { key: key('return'), actor: countyReviewer, action: 'return', text: random.pick(RETURN_REASONS.slice(0, 4)) }];
    if (p.outcome === 'rejected') return [...steps, { key: key('reject'), actor: countyReviewer, action: 'reject', text: random.pick(REJECT_REASONS) }];
    steps.push({ key: key('approve'), actor: countyReviewer, action: 'approve', text: random.pick(APPROVE_OPINIONS) });
    if (!p.second) return steps;
    // The duplicate-entry path: another institution enters the same person; its county reviews the enrolment.
    const other = actor('operator', p.second.institution.id);
    const otherReviewer = actor('reviewer', authorityId(p.second.institution.county.code));
    steps.push({ key: key('second-enter'), actor: other, action: 'enter', institutionId: p.second.institution.id });
    steps.push({ key: key('second-submit'), actor: other, action: 'submit' });
    if (p.second.outcome === 'pending') return steps;
    if (p.second.outcome === 'rejected') return [...steps, { key: key('second-reject'), actor: otherReviewer, action: 'reject', text: REJECT_REASONS[2]! }];
    return [...steps, { key: key('second-approve'), actor: otherReviewer, action: 'approve', text: random.pick(APPROVE_OPINIONS) }];
  }
}
