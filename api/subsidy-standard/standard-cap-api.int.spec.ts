// 技能提升补贴's yearly cap on the subsidy standard, through GraphQL: set on a 技能提升补贴 standard,
// reviewed with its version and shown as in force; refused in Chinese on another subject or above
// the national 3, writing nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { extraUser } from '../fund/testing/authority-users';

const PROPOSE = `mutation($s: SubsidyStandardScopeInput!, $t: SubsidyStandardTermsInput!, $submit: Boolean) { proposeSubsidyStandard(scope: $s, terms: $t, submit: $submit) { id streamId } }`;
const STANDARD = `query($id: ID!) { subsidyStandard(id: $id) { version subjectLabel current { amountFen maxPerPersonPerYear version } } }`;

describe('the 技能提升补贴 yearly cap on a subsidy standard', () => {
  let api: ApiHarness;
  let provinceOperator: Session;
  let provinceReviewer: Session;
  beforeAll(async () => {
    api = await startApiHarness();
    provinceOperator = (await extraUser(api, 'sq_province', ORGS.province, 'authority_operator')).session;
    provinceReviewer = (await extraUser(api, 'sh_province', ORGS.province, 'reviewer')).session;
  });
  afterAll(async () => api.close());

  const terms = { amountFen: '150000', unit: 'per_person', effectiveFrom: '2026-01-01', basis: '黔人社通〔2026〕9号' };
  const count = async () => (await api.graphql<{ subsidyStandards: { total: number } }>(provinceOperator, '{ subsidyStandards { total } }', {}, await api.settled())).data!.subsidyStandards.total;

  it('is set on a 技能提升补贴 standard, reviewed with its version and shown in force', async () => {
    const proposed = await api.graphql<{ proposeSubsidyStandard: { id: string; streamId: string } }>(provinceOperator, PROPOSE, { s: { subject: 'skill_upgrade', level: '4' }, t: { ...terms, maxPerPersonPerYear: 2 }, submit: true });
    expect(proposed.errors).toBeUndefined();
    const { id, streamId } = proposed.data!.proposeSubsidyStandard;
    expect((await api.graphql(provinceReviewer, `mutation { approveReview(streamId: "${streamId}", opinion: "同意") { revision } }`, {}, await api.settled())).errors).toBeUndefined();
    const after = await api.graphql<{ subsidyStandard: unknown }>(provinceOperator, STANDARD, { id }, await api.settled());
    expect(after.data!.subsidyStandard).toEqual({ version: 1, subjectLabel: '技能提升补贴', current: { amountFen: '150000', maxPerPersonPerYear: 2, version: 1 } });
  });

  it('is refused on another subject and above the national 3, in Chinese, writing nothing', async () => {
    const before = await count();
    const onTraining = await api.graphql(provinceOperator, PROPOSE, { s: { subject: 'training' }, t: { ...terms, maxPerPersonPerYear: 2 } });
    expect(onTraining.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'maxPerPersonPerYear', message: '只有技能提升补贴可以设置每人每年享受次数上限，请清空该项' }] });
    const tooMany = await api.graphql(provinceOperator, PROPOSE, { s: { subject: 'skill_upgrade' }, t: { ...terms, maxPerPersonPerYear: 4 } });
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'maxPerPersonPerYear', message: '每人每年享受次数上限不能大于3' }] });
    expect(await count()).toBe(before);
  });
});
