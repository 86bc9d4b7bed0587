import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import type { AuthorityWindows } from '../school-window/school-window';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { studentDecider, type StudentCommand, type StudentEvent } from './student';
import type { StudentChange } from './student-change';
import type { Enrolment, StudentPerson } from './student-input';
import { attendingThroughout, studentStatusOn } from './student-status-on';

const given = specification(studentDecider);
const A = 'school-a';
const B = 'school-b';
const NOW = '2026-09-15T02:00:00.000Z';
const schoolA = testContext({ id: 'op-a', orgId: A }, NOW);
const schoolB = testContext({ id: 'op-b', orgId: B }, NOW);
const province = testContext({ id: 'rev-prov', orgId: 'prov' }, NOW);
const person: StudentPerson = {
  name: '王小红',
  idNumber: { cipher: 'c', blindIndex: 'bidx-1', masked: '520102********1224' },
  birthDate: '2010-05-06',
  sex: 'female',
  regionCode: '520102',
  phone: null,
  householdType: 'agricultural',
  povertyRegistered: true,
  education: 'junior_high',
  previousSchool: '南明区第一中学',
  address: '贵阳市南明区',
};
const enrolment: Enrolment = { schoolId: A, majorId: 'major-a', classType: 'intermediate', studyMode: 'full_time', cohortYear: 2026, enrolledOn: '2026-09-01', studentNumber: 'A2026001' };
const open: AuthorityWindows[] = [{ authorityId: 'prov', authorityName: '省人社厅', windows: { registration: { from: '2026-09-01', to: '2026-10-31', note: '', closedOn: null } } }];
const register = (over: Partial<Extract<StudentCommand, { type: 'RegisterStudent' }>> = {}): StudentCommand => ({
  type: 'RegisterStudent',
  studentId: 's1',
  person,
  enrolment,
  windows: open,
  major: { majorId: 'major-a', open: true },
  ...over,
});
const registered: StudentEvent = { type: 'StudentRegistered', data: { studentId: 's1', person, enrolment, previous: null } };
const submit = (round: number, org = A): StudentEvent => ({
  type: 'ReviewSubmitted',
  data: { round, title: '', levels: ['province'], authorities: { province: 'prov' }, submitterOrgId: org, submitterId: `op-${org.slice(-1)}`, note: '' },
});
const approve = (round: number): StudentEvent => ({ type: 'ReviewApproved', data: { round, level: 'province', opinion: '同意', attachments: [], final: true } });
const enrolled: StudentEvent[] = [registered, submit(1), approve(1), { type: 'StudentRegistrationApproved', data: { schoolId: A, enrolment } }];
const change = (c: Partial<StudentChange> & Pick<StudentChange, 'kind'>): StudentChange => ({ changeId: `c-${c.kind}`, schoolId: A, effectiveOn: '2026-10-01', reason: '个人原因', ...c });
/** A change requested, submitted and approved, with the events the approval brings. */
const through = (history: StudentEvent[], c: StudentChange, round: number): StudentEvent[] => {
  const requested: StudentEvent[] = [...history, { type: 'StudentChangeRequested', data: { change: c } }, submit(round, c.schoolId)];
  const decided = studentDecider.decide({ type: 'ApproveReview', opinion: '同意' }, requested.reduce(studentDecider.evolve, studentDecider.initialState()), province);
  return [...requested, ...decided];
};

