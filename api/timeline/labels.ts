// Chinese names of record fields common to many modules, for timelines and audit replay; each
// module adds its own, and its event labels, in its manifest (api/module-registry.ts merges them).

/** Field names common to many records; each module adds its own (its manifest's fieldLabels). */
export const COMMON_FIELD_LABELS: Record<string, string> = {
  code: '编码',
  name: '名称',
  level: '等级',
  kind: '类别',
  label: '名称',
  status: '状态',
  version: '版本',
  reason: '原因',
  institutionId: '机构',
  orgId: '所属机构',
  phone: '联系电话',
  idNumber: '身份证号码',
  bankAccount: '银行账户',
  birthDate: '出生日期',
  sex: '性别',
  review: '审核',
};
const PREFIX_LABELS: Record<string, string> = { pending: '待审核', published: '已发布', effective: '生效', review: '审核', person: '学员', profile: '教师' };

/** `pending.hours` -> 待审核·课时; the masked form of a protected value stands for the value. */
export const fieldLabelWith =
  (labels: Readonly<Record<string, string>>) =>
  (path: string): string =>
    path
      .split('.')
      .filter((part) => !['masked', 'cipher', 'blindIndex'].includes(part))
      .map((part) => PREFIX_LABELS[part] ?? labels[part] ?? part)
      .join('·');
