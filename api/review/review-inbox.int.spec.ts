// The review inbox at volume: narrowed by record type, submitting organisation, level and waiting
// time, sorted by waiting time, and approved several at a time: one opinion, one approval event
// per record, each record still checked (scope, reviewing authority, state), an outcome per record,
// and a retried batch approving nothing twice.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';

const DECLARE = 'mutation($n: String!, $c: String!) { declareOccupation(details: { code: $c, name: $n, level: "4", hours: 120 }, submit: true) { streamId } }';
const ENTER = 'mutation($i: TraineeInput!) { enterTrainee(input: $i, submit: true) { streamId } }';
const INBOX = 'query($f: ReviewInboxFilter, $p: PageInput) { reviewInbox(filter: $f, page: $p) { total items { streamId module title level submitterOrgId waitingSince } } }';
const BATCH = `mutation($s: [String!]!, $o: String!, $c: ID) {
  approveReviews(streamIds: $s, opinion: $o, commandId: $c) { approvedCount failedCount position outcomes { streamId title approved code message repeated } }
}`;

type Task = { streamId: string; module: string; title: string; level: string; submitterOrgId: string; waitingSince: string };
type Batch = { approvedCount: number; failedCount: number; position: string | null; outcomes: { streamId: string; title: string | null; approved: boolean; code: string | null; message: string | null; repeated: boolean }[] };

