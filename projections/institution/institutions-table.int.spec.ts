// rm.institutions: one row per institution, the details in force (the draft before the first
// approval) with the review's level and authority, the lifecycle, and the data scope it is seen in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { institutionDecider, type InstitutionCommand } from '../../domain/institution/institution';
import type { CommandContext } from '../../domain/shared/decider';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, institutionDetails } from '../../testing/record-fixtures';
import { institutionsProjection, institutionsTable } from './institutions-table';

const COUNTY = 'auth-520102';
const CITY = 'auth-520100';
const T1 = '2026-02-02T01:00:00.000Z';
const T2 = '2026-02-03T01:00:00.000Z';
const T3 = '2026-02-04T01:00:00.000Z';
const T4 = '2026-02-05T01:00:00.000Z';
const registrar = (now: string) => actor('registrar', COUNTY, now, 'authority_operator');
const countyReviewer = (now: string) => actor('county-reviewer', COUNTY, now, 'reviewer');
const cityReviewer = (now: string) => actor('city-reviewer', CITY, now, 'reviewer');

describe('institutions', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([institutionsProjection]);
  });
  afterAll(async () => h?.close());

  const on = (id: string) => (command: InstitutionCommand, context: CommandContext) => h.decide(institutionDecider, `institution-${id}`, command, context);
  const row = (id: string) => institutionsTable(h.knex).where({ id }).first();
  const register = async (validUntil = '2030-12-31') => {
    const id = `inst-${randomUUID()}`;
    const details = institutionDetails('阳光职业技能培训学校', COUNTY, { validUntil });
    await on(id)({ type: 'RegisterInstitution', institutionId: id, details, confirmedWarnings: [] }, registrar(T1));
    return { id, details };
  };
  const activate = async (id: string) => {
    await on(id)({ type: 'SubmitForReview', authorities: { county: COUNTY, city: CITY } }, registrar(T1));
    await on(id)({ type: 'ApproveReview', opinion: '同意' }, countyReviewer(T2));
    await on(id)({ type: 'ApproveReview', opinion: '同意' }, cityReviewer(T3));
  };

  it('follows a registration through two review levels until it is effective and seen in its own scope', async () => {
    const { id, details } = await register();
    await h.caughtUp();
    expect(await row(id)).toMatchObject({
      id,
      stream_id: `institution-${id}`,
      name: '阳光职业技能培训学校',
      supervising_authority_id: COUNTY,
      // Not an organisation yet: seen in its supervising authority's scope.
      scope_org_id: COUNTY,
      registered_by_org_id: COUNTY,
      lifecycle: 'draft',
      nature: 'private',
      category: 'ordinary',
      designated: true,
      valid_until: '2030-12-31',
      credit_code: '52520102MJ0000000X',
      legal_person_id_number_bidx: details.legalPersonIdNumber.blindIndex,
      phone_bidx: details.phone.blindIndex,
      review_status: 'draft',
      review_level: null,
      review_authority: null,
      version: 0,
      registered_at: T1,
      updated_at: T1,
    });

    await on(id)({ type: 'SubmitForReview', authorities: { county: COUNTY, city: CITY } }, registrar(T1));
    await h.caughtUp();
    expect(await row(id)).toMatchObject({ review_status: 'pending', review_level: 'county', review_authority: COUNTY });
    await on(id)({ type: 'ApproveReview', opinion: '同意' }, countyReviewer(T2));
    await h.caughtUp();
    expect(await row(id)).toMatchObject({ review_status: 'pending', review_level: 'city', review_authority: CITY, lifecycle: 'draft', updated_at: T2 });

    await on(id)({ type: 'ApproveReview', opinion: '同意' }, cityReviewer(T3));
    await h.caughtUp();
    expect(await row(id)).toMatchObject({
      scope_org_id: id,
      lifecycle: 'active',
      review_status: 'approved',
      review_level: null,
      review_authority: null,
      version: 1,
      registered_at: T1,
      updated_at: T3,
    });
  });

  it('keeps showing the details in force while a change waits for review, and the new ones once approved', async () => {
    const { id } = await register();
    await activate(id);
    const changed = institutionDetails('阳光职业技能培训学校（花果园校区）', COUNTY, { designated: false, validUntil: '2031-06-30' });
    await on(id)({ type: 'EditInstitution', details: changed, confirmedWarnings: [] }, actor('operator', id, T4));
    await on(id)({ type: 'SubmitForReview', authorities: { county: COUNTY, city: CITY } }, actor('operator', id, T4));
    await h.caughtUp();
    expect(await row(id)).toMatchObject({ name: '阳光职业技能培训学校', designated: true, valid_until: '2030-12-31', review_status: 'pending', review_authority: COUNTY, version: 1 });

    await on(id)({ type: 'ApproveReview', opinion: '同意' }, countyReviewer(T4));
    await on(id)({ type: 'ApproveReview', opinion: '同意' }, cityReviewer(T4));
    await h.caughtUp();
    expect(await row(id)).toMatchObject({
      name: '阳光职业技能培训学校（花果园校区）',
      designated: false,
      valid_until: '2031-06-30',
      phone_bidx: changed.phone.blindIndex,
      review_status: 'approved',
      version: 2,
      scope_org_id: id,
    });
  });

  it('shows an institution suspended when its licence expired, and revoked', async () => {
    const { id } = await register('2026-03-31');
    await activate(id);
    await on(id)({ type: 'CheckLicence' }, actor('licence-job', null, '2026-04-02T01:00:00.000Z', 'system'));
    await h.caughtUp();
    expect(await row(id)).toMatchObject({ lifecycle: 'suspended', updated_at: '2026-04-02T01:00:00.000Z' });
    await on(id)({ type: 'RevokeInstitution', reason: '许可证过期未续' }, actor('county-head', COUNTY, '2026-05-01T01:00:00.000Z'));
    await h.caughtUp();
    expect(await row(id)).toMatchObject({ lifecycle: 'revoked', scope_org_id: id });
  });

  it('holds the same rows when the same events are fed again, and when rebuilt from the log', async () => {
    const draft = await register();
    const effective = await register();
    await activate(effective.id);
    await h.caughtUp();
    const rows = () => institutionsTable(h.knex).whereIn('id', [draft.id, effective.id]).orderBy('id');
    const before = await rows();
    expect(before).toHaveLength(2);

    await h.replayed();
    expect(await rows()).toEqual(before);
    await h.rebuilt();
    expect(await rows()).toEqual(before);
  });
});
