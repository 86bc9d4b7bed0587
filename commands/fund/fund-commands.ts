// 资金: the fund's command handlers. A fund's id follows from its authority, funding line and year,
// so there is exactly one fund for each (a second allocation lands on the same stream). Every
// change of its balance runs through cachedStreams (cached-stream.ts): an append at the exact
// revision decided on, retried on a conflict, one command at a time per fund in this process.
import { v5 as uuidv5 } from 'uuid';
import { fundDecider, fundStreams, type FundAllocation, type FundCommand, type FundEvent, type FundingLine, type FundState, type OpenFund, type ReleaseReason, type SettlementItem } from '../../domain/fund/fund';
import type { ReconciliationReport } from '../../domain/fund/reconciliation';
import { NotFoundError, ValidationError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import type { RequestContext } from '../pipeline/request-context';
import { isAtOrAbove, isAuthority, type AuthorityDirectory } from './authority-directory';
import { cachedStreams } from './cached-stream';

export const FUND_MODULE = fundStreams.module;
export const fundStreamId = fundStreams.streamId;
const FUND_NAMESPACE = '8b3f7c1e-2d4a-4f6b-9c0e-5a1d3e7f9b24';

/** The one fund of an authority, funding line and year. */
export const fundIdOf = (authorityId: string, line: FundingLine, year: number) => uuidv5(`${authorityId}:${line}:${year}`, FUND_NAMESPACE);

/** One cache and one lock per store in a process: every user of a fund's balance queues on the same lock. */
const streamsByStore = new WeakMap<EventStore, ReturnType<typeof cachedStreams<FundCommand, FundEvent, FundState>>>();
const fundStreamsOf = (store: EventStore) => {
  let streams = streamsByStore.get(store);
  if (!streams) {
    streams = cachedStreams(store, fundDecider);
    streamsByStore.set(store, streams);
  }
  return streams;
};

/**
 * What an approval needs of a fund (the applications' review): reserve, release, read. The same
 * cached streams as fundCommands, so they queue with the fund's other commands in this process.
 */
export function fundReservations(store: EventStore) {
  const streams = fundStreamsOf(store);
  return {
    reserve: (fundId: string, reservation: { reservationId: string; applicationId: string; amountFen: number }, request: RequestContext) =>
      streams.run(fundStreamId(fundId), { type: 'ReserveFunds', ...reservation }, request),
    release: (fundId: string, reservationId: string, reason: ReleaseReason, note: string, request: RequestContext) =>
      streams.run(fundStreamId(fundId), { type: 'ReleaseReservation', reservationId, reason, note }, request),
    /** Gives part of a reservation back (an upheld objection); `reductionId` makes a repeat change nothing. */
    reduce: (fundId: string, reservationId: string, reductionId: string, amountFen: number, reason: ReleaseReason, note: string, request: RequestContext) =>
      streams.run(fundStreamId(fundId), { type: 'ReduceReservation', reservationId, reductionId, amountFen, reason, note }, request),
    /** Records a batch's results: paid amounts spent, failed ones released (`settlementId`: a repeat changes nothing). */
    settle: (fundId: string, settlementId: string, batchId: string, items: SettlementItem[], request: RequestContext) =>
      streams.run(fundStreamId(fundId), { type: 'SettlePayments', settlementId, batchId, items }, request),
    /** Records a reconciliation's differences on the fund (nothing when there are none, or when recorded already). */
    recordReconciliation: (fundId: string, reconciliationId: string, on: string, report: ReconciliationReport, request: RequestContext) =>
      streams.run(fundStreamId(fundId), { type: 'RecordReconciliation', reconciliationId, on, report }, request),
    state: async (fundId: string) => (await streams.load(fundStreamId(fundId))).state,
  };
}

export function fundCommands(deps: { store: EventStore; authorities: AuthorityDirectory }) {
  const { store, authorities } = deps;
  const streams = fundStreamsOf(store);
  const run = streams.run;

  const mayManage = async (authorityId: string, request: RequestContext) => isAtOrAbove(await authorities.organization(authorityId), request.actor.orgId);

  async function open(fundId: string): Promise<OpenFund> {
    const { state } = await streams.load(fundStreamId(fundId));
    if (state.status !== 'open') throw new NotFoundError('资金不存在');
    return state;
  }

  return {
    /** 下达资金 by the authority itself or one above it. */
    async allocate(allocation: FundAllocation, request: RequestContext) {
      const authority = await authorities.organization(allocation.authorityId);
      if (!isAuthority(authority)) throw new ValidationError([{ field: 'authorityId', message: '资金所属单位应为省、市州或区县人社部门' }]);
      const fundId = fundIdOf(allocation.authorityId, allocation.line, allocation.year);
      const result = await run(fundStreamId(fundId), { type: 'AllocateFund', fundId, name: authority!.name, allocation, mayManage: isAtOrAbove(authority, request.actor.orgId) }, request);
      return { ...result, fundId };
    },

    async adjust(fundId: string, input: { deltaFen: number; basis: string; reason: string }, request: RequestContext) {
      const fund = await open(fundId);
      return run(fundStreamId(fundId), { type: 'AdjustFund', adjustmentId: request.commandId, ...input, mayManage: await mayManage(fund.authorityId, request) }, request);
    },

    /** Reserves an approval's amount, or refuses with the fund's figures. */
    reserve: (fundId: string, reservation: { reservationId: string; applicationId: string; amountFen: number }, request: RequestContext) =>
      run(fundStreamId(fundId), { type: 'ReserveFunds', ...reservation }, request),

    release: (fundId: string, reservationId: string, reason: ReleaseReason, note: string, request: RequestContext) =>
      run(fundStreamId(fundId), { type: 'ReleaseReservation', reservationId, reason, note }, request),

    reduce: (fundId: string, reservationId: string, reductionId: string, amountFen: number, reason: ReleaseReason, note: string, request: RequestContext) =>
      run(fundStreamId(fundId), { type: 'ReduceReservation', reservationId, reductionId, amountFen, reason, note }, request),

    settle: (fundId: string, settlementId: string, batchId: string, items: SettlementItem[], request: RequestContext) =>
      run(fundStreamId(fundId), { type: 'SettlePayments', settlementId, batchId, items }, request),

    /** The fund as it stands now (from its stream, not a read model). */
    open,

    /** The fund of an authority, line and year, if allocated. */
    async find(authorityId: string, line: FundingLine, year: number): Promise<OpenFund | undefined> {
      const { state } = await streams.load(fundStreamId(fundIdOf(authorityId, line, year)));
      return state.status === 'open' ? state : undefined;
    },
  };
}

export type FundCommands = ReturnType<typeof fundCommands>;
