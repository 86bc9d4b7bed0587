// rm.teachers (one row per person in the provincial pool) and rm.teacher_engagements (one row per
// institution tied to a teacher, and whether the tie gives it rights over the teacher).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../domain/shared/decider';
import { teacherDecider, type TeacherCommand } from '../../domain/teacher/teacher';
import type { TeacherProfile } from '../../domain/teacher/teacher-input';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, teacherProfile } from '../../testing/record-fixtures';
import { teacherEngagementsProjection, teacherEngagementsTable, teachersProjection, teachersTable } from './teachers-table';

const SCHOOL_A = 'inst-nanming-1';
const SCHOOL_B = 'inst-yunyan-1';
const COUNTY_A = 'auth-520102';
const COUNTY_B = 'auth-520103';
const T1 = '2026-03-10T01:00:00.000Z';
const T2 = '2026-03-11T01:00:00.000Z';
const T3 = '2026-03-12T01:00:00.000Z';
const T4 = '2026-03-13T01:00:00.000Z';
const schoolA = (now: string) => actor('op-a', SCHOOL_A, now, 'institution_operator');
const schoolB = (now: string) => actor('op-b', SCHOOL_B, now, 'institution_operator');

describe('teachers and their engagements', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([teachersProjection, teacherEngagementsProjection]);
  });
  afterAll(async () => h?.close());

  const on = (id: string) => (command: TeacherCommand, context: CommandContext) => h.decide(teacherDecider, `teacher-${id}`, command, context);
  const declare = (id: string, profile: TeacherProfile, institutionId: string, context: CommandContext) =>
    on(id)({ type: 'DeclareTeacher', teacherId: id, profile, institution: { institutionId, canOperate: true } }, context);
  const teacher = (id: string) => teachersTable(h.knex).where({ id }).first();
  const engagements = (id: string) => teacherEngagementsTable(h.knex).where({ teacher_id: id }).orderBy('institution_id');

  /** Declared by school A and approved by its county. */
  const approvedTeacher = async () => {
    const id = randomUUID();
    const profile = teacherProfile('张伟');
    await declare(id, profile, SCHOOL_A, schoolA(T1));
    await on(id)({ type: 'SubmitForReview', authorities: { county: COUNTY_A } }, schoolA(T1));
    await on(id)({ type: 'ApproveReview', opinion: '同意' }, actor('rev-a', COUNTY_A, T2, 'reviewer'));
    return { id, profile };
  };

  it('holds a declared teacher with the declaring institution\'s tie, which gives it rights before any review', async () => {
    const id = randomUUID();
    const profile = teacherProfile('张伟');
    await declare(id, profile, SCHOOL_A, schoolA(T1));
    await h.caughtUp();
    expect(await teacher(id)).toMatchObject({
      id,
      stream_id: `teacher-${id}`,
      name: '张伟',
      id_number_bidx: profile.idNumber.blindIndex,
      id_number_masked: '520102********0016',
      level: 'senior',
      full_time: true,
      tier: null,
      qualified: false,
      revoked: false,
      review_status: 'draft',
      updated_at: T1,
    });
    expect(await engagements(id)).toEqual([{ key: `${id}|${SCHOOL_A}`, teacher_id: id, institution_id: SCHOOL_A, status: 'pending', grants_rights: true, updated_at: T1 }]);
  });

  it('shows the county\'s approval, the qualification and the pool tier', async () => {
    const { id } = await approvedTeacher();
    await on(id)({ type: 'CertifyQualification', certificateNo: 'GZJS-2026-0001', certifiedOn: '2026-03-12' }, actor('rev-a', COUNTY_A, T3, 'reviewer'));
    await on(id)({ type: 'AssignPoolTier', tier: 'city', actorLevel: 'city' }, actor('city-admin', 'auth-520100', T3, 'authority_operator'));
    await h.caughtUp();
    expect(await teacher(id)).toMatchObject({ review_status: 'approved', qualified: true, tier: 'city', revoked: false, updated_at: T3 });
    expect(await engagements(id)).toEqual([{ key: `${id}|${SCHOOL_A}`, teacher_id: id, institution_id: SCHOOL_A, status: 'approved', grants_rights: true, updated_at: T2 }]);
  });

  it('gives a second institution\'s request no rights while pending, and none once its county rejects it', async () => {
    const { id, profile } = await approvedTeacher();
    await declare(id, profile, SCHOOL_B, schoolB(T3));
    await h.caughtUp();
    expect((await engagements(id)).map((e) => [e.institution_id, e.status, e.grants_rights])).toEqual([
      [SCHOOL_A, 'approved', true],
      [SCHOOL_B, 'pending', false],
    ]);

    await on(id)({ type: 'SubmitForReview', authorities: { county: COUNTY_B } }, schoolB(T3));
    await on(id)({ type: 'RejectReview', reason: '该教师未在本机构任教' }, actor('rev-b', COUNTY_B, T4, 'reviewer'));
    await h.caughtUp();
    expect((await engagements(id)).map((e) => [e.institution_id, e.status, e.grants_rights, e.updated_at])).toEqual([
      [SCHOOL_A, 'approved', true, T2],
      [SCHOOL_B, 'rejected', false, T4],
    ]);
    // The person stays approved for the institution that holds them.
    expect(await teacher(id)).toMatchObject({ review_status: 'approved', updated_at: T4 });
  });

  it('shows a revoked teacher', async () => {
    const { id } = await approvedTeacher();
    await on(id)({ type: 'RevokeTeacher', reason: '弄虚作假' }, actor('rev-a', COUNTY_A, T4, 'reviewer'));
    await h.caughtUp();
    expect(await teacher(id)).toMatchObject({ revoked: true, updated_at: T4 });
  });

  it('holds the same rows when the same events are fed again, and when rebuilt from the log', async () => {
    const { id, profile } = await approvedTeacher();
    await declare(id, profile, SCHOOL_B, schoolB(T3));
    const declared = randomUUID();
    await declare(declared, teacherProfile('李娜'), SCHOOL_B, schoolB(T1));
    await h.caughtUp();
    const rows = async () => ({
      teachers: await teachersTable(h.knex).whereIn('id', [id, declared]).orderBy('id'),
      engagements: await teacherEngagementsTable(h.knex).whereIn('teacher_id', [id, declared]).orderBy('key'),
    });
    const before = await rows();
    expect(before.teachers).toHaveLength(2);
    expect(before.engagements).toHaveLength(3);

    await h.replayed();
    expect(await rows()).toEqual(before);
    await h.rebuilt();
    expect(await rows()).toEqual(before);
  });
});
