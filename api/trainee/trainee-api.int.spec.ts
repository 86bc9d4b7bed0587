// Trainees over real HTTP: one person per ID number across the province, a second institution's
// entry linked and flagged, masked personal data, exact lookup by ID number through the blind
// index, the dictionary of person categories, and data scope through enrolments.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';

const ENTER = `mutation($i: TraineeInput!, $w: [String!], $submit: Boolean) { enterTrainee(input: $i, confirmedWarnings: $w, submit: $submit) { id streamId position repeated } }`;
const person = { name: '欧阳娜娜', idNumber: '520102199805061224', personCategory: 'rural_migrant', phone: '13800138000', bankAccount: '' };

describe('trainees (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let nanming: Session;
  let yunyan: Session;
  let nanmingCounty: Session;
  let yunyanCounty: Session;
  let zunyi: Session;
  let traineeId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    [nanming, yunyan, nanmingCounty, yunyanCounty, zunyi] = await Promise.all([
      api.login('nanmingSchool'),
      api.login('yunyanSchool'),
      api.login('nanmingReviewer'),
      api.login('yunyanReviewer'),
      api.login('zunyiReviewer'),
    ]);
  });
  afterAll(async () => api.close());
  /** Reviewers act on what their read models show: wait for what was just written to be projected. */
  const head = () => api.settled();

  it('derives birth date, sex and region from the ID number, and shows personal data masked', async () => {
    const entered = await api.graphql<{ enterTrainee: { id: string; position: string } }>(nanming, ENTER, { i: person, submit: true });
    expect(entered.errors).toBeUndefined();
    traineeId = entered.data!.enterTrainee.id;
    const read = await api.graphql<{ trainee: Record<string, unknown> }>(nanming, `query($id: ID!) { trainee(id: $id) { name idNumber birthDate sex sexLabel regionCode phone bankAccount reviewStatus enrolments { institutionName statusLabel duplicateEntry } } }`, { id: traineeId }, { 'x-read-after-position': entered.data!.enterTrainee.position });
    expect(read.data!.trainee).toEqual({
      name: '欧阳娜娜',
      idNumber: '520102********1224',
      birthDate: '1998-05-06',
      sex: 'female',
      sexLabel: '女',
      regionCode: '520102',
      phone: '138****8000',
      bankAccount: null,
      reviewStatus: 'pending',
      enrolments: [{ institutionName: '贵阳市南明区阳光职业技能培训学校', statusLabel: '待审核', duplicateEntry: false }],
    });
  });

  it('refuses a wrong check digit and a category outside the dictionary, leaving no event', async () => {
    const before = Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);
    const bad = await api.graphql(nanming, ENTER, { i: { ...person, idNumber: '520102199805061225' } });
    expect(bad.errors![0]!.extensions.fields).toEqual([{ field: 'idNumber', message: '身份证号码校验位不正确，请逐位核对' }]);
    const category = await api.graphql(nanming, ENTER, { i: { ...person, idNumber: '52010219900101123X', personCategory: 'astronaut' } });
    expect(category.errors![0]!.extensions.fields).toEqual([{ field: 'personCategory', message: '人员类别不在字典中' }]);
    expect(Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n)).toBe(before);
  });

  it('links a second institution\'s entry of the same person to the one record, flagged for review', async () => {
    const approve = await api.graphql<{ approveReview: { position: string } }>(nanmingCounty, 'mutation($s: String!) { approveReview(streamId: $s, opinion: "同意") { position } }', { s: `trainee-${traineeId}` }, await head());
    expect(approve.errors).toBeUndefined();
    const second = await api.graphql<{ enterTrainee: { id: string; position: string } }>(yunyan, ENTER, { i: { ...person, idNumber: '520102 1998 0506 1224' }, submit: true });
    expect(second.data!.enterTrainee.id).toBe(traineeId);
    const after = { 'x-read-after-position': second.data!.enterTrainee.position };
    // Until its entry is approved, the second institution holds no rights over the approved person.
    const count = await api.graphql<{ trainees: { total: number } }>(yunyan, '{ trainees(filter: { idNumber: "520102199805061224" }) { total } }', {}, after);
    expect(count.data!.trainees.total).toBe(0);
    const inbox = await api.graphql<{ reviewInbox: { items: { streamId: string }[] } }>(yunyanCounty, '{ reviewInbox(page: { pageSize: 100 }) { items { streamId } } }', {}, after);
    expect(inbox.data!.reviewInbox.items.map((i) => i.streamId)).toContain(`trainee-${traineeId}`);
    const flagged = await api.graphql<{ trainees: { items: { duplicateEntry: boolean; enrolments: { duplicateEntry: boolean; statusLabel: string }[] }[] } }>(
      nanmingCounty,
      '{ trainees(filter: { duplicateOnly: true }) { items { duplicateEntry enrolments { duplicateEntry statusLabel } } } }',
      {},
      after,
    );
    expect(flagged.data!.trainees.items).toEqual([
      { duplicateEntry: true, enrolments: [{ duplicateEntry: false, statusLabel: '已审核' }, { duplicateEntry: true, statusLabel: '待审核' }] },
    ]);
    expect(await api.platform.knex('rm.trainees').count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('a pending entry gives the second institution nothing beyond the link: no details, timeline, personal data or edits', async () => {
    const after = await head();
    const stream = `trainee-${traineeId}`;
    const before = (await api.platform.store.readStream(stream)).length;
    const missing = { message: '记录不存在或不在您的数据权限范围内', extensions: { code: 'NOT_FOUND' } };
    expect((await api.graphql(yunyan, 'query($id: ID!) { trainee(id: $id) { name } }', { id: traineeId }, after)).data).toEqual({ trainee: null });
    for (const query of [`{ timeline(streamId: "${stream}") { chainValid } }`, `{ reviewHistory(streamId: "${stream}") { action } }`, `{ recordState(streamId: "${stream}") { revision } }`]) {
      expect([query, (await api.graphql(yunyan, query, {}, after)).errors?.[0]]).toEqual([query, expect.objectContaining(missing)]);
    }
    const reveal = await api.graphql(yunyan, 'mutation($s: String!) { revealPersonalData(streamId: $s, field: "phone", reason: "核对") }', { s: stream }, after);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(reveal.errors![0]!.extensions.code);
    const rewrite = await api.graphql(yunyan, 'mutation($id: ID!, $i: TraineeInput!) { updateTrainee(id: $id, input: $i) { position } }', { id: traineeId, i: { name: '冒名顶替', personCategory: 'graduate' } }, after);
    expect(rewrite.errors![0]).toMatchObject(missing);
    expect(await api.platform.store.readStream(stream)).toHaveLength(before);
  });

  it('shows the person only to users whose scope holds one of the entering institutions', async () => {
    const other = await api.graphql<{ trainees: { total: number } }>(zunyi, '{ trainees { total } }');
    expect(other.data!.trainees.total).toBe(0);
    const detail = await api.graphql(zunyi, `query($id: ID!) { trainee(id: $id) { name } }`, { id: traineeId });
    expect(detail.data).toEqual({ trainee: null });
  });

  it('edits a person without re-entering the masked personal data', async () => {
    // The second institution's entry is still in review: its county decides first.
    expect((await api.graphql(yunyanCounty, 'mutation($s: String!) { approveReview(streamId: $s, opinion: "同意") { position } }', { s: `trainee-${traineeId}` }, await head())).errors).toBeUndefined();
    const updated = await api.graphql<{ updateTrainee: { position: string } }>(
      yunyan,
      'mutation($id: ID!, $i: TraineeInput!) { updateTrainee(id: $id, input: $i) { position } }',
      { id: traineeId, i: { name: '欧阳娜娜', personCategory: 'graduate', idNumber: null, phone: null, bankAccount: null } },
      await head(),
    );
    expect(updated.errors).toBeUndefined();
    // The approved person is shared: the change waits for the person's home authority (南明区), not the proposer's.
    const QUERY = 'query($id: ID!) { trainee(id: $id) { personCategory idNumber phone reviewStatus pendingChange { personCategory institutionName } } }';
    const read = await api.graphql<{ trainee: Record<string, unknown> }>(nanming, QUERY, { id: traineeId }, { 'x-read-after-position': updated.data!.updateTrainee.position });
    expect(read.data!.trainee).toEqual({ personCategory: 'rural_migrant', idNumber: '520102********1224', phone: '138****8000', reviewStatus: 'draft', pendingChange: { personCategory: 'graduate', institutionName: '贵阳市云岩区金桥职业培训学校' } });
    const submitted = await api.graphql<{ submitForReview: { position: string } }>(yunyan, 'mutation($s: String!) { submitForReview(streamId: $s) { position } }', { s: `trainee-${traineeId}` }, await head());
    expect(submitted.errors).toBeUndefined();
    const inbox = await api.graphql<{ reviewInbox: { items: { streamId: string }[] } }>(nanmingCounty, '{ reviewInbox(page: { pageSize: 100 }) { items { streamId } } }', {}, await head());
    expect(inbox.data!.reviewInbox.items.map((i) => i.streamId)).toContain(`trainee-${traineeId}`);
    const approved = await api.graphql<{ approveReview: { position: string } }>(nanmingCounty, 'mutation($s: String!) { approveReview(streamId: $s, opinion: "同意变更") { position } }', { s: `trainee-${traineeId}` }, await head());
    expect(approved.errors).toBeUndefined();
    const effective = await api.graphql<{ trainee: Record<string, unknown> }>(nanming, QUERY, { id: traineeId }, { 'x-read-after-position': approved.data!.approveReview.position });
    expect(effective.data!.trainee).toEqual({ personCategory: 'graduate', idNumber: '520102********1224', phone: '138****8000', reviewStatus: 'approved', pendingChange: null });
    const otherPerson = await api.graphql(nanming, 'mutation($id: ID!, $i: TraineeInput!) { updateTrainee(id: $id, input: $i) { position } }', {
      id: traineeId,
      i: { name: '欧阳娜娜', personCategory: 'graduate', idNumber: '52010219900101123X' },
    });
    expect(otherPerson.errors![0]!.message).toBe('身份证号码不能修改；号码有误请联系主管部门');
  });

  it('finds the person by name through the search engine, within scope only', async () => {
    const after = await api.settled();
    const byName = await api.graphql<{ trainees: { total: number; items: { id: string }[] } }>(yunyanCounty, '{ trainees(filter: { keyword: "欧阳娜娜" }) { total items { id } } }', {}, after);
    expect(byName.data!.trainees).toEqual({ total: 1, items: [{ id: traineeId }] });
    const global = await api.graphql<{ search: { total: number; items: { module: string; title: string; subtitle: string }[] } }>(nanming, '{ search(q: "欧阳") { total items { module title subtitle } } }', {}, after);
    expect(global.data!.search.items).toContainEqual({ module: 'trainee', title: '欧阳娜娜', subtitle: '520102********1224 · 520102' });
    const outside = await api.graphql<{ search: { total: number } }>(zunyi, '{ search(q: "欧阳娜娜") { total } }', {}, after);
    expect(outside.data!.search.total).toBe(0);
  });

  it('sorts a name search in SQL (name as a substring); the global search keeps relevance and refuses a sort', async () => {
    const after = await api.settled();
    const sorted = await api.graphql<{ trainees: { total: number; items: { id: string }[] } }>(yunyanCounty, '{ trainees(filter: { keyword: "阳娜" }, page: { sortBy: "birthDate", sortOrder: DESC }) { total items { id } } }', {}, after);
    expect(sorted.data!.trainees).toEqual({ total: 1, items: [{ id: traineeId }] });
    const unknown = await api.graphql(yunyanCounty, '{ trainees(filter: { keyword: "欧阳娜娜" }, page: { sortBy: "idNumber" }) { total } }');
    expect(unknown.errors![0]).toMatchObject({ message: '不能按“idNumber”排序，可排序的字段：name、birthDate、sex、personCategory、reviewStatus、createdAt、updatedAt', extensions: { code: 'BAD_USER_INPUT' } });
    const search = await api.graphql(nanming, '{ search(q: "欧阳", page: { sortBy: "title" }) { total } }');
    expect(search.errors![0]).toMatchObject({ message: '搜索结果按相关度排列，不能指定排序字段', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('lists the person categories, which an authority operator can extend', async () => {
    const dict = await api.graphql<{ dictionaries: { options: { value: string; label: string }[] }[] }>(nanming, '{ dictionaries(names: ["person_category"]) { options { value label } } }');
    expect(dict.data!.dictionaries[0]!.options.map((o) => o.label)).toEqual(['贫困家庭子女', '毕业年度高校毕业生', '城乡未继续升学的应届初高中毕业生', '农村转移就业劳动者', '城镇登记失业人员', '其他']);
    expect((await api.graphql(nanming, 'mutation { addDictionaryEntry(name: "person_category", code: "veteran", label: "退役军人") { revision } }')).errors![0]!.extensions.code).toBe('FORBIDDEN');
    const registrar = await api.login('nanmingRegistrar');
    expect((await api.graphql(registrar, 'mutation { addDictionaryEntry(name: "person_category", code: "veteran", label: "退役军人") { revision } }')).errors).toBeUndefined();
    const veteran = await api.graphql(nanming, ENTER, { i: { ...person, idNumber: '52010219900101123X', personCategory: 'veteran' } });
    expect(veteran.errors).toBeUndefined();
  });
});
