// Demo training vouchers (职业培训券, issue 14 §4), also into an older data folder: 南明区人社局 issues
// vouchers to trainees of the Nanming demo school and opens the school's acceptance; two vouchers
// stay unused, one is cancelled with its reason, one, issued four months ago for one month, is
// expired by the daily job's own command, and one is used at enrolment in one of the school's
// subsidised classes not yet declared, by a holder the eligibility policy lets be subsidised in it
// (checked as the enrolment checks it), so the use is not refused: the first such class with room,
// or, the generated ones being full, one whose size the school raises by the one place (when no one
// is eligible anywhere, it stays unused and the log says why with a reason). After the money demo
// (its training standard and 南明's fund), `settleVoucherDemo` settles one more: a voucher used in a
// small SYB class of the school run and completed six weeks ago, whose training-funding application
// the county and 贵阳 approve, so the settlement process's own function marks it 已结算.
import { v5 as uuidv5 } from 'uuid';
import { settleApprovedVouchers } from '../commands/voucher/settlement-process';
import { shiftDays } from '../domain/calendar/working-days';
import { chinaDate } from '../domain/personal-data/normalize';
import { authorityId } from '../domain/organization/guizhou-divisions';
import { parseVoucherTerms } from '../domain/voucher/terms';
import { parseTeacherInput } from '../domain/teacher/teacher-input';
import { parseClassDetails, parseDeclaration } from '../domain/training-class/class-details';
import { parseTimetable } from '../domain/training-class/timetable';
import { vouchersTable } from '../projections/voucher/vouchers-table';
import { idNumber } from './e2e/steps/test-data';
import { checkEligibility, describeEligibility } from '../domain/training-class/eligibility';
import type { ExistingClass } from '../domain/training-class/state';
import type { Platform } from '../api/platform';
import type { RequestContext } from '../commands/pipeline/request-context';
import { READ_MODEL_SCHEMA } from '../projections/runner/projection';

export interface VoucherDemoContext {
  demoId(key: string): string;
  as(userId: string, role: string, orgId: string, key: string): RequestContext;
  log(line: string): void;
}

const NANMING = authorityId('520102');
const GUIYANG = authorityId('520100');
const NAMESPACE = '3c8e1f52-7a4d-4b9e-a0c6-5d2e8f1b7a93';

