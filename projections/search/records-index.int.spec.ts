// The records search index (search_records): a document per record, built from the read models,
// carrying the organisations that hold the record and all their ancestors, so that a search is
// filtered by data scope inside the engine. Here on the Postgres search engine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { institutionDecider } from '../../domain/institution/institution';
import { organizationDecider, type OrganizationInput } from '../../domain/organization/organization';
import { traineeDecider } from '../../domain/trainee/trainee';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, institutionDetails, traineePerson } from '../../testing/record-fixtures';
import { institutionSearch } from '../institution/institution-search';
import { institutionsProjection } from '../institution/institutions-table';
import { occupationSearch } from '../occupation/occupation-search';
import { occupationsProjection } from '../occupation/occupations-table';
import { organizationsProjection } from '../organization/organizations-table';
import { teacherSearch } from '../teacher/teacher-search';
import { teachersProjection } from '../teacher/teachers-table';
import { traineeSearch } from '../trainee/trainee-search';
import { traineesProjection } from '../trainee/trainees-table';
import { createPostgresSearchEngine } from './postgres/postgres-search-engine';
import { RECORDS_INDEX, recordsSearchProjection } from './records-index';
import type { SearchDocument } from './search-port';

const T1 = '2026-08-01T01:00:00.000Z';
const T2 = '2026-08-02T01:00:00.000Z';
const T3 = '2026-08-03T01:00:00.000Z';
const PROVINCE = 'auth-520000';
const sysAdmin = actor('sys-admin', null, T1, 'system_admin');

