import type { ReviewEvent } from '../review/review';
import type { TraineeEvent, TraineeState } from './trainee';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const TRAINEE_EVENT_LABELS: Record<Exclude<TraineeEvent['type'], ReviewEvent['type']>, string> = {
  TraineeRegistered: '录入学员',
  TraineeEnrolmentRequested: '其他机构录入（待复核）',
  TraineeDetailsUpdated: '修改学员信息',
  TraineeEnrolmentApproved: '录入审核通过',
  TraineeEnrolmentRejected: '录入未通过',
  TraineeDetailsChangeProposed: '申请变更学员信息',
  TraineeDetailsChangeApproved: '学员信息变更生效',
  TraineeDetailsChangeRejected: '学员信息变更未通过',
  TraineeReferenceFaceEnrolled: '登记人脸照片',
};
export const TRAINEE_STATUS_LABELS: Record<TraineeState['status'], string> = { none: '无', registered: '已录入' };
export const TRAINEE_FIELD_LABELS: Record<string, string> = {
  person: '学员',
  proposal: '待审核变更',
  personCategory: '人员类别',
  idNumber: '身份证号码',
  phone: '联系电话',
  bankAccount: '银行账户',
  enrolments: '登记机构',
  traineeId: '学员编号',
  birthDate: '出生日期',
  sex: '性别',
  regionCode: '户籍地区码',
  duplicateEntry: '重复录入',
  referenceFace: '人脸照片',
};
