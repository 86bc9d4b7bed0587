import { describe, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError } from '../shared/errors';
import { schoolTeacherDecider, type SchoolTeacherEvent } from './school-teacher';
import type { SchoolTeacherProfile } from './school-teacher-input';

const given = specification(schoolTeacherDecider);
const SCHOOL = 'school-1';
const school = testContext({ id: 'op', orgId: SCHOOL });
const profile: SchoolTeacherProfile = {
  name: '张伟',
  idNumber: { cipher: 'c1', blindIndex: 'b1', masked: '520102********1231' },
  birthDate: '1977-01-01',
  sex: 'male',
  phone: null,
  majorId: 'm1',
  field: 'machinery',
  title: 'lecturer',
  education: 'bachelor',
  employment: 'active',
  hiredOn: '2005-09-01',
  note: '',
};
const added: SchoolTeacherEvent = { type: 'SchoolTeacherAdded', data: { teacherId: 't1', schoolId: SCHOOL, profile } };
const major = { majorId: 'm1', open: true };

describe('school teacher', () => {
  it('a school adds a teacher of an approved major', () => given().when({ type: 'AddSchoolTeacher', teacherId: 't1', schoolId: SCHOOL, profile, major }, school).then([added]));
  it('not to another school', () => given().when({ type: 'AddSchoolTeacher', teacherId: 't1', schoolId: 'other', profile, major }, school).thenThrows(ForbiddenError));
  it('not in a major that is not the school\'s approved one', () =>
    given().when({ type: 'AddSchoolTeacher', teacherId: 't1', schoolId: SCHOOL, profile, major: { majorId: 'm9', open: false } }, school).thenThrows(RuleViolationError, '所属专业'));
  it('not twice', () => given([added]).when({ type: 'AddSchoolTeacher', teacherId: 't1', schoolId: SCHOOL, profile, major }, school).thenThrows(RuleViolationError, '已在本校'));
  it('retires: a change of status', () =>
    given([added]).when({ type: 'UpdateSchoolTeacher', profile: { ...profile, employment: 'retired' }, major }, school).then([{ type: 'SchoolTeacherUpdated', data: { profile: { ...profile, employment: 'retired' } } }]));
  it('the same values change nothing (a new ciphertext of the same phone included)', () => given([added]).when({ type: 'UpdateSchoolTeacher', profile: { ...profile, idNumber: { ...profile.idNumber, cipher: 'c2' } }, major }, school).thenNothing());
  it('is removed with a reason, as an event', () =>
    given([added]).when({ type: 'RemoveSchoolTeacher', reason: '调离' }, school).then([{ type: 'SchoolTeacherRemoved', data: { reason: '调离', removedOn: '2026-11-25' } }]));
  it('removal needs a reason', () => given([added]).when({ type: 'RemoveSchoolTeacher', reason: ' ' }, school).thenThrows(RuleViolationError, '移出原因'));
  it('a removed teacher is not changed, but may be added again', () => {
    const removed: SchoolTeacherEvent[] = [added, { type: 'SchoolTeacherRemoved', data: { reason: '调离', removedOn: '2026-11-25' } }];
    given(removed).when({ type: 'UpdateSchoolTeacher', profile, major }, school).thenThrows(RuleViolationError, '已移出');
    given(removed).when({ type: 'AddSchoolTeacher', teacherId: 't1', schoolId: SCHOOL, profile, major }, school).then([added]);
  });
});
