// rm.trainees (one row per person, personal data only masked or blind-indexed) and its narrow list
// table rm.trainee_list (one row per organisation whose scope the person is in), fed from the
// trainee decider's events; the list rows read the organisation tree, so it is projected too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { organizationDecider, type OrganizationInput } from '../../domain/organization/organization';
import type { CommandContext } from '../../domain/shared/decider';
import { traineeDecider, type TraineeCommand } from '../../domain/trainee/trainee';
import type { TraineePerson } from '../../domain/trainee/trainee-input';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, protectedValue, traineePerson } from '../../testing/record-fixtures';
import { ORGS } from '../../testing/seed';
import { organizationsProjection } from '../organization/organizations-table';
import { traineeListTable, traineesProjection, traineesTable } from './trainees-table';

const T1 = '2026-04-10T01:00:00.000Z';
const T2 = '2026-04-11T01:00:00.000Z';
const T3 = '2026-04-12T01:00:00.000Z';
const T4 = '2026-04-13T01:00:00.000Z';
const schoolA = (now: string) => actor('op-a', ORGS.nanmingSchool, now, 'institution_operator');
const schoolB = (now: string) => actor('op-b', ORGS.yunyanSchool, now, 'institution_operator');
const countyA = (now: string) => actor('rev-a', ORGS.nanming, now, 'reviewer');
const countyB = (now: string) => actor('rev-b', ORGS.yunyan, now, 'reviewer');
const CATEGORIES = ['rural_migrant', 'graduate'];

