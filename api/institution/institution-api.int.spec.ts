// Institutions over real HTTP: registration by the supervising authority with a warning to
// confirm, two-level review, the effective record as an organisation, masked personal data and the
// audited unmask, a change reviewed before it takes effect, the licence job, annual review, revocation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runLicenceCheck } from '../../commands/institution/licence-job';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';

const input = {
  name: '贵阳市南明区匠心职业技能培训学校',
  supervisingAuthorityId: ORGS.nanming,
  registeredAddress: '贵阳市南明区花果园',
  schoolAddress: '贵阳市南明区花果园R1区3栋',
  legalPersonName: '王建国',
  legalPersonIdNumber: '11010519491231002X',
  trainingHead: '李娜',
  phone: '0851-85551234',
  occupationScope: [{ code: '4-03-02-01', name: '中式烹调师' }],
  nature: 'private',
  category: 'ordinary',
  designated: true,
  recognitionDate: '2024-03-01',
  approvalDate: '2024-03-01',
  validUntil: '2026-12-20',
  scale: 300,
  floorArea: 800.5,
  bankAccount: '6222020200000000000',
  bankAccountName: '贵阳市南明区匠心职业技能培训学校',
  licenceNumber: '教民152010270001',
  documents: [{ fileId: 'file-1', name: '办学许可证.pdf', kind: 'licence' }],
  creditCode: '91350100M000100Y43',
};
const REGISTER = `mutation($input: InstitutionInput!, $w: [String!], $submit: Boolean) {
  registerInstitution(input: $input, confirmedWarnings: $w, submit: $submit) { id streamId position } }`;
const DETAIL = `query($id: ID!) { institution(id: $id) { lifecycle reviewStatus version validUntil
  effective { scale legalPersonIdNumber phone bankAccount } pending { scale } annualReviews { year outcomeLabel } revokedReason } }`;

