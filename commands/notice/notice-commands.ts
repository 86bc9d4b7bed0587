// 通知公告 commands: the body is sanitised and the recipients and attachments resolved here, before
// the decider sees them; reads are recorded as NoticeRead facts on the notice's stream.
import { AUTHORITY_KINDS } from '../../domain/organization/organization';
import { noticeDecider, noticeStreamId, type NoticeCommand, type NoticeContent, type NoticeDraft, type NoticeInput } from '../../domain/notice/notice';
import { ValidationError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import { recordFact } from '../pipeline/record-fact';
import type { RequestContext } from '../pipeline/request-context';
import type { FileService } from '../storage/files';
import type { NoticeDirectory } from './notice-directory';
import { RAW_BODY_MAX, sanitizeNoticeBody } from './rich-text';

export function noticeCommands(store: EventStore, files: Pick<FileService, 'describe'>, directory: NoticeDirectory) {
  const run = (noticeId: string, command: NoticeCommand, request: RequestContext) => handleCommand(store, noticeDecider, noticeStreamId(noticeId), command, request);

  /** The draft's content: body cleaned, attachments checked (uploaded for a notice, by the author's organisation). */
  async function draftOf(input: NoticeInput, body: string, authorOrgId: string): Promise<NoticeDraft> {
    if (body.length > RAW_BODY_MAX) throw new ValidationError([{ field: 'body', message: '正文过长' }], '正文过长');
    const clean = sanitizeNoticeBody(body);
    const attachments = [];
    for (const fileId of new Set(input.attachmentIds)) {
      const file = await files.describe(fileId);
      if (!file || file.purpose !== 'notice' || file.orgId !== authorOrgId) throw new ValidationError([{ field: 'attachmentIds', message: '附件不存在或不是本单位为通知上传的文件' }], '附件无效');
      attachments.push({ fileId, name: file.name });
    }
    const targetOrgIds = [...new Set(input.targetOrgIds)];
    const content: NoticeContent = { kind: input.kind, title: input.title, body: clean.html, targetOrgIds, attachments };
    return { content, bodyText: clean.text, outOfScopeTargets: await directory.outsideSubtree(authorOrgId, targetOrgIds) };
  }

  const authorOf = (request: RequestContext) => {
    if (!request.actor.orgId) throw new ValidationError([{ field: 'orgId', message: '发布人没有所属单位' }]);
    return request.actor.orgId;
  };

  return {
    async draft(noticeId: string, input: NoticeInput, body: string, request: RequestContext) {
      const authorOrgId = authorOf(request);
      const draft = await draftOf(input, body, authorOrgId);
      const kind = await directory.kindOf(authorOrgId);
      const authorIsAuthority = (AUTHORITY_KINDS as readonly string[]).includes(kind ?? '');
      return run(noticeId, { type: 'DraftNotice', noticeId, authorOrgId, authorIsAuthority, ...draft }, request);
    },
    async revise(noticeId: string, input: NoticeInput, body: string, request: RequestContext) {
      return run(noticeId, { type: 'ReviseNotice', ...(await draftOf(input, body, authorOf(request))) }, request);
    },
    publish: (noticeId: string, request: RequestContext) => run(noticeId, { type: 'PublishNotice' }, request),
    withdraw: (noticeId: string, reason: string, request: RequestContext) => run(noticeId, { type: 'WithdrawNotice', reason }, request),
    /** A read receipt: the caller (a recipient, checked by the API) opened the published notice. */
    markRead: (noticeId: string, request: RequestContext) =>
      recordFact(store, noticeStreamId(noticeId), { type: 'NoticeRead', data: { userId: request.actor.id, orgId: request.actor.orgId ?? '' } }, request),
  };
}

export type NoticeCommands = ReturnType<typeof noticeCommands>;
