// Demo training vouchers (职业培训券, issue 14 §4), also into an older data folder: 南明区人社局 issues
// vouchers to trainees of the Nanming demo school and opens the school's acceptance; two vouchers
// stay unused, one is cancelled with its reason, one, issued four months ago for one month, is
// expired by the daily job's own command, and one is used at enrolment in one of the school's
// subsidised classes not yet declared, by a holder the eligibility policy lets be subsidised in it
// (checked as the enrolment checks it), so the use is not refused: the first such class with room,
// or, the generated ones being full, one whose size the school raises by the one place (when no one
// is eligible anywhere, it stays unused and the log says why with a reason). No voucher is
// settled here: that takes the class run and completed and its funding application approved
// (api/voucher/voucher-settlement.int.spec.ts shows it).
import { shiftDays } from '../domain/calendar/working-days';
import { chinaDate } from '../domain/personal-data/normalize';
import { authorityId } from '../domain/organization/guizhou-divisions';
import { parseVoucherTerms } from '../domain/voucher/terms';
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
