// The province-wide repeat-subsidy check made exact where money is committed, on the real Postgres
// event store: applications for six classes each fund the same person (the policy allows 3
// subsidised trainings), their final approvals run at the same moment, and exactly 3 claims land on
// the person's stream; the other 3 are refused naming the person (masked) and the claims held, with
// nothing appended to the application and nothing left reserved on the fund. An upheld objection
// gives the person's claim back, after which a refused application is approved.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { subsidyApplicationDecider, type RecordedCalculation, type SubsidyApplicationState } from '../../domain/subsidy-application/application';
import { calculateTrainingFunding, type FundingFacts, type ParticipantFacts } from '../../domain/subsidy-application/calculation';
import { DEFAULT_ELIGIBILITY_POLICY } from '../../domain/training-class/eligibility';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { loadState } from '../../store/fold';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { waitUntil } from '../../testing/wait-until';
import type { AuthorityDirectory } from '../fund/authority-directory';
import { fundCommands, fundIdOf, fundReservations } from '../fund/fund-commands';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { applicationCommands, applicationIdOf, applicationReviewable, applicationStreamId, trainingClaimIdOf } from './application-commands';
import { backfillClaims } from './claim-backfill';
import { personClaimStreamId, personClaims } from './person-claims';

const COUNTY = 'auth-520102';
const INSTITUTION = 'inst-claims';
const authorities: AuthorityDirectory = {
  organization: async (id) => (id === COUNTY ? { id, name: '南明区人力资源和社会保障局', kind: 'county', path: ['auth-520000', 'auth-520100', COUNTY], divisionCode: '520102' } : undefined),
};
const as = (orgId: string, id = `user-${orgId}`): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: orgId === COUNTY ? 'reviewer' : 'institution', orgId }, commandId, correlationId: commandId, ip: null };
};
const SHARED = 'person-shared';
const YEAR = 2026;
const fundId = fundIdOf(COUNTY, 'employment_subsidy', YEAR);

const participant = (id: string): ParticipantFacts => ({
  participantId: id, name: id === SHARED ? '张三' : `学员${id}`, idNumberMasked: '520102********0011', funding: 'subsidised', completed: true, completionReasons: [],
  ratePermille: 950, assessmentPassed: true, certificateNo: null, personCategory: 'rural_migrant', claims: [],
});

/** A completed class of its own occupation, funding the shared person and one other; calculated by the pure function. */
function calculation(classId: string, index: number, people = [SHARED, `other-${index}`]): RecordedCalculation {
  const facts: FundingFacts = {
    class: {
      classId, classNo: `GZ-${YEAR}-${index}`, name: `测试班${index}`, institutionId: INSTITUTION, kind: 'employment', subKind: null,
      occupation: { code: `4-03-02-0${index}`, name: `工种${index}`, level: '4' }, plannedStart: `${YEAR}-03-02`, startedOn: `${YEAR}-03-02`, completedOn: `${YEAR}-03-20`, days: 15,
      minAttendancePercent: 80, assessmentRequired: false,
    },
    participants: people.map(participant),
    fraudExclusions: [],
    attendanceSource: 'class_completion',
    policy: { policy: DEFAULT_ELIGIBILITY_POLICY, version: 0 },
    standards: [{ standardId: 'province-general', authorityId: 'auth-520000', authorityKind: 'province', scope: { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null }, versions: [{ amountFen: 100_000, unit: 'per_person', effectiveFrom: `${YEAR}-01-01`, basis: '文号1', version: 1, approvedOn: `${YEAR - 1}-12-20` }] }],
  };
  return { facts, result: calculateTrainingFunding(facts), computedAt: '0', computedOn: new Date().toISOString() };
}

