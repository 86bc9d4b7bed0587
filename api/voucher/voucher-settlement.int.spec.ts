// A voucher settled through the class's funding application (issue 14 §4), every step through the
// platform's commands at its moment: 南明 opens its school's acceptance and issues a 500.00 face
// value voucher to a trainee in January; the school enrols the trainee in an SYB class with the
// voucher's number, runs and completes it in February; the application is computed (the voucher
// place settled at 500.00, not the standard's 800.00), recomputes equal from the log at its
// position, and its final approval marks the voucher settled (the settlement process); a place
// whose voucher was cancelled before the application is left out with the reason. Then a 公示
// objection against the voucher holder is upheld: the process reverses the settlement on the
// holder's stream with the reason (the voucher used but unsettled again, 已使用), once: the same
// events handled again write nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { parseTeacherInput } from '../../domain/teacher/teacher-input';
import { parseTraineeInput } from '../../domain/trainee/trainee-input';
import { parseClassDetails, parseDeclaration } from '../../domain/training-class/class-details';
import { parseTimetable } from '../../domain/training-class/timetable';
import { parseVoucherTerms } from '../../domain/voucher/terms';
import { idNumber } from '../../scripts/e2e/steps/test-data';
import { reverseObjectedSettlements, settleApprovedVouchers } from '../../commands/voucher/settlement-process';
import { startApiHarness, type ApiHarness } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { waitUntil } from '../../testing/wait-until';
import { declarationInput } from '../training-class/testing/class-world';

const at = (id: string, orgId: string, now: string): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null, now: new Date(now) };
};
const T0 = '2026-01-05T01:00:00Z';
const operator = (now = T0) => at('voucher-school-operator', ORGS.nanmingSchool, now);
const county = (now = T0) => at('voucher-county', ORGS.nanming, now);

