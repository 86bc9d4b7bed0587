// 培训过程跟踪与检查 (issue 12 §2): a supervising authority inspects an open class, on site or
// remotely, and records what it found with photos; where it requires rectification, the
// institution replies with what it did, and the authority accepts the reply or returns it. Each
// step an event on the class's stream. What the findings lead to for the institution (约谈,
// 整改通知书, 通报, 解约) is the penalty ladder on the institution's own record (institution.ts).
import { z } from 'zod';
import { chinaDate, type IsoDate } from '../personal-data/normalize';
import type { CommandContext } from '../shared/decider';
import { RuleViolationError, ValidationError } from '../shared/errors';
import { calendarDate, oneOf, parseInput, requiredText } from '../shared/validation';
import type { TrainingClassCommand } from './commands';
import type { TrainingClassEvent } from './events';
import { requireAuthority, requireClass, requireInstitution, requireReason, requireStatus } from './guards';
import type { TrainingClassState } from './state';

export const INSPECTION_MODES = ['on_site', 'remote'] as const;
export type InspectionMode = (typeof INSPECTION_MODES)[number];
export const INSPECTION_MODE_LABELS: Record<InspectionMode, string> = { on_site: '现场检查', remote: '远程检查' };

export type RectificationStatus = 'not_required' | 'awaiting_reply' | 'replied' | 'accepted' | 'returned';
export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  not_required: '无需整改',
  awaiting_reply: '待整改回复',
  replied: '已回复待审核',
  accepted: '整改通过',
  returned: '整改回复退回',
};

/** A photo or document kept in the file store: its id and content hash (the event holds no image). */
export interface EvidenceFile {
  fileId: string;
  name: string;
  sha256: string;
}

export interface Inspection {
  inspectionId: string;
  mode: InspectionMode;
  inspectedOn: IsoDate;
  findings: string;
  photos: EvidenceFile[];
  rectificationRequired: boolean;
  /** The day the rectification reply is due. */
  rectifyBy: IsoDate | null;
  byOrgId: string;
  inspectorId: string;
  status: RectificationStatus;
  replies: { reply: string; attachments: EvidenceFile[]; repliedOn: IsoDate }[];
  decisions: { accepted: boolean; opinion: string; byOrgId: string; on: IsoDate }[];
}

export const inspectionInputSchema = (today: IsoDate) =>
  z
    .object({
      mode: oneOf('检查方式', INSPECTION_MODES),
      inspectedOn: calendarDate('检查日期'),
      findings: requiredText('检查发现', 5000, { multiline: true }),
      rectificationRequired: z.boolean({ error: '请选择是否需要整改' }),
      rectifyBy: calendarDate('整改期限').nullable().default(null),
    })
    .superRefine((v, ctx) => {
      if (typeof v.inspectedOn === 'string' && v.inspectedOn > today) ctx.addIssue({ code: 'custom', path: ['inspectedOn'], message: `检查日期（${v.inspectedOn}）不能晚于今天（${today}）` });
      if (v.rectificationRequired && !v.rectifyBy) ctx.addIssue({ code: 'custom', path: ['rectifyBy'], message: '需要整改时请填写整改期限' });
      if (!v.rectificationRequired && v.rectifyBy) ctx.addIssue({ code: 'custom', path: ['rectifyBy'], message: '无需整改时不填写整改期限' });
      if (v.rectifyBy && typeof v.rectifyBy === 'string' && v.rectifyBy < today) ctx.addIssue({ code: 'custom', path: ['rectifyBy'], message: `整改期限（${v.rectifyBy}）不能早于今天（${today}）` });
    });
export type InspectionInput = z.output<ReturnType<typeof inspectionInputSchema>>;
export const parseInspectionInput = (input: unknown, today: IsoDate): InspectionInput => parseInput(inspectionInputSchema(today), input);

type Command<T extends TrainingClassCommand['type']> = Extract<TrainingClassCommand, { type: T }>;