describe('records search index', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness(
      [organizationsProjection, occupationsProjection, institutionsProjection, traineesProjection, teachersProjection, recordsSearchProjection([occupationSearch, institutionSearch, traineeSearch, teacherSearch])],
      { search: (url) => createPostgresSearchEngine({ connectionString: url }) },
    );
    await h.decide(organizationDecider, `organization-${PROVINCE}`, { type: 'RegisterOrganization', orgId: PROVINCE, input: { name: '贵州省人力资源和社会保障厅', kind: 'province', parentId: null, divisionCode: '520000' } }, sysAdmin);
  });
  afterAll(async () => h?.close());

  /** A city, a county and two schools under it, under ids no other test uses: a filter on them finds only this test's records. */
  const subtree = async () => {
    const tag = randomUUID().slice(0, 8);
    const ids = { city: `c-${tag}`, county: `n-${tag}`, schoolA: `sa-${tag}`, schoolB: `sb-${tag}` };
    const register = (orgId: string, input: OrganizationInput) => h.decide(organizationDecider, `organization-${orgId}`, { type: 'RegisterOrganization', orgId, input }, sysAdmin);
    await register(ids.city, { name: '贵阳市人力资源和社会保障局', kind: 'prefecture', parentId: PROVINCE, divisionCode: '520100' });
    await register(ids.county, { name: '南明区人力资源和社会保障局', kind: 'county', parentId: ids.city, divisionCode: '520102' });
    await register(ids.schoolA, { name: '阳光职业技能培训学校', kind: 'institution', parentId: ids.county, divisionCode: '520102' });
    await register(ids.schoolB, { name: '金桥职业培训学校', kind: 'institution', parentId: ids.county, divisionCode: '520102' });
    return ids;
  };
  const documents = async (filter: Record<string, string>) =>
    (await h.search!.search<SearchDocument>(RECORDS_INDEX.name, { filter, sort: [{ attribute: 'updated_at', direction: 'asc' }], limit: 100 })).hits.map((d) => ({ ...d })).sort((a, b) => String(a.id).localeCompare(String(b.id)));

  it('indexes an institution under its supervising authority while in registration, and under itself once effective', async () => {
    const ids = await subtree();
    const id = `inst-${randomUUID()}`;
    const stream = `institution-${id}`;
    const details = institutionDetails('花果园职业技能培训学校', ids.county);
    await h.decide(institutionDecider, stream, { type: 'RegisterInstitution', institutionId: id, details, confirmedWarnings: [] }, actor('registrar', ids.county, T1));
    await h.caughtUp();
    expect(await documents({ owner_orgs: ids.county })).toEqual([
      {
        id: stream,
        module: 'institution',
        title: '花果园职业技能培训学校',
        subtitle: '贵阳市南明区花果园R1区 · 中式烹调师',
        keywords: ['贵阳市南明区花果园', '贵阳市南明区花果园R1区', '王建国', '李娜', '中式烹调师'],
        codes: ['52520102MJ0000000X', '教民152010270001', '4-03-02-01'],
        status: 'draft',
        owner_orgs: [ids.county],
        scope_path: [PROVINCE, ids.city, ids.county],
        created_by: null,
        updated_at: T1,
      },
    ]);

    await h.decide(institutionDecider, stream, { type: 'SubmitForReview', authorities: { county: ids.county, city: ids.city } }, actor('registrar', ids.county, T1));
    await h.decide(institutionDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('county-reviewer', ids.county, T2));
    await h.decide(institutionDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('city-reviewer', ids.city, T2));
    await h.caughtUp();
    expect(await documents({ owner_orgs: ids.county })).toEqual([]);
    expect(await documents({ owner_orgs: id })).toMatchObject([{ id: stream, status: 'active', owner_orgs: [id], scope_path: [PROVINCE, ids.city, ids.county, id], updated_at: T2 }]);
  });

  it('finds a trainee in the scope of each school holding rights and the authorities above, not of a school whose entry waits for review', async () => {
    const ids = await subtree();
    const id = randomUUID();
    const stream = `trainee-${id}`;
    const person = traineePerson('龙小燕');
    const enter = (schoolId: string, now: string) =>
      h.decide(traineeDecider, stream, { type: 'EnterTrainee', traineeId: id, person, institution: { institutionId: schoolId, canOperate: true }, personCategories: ['rural_migrant'], confirmedWarnings: [] }, actor(`op-${schoolId}`, schoolId, now));
    await enter(ids.schoolA, T1);
    await h.decide(traineeDecider, stream, { type: 'SubmitForReview', authorities: { county: ids.county } }, actor(`op-${ids.schoolA}`, ids.schoolA, T1));
    await h.decide(traineeDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('county-reviewer', ids.county, T2));
    await enter(ids.schoolB, T3);
    await h.caughtUp();
    const expected = {
      id: stream,
      module: 'trainee',
      title: '龙小燕',
      subtitle: '520102********1224 · 520102',
      keywords: [],
      codes: [],
      status: 'draft',
      owner_orgs: [ids.schoolA],
      scope_path: [PROVINCE, ids.city, ids.county, ids.schoolA],
      created_by: null,
      updated_at: T3,
    };
    expect(await documents({ scope_path: ids.county })).toEqual([expected]);
    expect(await documents({ scope_path: ids.schoolB })).toEqual([]);

    await h.decide(traineeDecider, stream, { type: 'SubmitForReview', authorities: { county: ids.county } }, actor(`op-${ids.schoolB}`, ids.schoolB, T3));
    await h.decide(traineeDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('county-reviewer', ids.county, T3));
    await h.caughtUp();
    expect(await documents({ scope_path: ids.schoolB })).toEqual([
      { ...expected, status: 'approved', owner_orgs: [ids.schoolA, ids.schoolB], scope_path: [PROVINCE, ids.city, ids.county, ids.schoolA, ids.schoolB] },
    ]);
  });

  it('holds the same documents when the same events are fed again, and when rebuilt from the log', async () => {
    const ids = await subtree();
    const institution = `inst-${randomUUID()}`;
    await h.decide(institutionDecider, `institution-${institution}`, { type: 'RegisterInstitution', institutionId: institution, details: institutionDetails('云岩职业培训学校', ids.county), confirmedWarnings: [] }, actor('registrar', ids.county, T1));
    const trainee = randomUUID();
    await h.decide(traineeDecider, `trainee-${trainee}`, { type: 'EnterTrainee', traineeId: trainee, person: traineePerson('吴小芳'), institution: { institutionId: ids.schoolA, canOperate: true }, personCategories: ['rural_migrant'], confirmedWarnings: [] }, actor('op', ids.schoolA, T2));
    await h.caughtUp();
    const inScope = () => documents({ scope_path: ids.city });
    const before = await inScope();
    expect(before.map((d) => d.module)).toEqual(['institution', 'trainee']);

    await h.replayed();
    expect(await inScope()).toEqual(before);
    await h.rebuilt();
    expect(await inScope()).toEqual(before);
  });
});
