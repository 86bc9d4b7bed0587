// Every word the audit surfaces show is Chinese: after a representative run of the API (logins
// failed and kept, an occupation through two review levels, exports, a logout), every event type
// in the log has a label in the module registry, every state a label for its status, coded
// reasons read as words, the platform's own actors have names, and a record is named by its title.
// The same holds for the demo data `npm start` loads (scripts/demo-data.ts). A new event type
// written anywhere without a label fails here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pactum from 'pactum';
import type { Knex } from 'knex';
import { createPlatform, type Platform } from '../platform';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import { REVIEW_STATUS_LABELS } from '../../domain/review/review';
import { loadDemoData } from '../../scripts/demo-data';
import { seedReferenceData } from '../../scripts/reference-data';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { ORGS } from '../../testing/seed';
import { download } from '../../testing/spreadsheets';
import { upcast } from '../../store/upcasters';
import { codedReasonTypes } from '../../projections/audit/audit-summary';

/** Event types in the store that the registry cannot name. */
async function unlabelledTypes(platform: Platform): Promise<string[]> {
  const types: string[] = (await platform.knex.raw('SELECT DISTINCT type FROM events ORDER BY type')).rows.map((r: { type: string }) => r.type);
  const labelled = new Set(platform.modules.labelledEventTypes());
  expect(types.length).toBeGreaterThan(5);
  return types.filter((t) => !labelled.has(t));
}

/** Records whose folded state has a status (or a review status) without a label. */
async function unlabelledStatuses(platform: Platform, knex: Knex): Promise<string[]> {
  const streams: string[] = (await knex.raw('SELECT DISTINCT stream_id FROM events')).rows.map((r: { stream_id: string }) => r.stream_id);
  const missing: string[] = [];
  for (const streamId of streams) {
    const found = platform.modules.recordOf(streamId);
    if (!found) continue;
    const state = (await platform.store.readStream(streamId)).map(upcast).reduce(found.record.evolve, found.record.initialState()) as { status: string; review?: { status: string } };
    if (!found.record.statusLabels[state.status]) missing.push(`${found.record.module}.status=${state.status}`);
    if (state.review && !(state.review.status in REVIEW_STATUS_LABELS)) missing.push(`${found.record.module}.review.status=${state.review.status}`);
  }
  return [...new Set(missing)];
}

const DECLARE = 'mutation($n: String!, $c: String!) { declareOccupation(details: { code: $c, name: $n, level: "4", hours: 120 }, submit: true) { id streamId } }';
const AUDIT = `query($f: AuditFilter, $p: PageInput) { auditEvents(filter: $f, page: $p) { total items { type typeLabel summary actorId actorName streamId recordKind recordTitle } } }`;
const SECURITY = `query($f: AuditFilter) { securityLog(filter: $f, page: { pageSize: 200 }) { items { type typeLabel summary actorId actorName ip } } }`;
type AuditItem = { type: string; typeLabel: string; summary: string; actorId: string; actorName: string | null; streamId: string; recordKind: string | null; recordTitle: string | null; ip?: string };