export async function loadVoucherDemo(platform: Platform, ctx: VoucherDemoContext, schoolId: string): Promise<void> {
  const { vouchers, trainingClasses } = platform.commands;
  const today = chinaDate(new Date().toISOString());
  const operator = ctx.demoId('user:sq_nanming');
  const as = (key: string, now?: Date) => ({ ...ctx.as(operator, 'authority_operator', NANMING, `voucher-demo:${key}`), ...(now ? { now } : {}) });
  if (await vouchers.acceptance(schoolId)) return;
  // Approved trainees of the school, in a stable order.
  const people = (await platform.knex(`${READ_MODEL_SCHEMA}.trainee_list`).where({ org_id: schoolId, direct: true, review_status: 'approved' }).orderBy('trainee_id').limit(12).select('trainee_id')).map((r: { trainee_id: string }) => r.trainee_id);
  if (people.length < 5) return;
  ctx.log('职业培训券：发放、使用、作废与过期各若干张');
  await vouchers.decideAcceptance(schoolId, true, '定点培训机构，开通职业培训券受理', as('acceptance'));
  const terms = (over: Record<string, unknown> = {}) => parseVoucherTerms({ kind: 'face_value', faceValueFen: '80000', scope: 'general', validFrom: today, validMonths: 3, ...over });
  const issue = (personId: string, key: string, t = terms(), now?: Date) => vouchers.issue({ personId, authorityId: NANMING, terms: t, reason: '就业困难人员，按黔人社通〔2026〕12号发放' }, as(key, now));

  // 未使用: a face value voucher and a discount voucher directed at cooking occupations.
  await issue(people[0]!, 'active-1');
  await issue(people[1]!, 'active-2', terms({ kind: 'discount', faceValueFen: null, discountPercent: 80, scope: 'occupation', occupationCodes: ['4-03'] }));

  // 已作废, with the reason.
  const cancelled = await issue(people[2]!, 'cancelled');
  await vouchers.cancel(people[2]!, cancelled.voucherId, '持券人已就业，本人申请放弃', as('cancel'));

  // 已过期: issued four months ago for one month, expired by the job's command as it runs today.
  const past = new Date(`${shiftDays(today, -120)}T02:00:00Z`);
  const stale = await issue(people[3]!, 'expired', terms({ validFrom: shiftDays(today, -120), validMonths: 1 }), past);
  // The job finds holders through the read model: after it has the issue.
  await platform.runner.waitFor(stale.position!, undefined, 30_000);
  await vouchers.expireDue(as('expire'));

  // 已使用: enrolment in a subsidised class of the school not yet declared, with the voucher's number
  // (one voucher; the generated draft classes are usually full, and then it stays unused and the log says why).
  const drafts = (await platform.knex(`${READ_MODEL_SCHEMA}.training_classes`).where({ institution_id: schoolId, status: 'draft', funding_source: 'subsidised' }).orderBy('id').limit(20).select('id', 'state')) as { id: string; state: ExistingClass }[];
  const policy = await trainingClasses.reference.policy();
  let refusal = drafts.length ? '本校未申报的补贴性培训班均已满员' : '本校没有未申报的补贴性培训班';
  let chosen: { classId: string; personId: string } | undefined;
  let full: { classId: string; personId: string; state: ExistingClass } | undefined;
  // Any approved trainee of the school not holding one of the vouchers above may be the holder.
  const others = (await platform.knex(`${READ_MODEL_SCHEMA}.trainee_list`).where({ org_id: schoolId, direct: true, review_status: 'approved' }).orderBy('trainee_id').limit(300).select('trainee_id'))
    .map((r: { trainee_id: string }) => r.trainee_id)
    .filter((p: string) => !people.slice(0, 4).includes(p));
  let reason = '';
  for (const { id, state } of drafts) {
    const candidates = others.filter((p: string) => !state.roster.some((e) => e.participant.personId === p));
    const history = await platform.directories.trainingClasses.subsidisedHistory(candidates, id);
    const outcomes = candidates.map((p: string) => [p, checkEligibility(policy, history.get(p) ?? [], { classId: id, details: state.details })] as const);
    const holder = outcomes.find(([, o]) => o.eligible)?.[0];
    reason ||= outcomes[0] ? describeEligibility(outcomes[0][1]) : '';
    if (!holder) continue;
    if (state.roster.length < state.details.maxSize) {
      chosen = { classId: id, personId: holder };
      break;
    }
    full ??= { classId: id, personId: holder, state };
  }
  if (!chosen && full) {
    // The generated draft classes are full: the school raises one's size by the one place (an edit of
    // a class not yet declared, recorded like any other) so the holder can enrol with the voucher.
    const { classId, personId: holder, state } = full;
    await trainingClasses
      .edit(classId, { ...state.details, maxSize: Math.min(1000, state.roster.length + 1) }, ctx.as(ctx.demoId('user:jg_nanming'), 'institution_operator', schoolId, `voucher-demo:widen:${classId}`))
      .then(
        () => (chosen = { classId, personId: holder }),
        (e: Error) => (refusal = `扩大班额未成功：${e.message}`),
      );
  } else if (!chosen && drafts.length) refusal = `本校学员均不符合未申报培训班的补贴条件（如：${reason}）`;
  const personId = chosen?.personId ?? people[4]!;
  const issued = await issue(personId, 'used');
  const voucherNo = (await vouchers.holder(personId)).vouchers.find((v) => v.voucherId === issued.voucherId)!.voucherNo;
  for (const { id } of chosen ? [{ id: chosen.classId }] : []) {
    const enrolled = await trainingClasses
      .enrol(id, [{ personId, commitmentSigned: true, commitmentSignedOn: today, voucherNo }], ctx.as(ctx.demoId('user:jg_nanming'), 'institution_operator', schoolId, `voucher-demo:enrol:${id}`))
      .then(
        () => true,
        (e: Error) => ((refusal = e.message), false),
      );
    if (enrolled) return;
  }
  ctx.log(`职业培训券：演示的培训券未能用于报名（${refusal}），保持未使用`);
}

