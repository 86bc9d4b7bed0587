// rm.majors and rm.school_teachers from their deciders' events: a major pending, approved, then a
// change pending beside the approved values; a teacher added, retired and removed (kept, marked);
// statistics from the rows; the same rows after replay and rebuild.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { majorDecider } from '../../domain/major/major';
import type { MajorDetails } from '../../domain/major/major-details';
import { schoolTeacherDecider } from '../../domain/school-teacher/school-teacher';
import type { SchoolTeacherProfile } from '../../domain/school-teacher/school-teacher-input';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, protectedValue } from '../../testing/record-fixtures';
import { schoolTeachersProjection, schoolTeachersTable } from '../school-teacher/school-teachers-table';
import { majorsProjection, majorsTable } from './majors-table';

const SCHOOL = 'school-majors-1';
const T1 = '2026-03-01T01:00:00.000Z';
const T2 = '2026-03-02T01:00:00.000Z';
const T3 = '2026-03-03T01:00:00.000Z';
const details: MajorDetails = { code: '0301-4', name: '计算机网络应用', field: 'information', classTypes: ['intermediate'], durationYears: 3, enrolmentPlan: 80, description: '' };
const profile: SchoolTeacherProfile = {
  name: '王芳',
  idNumber: protectedValue('520102********1222'),
  birthDate: '1980-01-01',
  sex: 'female',
  phone: protectedValue('139****0000'),
  majorId: 'm-1',
  field: 'information',
  title: 'lecturer',
  education: 'bachelor',
  employment: 'active',
  hiredOn: null,
  note: '',
};
const school = (now: string) => actor('op', SCHOOL, now);
const province = (now: string) => actor('rev', 'prov', now);

describe('majors and school teachers', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([majorsProjection, schoolTeachersProjection]);
  });
  afterAll(async () => h?.close());
  const snapshot = async () => ({ majors: await majorsTable(h.knex).orderBy('id'), teachers: await schoolTeachersTable(h.knex).orderBy('id') });

  it('projects the records, the same after replay and rebuild', async () => {
    const major = (command: Parameters<typeof majorDecider.decide>[0], context: ReturnType<typeof school>) => h.decide(majorDecider, 'major-m-1', command, context);
    await major({ type: 'DeclareMajor', majorId: 'm-1', schoolId: SCHOOL, details }, school(T1));
    await major({ type: 'SubmitForReview', authorities: { province: 'prov' } }, school(T1));
    await h.caughtUp();
    expect(await majorsTable(h.knex).where({ id: 'm-1' }).first()).toMatchObject({ school_id: SCHOOL, name: '计算机网络应用', approved: null, review_status: 'pending', review_authority: 'prov', approved_at: null });
    await major({ type: 'ApproveReview', opinion: '同意' }, province(T2));
    await major({ type: 'EditMajor', details: { ...details, enrolmentPlan: 100 } }, school(T3));
    await h.caughtUp();
    expect(await majorsTable(h.knex).where({ id: 'm-1' }).first()).toMatchObject({ enrolment_plan: 100, approved: details, pending: { enrolmentPlan: 100 }, review_status: 'draft', version: 1, approved_at: T2 });

    const teacher = (command: Parameters<typeof schoolTeacherDecider.decide>[0], now: string) => h.decide(schoolTeacherDecider, 'school-teacher-t-1', command, school(now));
    await teacher({ type: 'AddSchoolTeacher', teacherId: 't-1', schoolId: SCHOOL, profile, major: { majorId: 'm-1', open: true } }, T1);
    await teacher({ type: 'UpdateSchoolTeacher', profile: { ...profile, employment: 'retired' }, major: { majorId: 'm-1', open: true } }, T2);
    await teacher({ type: 'RemoveSchoolTeacher', reason: '调离' }, T3);
    await h.caughtUp();
    const row = await schoolTeachersTable(h.knex).where({ id: 't-1' }).first();
    expect(row).toMatchObject({ school_id: SCHOOL, status: 'removed', name: '王芳', id_number_masked: '520102********1222', phone_masked: '139****0000', employment: 'retired', created_at: T1, updated_at: T3 });
    // Only masks and blind indexes in columns; the ciphertext stays inside the state.
    expect(Object.values(row!).filter((v) => typeof v === 'string' && v.startsWith('pii1.'))).toEqual([]);

    const after = await snapshot();
    await h.replayed();
    expect(await snapshot()).toEqual(after);
    await h.rebuilt();
    expect(await snapshot()).toEqual(after);
  });
});
