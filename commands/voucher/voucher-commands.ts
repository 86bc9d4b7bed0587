// 职业培训券: the command handlers. Every voucher decision runs on the holder's one stream through
// handleCommand (expected revision, bounded retry), so one active voucher per person and one use
// per voucher hold under concurrency. After an issue the voucher is loaded onto the card through
// the port, and the port's answer is recorded as its own event (a slow or failing card platform
// never undoes the issue). A cancelled or expired voucher is withdrawn from the card the same way
// (the answer its own event); a failed load or withdrawal is sent again by `retryCard` (重新加载).
// Use and its release are called by the training class's enrolment
// (commands/training-class), before and, if need be, after the class's append.
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { traineeDecider, traineeStreams } from '../../domain/trainee/trainee';
import { chinaDate } from '../../domain/personal-data/normalize';
import { NotFoundError, RuleViolationError, ValidationError } from '../../domain/shared/errors';
import type { VoucherTerms } from '../../domain/voucher/terms';
import { acceptanceStreamId, holderStreamId, needsCardWithdrawal, voucherDecider, type AcceptanceState, type HolderState, type VoucherCommand } from '../../domain/voucher/voucher';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import type { JobDefinition } from '../jobs/job-registry';
import { isAtOrAbove, isAuthority, type AuthorityDirectory } from '../fund/authority-directory';
import type { PersonalDataProtector } from '../personal-data/protected-field';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { CardLoadRefused, type SocialSecurityCardVouchers } from './card-port';
import type { VoucherHolders } from './voucher-holders';
import { voucherUses } from './voucher-uses';

const VOUCHER_NAMESPACE = '0e6c2f4a-9b1d-4c7e-8a35-d2f1b6e9c4a8';

