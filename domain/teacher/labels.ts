import type { ReviewEvent } from '../review/review';
import type { TeacherEvent, TeacherState } from './teacher';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const TEACHER_EVENT_LABELS: Record<Exclude<TeacherEvent['type'], ReviewEvent['type']>, string> = {
  TeacherDeclared: '申报师资',
  TeacherEngagementRequested: '其他机构申报聘用',
  TeacherProfileUpdated: '修改师资信息',
  TeacherEngagementApproved: '聘用审核通过',
  TeacherEngagementRejected: '聘用未通过',
  TeacherQualificationCertified: '上岗资格认定',
  TeacherPoolTierAssigned: '纳入师资库',
  TeacherRevoked: '撤销师资资格',
  TeacherProfileChangeProposed: '申请变更师资信息',
  TeacherProfileChangeApproved: '师资信息变更生效',
  TeacherProfileChangeRejected: '师资信息变更未通过',
  TeacherTrainingRecorded: '记录能力提升培训',
  TeacherReferenceFaceEnrolled: '登记人脸照片',
};
export const TEACHER_STATUS_LABELS: Record<TeacherState['status'], string> = { none: '无', declared: '已申报' };
export const TEACHER_FIELD_LABELS: Record<string, string> = {
  profile: '教师',
  proposal: '待审核变更',
  engagements: '聘用机构',
  teacherId: '教师编号',
  fullTime: '全职',
  subjects: '任课专业',
  trainingQualification: '培训资格',
  yearsTeaching: '任教年限',
  trainingHistory: '培训经历',
  qualification: '上岗资格',
  referenceFace: '人脸照片',
  certificateNo: '证书编号',
  certifiedOn: '认定日期',
  tier: '师资库级别',
  revoked: '撤销原因',
  trainings: '能力提升培训',
  classNo: '班级编号',
  organiserId: '培训机构',
  completedOn: '结业日期',
};
