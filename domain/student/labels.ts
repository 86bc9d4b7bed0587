import type { ReviewEvent } from '../review/review';
import type { StudentEvent } from './student';

export { STUDENT_STATUS_LABELS } from './student';

/** Chinese names of the module's events: a type without a label fails to compile. */
export const STUDENT_EVENT_LABELS: Record<Exclude<StudentEvent['type'], ReviewEvent['type']>, string> = {
  StudentRegistered: '学籍注册',
  StudentRegistrationUpdated: '修改学籍注册信息',
  StudentRegistrationCancelled: '撤销学籍注册',
  StudentRegistrationApproved: '学籍注册审批通过',
  StudentRegistrationRejected: '学籍注册未通过',
  StudentChangeRequested: '申请学籍异动',
  StudentChangeCancelled: '撤销异动申请',
  StudentChangeRejected: '异动申请未通过',
  StudentTransferReleased: '转出生效（待转入院校接收）',
  StudentTransferredIn: '转入生效',
  StudentTransferCancelled: '取消转学',
  StudentSuspended: '休学生效',
  StudentResumed: '复学生效',
  StudentWithdrawn: '退学生效',
  StudentStatusCancelled: '注销学籍',
  StudentMajorChanged: '转专业生效',
  StudentYearRepeated: '留级生效',
  StudentGraduated: '毕结业生效',
  StudentCardExported: '打印学籍卡',
};
// Field labels merge across modules (the last one wins): only names no other module uses are given here.
export const STUDENT_FIELD_LABELS: Record<string, string> = {
  studentId: '学生编号',
  registration: '注册信息',
  enrolment: '学籍',
  application: '异动申请',
  transfer: '转学',
  segments: '学籍状态时段',
  history: '历史学籍',
  changeLog: '异动记录',
  householdType: '户口性质',
  povertyRegistered: '建档立卡贫困户',
  previousSchool: '入学前就读学校',
  classType: '班级类型',
  studyMode: '学习形式',
  cohortYear: '年级',
  enrolledOn: '入学日期',
  studentNumber: '学号',
  suspendedOn: '休学日期',
  leftOn: '离校日期',
  leftAs: '离校方式',
  lastSchoolId: '最近院校',
  effectiveOn: '生效日期',
  toSchoolId: '转入院校',
  releasedOn: '转出日期',
};
