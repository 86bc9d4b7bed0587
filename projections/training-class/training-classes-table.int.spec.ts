// rm.training_classes and its narrow tables, fed from the training class decider's events: the
// list rows (the class in the scope of its institution and every authority above it), the people
// with their sessions (busy times, subsidised history), the certificates and the follow-ups; the
// same rows after the log is fed again and after a rebuild.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { organizationDecider, type OrganizationInput } from '../../domain/organization/organization';
import { COMPLETED_ON, completedClass, declared, details } from '../../domain/training-class/spec-fixtures';
import type { TrainingClassEvent } from '../../domain/training-class/events';
import { testMetadata } from '../../testing/events';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor } from '../../testing/record-fixtures';
import { ORGS } from '../../testing/seed';
import { organizationsProjection } from '../organization/organizations-table';
import { trainingClassEntries, overdueFollowUpsQuery, personSessions } from './training-class-list';
import {
  trainingClassCertificatesTable,
  trainingClassesProjection,
  trainingClassesTable,
  trainingClassFollowUpsTable,
  trainingClassListTable,
  trainingClassPeopleTable,
} from './training-classes-table';
import { dataScope } from '../organization/data-scope';

const T1 = '2026-03-01T01:00:00.000Z';

describe('training classes and their narrow tables', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([organizationsProjection, trainingClassesProjection]);
    const tree: [string, OrganizationInput][] = [
      [ORGS.province, { name: '贵州省人力资源和社会保障厅', kind: 'province', parentId: null, divisionCode: '520000' }],
      [ORGS.guiyang, { name: '贵阳市人力资源和社会保障局', kind: 'prefecture', parentId: ORGS.province, divisionCode: '520100' }],
      [ORGS.nanming, { name: '南明区人力资源和社会保障局', kind: 'county', parentId: ORGS.guiyang, divisionCode: '520102' }],
      [ORGS.yunyan, { name: '云岩区人力资源和社会保障局', kind: 'county', parentId: ORGS.guiyang, divisionCode: '520103' }],
      ['inst-1', { name: '南明区阳光职业技能培训学校', kind: 'institution', parentId: ORGS.nanming, divisionCode: '520102' }],
    ];
    for (const [orgId, input] of tree) await h.decide(organizationDecider, `organization-${orgId}`, { type: 'RegisterOrganization', orgId, input }, actor('sys-admin', null, T1, 'system_admin'));
  });
  afterAll(async () => h?.close());

  /** Appends events as the pipeline would, each a moment after the last. */
  const append = async (classId: string, events: TrainingClassEvent[]) =>
    h.append(
      `training-class-${classId}`,
      events.map((e, i) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: testMetadata({ actorOrgId: 'inst-1', occurredAt: new Date(Date.parse(T1) + i * 1000).toISOString() }) })),
    );
  /** The fixtures' events, re-keyed to a class of its own. */
  const asClass = (classId: string, classNo: string, events: TrainingClassEvent[]) =>
    JSON.parse(JSON.stringify(events).replaceAll('"class-1"', `"${classId}"`).replaceAll('520102-2026-0001', classNo)) as TrainingClassEvent[];

  const snapshot = async (classId: string) => ({
    row: await trainingClassesTable(h.knex).where({ id: classId }).first('class_no', 'status', 'review_status', 'review_subject', 'enrolled', 'institution_id', 'county_code', 'kind', 'occupation_code', 'updated_at'),
    list: await trainingClassListTable(h.knex).where({ class_id: classId }).orderBy('org_id').select('org_id', 'direct', 'status', 'review_status'),
    people: await trainingClassPeopleTable(h.knex).where({ class_id: classId }).orderBy(['role', 'person_key']).select('person_key', 'role', 'name', 'funding', 'withdrawn', 'class_status', 'sessions'),
    certificates: await trainingClassCertificatesTable(h.knex).where({ class_id: classId }).orderBy('certificate_no').select('certificate_no', 'name', 'id_number_masked', 'issued_on'),
    followUps: await trainingClassFollowUpsTable(h.knex).where({ class_id: classId }).orderBy(['participant_id', 'milestone']).select('participant_id', 'milestone', 'due_on', 'overdue_after', 'recorded'),
  });

  it('holds a declared class in the scope of its institution and every authority above it, its people with their sessions', async () => {
    const classId = randomUUID();
    await append(classId, asClass(classId, '520102-2026-0101', declared()));
    await h.caughtUp();
    const s = await snapshot(classId);
    expect(s.row).toMatchObject({ class_no: '520102-2026-0101', status: 'declared', review_status: 'pending', review_subject: 'declaration', enrolled: 3, institution_id: 'inst-1', county_code: '520102', kind: 'employment', occupation_code: details.occupation!.code });
    expect(s.list).toEqual([
      { org_id: ORGS.province, direct: false, status: 'declared', review_status: 'pending' },
      { org_id: ORGS.guiyang, direct: false, status: 'declared', review_status: 'pending' },
      { org_id: ORGS.nanming, direct: false, status: 'declared', review_status: 'pending' },
      { org_id: 'inst-1', direct: true, status: 'declared', review_status: 'pending' },
    ]);
    expect(s.people.map((p) => [p.role, p.person_key, p.name, p.sessions.length])).toEqual([
      ['participant', 'trainee:p-1', '张三', 10],
      ['participant', 'trainee:p-2', '李四', 10],
      ['participant', 'trainee:p-3', '王五', 10],
      ['teacher', 'teacher:t-1', '李芳', 5],
      ['teacher', 'teacher:t-2', '王强', 5],
    ]);
    expect(s.certificates).toEqual([]);
    // The county sees it from the list table's index; the other county does not.
    const inScope = async (orgId: string) => (await (await trainingClassEntries(h.knex, dataScope(h.knex, { id: 'u', orgId, dataScope: 'org_and_below' }), {})).entries).map((r) => r.class_id);
    expect(await inScope(ORGS.nanming)).toContain(classId);
    expect(await inScope(ORGS.yunyan)).not.toContain(classId);
    expect((await personSessions(h.knex, 'teacher:t-1', '2026-03-16', '2026-03-17')).filter((x) => x.classId === classId).map((x) => `${x.date} ${x.start}`)).toEqual(['2026-03-16 09:00', '2026-03-17 09:00']);
  });

  it('holds a completed class\'s certificates and follow-ups, overdue after their grace period, and the same rows replayed and rebuilt', async () => {
    const classId = randomUUID();
    await append(classId, asClass(classId, '520102-2026-0102', completedClass()));
    await h.caughtUp();
    const s = await snapshot(classId);
    expect(s.row).toMatchObject({ status: 'completed', review_subject: 'completion', enrolled: 3 });
    expect(new Set(s.people.map((p) => p.class_status))).toEqual(new Set(['completed']));
    expect(s.certificates).toEqual([
      { certificate_no: '520102-2026-0102-001', name: '张三', id_number_masked: '520102********1224', issued_on: COMPLETED_ON.slice(0, 10) },
      { certificate_no: '520102-2026-0102-002', name: '李四', id_number_masked: '520102********1224', issued_on: COMPLETED_ON.slice(0, 10) },
      { certificate_no: '520102-2026-0102-003', name: '王五', id_number_masked: '520102********1224', issued_on: COMPLETED_ON.slice(0, 10) },
    ]);
    // Employment training is followed up at 3 and 6 months, 30 days' grace.
    expect(s.followUps.filter((f) => f.participant_id === 'p-1')).toEqual([
      { participant_id: 'p-1', milestone: 3, due_on: '2026-06-23', overdue_after: '2026-07-23', recorded: false },
      { participant_id: 'p-1', milestone: 6, due_on: '2026-09-23', overdue_after: '2026-10-23', recorded: false },
    ]);
    const overdue = async (today: string) => (await (await overdueFollowUpsQuery(h.knex, dataScope(h.knex, { id: 'u', orgId: ORGS.nanming, dataScope: 'org_and_below' }), today)).query).filter((r) => r.class_id === classId);
    expect(await overdue('2026-07-23')).toEqual([]);
    expect((await overdue('2026-07-24')).map((r) => [r.participant_id, r.milestone])).toEqual([
      ['p-1', 3],
      ['p-2', 3],
      ['p-3', 3],
    ]);

    await h.replayed();
    expect(await snapshot(classId)).toEqual(s);
    await h.rebuilt();
    expect(await snapshot(classId)).toEqual(s);
  });
});
