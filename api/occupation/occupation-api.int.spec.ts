// Given existing streams, when this GraphQL request, then this response and these new events.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pactum from 'pactum';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { PROJECTIONS } from '../platform';

const DECLARE = `mutation($details: OccupationDetailsInput!, $submit: Boolean, $commandId: ID) {
  declareOccupation(details: $details, submit: $submit, commandId: $commandId) { id streamId revision position repeated } }`;
const OCCUPATION = `query($id: ID!) { occupation(id: $id) { id name hours reviewStatus reviewLevel version published { hours } pending { hours } institutionName } }`;
const details = { code: '4-03-02-01', name: '中式烹调师', level: '4', hours: 120, scope: '中式热菜' };

describe('occupation API (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let school: Session;
  let otherSchool: Session;
  let county: Session;
  let otherCounty: Session;
  let city: Session;
  let auditor: Session;

  beforeAll(async () => {
    api = await startApiHarness();
    [school, otherSchool, county, otherCounty, city, auditor] = await Promise.all([
      api.login('nanmingSchool'),
      api.login('yunyanSchool'),
      api.login('nanmingReviewer'),
      api.login('yunyanReviewer'),
      api.login('guiyangReviewer'),
      api.login('provinceSupervisor'),
    ]);
  });
  afterAll(async () => api.close());

  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);

  describe('authentication', () => {
    it('refuses GraphQL without a session', async () => {
      await pactum.spec().post(`${api.url}/graphql`).withJson({ query: '{ me { id } }' }).expectStatus(401).expectJsonLike({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    });

    it('refuses a wrong password with one message for every cause, and records the failure', async () => {
      const before = await api.platform.store.readStream(`user-${api.userIds.nanmingSchool}`);
      await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'nanmingschool', password: 'wrong-Password1' }).expectStatus(401).expectJsonLike({ errors: [{ message: '用户名、密码或验证码错误' }] });
      await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'nobody', password: 'wrong-Password1' }).expectStatus(401).expectJsonLike({ errors: [{ message: '用户名、密码或验证码错误' }] });
      const after = await api.platform.store.readStream(`user-${api.userIds.nanmingSchool}`);
      expect(after.slice(before.length).map((e) => e.type)).toEqual(['UserLoginFailed']);
      // Two failures from this address: its next login needs the image captcha (api/auth/captcha.ts);
      // the harness's login solves it, and a success lets the address log in without one again.
      await api.login('nanmingSchool');
    });

    it('sets the session in an httpOnly, SameSite=Strict cookie', async () => {
      const response = await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'nanmingschool', password: api.passwords.nanmingSchool }).expectStatus(200).toss();
      const session = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('gz_session='));
      expect(session).toMatch(/HttpOnly/);
      expect(session).toMatch(/SameSite=Strict/);
    });

    it('refuses a request without the CSRF header', async () => {
      await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: school.cookie }).withJson({ query: '{ me { id } }' }).expectStatus(403);
    });

    it('answers who the user is', async () => {
      const body = await api.graphql<{ me: { orgName: string; roles: string[]; permissions: string[] } }>(school, '{ me { orgName roles permissions } }');
      expect(body.data!.me).toMatchObject({ orgName: '贵阳市南明区阳光职业技能培训学校', roles: ['institution_operator'] });
      expect(body.data!.me.permissions).toContain('occupation:declare');
    });

    it('revokes the session on logout', async () => {
      const session = await api.login('yunyanSchool');
      await pactum.spec().post(`${api.url}/auth/logout`).withHeaders({ cookie: session.cookie }).expectStatus(200);
      await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: session.cookie, 'x-csrf-token': session.csrf }).withJson({ query: '{ me { id } }' }).expectStatus(401);
    });
  });

  describe('bad input gets a clear error and leaves no trace', () => {
    it('lists each invalid field in Chinese', async () => {
      const before = await eventCount();
      const body = await api.graphql(school, DECLARE, { details: { code: '4030201', name: '', level: '9', hours: 0, scope: '' } });
      expect(body.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.extensions.fields).toEqual([
        { field: 'code', message: '工种编码格式应为“4-03-02-01”（职业分类大典编码）' },
        { field: 'name', message: '工种名称不能为空' },
        { field: 'level', message: '技能等级不在可选范围内' },
        { field: 'hours', message: '培训课时不能小于1' },
      ]);
      expect(await eventCount()).toBe(before);
    });

    it('rejects a wrong type before any resolver runs', async () => {
      const body = await api.graphql(school, DECLARE, { details: { ...details, hours: 'many' } });
      expect(body.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.message).toMatch(/^输入有误/);
    });

    it('rejects malformed GraphQL, malformed JSON and an oversized body', async () => {
      const parse = await api.graphql(school, 'mutation { declareOccupation(');
      expect(parse.errors![0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(parse.errors![0]!.message).toMatch(/^请求格式错误/);
      await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: school.cookie, 'x-csrf-token': school.csrf, 'content-type': 'application/json' }).withBody('{"query": ').expectStatus(400).expectJsonLike({ errors: [{ message: '请求格式错误：不是合法的 JSON' }] });
      await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: school.cookie, 'x-csrf-token': school.csrf }).withJson({ query: '{ me { id } }', padding: 'x'.repeat(1_100_000) }).expectStatus(413);
    });

    it('stores injection strings as plain text, never as code', async () => {
      const name = `电工'); DROP TABLE events;--<script>x</script>`;
      const body = await api.graphql<{ declareOccupation: { id: string; position: string } }>(school, DECLARE, { details: { ...details, name } });
      const read = await api.graphql<{ occupation: { name: string } }>(school, OCCUPATION, { id: body.data!.declareOccupation.id }, { 'x-read-after-position': body.data!.declareOccupation.position });
      expect(read.data!.occupation.name).toBe(name);
      expect(await eventCount()).toBeGreaterThan(0);
    });
  });

  describe('permissions and data scope', () => {
    it('refuses a reviewer declaring an occupation', async () => {
      const body = await api.graphql(county, DECLARE, { details });
      expect(body.errors![0]).toMatchObject({ message: '您没有“申报/修改培训工种”权限', extensions: { code: 'FORBIDDEN' } });
    });

    it('keeps another county\'s records out of lists and refuses them in detail', async () => {
      const declared = await api.graphql<{ declareOccupation: { id: string; position: string } }>(school, DECLARE, { details: { ...details, name: '育婴员', code: '4-10-01-02' } });
      const { id, position } = declared.data!.declareOccupation;
      const after = { 'x-read-after-position': position };
      const own = await api.graphql<{ occupations: { items: { id: string }[] } }>(county, '{ occupations(page: { pageSize: 200 }) { items { id } total } }', {}, after);
      expect(own.data!.occupations.items.map((o) => o.id)).toContain(id);
      const other = await api.graphql<{ occupations: { items: { id: string }[] } }>(otherCounty, '{ occupations(page: { pageSize: 200 }) { items { id } } }', {}, after);
      expect(other.data!.occupations.items.map((o) => o.id)).not.toContain(id);
      // Outside the scope an existing record looks exactly like a missing one.
      const detail = await api.graphql<{ occupation: unknown }>(otherCounty, OCCUPATION, { id });
      expect(detail.data).toEqual({ occupation: null });
      const otherSchoolList = await api.graphql<{ occupations: { total: number; items: { id: string }[] } }>(otherSchool, '{ occupations(page: { pageSize: 200 }) { items { id } total } }', {}, after);
      expect(otherSchoolList.data!.occupations.items.map((o) => o.id)).not.toContain(id);
      const timeline = await api.graphql(otherCounty, '{ timeline(streamId: "occupation-' + id + '") { chainValid } }');
      expect(timeline.errors![0]).toMatchObject({ message: '记录不存在或不在您的数据权限范围内', extensions: { code: 'NOT_FOUND' } });
    });

    it('refuses a reviewer of another county acting on a pending record, and audits nothing into it', async () => {
      const declared = await api.graphql<{ declareOccupation: { streamId: string; position: string } }>(school, DECLARE, { details: { ...details, name: '电工', code: '6-31-01-03' }, submit: true });
      const stream = declared.data!.declareOccupation.streamId;
      const before = (await api.platform.store.readStream(stream)).length;
      const body = await api.graphql(otherCounty, 'mutation($s: String!) { approveReview(streamId: $s, opinion: "同意") { revision } }', { s: stream }, { 'x-read-after-position': declared.data!.declareOccupation.position });
      expect(body.errors![0]!.extensions.code).toBe('NOT_FOUND');
      expect((await api.platform.store.readStream(stream)).length).toBe(before);
    });
  });

  describe('the review workflow end to end', () => {
    it('declares, reviews at two levels with one return, publishes, and shows history and timeline', async () => {
      const declared = await api.graphql<{ declareOccupation: { id: string; streamId: string; position: string } }>(school, DECLARE, { details, submit: true });
      const { id, streamId } = declared.data!.declareOccupation;
      const inbox = await api.graphql<{ reviewInbox: { items: { streamId: string; title: string; levelLabel: string }[] }; reviewInboxCount: number }>(
        county,
        '{ reviewInbox(page: { pageSize: 200 }) { items { streamId title levelLabel } } reviewInboxCount }',
        {},
        { 'x-read-after-position': declared.data!.declareOccupation.position },
      );
      expect(inbox.data!.reviewInbox.items).toContainEqual({ streamId, title: '中式烹调师（4-03-02-01）', levelLabel: '区县' });
      expect(inbox.data!.reviewInboxCount).toBeGreaterThan(0);

      const decide = async (session: Session, mutation: string, arg: string, text: string) =>
        api.graphql<Record<string, { position: string }>>(session, `mutation($s: String!, $t: String!) { r: ${mutation}(streamId: $s, ${arg}: $t) { position revision } }`, { s: streamId, t: text }, await api.settled());
      expect((await decide(county, 'approveReview', 'opinion', '材料齐全')).errors).toBeUndefined();
      expect((await decide(city, 'returnReview', 'reason', '课时不足，请补充至160课时')).errors).toBeUndefined();
      const edited = await api.graphql(school, 'mutation($id: ID!, $d: OccupationDetailsInput!) { editOccupation(id: $id, details: $d) { revision } }', { id, d: { ...details, hours: 160 } });
      expect(edited.errors).toBeUndefined();
      expect((await api.graphql(school, 'mutation($s: String!) { submitForReview(streamId: $s, note: "已补充") { revision } }', { s: streamId })).errors).toBeUndefined();
      expect((await decide(county, 'approveReview', 'opinion', '同意')).errors).toBeUndefined();
      const final = await decide(city, 'approveReview', 'opinion', '同意发布');
      const after = { 'x-read-after-position': final.data!.r!.position };

      const read = await api.graphql<{ occupation: Record<string, unknown> }>(school, OCCUPATION, { id }, after);
      expect(read.data!.occupation).toMatchObject({ reviewStatus: 'approved', version: 1, hours: 160, published: { hours: 160 }, pending: null });
      const catalogue = await api.graphql<{ occupationCatalogue: { items: { id: string }[] } }>(auditor, '{ occupationCatalogue(page: { pageSize: 200 }) { items { id } } }', {}, after);
      expect(catalogue.data!.occupationCatalogue.items.map((o) => o.id)).toContain(id);

      const history = await api.graphql<{ reviewHistory: { actionLabel: string; levelLabel: string | null; opinion: string; actorOrgName: string }[] }>(
        school,
        'query($s: String!) { reviewHistory(streamId: $s) { actionLabel levelLabel opinion actorOrgName } }',
        { s: streamId },
        after,
      );
      expect(history.data!.reviewHistory).toEqual([
        { actionLabel: '提交', levelLabel: null, opinion: '', actorOrgName: '贵阳市南明区阳光职业技能培训学校' },
        { actionLabel: '通过', levelLabel: '区县', opinion: '材料齐全', actorOrgName: '南明区人力资源和社会保障局' },
        { actionLabel: '退回', levelLabel: '市州', opinion: '课时不足，请补充至160课时', actorOrgName: '贵阳市人力资源和社会保障局' },
        { actionLabel: '提交', levelLabel: null, opinion: '已补充', actorOrgName: '贵阳市南明区阳光职业技能培训学校' },
        { actionLabel: '通过', levelLabel: '区县', opinion: '同意', actorOrgName: '南明区人力资源和社会保障局' },
        { actionLabel: '通过', levelLabel: '市州', opinion: '同意发布', actorOrgName: '贵阳市人力资源和社会保障局' },
      ]);

      const timeline = await api.graphql<{ timeline: { chainValid: boolean; entries: { type: string; actorOrgId: string; ip: string; hashValid: boolean; changes: { field: string; before: unknown; after: unknown }[] }[] } }>(
        auditor,
        'query($s: String!) { timeline(streamId: $s) { chainValid entries { type actorOrgId ip hashValid changes { field before after } } } }',
        { s: streamId },
      );
      const t = timeline.data!.timeline;
      expect(t.chainValid).toBe(true);
      expect(t.entries.map((e) => e.type)).toEqual([
        'OccupationDeclared', 'ReviewSubmitted', 'ReviewApproved', 'ReviewReturned', 'OccupationDraftUpdated',
        'ReviewSubmitted', 'ReviewApproved', 'ReviewApproved', 'OccupationPublished',
      ]);
      expect(t.entries.every((e) => e.hashValid && e.ip)).toBe(true);
      expect(t.entries[4]!.changes).toEqual([{ field: 'pending.hours', before: 120, after: 160 }]);
      expect(t.entries[8]!.changes).toContainEqual({ field: 'version', before: 0, after: 1 });
      // Statuses by their Chinese names, never the codes (none → declared, draft → pending).
      expect(t.entries[0]!.changes).toContainEqual({ field: 'status', before: '无', after: '已申报' });
      expect(t.entries[1]!.changes).toContainEqual({ field: 'review.status', before: '草稿', after: '审核中' });
    });

    it('requires an opinion to approve', async () => {
      const declared = await api.graphql<{ declareOccupation: { streamId: string; position: string } }>(school, DECLARE, { details: { ...details, name: '保育师', code: '4-10-01-03' }, submit: true });
      const after = { 'x-read-after-position': declared.data!.declareOccupation.position };
      const body = await api.graphql(county, 'mutation($s: String!) { approveReview(streamId: $s, opinion: "  ") { revision } }', { s: declared.data!.declareOccupation.streamId }, after);
      expect(body.errors![0]).toMatchObject({ message: '请填写审核意见', extensions: { code: 'RULE_VIOLATION' } });
    });
  });

  describe('sorted lists (PageInput sortBy/sortOrder)', () => {
    const LIST = `query($keyword: String, $page: PageInput) { occupations(filter: { keyword: $keyword }, page: $page) { items { id name hours } total page pageSize } }`;
    type Listed = { occupations: { items: { id: string; name: string; hours: number }[]; total: number } };
    // Names carry a token of their own, so the keyword filter sees only this test's records.
    const token = `排序${randomUUID().slice(0, 6)}`;
    const declared: { id: string; name: string; hours: number }[] = [];
    let after: Record<string, string>;

    beforeAll(async () => {
      for (const [name, hours] of [['张家政', 120], ['阿姨护理', 80], ['陈电工', 120], ['白案面点', 200], ['丁烹饪', 120]] as const) {
        const body = await api.graphql<{ declareOccupation: { id: string; position: string } }>(school, DECLARE, { details: { ...details, name: `${token}${name}`, hours } });
        declared.push({ id: body.data!.declareOccupation.id, name: `${token}${name}`, hours });
        after = { 'x-read-after-position': body.data!.declareOccupation.position };
      }
    });

    const list = async (page: Record<string, unknown>) => {
      const body = await api.graphql<Listed>(school, LIST, { keyword: token, page }, after);
      expect(body.errors).toBeUndefined();
      return body.data!.occupations;
    };
    // Ties (three records of 120 hours) keep the id order whichever way the field is sorted.
    const byHours = (order: 1 | -1) => [...declared].sort((a, b) => order * (a.hours - b.hours) || (a.id < b.id ? -1 : 1)).map((o) => o.id);

    it('sorts by a field both ways, ties broken by id', async () => {
      expect((await list({ sortBy: 'hours', sortOrder: 'ASC', pageSize: 200 })).items.map((o) => o.id)).toEqual(byHours(1));
      expect((await list({ sortBy: 'hours', sortOrder: 'DESC', pageSize: 200 })).items.map((o) => o.id)).toEqual(byHours(-1));
    });

    it('sorts Chinese names by pinyin', async () => {
      const names = (await list({ sortBy: 'name', pageSize: 200 })).items.map((o) => o.name.slice(token.length));
      expect(names).toEqual(['阿姨护理', '白案面点', '陈电工', '丁烹饪', '张家政']);
      const reversed = (await list({ sortBy: 'name', sortOrder: 'DESC', pageSize: 200 })).items.map((o) => o.name.slice(token.length));
      expect(reversed).toEqual([...names].reverse());
    });

    it('pages through equal values without repeating or skipping a record', async () => {
      const pages = [];
      for (const page of [1, 2, 3]) pages.push(await list({ sortBy: 'hours', sortOrder: 'DESC', page, pageSize: 2 }));
      expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
      expect(pages.flatMap((p) => p.items.map((o) => o.id))).toEqual(byHours(-1));
    });

    it('keeps the default order (latest update first, then id) without a sort', async () => {
      const body = await api.graphql<{ occupations: { items: { id: string; updatedAt: string }[] } }>(
        school,
        'query($keyword: String) { occupations(filter: { keyword: $keyword }, page: { pageSize: 200 }) { items { id updatedAt } } }',
        { keyword: token },
        after,
      );
      const items = body.data!.occupations.items;
      expect(items).toHaveLength(5);
      expect(items).toEqual([...items].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || (a.id < b.id ? -1 : 1)));
    });

    it('refuses a field the list does not allow, or anything that is not a field name, and changes nothing', async () => {
      const before = await eventCount();
      const unknown = await api.graphql(school, LIST, { keyword: token, page: { sortBy: 'stateJson' } }, after);
      expect(unknown.errors![0]).toMatchObject({
        message: `不能按“stateJson”排序，可排序的字段：code、name、level、hours、institutionName、reviewStatus、declaredAt、updatedAt、publishedAt`,
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'sortBy' }] },
      });
      const injected = await api.graphql(school, LIST, { page: { sortBy: 'name; DROP TABLE events' } });
      expect(injected.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'sortBy', message: '排序字段应为字段名，如 updatedAt' }] } });
      const wrongOrder = await api.graphql(school, LIST, { page: { sortBy: 'name', sortOrder: 'UP' } });
      expect(wrongOrder.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(await eventCount()).toBe(before);
      expect((await list({ sortBy: 'name' })).total).toBe(5);
    });
  });

  describe('idempotency', () => {
    it('returns the first result for a repeated command id and appends nothing', async () => {
      const commandId = randomUUID();
      const first = await api.graphql<{ declareOccupation: { id: string; revision: number; repeated: boolean } }>(school, DECLARE, { details: { ...details, name: '家政服务员', code: '4-10-01-06' }, commandId, submit: true });
      const before = await eventCount();
      const second = await api.graphql<{ declareOccupation: { id: string; revision: number; repeated: boolean } }>(school, DECLARE, { details: { ...details, name: '家政服务员', code: '4-10-01-06' }, commandId, submit: true });
      expect(first.data!.declareOccupation.repeated).toBe(false);
      expect(second.data!.declareOccupation).toEqual({ ...first.data!.declareOccupation, repeated: true });
      expect(await eventCount()).toBe(before);
    });
  });

  describe('operations endpoints', () => {
    it('reports health and per-projection lag', async () => {
      const response = await pactum.spec().get(`${api.url}/healthz`).expectStatus(200).toss();
      const body = response.json as { status: string; projections: { name: string; lagEvents: number }[] };
      expect(body.status).toBe('ok');
      expect(body.projections.map((p) => p.name).sort()).toEqual(PROJECTIONS.map((p) => p.name).sort());
      expect(body.projections.every((p) => p.lagEvents >= 0)).toBe(true);
    });

    it('serves Prometheus metrics with projection lag', async () => {
      const response = await pactum.spec().get(`${api.url}/metrics`).expectStatus(200).toss();
      expect(String(response.body)).toMatch(/gz_projection_lag_events\{projection="occupations"\} \d+/);
    });
  });
});
