// 通知公告 over real HTTP: a county authority drafts (the body cleaned on the server), attaches a file
// through the storage port, publishes to a school below it; the school sees it in its inbox and the
// bell's count, opens it (a read receipt), downloads the attachment; a school of another county sees
// nothing; the authority reads the receipts and withdraws the notice with a reason.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { download, uploadFile } from '../../testing/spreadsheets';

const DRAFT = `mutation($i: NoticeInput!, $p: Boolean) { draftNotice(input: $i, publish: $p) { id streamId position } }`;
const NOTICE = `query($id: ID!) { notice(id: $id) { id title body status statusLabel authorOrgName targetOrgNames attachments { fileId name } readAt } }`;
const INBOX = `{ myNotices { total items { id title readAt } } unreadNoticeCount }`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('notices (通知公告)', () => {
  let api: ApiHarness;
  let registrar: Session;
  let school: Session;
  let otherSchool: Session;
  let noticeId = '';
  let fileId = '';

  beforeAll(async () => {
    api = await startApiHarness();
    [registrar, school, otherSchool] = await Promise.all([api.login('nanmingRegistrar'), api.login('nanmingSchool'), api.login('yunyanSchool')]);
  });
  afterAll(async () => api.close());

  const eventsOf = async (streamId: string) => (await api.platform.store.readStream(streamId)).map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));

  it('refuses a school, recipients outside the county and an empty body, writing nothing', async () => {
    const input = { kind: 'notice', title: '越权通知', body: '<p>内容</p>', targetOrgIds: [ORGS.nanmingSchool] };
    expect((await api.graphql(school, DRAFT, { i: input })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    const outside = await api.graphql(registrar, DRAFT, { i: { ...input, targetOrgIds: [ORGS.yunyanSchool] } });
    expect(outside.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'targetOrgIds', message: '只能向本单位及下级单位发布' }] });
    const empty = await api.graphql(registrar, DRAFT, { i: { ...input, body: '<p><script>alert(1)</script></p>' } });
    expect(empty.errors![0]!.extensions.fields).toEqual([{ field: 'body', message: '正文不能为空' }]);
    const bad = await api.graphql(registrar, DRAFT, { i: { ...input, kind: 'memo', title: '' } });
    expect(bad.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await api.graphql<{ notices: { total: number } }>(registrar, '{ notices { total } }', {}, await api.settled())).data!.notices.total).toBe(0);
  });

  it('drafts with a cleaned body and an attachment uploaded for the notice, then publishes', async () => {
    const uploaded = await uploadFile(api.url, registrar, '年审材料清单.pdf', PDF, { purpose: 'notice' });
    expect(uploaded.status).toBe(201);
    fileId = (uploaded.json as { fileId: string }).fileId;
    // A school may not upload for a notice.
    expect((await uploadFile(api.url, school, 'x.pdf', PDF, { purpose: 'notice' })).status).toBe(403);

    const body = '<h3>年审安排</h3><p onclick="steal()">请于<strong>12月31日</strong>前提交<script>alert(document.cookie)</script>材料。</p><img src="https://evil.example/x.png"><a href="javascript:alert(1)">链接</a>';
    const drafted = await api.graphql<{ draftNotice: { id: string; streamId: string } }>(registrar, DRAFT, { i: { kind: 'notice', title: '关于开展2026年度年审的通知', body, targetOrgIds: [ORGS.nanmingSchool], attachmentIds: [fileId] } });
    expect(drafted.errors).toBeUndefined();
    noticeId = drafted.data!.draftNotice.id;
    const [event] = await eventsOf(drafted.data!.draftNotice.streamId);
    expect(event!.data.body).toBe('<h3>年审安排</h3><p>请于<strong>12月31日</strong>前提交材料。</p><a target="_blank" rel="noopener noreferrer">链接</a>');
    expect(event!.data.attachments).toEqual([{ fileId, name: '年审材料清单.pdf' }]);
    // A draft reaches no one.
    expect((await api.graphql<{ unreadNoticeCount: number }>(school, INBOX, {}, await api.settled())).data!.unreadNoticeCount).toBe(0);
    expect((await api.graphql(school, NOTICE, { id: noticeId })).data).toEqual({ notice: null });

    expect((await api.graphql(registrar, `mutation { publishNotice(id: "${noticeId}") { revision } }`)).errors).toBeUndefined();
    expect((await eventsOf(`notice-${noticeId}`)).map((e) => e.type)).toEqual(['NoticeDrafted', 'NoticePublished']);
  });

  it('reaches the school below: inbox, unread count, the notice with its attachment, and a read receipt', async () => {
    const inbox = await api.graphql<{ myNotices: { total: number; items: { id: string; readAt: string | null }[] }; unreadNoticeCount: number }>(school, INBOX, {}, await api.settled());
    expect(inbox.data).toEqual({ myNotices: { total: 1, items: [{ id: noticeId, title: '关于开展2026年度年审的通知', readAt: null }] }, unreadNoticeCount: 1 });
    const opened = await api.graphql<{ notice: Record<string, unknown> }>(school, NOTICE, { id: noticeId });
    expect(opened.data!.notice).toMatchObject({ status: 'published', statusLabel: '已发布', authorOrgName: '南明区人力资源和社会保障局', targetOrgNames: ['贵阳市南明区阳光职业技能培训学校'], attachments: [{ fileId, name: '年审材料清单.pdf' }], readAt: null });
    expect((await download(api.url, school, `/files/${fileId}`)).status).toBe(200);

    expect((await api.graphql(school, `mutation { markNoticeRead(id: "${noticeId}") { streamId } }`)).errors).toBeUndefined();
    const after = await api.graphql<{ unreadNoticeCount: number }>(school, INBOX, {}, await api.settled());
    expect(after.data!.unreadNoticeCount).toBe(0);
    // Opening it again records nothing more.
    expect((await api.graphql<{ markNoticeRead: { repeated: boolean } }>(school, `mutation { markNoticeRead(id: "${noticeId}") { repeated } }`)).data!.markNoticeRead.repeated).toBe(true);
    expect((await eventsOf(`notice-${noticeId}`)).filter((e) => e.type === 'NoticeRead')).toEqual([{ type: 'NoticeRead', data: { userId: api.userIds.nanmingSchool, orgId: ORGS.nanmingSchool } }]);

    const receipts = await api.graphql<{ noticeReceipts: { recipientCount: number; readCount: number; readers: { items: { username: string; orgName: string }[] } } }>(
      registrar,
      `{ noticeReceipts(id: "${noticeId}") { recipientCount readCount readers { items { username orgName } } } }`,
    );
    expect(receipts.data!.noticeReceipts).toEqual({ recipientCount: 1, readCount: 1, readers: { items: [{ username: 'nanmingschool', orgName: '贵阳市南明区阳光职业技能培训学校' }] } });
  });

  it('reaches no one outside: another county\'s school sees, reads and downloads nothing', async () => {
    const inbox = await api.graphql<{ myNotices: { total: number }; unreadNoticeCount: number }>(otherSchool, INBOX, {}, await api.settled());
    expect([inbox.data!.myNotices.total, inbox.data!.unreadNoticeCount]).toEqual([0, 0]);
    expect((await api.graphql(otherSchool, NOTICE, { id: noticeId })).data).toEqual({ notice: null });
    expect((await api.graphql(otherSchool, `mutation { markNoticeRead(id: "${noticeId}") { revision } }`)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await download(api.url, otherSchool, `/files/${fileId}`)).status).toBe(404);
    expect((await api.graphql(otherSchool, `{ noticeReceipts(id: "${noticeId}") { readCount } }`)).errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('is withdrawn with a reason by its authority, and then reaches no one', async () => {
    const noReason = await api.graphql(registrar, `mutation { withdrawNotice(id: "${noticeId}", reason: "") { revision } }`);
    expect(noReason.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await api.graphql(registrar, `mutation { reviseNotice(id: "${noticeId}", input: { kind: "notice", title: "改", body: "<p>改</p>", targetOrgIds: ["${ORGS.nanmingSchool}"] }) { revision } }`)).errors![0]!.extensions.code).toBe('RULE_VIOLATION');
    expect((await api.graphql(registrar, `mutation { withdrawNotice(id: "${noticeId}", reason: "年审时间调整，另行通知") { revision } }`)).errors).toBeUndefined();
    const inbox = await api.graphql<{ myNotices: { total: number } }>(school, INBOX, {}, await api.settled());
    expect(inbox.data!.myNotices.total).toBe(0);
    expect((await download(api.url, school, `/files/${fileId}`)).status).toBe(404);
    const managed = await api.graphql<{ notices: { items: { status: string; withdrawReason: string }[] } }>(registrar, '{ notices { items { status withdrawReason } } }');
    expect(managed.data!.notices.items).toEqual([{ status: 'withdrawn', withdrawReason: '年审时间调整，另行通知' }]);
  });
});
