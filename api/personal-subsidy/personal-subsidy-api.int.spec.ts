// 个人补贴 over real HTTP, from an SYB class completed through the platform's own commands and the
// province's approved standards: the preview names the standard's version or every reason of a
// refusal; bad evidence is refused in Chinese writing nothing; two applications for the same
// person and kind made at the same moment: exactly one is recorded; the county, then the
// prefecture reviews, and the final approval reserves the amount on the payer's fund (refused
// while there is none) and publishes the 公示; an upheld objection revokes the subsidy and gives the
// amount back; a second start-up subsidy for the person is refused; another county's institution
// neither sees nor applies. Once its 公示 is over, a payment batch orders it to the person's
// social-security-card financial account (the trainee record's reviewed bank card; a person without
// one is skipped with the reason); a batch voided before the bank gives the order back, the next
// batch orders it again, and the bank stand-in's result file records it paid, once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pactum from 'pactum';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { personalSubsidyPayables } from '../../commands/personal-subsidy/payment-source';
import { luhnCheckDigit } from '../../domain/personal-data/bank-card';
import { parseTraineeEdit } from '../../domain/trainee/trainee-input';
import { payablePersonalSubsidies, personalSubsidiesOfPerson } from '../../projections/personal-subsidy/payables';
import { idNumber } from '../../scripts/e2e/steps/test-data';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { bankStandIn } from '../../testing/bank-standin';
import { ORGS } from '../../testing/seed';
import { seedCompletedClass } from '../training-class/testing/class-world';

const MONTH_AGO = new Date(Date.now() - 30 * 86_400_000);
const as = (orgId: string, id: string, now?: Date): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null, ...(now ? { now } : {}) };
};

const LICENCE = { licenceNo: '91350100M000100Y43', registeredOn: '2026-03-01', businessName: '创业学员小吃店' };
const CALC = 'kindLabel amountFen refusals days claimLabel standard { standardId version amountFen unitLabel basis } personName className startedOn evidence { label value } computedAt';
const RECORD = `query($id: ID!) { personalSubsidy(id: $id) { id streamId kindLabel personName amountFen reviewStatus reviewLevel payerId noticeUntil openObjections revoked current { reservedFen unpayableReason notice { days dayKindLabel until } objections { objectionId status } calculation { ${CALC} } } history { applicationId } } }`;

