// 通知公告 decider, by state: given past events, when a command, then these events (or this error).
import { describe, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { noticeDecider, type NoticeContent, type NoticeEvent } from './notice';

const given = specification(noticeDecider);
const AUTHOR = 'auth-520102';
const author = testContext({ id: 'u-1', orgId: AUTHOR }, '2026-12-01T02:00:00.000Z');
const content: NoticeContent = { kind: 'notice', title: '关于开展年审的通知', body: '<p>请于月底前提交材料。</p>', targetOrgIds: ['inst-1'], attachments: [] };
const draft = { content, bodyText: '请于月底前提交材料。', outOfScopeTargets: [] };
const drafted: NoticeEvent = { type: 'NoticeDrafted', data: { noticeId: 'n-1', authorOrgId: AUTHOR, ...content } };
const published: NoticeEvent = { type: 'NoticePublished', data: { publishedAt: '2026-12-01T03:00:00.000Z' } };

describe('notice decider', () => {
  describe('when none', () => {
    it('drafts a notice of an authority', () =>
      given().when({ type: 'DraftNotice', noticeId: 'n-1', authorOrgId: AUTHOR, authorIsAuthority: true, ...draft }, author).then([drafted]));
    it('refuses a notice from an organisation that is no authority', () =>
      given().when({ type: 'DraftNotice', noticeId: 'n-1', authorOrgId: AUTHOR, authorIsAuthority: false, ...draft }, author).thenThrows(ForbiddenError, '只有人社管理部门'));
    it('refuses an empty body (markup without text) and recipients outside the author\'s subtree', () => {
      given().when({ type: 'DraftNotice', noticeId: 'n-1', authorOrgId: AUTHOR, authorIsAuthority: true, ...draft, bodyText: '  ' }, author).thenThrows(ValidationError, '正文不能为空');
      given().when({ type: 'DraftNotice', noticeId: 'n-1', authorOrgId: AUTHOR, authorIsAuthority: true, ...draft, outOfScopeTargets: ['auth-520103'] }, author).thenThrows(ValidationError, '超出');
    });
    it('cannot publish what does not exist', () => given().when({ type: 'PublishNotice' }, author).thenThrows(RuleViolationError, '通知不存在'));
  });

  describe('when a draft', () => {
    it('is revised and published by its author organisation', () => {
      given([drafted]).when({ type: 'ReviseNotice', ...draft, content: { ...content, title: '新标题' } }, author).then([{ type: 'NoticeRevised', data: { ...content, title: '新标题' } }]);
      given([drafted]).when({ type: 'PublishNotice' }, author).then([{ type: 'NoticePublished', data: { publishedAt: author.now } }]);
    });
    it('is changed by no other organisation', () =>
      given([drafted]).when({ type: 'PublishNotice' }, testContext({ orgId: 'auth-520100' })).thenThrows(ForbiddenError, '只有发布单位'));
    it('cannot be withdrawn before it is published', () => given([drafted]).when({ type: 'WithdrawNotice', reason: '错误' }, author).thenThrows(RuleViolationError, '只有已发布'));
  });

  describe('when published', () => {
    it('is not revised, publishing again changes nothing, and reads change nothing', () => {
      given([drafted, published]).when({ type: 'ReviseNotice', ...draft }, author).thenThrows(RuleViolationError, '不能修改');
      given([drafted, published, { type: 'NoticeRead', data: { userId: 'u-9', orgId: 'inst-1' } }]).when({ type: 'PublishNotice' }, author).thenNothing();
    });
    it('is withdrawn with a reason, which is required', () => {
      given([drafted, published]).when({ type: 'WithdrawNotice', reason: '内容有误' }, author).then([{ type: 'NoticeWithdrawn', data: { reason: '内容有误', withdrawnAt: author.now } }]);
      given([drafted, published]).when({ type: 'WithdrawNotice', reason: ' ' }, author).thenThrows(ValidationError);
    });
  });

  describe('when withdrawn', () => {
    const withdrawn: NoticeEvent = { type: 'NoticeWithdrawn', data: { reason: '内容有误', withdrawnAt: '2026-12-02T00:00:00.000Z' } };
    it('is not published again, and withdrawing again changes nothing', () => {
      given([drafted, published, withdrawn]).when({ type: 'PublishNotice' }, author).thenThrows(RuleViolationError, '已撤回');
      given([drafted, published, withdrawn]).when({ type: 'WithdrawNotice', reason: '再次' }, author).thenNothing();
    });
  });
});