describe('review inbox: filters, waiting time and batch approval', () => {
  let api: ApiHarness;
  let nanming: Session;
  let yunyan: Session;
  let county: Session;
  let city: Session;
  const streams: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApiHarness();
    [nanming, yunyan, county, city] = [await api.login('nanmingSchool'), await api.login('yunyanSchool'), await api.login('nanmingReviewer'), await api.login('guiyangReviewer')];
    for (const [key, name, code] of [['tea', '茶艺师', '4-03-02-05'], ['cook', '中式烹调师', '4-03-02-01'], ['pastry', '中式面点师', '4-03-02-02']] as const) {
      const body = await api.graphql<{ declareOccupation: { streamId: string } }>(nanming, DECLARE, { n: name, c: code });
      expect(body.errors).toBeUndefined();
      streams[key] = body.data!.declareOccupation.streamId;
    }
    const trainee = await api.graphql<{ enterTrainee: { streamId: string } }>(nanming, ENTER, { i: { name: '龙小梅', idNumber: '520102199202021223', personCategory: 'graduate', phone: '13800138002' } });
    expect(trainee.errors).toBeUndefined();
    streams.trainee = trainee.data!.enterTrainee.streamId;
    const foreign = await api.graphql<{ declareOccupation: { streamId: string } }>(yunyan, DECLARE, { n: '云岩茶艺师', c: '4-03-02-05' });
    streams.foreign = foreign.data!.declareOccupation.streamId;
    await api.settled();
  });
  afterAll(async () => api.close());

  const inbox = async (session: Session, filter: Record<string, unknown> = {}, page: Record<string, unknown> = {}) => {
    const body = await api.graphql<{ reviewInbox: { total: number; items: Task[] } }>(session, INBOX, { f: filter, p: page }, await api.settled());
    expect(body.errors).toBeUndefined();
    return body.data!.reviewInbox;
  };

  it('filters by record type, submitting organisation (with those below it), level and waiting time', async () => {
    const all = await inbox(county);
    expect(all.items.map((t) => t.streamId).sort()).toEqual([streams.tea, streams.cook, streams.pastry, streams.trainee].sort());
    expect(all.items.every((t) => t.level === 'county' && !Number.isNaN(Date.parse(t.waitingSince)))).toBe(true);
    expect((await inbox(county, { module: 'trainee' })).items.map((t) => t.streamId)).toEqual([streams.trainee]);
    // The county authority submitted nothing itself; its school did: the county covers the school.
    expect((await inbox(county, { submitterOrgId: ORGS.nanming })).total).toBe(4);
    expect((await inbox(county, { submitterOrgId: ORGS.nanmingSchool, module: 'occupation' })).total).toBe(3);
    expect((await inbox(county, { submitterOrgId: ORGS.yunyanSchool })).total).toBe(0);
    expect((await inbox(county, { level: 'city' })).total).toBe(0);
    // Just submitted: nothing has waited a day yet.
    expect((await inbox(county, { minWaitingDays: 1 })).total).toBe(0);
    expect((await inbox(county, { minWaitingDays: 0 })).total).toBe(4);
    const bad = await api.graphql(county, INBOX, { f: { level: 'village' } });
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('sorts by waiting time, longest waiting first', async () => {
    const oldest = await inbox(county, {}, { sortBy: 'waitingSince', sortOrder: 'ASC' });
    const times = oldest.items.map((t) => t.waitingSince);
    expect(times).toEqual([...times].sort());
    expect(oldest.items[0]!.streamId).toBe(streams.tea);
  });

  it('approves several at once with one opinion: one event per record, each checked, an outcome for each', async () => {
    const commandId = randomUUID();
    const lengths = async () => Object.fromEntries(await Promise.all(Object.entries(streams).map(async ([k, s]) => [k, (await api.platform.store.readStream(s)).length])));
    const before = await lengths();
    const ids = [streams.tea!, streams.cook!, streams.foreign!];
    const body = await api.graphql<{ approveReviews: Batch }>(county, BATCH, { s: ids, o: '材料齐全，同意', c: commandId });
    expect(body.errors).toBeUndefined();
    const result = body.data!.approveReviews;
    expect([result.approvedCount, result.failedCount]).toEqual([2, 1]);
    expect(result.outcomes.map((o) => [o.streamId, o.title, o.approved, o.code])).toEqual([
      [streams.tea, '茶艺师（4-03-02-05）', true, null],
      [streams.cook, '中式烹调师（4-03-02-01）', true, null],
      // Another county's record answers as a missing one would, exactly as approveReview does.
      [streams.foreign, null, false, 'NOT_FOUND'],
    ]);
    expect(result.outcomes[2]!.message).toBe('记录不存在或不在您的数据权限范围内');
    const after = await lengths();
    expect(after).toEqual({ ...before, tea: before.tea + 1, cook: before.cook + 1 });
    const [last] = await api.platform.store.readStream(streams.tea!, { fromRevision: before.tea });
    expect([last!.type, (last!.data as { opinion: string }).opinion]).toEqual(['ReviewApproved', '材料齐全，同意']);
    expect(BigInt(result.position!)).toBeGreaterThanOrEqual(last!.position);

    // The same batch again (a lost answer, a second click): nothing is approved twice.
    const again = await api.graphql<{ approveReviews: Batch }>(county, BATCH, { s: ids.slice(0, 2), o: '材料齐全，同意', c: commandId });
    expect(again.data!.approveReviews.outcomes.map((o) => [o.approved, o.repeated])).toEqual([[true, true], [true, true]]);
    expect(await lengths()).toEqual(after);

    // The next level: the city may not decide what waits at the county, nor the county again what
    // now waits at the city; each refusal is the one a single approveReview gives.
    const single = async (session: Session, streamId: string) => {
      const error = (await api.graphql(session, `mutation { approveReview(streamId: "${streamId}", opinion: "同意") { revision } }`, {}, await api.settled())).errors?.[0];
      return [false, error?.extensions.code, error?.message];
    };
    const cityTry = await api.graphql<{ approveReviews: Batch }>(city, BATCH, { s: [streams.pastry!, streams.tea!], o: '同意' }, await api.settled());
    expect(cityTry.data!.approveReviews.outcomes.map((o) => [o.approved, o.code, o.message])).toEqual([await single(city, streams.pastry!), [true, null, null]]);
    expect(cityTry.data!.approveReviews.outcomes[0]!.code).toBe('FORBIDDEN');
    const countyTry = await api.graphql<{ approveReviews: Batch }>(county, BATCH, { s: [streams.cook!], o: '同意' }, await api.settled());
    expect(countyTry.data!.approveReviews.outcomes.map((o) => [o.approved, o.code, o.message])).toEqual([await single(county, streams.cook!)]);
    expect((await inbox(county)).items.map((t) => t.streamId).sort()).toEqual([streams.pastry, streams.trainee].sort());
  });

  it('refuses an empty or oversized batch, a repeated record and an empty opinion, and a user without review:decide', async () => {
    const code = async (session: Session, variables: Record<string, unknown>) => (await api.graphql(session, BATCH, variables)).errors?.[0]?.extensions.code;
    expect(await code(county, { s: [], o: '同意' })).toBe('BAD_USER_INPUT');
    expect(await code(county, { s: Array.from({ length: 51 }, (_, i) => `occupation-${i}`), o: '同意' })).toBe('BAD_USER_INPUT');
    expect(await code(county, { s: [streams.pastry, streams.pastry], o: '同意' })).toBe('BAD_USER_INPUT');
    expect(await code(county, { s: [streams.pastry], o: '  ' })).toBe('BAD_USER_INPUT');
    expect(await code(nanming, { s: [streams.pastry], o: '同意' })).toBe('FORBIDDEN');
  });
});
