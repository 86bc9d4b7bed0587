// 技能提升补贴's yearly cap made exact at the final approval, on the real Postgres event store: the
// approval records the claim on the person's claim stream (subsidy-claim-<id>), checked against the
// claims held there and the cap of the standard the calculation applied. A person who already holds
// 3 claims of the certificate's year (the national rule) is refused at the final approval, even when
// the calculation was made before those claims landed, with nothing approved and nothing reserved;
// a person with 2 is approved and the claim recorded. (The earlier claims are recorded through the
// same claim commands directly: reaching them through three paid applications is the API spec's
// business, not this rule's.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { calculatePersonalSubsidy, type PersonalSubsidyFacts } from '../../domain/personal-subsidy/calculation';
import { personalSubsidyDecider, type PersonalCalculation } from '../../domain/personal-subsidy/personal-subsidy';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import type { AuthorityDirectory } from '../fund/authority-directory';
import { fundCommands, fundIdOf, fundReservations } from '../fund/fund-commands';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { personClaims } from '../subsidy-application/person-claims';
import { personalSubsidyIdOf, personalSubsidyReviewable, personalSubsidyStreamId, skillUpgradeClaimIdOf } from './personal-subsidy-commands';

const COUNTY = 'auth-520102';
const INSTITUTION = 'inst-skill';
const YEAR = 2026;
const fundId = fundIdOf(COUNTY, 'employment_subsidy', YEAR);
const authorities: AuthorityDirectory = {
  organization: async (id) => (id === COUNTY ? { id, name: '南明区人力资源和社会保障局', kind: 'county', path: ['auth-520000', 'auth-520100', COUNTY], divisionCode: '520102' } : undefined),
};
const as = (orgId: string): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: `user-${orgId}`, role: 'operator', orgId }, commandId, correlationId: commandId, ip: null };
};

const facts = (personId: string): PersonalSubsidyFacts => ({
  kind: 'skill_upgrade',
  person: { personId, name: '李四', idNumberMasked: '520102********0022', personCategory: 'rural_migrant' },
  class: { classId: randomUUID(), classNo: 'C009', name: '电工四级班', institutionId: INSTITUTION, kind: 'upskilling', subKind: null, occupation: { code: '6-31-01-03', name: '电工', level: '4' }, startedOn: `${YEAR}-03-02`, completedOn: `${YEAR}-03-20`, days: 10 },
  outcome: { completed: true, reasons: [], certificateNo: 'C009-001' },
  evidence: { kind: 'skill_upgrade', insuredMonths: 24, insuranceProof: 'GZ2026-0009' },
  standards: [{ standardId: 's-skill', authorityId: 'auth-520000', authorityKind: 'province', scope: { subject: 'skill_upgrade', trainingKind: null, occupationCode: null, level: null, personCategory: null }, versions: [{ version: 1, amountFen: 150_000, unit: 'per_person', effectiveFrom: `${YEAR}-01-01`, basis: '黔人社通〔2026〕1号', approvedOn: `${YEAR}-01-01` }] }],
  // As if calculated before the earlier claims landed: the approval must catch them.
  skillUpgradeClaims: [],
});

describe('技能提升补贴 yearly cap at the final approval', () => {
  let db: TestDatabase;
  let store: EventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    await fundCommands({ store, authorities }).allocate({ authorityId: COUNTY, line: 'employment_subsidy', year: YEAR, amountFen: 10_000_000, basis: '测试文号' }, as(COUNTY));
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  /** `held` earlier 技能提升补贴 claims of the year on the person's stream, then an application submitted to the county. */
  async function submitted(personId: string, held: number) {
    await personClaims(store).record(
      Array.from({ length: held }, (_, i) => ({
        personId, personName: '李四', idNumberMasked: '520102********0022',
        claim: { claimId: `personal-subsidy:earlier-${i}:a`, kind: 'skill_upgrade' as const, recordId: `earlier-${i}`, reservationId: `r-${i}`, classId: `c-${i}`, className: `早前的班${i + 1}`, details: { kind: 'upskilling' as const, subKind: null, occupation: { code: `6-31-01-0${i + 4}`, name: `工种${i}`, level: '4' as const }, plannedStart: `${YEAR}-01-0${i + 1}` }, year: String(YEAR) },
        limit: { kind: 'skill_upgrade_cap' as const, maxPerYear: 3, basis: '国家规定每人每年最多享受3次' },
      })),
      as(COUNTY),
    );
    const subsidyId = personalSubsidyIdOf(personId, 'skill_upgrade');
    const applicationId = randomUUID();
    const f = facts(personId);
    const calculation: PersonalCalculation = { facts: f, result: calculatePersonalSubsidy(f), computedAt: '0', computedOn: new Date().toISOString() };
    const streamId = personalSubsidyStreamId(subsidyId);
    await handleCommand(store, personalSubsidyDecider, streamId, { type: 'ApplyPersonalSubsidy', subsidyId, applicationId, applicantOrgId: INSTITUTION, source: { payerId: COUNTY, line: 'employment_subsidy', year: YEAR, fundId }, calculation }, as(INSTITUTION));
    await handleCommand(store, personalSubsidyDecider, streamId, { type: 'SubmitForReview', authorities: { county: COUNTY } }, as(INSTITUTION));
    return { subsidyId, applicationId, streamId };
  }
  const approve = (streamId: string) => personalSubsidyReviewable().run(store, streamId, { type: 'ApproveReview', opinion: '同意' }, as(COUNTY));
  const reservedFen = async () => {
    const fund = await fundReservations(store).state(fundId);
    return fund.status === 'open' ? fund.reservedFen : null;
  };

  it('refuses a fourth of the year naming the person and the claims held, approving and reserving nothing', async () => {
    const { streamId } = await submitted('person-full', 3);
    await expect(approve(streamId)).rejects.toThrow(
      '李四（520102********0022）超出补贴享受限制，不能审核通过：2026年已享受技能提升补贴3次，达到每人每年3次的上限（国家规定每人每年最多享受3次），已计入：早前的班1',
    );
    await expect(approve(streamId)).rejects.toThrow('该申请不符合条件，请审核不予通过');
    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['PersonalSubsidyApplied', 'ReviewSubmitted']);
    expect(await reservedFen()).toBe(0);
    expect((await personClaims(store).load('person-full')).claims.filter((c) => c.held)).toHaveLength(3);
  });

  it('approves a third of the year and records its claim on the person\'s stream', async () => {
    const { streamId, subsidyId, applicationId } = await submitted('person-two', 2);
    await approve(streamId);
    const held = (await personClaims(store).load('person-two')).claims.filter((c) => c.held);
    expect(held.map((c) => c.claimId)).toContain(skillUpgradeClaimIdOf(subsidyId, applicationId));
    expect(held).toHaveLength(3);
    expect(await reservedFen()).toBe(150_000);
  });
});