const findInspection = (state: { inspections: Inspection[] }, inspectionId: string) => {
  const found = state.inspections.find((i) => i.inspectionId === inspectionId);
  if (!found) throw new ValidationError([{ field: 'inspectionId', message: '本班没有该检查记录' }]);
  return found;
};

/** 检查记录: by a supervising authority, while the class is open (not yet completed or cancelled). */
export function recordInspection(command: Command<'RecordInspection'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireAuthority(command.authority, '检查培训班级');
  requireStatus(s, ['approved', 'in_progress', 'suspended'], '记录检查');
  if (s.inspections.some((i) => i.inspectionId === command.inspectionId)) return [];
  if (command.photos.length > 30) throw new ValidationError([{ field: 'photos', message: '照片最多30张' }]);
  const { input } = command;
  if (input.inspectedOn < s.details.plannedStart && s.status !== 'approved') throw new ValidationError([{ field: 'inspectedOn', message: `检查日期不能早于开班日期（${s.details.plannedStart}）` }]);
  return [
    {
      type: 'TrainingClassInspected',
      data: {
        inspection: {
          inspectionId: command.inspectionId,
          ...input,
          photos: command.photos,
          byOrgId: context.actor.orgId!,
          inspectorId: context.actor.id,
          status: input.rectificationRequired ? 'awaiting_reply' : 'not_required',
          replies: [],
          decisions: [],
        },
      },
    },
  ];
}

/** 整改回复: the institution, to an inspection that requires rectification and awaits (or was returned) its reply. */
export function replyRectification(command: Command<'ReplyRectification'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const inspection = findInspection(s, command.inspectionId);
  if (inspection.status !== 'awaiting_reply' && inspection.status !== 'returned') {
    throw new RuleViolationError(`该检查记录当前为“${RECTIFICATION_STATUS_LABELS[inspection.status]}”，不能提交整改回复`, 'training_class.rectification_status');
  }
  const reply = requireReason(command.reply, '整改情况', 'reply');
  return [{ type: 'TrainingClassRectificationReplied', data: { inspectionId: inspection.inspectionId, reply, attachments: command.attachments, repliedOn: chinaDate(context.now) } }];
}

/** 整改审核: a supervising authority accepts the reply, or returns it with the reason. */
export function decideRectification(command: Command<'DecideRectification'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireAuthority(command.authority, '审核整改回复');
  const inspection = findInspection(s, command.inspectionId);
  if (inspection.status !== 'replied') throw new RuleViolationError(`该检查记录当前为“${RECTIFICATION_STATUS_LABELS[inspection.status]}”，没有待审核的整改回复`, 'training_class.rectification_status');
  const opinion = requireReason(command.opinion, command.accepted ? '审核意见' : '退回原因', 'opinion');
  return [{ type: 'TrainingClassRectificationReviewed', data: { inspectionId: inspection.inspectionId, accepted: command.accepted, opinion, byOrgId: context.actor.orgId!, on: chinaDate(context.now) } }];
}

/** The inspections after one of their events. */
export function evolveInspections(inspections: Inspection[], event: TrainingClassEvent): Inspection[] {
  switch (event.type) {
    case 'TrainingClassInspected':
      return [...inspections, event.data.inspection];
    case 'TrainingClassRectificationReplied':
      return inspections.map((i) =>
        i.inspectionId === event.data.inspectionId ? { ...i, status: 'replied', replies: [...i.replies, { reply: event.data.reply, attachments: event.data.attachments, repliedOn: event.data.repliedOn }] } : i,
      );
    case 'TrainingClassRectificationReviewed':
      return inspections.map((i) =>
        i.inspectionId === event.data.inspectionId
          ? { ...i, status: event.data.accepted ? 'accepted' : 'returned', decisions: [...i.decisions, { accepted: event.data.accepted, opinion: event.data.opinion, byOrgId: event.data.byOrgId, on: event.data.on }] }
          : i,
      );
    default:
      return inspections;
  }
}
