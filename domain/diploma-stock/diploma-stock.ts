// 空白毕业证 and 毕业证发放 (requirement 9(9)): one record per school (`diploma-stock-<schoolId>`).
// The school requests numbered blank diplomas; its authorities approve the request through the one
// review workflow, and the approval allocates the numbers (`<school code>-<serial>`, serials
// continuing the school's own sequence, so a number is unique in the province). Every allocated
// number is accounted for, always: in stock, issued (to a graduate of the school, one diploma per
// graduation) or spoiled (with its reason). allocated = in stock + issued + spoiled.
import {
  decideWithReview,
  evolveReview,
  initialReviewState,
  isReviewCommand,
  isReviewEvent,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewParticipation,
  type ReviewPolicy,
  type ReviewState,
} from '../review/review';
import { chinaDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { SCHOOL_REVIEW_POLICY } from '../technical-school/technical-school';

export const diplomaStockStreams = streamNaming('diploma-stock');

/** At most this many blanks in one request (a large school's year, with spares). */
export const MAX_REQUEST = 5_000;

export type IssuedDiploma = {
  studentId: string;
  studentName: string;
  /** 毕业 or 结业 (a 结业证书 is issued from the same stock). */
  outcome: 'graduated' | 'completed';
  issuedOn: string;
};
export interface SpoiledBlank {
  reason: string;
  on: string;
}

export type DiplomaStockRequested = DomainEvent<'DiplomaStockRequested', { schoolId: string; schoolCode: string; requestId: string; quantity: number; reason: string }>;
export type DiplomaStockAllocated = DomainEvent<'DiplomaStockAllocated', { requestId: string; numbers: string[] }>;
export type DiplomaStockRequestRejected = DomainEvent<'DiplomaStockRequestRejected', { requestId: string; reason: string }>;
export type DiplomaBlankSpoiled = DomainEvent<'DiplomaBlankSpoiled', { number: string; reason: string; on: string }>;
export type DiplomaIssued = DomainEvent<'DiplomaIssued', { number: string } & IssuedDiploma>;
/** An issued diploma was printed (who printed which number, and when, is on the record). */
export type DiplomaPrinted = DomainEvent<'DiplomaPrinted', { number: string; studentId: string }>;
export type DiplomaStockEvent = DiplomaStockRequested | DiplomaStockAllocated | DiplomaStockRequestRejected | DiplomaBlankSpoiled | DiplomaIssued | DiplomaPrinted | ReviewEvent;

export type DiplomaStockState =
  | { status: 'none' }
  | {
      status: 'open';
      schoolId: string;
      schoolCode: string;
      /** The last serial allocated (0 before the first allocation). */
      lastSerial: number;
      /** Numbers in stock, in order. */
      inStock: string[];
      issued: Record<string, IssuedDiploma>;
      spoiled: Record<string, SpoiledBlank>;
      /** The request under review (null when none). */
      request: { requestId: string; quantity: number; reason: string } | null;
      review: ReviewState;
    };
type Open = Extract<DiplomaStockState, { status: 'open' }>;

/** The graduate as the student's own stream says: left this school by 毕业 or 结业, and on which day. */
export interface GraduateFacts {
  studentId: string;
  name: string;
  schoolId: string | null;
  outcome: 'graduated' | 'completed' | null;
  on: string | null;
}

export type DiplomaStockCommand =
  | { type: 'RequestDiplomaStock'; schoolId: string; schoolCode: string; requestId: string; quantity: number; reason: string }
  | { type: 'SpoilDiplomaBlank'; number: string; reason: string }
  | { type: 'IssueDiploma'; graduate: GraduateFacts }
  | { type: 'RecordDiplomaPrint'; number: string }
  | (ReviewCommand & { policy?: ReviewPolicy });

export const diplomaNumber = (schoolCode: string, serial: number) => `${schoolCode}-${String(serial).padStart(6, '0')}`;

function requireOpen(state: DiplomaStockState): Open {
  if (state.status === 'none') throw new NotFoundError('该院校尚无毕业证库存记录');
  return state;
}
function requireSchool(state: Open, context: CommandContext) {
  if (context.actor.orgId !== state.schoolId) throw new ForbiddenError('只有本院校可以办理');
}

export const diplomaStockReview: ReviewParticipation<DiplomaStockState, DiplomaStockEvent> = {
  policy: SCHOOL_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'open' ? state.review : undefined),
  notFound: '该院校尚无毕业证库存记录',
  checkSubmission(state, context) {
    const open = requireOpen(state);
    requireSchool(open, context);
    if (!open.request) throw new RuleViolationError('没有待提交的空白毕业证申请', 'diploma.nothing_pending');
  },
  title: (state) => (state.status === 'open' && state.request ? `空白毕业证申领 ${state.request.quantity} 本` : '空白毕业证申领'),
  onDecision(decision, state) {
    const open = requireOpen(state);
    if (!open.request) return [];
    if (decision.type === 'ReviewApproved' && decision.data.final) {
      const numbers = Array.from({ length: open.request.quantity }, (_, i) => diplomaNumber(open.schoolCode, open.lastSerial + i + 1));
      return [{ type: 'DiplomaStockAllocated', data: { requestId: open.request.requestId, numbers } }];
    }
    if (decision.type === 'ReviewRejected') return [{ type: 'DiplomaStockRequestRejected', data: { requestId: open.request.requestId, reason: decision.data.reason } }];
    return [];
  },
};