describe('a voucher settled through the class\'s funding application', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  }, 120_000);
  afterAll(async () => api.close());

  it('settles the voucher place at the voucher\'s value, recomputes equal, and marks the voucher settled on approval', async () => {
    const { commands } = api.platform;
    const teacher = await commands.teachers.declare(ORGS.nanmingSchool, parseTeacherInput({ name: '创业导师', idNumber: idNumber('520102', '19790909', '391'), fullTime: true, subjects: ['创业培训'], level: 'senior', trainingQualification: 'SYB讲师', yearsTeaching: 9, trainingHistory: [] }, '2026-01-05'), operator(), { submit: true });
    const teacherId = teacher.streamId.slice('teacher-'.length);
    await commands.reviews.approve(teacher.streamId, '同意', [], county());
    await commands.teachers.certify(teacherId, 'SYB-V1', '2026-01-05', county());
    const trainee = async (name: string, seq: string) => {
      const entered = await commands.trainees.enter(ORGS.nanmingSchool, parseTraineeInput({ name, idNumber: idNumber('520102', '19960606', seq), personCategory: 'graduate', phone: '13800138009', bankAccount: '' }, '2026-01-05'), [], operator(), { submit: true });
      await commands.reviews.approve(entered.streamId, '同意', [], county());
      return entered.streamId.slice('trainee-'.length);
    };
    const [withVoucher, cancelledOne] = [await trainee('券学员', '492'), await trainee('废券学员', '493')];
    await api.settled();

    await commands.vouchers.decideAcceptance(ORGS.nanmingSchool, true, '定点机构', county());
    const terms = parseVoucherTerms({ kind: 'face_value', faceValueFen: '50000', scope: 'general', validFrom: '2026-01-05', validMonths: 3 });
    const issue = (personId: string) => commands.vouchers.issue({ personId, authorityId: ORGS.nanming, terms, reason: '就业困难人员' }, county());
    const [v1, v2] = [await issue(withVoucher), await issue(cancelledOne)];
    const voucherNo = async (personId: string, voucherId: string) => (await commands.vouchers.holder(personId)).vouchers.find((v) => v.voucherId === voucherId)!.voucherNo;

    const details = parseClassDetails(
      { name: 'SYB创业培训班（培训券）', kind: 'entrepreneurship', subKind: 'syb', plannedStart: '2026-02-02', plannedEnd: '2026-02-02', minSize: 1, maxSize: 30, venue: { address: '贵阳市', countyCode: '520102', latitude: 26.57, longitude: 106.71 }, fundingSource: 'subsidised' },
      '2026-01-05',
    );
    const classes = commands.trainingClasses;
    const classId = (await classes.register(ORGS.nanmingSchool, details, operator())).streamId.slice('training-class-'.length);
    await classes.setTimetable(classId, parseTimetable([{ date: '2026-02-02', start: '09:00', end: '12:00', subject: '创业意识', mode: 'theory', teacherId, venue: '教室' }]), operator());
    await classes.assignTeachers(classId, [teacherId], operator());
    await classes.enrol(classId, [
      { personId: withVoucher, commitmentSigned: true, commitmentSignedOn: '2026-01-05', voucherNo: await voucherNo(withVoucher, v1.voucherId) },
      { personId: cancelledOne, commitmentSigned: true, commitmentSignedOn: '2026-01-05', voucherNo: await voucherNo(cancelledOne, v2.voucherId) },
    ], operator());
    await classes.declare(classId, parseDeclaration({ ...declarationInput(4, '2026-02-02'), assessmentPlan: { mode: 'written', passScore: 60, plannedDate: '2026-02-02', organiser: '人社局', description: '' } }), '', operator());
    await commands.reviews.approve(`training-class-${classId}`, '同意开班', [], county('2026-01-06T01:00:00Z'));
    await classes.start(classId, operator('2026-02-02T00:30:00Z'));
    const after = '2026-02-02T05:00:00Z';
    for (const p of [withVoucher, cancelledOne]) await classes.markAttendance(classId, { sessionId: '2026-02-02T09:00', participantId: p, present: true, reason: '点名' }, operator(after));
    await classes.recordAssessments(classId, [withVoucher, cancelledOne].map((p) => ({ participantId: p, writtenScore: 90, practicalScore: null, certificateNo: null, passed: true })), operator(after));
    await classes.requestCompletion(classId, '', operator(after));
    await commands.reviews.approve(`training-class-${classId}`, '同意结业', [], county(after));
    // The second voucher is cancelled after the class (e.g. found used by someone else): its place is not settled.
    await commands.vouchers.cancel(cancelledOne, v2.voucherId, '核查发现冒名参训', county('2026-02-10T01:00:00Z'));

    // The province's standard (800.00 per person) and 南明's fund.
    const standardId = randomUUID();
    await commands.subsidyStandards.propose(standardId, { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null }, { amountFen: 80_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: '测试文号' }, at('p-op', ORGS.province, T0), { submit: true });
    const approvedStandard = await commands.reviews.approve(`subsidy-standard-${standardId}`, '同意', [], at('p-rev', ORGS.province, T0));
    await api.platform.runner.waitFor(approvedStandard.position!, undefined, 30_000);
    await commands.funds.allocate({ authorityId: ORGS.nanming, line: 'employment_subsidy', year: 2026, amountFen: 10_000_000, basis: '测试' }, county());

    const applied = await commands.subsidyApplications.apply(classId, 'employment_subsidy', operator('2026-02-20T01:00:00Z'), { submit: true });
    const application = await commands.subsidyApplications.recompute(applied.applicationId);
    expect(application).toMatchObject({ factsSame: true, resultSame: true, recordedTotalFen: 50_000 });
    const state = await api.platform.store.readStream(applied.streamId);
    const calculation = (state[0]!.data as { calculation: { result: { eligible: { participantId: string; amountFen: number; voucherId?: string }[]; excluded: { participantId: string; reasons: string[] }[] } } }).calculation.result;
    expect(calculation.eligible).toEqual([expect.objectContaining({ participantId: withVoucher, amountFen: 50_000, voucherId: v1.voucherId })]);
    expect(calculation.excluded).toEqual([expect.objectContaining({ participantId: cancelledOne, reasons: [expect.stringMatching(/^培训券PXQ\w+已作废（核查发现冒名参训），不予结算$/)] })]);

    await commands.reviews.approve(applied.streamId, '同意', [], county('2026-02-21T01:00:00Z'));
    await commands.reviews.approve(applied.streamId, '同意', [], at('city', ORGS.guiyang, '2026-02-22T01:00:00Z'));
    const settled = await waitUntil(async () => (await commands.vouchers.holder(withVoucher)).vouchers[0]!, (v) => v.status === 'settled', { what: 'the settlement process to mark the voucher settled', timeoutMs: 30_000 });
    expect(settled).toMatchObject({ status: 'settled', settlement: { applicationId: applied.applicationId, amountFen: 50_000 } });
    expect((await commands.vouchers.holder(cancelledOne)).vouchers[0]).toMatchObject({ status: 'cancelled', settlement: null });
    // Still equal after the voucher was settled: the recomputation reads the holder's stream at the recorded position.
    expect(await commands.subsidyApplications.recompute(applied.applicationId)).toMatchObject({ factsSame: true, resultSame: true });

    // An objection during the 公示 that the voucher holder did not attend, upheld by the county.
    const objectionId = randomUUID();
    await commands.subsidyApplications.recordObjection(applied.applicationId, objectionId, { participantId: withVoucher, content: '该学员未实际参训', receivedOn: '2026-02-23', channel: '来电' }, county('2026-02-23T01:00:00Z'));
    await commands.subsidyApplications.resolveObjection(applied.applicationId, objectionId, true, '经核实异议成立', county('2026-02-24T01:00:00Z'));
    const reversed = await waitUntil(async () => (await commands.vouchers.holder(withVoucher)).vouchers[0]!, (v) => v.status === 'used', { what: 'the settlement process to reverse the settlement', timeoutMs: 30_000 });
    expect(reversed).toMatchObject({ status: 'used', settlement: null, use: { classId }, reversal: { applicationId: applied.applicationId, amountFen: 50_000, reason: 'SYB创业培训班（培训券）机构培训经费申报公示异议成立，申报撤销：经核实异议成立' } });
    const holderStream = `voucher-${withVoucher}`;
    const typesOf = async () => (await api.platform.store.readStream(holderStream)).map((e) => e.type);
    expect((await typesOf()).filter((t) => t === 'VoucherSettlementReversed')).toHaveLength(1);

    // The process's events handled again (a batch redelivered after a crash): nothing new on the holder's stream.
    const appEvents = await api.platform.store.readStream(applied.streamId);
    const before = await typesOf();
    expect(await reverseObjectedSettlements(api.platform.store, commands.vouchers, appEvents.find((e) => e.type === 'TrainingFundingObjectionResolved')!)).toBe(0);
    await settleApprovedVouchers(api.platform.store, commands.vouchers, appEvents.find((e) => e.type === 'TrainingFundingApproved')!);
    expect(await typesOf()).toEqual(before);

    // The record shows it: 已使用, no settled amount, the reversal with its reason and amount.
    const session = await api.login('nanmingRegistrar');
    const shown = await api.graphql<{ r: { vouchers: Record<string, unknown>[] } }>(session, 'query($p: ID!) { r: voucherHolder(personId: $p) { vouchers { statusLabel settledFen settlementReversedFen settlementReversalReason } } }', { p: withVoucher }, await api.settled());
    expect(shown.data!.r.vouchers[0]).toEqual({ statusLabel: '已使用', settledFen: null, settlementReversedFen: '50000', settlementReversalReason: expect.stringMatching(/公示异议成立，申报撤销：经核实异议成立$/) });
  });
});