describe('student status', () => {
  describe('registration', () => {
    it('a school registers a new student within the window', () => given().when(register(), schoolA).then([registered]));
    it('outside the window it is refused with the window\'s dates', () =>
      given()
        .when(register(), testContext({ id: 'op-a', orgId: A }, '2026-11-02T02:00:00.000Z'))
        .thenThrows(RuleViolationError, '学籍注册时间为 2026-09-01 至 2026-10-31，已经结束，当前不能办理学籍注册'));
    it('only in an approved major of the school', () => given().when(register({ major: { majorId: 'major-a', open: false } }), schoolA).thenThrows(ValidationError));
    it('only for the school itself', () => given().when(register(), schoolB).thenThrows(ForbiddenError));
    it('the same registration again changes nothing', () => given([registered]).when(register(), schoolA).thenNothing());
    it('the province-wide duplicate check refuses a second school, without naming the first', () => {
      const second = register({ enrolment: { ...enrolment, schoolId: B, majorId: 'major-b' }, major: { majorId: 'major-b', open: true } });
      given([registered]).when(second, schoolB).thenThrows(RuleViolationError, /^该身份证号码在全省已有有效学籍（注册中、在籍或休学），不能重复注册/);
      given(enrolled).when(second, schoolB).thenThrows(RuleViolationError, '不能重复注册');
      expect(() => studentDecider.decide(second, enrolled.reduce(studentDecider.evolve, studentDecider.initialState()), schoolB)).not.toThrow(new RegExp(A));
    });
    it('approval puts the student in school from the day of entry', () =>
      given([registered, submit(1)]).when({ type: 'ApproveReview', opinion: '同意' }, province).then([approve(1), { type: 'StudentRegistrationApproved', data: { schoolId: A, enrolment } }]));
    it('a rejected registration leaves the person free to be registered, flagged with the earlier school', () => {
      const rejected: StudentEvent[] = [registered, submit(1), { type: 'ReviewRejected', data: { round: 1, level: 'province', reason: '材料不实', attachments: [] } }, { type: 'StudentRegistrationRejected', data: { schoolId: A, reason: '材料不实' } }];
      given(rejected)
        .when(register({ enrolment: { ...enrolment, schoolId: B, majorId: 'major-b' }, major: { majorId: 'major-b', open: true } }), schoolB)
        .then([{ type: 'StudentRegistered', data: { studentId: 's1', person, enrolment: { ...enrolment, schoolId: B, majorId: 'major-b' }, previous: { schoolId: A, outcome: 'rejected', on: null } } }]);
    });
    it('a returned registration is corrected and resubmitted; not while it is reviewed', () => {
      const corrected = { ...enrolment, studentNumber: 'A2026009' };
      given([registered, submit(1), { type: 'ReviewReturned', data: { round: 1, level: 'province', reason: '学号有误', attachments: [] } }])
        .when({ type: 'UpdateRegistration', person, enrolment: corrected, major: { majorId: 'major-a', open: true } }, schoolA)
        .then([{ type: 'StudentRegistrationUpdated', data: { person, enrolment: corrected } }]);
      given([registered, submit(1)]).when({ type: 'UpdateRegistration', person, enrolment: corrected, major: { majorId: 'major-a', open: true } }, schoolA).thenThrows(RuleViolationError, '审核中');
    });
  });

  describe('status changes', () => {
    it('休学 then 复学, each reviewed, each an event on the stream', () => {
      const suspended = through(enrolled, change({ kind: 'suspend' }), 2);
      expect(suspended.at(-1)).toEqual({ type: 'StudentSuspended', data: { changeId: 'c-suspend', effectiveOn: '2026-10-01', reason: '个人原因' } });
      given(suspended).when({ type: 'RequestStudentChange', change: change({ kind: 'change_major', majorId: 'major-c' }), major: { majorId: 'major-c', open: true } }, schoolA).thenThrows(RuleViolationError, '“休学”状态，不能申请转专业');
      const resumed = through(suspended, change({ kind: 'resume', effectiveOn: '2026-11-01' }), 3);
      expect(resumed.at(-1)!.type).toBe('StudentResumed');
    });
    it('one application at a time; an effective date before the last change is refused', () => {
      const applied: StudentEvent[] = [...enrolled, { type: 'StudentChangeRequested', data: { change: change({ kind: 'suspend' }) } }];
      given(applied).when({ type: 'RequestStudentChange', change: change({ kind: 'withdraw' }) }, schoolA).thenThrows(RuleViolationError, '已有待处理的休学申请');
      given(enrolled).when({ type: 'RequestStudentChange', change: change({ kind: 'suspend', effectiveOn: '2026-08-01' }) }, schoolA).thenThrows(ValidationError);
    });
    it('a transfer: the releasing school applies, its authority approves; the receiving school applies, its authority approves', () => {
      const out = change({ kind: 'transfer_out', toSchoolId: B });
      given(enrolled).when({ type: 'RequestStudentChange', change: out, targetSchool: { schoolId: B, exists: true } }, schoolA).then([{ type: 'StudentChangeRequested', data: { change: out } }]);
      given(enrolled).when({ type: 'RequestStudentChange', change: out, targetSchool: { schoolId: B, exists: false } }, schoolA).thenThrows(ValidationError);
      const released = through(enrolled, out, 2);
      expect(released.at(-1)).toEqual({ type: 'StudentTransferReleased', data: { changeId: 'c-transfer_out', fromSchoolId: A, toSchoolId: B, effectiveOn: '2026-10-01', reason: '个人原因' } });
      // Still A's student until B takes it in; nobody else may apply for it, and A may not change it meanwhile.
      given(released).when({ type: 'RequestStudentChange', change: change({ kind: 'suspend' }) }, schoolA).thenThrows(RuleViolationError, '等待转入院校接收');
      const inward = change({ kind: 'transfer_in', schoolId: B, majorId: 'major-b', classType: 'advanced', effectiveOn: '2026-10-08' });
      given(released).when({ type: 'RequestStudentChange', change: { ...inward, schoolId: 'school-c' }, major: { majorId: 'major-b', open: true } }, testContext({ id: 'op-c', orgId: 'school-c' }, NOW)).thenThrows(RuleViolationError, '没有转入本校');
      const moved = through(released, inward, 3);
      expect(moved.at(-1)).toEqual({
        type: 'StudentTransferredIn',
        data: { changeId: 'c-transfer_in', fromSchoolId: A, enrolment: { ...enrolment, schoolId: B, majorId: 'major-b', classType: 'advanced', studentNumber: '' }, effectiveOn: '2026-10-08', reason: '个人原因' },
      });
      // The as-of answer follows the student from A to B.
      expect(studentStatusOn(moved, '2026-10-07')).toMatchObject({ registered: true, schoolId: A, majorId: 'major-a' });
      expect(studentStatusOn(moved, '2026-10-08')).toMatchObject({ registered: true, schoolId: B, majorId: 'major-b', classType: 'advanced', since: '2026-10-08' });
    });
    it('either school may call a released transfer off', () => {
      const released = through(enrolled, change({ kind: 'transfer_out', toSchoolId: B }), 2);
      given(released)
        .when({ type: 'CancelTransfer', reason: '学生不再转学' }, schoolB)
        .then([{ type: 'StudentTransferCancelled', data: { changeId: 'c-transfer_out', fromSchoolId: A, toSchoolId: B, reason: '学生不再转学' } }]);
      given(released).when({ type: 'CancelTransfer', reason: '取消' }, testContext({ id: 'x', orgId: 'school-c' }, NOW)).thenThrows(ForbiddenError);
    });
    it('转专业 and 留级 change the enrolment from their effective date', () => {
      const majorChanged = through(enrolled, change({ kind: 'change_major', majorId: 'major-c' }), 2);
      expect(majorChanged.at(-1)).toMatchObject({ type: 'StudentMajorChanged', data: { fromMajorId: 'major-a', majorId: 'major-c', classType: 'intermediate' } });
      given(enrolled).when({ type: 'RequestStudentChange', change: change({ kind: 'repeat_year', cohortYear: 2025 }) }, schoolA).thenThrows(ValidationError);
      const repeated = through(majorChanged, change({ kind: 'repeat_year', cohortYear: 2027, effectiveOn: '2026-12-01' }), 3);
      expect(studentStatusOn(repeated, '2026-12-01')).toMatchObject({ majorId: 'major-c', cohortYear: 2027 });
      expect(studentStatusOn(repeated, '2026-11-30')).toMatchObject({ majorId: 'major-c', cohortYear: 2026 });
    });
    it('退学 ends the status; the person may then be registered again, flagged with the earlier school', () => {
      const withdrawn = through(enrolled, change({ kind: 'withdraw' }), 2);
      expect(withdrawn.at(-1)!.type).toBe('StudentWithdrawn');
      given(withdrawn)
        .when(register({ enrolment: { ...enrolment, schoolId: B, majorId: 'major-b', enrolledOn: '2026-10-10' }, major: { majorId: 'major-b', open: true } }), schoolB)
        .then([{ type: 'StudentRegistered', data: { studentId: 's1', person, enrolment: { ...enrolment, schoolId: B, majorId: 'major-b', enrolledOn: '2026-10-10' }, previous: { schoolId: A, outcome: 'withdrawn', on: '2026-10-01' } } }]);
      given(withdrawn).when({ type: 'RequestStudentChange', change: change({ kind: 'resume' }) }, schoolA).thenThrows(RuleViolationError, '没有有效学籍');
    });
    it('a rejected change leaves the status as it was approved', () => {
      const requested: StudentEvent[] = [...enrolled, { type: 'StudentChangeRequested', data: { change: change({ kind: 'cancel' }) } }, submit(2)];
      given(requested)
        .when({ type: 'RejectReview', reason: '理由不充分' }, province)
        .then([
          { type: 'ReviewRejected', data: { round: 2, level: 'province', reason: '理由不充分', attachments: [] } },
          { type: 'StudentChangeRejected', data: { changeId: 'c-cancel', kind: 'cancel', reason: '理由不充分' } },
        ]);
    });
  });

  describe('毕结业 (graduation)', () => {
    it('毕业, reviewed, ends the status as graduated: the person may be registered again, flagged with it', () => {
      const graduated = through(enrolled, change({ kind: 'graduate', effectiveOn: '2026-12-01', reason: '修完全部课程，考核合格' }), 2);
      expect(graduated.at(-1)).toEqual({ type: 'StudentGraduated', data: { changeId: 'c-graduate', outcome: 'graduated', effectiveOn: '2026-12-01', reason: '修完全部课程，考核合格' } });
      const state = graduated.reduce(studentDecider.evolve, studentDecider.initialState());
      expect(state).toMatchObject({ status: 'left', leftAs: 'graduated', leftOn: '2026-12-01' });
      expect(studentStatusOn(graduated, '2026-12-02')).toMatchObject({ registered: false, phase: 'left' });
      given(graduated)
        .when(register({ enrolment: { ...enrolment, schoolId: B, majorId: 'major-b', classType: 'advanced', enrolledOn: '2026-12-10' }, major: { majorId: 'major-b', open: true }, windows: [{ ...open[0]!, windows: { registration: { from: '2026-12-01', to: '2026-12-31', note: '', closedOn: null } } }] }), testContext({ id: 'op-b', orgId: B }, '2026-12-10T02:00:00.000Z'))
        .then([{ type: 'StudentRegistered', data: { studentId: 's1', person, enrolment: { ...enrolment, schoolId: B, majorId: 'major-b', classType: 'advanced', enrolledOn: '2026-12-10' }, previous: { schoolId: A, outcome: 'graduated', on: '2026-12-01' } } }]);
    });
    it('结业 is its own outcome; neither while suspended', () => {
      const completed = through(enrolled, change({ kind: 'complete', effectiveOn: '2026-12-01' }), 2);
      expect(completed.reduce(studentDecider.evolve, studentDecider.initialState())).toMatchObject({ status: 'left', leftAs: 'completed' });
      const suspended = through(enrolled, change({ kind: 'suspend' }), 2);
      given(suspended).when({ type: 'RequestStudentChange', change: change({ kind: 'graduate', effectiveOn: '2026-12-01' }) }, schoolA).thenThrows(RuleViolationError, '“休学”状态，不能申请毕业');
    });
  });

  describe('the status as of a day', () => {
    it('answers from the events alone: before entry, in school, suspended, left', () => {
      const suspended = through(enrolled, change({ kind: 'suspend', effectiveOn: '2026-10-01' }), 2);
      const resumed = through(suspended, change({ kind: 'resume', effectiveOn: '2027-03-01' }), 3);
      const left = through(resumed, change({ kind: 'withdraw', effectiveOn: '2027-06-30' }), 4);
      expect(studentStatusOn(left, '2026-08-31')).toMatchObject({ registered: false, phase: 'none' });
      expect(studentStatusOn(left, '2026-09-01')).toMatchObject({ registered: true, attending: true, schoolId: A, since: '2026-09-01' });
      expect(studentStatusOn(left, '2026-12-25')).toMatchObject({ registered: true, attending: false, phase: 'suspended', since: '2026-10-01' });
      expect(studentStatusOn(left, '2027-03-01')).toMatchObject({ registered: true, attending: true });
      expect(studentStatusOn(left, '2027-07-01')).toMatchObject({ registered: false, phase: 'left', since: '2027-06-30' });
      // A registration not yet approved gives no status at all.
      expect(studentStatusOn([registered], '2026-09-10').registered).toBe(false);
      expect(attendingThroughout(left, '2026-09-01', '2026-09-30')).toBe(true);
      expect(attendingThroughout(left, '2026-09-01', '2026-12-31')).toBe(false);
    });
  });
});