describe('per-person subsidy claims at the final approval', () => {
  let db: TestDatabase;
  let store: EventStore;
  const reviewable = applicationReviewable();

  /** An application applied for and submitted to the county (its only level), ready for the final approval. */
  async function submitted(index: number) {
    const classId = randomUUID();
    const applicationId = applicationIdOf(classId);
    const streamId = applicationStreamId(applicationId);
    const source = { payerId: COUNTY, line: 'employment_subsidy' as const, year: YEAR, fundId };
    await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'ApplyTrainingFunding', applicationId, source, calculation: calculation(classId, index) }, as(INSTITUTION));
    await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'SubmitForReview', authorities: { county: COUNTY } }, as(INSTITUTION));
    return { applicationId, streamId };
  }
  /** As submitted(), for chosen people, with the occupation of another index. */
  async function submittedFor(index: number, people: string[], occupationOf: number) {
    const classId = randomUUID();
    const applicationId = applicationIdOf(classId);
    const streamId = applicationStreamId(applicationId);
    const calc = calculation(classId, index, people);
    calc.facts.class.occupation = { code: `4-03-02-0${occupationOf}`, name: `工种${occupationOf}`, level: '4' };
    calc.result = calculateTrainingFunding(calc.facts);
    await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'ApplyTrainingFunding', applicationId, source: { payerId: COUNTY, line: 'employment_subsidy' as const, year: YEAR, fundId }, calculation: calc }, as(INSTITUTION));
    await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'SubmitForReview', authorities: { county: COUNTY } }, as(INSTITUTION));
    return { applicationId, streamId };
  }
  const approve = (streamId: string) => reviewable.run(store, streamId, { type: 'ApproveReview', opinion: '同意' }, as(COUNTY));
  const reservedFen = async () => {
    const fund = await fundReservations(store).state(fundId);
    return fund.status === 'open' ? fund.reservedFen : null;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    await fundCommands({ store, authorities }).allocate({ authorityId: COUNTY, line: 'employment_subsidy', year: YEAR, amountFen: 10_000_000, basis: '测试文号' }, as(COUNTY));
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  let applications: { applicationId: string; streamId: string }[] = [];
  let outcomes: PromiseSettledResult<unknown>[] = [];

  it('six concurrent final approvals for the same person: exactly three claims, three refusals naming the person and the claims held, nothing else kept', async () => {
    applications = [];
    for (let i = 1; i <= 6; i++) applications.push(await submitted(i));
    outcomes = await Promise.allSettled(applications.map((a) => approve(a.streamId)));

    const approved = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(approved).toHaveLength(3);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect((r.reason as Error).message).toMatch(/^张三（520102\*\*\*\*\*\*\*\*0011）超出补贴享受限制，不能审核通过：已参加补贴性培训3次，达到每人累计3次的上限（财社〔2023〕181号）；已计入的补贴：测试班\d（/);
      expect((r.reason as Error).message).toMatch(/\n可退回申报，由培训机构重新计算（上述人员将列为不符合条件）$/);
      expect((r.reason as { rule?: string }).rule).toBe('subsidy_claim.limit');
    }

    const claims = await personClaims(store).load(SHARED);
    expect(claims.claims.filter((c) => c.held)).toHaveLength(3);
    const states = await Promise.all(applications.map((a) => loadState(store, subsidyApplicationDecider, a.streamId)));
    const approvedIds = states.filter((s) => s.status === 'active' && s.review.status === 'approved').map((s) => (s as Extract<SubsidyApplicationState, { status: 'active' }>).applicationId);
    expect(approvedIds).toHaveLength(3);
    expect(claims.claims.filter((c) => c.held).map((c) => c.recordId).sort()).toEqual([...approvedIds].sort());
    // The refused applications are still pending with no approval event; only the approved ones' amounts stay reserved.
    for (const [i, s] of states.entries()) {
      if (s.status !== 'active') throw new Error('application missing');
      if (!approvedIds.includes(s.applicationId)) {
        expect(s.review.status).toBe('pending');
        expect((await store.readStream(applications[i]!.streamId)).map((e) => e.type)).not.toContain('TrainingFundingApproved');
      }
    }
    expect(await reservedFen()).toBe(3 * 200_000);
    // The others funded by the refused applications got no claim either: the refusal writes nothing for anyone.
    for (const s of states) {
      if (s.status !== 'active' || approvedIds.includes(s.applicationId)) continue;
      const other = s.calculation.result.eligible.find((e) => e.participantId !== SHARED)!.participantId;
      expect(await store.readStream(personClaimStreamId(other))).toEqual([]);
    }
  });

  it('a final approval the fund refuses (not allocated for its year) keeps no claim: the claims it recorded are released again', async () => {
    const classId = randomUUID();
    const applicationId = applicationIdOf(classId);
    const streamId = applicationStreamId(applicationId);
    const source = { payerId: COUNTY, line: 'employment_subsidy' as const, year: 2030, fundId: fundIdOf(COUNTY, 'employment_subsidy', 2030) };
    await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'ApplyTrainingFunding', applicationId, source, calculation: calculation(classId, 7, ['other-7']) }, as(INSTITUTION));
    await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'SubmitForReview', authorities: { county: COUNTY } }, as(INSTITUTION));
    await expect(approve(streamId)).rejects.toThrow('支付单位2030年的就业补助资金尚未下达，不能审核通过；请先下达资金');
    const other = await store.readStream(personClaimStreamId('other-7'));
    expect(other.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([['SubsidyClaimRecorded', undefined], ['SubsidyClaimReleased', 'approval_not_recorded']]);
    expect((await personClaims(store).load('other-7')).claims.filter((c) => c.held)).toEqual([]);
    expect((await store.readStream(streamId)).map((e) => e.type)).not.toContain('TrainingFundingApproved');
  });

  it('the backfill records the claims of an approval made before claims were recorded, once; a later approval for the same subject is then refused', async () => {
    // An approval as it was appended before this change: straight through the decider, no claim recorded.
    const classId = randomUUID();
    const applicationId = applicationIdOf(classId);
    const streamId = applicationStreamId(applicationId);
    const source = { payerId: COUNTY, line: 'employment_subsidy' as const, year: YEAR, fundId };
    await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'ApplyTrainingFunding', applicationId, source, calculation: calculation(classId, 9, ['person-old']) }, as(INSTITUTION));
    await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'SubmitForReview', authorities: { county: COUNTY } }, as(INSTITUTION));
    const approval = await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'ApproveReview', opinion: '同意', notice: { publishedOn: `${YEAR}-04-01`, until: `${YEAR}-04-08`, days: 5, dayKind: 'working' } }, as(COUNTY));
    expect(await store.readStream(personClaimStreamId('person-old'))).toEqual([]);
    // The backfill reads the global log, which shows an event once every older transaction of the
    // (shared) test server has ended: wait until it shows the approval.
    await waitUntil(() => store.headPosition(), (head) => head >= approval.position!, { what: 'the approval to be readable in the global log' });

    const system = { id: 'system:claim-backfill', role: 'system', orgId: null };
    const first = await backfillClaims(store, system);
    expect(first.claims).toBeGreaterThanOrEqual(1);
    // Run again, it records nothing and says so.
    expect(await backfillClaims(store, system)).toEqual({ records: 0, claims: 0 });
    const events = await store.readStream(personClaimStreamId('person-old'));
    expect(events.map((e) => [e.type, (e.data as { limit?: { kind: string } }).limit?.kind])).toEqual([['SubsidyClaimRecorded', 'carried_over']]);
    // The claims the approvals of the first spec recorded are left as they were (nothing recorded twice).
    expect((await store.readStream(personClaimStreamId(SHARED))).filter((e) => (e.data as { limit?: { kind: string } }).limit?.kind === 'carried_over')).toEqual([]);

    // A later application for the same occupation and level, calculated without seeing it, is refused at approval.
    const again = await submittedFor(10, ['person-old'], 9);
    await expect(approve(again.streamId)).rejects.toThrow(/^学员person-old（520102\*{8}0011）超出补贴享受限制，不能审核通过：已参加过“工种9（4-03-02-09）四级\/中级工”的补贴性培训（测试班9）/);
  });

  it('an upheld objection for the person gives the claim back, and a refused application is then approved', async () => {
    const states = await Promise.all(applications.map((a) => loadState(store, subsidyApplicationDecider, a.streamId)));
    const approved = states.filter((s): s is Extract<SubsidyApplicationState, { status: 'active' }> => s.status === 'active' && s.review.status === 'approved');
    const refused = applications.find((a, i) => states[i]!.status === 'active' && (states[i] as Extract<SubsidyApplicationState, { status: 'active' }>).review.status === 'pending')!;
    const commands = applicationCommands({ store, authorities, funding: { candidateStandardIds: async () => [], personCategories: async () => new Map(), claims: async () => new Map() }, captures: { exclusions: async () => [] } });

    // Still refused while the three claims are held.
    await expect(approve(refused.streamId)).rejects.toThrow(/超出补贴享受限制/);
    const first = approved[0]!;
    const objectionId = randomUUID();
    await commands.recordObjection(first.applicationId, objectionId, { participantId: SHARED, content: '该学员已在外省享受过补贴', receivedOn: `${YEAR}-04-01`, channel: '来信' }, as(COUNTY));
    await commands.resolveObjection(first.applicationId, objectionId, true, '经核实异议成立', as(COUNTY));

    const claims = await personClaims(store).load(SHARED);
    expect(claims.claims.find((c) => c.claimId === trainingClaimIdOf(first.applicationId))?.held).toBe(false);
    expect(claims.claims.filter((c) => c.held)).toHaveLength(2);
    await approve(refused.streamId);
    const after = await personClaims(store).load(SHARED);
    expect(after.claims.filter((c) => c.held)).toHaveLength(3);
    // The objection gave back the person's 1,000 元; the newly approved application reserved its 2,000 元.
    expect(await reservedFen()).toBe(3 * 200_000 - 100_000 + 200_000);
  });
});