describe('institutions (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let registrar: Session;
  let county: Session;
  let city: Session;
  let otherCounty: Session;
  let id: string;
  let streamId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    [registrar, county, city, otherCounty] = await Promise.all([api.login('nanmingRegistrar'), api.login('nanmingReviewer'), api.login('guiyangReviewer'), api.login('yunyanReviewer')]);
  });
  afterAll(async () => api.close());

  /** Reviewers act on what their read models show: the decision waits for what was written before it. */
  const decide = async (s: Session, mutation: string, text: string) =>
    api.graphql<{ r: { position: string } }>(s, `mutation($s: String!, $t: String!) { r: ${mutation}(streamId: $s, opinion: $t) { position } }`, { s: streamId, t: text }, await api.settled());

  it('asks to confirm a bank account that fails its check, then registers and submits', async () => {
    const before = Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);
    const unconfirmed = await api.graphql(registrar, REGISTER, { input, submit: true });
    expect(unconfirmed.errors![0]!.extensions.code).toBe('WARNINGS_UNCONFIRMED');
    expect((unconfirmed.errors![0]!.extensions.warnings as { code: string; field: string }[]).map((w) => [w.code, w.field])).toEqual([['BANK_CARD_LUHN_FAILED', 'bankAccount']]);
    expect(Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n)).toBe(before);

    const badId = await api.graphql(registrar, REGISTER, { input: { ...input, legalPersonIdNumber: '110105194912310021' }, w: ['BANK_CARD_LUHN_FAILED'] });
    expect(badId.errors![0]!.extensions.fields).toEqual([{ field: 'legalPersonIdNumber', message: '法人身份证号校验位不正确，请逐位核对' }]);

    const registered = await api.graphql<{ registerInstitution: { id: string; streamId: string } }>(registrar, REGISTER, { input, w: ['BANK_CARD_LUHN_FAILED'], submit: true });
    expect(registered.errors).toBeUndefined();
    ({ id, streamId } = registered.data!.registerInstitution);
    const [event] = await api.platform.store.readStream(streamId);
    // Personal data is encrypted in the event itself; the warning the user confirmed is on it.
    expect(JSON.stringify(event!.data)).not.toContain('11010519491231002X');
    expect(JSON.stringify(event!.data)).not.toContain('6222020200000000000');
    expect((event!.data as { confirmedWarnings: { code: string }[] }).confirmedWarnings.map((w) => w.code)).toEqual(['BANK_CARD_LUHN_FAILED']);
  });

  it('the registrar cannot review it; the county and then the city approve; it becomes an effective organisation', async () => {
    expect((await decide(registrar, 'approveReview', '同意')).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await decide(otherCounty, 'approveReview', '同意')).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await decide(county, 'approveReview', '材料齐全')).errors).toBeUndefined();
    const final = await decide(city, 'approveReview', '同意登记');
    expect(final.errors).toBeUndefined();
    const detail = await api.graphql<{ institution: Record<string, unknown> }>(registrar, DETAIL, { id }, { 'x-read-after-position': final.data!.r.position });
    expect(detail.data!.institution).toMatchObject({
      lifecycle: 'active',
      reviewStatus: 'approved',
      version: 1,
      effective: { scale: 300, legalPersonIdNumber: '110105********002X', phone: '0851-****1234', bankAccount: '6222***********0000' },
      pending: null,
    });
    const orgs = await api.graphql<{ organizations: { id: string; kind: string; parentId: string }[] }>(registrar, '{ organizations { id kind parentId } }');
    expect(orgs.data!.organizations).toContainEqual({ id, kind: 'institution', parentId: ORGS.nanming });
    const hidden = await api.graphql<{ institution: unknown }>(otherCounty, DETAIL, { id });
    expect(hidden.data).toEqual({ institution: null });
  });

  it('reveals a personal field only with the permission and a reason, recording each view', async () => {
    const reveal = 'mutation($s: String!, $f: String!, $r: String!) { revealPersonalData(streamId: $s, field: $f, reason: $r) }';
    expect((await api.graphql(county, reveal, { s: streamId, f: 'legalPersonIdNumber', r: '核对法人身份' })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await api.graphql(registrar, reveal, { s: streamId, f: 'legalPersonIdNumber', r: ' ' })).errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const shown = await api.graphql<{ revealPersonalData: string }>(registrar, reveal, { s: streamId, f: 'legalPersonIdNumber', r: '核对法人身份' });
    expect(shown.data!.revealPersonalData).toBe('11010519491231002X');
    const views = await api.platform.store.readStream(`personal-data-${streamId}`);
    expect(views.map((v) => [v.type, v.data, v.metadata.actorId])).toEqual([
      ['PersonalDataViewed', { recordStreamId: streamId, field: 'legalPersonIdNumber', kind: 'idNumber', reason: '核对法人身份' }, api.userIds.nanmingRegistrar],
    ]);
  });

  it('a change stays pending, showing both values, until it is approved', async () => {
    const edit = await api.graphql(registrar, 'mutation($id: ID!, $i: InstitutionInput!, $w: [String!]) { editInstitution(id: $id, input: $i, confirmedWarnings: $w) { position } }', {
      id,
      // Personal data left out: the record keeps what it has (the console only holds masked values).
      i: { ...input, scale: 500, legalPersonIdNumber: null, phone: null, bankAccount: null },
      w: [],
    });
    expect(edit.errors).toBeUndefined();
    await api.graphql(registrar, 'mutation($s: String!) { submitForReview(streamId: $s) { position } }', { s: streamId });
    const pending = await api.graphql<{ institution: { effective: { scale: number }; pending: { scale: number } } }>(registrar, DETAIL, { id }, await api.settled());
    expect(pending.data!.institution).toMatchObject({ effective: { scale: 300 }, pending: { scale: 500 } });
    await decide(county, 'approveReview', '同意');
    const applied = await decide(city, 'approveReview', '同意变更');
    const after = await api.graphql<{ institution: Record<string, unknown> }>(registrar, DETAIL, { id }, { 'x-read-after-position': applied.data!.r.position });
    expect(after.data!.institution).toMatchObject({ version: 2, effective: { scale: 500 }, pending: null });
  });

  it('the licence job tells the institution within 30 days and suspends it after the end, as its own actor', async () => {
    const notice = await runLicenceCheck(api.platform.directories.institutions, api.platform.commands.institutions, new Date('2026-12-01T03:00:00Z'));
    expect(notice).toEqual({ checked: 1, events: 1 });
    const again = await runLicenceCheck(api.platform.directories.institutions, api.platform.commands.institutions, new Date('2026-12-02T03:00:00Z'));
    expect(again.events).toBe(0);
    await runLicenceCheck(api.platform.directories.institutions, api.platform.commands.institutions, new Date('2026-12-21T03:00:00Z'));
    const events = await api.platform.store.readStream(streamId);
    expect(events.slice(-2).map((e) => [e.type, e.metadata.actorId])).toEqual([
      ['InstitutionLicenceExpiring', 'system:licence-job'],
      ['InstitutionSuspended', 'system:licence-job'],
    ]);
  });

  it('records the annual review of a private institution and revokes it with a reason', async () => {
    const review = await api.graphql(county, 'mutation($id: ID!) { recordAnnualReview(id: $id, year: 2026, outcome: "rectify", opinion: "场地不达标，限期整改") { position } }', { id });
    expect(review.errors).toBeUndefined();
    const registrarTry = await api.graphql(registrar, 'mutation($id: ID!) { revokeInstitution(id: $id, reason: "x") { position } }', { id });
    expect(registrarTry.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const revoked = await api.graphql<{ revokeInstitution: { position: string } }>(county, 'mutation($id: ID!) { revokeInstitution(id: $id, reason: "年审整改逾期未完成") { position } }', { id });
    const detail = await api.graphql<{ institution: Record<string, unknown> }>(county, DETAIL, { id }, { 'x-read-after-position': revoked.data!.revokeInstitution.position });
    expect(detail.data!.institution).toMatchObject({ lifecycle: 'revoked', revokedReason: '年审整改逾期未完成', annualReviews: [{ year: 2026, outcomeLabel: '限期整改' }] });
  });
});
