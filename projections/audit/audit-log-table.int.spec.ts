// rm.audit_log: one row per event of every stream, with who, when, from where, a short summary
// (the opinion, reason, note or username the event carries) and whether it belongs to the security log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { userDecider } from '../../domain/identity/user';
import { institutionDecider } from '../../domain/institution/institution';
import { personalDataViewed } from '../../domain/personal-data/personal-data-viewed';
import { testMetadata } from '../../testing/events';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, institutionDetails } from '../../testing/record-fixtures';
import { auditLogProjection, auditLogTable } from './audit-log-table';

const T1 = '2026-05-11T01:00:00.000Z';
const T2 = '2026-05-11T02:00:00.000Z';
const T3 = '2026-05-12T03:00:00.000Z';

describe('audit log', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([auditLogProjection]);
  });
  afterAll(async () => h?.close());

  /** A registration returned by its county, the legal person's ID number shown to a reviewer, and a new user. */
  const story = async () => {
    const institutionId = `inst-${randomUUID()}`;
    const institution = `institution-${institutionId}`;
    await h.decide(institutionDecider, institution, { type: 'RegisterInstitution', institutionId, details: institutionDetails('阳光职业技能培训学校', 'auth-520102'), confirmedWarnings: [] }, actor('registrar', 'auth-520102', T1, 'authority_operator'));
    await h.decide(institutionDecider, institution, { type: 'SubmitForReview', authorities: { county: 'auth-520102', city: 'auth-520100' }, note: '请审核' }, actor('registrar', 'auth-520102', T1, 'authority_operator'));
    await h.decide(institutionDecider, institution, { type: 'ReturnReview', reason: '请补充培训场地证明材料' }, actor('county-reviewer', 'auth-520102', T2, 'reviewer'));
    const views = `personal-data-${institution}`;
    await h.append(views, [
      {
        id: randomUUID(),
        ...personalDataViewed({ recordStreamId: institution, field: 'legalPersonIdNumber', kind: 'idNumber', reason: '核对法人身份' }),
        metadata: testMetadata({ actorId: 'county-reviewer', actorRole: 'reviewer', actorOrgId: 'auth-520102', occurredAt: T2, ip: '10.0.0.8' }),
      },
    ]);
    const userId = randomUUID();
    const user = `user-${userId}`;
    await h.decide(userDecider, user, { type: 'CreateUser', userId, input: { username: `clerk${userId.slice(0, 8)}`, displayName: '杨丽', orgId: institutionId, roles: ['institution_operator'] }, roleDuties: { institution_operator: 'business' } }, actor('sys-admin', 'auth-520000', T3, 'system_admin'));
    return { institution, views, user, username: `clerk${userId.slice(0, 8)}` };
  };
  const rowsOf = (streams: string[]) => auditLogTable(h.knex).whereIn('stream_id', streams).orderBy('position');

  it('holds a row per event, in log order, with its actor, time, summary and security flag', async () => {
    const { institution, views, user, username } = await story();
    await h.caughtUp();
    const events = (await Promise.all([institution, views, user].map((s) => h.store.readStream(s)))).flat().sort((a, b) => (a.position < b.position ? -1 : 1));
    const rows = await rowsOf([institution, views, user]);
    expect(rows.map((r) => [r.position, r.event_id, r.correlation_id])).toEqual(events.map((e) => [e.position.toString(), e.id, e.metadata.correlationId]));
    expect(rows.map(({ stream_id, revision, type, actor_id, actor_role, actor_org_id, ip, occurred_at, summary, security }) => ({ stream_id, revision, type, actor_id, actor_role, actor_org_id, ip, occurred_at, summary, security }))).toEqual([
      { stream_id: institution, revision: 0, type: 'InstitutionRegistered', actor_id: 'registrar', actor_role: 'authority_operator', actor_org_id: 'auth-520102', ip: '127.0.0.1', occurred_at: T1, summary: '', security: false },
      { stream_id: institution, revision: 1, type: 'ReviewSubmitted', actor_id: 'registrar', actor_role: 'authority_operator', actor_org_id: 'auth-520102', ip: '127.0.0.1', occurred_at: T1, summary: '请审核', security: false },
      { stream_id: institution, revision: 2, type: 'ReviewReturned', actor_id: 'county-reviewer', actor_role: 'reviewer', actor_org_id: 'auth-520102', ip: '127.0.0.1', occurred_at: T2, summary: '请补充培训场地证明材料', security: false },
      { stream_id: views, revision: 0, type: 'PersonalDataViewed', actor_id: 'county-reviewer', actor_role: 'reviewer', actor_org_id: 'auth-520102', ip: '10.0.0.8', occurred_at: T2, summary: '核对法人身份', security: true },
      { stream_id: user, revision: 0, type: 'UserCreated', actor_id: 'sys-admin', actor_role: 'system_admin', actor_org_id: 'auth-520000', ip: '127.0.0.1', occurred_at: T3, summary: username, security: true },
    ]);
  });

  it('cuts a long summary at 500 characters', async () => {
    const stream = `occupation-${randomUUID()}`;
    await h.append(stream, [{ id: randomUUID(), type: 'ReviewReturned', data: { round: 1, level: 'county', reason: '补'.repeat(800), attachments: [] }, metadata: testMetadata() }]);
    await h.caughtUp();
    const [row] = await rowsOf([stream]);
    expect(row!.summary).toBe('补'.repeat(500));
  });

  it('holds the same rows when the same events are fed again, and when rebuilt from the log', async () => {
    const { institution, views, user } = await story();
    await h.caughtUp();
    const before = await rowsOf([institution, views, user]);
    expect(before).toHaveLength(5);

    await h.replayed();
    expect(await rowsOf([institution, views, user])).toEqual(before);
    await h.rebuilt();
    expect(await rowsOf([institution, views, user])).toEqual(before);
  });
});