/** The voucher a command makes: a retried request (same command id) finds the same voucher. */
export const voucherIdOf = (commandId: string, personId: string) => uuidv5(`${commandId}:${personId}`, VOUCHER_NAMESPACE);
/** 券号: year of issue and the voucher id's first 10 hex digits (unique with overwhelming odds; the id is the key). */
export const voucherNoOf = (voucherId: string, issuedOn: string) => `PXQ${issuedOn.slice(0, 4)}${voucherId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;

export function voucherCommands(deps: { store: EventStore; authorities: AuthorityDirectory; personalData: PersonalDataProtector; card: SocialSecurityCardVouchers; holders: VoucherHolders; logger?: { error(o: object, m?: string): void } }) {
  const { store, authorities, card } = deps;
  const run = (streamId: string, command: VoucherCommand, request: RequestContext, likelyNew = false) => handleCommand(store, voucherDecider, streamId, command, request, { likelyNew });

  async function holder(personId: string): Promise<HolderState> {
    const state = await loadState(store, voucherDecider, holderStreamId(personId));
    if (state.status !== 'holder') throw new NotFoundError('培训券不存在');
    return state;
  }

  /** Loads a voucher onto the card and records the answer (a refusal or an unreachable platform as a failed load). */
  async function loadOnCard(personId: string, voucherId: string, request: RequestContext) {
    const [state, trainee] = await Promise.all([holder(personId), loadState(store, traineeDecider, traineeStreams.streamId(personId))]);
    const v = state.vouchers.find((x) => x.voucherId === voucherId);
    if (!v || trainee.status !== 'registered') throw new NotFoundError('培训券不存在');
    if (v.status === 'cancelled' || v.status === 'expired') throw new RuleViolationError(`培训券${v.voucherNo}${v.status === 'cancelled' ? '已作废' : '已过期'}，不再加载到电子社保卡`, 'voucher.ended');
    let outcome: { loaded: true; cardRef: string } | { loaded: false; reason: string };
    try {
      const idNumber = deps.personalData.reveal('idNumber', trainee.person.idNumber.cipher);
      const { cardRef } = await card.load({
        voucherId, voucherNo: v.voucherNo, idNumber, name: trainee.person.name, kind: v.terms.kind, faceValueFen: v.terms.faceValueFen,
        discountPercent: v.terms.discountPercent, validFrom: v.terms.validFrom, validUntil: v.terms.validUntil, issuerName: v.authorityName,
      });
      outcome = { loaded: true, cardRef };
    } catch (error) {
      if (!(error instanceof CardLoadRefused)) deps.logger?.error({ voucherId, err: error instanceof Error ? error.message : String(error) }, 'card platform did not load the voucher');
      outcome = { loaded: false, reason: error instanceof CardLoadRefused ? error.message : `电子社保卡平台暂不可用：${error instanceof Error ? error.message : String(error)}` };
    }
    const recorded = await run(holderStreamId(personId), { type: 'RecordCardLoad', voucherId, outcome }, { ...request, commandId: uuidv5(`card:${voucherId}:${request.commandId}`, VOUCHER_NAMESPACE) });
    // Cancelled while the platform was loading it: the load landed after the withdrawal was decided, so withdraw again.
    return (await withdrawEnded(personId, request)) ?? recorded;
  }

  /** Withdraws a cancelled or expired voucher from the card and records the answer (a refusal or an unreachable platform as a failed withdrawal). */
  async function withdrawFromCard(personId: string, voucherId: string, request: RequestContext) {
    const [state, trainee] = await Promise.all([holder(personId), loadState(store, traineeDecider, traineeStreams.streamId(personId))]);
    const v = state.vouchers.find((x) => x.voucherId === voucherId);
    if (!v || trainee.status !== 'registered') throw new NotFoundError('培训券不存在');
    let outcome: { withdrawn: true; withdrawalRef: string | null } | { withdrawn: false; reason: string };
    try {
      const idNumber = deps.personalData.reveal('idNumber', trainee.person.idNumber.cipher);
      const { withdrawalRef } = await card.withdraw({ voucherId, voucherNo: v.voucherNo, idNumber, name: trainee.person.name, reason: `${v.status === 'cancelled' ? '作废' : '过期'}：${v.end?.reason ?? ''}` });
      outcome = { withdrawn: true, withdrawalRef };
    } catch (error) {
      if (!(error instanceof CardLoadRefused)) deps.logger?.error({ voucherId, err: error instanceof Error ? error.message : String(error) }, 'card platform did not withdraw the voucher');
      outcome = { withdrawn: false, reason: error instanceof CardLoadRefused ? error.message : `电子社保卡平台暂不可用：${error instanceof Error ? error.message : String(error)}` };
    }
    return run(holderStreamId(personId), { type: 'RecordCardWithdrawal', voucherId, outcome }, { ...request, commandId: uuidv5(`withdraw:${voucherId}:${request.commandId}`, VOUCHER_NAMESPACE) });
  }

  /** Withdraws every cancelled or expired voucher of the holder not yet withdrawn; the last result, or undefined when there was none. */
  async function withdrawEnded(personId: string, request: RequestContext) {
    let last: Awaited<ReturnType<typeof withdrawFromCard>> | undefined;
    for (const v of (await holder(personId)).vouchers.filter(needsCardWithdrawal)) last = await withdrawFromCard(personId, v.voucherId, request);
    return last;
  }

  return {
    cardAdapter: card.kind,

    /** 发放 to a trainee in force, in the name of an authority the actor is or is above; then loaded onto the card. */
    async issue(input: { personId: string; authorityId: string; terms: VoucherTerms; reason: string }, request: RequestContext) {
      const [trainee, authority] = await Promise.all([loadState(store, traineeDecider, traineeStreams.streamId(input.personId)), authorities.organization(input.authorityId)]);
      if (trainee.status !== 'registered') throw new NotFoundError('学员不存在');
      if (!isAuthority(authority)) throw new ValidationError([{ field: 'authorityId', message: '发放单位应为省、市州或区县人社部门' }]);
      const voucherId = voucherIdOf(request.commandId, input.personId);
      const today = chinaDate((request.now ?? new Date()).toISOString());
      const command: VoucherCommand = {
        type: 'IssueVoucher',
        voucherId,
        voucherNo: voucherNoOf(voucherId, today),
        holder: { personId: input.personId, name: trainee.person.name, idNumberMasked: trainee.person.idNumber.masked, effective: trainee.enrolments.some((e) => e.status === 'approved') },
        terms: input.terms,
        authority: { authorityId: authority!.id, name: authority!.name, mayIssue: isAtOrAbove(authority, request.actor.orgId) },
        reason: input.reason,
      };
      const result = await run(holderStreamId(input.personId), command, request);
      if (!result.repeated) {
        // An earlier voucher the issue found past its last day expired with it: off the card too.
        if (result.events.some((e) => e.type === 'VoucherExpired')) await withdrawEnded(input.personId, request);
        const loaded = await loadOnCard(input.personId, voucherId, request);
        return { ...loaded, voucherId };
      }
      return { ...result, voucherId };
    },

    /**
     * 重新加载: the card action a voucher still needs, sent again after a failure. A voucher in force
     * is loaded; a cancelled or expired one is withdrawn (重新撤销).
     */
    async retryCard(personId: string, voucherId: string, request: RequestContext) {
      const v = (await holder(personId)).vouchers.find((x) => x.voucherId === voucherId);
      if (!v) throw new NotFoundError('培训券不存在');
      if (needsCardWithdrawal(v)) return withdrawFromCard(personId, voucherId, request);
      if (v.card.status === 'withdrawn') throw new RuleViolationError(`培训券${v.voucherNo}已从电子社保卡撤销`, 'voucher.card_withdrawn');
      if (v.card.status === 'loaded') throw new RuleViolationError('培训券已加载到电子社保卡', 'voucher.card_loaded');
      return loadOnCard(personId, voucherId, request);
    },

    /** 作废 with a reason, by the issuing authority or one above it. */
    async cancel(personId: string, voucherId: string, reason: string, request: RequestContext) {
      const v = (await holder(personId)).vouchers.find((x) => x.voucherId === voucherId);
      if (!v) throw new NotFoundError('培训券不存在');
      const mayManage = isAtOrAbove(await authorities.organization(v.authorityId), request.actor.orgId);
      const cancelled = await run(holderStreamId(personId), { type: 'CancelVoucher', voucherId, reason, mayManage }, request);
      if (cancelled.repeated || cancelled.events.length === 0) return cancelled;
      return withdrawFromCard(personId, voucherId, request);
    },

    ...voucherUses(store),

    /** Marks a used voucher settled by the class's approved application (idempotent per application). */
    settle: (personId: string, voucherId: string, applicationId: string, classId: string, amountFen: number, request: RequestContext) =>
      run(holderStreamId(personId), { type: 'SettleVoucher', voucherId, applicationId, classId, amountFen }, request),

    /** Undoes the application's settlement of a voucher (an upheld objection), with the reason; nothing when it is not settled by that application. */
    reverseSettlement: (personId: string, voucherId: string, applicationId: string, reason: string, request: RequestContext) =>
      run(holderStreamId(personId), { type: 'ReverseVoucherSettlement', voucherId, applicationId, reason }, request),

    /** 开通/停止受理培训券 for an institution, by an authority above it. */
    async decideAcceptance(institutionId: string, accepts: boolean, reason: string, request: RequestContext) {
      const institution = await authorities.organization(institutionId);
      if (!institution || institution.kind !== 'institution') throw new NotFoundError('培训机构不存在');
      const mayDecide = isAtOrAbove(institution, request.actor.orgId) && institution.id !== request.actor.orgId;
      return run(acceptanceStreamId(institutionId), { type: 'DecideVoucherAcceptance', institutionId, institutionName: institution.name, accepts, reason, authority: { authorityId: request.actor.orgId ?? '', mayDecide } }, request);
    },

    async acceptance(institutionId: string): Promise<AcceptanceState | null> {
      const state = await loadState(store, voucherDecider, acceptanceStreamId(institutionId));
      return state.status === 'acceptance' ? state : null;
    },

    holder,

    /** Expires every active voucher past its last day (the daily job); one command per holder and day. */
    async expireDue(request: RequestContext) {
      const today = chinaDate((request.now ?? new Date()).toISOString());
      let expired = 0;
      for (const personId of await deps.holders.withActiveVouchersEndingBefore(today)) {
        const perHolder = { ...request, commandId: uuidv5(`expire:${personId}:${today}`, VOUCHER_NAMESPACE) };
        const result = await run(holderStreamId(personId), { type: 'ExpireVouchers' }, perHolder);
        if (!result.repeated) expired += result.events.length;
        // A withdrawal's own failure is recorded on the voucher; anything else must not stop the other holders' expiry.
        await withdrawEnded(personId, perHolder).catch((error: unknown) => deps.logger?.error({ personId, err: error instanceof Error ? error.message : String(error) }, 'expired vouchers not withdrawn from the card'));
      }
      return expired;
    },
  };
}

export type VoucherCommands = ReturnType<typeof voucherCommands>;

/** The daily expiry (定时任务 voucher-expiry, 00:30 China time): every unused voucher past its last day, with the reason. */
export const voucherExpiryJob = (vouchers: Pick<VoucherCommands, 'expireDue'>): JobDefinition => ({
  name: 'voucher-expiry',
  label: '培训券到期处理',
  description: '每日将超过有效期仍未使用的职业培训券标记为已过期，并记录原因',
  schedule: '30 0 * * *',
  timezone: 'Asia/Shanghai',
  async run() {
    const expired = await vouchers.expireDue({ actor: { id: 'job:voucher-expiry', role: 'system', orgId: null }, commandId: randomUUID(), correlationId: randomUUID(), ip: null });
    return `过期培训券${expired}张`;
  },
});
