// The school_statistics counters follow the students read model: a registration counts once
// approved, under its school, in every dimension; a transfer moves it to the new school; a
// graduation takes it out of school and into the graduates; the counters are the same after a
// replay from the start and after a rebuild.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { studentDecider, type StudentCommand } from '../../domain/student/student';
import type { Enrolment, StudentPerson } from '../../domain/student/student-input';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, protectedValue } from '../../testing/record-fixtures';
import { employmentsProjection } from '../employment/employments-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { schoolAidsProjection } from '../school-aid/school-aids-table';
import { studentsProjection } from '../student/students-table';
import { SCHOOL_STATISTICS_TABLE, schoolStatisticsProjection } from './school-statistics';

const A = 'school-a';
const B = 'school-b';
const T1 = '2026-09-10T01:00:00.000Z';
const T2 = '2026-09-11T01:00:00.000Z';
const T3 = '2026-09-20T01:00:00.000Z';
const person = (name: string, birthDate: string, poor: boolean): StudentPerson => ({
  name,
  idNumber: protectedValue(`520102********${birthDate.slice(-2)}21`),
  birthDate,
  sex: 'female',
  regionCode: '520102',
  phone: null,
  householdType: 'agricultural',
  povertyRegistered: poor,
  education: 'junior_high',
  previousSchool: '',
  address: '',
});
const enrolment = (classType: Enrolment['classType']): Enrolment => ({ schoolId: A, majorId: 'm-a', classType, studyMode: 'full_time', cohortYear: 2026, enrolledOn: '2026-09-01', studentNumber: '' });
const windows = [{ authorityId: 'prov', authorityName: '省', windows: { registration: { from: '2026-09-01', to: '2026-10-31', note: '', closedOn: null } } }];

describe('school statistics counters', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([studentsProjection, schoolAidsProjection, employmentsProjection, schoolStatisticsProjection]);
  });
  afterAll(async () => h?.close());
  const on = (id: string, command: StudentCommand, context: ReturnType<typeof actor>) => h.decide(studentDecider, `student-${id}`, command, context);
  const schoolA = (now: string) => actor('op-a', A, now);
  const province = (now: string) => actor('rev', 'prov', now);
  /** Counter cells as `org dimension key measure = value`, sorted. */
  const cells = async () =>
    ((await h.knex(`${READ_MODEL_SCHEMA}.${SCHOOL_STATISTICS_TABLE}`).select()) as { org_id: string; dimension: string; key: string; measure: string; value: string }[])
      .map((c) => `${c.org_id} ${c.dimension} ${c.key} ${c.measure} = ${c.value}`)
      .sort();
  const register = async (id: string, p: StudentPerson, classType: Enrolment['classType']) => {
    await on(id, { type: 'RegisterStudent', studentId: id, person: p, enrolment: enrolment(classType), windows, major: { majorId: 'm-a', open: true } }, schoolA(T1));
    await on(id, { type: 'SubmitForReview', authorities: { province: 'prov' } }, schoolA(T1));
  };

  it('counts approved students per school and dimension, moves them with a transfer and a graduation, the same after replay and rebuild', async () => {
    await register('s1', person('王小红', '2010-05-06', true), 'intermediate');
    await register('s2', person('李明', '2008-01-02', false), 'advanced');
    await h.caughtUp();
    // Waiting for approval: not yet in school.
    expect(await cells()).toEqual([]);

    await on('s1', { type: 'ApproveReview', opinion: '同意' }, province(T2));
    await on('s2', { type: 'ApproveReview', opinion: '同意' }, province(T2));
    await h.caughtUp();
    expect(await cells()).toEqual(
      [
        'school-a total  enrolled = 2',
        'school-a classType intermediate enrolled = 1',
        'school-a classType advanced enrolled = 1',
        'school-a studyMode full_time enrolled = 2',
        'school-a poverty yes enrolled = 1',
        'school-a poverty no enrolled = 1',
        'school-a birthMonth 2010-05 enrolled = 1',
        'school-a birthMonth 2008-01 enrolled = 1',
        'school-a cohortYear 2026 enrolled = 2',
        'school-a major m-a enrolled = 2',
      ].sort(),
    );

    // s1 transfers to B (released by A, received by B); s2 graduates.
    await on('s1', { type: 'RequestStudentChange', change: { changeId: 'c1', kind: 'transfer_out', schoolId: A, effectiveOn: '2026-09-15', reason: '迁居', toSchoolId: B }, targetSchool: { schoolId: B, exists: true } }, schoolA(T2));
    await on('s1', { type: 'SubmitForReview', authorities: { province: 'prov' } }, schoolA(T2));
    await on('s1', { type: 'ApproveReview', opinion: '同意' }, province(T2));
    const schoolB = actor('op-b', B, T3);
    await on('s1', { type: 'RequestStudentChange', change: { changeId: 'c2', kind: 'transfer_in', schoolId: B, effectiveOn: '2026-09-20', reason: '接收', majorId: 'm-b', classType: 'advanced' }, major: { majorId: 'm-b', open: true } }, schoolB);
    await on('s1', { type: 'SubmitForReview', authorities: { province: 'prov' } }, schoolB);
    await on('s1', { type: 'ApproveReview', opinion: '同意' }, province(T3));
    await on('s2', { type: 'RequestStudentChange', change: { changeId: 'c3', kind: 'graduate', schoolId: A, effectiveOn: '2026-09-20', reason: '修完课程' } }, schoolA(T3));
    await on('s2', { type: 'SubmitForReview', authorities: { province: 'prov' } }, schoolA(T3));
    await on('s2', { type: 'ApproveReview', opinion: '同意' }, province(T3));
    await h.caughtUp();
    const after = await cells();
    expect(after).toEqual(
      [
        'school-b total  enrolled = 1',
        'school-b classType advanced enrolled = 1',
        'school-b studyMode full_time enrolled = 1',
        'school-b poverty yes enrolled = 1',
        'school-b birthMonth 2010-05 enrolled = 1',
        'school-b cohortYear 2026 enrolled = 1',
        'school-b major m-b enrolled = 1',
        'school-a graduates m-a|2026 graduates = 1',
      ].sort(),
    );

    await h.replayed();
    expect(await cells()).toEqual(after);
    await h.rebuilt();
    expect(await cells()).toEqual(after);
  });
});
