// 资助发放 over real HTTP (issue 15 §4 through issue 14's funds, batches and reconciliation): a grant
// of 2,500.00 in two instalments (one due already, one in 150 days) for a student of a school under
// the province. The approval is refused while the province has no 学生资助资金 of the year, and while
// the fund cannot cover the plan (nothing stays reserved); approved, both instalments are reserved.
// The school records the student's social-security-card financial account (masked in every answer);
// the payer's batch orders the instalment due to the card (a person payee, the account in clear only
// in the payment file; a first batch voided gives it back to the next); the bank stand-in fails it (frozen card): the amount goes back to the fund.
// A re-issue to the same account is refused; after the school records a new account the payer
// re-issues it (reserved again), the next batch pays it once under a new payment id. The fund and the
// person reconcile to the fen (approved 2,500.00 = paid 1,250.00 + pending 1,250.00), and a school
// and an authority of another prefecture see and write nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fundReservations } from '../../commands/fund/fund-commands';
import { parseAidStandard } from '../../domain/aid-standard/aid-standard-input';
import { registrationInputSchema } from '../../domain/student/student-input';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { bankStandIn } from '../../testing/bank-standin';
import { ORGS } from '../../testing/seed';
import { idNumber } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, testRegistration } from '../../testing/technical-school';
import { parseAidApplication } from '../../domain/school-aid/school-aid-rules';

const YEAR = Number(chinaDay(0).slice(0, 4));
const STUDENT_ID_NUMBER = idNumber('520102', '20100506', 131);
const FIRST_CARD = '6217001234567890128';
const SECOND_CARD = '6217001234567890136';
const PAYOUT = 'query($id: ID!) { schoolAidPayout(id: $id) { fundId accountMasked accountName instalments { no on amountFen status statusLabel reason reissued } } }';
const ACCOUNT = 'mutation($id: ID!, $a: String!) { recordSchoolAidPayoutAccount(id: $id, account: $a, accountName: "王小红") { revision } }';
const CREATE = 'mutation($f: ID!) { createPaymentBatch(fundId: $f) { id orderCount totalFen skipped } }';
const PERSON = 'query($n: String!) { personPaymentReconciliation(idNumber: $n) { approvedFen paidFen failedFen removedFen pendingFen balanced differences lines { title approvedFen status reissued } } }';

