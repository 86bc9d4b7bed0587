// 空白毕业证 and 毕业证发放 (requirement 9(9)): one record per school (`diploma-stock-<schoolId>`).
// The school requests numbered blank diplomas; its authorities approve the request through the one
// review workflow, and the approval allocates the numbers (`<school code>-<serial>`, serials
// continuing the school's own sequence, so a number is unique in the province). Every allocated
// number is accounted for, always: in stock, issued (to a graduate of the school, one diploma per
// graduation) or spoiled (with its reason). allocated = in stock + issued + spoiled + void.
// An issued diploma is approved by the school's authorities before it can be printed; an amendment
// (a corrected field) or a reprint is applied for, consumes a new number from stock and, once
// approved, records the old number as void. One review runs on the record at a time: the stock
// request if one waits, otherwise the diplomas awaiting approval (issues, amendments, reprints) as
// one batch; what arrives while a review runs waits for the next round.
import {
  decideWithReview,
  evolveReview,
  initialReviewState,
  isReviewCommand,
  isReviewEvent,
  reopenReview,
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

/** Fields of a diploma an amendment may correct (the printed value replaces the student record's). */
export const DIPLOMA_CORRECTABLE = ['name', 'birthDate', 'majorName', 'enrolledOn', 'leftOn'] as const;
export type DiplomaCorrections = Partial<Record<(typeof DIPLOMA_CORRECTABLE)[number], string>>;
export const DIPLOMA_CORRECTION_LABELS: Record<(typeof DIPLOMA_CORRECTABLE)[number], string> = { name: '姓名', birthDate: '出生日期', majorName: '专业名称', enrolledOn: '入学日期', leftOn: '毕结业日期' };

export type IssuedDiploma = {
  studentId: string;
  studentName: string;
  /** 毕业 or 结业 (a 结业证书 is issued from the same stock). */
  outcome: 'graduated' | 'completed';
  issuedOn: string;
};
/** A number taken for a diploma: a first issue, an amendment or a reprint, approved or awaiting approval. */
export type DiplomaEntry = IssuedDiploma & {
  kind: 'issue' | 'amendment' | 'reprint';
  approved: boolean;
  /** The number this one replaces (amendment, reprint); it becomes void on approval. */
  replaces: string | null;
  reason: string | null;
  corrections: DiplomaCorrections;
};
export type VoidNumber = {
  replacedBy: string;
  reason: string;
  on: string;
};
export type DiplomaReplacement = { number: string; replaces: string; reason: string; on: string } & Omit<IssuedDiploma, 'issuedOn'>;
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
/** A correction applied for: the new number is taken from stock, the old stays valid until approval. */
export type DiplomaAmendmentApplied = DomainEvent<'DiplomaAmendmentApplied', DiplomaReplacement & { corrections: DiplomaCorrections }>;
export type DiplomaReprintApplied = DomainEvent<'DiplomaReprintApplied', DiplomaReplacement>;
/** A diploma awaiting approval withdrawn by the school: its number returns to stock (it was never printed). */
export type DiplomaIssueCancelled = DomainEvent<'DiplomaIssueCancelled', { number: string; studentId: string }>;
export type DiplomasApproved = DomainEvent<'DiplomasApproved', { numbers: string[] }>;
/** Diplomas refused at review: their numbers return to stock (never printed: printing needs approval). */
export type DiplomasRejected = DomainEvent<'DiplomasRejected', { numbers: string[]; reason: string }>;
/** An old number made void by its approved replacement. */
export type DiplomaVoided = DomainEvent<'DiplomaVoided', { number: string } & VoidNumber>;
/** Approved diploma photos exported as a zip (the file names carry ID numbers: an audited view of personal data). */
export type DiplomaPhotosExported = DomainEvent<'DiplomaPhotosExported', { count: number; namedBy: 'idNumber' | 'diplomaNumber'; studentIds: string[] }>;
export type DiplomaStockEvent =
  | DiplomaStockRequested
  | DiplomaStockAllocated
  | DiplomaStockRequestRejected
  | DiplomaBlankSpoiled
  | DiplomaIssued
  | DiplomaPrinted
  | DiplomaAmendmentApplied
  | DiplomaReprintApplied
  | DiplomaIssueCancelled
  | DiplomasApproved
  | DiplomasRejected
  | DiplomaVoided
  | DiplomaPhotosExported
  | ReviewEvent;

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
      issued: Record<string, DiplomaEntry>;
      spoiled: Record<string, SpoiledBlank>;
      voided: Record<string, VoidNumber>;
      /** The stock request not yet decided (null when none). */
      request: { requestId: string; quantity: number; reason: string } | null;
      /** What the current (or last) review round decides, fixed at submission. */
      underReview: { kind: 'stock' } | { kind: 'diplomas'; numbers: string[] } | null;
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
  | { type: 'AmendDiploma'; number: string; corrections: DiplomaCorrections; reason: string }
  | { type: 'ReprintDiploma'; number: string; reason: string }
  | { type: 'CancelDiplomaIssue'; number: string }
  | { type: 'RecordDiplomaPhotoExport'; namedBy: 'idNumber' | 'diplomaNumber'; studentIds: string[] }
  | (ReviewCommand & { policy?: ReviewPolicy });

export const diplomaNumber = (schoolCode: string, serial: number) => `${schoolCode}-${String(serial).padStart(6, '0')}`;

function requireOpen(state: DiplomaStockState): Open {
  if (state.status === 'none') throw new NotFoundError('该院校尚无毕业证库存记录');
  return state;
}
function requireSchool(state: Open, context: CommandContext) {
  if (context.actor.orgId !== state.schoolId) throw new ForbiddenError('只有本院校可以办理');
}
/** Diplomas taken from stock and not yet approved, in number order. */
export const awaitingApproval = (state: Open) => Object.keys(state.issued).filter((n) => !state.issued[n]!.approved).sort();
const inReview = (state: Open, number: string) => state.review.status === 'pending' && state.underReview?.kind === 'diplomas' && state.underReview.numbers.includes(number);
/** After a round is decided, whatever waits (a diploma issued meanwhile) opens the next one. */
function reopenIfWaiting(state: Open): Open {
  const decided = state.review.status === 'approved' || state.review.status === 'rejected';
  return decided && (state.request || awaitingApproval(state).length) ? { ...state, review: reopenReview(state.review) } : state;
}
/** An approved diploma that may be replaced (amended or reprinted): none already waits to replace it. */
function replaceable(state: Open, number: string): DiplomaEntry {
  const d = state.issued[number];
  if (!d) throw new RuleViolationError(state.voided[number] ? `编号 ${number} 已作废（已由 ${state.voided[number]!.replacedBy} 替换）` : `编号 ${number} 不是本校已发放的毕业证`, 'diploma.not_issued');
  if (!d.approved) throw new RuleViolationError(`编号 ${number} 尚未审批，可撤销后重新发放`, 'diploma.not_approved');
  const pending = Object.entries(state.issued).find(([, e]) => e.replaces === number);
  if (pending) throw new RuleViolationError(`编号 ${number} 已有待审批的${pending[1].kind === 'amendment' ? '更正' : '补打'}申请（新编号 ${pending[0]}）`, 'diploma.replacement_pending');
  return d;
}
function nextInStock(state: Open): string {
  const number = state.inStock[0];
  if (!number) throw new RuleViolationError('本校空白毕业证库存为零，请先申领', 'diploma.out_of_stock');
  return number;
}
const returnToStock = (inStock: string[], numbers: string[]) => [...inStock, ...numbers].sort();

export const diplomaStockReview: ReviewParticipation<DiplomaStockState, DiplomaStockEvent> = {
  policy: SCHOOL_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'open' ? state.review : undefined),
  notFound: '该院校尚无毕业证库存记录',
  checkSubmission(state, context) {
    const open = requireOpen(state);
    requireSchool(open, context);
    if (!open.request && awaitingApproval(open).length === 0) throw new RuleViolationError('没有待提交的空白毕业证申请或待审批的毕业证', 'diploma.nothing_pending');
  },
  title(state) {
    if (state.status !== 'open') return '空白毕业证申领';
    if (state.request) return `空白毕业证申领 ${state.request.quantity} 本`;
    return `毕业证审批 ${awaitingApproval(state).length} 本`;
  },
  onDecision(decision, state, context) {
    const open = requireOpen(state);
    const batch = open.underReview;
    if (batch?.kind === 'diplomas') {
      if (decision.type === 'ReviewApproved' && decision.data.final) {
        const voids = batch.numbers.flatMap((n): DiplomaVoided[] => {
          const d = open.issued[n];
          return d?.replaces ? [{ type: 'DiplomaVoided', data: { number: d.replaces, replacedBy: n, reason: d.reason ?? '', on: chinaDate(context.now) } }] : [];
        });
        return [{ type: 'DiplomasApproved', data: { numbers: batch.numbers } }, ...voids];
      }
      if (decision.type === 'ReviewRejected') return [{ type: 'DiplomasRejected', data: { numbers: batch.numbers, reason: decision.data.reason } }];
      return [];
    }
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
      if (state.status === 'open' && state.request?.requestId === command.requestId) return [];
      if (state.status === 'open' && state.review.status === 'pending' && state.underReview?.kind === 'diplomas') throw new RuleViolationError('本校毕业证审批正在进行中，审批结束后再申领空白毕业证', 'diploma.review_open');
      if (state.status === 'open' && state.request) {
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
      const number = nextInStock(open);
      return [{ type: 'DiplomaIssued', data: { number, studentId: g.studentId, studentName: g.name, outcome: g.outcome, issuedOn: today } }];
    }
    case 'RecordDiplomaPrint': {
      const open = requireOpen(state);
      requireSchool(open, context);
      const issued = open.issued[command.number];
      if (!issued) throw new RuleViolationError(`编号 ${command.number} 尚未发放，不能打印`, 'diploma.not_issued');
      if (!issued.approved) throw new RuleViolationError(`编号 ${command.number} 尚未经主管部门审批，不能打印`, 'diploma.not_approved');
      return [{ type: 'DiplomaPrinted', data: { number: command.number, studentId: issued.studentId } }];
    }
    case 'AmendDiploma': {
      const open = requireOpen(state);
      requireSchool(open, context);
      const old = replaceable(open, command.number);
      const changed = Object.fromEntries(Object.entries(command.corrections).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as DiplomaCorrections;
      if (Object.keys(changed).length === 0) throw new ValidationError([{ field: 'corrections', message: '请填写需要更正的内容' }]);
      const reason = command.reason.trim().slice(0, 200);
      const { studentId, outcome } = old;
      const data = { number: nextInStock(open), replaces: command.number, studentId, studentName: changed.name ?? old.studentName, outcome, reason, on: today };
      return [{ type: 'DiplomaAmendmentApplied', data: { ...data, corrections: { ...old.corrections, ...changed } } }];
    }
    case 'ReprintDiploma': {
      const open = requireOpen(state);
      requireSchool(open, context);
      const old = replaceable(open, command.number);
      const { studentId, studentName, outcome } = old;
      return [{ type: 'DiplomaReprintApplied', data: { number: nextInStock(open), replaces: command.number, studentId, studentName, outcome, reason: command.reason.trim().slice(0, 200), on: today } }];
    }
    case 'CancelDiplomaIssue': {
      const open = requireOpen(state);
      requireSchool(open, context);
      const d = open.issued[command.number];
      if (!d) return [];
      if (d.approved) throw new RuleViolationError(`编号 ${command.number} 已审批，如需更正请申请更正或补打`, 'diploma.approved');
      if (inReview(open, command.number)) throw new RuleViolationError(`编号 ${command.number} 正在审批中，请先撤回审批`, 'diploma.in_review');
      return [{ type: 'DiplomaIssueCancelled', data: { number: command.number, studentId: d.studentId } }];
    }
    case 'RecordDiplomaPhotoExport': {
      if (command.studentIds.length === 0) throw new RuleViolationError('没有可导出的已审核照片', 'diploma.no_photos');
      return [{ type: 'DiplomaPhotosExported', data: { count: command.studentIds.length, namedBy: command.namedBy, studentIds: command.studentIds } }];
    }
    default:
      return assertNever(command);
  }
}

/** A number leaves stock for a diploma awaiting approval; a decided review round opens the next. */
function taken(state: Open, number: string, entry: DiplomaEntry): Open {
  return reopenIfWaiting({ ...state, inStock: state.inStock.filter((n) => n !== number), issued: { ...state.issued, [number]: entry } });
}

function evolve(state: DiplomaStockState, event: DiplomaStockEvent): DiplomaStockState {
  if (event.type === 'DiplomaStockRequested') {
    const { schoolId, schoolCode, requestId, quantity, reason } = event.data;
    const base: Open =
      state.status === 'open'
        ? state
        : { status: 'open', schoolId, schoolCode, lastSerial: 0, inStock: [], issued: {}, spoiled: {}, voided: {}, request: null, underReview: null, review: initialReviewState() };
    return { ...base, request: { requestId, quantity, reason }, review: { status: 'draft', round: base.review.round } };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) {
    const underReview = event.type !== 'ReviewSubmitted' ? state.underReview : state.request ? { kind: 'stock' as const } : { kind: 'diplomas' as const, numbers: awaitingApproval(state) };
    return { ...state, underReview, review: evolveReview(state.review, event) };
  }
  switch (event.type) {
    case 'DiplomaStockAllocated':
      return reopenIfWaiting({ ...state, inStock: [...state.inStock, ...event.data.numbers], lastSerial: state.lastSerial + event.data.numbers.length, request: null, underReview: null });
    case 'DiplomaStockRequestRejected':
      return reopenIfWaiting({ ...state, request: null, underReview: null });
    case 'DiplomaBlankSpoiled':
      return { ...state, inStock: state.inStock.filter((n) => n !== event.data.number), spoiled: { ...state.spoiled, [event.data.number]: { reason: event.data.reason, on: event.data.on } } };
    case 'DiplomaIssued': {
      const { number, ...issued } = event.data;
      return taken(state, number, { ...issued, kind: 'issue', approved: false, replaces: null, reason: null, corrections: {} });
    }
    case 'DiplomaAmendmentApplied':
    case 'DiplomaReprintApplied': {
      const { number, replaces, reason, on, studentId, studentName, outcome } = event.data;
      const corrections = event.type === 'DiplomaAmendmentApplied' ? event.data.corrections : (state.issued[replaces]?.corrections ?? {});
      const kind = event.type === 'DiplomaAmendmentApplied' ? 'amendment' : 'reprint';
      return taken(state, number, { studentId, studentName, outcome, issuedOn: on, kind, approved: false, replaces, reason, corrections });
    }
    case 'DiplomaIssueCancelled': {
      const { [event.data.number]: _cancelled, ...issued } = state.issued;
      return { ...state, issued, inStock: returnToStock(state.inStock, [event.data.number]) };
    }
    case 'DiplomasApproved': {
      const issued = { ...state.issued };
      for (const n of event.data.numbers) if (issued[n]) issued[n] = { ...issued[n]!, approved: true };
      return reopenIfWaiting({ ...state, issued, underReview: null });
    }
    case 'DiplomasRejected': {
      const issued = { ...state.issued };
      for (const n of event.data.numbers) delete issued[n];
      return reopenIfWaiting({ ...state, issued, inStock: returnToStock(state.inStock, event.data.numbers), underReview: null });
    }
    case 'DiplomaVoided': {
      const { number, ...voided } = event.data;
      const { [number]: _old, ...issued } = state.issued;
      return { ...state, issued, voided: { ...state.voided, [number]: voided } };
    }
    case 'DiplomaPrinted':
    case 'DiplomaPhotosExported':
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

/** The accounting every number must satisfy: allocated = in stock + issued + spoiled + void (issued counts those awaiting approval). */
export function diplomaAccount(state: DiplomaStockState) {
  if (state.status === 'none') return { allocated: 0, inStock: 0, issued: 0, awaitingApproval: 0, spoiled: 0, voided: 0, balanced: true };
  const issued = Object.keys(state.issued).length;
  const spoiled = Object.keys(state.spoiled).length;
  const voided = Object.keys(state.voided ?? {}).length;
  const balanced = state.lastSerial === state.inStock.length + issued + spoiled + voided;
  return { allocated: state.lastSerial, inStock: state.inStock.length, issued, awaitingApproval: awaitingApproval(state).length, spoiled, voided, balanced };
}
