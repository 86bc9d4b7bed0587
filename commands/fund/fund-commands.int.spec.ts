// The fund's balance under concurrency, on the real Postgres event store: 20 approvals at once
// against a fund that covers 10 reserve exactly 10, whether they race inside one process (the keyed
// lock queues them) or from two processes (two stores with their own connections, caches and locks:
// only the store's expected revision stands between them).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { remainingOf } from '../../domain/fund/fund';
import { RuleViolationError } from '../../domain/shared/errors';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import type { RequestContext } from '../pipeline/request-context';
import type { AuthorityDirectory } from './authority-directory';
import { fundCommands, fundStreamId } from './fund-commands';

const COUNTY = 'auth-520102';
const authorities: AuthorityDirectory = {
  organization: async (id) => (id === COUNTY ? { id, name: '南明区人力资源和社会保障局', kind: 'county', path: ['auth-520000', 'auth-520100', COUNTY], divisionCode: '520102' } : undefined),
};
const request = (orgId: string | null = COUNTY): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: 'reviewer', role: 'reviewer', orgId }, commandId, correlationId: commandId, ip: null };
};

describe('fund reservations under concurrency', () => {
  let db: TestDatabase;
  let store: EventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const allocate = async (year: number, amountFen: number) => {
    const funds = fundCommands({ store, authorities });
    const { fundId } = await funds.allocate({ authorityId: COUNTY, line: 'employment_subsidy', year, amountFen, basis: '测试文号' }, request());
    return fundId;
  };

  const race = async (fundId: string, instances: ReturnType<typeof fundCommands>[]) => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => instances[i % instances.length]!.reserve(fundId, { reservationId: `r-${i}`, applicationId: `app-${i}`, amountFen: 150_000 }, request())),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as Error);
    return { approved: outcomes.filter((o) => o.status === 'fulfilled').length, refused };
  };

  for (const processes of [1, 2]) {
    it(`20 concurrent approvals against a fund covering 10 reserve exactly 10 (${processes} process${processes > 1 ? 'es' : ''})`, async () => {
      const fundId = await allocate(2020 + processes, 10 * 150_000);
      // A second process is a second store (its own connection pool, its own cache and lock).
      const second = processes > 1 ? createEventStore(createPostgresEventLog({ connectionString: db.url })) : undefined;
      const instances = [fundCommands({ store, authorities }), ...(second ? [fundCommands({ store: second, authorities })] : [])];
      const { approved, refused } = await race(fundId, instances);
      expect(approved).toBe(10);
      expect(refused).toHaveLength(10);
      for (const error of refused) {
        expect(error).toBeInstanceOf(RuleViolationError);
        expect(error.message).toContain('可用余额0.00元，本次需1,500.00元');
      }
      // The stream itself, read fresh: ten reservations, nothing over-committed.
      const fund = await fundCommands({ store, authorities }).open(fundId);
      expect([fund.reservedFen, remainingOf(fund), Object.keys(fund.active).length]).toEqual([1_500_000, 0, 10]);
      const events = await store.readStream(fundStreamId(fundId));
      expect(events.filter((e) => e.type === 'FundReserved')).toHaveLength(10);
      await second?.close();
    });
  }

  it('refuses allocation by an organisation outside the authority, and allocates once per authority, line and year', async () => {
    const funds = fundCommands({ store, authorities });
    await expect(funds.allocate({ authorityId: COUNTY, line: 'local_finance', year: 2026, amountFen: 100, basis: 'x' }, request('auth-520103'))).rejects.toThrow('本单位或下级单位');
    const first = await funds.allocate({ authorityId: COUNTY, line: 'local_finance', year: 2026, amountFen: 100, basis: 'x' }, request());
    const again = await funds.allocate({ authorityId: COUNTY, line: 'local_finance', year: 2026, amountFen: 100, basis: 'x' }, request());
    expect([first.fundId === again.fundId, again.repeated]).toEqual([true, true]);
  });
});
