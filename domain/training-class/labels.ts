// Chinese labels of the training class's events and statuses, as timelines and lists show them.
// Typed over the unions, so a new event or status without a label fails to compile.
import type { TrainingClassEvent, CancelledBy } from './events';
import type { ClassStatus, ReviewSubject } from './state';

export const TRAINING_CLASS_EVENT_LABELS: Record<TrainingClassEvent['type'], string> = {
  TrainingClassRegistered: '开班登记',
  TrainingClassDetailsEdited: '修改班级信息',
  TrainingClassTimetableSet: '编排课程表',
  TrainingClassTeachersAssigned: '选配教师',
  TrainingClassParticipantsEnrolled: '学员报名',
  TrainingClassParticipantRemoved: '移出名册',
  TrainingClassParticipantWithdrew: '退学',
  TrainingClassDeclared: '班级申报',
  TrainingClassOpened: '开班（申报审核通过）',
  TrainingClassChangeProposed: '申请变更',
  TrainingClassChangeApplied: '变更生效',
  TrainingClassChangeDiscarded: '变更未通过',
  TrainingClassStarted: '开始培训',
  TrainingClassSuspended: '暂停培训',
  TrainingClassResumed: '恢复培训',
  TrainingClassAttendanceMarked: '标记出勤',
  TrainingClassAssessmentRecorded: '录入考核结果',
  TrainingClassCompletionRequested: '申请结业',
  TrainingClassCompletionRefused: '结业未通过',
  TrainingClassCompleted: '结业并发放培训合格证书',
  TrainingClassFollowUpRecorded: '后续跟踪',
  TrainingClassCancelled: '取消班级',
  TrainingClassCertificatesPrinted: '打印培训合格证书',
  ReviewSubmitted: '提交审核',
  ReviewApproved: '审核通过',
  ReviewReturned: '审核退回',
  ReviewRejected: '审核不通过',
  ReviewWithdrawn: '撤回审核',
};

export const TRAINING_CLASS_STATUS_LABELS: Record<ClassStatus, string> = {
  draft: '草稿',
  declared: '已申报',
  approved: '已开班（待开课）',
  in_progress: '培训中',
  suspended: '已暂停',
  completed: '已结业',
  cancelled: '已取消',
};

export const REVIEW_SUBJECT_LABELS: Record<ReviewSubject, string> = { declaration: '开班申报', change: '变更申请', completion: '结业申请' };

export const CANCELLED_BY_LABELS: Record<CancelledBy, string> = { institution: '培训机构', authority: '管理机构', review: '申报审核不通过' };
