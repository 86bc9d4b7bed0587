// 通知公告: an authority publishes a notice to organisations below it. A notice is drafted, may be
// revised while a draft, is published (then its recipients see it and their reads are recorded as
// NoticeRead facts on its stream), and may be withdrawn with a reason. The body is HTML the command
// side has already sanitised (commands/notice/rich-text.ts): the domain sees only the clean text.
import { z } from 'zod';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { oneOf, parseInput, requiredText } from '../shared/validation';

export const NOTICE_KINDS = ['notice', 'announcement'] as const;
export const NOTICE_KIND_LABELS: Record<(typeof NOTICE_KINDS)[number], string> = { notice: '通知', announcement: '公告' };
export const NOTICE_BODY_MAX = 50_000;
export const NOTICE_TARGETS_MAX = 200;
export const NOTICE_ATTACHMENTS_MAX = 10;

export const noticeInputSchema = z.object({
  kind: oneOf('类别', NOTICE_KINDS),
  title: requiredText('标题', 100),
  targetOrgIds: z.array(z.string().min(1).max(100), { error: '请选择接收单位' }).min(1, { error: '请至少选择一个接收单位' }).max(NOTICE_TARGETS_MAX, { error: `接收单位不能超过${NOTICE_TARGETS_MAX}个` }),
  attachmentIds: z.array(z.string().min(1).max(100)).max(NOTICE_ATTACHMENTS_MAX, { error: `附件不能超过${NOTICE_ATTACHMENTS_MAX}个` }).default([]),
});
export type NoticeInput = z.output<typeof noticeInputSchema>;
export const parseNoticeInput = (input: unknown) => parseInput(noticeInputSchema, input);

export interface NoticeAttachment {
  fileId: string;
  name: string;
}

/** What a notice says: its body sanitised, its recipients and attachments resolved by the command side. */
export interface NoticeContent extends Record<string, unknown> {
  kind: NoticeInput['kind'];
  title: string;
  /** Sanitised HTML. */
  body: string;
  targetOrgIds: string[];
  attachments: NoticeAttachment[];
}

export type NoticeDrafted = DomainEvent<'NoticeDrafted', { noticeId: string; authorOrgId: string } & NoticeContent>;
export type NoticeRevised = DomainEvent<'NoticeRevised', NoticeContent>;
export type NoticePublished = DomainEvent<'NoticePublished', { publishedAt: string }>;
export type NoticeWithdrawn = DomainEvent<'NoticeWithdrawn', { reason: string; withdrawnAt: string }>;
/** A recipient opened the notice (read receipt): a fact recorded without a decision. */
export type NoticeRead = DomainEvent<'NoticeRead', { userId: string; orgId: string }>;
export type NoticeEvent = NoticeDrafted | NoticeRevised | NoticePublished | NoticeWithdrawn | NoticeRead;

type Authored = { noticeId: string; authorOrgId: string } & NoticeContent;
export type NoticeState =
  | { status: 'none' }
  | ({ status: 'draft' } & Authored)
  | ({ status: 'published'; publishedAt: string } & Authored)
  | ({ status: 'withdrawn'; publishedAt: string; withdrawnAt: string; withdrawReason: string } & Authored);

/**
 * The content of a draft or revision. `bodyText` is the body's visible text (to refuse an empty
 * notice); `outOfScopeTargets` are chosen recipients outside the author's organisation and those
 * below it, found by the command side from the organisation tree.
 */
export interface NoticeDraft {
  content: NoticeContent;
  bodyText: string;
  outOfScopeTargets: string[];
}

export type NoticeCommand =
  | ({ type: 'DraftNotice'; noticeId: string; authorOrgId: string; authorIsAuthority: boolean } & NoticeDraft)
  | ({ type: 'ReviseNotice' } & NoticeDraft)
  | { type: 'PublishNotice' }
  | { type: 'WithdrawNotice'; reason: string };

const withdrawSchema = z.object({ reason: requiredText('撤回原因', 200, { multiline: true }) });

function checkDraft(draft: NoticeDraft) {
  if (!draft.bodyText.trim()) throw new ValidationError([{ field: 'body', message: '正文不能为空' }], '正文不能为空');
  if (draft.content.body.length > NOTICE_BODY_MAX) throw new ValidationError([{ field: 'body', message: `正文过长（不超过${NOTICE_BODY_MAX}个字符）` }], '正文过长');
  if (draft.outOfScopeTargets.length > 0) {
    throw new ValidationError([{ field: 'targetOrgIds', message: '只能向本单位及下级单位发布' }], '接收单位超出本单位的管辖范围');
  }
}

/** Only the author organisation's own users change its notice. */
function requireAuthor(state: Extract<NoticeState, { authorOrgId: string }>, context: CommandContext) {
  if (context.actor.orgId !== state.authorOrgId) throw new ForbiddenError('只有发布单位可以修改、发布或撤回该通知');
}

function decide(command: NoticeCommand, state: NoticeState, context: CommandContext): NoticeEvent[] {
  if (command.type === 'DraftNotice') {
    if (state.status !== 'none') throw new RuleViolationError('通知已存在', 'notice.exists');
    if (!command.authorIsAuthority) throw new ForbiddenError('只有人社管理部门可以发布通知公告');
    checkDraft(command);
    return [{ type: 'NoticeDrafted', data: { noticeId: command.noticeId, authorOrgId: command.authorOrgId, ...command.content } }];
  }
  if (state.status === 'none') throw new RuleViolationError('通知不存在', 'notice.not_found');
  requireAuthor(state, context);
  switch (command.type) {
    case 'ReviseNotice':
      if (state.status !== 'draft') throw new RuleViolationError('已发布的通知不能修改，请撤回后重新起草', 'notice.not_draft');
      checkDraft(command);
      return [{ type: 'NoticeRevised', data: command.content }];
    case 'PublishNotice':
      if (state.status === 'published') return [];
      if (state.status !== 'draft') throw new RuleViolationError('已撤回的通知不能再次发布', 'notice.withdrawn');
      return [{ type: 'NoticePublished', data: { publishedAt: context.now } }];
    case 'WithdrawNotice': {
      if (state.status === 'withdrawn') return [];
      if (state.status !== 'published') throw new RuleViolationError('只有已发布的通知可以撤回', 'notice.not_published');
      const { reason } = parseInput(withdrawSchema, { reason: command.reason });
      return [{ type: 'NoticeWithdrawn', data: { reason, withdrawnAt: context.now } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: NoticeState, event: NoticeEvent): NoticeState {
  switch (event.type) {
    case 'NoticeDrafted':
      return { status: 'draft', ...event.data };
    case 'NoticeRevised':
      return state.status === 'draft' ? { ...state, ...event.data } : state;
    case 'NoticePublished':
      return state.status === 'draft' ? { ...state, status: 'published', publishedAt: event.data.publishedAt } : state;
    case 'NoticeWithdrawn':
      return state.status === 'published' ? { ...state, status: 'withdrawn', withdrawnAt: event.data.withdrawnAt, withdrawReason: event.data.reason } : state;
    case 'NoticeRead':
      return state;
    default:
      return assertNever(event);
  }
}

export const noticeDecider: Decider<NoticeCommand, NoticeEvent, NoticeState> = { initialState: () => ({ status: 'none' }), evolve, decide };

export const noticeStreamId = (noticeId: string) => `notice-${noticeId}`;
