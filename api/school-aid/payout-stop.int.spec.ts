// 资助停发 over real HTTP (issue 15 §4: aid is for a student in school on the day it is paid): a grant
// of 2,500.00 in two instalments, the first dated before the student's registration began (a late
// registration the application accepted), the second today. The student's suspension from today is
// approved after the grant; the payer's batch then orders the first instalment and stops the second
// (reported in the batch's notes, its reservation released), a second batch orders nothing again,
// and the fund and the person reconcile to the fen with the stopped amount as removed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fundReservations } from '../../commands/fund/fund-commands';
import { parseAidStandard } from '../../domain/aid-standard/aid-standard-input';
import { parseAidApplication } from '../../domain/school-aid/school-aid-rules';
import { parseChangeInput } from '../../domain/student/student-change';
import { registrationInputSchema } from '../../domain/student/student-input';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { idNumber } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, testRegistration } from '../../testing/technical-school';

const YEAR = Number(chinaDay(0).slice(0, 4));
const STUDENT_ID_NUMBER = idNumber('520102', '20100612', 155);
const CARD = '6217001234567890144';
const PAYOUT = 'query($id: ID!) { schoolAidPayout(id: $id) { instalments { no on status statusLabel reason } } }';
const CREATE = 'mutation($f: ID!) { createPaymentBatch(fundId: $f) { id orderCount totalFen skipped } }';
const PERSON = 'query($n: String!) { personPaymentReconciliation(idNumber: $n) { approvedFen paidFen failedFen removedFen pendingFen balanced differences } }';

describe('school aid instalments stopped by a suspension (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let school: Session;
  let payer: Session;
  let applicationId: string;
  let fundId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    const { commands } = api.platform;
    const A = await createTestSchool(api.platform, { name: '贵州省机械工业技师学院', authorityId: ORGS.province, code: '52211' });
    const major = await approvedTestMajor(api.platform, A, [ORGS.province]);
    await openTestWindow(api.platform, ORGS.province);
    const input = { ...testRegistration(STUDENT_ID_NUMBER, major, { name: '李小明' }), phone: null };
    const registered = await commands.students.register(A, registrationInputSchema(chinaDay(0)).parse(input), actingAs(`op-${A}`, A, 'school_operator'), { submit: true });
    // A context per command: one command id each.
    const reviewer = () => actingAs('rev', ORGS.province, 'reviewer');
    await commands.reviews.approve(registered.streamId, '同意', [], reviewer());
    const studentId = registered.streamId.slice('student-'.length);
    const standard = parseAidStandard({ kind: 'grant', schoolYear: YEAR, termFrom: chinaDay(-100), termTo: chinaDay(200), grantTiers: [{ tier: 'first', amountFen: 250_000 }], eligibleYears: [1, 2], disbursementDates: [chinaDay(-3), chinaDay(0)] });
    const set = await commands.aidStandards.set(ORGS.province, standard, actingAs('op-province', ORGS.province, 'authority_operator'), { submit: true });
    await commands.reviews.approve(set.streamId, '同意', [], reviewer());
    await openTestWindow(api.platform, ORGS.province, 'grant');
    const applied = await commands.schoolAids.apply(A, parseAidApplication({ studentId, kind: 'grant', schoolYear: YEAR, tier: 'first', basis: 'poverty_registered' }), actingAs(`op-${A}`, A, 'school_operator'), { submit: true });
    applicationId = applied.applicationId;
    fundId = (await commands.funds.allocate({ authorityId: ORGS.province, line: 'student_aid', year: YEAR, amountFen: 1_000_000, basis: '黔财教〔2026〕1号' }, actingAs('province-finance', ORGS.province, 'authority_operator'))).fundId;
    await commands.reviews.approve(applied.streamId, '同意', [], reviewer());
    [school, payer] = await Promise.all([
      extraUser(api, { username: 'tf_jx', orgId: A, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'tf_sheng', orgId: ORGS.province, roles: ['authority_operator'] }).then((u) => u.session),
    ]);
    const account = await api.graphql(school, 'mutation($id: ID!, $a: String!) { recordSchoolAidPayoutAccount(id: $id, account: $a, accountName: "李小明") { revision } }', { id: applicationId, a: CARD });
    expect(account.errors).toBeUndefined();
    // After the grant was approved, the student suspends from today.
    const suspension = await commands.students.applyForChange(studentId, A, parseChangeInput({ kind: 'suspend', effectiveOn: chinaDay(0), reason: '因病休学' }), actingAs(`op-${A}`, A, 'school_operator'), { submit: true });
    await commands.reviews.approve(suspension.streamId, '同意', [], reviewer());
    await api.settled();
  }, 180_000);
  afterAll(async () => api.close());

  const reserved = async () => {
    const f = await fundReservations(api.platform.store).state(fundId);
    return f.status === 'open' ? f.reservedFen : null;
  };

  it('orders the instalment dated before the suspension and stops the one dated in it, releasing its reservation', async () => {
    expect(await reserved()).toBe(250_000);
    const created = await api.graphql<{ createPaymentBatch: { orderCount: number; totalFen: string; skipped: string[] } }>(payer, CREATE, { f: fundId }, await api.settled());
    expect(created.errors).toBeUndefined();
    expect(created.data!.createPaymentBatch).toMatchObject({ orderCount: 1, totalFen: '125000' });
    expect(created.data!.createPaymentBatch.skipped).toContain(`李小明·${YEAR}学年国家助学金：发放日${chinaDay(0)}学生${chinaDay(0)}起休学，第2期不予发放`);
    expect(await reserved()).toBe(125_000);
    const shown = await api.graphql<{ schoolAidPayout: { instalments: Record<string, unknown>[] } }>(school, PAYOUT, { id: applicationId }, await api.settled());
    expect(shown.data!.schoolAidPayout.instalments).toEqual([
      { no: 1, on: chinaDay(-3), status: 'ordered', statusLabel: '已生成支付指令', reason: null },
      { no: 2, on: chinaDay(0), status: 'stopped', statusLabel: '停发', reason: `发放日${chinaDay(0)}学生${chinaDay(0)}起休学，第2期不予发放` },
    ]);
    // Nothing is due any more: a second batch finds nothing and releases nothing twice.
    expect((await api.graphql(payer, CREATE, { f: fundId }, await api.settled())).errors![0]!.message).toContain('没有可支付的申报');
    expect(await reserved()).toBe(125_000);
    const released = (await api.platform.store.readStream(`fund-${fundId}`)).filter((e) => e.type === 'FundReservationReleased');
    expect(released.map((e) => (e.data as { reason: string }).reason)).toEqual(['entitlement_ended']);
  });

  it('reconciles the fund and the person with the stopped instalment as removed', async () => {
    const settled = await api.settled();
    const fund = await api.graphql<{ fundReconciliation: Record<string, unknown> }>(payer, `{ fundReconciliation(fundId: "${fundId}") { approvedFen paidFen pendingFen balanced differences } }`, {}, settled);
    expect(fund.data!.fundReconciliation).toEqual({ approvedFen: '250000', paidFen: '0', pendingFen: '125000', balanced: true, differences: [] });
    const person = await api.graphql<{ personPaymentReconciliation: Record<string, unknown> }>(payer, PERSON, { n: STUDENT_ID_NUMBER });
    expect(person.data!.personPaymentReconciliation).toEqual({ approvedFen: '250000', paidFen: '0', failedFen: '0', removedFen: '125000', pendingFen: '125000', balanced: true, differences: [] });
  });
});
