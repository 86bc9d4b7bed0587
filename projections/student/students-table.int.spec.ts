// rm.students and rm.student_owners from the student decider's events: a registration in its
// school's scope; approved; a released transfer also in the receiving school's scope; after the
// transfer only in the new school's; only masks and blind indexes in columns; the same rows after
// replay and rebuild.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { studentDecider, type StudentCommand } from '../../domain/student/student';
import type { Enrolment, StudentPerson } from '../../domain/student/student-input';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, protectedValue } from '../../testing/record-fixtures';
import { studentDirectory } from './student-records';
import { studentOwnersTable, studentsProjection, studentsTable } from './students-table';

const A = 'school-a';
const B = 'school-b';
const ID = 'student-p-1';
const T1 = '2026-09-10T01:00:00.000Z';
const T2 = '2026-09-11T01:00:00.000Z';
const T3 = '2026-09-20T01:00:00.000Z';
const person: StudentPerson = {
  name: '王小红',
  idNumber: protectedValue('520102********1221'),
  birthDate: '2010-05-06',
  sex: 'female',
  regionCode: '520102',
  phone: protectedValue('138****8000'),
  householdType: 'agricultural',
  povertyRegistered: true,
  education: 'junior_high',
  previousSchool: '',
  address: '',
};
const enrolment: Enrolment = { schoolId: A, majorId: 'm-a', classType: 'intermediate', studyMode: 'full_time', cohortYear: 2026, enrolledOn: '2026-09-01', studentNumber: '' };
const windows = [{ authorityId: 'prov', authorityName: '省', windows: { registration: { from: '2026-09-01', to: '2026-10-31', note: '', closedOn: null } } }];

describe('students and their owners', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([studentsProjection]);
  });
  afterAll(async () => h?.close());
  const on = (command: StudentCommand, context: ReturnType<typeof actor>) => h.decide(studentDecider, `student-${ID}`, command, context);
  const owners = async () => (await studentOwnersTable(h.knex).where({ student_id: ID }).orderBy('org_id')).map((r) => r.org_id);
  const snapshot = async () => ({ rows: await studentsTable(h.knex).orderBy('id'), owners: await studentOwnersTable(h.knex).orderBy(['org_id', 'student_id']) });

  it('projects the student through registration, approval and a transfer, the same after replay and rebuild', async () => {
    const schoolA = (now: string) => actor('op-a', A, now);
    const province = (now: string) => actor('rev', 'prov', now);
    await on({ type: 'RegisterStudent', studentId: ID, person, enrolment, windows, major: { majorId: 'm-a', open: true } }, schoolA(T1));
    await on({ type: 'SubmitForReview', authorities: { province: 'prov' } }, schoolA(T1));
    await h.caughtUp();
    expect(await studentsTable(h.knex).where({ id: ID }).first()).toMatchObject({ status: 'registering', school_id: A, major_id: 'm-a', poverty_registered: true, review_status: 'pending', review_authority: 'prov', id_number_masked: '520102********1221', phone_masked: '138****8000' });
    expect(await owners()).toEqual([A]);

    await on({ type: 'ApproveReview', opinion: '同意' }, province(T2));
    await on({ type: 'RequestStudentChange', change: { changeId: 'c1', kind: 'transfer_out', schoolId: A, effectiveOn: '2026-09-15', reason: '迁居', toSchoolId: B }, targetSchool: { schoolId: B, exists: true } }, schoolA(T2));
    await on({ type: 'SubmitForReview', authorities: { province: 'prov' } }, schoolA(T2));
    await on({ type: 'ApproveReview', opinion: '同意' }, province(T2));
    await h.caughtUp();
    expect(await studentsTable(h.knex).where({ id: ID }).first()).toMatchObject({ status: 'enrolled', school_id: A, transfer_to_school_id: B, application_kind: null });
    expect(await owners()).toEqual([A, B]);

    const schoolB = actor('op-b', B, T3);
    await on({ type: 'RequestStudentChange', change: { changeId: 'c2', kind: 'transfer_in', schoolId: B, effectiveOn: '2026-09-20', reason: '接收', majorId: 'm-b', classType: 'advanced' }, major: { majorId: 'm-b', open: true } }, schoolB);
    await h.caughtUp();
    expect(await studentsTable(h.knex).where({ id: ID }).first()).toMatchObject({ application_kind: 'transfer_in', review_status: 'draft' });
    await on({ type: 'SubmitForReview', authorities: { province: 'prov' } }, schoolB);
    await on({ type: 'ApproveReview', opinion: '同意' }, province(T3));
    await h.caughtUp();
    const row = await studentsTable(h.knex).where({ id: ID }).first();
    expect(row).toMatchObject({ status: 'enrolled', school_id: B, major_id: 'm-b', class_type: 'advanced', transfer_to_school_id: null, created_at: T1, updated_at: T3 });
    expect(Object.values(row!).filter((v) => typeof v === 'string' && v.startsWith('pii1.'))).toEqual([]);
    expect(await owners()).toEqual([B]);

    // The import's batch lookup: the people on record by blind index, unknown ones absent, in one query.
    const directory = studentDirectory(h.knex);
    expect(await directory.personIdsByIdNumbers([person.idNumber.blindIndex, 'bi1.nobody', person.idNumber.blindIndex])).toEqual(new Map([[person.idNumber.blindIndex, ID]]));
    expect(await directory.personIdsByIdNumbers([])).toEqual(new Map());

    const after = await snapshot();
    await h.replayed();
    expect(await snapshot()).toEqual(after);
    await h.rebuilt();
    expect(await snapshot()).toEqual(after);
  });
});
