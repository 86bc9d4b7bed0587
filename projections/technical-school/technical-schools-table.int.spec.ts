// rm.technical_schools and the organisation tree from the technical-school decider's events: a
// school is an organisation under its authority from its creation; a change waits in `pending`
// until approved, then renames the school in the tree; the same rows after replay and rebuild. And
// rm.school_windows from the time-window decider's events.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { organizationDecider, type OrganizationInput } from '../../domain/organization/organization';
import { schoolWindowDecider } from '../../domain/school-window/school-window';
import { technicalSchoolDecider, type TechnicalSchoolCommand } from '../../domain/technical-school/technical-school';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor } from '../../testing/record-fixtures';
import { ORGS } from '../../testing/seed';
import { testSchoolInfo } from '../../testing/technical-school';
import { findOrganization, organizationsProjection } from '../organization/organizations-table';
import { schoolWindowsProjection, schoolWindowsTable } from '../school-window/school-windows-table';
import { technicalSchoolsProjection, technicalSchoolsTable } from './technical-schools-table';

const T1 = '2026-08-01T01:00:00.000Z';
const T2 = '2026-08-02T01:00:00.000Z';
const T3 = '2026-08-03T01:00:00.000Z';
const SCHOOL = 'school-projection-1';

describe('technical schools, the tree and the time windows', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([organizationsProjection, technicalSchoolsProjection, schoolWindowsProjection]);
    const tree: [string, OrganizationInput][] = [
      [ORGS.province, { name: '贵州省人力资源和社会保障厅', kind: 'province', parentId: null, divisionCode: '520000' }],
      [ORGS.guiyang, { name: '贵阳市人力资源和社会保障局', kind: 'prefecture', parentId: ORGS.province, divisionCode: '520100' }],
    ];
    for (const [orgId, input] of tree) await h.decide(organizationDecider, `organization-${orgId}`, { type: 'RegisterOrganization', orgId, input }, actor('sys', null, T1, 'system_admin'));
  });
  afterAll(async () => h?.close());
  const on = (command: TechnicalSchoolCommand, context = actor('op-city', ORGS.guiyang, T1)) => h.decide(technicalSchoolDecider, `technical-school-${SCHOOL}`, command, context);
  const snapshot = async () => ({
    school: await technicalSchoolsTable(h.knex).where({ id: SCHOOL }).first(),
    org: await findOrganization(h.knex, SCHOOL),
    windows: await schoolWindowsTable(h.knex).orderBy('kind'),
  });

  it('projects a created school, a pending change, its approval and the windows, the same after replay and rebuild', async () => {
    await on({ type: 'CreateTechnicalSchool', schoolId: SCHOOL, authorityId: ORGS.guiyang, creation: { code: '52001', divisionCode: '520100', info: testSchoolInfo('贵阳市技师学院') } });
    await h.caughtUp();
    expect(await findOrganization(h.knex, SCHOOL)).toMatchObject({ name: '贵阳市技师学院', kind: 'school', parent_id: ORGS.guiyang, division_code: '520100', depth: 2 });
    expect(await technicalSchoolsTable(h.knex).where({ id: SCHOOL }).first()).toMatchObject({ authority_id: ORGS.guiyang, code: '52001', name: '贵阳市技师学院', level: 'technician_college', pending: null, review_status: 'approved', created_by: 'op-city', created_at: T1 });

    const school = actor('op-school', SCHOOL, T2);
    await on({ type: 'ProposeSchoolInfo', info: testSchoolInfo('贵阳技师学院') }, school);
    await on({ type: 'SubmitForReview', authorities: { city: ORGS.guiyang, province: ORGS.province } }, school);
    await h.caughtUp();
    expect(await technicalSchoolsTable(h.knex).where({ id: SCHOOL }).first()).toMatchObject({ name: '贵阳市技师学院', pending: { name: '贵阳技师学院' }, review_status: 'pending', review_level: 'city', review_authority: ORGS.guiyang });
    await on({ type: 'ApproveReview', opinion: '同意' }, actor('rev-city', ORGS.guiyang, T3));
    await on({ type: 'ApproveReview', opinion: '同意' }, actor('rev-prov', ORGS.province, T3));
    await h.decide(schoolWindowDecider, `school-window-${ORGS.guiyang}`, { type: 'OpenSchoolWindow', authorityId: ORGS.guiyang, window: { kind: 'registration', from: '2026-09-01', to: '2026-10-31', note: '秋季' } }, actor('op-city', ORGS.guiyang, T3));
    await h.decide(schoolWindowDecider, `school-window-${ORGS.guiyang}`, { type: 'CloseSchoolWindow', authorityId: ORGS.guiyang, kind: 'registration', reason: '' }, actor('op-city', ORGS.guiyang, '2026-09-20T01:00:00.000Z'));
    await h.caughtUp();
    const after = await snapshot();
    expect(after.school).toMatchObject({ name: '贵阳技师学院', pending: null, review_status: 'approved', updated_at: T3 });
    expect(after.org).toMatchObject({ name: '贵阳技师学院', kind: 'school', parent_id: ORGS.guiyang, division_code: '520100' });
    expect(after.windows).toEqual([{ authority_id: ORGS.guiyang, kind: 'registration', from_date: '2026-09-01', to_date: '2026-10-31', note: '秋季', closed_on: '2026-09-20', updated_by: 'op-city', updated_at: '2026-09-20T01:00:00.000Z' }]);

    await h.replayed();
    expect(await snapshot()).toEqual(after);
    await h.rebuilt();
    expect(await snapshot()).toEqual(after);
  });
});
