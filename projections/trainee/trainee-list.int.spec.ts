// The trainees projection's narrow list table: one row per organisation whose scope a person is in
// (each institution holding rights over them and every authority above it), rewritten with the person's
// row in the same transaction, so it always agrees with it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';

const ENTER = `mutation($i: TraineeInput!, $submit: Boolean) { enterTrainee(input: $i, submit: $submit) { id position } }`;
const person = { name: '龙小燕', idNumber: '520102199805061224', personCategory: 'rural_migrant', phone: '13800138000', bankAccount: '' };

describe('trainee list table', () => {
  let api: ApiHarness;
  let nanming: Session;
  let yunyan: Session;
  let nanmingCounty: Session;
  let yunyanCounty: Session;

  beforeAll(async () => {
    api = await startApiHarness();
    [nanming, yunyan, nanmingCounty, yunyanCounty] = await Promise.all([api.login('nanmingSchool'), api.login('yunyanSchool'), api.login('nanmingReviewer'), api.login('yunyanReviewer')]);
  });
  afterAll(async () => api.close());

  const listRows = () =>
    api.platform.knex('rm.trainee_list').orderBy('org_id').select('trainee_id', 'org_id', 'direct', 'updated_at', 'review_status', 'person_category', 'duplicate_entry');
  const traineeRow = (id: string) => api.platform.knex('rm.trainees').where({ id }).first('updated_at', 'review_status', 'duplicate_entry');
  const caughtUp = async (position: string) => expect(await api.platform.runner.waitFor(BigInt(position), undefined, 15_000)).toBe(true);

  it('holds a row per enrolment that follows the person through review and a second institution', async () => {
    const entered = await api.graphql<{ enterTrainee: { id: string; position: string } }>(nanming, ENTER, { i: person, submit: true });
    expect(entered.errors).toBeUndefined();
    const id = entered.data!.enterTrainee.id;
    await caughtUp(entered.data!.enterTrainee.position);
    let row = await traineeRow(id);
    const values = { trainee_id: id, updated_at: row.updated_at, review_status: 'pending', person_category: 'rural_migrant', duplicate_entry: false };
    // The school, its county, the city and the province.
    expect(await listRows()).toEqual([
      { ...values, org_id: 'auth-520000', direct: false },
      { ...values, org_id: 'auth-520100', direct: false },
      { ...values, org_id: 'auth-520102', direct: false },
      { ...values, org_id: 'inst-nanming-1', direct: true },
    ]);

    const approved = await api.graphql<{ approveReview: { position: string } }>(nanmingCounty, 'mutation($s: String!) { approveReview(streamId: $s, opinion: "同意") { position } }', { s: `trainee-${id}` }, { 'x-read-after-position': entered.data!.enterTrainee.position });
    expect(approved.errors).toBeUndefined();
    await caughtUp(approved.data!.approveReview.position);
    row = await traineeRow(id);
    expect(new Set((await listRows()).map((r) => `${r.review_status} ${r.updated_at}`))).toEqual(new Set([`approved ${row.updated_at}`]));

    const second = await api.graphql<{ enterTrainee: { id: string; position: string } }>(yunyan, ENTER, { i: person, submit: true });
    expect(second.data!.enterTrainee.id).toBe(id);
    await caughtUp(second.data!.enterTrainee.position);
    // A second institution's entry waiting for review puts the person in nobody else's scope yet.
    expect((await listRows()).map((r) => [r.org_id, r.direct])).toEqual([
      ['auth-520000', false],
      ['auth-520100', false],
      ['auth-520102', false],
      ['inst-nanming-1', true],
    ]);
    const linked = await api.graphql<{ approveReview: { position: string } }>(yunyanCounty, 'mutation($s: String!) { approveReview(streamId: $s, opinion: "同意") { position } }', { s: `trainee-${id}` }, { 'x-read-after-position': second.data!.enterTrainee.position });
    expect(linked.errors).toBeUndefined();
    await caughtUp(linked.data!.approveReview.position);
    row = await traineeRow(id);
    const rows = await listRows();
    // One row per organisation, even where both schools share it (the city, the province).
    expect(rows.map((r) => [r.org_id, r.direct])).toEqual([
      ['auth-520000', false],
      ['auth-520100', false],
      ['auth-520102', false],
      ['auth-520103', false],
      ['inst-nanming-1', true],
      ['inst-yunyan-1', true],
    ]);
    // Every row carries the person's current values, whichever institution it is for.
    for (const r of rows) expect(r).toMatchObject({ trainee_id: id, updated_at: row.updated_at, review_status: row.review_status, duplicate_entry: true });
  });

  it('reuses a list total only while the read model stays at the position it was counted at', async () => {
    const total = async () => (await api.graphql<{ trainees: { total: number } }>(nanmingCounty, '{ trainees { total } }')).data!.trainees.total;
    const first = await total();
    // A row the projection did not write leaves the position where it was: the total is not recounted.
    await api.platform.knex('rm.trainee_list').insert({ trainee_id: 'not-a-person', org_id: 'auth-520102', direct: false, updated_at: '2020-01-01T00:00:00Z', review_status: 'draft', person_category: 'other', duplicate_entry: false });
    expect(await total()).toBe(first);
    // A new event moves it: the next total is counted again (and sees both).
    const entered = await api.graphql<{ enterTrainee: { position: string } }>(nanming, ENTER, { i: { ...person, name: '吴小芳', idNumber: '52010219900101123X' } });
    expect(entered.errors).toBeUndefined();
    await caughtUp(entered.data!.enterTrainee.position);
    expect(await total()).toBe(first + 2);
  });
});
