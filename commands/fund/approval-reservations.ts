// The one way a final approval reserves public money (issue 14 §1, used by training funding, personal
// subsidies and school aid): the approval is decided, each amount it names is reserved on its fund
// before the approval is appended (handleCommand's beforeAppend; the fund refuses with its figures
// when it cannot cover one), and if the approval then is not appended, whatever was reserved for it
// is released again, unless the stream shows the approval recorded after all. Reservation ids come
// from the approval (the application and its round), so a retry reserves nothing twice.
import { v5 as uuidv5 } from 'uuid';
import { RuleViolationError } from '../../domain/shared/errors';
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import type { Fen } from '../../domain/shared/money';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { fundReservations } from './fund-commands';

const RESERVE_NAMESPACE = '3f6a1d2c-8e47-4b95-a0c3-7d9e2b5f1a64';

export interface ApprovalReservation {
  fundId: string;
  reservationId: string;
  /** The record the fund names as the reserving one. */
  applicationId: string;
  amountFen: Fen;
}

export interface ReservingApproval<Command, Event extends DomainEvent, State> {
  store: EventStore;
  decider: Decider<Command, Event, State>;
  streamId: string;
  command: Command;
  request: RequestContext;
  /** What the decided events reserve (none: not a final approval, nothing to reserve). */
  reservations(events: readonly Event[], before: State): ApprovalReservation[];
  /** The refusal when a fund has not been allocated (下达) for the year. */
  noFund(before: State): { message: string; rule: string };
  /** Whether the stream, read again, holds the reservation (the approval was recorded after all). */
  recorded(state: State, reservationId: string): boolean;
  /**
   * Optional: what the approval commits before the fund is reserved, in the same step (training
   * funding and personal subsidies record each person's subsidy claim); a refusal there leaves
   * nothing reserved. Runs again on a concurrency retry, so it must be idempotent.
   */
  commitFirst?(decided: { events: readonly Event[]; before: State }): Promise<void>;
  /** Optional: undoes commitFirst when the approval is not appended after all (given the stream read again). */
  undoFirst?(after: State): Promise<void>;
}

export async function approveWithReservations<Command, Event extends DomainEvent, State>(spec: ReservingApproval<Command, Event, State>) {
  const { store, decider, streamId, request } = spec;
  const funds = fundReservations(store);
  const made: ApprovalReservation[] = [];
  let committed = false;
  try {
    return await handleCommand(store, decider, streamId, spec.command, request, {
      beforeAppend: async ({ before, events }) => {
        if (spec.commitFirst && spec.reservations(events, before).length > 0) {
          committed = true;
          await spec.commitFirst({ events, before });
        }
        for (const reservation of spec.reservations(events, before)) {
          const fund = await funds.state(reservation.fundId);
          if (fund.status !== 'open') {
            const refusal = spec.noFund(before);
            throw new RuleViolationError(refusal.message, refusal.rule);
          }
          const { fundId, ...reserve } = reservation;
          await funds.reserve(fundId, reserve, { ...request, commandId: uuidv5(`reserve:${reservation.reservationId}`, RESERVE_NAMESPACE) });
          made.push(reservation);
        }
      },
    });
  } catch (error) {
    if (made.length || committed) {
      const after = await loadState(store, decider, streamId);
      for (const r of made.splice(0)) {
        if (!spec.recorded(after, r.reservationId)) await funds.release(r.fundId, r.reservationId, 'approval_not_recorded', '审批通过未能记录，释放预留', request);
      }
      if (committed) await spec.undoFirst?.(after);
    }
    throw error;
  }
}
