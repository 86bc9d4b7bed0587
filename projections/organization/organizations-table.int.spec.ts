// rm.organizations: the organisation tree, authorities as registered and institutions once
// effective, each row with its path from the root (scope queries match on its prefix).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { institutionDecider } from '../../domain/institution/institution';
import { organizationDecider, type OrganizationInput } from '../../domain/organization/organization';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, institutionDetails } from '../../testing/record-fixtures';
import { findOrganization, organizationAncestors, organizationsProjection } from './organizations-table';

const T = '2026-04-01T02:00:00.000Z';

describe('organisation tree', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([organizationsProjection]);
  });
  afterAll(async () => h?.close());

  /** A province, a prefecture and two counties under it, under ids no other test uses. */
  const registerTree = async () => {
    const tag = randomUUID().slice(0, 8);
    const ids = { province: `p-${tag}`, city: `c-${tag}`, county: `n-${tag}`, otherCounty: `y-${tag}` };
    const register = (orgId: string, input: OrganizationInput) =>
      h.decide(organizationDecider, `organization-${orgId}`, { type: 'RegisterOrganization', orgId, input }, actor('sys-admin', null, T, 'system_admin'));
    await register(ids.province, { name: '贵州省人力资源和社会保障厅', kind: 'province', parentId: null, divisionCode: '520000' });
    await register(ids.city, { name: '贵阳市人力资源和社会保障局', kind: 'prefecture', parentId: ids.province, divisionCode: '520100' });
    await register(ids.county, { name: '南明区人力资源和社会保障局', kind: 'county', parentId: ids.city, divisionCode: '520102' });
    await register(ids.otherCounty, { name: '云岩区人力资源和社会保障局', kind: 'county', parentId: ids.city, divisionCode: '520103' });
    return ids;
  };

  /** An institution registered by a county and approved by the county and the city: effective. */
  const activateInstitution = async (county: string, city: string) => {
    const id = `inst-${randomUUID()}`;
    const stream = `institution-${id}`;
    await h.decide(institutionDecider, stream, { type: 'RegisterInstitution', institutionId: id, details: institutionDetails('阳光职业技能培训学校', county), confirmedWarnings: [] }, actor('registrar', county, T));
    await h.decide(institutionDecider, stream, { type: 'SubmitForReview', authorities: { county, city } }, actor('registrar', county, T));
    await h.decide(institutionDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('county-reviewer', county, T));
    await h.decide(institutionDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('city-reviewer', city, T));
    return id;
  };

  it('places each authority under its parent, with its path from the root and its depth', async () => {
    const ids = await registerTree();
    await h.caughtUp();
    expect(await findOrganization(h.knex, ids.county)).toEqual({
      id: ids.county,
      name: '南明区人力资源和社会保障局',
      kind: 'county',
      parent_id: ids.city,
      division_code: '520102',
      path: `/${ids.province}/${ids.city}/${ids.county}/`,
      depth: 2,
    });
    expect(await findOrganization(h.knex, ids.province)).toMatchObject({ parent_id: null, path: `/${ids.province}/`, depth: 0 });
    expect(await organizationAncestors(h.knex, [ids.otherCounty, 'not-registered'])).toEqual(new Map([[ids.otherCounty, [ids.province, ids.city, ids.otherCounty]]]));
  });

  it('adds an institution only once it is effective, under its supervising authority, with that authority\'s division', async () => {
    const ids = await registerTree();
    const id = `inst-${randomUUID()}`;
    const stream = `institution-${id}`;
    await h.decide(institutionDecider, stream, { type: 'RegisterInstitution', institutionId: id, details: institutionDetails('阳光职业技能培训学校', ids.county), confirmedWarnings: [] }, actor('registrar', ids.county, T));
    await h.decide(institutionDecider, stream, { type: 'SubmitForReview', authorities: { county: ids.county, city: ids.city } }, actor('registrar', ids.county, T));
    await h.decide(institutionDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('county-reviewer', ids.county, T));
    await h.caughtUp();
    // Registered and approved by the county only: not an organisation yet.
    expect(await findOrganization(h.knex, id)).toBeUndefined();

    await h.decide(institutionDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('city-reviewer', ids.city, T));
    await h.caughtUp();
    expect(await findOrganization(h.knex, id)).toEqual({
      id,
      name: '阳光职业技能培训学校',
      kind: 'institution',
      parent_id: ids.county,
      division_code: '520102',
      path: `/${ids.province}/${ids.city}/${ids.county}/${id}/`,
      depth: 3,
    });
  });

  it('renames and moves an institution when an approved change names another supervising authority', async () => {
    const ids = await registerTree();
    const id = await activateInstitution(ids.county, ids.city);
    const stream = `institution-${id}`;
    await h.decide(institutionDecider, stream, { type: 'EditInstitution', details: institutionDetails('金桥职业培训学校', ids.otherCounty), confirmedWarnings: [] }, actor('operator', id, T));
    await h.decide(institutionDecider, stream, { type: 'SubmitForReview', authorities: { county: ids.county, city: ids.city } }, actor('operator', id, T));
    await h.caughtUp();
    // Proposed, not yet applied: where it was.
    expect(await findOrganization(h.knex, id)).toMatchObject({ name: '阳光职业技能培训学校', parent_id: ids.county });

    await h.decide(institutionDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('county-reviewer', ids.county, T));
    await h.decide(institutionDecider, stream, { type: 'ApproveReview', opinion: '同意' }, actor('city-reviewer', ids.city, T));
    await h.caughtUp();
    expect(await findOrganization(h.knex, id)).toEqual({
      id,
      name: '金桥职业培训学校',
      kind: 'institution',
      parent_id: ids.otherCounty,
      division_code: '520103',
      path: `/${ids.province}/${ids.city}/${ids.otherCounty}/${id}/`,
      depth: 3,
    });
  });

  it('holds the same rows when the same events are fed again, and when rebuilt from the log', async () => {
    const ids = await registerTree();
    const institution = await activateInstitution(ids.otherCounty, ids.city);
    await h.caughtUp();
    const rows = () => h.knex('rm.organizations').whereIn('id', [...Object.values(ids), institution]).orderBy('id');
    const before = await rows();
    expect(before).toHaveLength(5);

    await h.replayed();
    expect(await rows()).toEqual(before);
    await h.rebuilt();
    expect(await rows()).toEqual(before);
  });
});
