// The readable timeline export (.xlsx) over real HTTP: the record's events in Chinese as the console
// shows them (labels, names, roles, opinions, changes, hash and ledger verdicts), checked for scope
// exactly as the signed JSON export (out of scope answers as missing), and recorded as an export.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { XLSX_TYPE, readXlsxBytes } from '../../testing/spreadsheets';

describe('timeline export as a workbook', () => {
  let api: ApiHarness;
  let school: Session;
  let reviewer: Session;
  let outsider: Session;
  let streamId = '';

  beforeAll(async () => {
    api = await startApiHarness();
    [school, reviewer, outsider] = await Promise.all([api.login('nanmingSchool'), api.login('nanmingReviewer'), api.login('zunyiReviewer')]);
    const declared = await api.graphql<{ declareOccupation: { streamId: string } }>(school, 'mutation { declareOccupation(details: { code: "4-03-02-05", name: "茶艺师", level: "4", hours: 80 }, submit: true) { streamId } }');
    streamId = declared.data!.declareOccupation.streamId;
    const returned = await api.graphql(reviewer, `mutation { returnReview(streamId: "${streamId}", reason: "请补充培训场地证明材料") { revision } }`, {}, await api.settled());
    expect(returned.errors).toBeUndefined();
  });
  afterAll(async () => api.close());

  const fetchAs = (session: Session, id: string) => fetch(`${api.url}/audit/timeline-export.xlsx?streamId=${encodeURIComponent(id)}`, { headers: { cookie: session.cookie } });

  it('writes the timeline in Chinese: who, role, organisation, address, opinion, changed fields, hash and ledger', async () => {
    const response = await fetchAs(reviewer, streamId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(response.headers.get('content-disposition')!)![1]!)).toMatch(/^时间线-茶艺师（4-03-02-05）-\d{8}\.xlsx$|^时间线-.*茶艺师.*\.xlsx$/);
    const [sheet] = await readXlsxBytes(Buffer.from(await response.arrayBuffer()));
    expect(sheet!.name).toBe('时间线');
    const rows = sheet!.rows.map((r) => r.values);
    expect(rows[0]![0]).toMatch(/^记录：培训工种·/);
    expect(rows[2]![0]).toBe('哈希链：完整');
    expect(rows[3]![0]).toContain('不能证明记录未被改动');
    // (The reader skips the empty row before the table.)
    const header = rows.findIndex((r) => r[0] === '序号');
    expect(rows[header]).toEqual(['序号', '时间（北京时间）', '事件', '操作人', '角色', '单位', 'IP 地址', '意见 / 原因', '变更内容', '哈希校验', '账本', '哈希（SM3）']);
    const events = rows.slice(header + 1);
    expect(events.length).toBeGreaterThanOrEqual(2);
    const returned = events.find((r) => r[2] === '审核退回')!;
    expect(returned).toBeDefined();
    expect(returned[3]).toBe('nanmingReviewer');
    expect(returned[4]).toBe('人社审核员');
    expect(returned[5]).toBe('南明区人力资源和社会保障局');
    expect(returned[7]).toBe('请补充培训场地证明材料');
    expect(returned[8]).toMatch(/审核·状态：审核中 → 已退回/);
    expect(returned[9]).toBe('通过');
    expect(returned[11]).toMatch(/^[0-9a-f]{64}$/);
    expect(returned[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // No English event type, no raw status code.
    expect(JSON.stringify(events)).not.toMatch(/ReviewReturned|"returned"/);
  });

  it('is recorded as an export by the user', async () => {
    const facts = (await api.platform.store.readStream(`audit-export-${api.userIds.nanmingReviewer}`)).map((e) => e.data);
    expect(facts).toContainEqual({ streamId, events: expect.any(Number), lastHash: expect.stringMatching(/^[0-9a-f]{64}$/), format: 'xlsx' });
  });

  it('answers out of scope as missing, and without the permission as forbidden, writing no export', async () => {
    const before = (await api.platform.store.readStream(`audit-export-${api.userIds.zunyiReviewer}`)).length;
    const foreign = await fetchAs(outsider, streamId);
    const missing = await fetchAs(outsider, 'occupation-00000000-0000-4000-8000-000000000000');
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(await foreign.json()).toEqual(await missing.json());
    expect((await api.platform.store.readStream(`audit-export-${api.userIds.zunyiReviewer}`)).length).toBe(before);
    const sysadmin = await api.login('systemAdmin');
    expect((await fetchAs(sysadmin, streamId)).status).toBe(403);
    expect((await fetch(`${api.url}/audit/timeline-export.xlsx?streamId=${streamId}`)).status).toBe(401);
  });
});