/**
 * 已结算: a voucher used in a small subsidised SYB class of the school, run and completed six weeks
 * ago, whose training-funding application 南明 and 贵阳 approve (each step through the platform's
 * commands at its moment); the settlement is made by the settlement process's own function (the
 * worker would make the same command, by the same id, and write nothing more). Needs the money
 * demo's training standard and 南明's fund; loading again changes nothing. A step refused (generated
 * data other than this expects) leaves the demo without a settled voucher and says why in the log,
 * rather than stopping the whole demo load.
 */
export async function settleVoucherDemo(platform: Platform, ctx: VoucherDemoContext, schoolId: string): Promise<void> {
  const { commands, knex } = platform;
  const classId = uuidv5(ctx.demoId('voucher:settled-class'), NAMESPACE);
  if ((await platform.store.readStream(`training-class-${classId}`, { maxCount: 1 })).length > 0) return;
  const today = chinaDate(new Date().toISOString());
  const [T, D] = [shiftDays(today, -60), shiftDays(today, -45)];
  const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
  const act = (user: string, role: string, orgId: string, key: string, now: Date): RequestContext => ({ ...ctx.as(ctx.demoId(`user:${user}`), role, orgId, `voucher-demo:settled:${key}`), now });
  const operator = (key: string, now = at(T, '10:00')) => act('jg_nanming', 'institution_operator', schoolId, key, now);
  const county = (key: string, now = at(T, '11:00')) => act('sh_nanming', 'reviewer', NANMING, key, now);
  const city = (key: string, now: Date) => act('sh_guiyang', 'reviewer', GUIYANG, key, now);
  const details = parseClassDetails(
    { name: '南明区SYB创业培训班（培训券结算演示）', kind: 'entrepreneurship', subKind: 'syb', plannedStart: D, plannedEnd: D, minSize: 1, maxSize: 30, venue: { address: '贵阳市南明区花果园R1区', countyCode: '520102', latitude: 26.57, longitude: 106.71 }, fundingSource: 'subsidised' },
    T,
  );
  // The holder: an approved trainee of the school with no voucher yet, whom the policy lets be subsidised in this class.
  const holders = new Set((await vouchersTable(knex).select('person_id')).map((r: { person_id: string }) => r.person_id));
  const candidates = (await knex(`${READ_MODEL_SCHEMA}.trainee_list`).where({ org_id: schoolId, direct: true, review_status: 'approved' }).orderBy('trainee_id').limit(300).pluck('trainee_id')).filter((p: string) => !holders.has(p));
  const policy = await commands.trainingClasses.reference.policy();
  const history = await platform.directories.trainingClasses.subsidisedHistory(candidates, classId);
  const personId: string | undefined = candidates.find((p: string) => checkEligibility(policy, history.get(p) ?? [], { classId, details }).eligible);
  if (!personId) {
    ctx.log('职业培训券：本校没有可享受补贴且未持券的学员，不演示培训券结算');
    return;
  }
  ctx.log('职业培训券：一张培训券随培训班结业和机构培训经费申报审核通过而结算');

  async function runClassAndSettle(holder: string) {
    // The school accepts vouchers (the first demo opens it when the school has trainees enough; a repeat changes nothing).
    await commands.vouchers.decideAcceptance(schoolId, true, '定点培训机构，开通职业培训券受理', act('sq_nanming', 'authority_operator', NANMING, 'acceptance', at(T, '08:00')));
    // The class's SYB teacher, entered by the school, reviewed and certified by the county.
    const teacher = await commands.teachers.declare(schoolId, parseTeacherInput({ name: '欧阳创', idNumber: idNumber('520102', '19780818', '735'), fullTime: true, subjects: ['创业培训'], level: 'senior', trainingQualification: 'SYB讲师', yearsTeaching: 8, trainingHistory: [] }, T), operator('teacher'), { submit: true });
    const teacherId = teacher.streamId.slice('teacher-'.length);
    await commands.reviews.approve(teacher.streamId, '同意', [], county('teacher:approve'));
    await commands.teachers.certify(teacherId, 'SYB-NM-2026-01', T, county('teacher:certify'));
    // The timetable and the assignment find the teacher through the read models: wait for the
    // teacher's own last event (the head position is fenced below transactions still open).
    const teacherEvents = await platform.store.readStream(teacher.streamId);
    await platform.runner.waitFor(teacherEvents[teacherEvents.length - 1]!.position, undefined, 120_000);

    const classes = commands.trainingClasses;
    await classes.register(schoolId, details, operator('register'), { classId });
    await classes.setTimetable(classId, parseTimetable([{ date: D, start: '09:00', end: '12:00', subject: '创业意识与创业计划', mode: 'theory', teacherId, venue: '花果园R1区教室' }]), operator('timetable'));
    await classes.assignTeachers(classId, [teacherId], operator('teachers'));
    const terms = parseVoucherTerms({ kind: 'face_value', faceValueFen: '80000', scope: 'general', validFrom: T, validMonths: 3 });
    const issued = await commands.vouchers.issue({ personId: holder, authorityId: NANMING, terms, reason: '就业困难人员，按黔人社通〔2026〕12号发放' }, act('sq_nanming', 'authority_operator', NANMING, 'issue', at(T, '09:00')));
    const voucherNo = (await commands.vouchers.holder(holder)).vouchers.find((v) => v.voucherId === issued.voucherId)!.voucherNo;
    await classes.enrol(classId, [{ personId: holder, commitmentSigned: true, commitmentSignedOn: T, voucherNo }], operator('enrol'));
    const plan = { teachingPlan: { totalHours: 3, theoryPercent: 100, practicePercent: 0, outline: '创业意识、创业计划书' }, assessmentPlan: { mode: 'written', passScore: 60, plannedDate: D, organiser: '南明区人社局', description: '' }, resources: ['SYB创业培训教材'], commitment: true };
    await classes.declare(classId, parseDeclaration(plan), '', operator('declare'));
    await commands.reviews.approve(`training-class-${classId}`, '同意开班', [], county('open', at(shiftDays(T, 1), '10:00')));
    await classes.start(classId, operator('start', at(D, '08:30')));
    const after = at(D, '13:00');
    await classes.markAttendance(classId, { sessionId: `${D}T09:00`, participantId: holder, present: true, reason: '点名' }, operator('attendance', after));
    await classes.recordAssessments(classId, [{ participantId: holder, writtenScore: 88, practicalScore: null, certificateNo: null, passed: true }], operator('assessment', after));
    await classes.requestCompletion(classId, '', operator('completion', after));
    const completed = await commands.reviews.approve(`training-class-${classId}`, '同意结业', [], county('complete', after));
    // The calculation reads the class, the standards and the claims from the read models.
    await platform.runner.waitFor(completed.position!, undefined, 120_000);

    const applied = await commands.subsidyApplications.apply(classId, 'employment_subsidy', operator('apply', at(shiftDays(D, 3), '10:00')), { submit: true });
    await commands.reviews.approve(applied.streamId, '材料齐全，同意', [], county('funding:county', at(shiftDays(D, 4), '10:00')));
    await commands.reviews.approve(applied.streamId, '同意，予以公示', [], city('funding:city', at(shiftDays(D, 5), '10:00')));
    const approval = (await platform.store.readStream(applied.streamId)).find((e) => e.type === 'TrainingFundingApproved');
    if (!approval) throw new Error('机构培训经费申报未审核通过');
    await settleApprovedVouchers(platform.store, commands.vouchers, approval);
  }
  await runClassAndSettle(personId).catch((e: Error) => ctx.log(`职业培训券：结算演示未完成（${e.message}）`));
}
