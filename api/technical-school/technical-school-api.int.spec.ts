// Technical schools over real HTTP: an authority creates a school (an organisation under it, where
// its users are created), the school changes its information through review, the authority opens
// and closes the registration period, and everything stays within data scope.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { extraUser, testSchoolInfo } from '../../testing/technical-school';

const CREATE = `mutation($a: ID!, $c: String!, $i: TechnicalSchoolInfoInput!) { createTechnicalSchool(authorityId: $a, code: $c, divisionCode: "520102", info: $i) { id streamId position } }`;

describe('technical schools and time windows (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let registrar: Session;
  let guiyang: Session;
  let zunyi: Session;
  let supervisor: Session;
  let province: Session;
  let school: Session;
  let schoolId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    [registrar, guiyang, zunyi, supervisor] = await Promise.all([api.login('nanmingRegistrar'), api.login('guiyangReviewer'), api.login('zunyiReviewer'), api.login('provinceSupervisor')]);
    province = (await extraUser(api, { username: 'province_reviewer', orgId: ORGS.province, roles: ['reviewer'] })).session;
  });
  afterAll(async () => api.close());
  const head = () => api.settled();
  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);

  it('an authority creates a school under itself, which becomes an organisation of kind school', async () => {
    const created = await api.graphql<{ createTechnicalSchool: { id: string } }>(registrar, CREATE, { a: ORGS.nanming, c: '52011', i: testSchoolInfo('南明区技工学校') });
    expect(created.errors).toBeUndefined();
    schoolId = created.data!.createTechnicalSchool.id;
    const after = await head();
    const orgs = await api.graphql<{ organizations: { id: string; kind: string; kindLabel: string; parentId: string }[] }>(registrar, '{ organizations { id kind kindLabel parentId } }', {}, after);
    expect(orgs.data!.organizations.find((o) => o.id === schoolId)).toEqual({ id: schoolId, kind: 'school', kindLabel: '技工院校', parentId: ORGS.nanming });
    const read = await api.graphql<{ technicalSchool: Record<string, unknown> }>(guiyang, `{ technicalSchool(id: "${schoolId}") { code name levelLabel natureLabel authorityName reviewStatus info { address contactPhone } } }`, {}, after);
    expect(read.data!.technicalSchool).toEqual({ code: '52011', name: '南明区技工学校', levelLabel: '技师学院', natureLabel: '公办', authorityName: '南明区人力资源和社会保障局', reviewStatus: 'approved', info: { address: '贵州省贵阳市', contactPhone: '0851-85551234' } });
    // Its users are created by the system administrator at the school, with a school role.
    school = (await extraUser(api, { username: 'nm_school_op', orgId: schoolId, roles: ['school_operator'] })).session;
    const me = await api.graphql<{ technicalSchools: { items: { id: string }[] } }>(school, '{ technicalSchools { items { id } } }', {}, await head());
    expect(me.data!.technicalSchools.items).toEqual([{ id: schoolId }]);
  });

  it('refuses a school under an authority outside the caller\'s scope, a bad code and a bad phone, writing nothing', async () => {
    const before = await eventCount();
    const foreign = await api.graphql(registrar, CREATE, { a: ORGS.guiyang, c: '52012', i: testSchoolInfo('贵阳市技工学校') });
    expect(foreign.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const bad = await api.graphql(registrar, CREATE, { a: ORGS.nanming, c: '5-2', i: { ...testSchoolInfo('某技工学校'), contactPhone: '12345' } });
    expect(bad.errors![0]!.extensions.fields).toEqual([
      { field: 'code', message: '学校代码应为4至20位字母或数字' },
      { field: 'info.contactPhone', message: '联系电话应为11位手机号码，或带区号的固定电话（如0851-85551234）' },
    ]);
    // A school user may not create schools.
    expect((await api.graphql(school, CREATE, { a: ORGS.nanming, c: '52013', i: testSchoolInfo('另一技工学校') })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);
  });

  it('a change of the school\'s information is reviewed by its city, then the province, before it takes effect', async () => {
    const info = { ...testSchoolInfo('南明区高级技工学校'), level: 'senior' };
    const proposed = await api.graphql(school, 'mutation($id: ID!, $i: TechnicalSchoolInfoInput!) { proposeTechnicalSchoolInfo(id: $id, info: $i, submit: true) { revision } }', { id: schoolId, i: info });
    expect(proposed.errors).toBeUndefined();
    const pending = await api.graphql<{ technicalSchool: { name: string; pending: { name: string; levelLabel: string }; reviewLevel: string } }>(school, `{ technicalSchool(id: "${schoolId}") { name pending { name levelLabel } reviewLevel } }`, {}, await head());
    expect(pending.data!.technicalSchool).toEqual({ name: '南明区技工学校', pending: { name: '南明区高级技工学校', levelLabel: '高级技工学校' }, reviewLevel: 'city' });
    const stream = `technical-school-${schoolId}`;
    expect((await api.graphql(guiyang, `mutation { approveReview(streamId: "${stream}", opinion: "同意") { revision } }`, {}, await head())).errors).toBeUndefined();
    expect((await api.graphql(province, `mutation { approveReview(streamId: "${stream}", opinion: "同意") { revision } }`, {}, await head())).errors).toBeUndefined();
    const after = await head();
    const applied = await api.graphql<{ technicalSchool: { name: string; pending: null; reviewStatus: string } }>(school, `{ technicalSchool(id: "${schoolId}") { name pending { name } reviewStatus } }`, {}, after);
    expect(applied.data!.technicalSchool).toEqual({ name: '南明区高级技工学校', pending: null, reviewStatus: 'approved' });
    // The organisation tree is renamed with it.
    const orgs = await api.graphql<{ organizations: { id: string; name: string }[] }>(registrar, '{ organizations { id name } }', {}, after);
    expect(orgs.data!.organizations.find((o) => o.id === schoolId)?.name).toBe('南明区高级技工学校');
  });

  it('out of scope, the school answers as missing', async () => {
    const after = await head();
    expect((await api.graphql(zunyi, `{ technicalSchool(id: "${schoolId}") { id } }`, {}, after)).data).toEqual({ technicalSchool: null });
    expect((await api.graphql<{ technicalSchools: { total: number } }>(zunyi, '{ technicalSchools { total } }', {}, after)).data!.technicalSchools.total).toBe(0);
    expect((await api.graphql<{ technicalSchools: { total: number } }>(supervisor, '{ technicalSchools { total } }', {}, after)).data!.technicalSchools.total).toBe(1);
    // Another school's operator: the same answer as for a school that does not exist.
    const other = await extraUser(api, { username: 'zy_school_op', orgId: ORGS.zunyi, roles: ['school_operator'] });
    const propose = (id: string) => `mutation { proposeTechnicalSchoolInfo(id: "${id}", info: { name: "改名", level: "senior", nature: "public", address: "遵义" }) { revision } }`;
    const refused = await api.graphql(other.session, propose(schoolId), {}, after);
    const missing = await api.graphql(other.session, propose('00000000-0000-4000-8000-000000000000'), {}, after);
    expect(refused.errors![0]).toMatchObject({ message: '记录不存在或不在您的数据权限范围内', extensions: { code: 'NOT_FOUND' } });
    expect(refused.errors).toEqual(missing.errors);
  });

  it('the authority opens and closes the registration period; the school sees the period that binds it', async () => {
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const [from, to] = [day(-10), day(100)];
    const open = await api.graphql(registrar, 'mutation($i: SchoolWindowInput!) { openSchoolWindow(input: $i) { revision } }', { i: { kind: 'registration', from, to, note: '秋季学期' } });
    expect(open.errors).toBeUndefined();
    const bad = await api.graphql(registrar, 'mutation($i: SchoolWindowInput!) { openSchoolWindow(input: $i) { revision } }', { i: { kind: 'grant', from: '2099-10-31', to: '2099-09-01' } });
    expect(bad.errors![0]!.extensions.fields).toEqual([{ field: 'to', message: '结束日期不能早于开始日期' }]);
    expect((await api.graphql(school, 'mutation($i: SchoolWindowInput!) { openSchoolWindow(input: $i) { revision } }', { i: { kind: 'grant', from: '2099-01-01', to: '2099-02-01' } })).errors![0]!.extensions.code).toBe('FORBIDDEN');

    const verdicts = async () =>
      (await api.graphql<{ schoolWindowsFor: { kind: string; open: boolean; message: string | null; authorityName: string | null }[] }>(school, `{ schoolWindowsFor(schoolId: "${schoolId}") { kind open message authorityName } }`, {}, await head())).data!.schoolWindowsFor;
    expect(await verdicts()).toEqual([
      { kind: 'registration', open: true, message: null, authorityName: '南明区人力资源和社会保障局' },
      { kind: 'waiver', open: false, message: '主管部门尚未开放免学费申报时间，当前不能办理免学费申报', authorityName: null },
      { kind: 'grant', open: false, message: '主管部门尚未开放助学金申报时间，当前不能办理助学金申报', authorityName: null },
    ]);
    expect((await api.graphql(registrar, 'mutation { closeSchoolWindow(kind: "registration", reason: "提前结束") { revision } }')).errors).toBeUndefined();
    const [registration] = await verdicts();
    expect(registration).toMatchObject({ open: false, message: `学籍注册时间（${from} 至 ${to}）已由南明区人力资源和社会保障局于${day(0)}关闭，当前不能办理学籍注册` });
    const listed = await api.graphql<{ schoolWindows: { authorityId: string; kindLabel: string; phase: string; phaseLabel: string }[] }>(guiyang, '{ schoolWindows { authorityId kindLabel phase phaseLabel } }', {}, await head());
    expect(listed.data!.schoolWindows).toEqual([{ authorityId: ORGS.nanming, kindLabel: '学籍注册', phase: 'closed', phaseLabel: '已关闭' }]);
    expect((await api.graphql<{ schoolWindows: unknown[] }>(zunyi, '{ schoolWindows { authorityId } }', {}, await head())).data!.schoolWindows).toEqual([]);
  });
});
