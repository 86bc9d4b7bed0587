import type { ReviewEvent } from '../review/review';
import type { InstitutionEvent, InstitutionState, InstitutionSuspended } from './institution';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const INSTITUTION_EVENT_LABELS: Record<Exclude<InstitutionEvent['type'], ReviewEvent['type']>, string> = {
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
  InstitutionPenaltyImposed: '处理（约谈、整改、通报、解约）',
};
/** The coded reasons institution events carry, by event type (audit log and timeline show the words). */
export const INSTITUTION_REASON_LABELS: { InstitutionSuspended: Record<InstitutionSuspended['data']['reason'], string> } = {
  InstitutionSuspended: { licence_expired: '办学许可证已过期' },
};
export const INSTITUTION_STATUS_LABELS: Record<InstitutionState['status'], string> = { none: '无', registered: '已登记' };
export const INSTITUTION_FIELD_LABELS: Record<string, string> = {
  lifecycle: '机构状态',
  scale: '培训规模',
  floorArea: '场所面积',
  validUntil: '有效日期',
  supervisingAuthorityId: '主管部门',
  legalPersonName: '法人代表',
  legalPersonIdNumber: '法人身份证号',
  phone: '联系电话',
  bankAccount: '银行账户',
  registeredByOrgId: '登记单位',
  registeredAddress: '注册地',
  schoolAddress: '办学地点',
  trainingHead: '培训负责人',
  occupationScope: '培训工种范围',
  nature: '机构性质',
  category: '机构类型',
  categoryTags: '机构类别',
  designated: '定点机构',
  recognitionDate: '认定日期',
  approvalDate: '批准日期',
  bankAccountName: '开户名',
  licenceNumber: '办学许可证号',
  documents: '材料',
  creditCode: '统一社会信用代码',
  noticeFor: '到期提醒',
  annualReviews: '年审',
  revokedReason: '撤销原因',
  penalties: '处理记录',
  barredUntil: '暂停开班至',
  imposedOn: '处理日期',
  byOrgId: '处理单位',
  institutionId: '机构',
  effective: '生效',
};
