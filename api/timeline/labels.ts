// Chinese names of event types and record fields, for timelines and audit replay. A type or field
// missing here is shown by its code name: nothing is hidden for want of a label.

export const EVENT_TYPE_LABELS: Record<string, string> = {
  OccupationDeclared: '申报工种',
  OccupationDraftUpdated: '修改申报',
  OccupationAmendmentProposed: '提出变更',
  OccupationPublished: '发布工种',
  OccupationAmendmentDiscarded: '变更未通过',
  ReviewSubmitted: '提交审核',
  ReviewApproved: '审核通过',
  ReviewReturned: '审核退回',
  ReviewRejected: '不予通过',
  ReviewWithdrawn: '撤回',
  InstitutionRegistered: '登记机构',
  InstitutionDraftUpdated: '修改登记',
  InstitutionChangeProposed: '提出变更',
  InstitutionActivated: '机构生效',
  InstitutionChangeApplied: '变更生效',
  InstitutionChangeDiscarded: '变更未通过',
  InstitutionLicenceExpiring: '许可证即将到期提醒',
  InstitutionSuspended: '暂停（许可证过期）',
  InstitutionReinstated: '恢复',
  InstitutionAnnualReviewed: '年审',
  InstitutionRevoked: '撤销',
  TraineeRegistered: '录入学员',
  TraineeEnrolmentRequested: '其他机构录入（待复核）',
  TraineeDetailsUpdated: '修改学员信息',
  TraineeEnrolmentApproved: '录入审核通过',
  TraineeEnrolmentRejected: '录入未通过',
  OrganizationRegistered: '登记机构',
  UserCreated: '创建用户',
  UserRolesChanged: '变更角色',
  UserPasswordSet: '设置密码',
  UserLoggedIn: '登录',
  UserLoginFailed: '登录失败',
  UserLockedOut: '账户锁定',
  UserLoggedOut: '退出登录',
  UserTotpEnrolled: '绑定双因素认证',
  UserTotpReset: '重置双因素认证',
  UserOidcLinked: '关联统一认证账号',
  PersonalDataViewed: '查看完整个人信息',
};

const FIELD_LABELS: Record<string, string> = {
  code: '编码',
  name: '名称',
  level: '等级',
  hours: '课时',
  scope: '培训范围',
  version: '版本',
  status: '状态',
  round: '审核轮次',
  levelIndex: '审核级别序号',
  reason: '原因',
  lifecycle: '机构状态',
  scale: '培训规模',
  floorArea: '场所面积',
  validUntil: '有效日期',
  supervisingAuthorityId: '主管部门',
  legalPersonName: '法人代表',
  legalPersonIdNumber: '法人身份证号',
  phone: '联系电话',
  bankAccount: '银行账户',
  personCategory: '人员类别',
  idNumber: '身份证号码',
  enrolments: '登记机构',
};
const PREFIX_LABELS: Record<string, string> = { pending: '待审核', published: '已发布', effective: '生效', review: '审核', person: '学员' };

/** `pending.hours` -> 待审核·课时; the masked form of a protected value stands for the value. */
export function fieldLabel(path: string): string {
  return path
    .split('.')
    .filter((part) => !['masked', 'cipher', 'blindIndex'].includes(part))
    .map((part) => PREFIX_LABELS[part] ?? FIELD_LABELS[part] ?? part)
    .join('·');
}
