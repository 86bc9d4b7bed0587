// 机构培训经费申报 over real HTTP, from a class completed through the platform's own commands: the
// institution previews and applies; the county, then the prefecture reviews; the final approval is
// refused while the fund is missing or short (with the figures, writing nothing anywhere) and, once
// the fund covers it, reserves exactly the amount and publishes the list (公示, masked on the public
// side) where an upheld objection gives the amount back; the auditor's recomputation from the recorded log
// position gives the same list and amount; another county's institution cannot see or apply for it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pactum from 'pactum';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { seedCompletedClass } from '../training-class/testing/class-world';

const as = (orgId: string, id: string): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null };
};

const CALC = 'totalFen eligible { participantId name amountFen attendanceRate standardVersion } excluded { name reasons } standards { standardId version amountFen unitLabel } computedAt attendanceSourceLabel startedOn';
const APPLICATION = `query($id: ID!) { trainingFundingApplication(id: $id) { id classNo totalFen eligibleCount excludedCount reviewStatus reviewLevel reservedFen payerId lineLabel year calculation { ${CALC} } } }`;

describe('training funding applications', () => {
  let api: ApiHarness;
  let school: Session;
  let otherSchool: Session;
  let county: Session;
  let city: Session;
  let registrar: Session;
  let classId: string;
  let traineeId: string;
  let standardId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    ({ classId, traineeId } = await seedCompletedClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '7' }));
    // The province's standard for entrepreneurship training: 1,000.00 元 per person from 2026-01-01.
    standardId = randomUUID();
    const { commands } = api.platform;
    await commands.subsidyStandards.propose(standardId, { subject: 'training', trainingKind: 'entrepreneurship', occupationCode: null, level: null, personCategory: null }, { amountFen: 100_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: '黔人社通〔2026〕1号' }, as(ORGS.province, 'province-operator'), { submit: true });
    await commands.reviews.approve(`subsidy-standard-${standardId}`, '同意', [], as(ORGS.province, 'province-reviewer'));
    [school, otherSchool, county, city, registrar] = (await Promise.all(['nanmingSchool', 'yunyanSchool', 'nanmingReviewer', 'guiyangReviewer', 'nanmingRegistrar'].map((u) => api.login(u as never)))) as [Session, Session, Session, Session, Session];
    await api.settled();
  }, 180_000);
  afterAll(async () => api.close());

  let applicationId: string;
  let streamId: string;

  it('previews and applies for the completed class at the standard in force on its start, submitted to the county then the prefecture', async () => {
    const preview = await api.graphql<{ trainingFundingPreview: Record<string, unknown> }>(school, `query($c: ID!) { trainingFundingPreview(classId: $c) { ${CALC} } }`, { c: classId });
    expect(preview.errors).toBeUndefined();
    expect(preview.data!.trainingFundingPreview).toMatchObject({
      totalFen: '100000',
      eligible: [{ participantId: traineeId, name: '创业学员', amountFen: '100000', attendanceRate: '100.0%', standardVersion: 1 }],
      excluded: [],
      standards: [{ standardId, version: 1, amountFen: '100000', unitLabel: '元/人' }],
      startedOn: '2026-02-02',
    });
    const applied = await api.graphql<{ applyTrainingFunding: { id: string; streamId: string } }>(school, `mutation($c: ID!) { applyTrainingFunding(classId: $c, submit: true) { id streamId } }`, { c: classId });
    expect(applied.errors).toBeUndefined();
    ({ id: applicationId, streamId } = applied.data!.applyTrainingFunding);
    const again = await api.graphql(school, `mutation($c: ID!) { applyTrainingFunding(classId: $c) { id } }`, { c: classId });
    expect(again.errors![0]!.message).toContain('本班已申报机构培训经费');
    const record = await api.graphql<{ trainingFundingApplication: Record<string, unknown> }>(county, APPLICATION, { id: applicationId }, await api.settled());
    expect(record.data!.trainingFundingApplication).toMatchObject({ totalFen: '100000', eligibleCount: 1, excludedCount: 0, reviewStatus: 'pending', reviewLevel: 'county', payerId: ORGS.nanming, lineLabel: '就业补助资金', year: 2026, reservedFen: null });
  });

  it('out of scope: another county\'s institution neither sees nor applies for the class', async () => {
    expect((await api.graphql(otherSchool, APPLICATION, { id: applicationId })).data).toEqual({ trainingFundingApplication: null });
    const refused = await api.graphql(otherSchool, `mutation($c: ID!) { applyTrainingFunding(classId: $c) { id } }`, { c: classId });
    expect(refused.errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql<{ trainingFundingApplications: { total: number } }>(otherSchool, '{ trainingFundingApplications { total } }')).data!.trainingFundingApplications.total).toBe(0);
  });

  it('the final approval reserves on the payer\'s fund: refused while the fund is missing or short, with the figures, writing nothing', async () => {
    const approve = async (session: Session) => api.graphql(session, `mutation { approveReview(streamId: "${streamId}", opinion: "同意") { revision } }`, {}, await api.settled());
    expect((await approve(county)).errors).toBeUndefined();
    const length = async (s: string) => (await api.platform.store.readStream(s)).length;
    const before = await length(streamId);

    const missing = await approve(city);
    expect(missing.errors![0]!.message).toContain('2026年的就业补助资金尚未下达');
    expect(await length(streamId)).toBe(before);

    const allocated = await api.graphql<{ allocateFund: { id: string } }>(registrar, `mutation { allocateFund(input: { authorityId: "${ORGS.nanming}", line: "employment_subsidy", year: 2026, amountFen: "50000", basis: "南人社〔2026〕5号" }) { id } }`);
    const fundId = allocated.data!.allocateFund.id;
    const fundLength = await length(`fund-${fundId}`);
    const short = await approve(city);
    expect(short.errors![0]!.message).toContain('资金余额不足，不能审批通过');
    expect(short.errors![0]!.message).toContain('可用余额500.00元，本次需1,000.00元，缺口500.00元');
    expect([await length(streamId), await length(`fund-${fundId}`)]).toEqual([before, fundLength]);

    await api.graphql(registrar, `mutation { adjustFund(id: "${fundId}", deltaFen: "100000", basis: "南人社〔2026〕6号", reason: "追加") { revision } }`);
    expect((await approve(city)).errors).toBeUndefined();
    const settled = await api.settled();
    const record = await api.graphql<{ trainingFundingApplication: Record<string, unknown> }>(county, APPLICATION, { id: applicationId }, settled);
    expect(record.data!.trainingFundingApplication).toMatchObject({ reviewStatus: 'approved', reservedFen: '100000' });
    const fund = await api.graphql<{ fund: Record<string, unknown> }>(registrar, `{ fund(id: "${fundId}") { allocatedFen reservedFen remainingFen reservations } }`, {}, settled);
    expect(fund.data!.fund).toEqual({ allocatedFen: '150000', reservedFen: '100000', remainingFen: '50000', reservations: 1 });
    // Approving again changes nothing: the record is no longer under review.
    expect((await approve(city)).errors![0]!.message).toContain('不在审核中');
  });

  it('publishes the approved list (公示) masked on the public side; an upheld objection takes the person out and gives the amount back to the fund', async () => {
    const NOTICE = `query($id: ID!) { trainingFundingApplication(id: $id) { notice { publishedOn until days dayKindLabel } objections { objectionId status participantName } payableFen unpayableReason revoked } }`;
    const before = await api.graphql<{ trainingFundingApplication: { notice: { until: string; days: number; dayKindLabel: string }; unpayableReason: string } }>(county, NOTICE, { id: applicationId }, await api.settled());
    const { notice, unpayableReason } = before.data!.trainingFundingApplication;
    expect([notice.days, notice.dayKindLabel, unpayableReason]).toEqual([5, '个工作日', `公示期至${notice.until}，公示期满后才能支付`]);

    const published = await pactum.spec().get(`${api.url}/public/training-funding-notices`).expectStatus(200).toss();
    const item = (published.json as { items: { title: string; totalFen: string; people: { name: string; idNumber: string; amountFen: string }[] }[] }).items.find((i) => i.title.startsWith('SYB创业培训班7'));
    expect(item).toMatchObject({ totalFen: '100000', people: [{ name: '创***', amountFen: '100000' }] });
    expect(item!.people[0]!.idNumber).toMatch(/^5201\*{10}\d{3}[\dX]$/);
    expect(JSON.stringify(published.json)).not.toContain('创业学员');

    // Recorded by the payer; the institution may not; a person not on the list is refused.
    const OBJECT = `mutation($id: ID!, $i: FundingObjectionInput!) { recordFundingObjection(id: $id, input: $i) { id } }`;
    const input = { participantId: traineeId, content: '该学员培训期间在外地务工', receivedOn: notice.until, channel: '来信' };
    expect((await api.graphql(school, OBJECT, { id: applicationId, i: input })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await api.graphql(registrar, OBJECT, { id: applicationId, i: { ...input, participantId: 'nobody' } })).errors![0]!.message).toContain('不在本次公示的补贴名单中');
    const recorded = await api.graphql<{ recordFundingObjection: { id: string } }>(registrar, OBJECT, { id: applicationId, i: input });
    const objectionId = recorded.data!.recordFundingObjection.id;
    const open = await api.graphql<{ trainingFundingApplication: { unpayableReason: string; objections: unknown[] } }>(county, NOTICE, { id: applicationId }, await api.settled());
    expect(open.data!.trainingFundingApplication.objections).toEqual([{ objectionId, status: 'open', participantName: '创业学员' }]);

    const resolve = `mutation { resolveFundingObjection(id: "${applicationId}", objectionId: "${objectionId}", upheld: true, resolution: "经核实属实，移出名单") { revision } }`;
    expect((await api.graphql(registrar, resolve)).errors).toBeUndefined();
    expect((await api.graphql(registrar, resolve)).errors).toBeUndefined();
    const settled = await api.settled();
    const after = await api.graphql<{ trainingFundingApplication: Record<string, unknown> }>(county, NOTICE, { id: applicationId }, settled);
    expect(after.data!.trainingFundingApplication).toMatchObject({ payableFen: '0', revoked: true, unpayableReason: '公示异议成立，申报已撤销' });
    const funds = await api.graphql<{ funds: { items: { reservedFen: string; remainingFen: string; releases: number }[] } }>(registrar, '{ funds(filter: { year: 2026, line: "employment_subsidy" }) { items { reservedFen remainingFen releases } } }', {}, settled);
    expect(funds.data!.funds.items).toEqual([{ reservedFen: '0', remainingFen: '150000', releases: 1 }]);
    const gone = await pactum.spec().get(`${api.url}/public/training-funding-notices`).expectStatus(200).toss();
    expect(JSON.stringify(gone.json)).not.toContain('SYB创业培训班7');
  });

  it('recomputes from the log at the recorded position to the same list and amount', async () => {
    const r = await api.graphql<{ recomputeTrainingFunding: Record<string, unknown> }>(county, `query($id: ID!) { recomputeTrainingFunding(id: $id) { factsSame resultSame recordedTotalFen recomputedTotalFen } }`, { id: applicationId });
    expect(r.data!.recomputeTrainingFunding).toEqual({ factsSame: true, resultSame: true, recordedTotalFen: '100000', recomputedTotalFen: '100000' });
    // npm run verify:funding: every application in the log, the same check.
    expect(await api.platform.commands.subsidyApplications.recomputeAll()).toEqual({ checked: 1, differing: [] });
  });
});
