// 资助发放 rules on the school-aid decider: the plan made by the final approval (one reservation per
// instalment, named by the approving command), the card account recorded only by the school on an
// approved application, instalments ordered from their date with the reservation's payment id, the
// bank's outcome recorded once, and a re-issue only by the payer to a different account.
import { describe, expect, it } from '@jest/globals';
import { testContext } from '../../testing/decider-specification';
import { paymentIdOf } from '../payment-batch/batch';
import { ForbiddenError, RuleViolationError } from '../shared/errors';
import { dueInstalments, instalmentReservationId, payoutBlockedReason, withPayoutPlan, type PayoutAccount } from './payout';
import { schoolAidDecider, type SchoolAidEvent, type SchoolAidState } from './school-aid';

const school = testContext({ orgId: 'school-1' });
const payer = testContext({ orgId: 'auth-province' });
const application = {
  applicationId: 'aid-1', kind: 'grant' as const, schoolYear: 2026, studentId: 'stu-1', studentName: '王小红', schoolId: 'school-1', note: '',
  standardVersion: 1, studentRevision: 3, amountFen: 250_000, classType: 'intermediate' as const, yearOfStudy: 1, tier: 'first' as const, basis: 'poverty_registered' as const,
  disbursements: [{ on: '2026-09-01', amountFen: 125_000 }, { on: '2027-03-01', amountFen: 125_000 }],
};
const account = (blindIndex: string): PayoutAccount => ({ account: { cipher: 'c', blindIndex, masked: '6217***0128' }, accountName: '王小红', personKey: 'id-bidx', idMasked: '5201**********0011' });
const fold = (events: SchoolAidEvent[]): SchoolAidState => events.reduce(schoolAidDecider.evolve, schoolAidDecider.initialState());
const applied: SchoolAidEvent = { type: 'SchoolAidApplied', data: { application } };
const approved: SchoolAidEvent = { type: 'SchoolAidApproved', data: { amountFen: 250_000, disbursements: application.disbursements } };
const planned: SchoolAidEvent = {
  type: 'SchoolAidPayoutPlanned',
  data: { fundId: 'fund-1', instalments: application.disbursements.map((d, i) => ({ no: i + 1, on: d.on, amountFen: d.amountFen, reservationId: instalmentReservationId('aid-1', i + 1, 'cmd-1') })) },
};
const recorded: SchoolAidEvent = { type: 'SchoolAidPayoutAccountRecorded', data: account('card-1') };
const decide = (events: SchoolAidEvent[], command: Parameters<typeof schoolAidDecider.decide>[0], ctx = school) => schoolAidDecider.decide(command, fold(events), ctx);

describe('school aid payout', () => {
  it('plans one instalment per approved date when the final approval is decided, each its own reservation', () => {
    // The wrapper adds the plan after a decided final approval (stubbed here as the review workflow's outcome), and nothing to any other decision.
    expect(withPayoutPlan({ ...schoolAidDecider, decide: () => [] }, { fundId: 'fund-1', applicationId: 'aid-1', attempt: 'cmd-1' }).decide({} as never, fold([applied]), payer)).toEqual([]);
    const wrapped = withPayoutPlan({ ...schoolAidDecider, decide: () => [approved] }, { fundId: 'fund-1', applicationId: 'aid-1', attempt: 'cmd-1' });
    expect(wrapped.decide({} as never, fold([applied]), payer)).toEqual([approved, planned]);
  });

  it('takes the card account only from the school, only once approved', () => {
    expect(() => decide([applied], { type: 'RecordSchoolAidPayoutAccount', account: account('card-1'), schoolId: 'school-1' })).toThrow(RuleViolationError);
    expect(() => decide([applied, approved, planned], { type: 'RecordSchoolAidPayoutAccount', account: account('card-1'), schoolId: 'school-1' }, payer)).toThrow(ForbiddenError);
    expect(decide([applied, approved, planned], { type: 'RecordSchoolAidPayoutAccount', account: account('card-1'), schoolId: 'school-1' })).toEqual([recorded]);
    expect(decide([applied, approved, planned, recorded], { type: 'RecordSchoolAidPayoutAccount', account: account('card-1'), schoolId: 'school-1' })).toEqual([]);
  });

  it('orders only the instalments due, with the reservation\'s payment id, and says why nothing is payable', () => {
    const state = fold([applied, approved, planned]);
    if (state.status === 'none') throw new Error('no application');
    const view = (s: SchoolAidState) => (s.status === 'none' ? null! : { status: s.status, applicationId: 'aid-1', schoolId: 'school-1', title: '王小红', payout: s.payout ?? null });
    expect(payoutBlockedReason(view(state), '2026-09-01')).toBe('院校尚未登记学生的社保卡金融账户');
    const withAccount = fold([applied, approved, planned, recorded]);
    expect(payoutBlockedReason(view(withAccount), '2026-08-31')).toBe('下一期发放日期为2026-09-01');
    expect(dueInstalments(view(withAccount), '2026-09-01').map((i) => i.no)).toEqual([1]);
    expect(decide([applied, approved, planned, recorded], { type: 'OrderSchoolAidInstalments', batchId: 'b-1', today: '2026-09-01' })).toEqual([
      { type: 'SchoolAidInstalmentOrdered', data: { no: 1, paymentId: paymentIdOf(instalmentReservationId('aid-1', 1, 'cmd-1')), batchId: 'b-1', amountFen: 125_000 } },
    ]);
  });

  it('records the bank\'s outcome once, and re-issues a failure only by the payer to a different account', () => {
    const paymentId = paymentIdOf(instalmentReservationId('aid-1', 1, 'cmd-1'));
    const ordered: SchoolAidEvent = { type: 'SchoolAidInstalmentOrdered', data: { no: 1, paymentId, batchId: 'b-1', amountFen: 125_000 } };
    const failed = decide([applied, approved, planned, recorded, ordered], { type: 'RecordSchoolAidPaymentOutcome', paymentId, batchId: 'b-1', status: 'failed', bankRef: '', reason: '账户已冻结' });
    expect(failed.map((e) => e.type)).toEqual(['SchoolAidInstalmentFailed']);
    const history = [applied, approved, planned, recorded, ordered, ...failed];
    expect(decide(history, { type: 'RecordSchoolAidPaymentOutcome', paymentId, batchId: 'b-1', status: 'failed', bankRef: '', reason: '账户已冻结' })).toEqual([]);
    expect(() => decide(history, { type: 'RecordSchoolAidPaymentOutcome', paymentId: 'other', batchId: 'b-1', status: 'paid', bankRef: 'BK', reason: '' })).toThrow('支付结果与本资助申请的支付指令不符');
    expect(() => decide(history, { type: 'ReissueSchoolAidInstalment', no: 1, mayHandle: true }, payer)).toThrow('收款账户与失败时相同');
    const newAccount: SchoolAidEvent = { type: 'SchoolAidPayoutAccountRecorded', data: account('card-2') };
    expect(() => decide([...history, newAccount], { type: 'ReissueSchoolAidInstalment', no: 1, mayHandle: false }, school)).toThrow(ForbiddenError);
    expect(decide([...history, newAccount], { type: 'ReissueSchoolAidInstalment', no: 1, mayHandle: true }, payer)).toEqual([
      { type: 'SchoolAidInstalmentReissued', data: { no: 1, failedPaymentId: paymentId, reservationId: instalmentReservationId('aid-1', 1, 'reissue-1') } },
    ]);
  });
});

