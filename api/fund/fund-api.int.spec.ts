// 补贴标准 and 资金 over real HTTP: the province and a prefecture set standards, reviewed into
// numbered versions (a county may not set one); bad amounts are refused field by field and write
// nothing; funds are allocated by an authority for itself or one below it, adjusted never below what
// is committed, and listed with their figures within each user's scope.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { extraUser } from './testing/authority-users';

const PROPOSE = `mutation($s: SubsidyStandardScopeInput!, $t: SubsidyStandardTermsInput!, $submit: Boolean) { proposeSubsidyStandard(scope: $s, terms: $t, submit: $submit) { id streamId position } }`;
const STANDARD = `query($id: ID!) { subsidyStandard(id: $id) { version current { amountFen unitLabel effectiveFrom version } pending { amountFen } versions { version amountFen } reviewStatus subjectLabel authorityKindLabel } }`;
const ALLOCATE = `mutation($i: FundAllocationInput!) { allocateFund(input: $i) { id position } }`;
const FUNDS = `{ funds { total items { id authorityId lineLabel year allocatedFen reservedFen spentFen remainingFen } } }`;

describe('subsidy standards and funds', () => {
  let api: ApiHarness;
  let provinceOperator: Session;
  let provinceReviewer: Session;
  let cityOperator: Session;
  let countyRegistrar: Session;
  let cityReviewer: Session;
  let yunyanReviewer: Session;

  beforeAll(async () => {
    api = await startApiHarness();
    provinceOperator = (await extraUser(api, 'sq_province', ORGS.province, 'authority_operator')).session;
    provinceReviewer = (await extraUser(api, 'sh_province', ORGS.province, 'reviewer')).session;
    cityOperator = (await extraUser(api, 'sq_guiyang', ORGS.guiyang, 'authority_operator')).session;
    [countyRegistrar, cityReviewer, yunyanReviewer] = await Promise.all([api.login('nanmingRegistrar'), api.login('guiyangReviewer'), api.login('yunyanReviewer')]);
  });
  afterAll(async () => api.close());

  const scope = { subject: 'training', trainingKind: 'employment', occupationCode: '4-03-02-01', level: '4' };
  const terms = { amountFen: '150000', unit: 'per_person', effectiveFrom: '2026-01-01', basis: '黔人社通〔2026〕9号' };
  const approve = async (session: Session, streamId: string) => api.graphql(session, `mutation { approveReview(streamId: "${streamId}", opinion: "同意") { revision } }`, {}, await api.settled());

  it('a province standard is reviewed by the province and becomes version 1', async () => {
    const proposed = await api.graphql<{ proposeSubsidyStandard: { id: string; streamId: string } }>(provinceOperator, PROPOSE, { s: scope, t: terms, submit: true });
    expect(proposed.errors).toBeUndefined();
    const { id, streamId } = proposed.data!.proposeSubsidyStandard;
    expect((await approve(provinceReviewer, streamId)).errors).toBeUndefined();
    const after = await api.graphql<{ subsidyStandard: Record<string, unknown> }>(provinceOperator, STANDARD, { id }, await api.settled());
    expect(after.data!.subsidyStandard).toEqual({
      version: 1,
      current: { amountFen: '150000', unitLabel: '元/人', effectiveFrom: '2026-01-01', version: 1 },
      pending: null,
      versions: [{ version: 1, amountFen: '150000' }],
      reviewStatus: 'approved',
      subjectLabel: '机构培训补贴',
      authorityKindLabel: '省级',
    });
    // A revision must start after version 1; a later one is reviewed again.
    const early = await api.graphql(provinceOperator, `mutation($t: SubsidyStandardTermsInput!) { reviseSubsidyStandard(id: "${id}", terms: $t) { revision } }`, { t: { ...terms, amountFen: '160000' } });
    expect(early.errors![0]!.message).toContain('须晚于现行第1版');
  });

  it('a prefecture standard is reviewed by the prefecture, then the province', async () => {
    const proposed = await api.graphql<{ proposeSubsidyStandard: { id: string; streamId: string } }>(cityOperator, PROPOSE, { s: { subject: 'living_allowance' }, t: { ...terms, amountFen: '5000', unit: 'per_day' }, submit: true });
    const { id, streamId } = proposed.data!.proposeSubsidyStandard;
    expect((await approve(provinceReviewer, streamId)).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await approve(cityReviewer, streamId)).errors).toBeUndefined();
    expect((await approve(provinceReviewer, streamId)).errors).toBeUndefined();
    const after = await api.graphql<{ subsidyStandard: { version: number; current: { unitLabel: string } } }>(cityOperator, STANDARD, { id }, await api.settled());
    expect(after.data!.subsidyStandard).toMatchObject({ version: 1, current: { unitLabel: '元/人·天' } });
  });

  it('refuses a county, a hand-edited amount and a negative one, writing nothing', async () => {
    const count = async () => (await api.graphql<{ subsidyStandards: { total: number } }>(provinceOperator, '{ subsidyStandards { total } }', {}, await api.settled())).data!.subsidyStandards.total;
    const before = await count();
    expect((await api.graphql(countyRegistrar, PROPOSE, { s: scope, t: terms })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    for (const [amountFen, message] of [['1500.5', '补贴金额必须是整数（单位：分），不能有小数、符号或空格'], ['-100', '补贴金额不能为负数'], ['0', '补贴金额必须大于0']]) {
      const refused = await api.graphql(provinceOperator, PROPOSE, { s: scope, t: { ...terms, amountFen } });
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'amountFen', message }] });
    }
    expect(await count()).toBe(before);
  });

  it('funds: allocated by the authority or one above, adjusted never below what is committed, listed within scope', async () => {
    const allocation = { authorityId: ORGS.nanming, line: 'employment_subsidy', year: 2026, amountFen: '500000000', basis: '南人社〔2026〕1号' };
    const own = await api.graphql<{ allocateFund: { id: string } }>(countyRegistrar, ALLOCATE, { i: allocation });
    expect(own.errors).toBeUndefined();
    const fundId = own.data!.allocateFund.id;
    // The province allocates another line for the county; the county may not allocate for a neighbour.
    expect((await api.graphql(provinceOperator, ALLOCATE, { i: { ...allocation, line: 'skills_upgrade' } })).errors).toBeUndefined();
    expect((await api.graphql(countyRegistrar, ALLOCATE, { i: { ...allocation, authorityId: ORGS.yunyan } })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await api.graphql(countyRegistrar, ALLOCATE, { i: { ...allocation, amountFen: '12.5' } })).errors![0]!.extensions.code).toBe('BAD_USER_INPUT');

    // After the allocation's read model (the record scope reads it), as the console does after a write.
    const adjust = async (delta: string) => api.graphql(countyRegistrar, `mutation { adjustFund(id: "${fundId}", deltaFen: "${delta}", basis: "南人社〔2026〕2号", reason: "年中调整") { revision } }`, {}, await api.settled());
    expect((await adjust('-100000000')).errors).toBeUndefined();
    expect((await adjust('1.5')).errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    // Reserve most of it through the command layer, then a cut below what is reserved is refused with the figures.
    await api.platform.commands.funds.reserve(fundId, { reservationId: 'r-1', applicationId: 'a-1', amountFen: 350_000_000 }, { actor: { id: 'x', role: 'reviewer', orgId: ORGS.nanming }, commandId: 'c-1', correlationId: 'c-1', ip: null });
    const cut = await adjust('-100000000');
    expect(cut.errors![0]!.message).toContain('不能低于已预留与已支付之和');

    const listed = await api.graphql<{ funds: { items: Record<string, unknown>[] } }>(countyRegistrar, FUNDS, {}, await api.settled());
    expect(listed.data!.funds.items.find((f) => f.id === fundId)).toEqual({
      id: fundId, authorityId: ORGS.nanming, lineLabel: '就业补助资金', year: 2026,
      allocatedFen: '400000000', reservedFen: '350000000', spentFen: '0', remainingFen: '50000000',
    });
    const other = await api.graphql<{ funds: { total: number } }>(yunyanReviewer, '{ funds { total } }');
    expect(other.data!.funds.total).toBe(0);
    expect((await api.graphql(yunyanReviewer, `{ fund(id: "${fundId}") { id } }`)).data).toEqual({ fund: null });
  });
});