describe('school aid payout (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let school: Session;
  let payer: Session;
  let outsiderSchool: Session;
  let outsiderAuthority: Session;
  let applicationId: string;
  let streamId: string;
  let fundId: string;
  const bank = bankStandIn({ fail: (line) => (line.account === FIRST_CARD ? '社保卡金融账户已冻结' : undefined) });

  beforeAll(async () => {
    api = await startApiHarness();
    const { commands } = api.platform;
    const A = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52201' });
    const C = await createTestSchool(api.platform, { name: '遵义市技师学院', authorityId: ORGS.zunyi, code: '52203', divisionCode: '520300' });
    const major = await approvedTestMajor(api.platform, A, [ORGS.province]);
    await openTestWindow(api.platform, ORGS.province);
    const input = { ...testRegistration(STUDENT_ID_NUMBER, major, { name: '王小红' }), phone: null };
    const registered = await commands.students.register(A, registrationInputSchema(chinaDay(0)).parse(input), actingAs(`op-${A}`, A, 'school_operator'), { submit: true });
    await commands.reviews.approve(registered.streamId, '同意', [], actingAs('rev', ORGS.province, 'reviewer'));
    const standard = parseAidStandard({ kind: 'grant', schoolYear: YEAR, termFrom: chinaDay(-100), termTo: chinaDay(200), grantTiers: [{ tier: 'first', amountFen: 250_000 }], eligibleYears: [1, 2], disbursementDates: [chinaDay(-3), chinaDay(150)] });
    const set = await commands.aidStandards.set(ORGS.province, standard, actingAs('op-province', ORGS.province, 'authority_operator'), { submit: true });
    await commands.reviews.approve(set.streamId, '同意', [], actingAs('rev', ORGS.province, 'reviewer'));
    await openTestWindow(api.platform, ORGS.province, 'grant');
    const applied = await commands.schoolAids.apply(A, parseAidApplication({ studentId: registered.streamId.slice('student-'.length), kind: 'grant', schoolYear: YEAR, tier: 'first', basis: 'poverty_registered' }), actingAs(`op-${A}`, A, 'school_operator'), { submit: true });
    ({ applicationId, streamId } = applied);
    [school, payer, outsiderSchool, outsiderAuthority] = await Promise.all([
      extraUser(api, { username: 'zf_jt', orgId: A, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zf_sheng', orgId: ORGS.province, roles: ['authority_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zf_zy', orgId: C, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zf_zunyi', orgId: ORGS.zunyi, roles: ['authority_operator'] }).then((u) => u.session),
    ]);
    await api.settled();
  }, 180_000);
  afterAll(async () => api.close());

  const approve = () => api.platform.commands.reviews.approve(streamId, '同意', [], actingAs('rev', ORGS.province, 'reviewer'));
  const fundFigures = async () => {
    const f = await fundReservations(api.platform.store).state(fundId);
    return f.status === 'open' ? { reservedFen: f.reservedFen, spentFen: f.spentFen } : null;
  };

  it('refuses the approval while the fund is missing or cannot cover the plan, keeping nothing reserved; approved, each instalment is reserved', async () => {
    await expect(approve()).rejects.toThrow(`院校主管部门${YEAR}年的学生资助资金尚未下达，不能审批通过；请先下达资金`);
    const allocated = await api.platform.commands.funds.allocate({ authorityId: ORGS.province, line: 'student_aid', year: YEAR, amountFen: 200_000, basis: '黔财教〔2026〕1号' }, actingAs('province-finance', ORGS.province, 'authority_operator'));
    fundId = allocated.fundId;
    // The first instalment fits, the second does not: refused with the figures, the first released again.
    await expect(approve()).rejects.toThrow(/资金余额不足，不能审批通过.*缺口500.00元/);
    expect(await fundFigures()).toEqual({ reservedFen: 0, spentFen: 0 });
    await api.platform.commands.funds.adjust(fundId, { deltaFen: 800_000, basis: '黔财教〔2026〕2号', reason: '追加学生资助资金' }, actingAs('province-finance', ORGS.province, 'authority_operator'));
    await approve();
    expect(await fundFigures()).toEqual({ reservedFen: 250_000, spentFen: 0 });
    const shown = await api.graphql<{ schoolAidPayout: { instalments: unknown[]; accountMasked: string | null } }>(school, PAYOUT, { id: applicationId }, await api.settled());
    expect(shown.data!.schoolAidPayout).toMatchObject({
      fundId,
      accountMasked: null,
      instalments: [
        { no: 1, on: chinaDay(-3), amountFen: '125000', status: 'planned', statusLabel: '待发放', reason: null, reissued: 0 },
        { no: 2, on: chinaDay(150), amountFen: '125000', status: 'planned', statusLabel: '待发放', reason: null, reissued: 0 },
      ],
    });
  });

  it('pays only to a recorded card account: the school records it (masked), another prefecture cannot', async () => {
    const before = await api.graphql<{ createPaymentBatch: unknown }>(payer, CREATE, { f: fundId });
    expect(before.errors![0]!.message).toContain('没有可支付的申报');
    expect((await api.graphql(school, ACCOUNT, { id: applicationId, a: '6217 0012 3456' })).errors![0]!.extensions.fields).toEqual([{ field: 'account', message: '社保卡金融账户应为13至19位数字' }]);
    expect((await api.graphql(outsiderSchool, ACCOUNT, { id: applicationId, a: FIRST_CARD })).errors![0]!.extensions.code).toBe('NOT_FOUND');
    const recorded = await api.graphql(school, ACCOUNT, { id: applicationId, a: FIRST_CARD });
    expect(recorded.errors).toBeUndefined();
    const shown = await api.graphql<{ schoolAidPayout: { accountMasked: string } }>(school, PAYOUT, { id: applicationId }, await api.settled());
    expect(shown.data!.schoolAidPayout.accountMasked).not.toContain(FIRST_CARD.slice(4, 15));
    expect(JSON.stringify((await api.platform.store.readStream(streamId)).at(-1)!.data)).not.toContain(FIRST_CARD);
  });

  it('orders the instalment due to the student\'s card; the bank fails it: the amount goes back to the fund', async () => {
    // A batch voided before it reaches the bank gives the instalment back (still reserved): the next batch orders it again.
    const voided = await api.graphql<{ createPaymentBatch: { id: string; orderCount: number } }>(payer, CREATE, { f: fundId }, await api.settled());
    expect(voided.data!.createPaymentBatch.orderCount).toBe(1);
    const voidAnswer = await api.graphql(payer, `mutation { voidPaymentBatch(id: "${voided.data!.createPaymentBatch.id}", reason: "发放名单待复核") { revision } }`, {}, await api.settled());
    expect(voidAnswer.errors).toBeUndefined();
    const released = (await api.platform.store.readStream(streamId)).filter((e) => e.type === 'SchoolAidInstalmentReleased');
    expect(released.map((e) => (e.data as { no: number; reason: string }))).toEqual([expect.objectContaining({ no: 1, reason: '发放名单待复核' })]);
    expect(await fundFigures()).toEqual({ reservedFen: 250_000, spentFen: 0 });
    const created = await api.graphql<{ createPaymentBatch: { id: string; orderCount: number; totalFen: string } }>(payer, CREATE, { f: fundId }, await api.settled());
    expect(created.errors).toBeUndefined();
    expect(created.data!.createPaymentBatch).toMatchObject({ orderCount: 1, totalFen: '125000' });
    const batchId = created.data!.createPaymentBatch.id;
    const batch = await api.graphql<{ paymentBatch: { orders: Record<string, unknown>[] } }>(payer, `{ paymentBatch(id: "${batchId}") { orders { source payeeKind payeeKindLabel payeeName accountMasked amountFen purpose } } }`, {}, await api.settled());
    expect(batch.data!.paymentBatch.orders).toEqual([{ source: 'school-aid', payeeKind: 'person', payeeKindLabel: '社保卡金融账户', payeeName: '王小红', accountMasked: expect.not.stringContaining(FIRST_CARD), amountFen: '125000', purpose: `王小红·${YEAR}学年国家助学金第1期` }]);
    const file = (await api.platform.commands.paymentBatches.issueFile(batchId, actingAs('op-province', ORGS.province, 'authority_operator'))).content;
    expect(file).toContain(`,${FIRST_CARD},王小红,125000,`);
    await api.platform.commands.paymentBatches.importResults(batchId, bank.process(file), actingAs('op-province', ORGS.province, 'authority_operator'));
    expect(await fundFigures()).toEqual({ reservedFen: 125_000, spentFen: 0 });
    const shown = await api.graphql<{ schoolAidPayout: { instalments: { status: string; reason: string | null }[] } }>(school, PAYOUT, { id: applicationId }, await api.settled());
    expect(shown.data!.schoolAidPayout.instalments.map((i) => [i.status, i.reason])).toEqual([['failed', '社保卡金融账户已冻结'], ['planned', null]]);
    // Nothing else is due: a second batch finds nothing.
    expect((await api.graphql(payer, CREATE, { f: fundId })).errors![0]!.message).toContain('没有可支付的申报');
  });

  it('re-issues the failed instalment only to a different account, by the payer, and pays it once under a new payment id', async () => {
    const REISSUE = `mutation { reissueSchoolAidInstalment(id: "${applicationId}", no: 1) { revision } }`;
    expect((await api.graphql(payer, REISSUE)).errors![0]!.message).toBe('收款账户与失败时相同，请先登记新的社保卡金融账户');
    expect((await api.graphql(school, ACCOUNT, { id: applicationId, a: SECOND_CARD })).errors).toBeUndefined();
    expect((await api.graphql(school, REISSUE)).errors![0]!.message).toMatch(/^您没有/);
    expect((await api.graphql(outsiderAuthority, REISSUE)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql(payer, REISSUE)).errors).toBeUndefined();
    expect(await fundFigures()).toEqual({ reservedFen: 250_000, spentFen: 0 });

    const created = await api.graphql<{ createPaymentBatch: { id: string; orderCount: number } }>(payer, CREATE, { f: fundId }, await api.settled());
    expect(created.data!.createPaymentBatch.orderCount).toBe(1);
    const batchId = created.data!.createPaymentBatch.id;
    const file = (await api.platform.commands.paymentBatches.issueFile(batchId, actingAs('op-province', ORGS.province, 'authority_operator'))).content;
    expect(file).toContain(`,${SECOND_CARD},`);
    const result = bank.process(file);
    await api.platform.commands.paymentBatches.importResults(batchId, result, actingAs('op-province', ORGS.province, 'authority_operator'));
    await api.platform.commands.paymentBatches.importResults(batchId, result, actingAs('op-province', ORGS.province, 'authority_operator'));
    bank.process(file);
    expect([...bank.paidCount.values()]).toEqual([1]);
    expect(await fundFigures()).toEqual({ reservedFen: 125_000, spentFen: 125_000 });
  });

  it('reconciles the fund and the person to the fen; another prefecture sees none of the person\'s records', async () => {
    const settled = await api.settled();
    const fund = await api.graphql<{ fundReconciliation: Record<string, unknown> }>(payer, `{ fundReconciliation(fundId: "${fundId}") { approvedFen paidFen failedFen pendingFen balanced differences } }`, {}, settled);
    expect(fund.data!.fundReconciliation).toEqual({ approvedFen: '250000', paidFen: '125000', failedFen: '0', pendingFen: '125000', balanced: true, differences: [] });
    const person = await api.graphql<{ personPaymentReconciliation: Record<string, unknown> }>(payer, PERSON, { n: STUDENT_ID_NUMBER });
    expect(person.data!.personPaymentReconciliation).toEqual({
      approvedFen: '250000', paidFen: '125000', failedFen: '0', removedFen: '0', pendingFen: '125000', balanced: true, differences: [],
      lines: [
        { title: `王小红·${YEAR}学年国家助学金第1期`, approvedFen: '125000', status: 'paid', reissued: 1 },
        { title: `王小红·${YEAR}学年国家助学金第2期`, approvedFen: '125000', status: 'pending', reissued: 0 },
      ],
    });
    const outside = await api.graphql<{ personPaymentReconciliation: { approvedFen: string; lines: unknown[] } }>(outsiderAuthority, PERSON, { n: STUDENT_ID_NUMBER });
    expect(outside.data!.personPaymentReconciliation).toMatchObject({ approvedFen: '0', lines: [] });
    expect((await api.graphql(outsiderAuthority, PAYOUT, { id: applicationId })).data).toEqual({ schoolAidPayout: null });
    expect((await api.graphql(payer, PERSON, { n: '5201' })).errors![0]!.extensions.fields).toEqual([{ field: 'idNumber', message: '身份证号码应为18位' }]);
  });
});