function decide(command: DiplomaStockCommand, state: DiplomaStockState, context: CommandContext): DiplomaStockEvent[] {
  if (isReviewCommand(command)) return decideWithReview(diplomaStockReview, command, state, context);
  const today = chinaDate(context.now);
  switch (command.type) {
    case 'RequestDiplomaStock': {
      if (context.actor.orgId !== command.schoolId) throw new ForbiddenError('只能以本院校名义申领空白毕业证');
      if (!Number.isInteger(command.quantity) || command.quantity < 1 || command.quantity > MAX_REQUEST) throw new ValidationError([{ field: 'quantity', message: `申领数量应为1至${MAX_REQUEST}之间的整数` }]);
      if (state.status === 'open' && state.request) {
        if (state.request.requestId === command.requestId) return [];
        // A request not under review (a draft, returned or withdrawn) is replaced by the new one.
        if (state.review.status === 'pending') throw new RuleViolationError(`已有一份空白毕业证申请（${state.request.quantity} 本）正在审核中，请等待审核或撤回后修改`, 'diploma.request_open');
      }
      const { schoolId, schoolCode, requestId, quantity, reason } = command;
      return [{ type: 'DiplomaStockRequested', data: { schoolId, schoolCode, requestId, quantity, reason: reason.trim().slice(0, 200) } }];
    }
    case 'SpoilDiplomaBlank': {
      const open = requireOpen(state);
      requireSchool(open, context);
      if (open.spoiled[command.number]) return [];
      if (open.issued[command.number]) throw new RuleViolationError(`编号 ${command.number} 已发放给${open.issued[command.number]!.studentName}，不能作废为空白`, 'diploma.issued');
      if (!open.inStock.includes(command.number)) throw new RuleViolationError(`编号 ${command.number} 不在本校库存中`, 'diploma.not_in_stock');
      return [{ type: 'DiplomaBlankSpoiled', data: { number: command.number, reason: command.reason.trim().slice(0, 200), on: today } }];
    }
    case 'IssueDiploma': {
      const open = requireOpen(state);
      requireSchool(open, context);
      const g = command.graduate;
      const already = Object.entries(open.issued).find(([, d]) => d.studentId === g.studentId);
      if (already) throw new RuleViolationError(`${g.name}已发放毕业证（编号 ${already[0]}），不能重复发放`, 'diploma.already_issued');
      if (g.schoolId !== open.schoolId || !g.outcome) throw new RuleViolationError(`${g.name}不是本校已毕结业的学生，不能发放毕业证`, 'diploma.not_graduate');
      const number = open.inStock[0];
      if (!number) throw new RuleViolationError('本校空白毕业证库存为零，请先申领', 'diploma.out_of_stock');
      return [{ type: 'DiplomaIssued', data: { number, studentId: g.studentId, studentName: g.name, outcome: g.outcome, issuedOn: today } }];
    }
    case 'RecordDiplomaPrint': {
      const open = requireOpen(state);
      requireSchool(open, context);
      const issued = open.issued[command.number];
      if (!issued) throw new RuleViolationError(`编号 ${command.number} 尚未发放，不能打印`, 'diploma.not_issued');
      return [{ type: 'DiplomaPrinted', data: { number: command.number, studentId: issued.studentId } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: DiplomaStockState, event: DiplomaStockEvent): DiplomaStockState {
  if (event.type === 'DiplomaStockRequested') {
    const { schoolId, schoolCode, requestId, quantity, reason } = event.data;
    const base: Open =
      state.status === 'open' ? state : { status: 'open', schoolId, schoolCode, lastSerial: 0, inStock: [], issued: {}, spoiled: {}, request: null, review: initialReviewState() };
    return { ...base, request: { requestId, quantity, reason }, review: { status: 'draft', round: base.review.round } };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'DiplomaStockAllocated':
      return { ...state, inStock: [...state.inStock, ...event.data.numbers], lastSerial: state.lastSerial + event.data.numbers.length, request: null };
    case 'DiplomaStockRequestRejected':
      return { ...state, request: null };
    case 'DiplomaBlankSpoiled':
      return { ...state, inStock: state.inStock.filter((n) => n !== event.data.number), spoiled: { ...state.spoiled, [event.data.number]: { reason: event.data.reason, on: event.data.on } } };
    case 'DiplomaIssued': {
      const { number, ...issued } = event.data;
      return { ...state, inStock: state.inStock.filter((n) => n !== number), issued: { ...state.issued, [number]: issued } };
    }
    case 'DiplomaPrinted':
      return state;
    default:
      return assertNever(event);
  }
}

export const diplomaStockDecider: Decider<DiplomaStockCommand, DiplomaStockEvent, DiplomaStockState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

/** The accounting every number must satisfy: allocated = in stock + issued + spoiled. */
export function diplomaAccount(state: DiplomaStockState) {
  if (state.status === 'none') return { allocated: 0, inStock: 0, issued: 0, spoiled: 0, balanced: true };
  const issued = Object.keys(state.issued).length;
  const spoiled = Object.keys(state.spoiled).length;
  return { allocated: state.lastSerial, inStock: state.inStock.length, issued, spoiled, balanced: state.lastSerial === state.inStock.length + issued + spoiled };
}
