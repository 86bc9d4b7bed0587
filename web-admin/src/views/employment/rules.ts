// The form's checks in the browser, mirroring the server's (domain/employment/employment-input.ts):
// the fields a destination needs, the pay in yuan with at most two decimals.
import type { FormItemRule } from 'element-plus';
import { yuanToFen } from '@/utils/money';
import type { EmploymentFormModel } from './types';

const working = (m: EmploymentFormModel) => m.destination === 'employed' || m.destination === 'self_employed';
const when = (test: (m: EmploymentFormModel) => boolean, message: string, model: EmploymentFormModel): FormItemRule => ({
  trigger: 'blur',
  validator: (_rule, value: string, callback) => (test(model) && !String(value ?? '').trim() ? callback(new Error(message)) : callback()),
});

export const employmentRules = (model: EmploymentFormModel): Record<string, FormItemRule[]> => ({
  destination: [{ required: true, message: '请选择毕业去向', trigger: 'change' }],
  employer: [when(working, '就业须填写就业单位（自主创业填写创业实体名称）', model)],
  employedOn: [when(working, '就业须填写就业日期', model)],
  monthlyPayYuan: [
    when(working, '就业须填写月收入', model),
    { trigger: 'blur', validator: (_r, value: string, callback) => (value && yuanToFen(value) === null ? callback(new Error('月收入应为金额（元），最多两位小数')) : callback()) },
  ],
  furtherStudySchool: [when((m) => m.destination === 'further_study', '升学须填写升学院校', model)],
});

/** The input the server takes: the pay as fen text, a destination's fields only. */
export function toEmploymentInput(m: EmploymentFormModel) {
  return {
    destination: m.destination,
    employer: m.employer.trim(),
    position: m.position.trim(),
    employedOn: m.employedOn || null,
    monthlyPayFen: m.monthlyPayYuan.trim() ? yuanToFen(m.monthlyPayYuan) : null,
    furtherStudySchool: m.furtherStudySchool.trim(),
    certificates: m.certificates.map((c) => ({ occupation: c.occupation.trim(), level: c.level, number: c.number.trim(), issuedOn: c.issuedOn })),
    note: m.note.trim(),
  };
}
