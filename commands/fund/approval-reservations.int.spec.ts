// approveWithReservations on the real Postgres event store, with a small decider whose approval
// names amounts on funds: approved, every amount is reserved once (a retry of the same command
// reserves nothing again); refused part-way (a fund short, or one not allocated), the approval is
// not appended and what was reserved for it is released again, the refusal naming the figures.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import { RuleViolationError } from '../../domain/shared/errors';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import type { RequestContext } from '../pipeline/request-context';
import { approveWithReservations } from './approval-reservations';
import type { AuthorityDirectory } from './authority-directory';
import { fundCommands, fundIdOf, fundReservations } from './fund-commands';

const COUNTY = 'auth-520102';
const authorities: AuthorityDirectory = {
  organization: async (id) => (id === COUNTY ? { id, name: '南明区人力资源和社会保障局', kind: 'county', path: ['auth-520000', 'auth-520100', COUNTY], divisionCode: '520102' } : undefined),
};
const request = (): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: 'reviewer', role: 'reviewer', orgId: COUNTY }, commandId, correlationId: commandId, ip: null };
};

type Part = { fundId: string; reservationId: string; amountFen: number };
type Approved = DomainEvent<'Approved', { parts: Part[] }>;
type State = { reserved: string[] };
const decider: Decider<{ type: 'Approve'; parts: Part[] }, Approved, State> = {
  initialState: () => ({ reserved: [] }),
  decide: (command, state) => (state.reserved.length ? [] : [{ type: 'Approved', data: { parts: command.parts } }]),
  evolve: (state, event) => ({ reserved: [...state.reserved, ...event.data.parts.map((p) => p.reservationId)] }),
};

describe('approveWithReservations', () => {
  let db: TestDatabase;
  let store: EventStore;
  let open: string;
  let small: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    const funds = fundCommands({ store, authorities });
    open = (await funds.allocate({ authorityId: COUNTY, line: 'employment_subsidy', year: 2026, amountFen: 1_000_000, basis: '测试文号' }, request())).fundId;
    small = (await funds.allocate({ authorityId: COUNTY, line: 'employment_subsidy', year: 2027, amountFen: 100_000, basis: '测试文号' }, request())).fundId;
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const reservedOn = async (fundId: string) => {
    const fund = await fundReservations(store).state(fundId);
    return fund.status === 'open' ? fund.reservedFen : null;
  };
  const approve = (streamId: string, parts: Part[], ctx = request()) =>
    approveWithReservations({
      store,
      decider,
      streamId,
      command: { type: 'Approve', parts },
      request: ctx,
      reservations: (events) => events.flatMap((e) => e.data.parts.map((p) => ({ ...p, applicationId: streamId }))),
      noFund: () => ({ message: '资金尚未下达', rule: 'test.no_fund' }),
      recorded: (state, reservationId) => state.reserved.includes(reservationId),
    });

  it('reserves every amount of an approval once, and a retry of the command reserves nothing again', async () => {
    const ctx = request();
    const parts = [{ fundId: open, reservationId: 'a#1', amountFen: 200_000 }, { fundId: open, reservationId: 'a#2', amountFen: 50_000 }];
    await approve('approval-a', parts, ctx);
    await approve('approval-a', parts, ctx);
    expect(await reservedOn(open)).toBe(250_000);
    expect((await store.readStream('approval-a')).map((e) => e.type)).toEqual(['Approved']);
  });

  it('refused by a short fund part-way: nothing appended, the first amount released again', async () => {
    const attempt = approve('approval-b', [{ fundId: open, reservationId: 'b#1', amountFen: 300_000 }, { fundId: small, reservationId: 'b#2', amountFen: 150_000 }]);
    await expect(attempt).rejects.toBeInstanceOf(RuleViolationError);
    await expect(attempt).rejects.toThrow(/资金余额不足，不能审批通过.*缺口500.00元/);
    expect(await reservedOn(open)).toBe(250_000);
    expect(await reservedOn(small)).toBe(0);
    expect(await store.readStream('approval-b')).toEqual([]);
    const released = (await store.readStream(`fund-${open}`)).filter((e) => e.type === 'FundReservationReleased').map((e) => e.data);
    expect(released).toEqual([expect.objectContaining({ reservationId: 'b#1', amountFen: 300_000, reason: 'approval_not_recorded' })]);
  });

  it('refused by a fund not allocated: the refusal the module words, nothing kept', async () => {
    const missing = fundIdOf(COUNTY, 'employment_subsidy', 2030);
    const attempt = approve('approval-c', [{ fundId: open, reservationId: 'c#1', amountFen: 10_000 }, { fundId: missing, reservationId: 'c#2', amountFen: 10_000 }]);
    await expect(attempt).rejects.toThrow('资金尚未下达');
    expect(await reservedOn(open)).toBe(250_000);
    expect(await store.readStream('approval-c')).toEqual([]);
  });
});
