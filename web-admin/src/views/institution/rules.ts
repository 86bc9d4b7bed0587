// Quick client-side checks while typing; the domain is the authority (ID number check digit,
// credit code, dates, licence document ...) and its field errors land on the same fields.
import type { FormItemRule } from 'element-plus';
import type { InstitutionFormModel } from './types';

const required = (message: string, trigger: 'blur' | 'change' = 'blur'): FormItemRule => ({ required: true, message, trigger });

export const institutionFormRules: Partial<Record<keyof InstitutionFormModel, FormItemRule[]>> = {
  name: [required('请输入机构名称')],
  creditCode: [required('请输入统一社会信用代码'), { len: 18, message: '统一社会信用代码为18位', trigger: 'blur' }],
  supervisingAuthorityId: [required('请选择主管部门', 'change')],
  nature: [required('请选择机构性质', 'change')],
  category: [required('请选择机构类型', 'change')],
  registeredAddress: [required('请输入注册地')],
  schoolAddress: [required('请输入办学地点')],
  legalPersonName: [required('请输入法人代表')],
  legalPersonIdNumber: [required('请输入法人身份证号'), { len: 18, message: '身份证号为18位', trigger: 'blur' }],
  trainingHead: [required('请输入培训负责人')],
  phone: [required('请输入联系电话')],
  licenceNumber: [required('请输入办学许可证号')],
  recognitionDate: [required('请选择认定日期', 'change')],
  approvalDate: [required('请选择批准日期', 'change')],
  validUntil: [required('请选择有效日期', 'change')],
  scale: [required('请输入培训规模')],
  floorArea: [required('请输入场所面积')],
  bankAccount: [required('请输入银行账户')],
  bankAccountName: [required('请输入开户名')],
  occupationScope: [{ type: 'array', required: true, min: 1, message: '请至少填写一个培训工种', trigger: 'change' }],
  documents: [{ type: 'array', required: true, min: 1, message: '请至少登记办学许可证', trigger: 'change' }],
};

/**
 * Rules of the edit form: the personal data, shown only masked, may be left empty (unchanged on the
 * server); a value typed in is still checked.
 */
export const institutionEditRules: typeof institutionFormRules = {
  ...institutionFormRules,
  legalPersonIdNumber: [{ len: 18, message: '身份证号为18位', trigger: 'blur' }],
  phone: [],
  bankAccount: [],
};

export const emptyInstitutionForm = (): InstitutionFormModel => ({
  name: '',
  creditCode: '',
  supervisingAuthorityId: '',
  nature: '',
  category: 'ordinary',
  categoryTags: [],
  designated: false,
  registeredAddress: '',
  schoolAddress: '',
  legalPersonName: '',
  legalPersonIdNumber: '',
  trainingHead: '',
  phone: '',
  licenceNumber: '',
  recognitionDate: '',
  approvalDate: '',
  validUntil: '',
  scale: undefined,
  floorArea: undefined,
  bankAccount: '',
  bankAccountName: '',
  occupationScope: [{ code: '', name: '' }],
  documents: [{ kind: 'licence', name: '', fileId: '' }],
});

/** The server's field paths (`occupationScope.0.code`) shown on the form item of their list. */
export function formFieldErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const key = path.split('.')[0] ?? path;
    out[key] = out[key] ? `${out[key]}；${message}` : message;
  }
  return out;
}