describe('personal subsidies', () => {
  let api: ApiHarness;
  let school: Session;
  let otherSchool: Session;
  let county: Session;
  let city: Session;
  let registrar: Session;
  let classId: string;
  let traineeId: string;
  let startupStandard: string;

  beforeAll(async () => {
    api = await startApiHarness();
    ({ classId, traineeId } = await seedCompletedClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '8' }));
    // The province's 一次性创业补贴: 5,000.00 元 per person from 2026-01-01; 生活费补贴 30.00 元 a day.
    const { commands } = api.platform;
    const standard = async (subject: 'startup' | 'living_allowance', amountFen: number, unit: 'per_person' | 'per_day') => {
      const id = randomUUID();
      await commands.subsidyStandards.propose(id, { subject, trainingKind: null, occupationCode: null, level: null, personCategory: null }, { amountFen, unit, effectiveFrom: '2026-01-01', basis: '黔人社通〔2026〕9号' }, as(ORGS.province, 'province-operator'), { submit: true });
      await commands.reviews.approve(`subsidy-standard-${id}`, '同意', [], as(ORGS.province, 'province-reviewer'));
      return id;
    };
    startupStandard = await standard('startup', 500_000, 'per_person');
    await standard('living_allowance', 3_000, 'per_day');
    [school, otherSchool, county, city, registrar] = (await Promise.all(['nanmingSchool', 'yunyanSchool', 'nanmingReviewer', 'guiyangReviewer', 'nanmingRegistrar'].map((u) => api.login(u as never)))) as [Session, Session, Session, Session, Session];
    await api.settled();
  }, 180_000);
  afterAll(async () => api.close());

  let subsidyId: string;
  let streamId: string;
  let fundId: string;

  it('previews: the start-up subsidy at the standard in force on the class start; a living allowance refused with its reason', async () => {
    const preview = async (input: Record<string, unknown>) => api.graphql<{ personalSubsidyPreview: Record<string, unknown> }>(school, `query($i: PersonalSubsidyInput!) { personalSubsidyPreview(input: $i) { ${CALC} } }`, { i: input });
    const startup = await preview({ kind: 'startup', classId, personId: traineeId, ...LICENCE });
    expect(startup.errors).toBeUndefined();
    expect(startup.data!.personalSubsidyPreview).toMatchObject({
      kindLabel: '一次性创业补贴',
      amountFen: '500000',
      refusals: [],
      days: null,
      standard: { standardId: startupStandard, version: 1, amountFen: '500000', unitLabel: '元/人', basis: '黔人社通〔2026〕9号' },
      personName: '创业学员',
      startedOn: '2026-02-02',
      evidence: [{ label: '营业执照统一社会信用代码', value: LICENCE.licenceNo }, { label: '营业执照登记日期', value: '2026-03-01' }, { label: '经营主体名称', value: LICENCE.businessName }],
    });
    const living = await preview({ kind: 'living_allowance', classId, personId: traineeId });
    expect(living.data!.personalSubsidyPreview).toMatchObject({ amountFen: '0', refusals: ['人员类别不是贫困家庭子女（graduate）'] });
  });

  it('refuses bad evidence in Chinese and a refused case, writing nothing', async () => {
    const apply = `mutation($i: PersonalSubsidyInput!) { applyPersonalSubsidy(input: $i) { id } }`;
    const bad = await api.graphql(school, apply, { i: { kind: 'startup', classId, personId: traineeId, licenceNo: '123', registeredOn: '2026-02-30', businessName: '' } });
    expect(bad.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const fields = JSON.stringify(bad.errors![0]!.extensions);
    expect(fields).toContain('营业执照登记日期');
    expect(fields).toContain('经营主体名称');
    const refused = await api.graphql(school, apply, { i: { kind: 'living_allowance', classId, personId: traineeId } });
    expect(refused.errors![0]!.message).toBe('不符合生活费补贴条件：人员类别不是贫困家庭子女（graduate）');
    expect(await api.platform.store.readAll({ after: 0n, maxCount: 10, typePrefixes: ['PersonalSubsidy'] })).toMatchObject({ events: [] });
  });

  it('two applications for the same person and kind at the same moment: exactly one is recorded', async () => {
    const input = { kind: 'startup' as const, classId, personId: traineeId, evidence: { kind: 'startup' as const, ...LICENCE } };
    const results = await Promise.allSettled([
      api.platform.commands.personalSubsidies.apply(input, as(ORGS.nanmingSchool, 'school-clerk'), { submit: false }),
      api.platform.commands.personalSubsidies.apply(input, as(ORGS.nanming, 'county-counter')),
    ]);
    const done = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect([done.length, failed.length]).toEqual([1, 1]);
    expect(String(failed[0]!.reason.message)).toMatch(/尚未办结/);
    subsidyId = (done[0] as PromiseFulfilledResult<{ subsidyId: string }>).value.subsidyId;
    streamId = `personal-subsidy-${subsidyId}`;
    expect((await api.platform.store.readStream(streamId)).map((e) => e.type)).toEqual(['PersonalSubsidyApplied']);
  });

  it('out of scope: another county\'s institution neither sees nor applies', async () => {
    expect((await api.graphql(otherSchool, RECORD, { id: subsidyId })).data).toEqual({ personalSubsidy: null });
    const refused = await api.graphql(otherSchool, `mutation($i: PersonalSubsidyInput!) { applyPersonalSubsidy(input: $i) { id } }`, { i: { kind: 'startup', classId, personId: traineeId, ...LICENCE } });
    expect(refused.errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql<{ personalSubsidies: { total: number } }>(otherSchool, '{ personalSubsidies { total } }', {}, await api.settled())).data!.personalSubsidies.total).toBe(0);
  });

  it('reviewed by the county, then the prefecture; the final approval reserves on the payer\'s fund (refused while there is none) and publishes the 公示', async () => {
    const submitted = await api.graphql(registrar, `mutation { submitForReview(streamId: "${streamId}", note: "窗口受理") { revision } }`);
    // The record was taken by whichever won the race; only the organisation that took it submits it.
    if (submitted.errors) {
      expect(submitted.errors[0]!.extensions.code).toBe('FORBIDDEN');
      expect((await api.graphql(school, `mutation { submitForReview(streamId: "${streamId}", note: "机构受理") { revision } }`)).errors).toBeUndefined();
    }
    const approve = async (session: Session) => api.graphql(session, `mutation { approveReview(streamId: "${streamId}", opinion: "同意") { revision } }`, {}, await api.settled());
    expect((await approve(county)).errors).toBeUndefined();
    const before = (await api.platform.store.readStream(streamId)).length;
    expect((await approve(city)).errors![0]!.message).toContain('2026年的就业补助资金尚未下达');
    expect((await api.platform.store.readStream(streamId)).length).toBe(before);

    const allocated = await api.graphql<{ allocateFund: { id: string } }>(registrar, `mutation { allocateFund(input: { authorityId: "${ORGS.nanming}", line: "employment_subsidy", year: 2026, amountFen: "800000", basis: "南人社〔2026〕8号" }) { id } }`);
    fundId = allocated.data!.allocateFund.id;
    expect((await approve(city)).errors).toBeUndefined();
    const settled = await api.settled();
    const record = await api.graphql<{ personalSubsidy: Record<string, unknown> & { current: { notice: { until: string } } } }>(county, RECORD, { id: subsidyId }, settled);
    expect(record.data!.personalSubsidy).toMatchObject({ kindLabel: '一次性创业补贴', personName: '创业学员', amountFen: '500000', reviewStatus: 'approved', payerId: ORGS.nanming, revoked: false, current: { reservedFen: '500000', notice: { days: 5, dayKindLabel: '个工作日' } } });
    const { until } = record.data!.personalSubsidy.current.notice;
    expect(record.data!.personalSubsidy.current).toMatchObject({ unpayableReason: `公示期至${until}，公示期满后才能支付` });
    const fund = await api.graphql<{ fund: Record<string, unknown> }>(registrar, `{ fund(id: "${fundId}") { allocatedFen reservedFen remainingFen } }`, {}, settled);
    expect(fund.data!.fund).toEqual({ allocatedFen: '800000', reservedFen: '500000', remainingFen: '300000' });
    const list = await api.graphql<{ personalSubsidies: { total: number; items: { id: string }[] } }>(county, '{ personalSubsidies(filter: { kind: "startup" }) { total items { id } } }', {}, settled);
    expect(list.data!.personalSubsidies.items.map((i) => i.id)).toContain(subsidyId);
    // The public side of the 公示 (no session): the name and ID number masked, the amount and the period.
    const published = await pactum.spec().get(`${api.url}/public/personal-subsidy-notices`).expectStatus(200).toss();
    const body = published.json as { total: number; items: { title: string; className: string; until: string; totalFen: string; people: { name: string; idNumber: string; amountFen: string }[]; objection: string }[] };
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ title: '一次性创业补贴公示', until, totalFen: '500000', people: [{ name: '创***', amountFen: '500000' }] });
    expect(body.items[0]!.people[0]!.idNumber).toMatch(/^5201\*{10}\d{3}[\dX]$/);
    expect(body.items[0]!.objection).toContain(`请于${until}前`);
    expect(JSON.stringify(body)).not.toContain('创业学员');
  });

  it('an objection recorded by the payer and upheld revokes the subsidy and gives the amount back; the start-up subsidy stays once per person', async () => {
    const OBJECT = `mutation($id: ID!, $i: FundingObjectionInput!) { recordPersonalSubsidyObjection(id: $id, input: $i) { id } }`;
    const input = { content: '该店实际经营者另有其人', receivedOn: '2026-03-10', channel: '来电' };
    expect((await api.graphql(school, OBJECT, { id: subsidyId, i: input })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    const recorded = await api.graphql<{ recordPersonalSubsidyObjection: { id: string } }>(registrar, OBJECT, { id: subsidyId, i: input });
    expect(recorded.errors).toBeUndefined();
    const objectionId = recorded.data!.recordPersonalSubsidyObjection.id;
    const open = await api.graphql<{ personalSubsidy: Record<string, unknown> }>(county, RECORD, { id: subsidyId }, await api.settled());
    expect(open.data!.personalSubsidy).toMatchObject({ openObjections: 1, current: { objections: [{ objectionId, status: 'open' }] } });
    const resolve = `mutation { resolvePersonalSubsidyObjection(id: "${subsidyId}", objectionId: "${objectionId}", upheld: true, resolution: "经核实属实，撤销补贴") { revision } }`;
    expect((await api.graphql(registrar, resolve)).errors).toBeUndefined();
    expect((await api.graphql(registrar, resolve)).errors).toBeUndefined();
    const settled = await api.settled();
    const after = await api.graphql<{ personalSubsidy: Record<string, unknown> }>(county, RECORD, { id: subsidyId }, settled);
    expect(after.data!.personalSubsidy).toMatchObject({ revoked: true, openObjections: 0, current: { unpayableReason: '公示异议成立，补贴已撤销' } });
    const funds = await api.graphql<{ funds: { items: { reservedFen: string; remainingFen: string }[] } }>(registrar, '{ funds(filter: { year: 2026, line: "employment_subsidy" }) { items { reservedFen remainingFen } } }', {}, settled);
    expect(funds.data!.funds.items).toEqual([{ reservedFen: '0', remainingFen: '800000' }]);
    // Revoked, it is no longer on the public notice.
    expect((await pactum.spec().get(`${api.url}/public/personal-subsidy-notices`).expectStatus(200).toss()).json).toMatchObject({ total: 0, items: [] });
    // Revoked, the claim no longer holds: the person may apply again, on the same stream, with the first kept in its history.
    const again = await api.graphql<{ applyPersonalSubsidy: { id: string } }>(registrar, `mutation($i: PersonalSubsidyInput!) { applyPersonalSubsidy(input: $i, submit: true) { id } }`, { i: { kind: 'startup', classId, personId: traineeId, ...LICENCE } });
    expect(again.errors).toBeUndefined();
    expect(again.data!.applyPersonalSubsidy.id).toBe(subsidyId);
    const record = await api.graphql<{ personalSubsidy: { reviewStatus: string; history: unknown[] } }>(county, RECORD, { id: subsidyId }, await api.settled());
    expect([record.data!.personalSubsidy.reviewStatus, record.data!.personalSubsidy.history.length]).toEqual(['pending', 1]);
    // While that one holds, a third is refused on the stream.
    const third = await api.graphql(school, `mutation($i: PersonalSubsidyInput!) { applyPersonalSubsidy(input: $i) { id } }`, { i: { kind: 'startup', classId, personId: traineeId, ...LICENCE } });
    expect(third.errors![0]!.message).toContain('尚未办结');
  });

  it('paid by a payment batch to the person\'s social-security-card financial account once its 公示 is over: skipped without an account, paid once with one', async () => {
    const { commands } = api.platform;
    const second = await seedCompletedClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '9' });
    await api.settled();
    const input = { kind: 'startup' as const, classId: second.classId, personId: second.traineeId, evidence: { kind: 'startup' as const, ...LICENCE } };
    // Applied and approved a month ago: the 公示 is over today.
    const applied = await commands.personalSubsidies.apply(input, as(ORGS.nanmingSchool, 'school-clerk', MONTH_AGO), { submit: true });
    await commands.reviews.approve(applied.streamId, '同意', [], as(ORGS.nanming, 'county-reviewer', MONTH_AGO));
    await commands.reviews.approve(applied.streamId, '同意', [], as(ORGS.guiyang, 'city-reviewer', MONTH_AGO));
    const CREATE = `mutation($f: ID!) { createPaymentBatch(fundId: $f) { id orderCount totalFen skipped } }`;
    const without = await api.graphql<{ createPaymentBatch: unknown }>(registrar, CREATE, { f: fundId }, await api.settled());
    expect(without.errors![0]!.message).toContain('没有可支付的申报');
    // The source names why: a candidate (approved, 公示 over, no objection) without an account.
    const source = personalSubsidyPayables({ store: api.platform.store, candidates: payablePersonalSubsidies(api.platform.knex), ofPerson: personalSubsidiesOfPerson(api.platform.knex) });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await source.candidates(fundId, today)).toEqual([applied.subsidyId]);
    expect(await source.prepare(applied.subsidyId, randomUUID(), today)).toEqual({ record: null, skipped: ['创业学员一次性创业补贴：学员信息中没有审核生效的社保卡金融账户（银行账号）'] });

    // The card is entered on the trainee's record and the change reviewed by the county.
    await commands.trainees.update(second.traineeId, parseTraineeEdit({ name: '创业学员', personCategory: 'graduate', bankAccount: '6222020200000000014' }, '2026-03-01'), [], as(ORGS.nanmingSchool, 'school-clerk'));
    await commands.reviews.submit(`trainee-${second.traineeId}`, '登记社保卡', as(ORGS.nanmingSchool, 'school-clerk'));
    await commands.reviews.approve(`trainee-${second.traineeId}`, '同意', [], as(ORGS.nanming, 'county-reviewer'));
    // A batch voided before it reaches the bank gives the order back: the next batch orders it again.
    const voided = await api.graphql<{ createPaymentBatch: { id: string; orderCount: number } }>(registrar, CREATE, { f: fundId }, await api.settled());
    expect(voided.data!.createPaymentBatch.orderCount).toBe(1);
    const voidAnswer = await api.graphql(registrar, `mutation { voidPaymentBatch(id: "${voided.data!.createPaymentBatch.id}", reason: "社保卡信息待核实") { revision } }`, {}, await api.settled());
    expect(voidAnswer.errors).toBeUndefined();
    const released = (await api.platform.store.readStream(applied.streamId)).filter((e) => e.type === 'PersonalSubsidyPaymentOrderReleased');
    expect(released.map((e) => (e.data as { reason: string }).reason)).toEqual(['社保卡信息待核实']);
    const created = await api.graphql<{ createPaymentBatch: { id: string; orderCount: number; totalFen: string; skipped: string[] } }>(registrar, CREATE, { f: fundId }, await api.settled());
    expect(created.errors).toBeUndefined();
    expect(created.data!.createPaymentBatch).toMatchObject({ orderCount: 1, totalFen: '500000' });
    const batchId = created.data!.createPaymentBatch.id;
    expect(batchId).not.toBe(voided.data!.createPaymentBatch.id);
    const ordered = await api.graphql<{ personalSubsidy: { current: { unpayableReason: string; payment: { status: string } } } }>(county, RECORD.replace('unpayableReason', 'unpayableReason payment { status statusLabel }'), { id: applied.subsidyId }, await api.settled());
    expect(ordered.data!.personalSubsidy.current).toMatchObject({ unpayableReason: '已生成支付指令', payment: { status: 'ordered' } });

    const issued = await api.graphql<{ issuePaymentFile: { content: string } }>(registrar, `mutation { issuePaymentFile(id: "${batchId}") { content } }`);
    const paymentFile = issued.data!.issuePaymentFile.content;
    expect(paymentFile).toContain('6222020200000000014');
    const bank = bankStandIn();
    const resultFile = bank.process(paymentFile);
    const imported = await api.graphql(registrar, `mutation($c: String!) { importPaymentResults(id: "${batchId}", content: $c) { revision } }`, { c: resultFile });
    expect(imported.errors).toBeUndefined();
    // The same file again changes nothing, and the bank paid the payment id once.
    expect((await api.graphql(registrar, `mutation($c: String!) { importPaymentResults(id: "${batchId}", content: $c) { revision } }`, { c: bank.process(paymentFile) })).errors).toBeUndefined();
    expect([...bank.paidCount.values()]).toEqual([1]);
    const settled = await api.settled();
    const paid = await api.graphql<{ personalSubsidy: { paymentStatus: string; current: Record<string, unknown> } }>(county, `query($id: ID!) { personalSubsidy(id: $id) { paymentStatus current { unpayableReason payment { status amountFen bankRef } } } }`, { id: applied.subsidyId }, settled);
    expect(paid.data!.personalSubsidy).toMatchObject({ paymentStatus: 'paid', current: { unpayableReason: '已支付', payment: { status: 'paid', amountFen: '500000' } } });
    const history = (await api.platform.store.readStream(applied.streamId)).map((e) => e.type);
    expect([history.filter((t) => t === 'PersonalSubsidyPaymentOrdered').length, history.filter((t) => t === 'PersonalSubsidyPaid').length]).toEqual([2, 1]);
    const fund = await api.graphql<{ fund: Record<string, unknown> }>(registrar, `{ fund(id: "${fundId}") { allocatedFen reservedFen remainingFen } }`, {}, settled);
    // 500,000 of the 800,000 spent; the first trainee's second application is still under review (nothing reserved).
    expect(fund.data!.fund).toEqual({ allocatedFen: '800000', reservedFen: '0', remainingFen: '300000' });
    // 对账: the fund's figures against the personal subsidies reserved on it (the revoked one and the paid one) and the batch, to the fen.
    const reconciled = await api.graphql<{ fundReconciliation: { balanced: boolean; differences: string[]; paidFen: string; removedFen: string } }>(registrar, `{ fundReconciliation(fundId: "${fundId}") { balanced differences paidFen removedFen } }`);
    expect(reconciled.data!.fundReconciliation).toEqual({ balanced: true, differences: [], paidFen: '500000', removedFen: '500000' });
  });
  it('a failed payment is re-issued only through a reviewed 重新支付 with a new account that references it, then paid once in a new batch', async () => {
    const { commands } = api.platform;
    const third = await seedCompletedClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '6' });
    await api.settled();
    const applied = await commands.personalSubsidies.apply({ kind: 'startup', classId: third.classId, personId: third.traineeId, evidence: { kind: 'startup', ...LICENCE } }, as(ORGS.nanmingSchool, 'school-clerk', MONTH_AGO), { submit: true });
    await commands.reviews.approve(applied.streamId, '同意', [], as(ORGS.nanming, 'county-reviewer', MONTH_AGO));
    // The fund is topped up for this third start-up subsidy (800,000 allocated, 500,000 spent above).
    expect((await api.graphql(registrar, `mutation { adjustFund(id: "${fundId}", deltaFen: "500000", basis: "南人社〔2026〕9号", reason: "追加") { revision } }`)).errors).toBeUndefined();
    await commands.reviews.approve(applied.streamId, '同意', [], as(ORGS.guiyang, 'city-reviewer', MONTH_AGO));
    const oldCard = `622202020000000003${luhnCheckDigit('622202020000000003')}`;
    const newCard = `621700000000000004${luhnCheckDigit('621700000000000004')}`;
    await commands.trainees.update(third.traineeId, parseTraineeEdit({ name: '创业学员', personCategory: 'graduate', bankAccount: oldCard }, '2026-03-01'), [], as(ORGS.nanmingSchool, 'school-clerk'));
    await commands.reviews.submit(`trainee-${third.traineeId}`, '登记社保卡', as(ORGS.nanmingSchool, 'school-clerk'));
    await commands.reviews.approve(`trainee-${third.traineeId}`, '同意', [], as(ORGS.nanming, 'county-reviewer'));

    // The bank fails every order to the old card (a frozen card).
    const bank = bankStandIn({ fail: (line) => (line.account === oldCard ? '社保卡已冻结' : undefined) });
    const CREATE = `mutation($f: ID!) { createPaymentBatch(fundId: $f) { id orderCount totalFen } }`;
    const runBatch = async () => {
      const created = await api.graphql<{ createPaymentBatch: { id: string; orderCount: number; totalFen: string } }>(registrar, CREATE, { f: fundId }, await api.settled());
      expect(created.errors).toBeUndefined();
      expect(created.data!.createPaymentBatch).toMatchObject({ orderCount: 1, totalFen: '500000' });
      const batchId = created.data!.createPaymentBatch.id;
      const issued = await api.graphql<{ issuePaymentFile: { content: string } }>(registrar, `mutation { issuePaymentFile(id: "${batchId}") { content } }`, {}, await api.settled());
      expect(issued.errors).toBeUndefined();
      const file = issued.data!.issuePaymentFile.content;
      expect((await api.graphql(registrar, `mutation($c: String!) { importPaymentResults(id: "${batchId}", content: $c) { revision } }`, { c: bank.process(file) })).errors).toBeUndefined();
      return file;
    };
    expect(await runBatch()).toContain(oldCard);
    const FIELDS = 'paymentStatus current { unpayableReason reservedFen payment { paymentId status reason } failedPayments { paymentId status } reissues { failedPaymentId reason accountMasked accountName reviewStatus } payeeAccountMasked }';
    type Current = { unpayableReason: string | null; payment: { paymentId: string; status: string } | null; failedPayments: { paymentId: string }[]; reissues: Record<string, unknown>[]; payeeAccountMasked: string | null };
    const record = async () => (await api.graphql<{ personalSubsidy: { paymentStatus: string | null; current: Current } }>(county, `query($id: ID!) { personalSubsidy(id: $id) { ${FIELDS} } }`, { id: applied.subsidyId }, await api.settled())).data!.personalSubsidy;
    const failed = await record();
    expect(failed).toMatchObject({ paymentStatus: 'failed', current: { unpayableReason: '支付失败：社保卡已冻结（可填写新的社保卡金融账户申请重新支付）', payment: { status: 'failed', reason: '社保卡已冻结' }, failedPayments: [], reissues: [] } });
    const failedPaymentId = failed.current.payment!.paymentId;
    // The failed order is not put in a batch again.
    expect((await api.graphql(registrar, CREATE, { f: fundId }, await api.settled())).errors![0]!.message).toContain('没有可支付的申报');

    const REISSUE = `mutation($id: ID!, $i: PersonalSubsidyReissueInput!) { requestPersonalSubsidyReissue(id: $id, input: $i) { id } }`;
    const before = (await api.platform.store.readStream(applied.streamId)).length;
    const bad = await api.graphql(registrar, REISSUE, { id: applied.subsidyId, i: { account: '12ab', accountName: '', reason: '换卡' } });
    expect(bad.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors![0]!.extensions)).toContain('社保卡金融账户应为13至19位数字');
    expect((await api.graphql(registrar, REISSUE, { id: applied.subsidyId, i: { account: oldCard, accountName: '创业学员', reason: '换卡' } })).errors![0]!.message).toContain('新的社保卡金融账户与支付失败时的账户相同');
    expect((await api.graphql(school, REISSUE, { id: applied.subsidyId, i: { account: newCard, accountName: '创业学员', reason: '换卡' } })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await api.graphql(otherSchool, REISSUE, { id: applied.subsidyId, i: { account: newCard, accountName: '创业学员', reason: '换卡' } })).errors![0]!.extensions.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect((await api.platform.store.readStream(applied.streamId)).length).toBe(before);

    const requested = await api.graphql(registrar, REISSUE, { id: applied.subsidyId, i: { account: newCard, accountName: '创业学员', reason: '原社保卡冻结，已换新卡' } });
    expect(requested.errors).toBeUndefined();
    const inReview = await record();
    expect(inReview.current).toMatchObject({ unpayableReason: '支付失败：社保卡已冻结（重新支付审核中）', reissues: [{ failedPaymentId, reason: '原社保卡冻结，已换新卡', accountName: '创业学员', reviewStatus: 'pending' }] });
    expect(inReview.current.reissues[0]!.accountMasked).not.toContain(newCard.slice(6, 12));
    // Reviewed by the county (not by the one who asked), then the prefecture; the final approval reserves again.
    const approve = async (session: Session) => api.graphql(session, `mutation { approveReview(streamId: "${applied.streamId}", opinion: "同意重新支付") { revision } }`, {}, await api.settled());
    // (the requester lacks the review permission here; that a requester with it may not approve is the decider spec's)
    expect((await approve(registrar)).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await approve(county)).errors).toBeUndefined();
    expect((await approve(city)).errors).toBeUndefined();
    const approved = await record();
    expect(approved).toMatchObject({ paymentStatus: null, current: { unpayableReason: null, reservedFen: '500000', payment: null, failedPayments: [{ paymentId: failedPaymentId, status: 'failed' }], reissues: [{ reviewStatus: 'approved' }] } });
    expect(approved.current.payeeAccountMasked).toBe(approved.current.reissues[0]!.accountMasked);

    // A new batch pays the new account under a new payment id, once.
    const file = await runBatch();
    expect(file).toContain(newCard);
    expect(file).not.toContain(oldCard);
    const paid = await record();
    expect(paid).toMatchObject({ paymentStatus: 'paid', current: { payment: { status: 'paid' } } });
    expect(paid.current.payment!.paymentId).not.toBe(failedPaymentId);
    expect([...bank.paidCount.values()]).toEqual([1]);
    expect((await api.graphql(registrar, CREATE, { f: fundId }, await api.settled())).errors![0]!.message).toContain('没有可支付的申报');
    const reconciled = await api.graphql<{ fundReconciliation: { balanced: boolean; differences: string[]; paidFen: string; failedFen: string } }>(registrar, `{ fundReconciliation(fundId: "${fundId}") { balanced differences paidFen failedFen } }`, {}, await api.settled());
    expect(reconciled.data!.fundReconciliation).toMatchObject({ balanced: true, differences: [], paidFen: '1000000' });
    // 对账 per person: the person's personal subsidies (the re-issued one), approved = paid + failed + removed + pending to the fen.
    const PERSON = 'query($n: String!) { personPaymentReconciliation(idNumber: $n) { approvedFen paidFen failedFen removedFen pendingFen balanced differences lines { recordId title approvedFen status reissued } } }';
    const person = await api.graphql<{ personPaymentReconciliation: Record<string, unknown> }>(registrar, PERSON, { n: idNumber('520102', '19960606', '462') });
    expect(person.errors).toBeUndefined();
    expect(person.data!.personPaymentReconciliation).toEqual({
      approvedFen: '500000', paidFen: '500000', failedFen: '0', removedFen: '0', pendingFen: '0', balanced: true, differences: [],
      lines: [{ recordId: applied.subsidyId, title: '创业学员 一次性创业补贴', approvedFen: '500000', status: 'paid', reissued: 1 }],
    });
    // Another county's institution sees none of it (nothing, not a difference).
    const outside = await api.graphql<{ personPaymentReconciliation: { approvedFen: string; lines: unknown[] } }>(otherSchool, PERSON, { n: idNumber('520102', '19960606', '462') });
    expect(outside.errors?.[0]?.extensions.code ?? outside.data!.personPaymentReconciliation.lines).toEqual(outside.errors ? 'FORBIDDEN' : []);
  });
});