describe('labels of the audit surfaces, after a representative API run', () => {
  let api: ApiHarness;
  let school: Session;
  let county: Session;
  let city: Session;
  let auditor: Session;
  let streamId = '';
  let occupationId = '';

  beforeAll(async () => {
    api = await startApiHarness();
    [school, county, city, auditor] = [await api.login('nanmingSchool'), await api.login('nanmingReviewer'), await api.login('guiyangReviewer'), await api.login('auditAdmin')];
    // Failed logins: a wrong password, and a name that is no user.
    await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'nanmingschool', password: 'Wrong-password-1' }).expectStatus(401).toss();
    await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'nobody_here', password: 'Wrong-password-1' }).expectStatus(401).toss();
    // An occupation declared, approved at the county (as a batch of one), returned by the city.
    const declared = await api.graphql<{ declareOccupation: { id: string; streamId: string } }>(school, DECLARE, { n: '茶艺师', c: '4-03-02-05' });
    expect(declared.errors).toBeUndefined();
    ({ id: occupationId, streamId } = declared.data!.declareOccupation);
    const approved = await api.graphql<{ approveReviews: { approvedCount: number } }>(county, 'mutation($s: [String!]!) { approveReviews(streamIds: $s, opinion: "材料齐全，同意") { approvedCount } }', { s: [streamId] }, await api.settled());
    expect(approved.data?.approveReviews.approvedCount).toBe(1);
    const returned = await api.graphql(city, `mutation { returnReview(streamId: "${streamId}", reason: "请补充场地证明") { revision } }`, {}, await api.settled());
    expect(returned.errors).toBeUndefined();
    // Exports: a list and a timeline.
    expect((await download(api.url, school, '/export/occupations.xlsx')).status).toBe(200);
    expect((await pactum.spec().get(`${api.url}/audit/timeline-export`).withQueryParams('streamId', streamId).withHeaders({ cookie: auditor.cookie }).toss()).statusCode).toBe(200);
    // A logout.
    const other = await api.login('yunyanSchool');
    await pactum.spec().post(`${api.url}/auth/logout`).withHeaders({ cookie: other.cookie, 'x-csrf-token': other.csrf }).expectStatus(200).toss();
    await api.settled();
  });
  afterAll(async () => api.close());

  it('every event type written has a label, and every record state a status label', async () => {
    expect(await unlabelledTypes(api.platform)).toEqual([]);
    expect(await unlabelledStatuses(api.platform, api.platform.knex)).toEqual([]);
  });

  it('the audit log names types, reasons, actors and records in Chinese', async () => {
    const body = await api.graphql<{ auditEvents: { items: AuditItem[] } }>(auditor, AUDIT, { p: { pageSize: 200 } }, await api.settled());
    expect(body.errors).toBeUndefined();
    const items = body.data!.auditEvents.items;
    // No English event type, no code as a summary, no actor without a name.
    expect(items.filter((i) => i.typeLabel === i.type || /[A-Za-z]/.test(i.typeLabel)).map((i) => i.type)).toEqual([]);
    expect(items.filter((i) => /^[a-z_]+$/.test(i.summary)).map((i) => `${i.type}: ${i.summary}`)).toEqual([]);
    // (The harness makes its test institutions effective as `seed-…` actors that are no users.)
    expect(items.filter((i) => !i.actorName && !i.actorId.startsWith('seed-')).map((i) => i.actorId)).toEqual([]);
    // The harness seeds as the platform itself.
    expect(items.find((i) => i.actorId === 'system')?.actorName).toBe('系统');
    // The password the harness set at each user's first login, in words.
    expect(items.find((i) => i.type === 'UserPasswordSet' && i.summary.includes('修改'))?.summary).toBe('本人修改密码');
    // The record by its title, not its stream id.
    const returned = items.find((i) => i.type === 'ReviewReturned' && i.streamId === streamId)!;
    expect([returned.typeLabel, returned.summary, returned.recordKind, returned.recordTitle]).toEqual(['审核退回', '请补充场地证明', '培训工种', '茶艺师']);
    expect(items.find((i) => i.type === 'UserCreated')?.recordKind).toBe('用户');

    const security = await api.graphql<{ securityLog: { items: AuditItem[] } }>(auditor, SECURITY, { f: { typePrefix: 'UserLogin' } });
    expect(security.data!.securityLog.items.filter((i) => i.type === 'UserLoginFailed').map((i) => i.summary)).toContain('密码错误');
    const unknown = await api.graphql<{ securityLog: { items: AuditItem[] } }>(auditor, SECURITY, { f: { typePrefix: 'LoginFailedForUnknownUser' } });
    expect(unknown.data!.securityLog.items.map((i) => [i.typeLabel, i.summary, i.actorName])).toContainEqual(['未知用户登录失败', '用户名：nobody_here', '未登录用户']);
    // Every reason that is a code has its words (the table is typed; this checks it is reached).
    expect(codedReasonTypes()).toEqual(expect.arrayContaining(['UserPasswordSet', 'UserLoginFailed', 'UserLoggedOut', 'InstitutionSuspended']));
  });

  it('the audit filters pick operators and records by name, in scope, and only for auditors', async () => {
    const actors = await api.graphql<{ auditActors: { id: string; name: string; orgName: string | null }[] }>(auditor, '{ auditActors(q: "nanmingreviewer") { id name orgName } }');
    expect(actors.data!.auditActors).toEqual([{ id: api.userIds.nanmingReviewer, name: 'nanmingReviewer', orgName: '南明区人力资源和社会保障局' }]);
    const system = await api.graphql<{ auditActors: { id: string; name: string }[] }>(auditor, '{ auditActors(q: "系统") { id name } }');
    expect(system.data!.auditActors).toContainEqual({ id: 'system:seed', name: '系统（初始化数据）' });
    const records = await api.graphql<{ auditRecords: { streamId: string; kind: string; title: string }[] }>(auditor, '{ auditRecords(q: "茶艺师") { streamId kind title } }');
    expect(records.data!.auditRecords).toContainEqual({ streamId, kind: '培训工种', title: '茶艺师' });
    // Filtering the log by the picked record.
    const byRecord = await api.graphql<{ auditEvents: { total: number; items: AuditItem[] } }>(auditor, AUDIT, { f: { streamId } });
    expect(byRecord.data!.auditEvents.items.every((i) => i.streamId === streamId)).toBe(true);
    expect(byRecord.data!.auditEvents.total).toBeGreaterThanOrEqual(4);
    for (const query of ['{ auditActors(q: "nanming") { id } }', '{ auditRecords(q: "茶艺师") { streamId } }']) {
      expect((await api.graphql(school, query)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
  });

  it('the timeline names the organisations, users and statuses its states hold', async () => {
    const body = await api.graphql<{ timeline: { title: string; moduleLabel: string; recordId: string; names: { id: string; name: string }[]; statusLabels: { field: string; value: string; label: string }[]; entries: { typeLabel: string; actorName: string; reason: string | null }[] } }>(
      county,
      `{ timeline(streamId: "${streamId}") { title moduleLabel recordId names { id name } statusLabels { field value label } entries { typeLabel actorName reason } } }`,
    );
    expect(body.errors).toBeUndefined();
    const t = body.data!.timeline;
    expect([t.title, t.moduleLabel, t.recordId]).toEqual(['茶艺师', '培训工种', occupationId]);
    const names = new Map(t.names.map((n) => [n.id, n.name]));
    // The city authority, which a county reviewer's own organisation tree does not reach.
    expect(names.get(ORGS.guiyang)).toBe('贵阳市人力资源和社会保障局');
    expect(names.get(ORGS.nanmingSchool)).toBe('贵阳市南明区阳光职业技能培训学校');
    expect(names.get(api.userIds.nanmingSchool)).toBe('nanmingSchool');
    expect(names.get(occupationId)).toBe('茶艺师');
    expect(t.statusLabels).toContainEqual({ field: 'status', value: 'declared', label: '已申报' });
    expect(t.statusLabels).toContainEqual({ field: 'review.status', value: 'returned', label: '已退回' });
    expect(t.entries.map((e) => e.typeLabel)).toEqual(['申报工种', '提交审核', '审核通过', '审核退回']);
  });
});

describe('labels of the demo data npm start loads', () => {
  let db: TestDatabase;
  let platform: Platform;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gz-labels-'));
    // Its own files: in the shared default directory the demo's photos may already lie encrypted under another run's key.
    platform = await createPlatform({ databaseUrl: db.url, filesDir: path.join(dataDir, 'files'), piiKeys: loadPiiKeys({}, () => undefined) });
    await seedReferenceData(platform);
    await loadDemoData(platform, dataDir, { scale: { institutions: 12, teachers: 4, trainees: 12 }, log: () => undefined });
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every event type the demo data writes has a label, and every record state a status label', async () => {
    expect(await unlabelledTypes(platform)).toEqual([]);
    expect(await unlabelledStatuses(platform, platform.knex)).toEqual([]);
  });
});