describe('trainees and the trainee list table', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([organizationsProjection, traineesProjection]);
    const tree: [string, OrganizationInput][] = [
      [ORGS.province, { name: '贵州省人力资源和社会保障厅', kind: 'province', parentId: null, divisionCode: '520000' }],
      [ORGS.guiyang, { name: '贵阳市人力资源和社会保障局', kind: 'prefecture', parentId: ORGS.province, divisionCode: '520100' }],
      [ORGS.nanming, { name: '南明区人力资源和社会保障局', kind: 'county', parentId: ORGS.guiyang, divisionCode: '520102' }],
      [ORGS.yunyan, { name: '云岩区人力资源和社会保障局', kind: 'county', parentId: ORGS.guiyang, divisionCode: '520103' }],
      [ORGS.nanmingSchool, { name: '贵阳市南明区阳光职业技能培训学校', kind: 'institution', parentId: ORGS.nanming, divisionCode: '520102' }],
      [ORGS.yunyanSchool, { name: '贵阳市云岩区金桥职业培训学校', kind: 'institution', parentId: ORGS.yunyan, divisionCode: '520103' }],
    ];
    for (const [orgId, input] of tree) await h.decide(organizationDecider, `organization-${orgId}`, { type: 'RegisterOrganization', orgId, input }, actor('sys-admin', null, T1, 'system_admin'));
  });
  afterAll(async () => h?.close());

  const on = (id: string) => (command: TraineeCommand, context: CommandContext) => h.decide(traineeDecider, `trainee-${id}`, command, context);
  const enter = (id: string, person: TraineePerson, institutionId: string, context: CommandContext) =>
    on(id)({ type: 'EnterTrainee', traineeId: id, person, institution: { institutionId, canOperate: true }, personCategories: CATEGORIES, confirmedWarnings: [] }, context);
  const trainee = (id: string) => traineesTable(h.knex).where({ id }).first();
  const listRows = (id: string) => traineeListTable(h.knex).where({ trainee_id: id }).orderBy('org_id');
  const scopes = async (id: string) => (await listRows(id)).map((r) => [r.org_id, r.direct]);

  /** Entered by school A and approved by its county. */
  const approvedTrainee = async () => {
    const id = randomUUID();
    const person = traineePerson('龙小燕');
    await enter(id, person, ORGS.nanmingSchool, schoolA(T1));
    await on(id)({ type: 'SubmitForReview', authorities: { county: ORGS.nanming } }, schoolA(T1));
    await on(id)({ type: 'ApproveReview', opinion: '同意' }, countyA(T2));
    return { id, person };
  };

  it('holds an entered person, masked, in the scope of the school and every authority above it', async () => {
    const id = randomUUID();
    const person = traineePerson('龙小燕', { bankAccount: protectedValue('6222***********0006') });
    await enter(id, person, ORGS.nanmingSchool, schoolA(T1));
    await h.caughtUp();
    expect(await trainee(id)).toMatchObject({
      id,
      stream_id: `trainee-${id}`,
      name: '龙小燕',
      id_number_bidx: person.idNumber.blindIndex,
      id_number_masked: '520102********1224',
      phone_masked: '138****8000',
      bank_account_masked: '6222***********0006',
      birth_date: '1998-05-06',
      sex: 'female',
      region_code: '520102',
      person_category: 'rural_migrant',
      review_status: 'draft',
      review_authority: null,
      duplicate_entry: false,
      created_at: T1,
      updated_at: T1,
    });
    const values = { trainee_id: id, updated_at: T1, review_status: 'draft', person_category: 'rural_migrant', duplicate_entry: false };
    expect(await listRows(id)).toEqual([
      { ...values, org_id: ORGS.province, direct: false },
      { ...values, org_id: ORGS.guiyang, direct: false },
      { ...values, org_id: ORGS.nanming, direct: false },
      { ...values, org_id: ORGS.nanmingSchool, direct: true },
    ]);
  });

  it('follows the review: pending at the county, then approved, in the row and in every list row', async () => {
    const id = randomUUID();
    await enter(id, traineePerson('龙小燕'), ORGS.nanmingSchool, schoolA(T1));
    await on(id)({ type: 'SubmitForReview', authorities: { county: ORGS.nanming } }, schoolA(T1));
    await h.caughtUp();
    expect(await trainee(id)).toMatchObject({ review_status: 'pending', review_authority: ORGS.nanming });
    expect(new Set((await listRows(id)).map((r) => r.review_status))).toEqual(new Set(['pending']));

    await on(id)({ type: 'ApproveReview', opinion: '同意' }, countyA(T2));
    await h.caughtUp();
    expect(await trainee(id)).toMatchObject({ review_status: 'approved', review_authority: null, created_at: T1, updated_at: T2 });
    expect(new Set((await listRows(id)).map((r) => `${r.review_status} ${r.updated_at}`))).toEqual(new Set([`approved ${T2}`]));
  });

  it('puts a second school\'s entry of the same person in no new scope until its county approves it', async () => {
    const { id, person } = await approvedTrainee();
    await enter(id, { ...person, phone: protectedValue('139****0000') }, ORGS.yunyanSchool, schoolB(T3));
    await h.caughtUp();
    expect(await trainee(id)).toMatchObject({ duplicate_entry: true, review_status: 'draft' });
    expect(await scopes(id)).toEqual([
      [ORGS.province, false],
      [ORGS.guiyang, false],
      [ORGS.nanming, false],
      [ORGS.nanmingSchool, true],
    ]);

    await on(id)({ type: 'SubmitForReview', authorities: { county: ORGS.yunyan } }, schoolB(T3));
    await on(id)({ type: 'ApproveReview', opinion: '同意' }, countyB(T4));
    await h.caughtUp();
    expect(await scopes(id)).toEqual([
      [ORGS.province, false],
      [ORGS.guiyang, false],
      [ORGS.nanming, false],
      [ORGS.yunyan, false],
      [ORGS.nanmingSchool, true],
      [ORGS.yunyanSchool, true],
    ]);
    for (const row of await listRows(id)) expect(row).toMatchObject({ review_status: 'approved', duplicate_entry: true, updated_at: T4 });
  });

  it('keeps the approved details until a proposed change is approved', async () => {
    const { id, person } = await approvedTrainee();
    await on(id)({ type: 'UpdateTrainee', person: { ...person, name: '龙晓燕', personCategory: 'graduate' }, personCategories: CATEGORIES, confirmedWarnings: [] }, schoolA(T3));
    await on(id)({ type: 'SubmitForReview', authorities: { county: ORGS.nanming } }, schoolA(T3));
    await h.caughtUp();
    expect(await trainee(id)).toMatchObject({ name: '龙小燕', person_category: 'rural_migrant', review_status: 'pending' });

    await on(id)({ type: 'ApproveReview', opinion: '同意' }, countyA(T4));
    await h.caughtUp();
    expect(await trainee(id)).toMatchObject({ name: '龙晓燕', person_category: 'graduate', review_status: 'approved' });
    expect(new Set((await listRows(id)).map((r) => r.person_category))).toEqual(new Set(['graduate']));
  });

  it('holds the same rows when the same events are fed again, and when rebuilt from the log', async () => {
    const { id, person } = await approvedTrainee();
    await enter(id, { ...person }, ORGS.yunyanSchool, schoolB(T3));
    const draft = randomUUID();
    await enter(draft, traineePerson('吴小芳'), ORGS.yunyanSchool, schoolB(T1));
    await h.caughtUp();
    const rows = async () => ({
      trainees: await traineesTable(h.knex).whereIn('id', [id, draft]).orderBy('id'),
      list: await traineeListTable(h.knex).whereIn('trainee_id', [id, draft]).orderBy(['trainee_id', 'org_id']),
    });
    const before = await rows();
    expect(before.trainees).toHaveLength(2);
    expect(before.list).toHaveLength(8);

    await h.replayed();
    expect(await rows()).toEqual(before);
    await h.rebuilt();
    expect(await rows()).toEqual(before);
  });
});
