// 职业培训券 (requirement 18; issue 14 §4). Every voucher of a person lives on that person's one
// stream, `voucher-<personId>`: "at most one active voucher per person" is then decided on one
// stream at its exact revision, so two authorities issuing to the same person at the same moment
// cannot both succeed (the second is decided again on the first's result and refused). A voucher
// names its holder and is never transferred: no command moves it to another stream or person.
// Each institution's decision to accept vouchers (受理培训券) is an authority's event on
// `voucher-acceptance-<institutionId>`.
// A voucher's life: active -> used (enrolment in a class) -> settled (the class's funding
// application approved); active -> expired (daily job) | cancelled; used -> cancelled (not settled)
// | active again (the enrolment it was used for could not be recorded).
// A settlement is reversed when an upheld 公示 objection takes the person (or the whole application)
// out: the voucher is then used-but-unsettled again (已使用), not released, because the person did
// take the place with it; a later approval of that class's funding may settle it again, and the
// record keeps the reversal with its reason.
// A cancelled or expired voucher is withdrawn from the card (撤销), the card platform's answer an
// event of its own, like the load's: a failed withdrawal is sent again by the same 重新加载 path.
import { chinaDate, type IsoDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import type { Fen } from '../shared/money';
import { streamNaming } from '../shared/streams';
import { parseInput, requiredText } from '../shared/validation';
import { voucherMismatch, type ClassForVoucher, type VoucherTerms } from './terms';

/** The module's streams: `voucher-<personId>` (a holder), `voucher-acceptance-<institutionId>`. */
export const voucherStreams = streamNaming('voucher');
export const holderStreamId = (personId: string) => voucherStreams.streamId(personId);
export const ACCEPTANCE_PREFIX = 'acceptance-';
export const acceptanceStreamId = (institutionId: string) => voucherStreams.streamId(`${ACCEPTANCE_PREFIX}${institutionId}`);

export const VOUCHER_STATUSES = ['active', 'used', 'settled', 'cancelled', 'expired'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];
export const VOUCHER_STATUS_LABELS: Record<VoucherStatus, string> = { active: '未使用', used: '已使用', settled: '已结算', cancelled: '已作废', expired: '已过期' };

export const CARD_STATUSES = ['pending', 'loaded', 'failed', 'withdrawn', 'withdrawal_failed'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];
export const CARD_STATUS_LABELS: Record<CardStatus, string> = { pending: '待加载', loaded: '已加载', failed: '加载失败', withdrawn: '已从社保卡撤销', withdrawal_failed: '撤销失败' };

export interface HolderFacts {
  personId: string;
  name: string;
  idNumberMasked: string;
  /** The person's record is approved (a trainee in force). */
  effective: boolean;
}

export interface IssuingAuthority {
  authorityId: string;
  name: string;
  /** The actor's organisation is this authority or one above it. */
  mayIssue: boolean;
}

export interface Voucher {
  voucherId: string;
  voucherNo: string;
  terms: VoucherTerms;
  authorityId: string;
  authorityName: string;
  issuedOn: IsoDate;
  reason: string;
  status: VoucherStatus;
  use: { classId: string; classNo: string; className: string; institutionId: string; institutionName: string; usedOn: IsoDate } | null;
  /** The card platform's last answer: the load, then (once cancelled or expired) the withdrawal. */
  card: { status: CardStatus; ref: string | null; reason: string | null };
  settlement: { applicationId: string; amountFen: Fen; on: IsoDate } | null;
  /** The last settlement undone (an upheld objection), with the reason; absent in states folded before reversals existed. */
  reversal?: { applicationId: string; amountFen: Fen; reason: string; on: IsoDate } | null;
  /** Why and when it was cancelled or expired. */
  end: { reason: string; on: IsoDate } | null;
}

type Use = NonNullable<Voucher['use']>;
export type VoucherIssued = DomainEvent<'VoucherIssued', { voucherId: string; voucherNo: string; personId: string; name: string; idNumberMasked: string; terms: VoucherTerms; authorityId: string; authorityName: string; issuedOn: IsoDate; reason: string }>;
export type VoucherLoadedOnCard = DomainEvent<'VoucherLoadedOnCard', { voucherId: string; cardRef: string }>;
export type VoucherCardLoadFailed = DomainEvent<'VoucherCardLoadFailed', { voucherId: string; reason: string }>;
/** Withdrawn from the card after cancellation or expiry; `withdrawalRef` null when the platform held nothing to withdraw. */
export type VoucherWithdrawnFromCard = DomainEvent<'VoucherWithdrawnFromCard', { voucherId: string; withdrawalRef: string | null }>;
export type VoucherCardWithdrawalFailed = DomainEvent<'VoucherCardWithdrawalFailed', { voucherId: string; reason: string }>;
export type VoucherUsed = DomainEvent<'VoucherUsed', { voucherId: string } & Use>;
export type VoucherUseReleased = DomainEvent<'VoucherUseReleased', { voucherId: string; classId: string; reason: string }>;
export type VoucherCancelled = DomainEvent<'VoucherCancelled', { voucherId: string; reason: string; on: IsoDate }>;
export type VoucherExpired = DomainEvent<'VoucherExpired', { voucherId: string; reason: string; on: IsoDate }>;
export type VoucherSettled = DomainEvent<'VoucherSettled', { voucherId: string; applicationId: string; classId: string; amountFen: Fen; on: IsoDate }>;
export type VoucherSettlementReversed = DomainEvent<'VoucherSettlementReversed', { voucherId: string; applicationId: string; amountFen: Fen; reason: string; on: IsoDate }>;
export type VoucherAcceptanceDecided = DomainEvent<'VoucherAcceptanceDecided', { institutionId: string; institutionName: string; accepts: boolean; reason: string; authorityId: string }>;
export type VoucherEvent = VoucherIssued | VoucherLoadedOnCard | VoucherCardLoadFailed | VoucherWithdrawnFromCard | VoucherCardWithdrawalFailed | VoucherUsed | VoucherUseReleased | VoucherCancelled | VoucherExpired | VoucherSettled | VoucherSettlementReversed | VoucherAcceptanceDecided;

export type HolderState = { status: 'holder'; personId: string; name: string; idNumberMasked: string; vouchers: Voucher[] };
export type AcceptanceState = { status: 'acceptance'; institutionId: string; institutionName: string; accepts: boolean; decisions: number };
export type VoucherState = { status: 'none' } | HolderState | AcceptanceState;

export type VoucherCommand =
  /** 发放: `voucherId`/`voucherNo` derive from the command (the caller), so a repeat changes nothing. */
  | { type: 'IssueVoucher'; voucherId: string; voucherNo: string; holder: HolderFacts; terms: VoucherTerms; authority: IssuingAuthority; reason: string }
  /** The card port's answer after issue (加载到电子社保卡). */
  | { type: 'RecordCardLoad'; voucherId: string; outcome: { loaded: true; cardRef: string } | { loaded: false; reason: string } }
  /** The card port's answer to a withdrawal (从电子社保卡撤销) of a cancelled or expired voucher. */
  | { type: 'RecordCardWithdrawal'; voucherId: string; outcome: { withdrawn: true; withdrawalRef: string | null } | { withdrawn: false; reason: string } }
  /** 使用: at enrolment, with the class as its stream says and whether its institution accepts vouchers now. */
  | { type: 'UseVoucher'; voucherId: string; class: ClassForVoucher; institutionAccepts: boolean }
  /** The enrolment the voucher was taken for was not recorded: the voucher is active again. */
  | { type: 'ReleaseVoucherUse'; voucherId: string; classId: string; reason: string }
  | { type: 'CancelVoucher'; voucherId: string; reason: string; mayManage: boolean }
  /** The daily job: every active voucher past its last day expires, with the reason. */
  | { type: 'ExpireVouchers' }
  /** The class's funding application was approved with this place settled against the voucher. */
  | { type: 'SettleVoucher'; voucherId: string; applicationId: string; classId: string; amountFen: Fen }
  /** The application's settlement undone (an upheld objection against the person or the whole application): the voucher is used but unsettled again. */
  | { type: 'ReverseVoucherSettlement'; voucherId: string; applicationId: string; reason: string }
  | { type: 'DecideVoucherAcceptance'; institutionId: string; institutionName: string; accepts: boolean; reason: string; authority: { authorityId: string; mayDecide: boolean } };

/** A cancelled or expired voucher still to be withdrawn from the card (never withdrawn, or the last attempt failed). */
export const needsCardWithdrawal = (v: Voucher) => (v.status === 'cancelled' || v.status === 'expired') && v.card.status !== 'withdrawn';

/** The one active (unused, in force) voucher of a holder, if any. */
export const activeVoucher = (state: VoucherState): Voucher | undefined => (state.status === 'holder' ? state.vouchers.find((v) => v.status === 'active') : undefined);

const holder = (state: VoucherState): HolderState => {
  if (state.status !== 'holder') throw new NotFoundError('培训券不存在');
  return state;
};
const voucherOf = (state: VoucherState, voucherId: string): Voucher => {
  const v = holder(state).vouchers.find((x) => x.voucherId === voucherId);
  if (!v) throw new NotFoundError('培训券不存在');
  return v;
};

/** Why a voucher cannot be used, in the words an operator reads at enrolment. */
export function unusableReason(v: Voucher, classId: string): string | null {
  switch (v.status) {
    case 'active':
      return null;
    case 'used':
    case 'settled':
      return v.use?.classId === classId ? null : `培训券${v.voucherNo}已于${v.use?.usedOn}用于${v.use?.className}（${v.use?.classNo}），不能重复使用`;
    case 'cancelled':
      return `培训券${v.voucherNo}已作废（${v.end?.reason}），不能使用`;
    case 'expired':
      return `培训券${v.voucherNo}已过期（有效期至${v.terms.validUntil}），不能使用`;
    default:
      return assertNever(v.status);
  }
}

const reason = (label: string, text: string) => parseInput(requiredText(label, 500, { multiline: true }), text);

function decide(command: VoucherCommand, state: VoucherState, context: CommandContext): VoucherEvent[] {
  const today = chinaDate(context.now);
  switch (command.type) {
    case 'IssueVoucher': {
      if (state.status === 'acceptance') throw new ValidationError([{ field: 'personId', message: '持券人不正确' }]);
      if (state.status === 'holder' && state.vouchers.some((v) => v.voucherId === command.voucherId)) return [];
      if (!command.authority.mayIssue) throw new ForbiddenError('只能以本单位或下级人社部门的名义发放培训券');
      if (!command.holder.effective) throw new RuleViolationError(`${command.holder.name}的学员信息尚未审核生效，不能发放培训券`, 'voucher.holder_not_effective');
      const active = activeVoucher(state);
      if (active && active.terms.validUntil >= today) {
        throw new RuleViolationError(`${command.holder.name}已持有未使用的培训券${active.voucherNo}（有效期至${active.terms.validUntil}），每人同时只能持有一张有效培训券`, 'voucher.one_active');
      }
      if (command.terms.validUntil < today) throw new ValidationError([{ field: 'validFrom', message: `按所选有效期，培训券在${command.terms.validUntil}已到期，请调整生效日期` }]);
      const { personId, name, idNumberMasked } = command.holder;
      // An unused voucher past its last day that the daily job has not reached yet expires first, so only one is ever active.
      const stale: VoucherEvent[] = active ? [{ type: 'VoucherExpired', data: { voucherId: active.voucherId, reason: `有效期至${active.terms.validUntil}，逾期未使用`, on: today } }] : [];
      return [
        ...stale,
        {
          type: 'VoucherIssued',
          data: { voucherId: command.voucherId, voucherNo: command.voucherNo, personId, name, idNumberMasked, terms: command.terms, authorityId: command.authority.authorityId, authorityName: command.authority.name, issuedOn: today, reason: reason('发放依据', command.reason) },
        },
      ];
    }
    case 'RecordCardLoad': {
      const v = voucherOf(state, command.voucherId);
      if (v.card.status === 'loaded' || v.card.status === 'withdrawn') return [];
      return [command.outcome.loaded ? { type: 'VoucherLoadedOnCard', data: { voucherId: v.voucherId, cardRef: command.outcome.cardRef } } : { type: 'VoucherCardLoadFailed', data: { voucherId: v.voucherId, reason: command.outcome.reason } }];
    }
    case 'RecordCardWithdrawal': {
      const v = voucherOf(state, command.voucherId);
      if (v.card.status === 'withdrawn') return [];
      if (!needsCardWithdrawal(v)) throw new RuleViolationError(`培训券${v.voucherNo}${VOUCHER_STATUS_LABELS[v.status]}，无需从社保卡撤销`, 'voucher.not_ended');
      return [command.outcome.withdrawn ? { type: 'VoucherWithdrawnFromCard', data: { voucherId: v.voucherId, withdrawalRef: command.outcome.withdrawalRef } } : { type: 'VoucherCardWithdrawalFailed', data: { voucherId: v.voucherId, reason: command.outcome.reason } }];
    }
    case 'UseVoucher': {
      const v = voucherOf(state, command.voucherId);
      const refusal = unusableReason(v, command.class.classId);
      if (refusal) throw new RuleViolationError(refusal, `voucher.${v.status}`);
      if (v.status !== 'active') return [];
      // An unused voucher past its last day is expired whether or not the daily job has run yet.
      const mismatch = voucherMismatch(v.terms, command.class, command.institutionAccepts, today);
      if (mismatch.length) throw new RuleViolationError(`培训券${v.voucherNo}不能用于本班：${mismatch.join('；')}`, 'voucher.not_eligible');
      const c = command.class;
      return [{ type: 'VoucherUsed', data: { voucherId: v.voucherId, classId: c.classId, classNo: c.classNo, className: c.className, institutionId: c.institutionId, institutionName: c.institutionName, usedOn: today } }];
    }
    case 'ReleaseVoucherUse': {
      const v = voucherOf(state, command.voucherId);
      if (v.status !== 'used' || v.use?.classId !== command.classId) return [];
      return [{ type: 'VoucherUseReleased', data: { voucherId: v.voucherId, classId: command.classId, reason: command.reason } }];
    }
    case 'CancelVoucher': {
      const v = voucherOf(state, command.voucherId);
      if (!command.mayManage) throw new ForbiddenError('只能作废本单位或下级单位发放的培训券');
      const why = reason('作废原因', command.reason);
      if (v.status === 'cancelled') return [];
      if (v.status === 'settled') throw new RuleViolationError(`培训券${v.voucherNo}已结算，不能作废`, 'voucher.settled');
      if (v.status === 'expired') throw new RuleViolationError(`培训券${v.voucherNo}已过期，无需作废`, 'voucher.expired');
      return [{ type: 'VoucherCancelled', data: { voucherId: v.voucherId, reason: why, on: today } }];
    }
    case 'ExpireVouchers': {
      if (state.status !== 'holder') return [];
      return state.vouchers
        .filter((v) => v.status === 'active' && v.terms.validUntil < today)
        .map((v) => ({ type: 'VoucherExpired' as const, data: { voucherId: v.voucherId, reason: `有效期至${v.terms.validUntil}，逾期未使用`, on: today } }));
    }
    case 'SettleVoucher': {
      const v = voucherOf(state, command.voucherId);
      if (v.status === 'settled' && v.settlement?.applicationId === command.applicationId) return [];
      // Cancelled or expired vouchers are never settled (the calculation leaves them out already).
      if (v.status !== 'used' || v.use?.classId !== command.classId) throw new RuleViolationError(`培训券${v.voucherNo}${VOUCHER_STATUS_LABELS[v.status]}，不能按本班结算`, 'voucher.not_settleable');
      if (!Number.isSafeInteger(command.amountFen) || command.amountFen < 0) throw new ValidationError([{ field: 'amountFen', message: '结算金额必须是不小于0的整数（单位：分）' }]);
      return [{ type: 'VoucherSettled', data: { voucherId: v.voucherId, applicationId: command.applicationId, classId: command.classId, amountFen: command.amountFen, on: today } }];
    }
    case 'ReverseVoucherSettlement': {
      const v = voucherOf(state, command.voucherId);
      // Not settled by this application (never, or reversed already): nothing to undo.
      if (v.status !== 'settled' || v.settlement?.applicationId !== command.applicationId) return [];
      return [{ type: 'VoucherSettlementReversed', data: { voucherId: v.voucherId, applicationId: command.applicationId, amountFen: v.settlement.amountFen, reason: reason('撤销结算原因', command.reason), on: today } }];
    }
    case 'DecideVoucherAcceptance': {
      if (state.status === 'holder') throw new ValidationError([{ field: 'institutionId', message: '培训机构不正确' }]);
      if (!command.authority.mayDecide) throw new ForbiddenError('只能为本单位管辖的培训机构开通或停止培训券受理');
      const why = reason('决定依据', command.reason);
      if (state.status === 'acceptance' && state.accepts === command.accepts) return [];
      if (state.status === 'none' && !command.accepts) return [];
      return [{ type: 'VoucherAcceptanceDecided', data: { institutionId: command.institutionId, institutionName: command.institutionName, accepts: command.accepts, reason: why, authorityId: command.authority.authorityId } }];
    }
    default:
      return assertNever(command);
  }
}

const update = (state: VoucherState, voucherId: string, change: (v: Voucher) => Voucher): VoucherState =>
  state.status === 'holder' ? { ...state, vouchers: state.vouchers.map((v) => (v.voucherId === voucherId ? change(v) : v)) } : state;

function evolve(state: VoucherState, event: VoucherEvent): VoucherState {
  switch (event.type) {
    case 'VoucherIssued': {
      const { voucherId, voucherNo, personId, name, idNumberMasked, terms, authorityId, authorityName, issuedOn, reason } = event.data;
      const voucher: Voucher = { voucherId, voucherNo, terms, authorityId, authorityName, issuedOn, reason, status: 'active', use: null, card: { status: 'pending', ref: null, reason: null }, settlement: null, reversal: null, end: null };
      const before = state.status === 'holder' ? state.vouchers : [];
      return { status: 'holder', personId, name, idNumberMasked, vouchers: [...before, voucher] };
    }
    case 'VoucherLoadedOnCard':
      return update(state, event.data.voucherId, (v) => ({ ...v, card: { status: 'loaded', ref: event.data.cardRef, reason: null } }));
    case 'VoucherCardLoadFailed':
      return update(state, event.data.voucherId, (v) => ({ ...v, card: { status: 'failed', ref: null, reason: event.data.reason } }));
    case 'VoucherWithdrawnFromCard':
      return update(state, event.data.voucherId, (v) => ({ ...v, card: { status: 'withdrawn', ref: v.card.ref, reason: null } }));
    case 'VoucherCardWithdrawalFailed':
      return update(state, event.data.voucherId, (v) => ({ ...v, card: { status: 'withdrawal_failed', ref: v.card.ref, reason: event.data.reason } }));
    case 'VoucherUsed': {
      const { voucherId, ...use } = event.data;
      return update(state, voucherId, (v) => ({ ...v, status: 'used', use }));
    }
    case 'VoucherUseReleased':
      return update(state, event.data.voucherId, (v) => ({ ...v, status: 'active', use: null }));
    case 'VoucherCancelled':
      return update(state, event.data.voucherId, (v) => ({ ...v, status: 'cancelled', end: { reason: event.data.reason, on: event.data.on } }));
    case 'VoucherExpired':
      return update(state, event.data.voucherId, (v) => ({ ...v, status: 'expired', end: { reason: event.data.reason, on: event.data.on } }));
    case 'VoucherSettled':
      return update(state, event.data.voucherId, (v) => ({ ...v, status: 'settled', settlement: { applicationId: event.data.applicationId, amountFen: event.data.amountFen, on: event.data.on } }));
    case 'VoucherSettlementReversed': {
      const { voucherId, applicationId, amountFen, reason, on } = event.data;
      return update(state, voucherId, (v) => ({ ...v, status: 'used', settlement: null, reversal: { applicationId, amountFen, reason, on } }));
    }
    case 'VoucherAcceptanceDecided': {
      const decisions = state.status === 'acceptance' ? state.decisions + 1 : 1;
      return { status: 'acceptance', institutionId: event.data.institutionId, institutionName: event.data.institutionName, accepts: event.data.accepts, decisions };
    }
    default:
      return assertNever(event);
  }
}

export const voucherDecider: Decider<VoucherCommand, VoucherEvent, VoucherState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