describe('instalments stopped when the student is not attending on their date', () => {
  const seg = (from: string, phase: 'enrolled' | 'suspended' | 'left') => ({ from, phase, schoolId: 'school-1', majorId: 'major-1', classType: 'intermediate' as const, studyMode: 'full_time' as const, cohortYear: 2025 });
  const check = (events: SchoolAidEvent[], today: string, segments: ReturnType<typeof seg>[]) => decide(events, { type: 'CheckSchoolAidInstalments', today, segments }, payer);
  const first = instalmentReservationId('aid-1', 1, 'cmd-1');
  const second = instalmentReservationId('aid-1', 2, 'cmd-1');

  it('stops a due instalment whose date falls in a suspension, and leaves one not yet due alone', () => {
    const events = check([applied, approved, planned, recorded], '2026-09-05', [seg('2025-09-01', 'enrolled'), seg('2026-08-20', 'suspended')]);
    expect(events).toEqual([{ type: 'SchoolAidInstalmentStopped', data: { no: 1, reservationId: first, amountFen: 125_000, reason: '发放日2026-09-01学生2026-08-20起休学，第1期不予发放', phase: 'suspended', since: '2026-08-20' } }]);
    const after = fold([applied, approved, planned, recorded, ...events]);
    expect(dueInstalments({ status: 'approved', applicationId: 'aid-1', schoolId: 'school-1', title: 't', payout: after.status === 'approved' ? after.payout! : null }, '2026-09-05')).toEqual([]);
    // Checked again the same day: nothing more.
    expect(check([applied, approved, planned, recorded, ...events], '2026-09-05', [seg('2025-09-01', 'enrolled'), seg('2026-08-20', 'suspended')])).toEqual([]);
  });

  it('pays a student who resumed before the date', () => {
    expect(check([applied, approved, planned, recorded], '2026-09-05', [seg('2025-09-01', 'enrolled'), seg('2026-08-20', 'suspended'), seg('2026-08-30', 'enrolled')])).toEqual([]);
  });

  it('stops what falls after leaving school, never an instalment already ordered', () => {
    const ordered = decide([applied, approved, planned, recorded], { type: 'OrderSchoolAidInstalments', batchId: 'batch-1', today: '2026-09-05' }, payer);
    const events = check([applied, approved, planned, recorded, ...ordered], '2027-03-05', [seg('2025-09-01', 'enrolled'), seg('2026-12-01', 'left')]);
    expect(events).toEqual([{ type: 'SchoolAidInstalmentStopped', data: { no: 2, reservationId: second, amountFen: 125_000, reason: '发放日2027-03-01学生2026-12-01起已离校，第2期不予发放', phase: 'left', since: '2026-12-01' } }]);
    const view = fold([applied, approved, planned, recorded, ...ordered, ...events]);
    expect(payoutBlockedReason({ status: 'approved', applicationId: 'aid-1', schoolId: 'school-1', title: 't', payout: view.status === 'approved' ? view.payout! : null }, '2027-03-05')).toBe('各期均已生成支付指令或停发');
  });

  it('stops nothing before approval', () => {
    expect(check([applied], '2027-03-05', [seg('2025-09-01', 'enrolled'), seg('2026-12-01', 'left')])).toEqual([]);
  });
});

describe('instalments of a late registration', () => {
  it('are paid though the date falls before the registration began (the application accepted it)', () => {
    const segments = [{ from: '2026-10-01', phase: 'enrolled' as const, schoolId: 'school-1', majorId: 'major-1', classType: 'intermediate' as const, studyMode: 'full_time' as const, cohortYear: 2026 }];
    expect(decide([applied, approved, planned, recorded], { type: 'CheckSchoolAidInstalments', today: '2026-10-05', segments }, payer)).toEqual([]);
  });
});
