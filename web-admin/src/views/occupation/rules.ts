// Client-side checks for a quick answer while typing. The domain (zod) is the authority: the code
// format and every other rule come back from the server as BAD_USER_INPUT field errors and are
// shown on the same fields, so the console does not repeat the format rules here.
import type { FormRules } from 'element-plus';
import type { OccupationFormModel } from './types';

export const occupationFormRules: FormRules<OccupationFormModel> = {
  code: [{ required: true, message: '工种编码不能为空', trigger: 'blur' }],
  name: [
    { required: true, message: '工种名称不能为空', trigger: 'blur' },
    { max: 50, message: '工种名称不能超过50个字', trigger: 'blur' },
  ],
  level: [{ required: true, message: '请选择技能等级', trigger: 'change' }],
  hours: [{ required: true, type: 'integer', message: '请输入培训课时（整数）', trigger: 'blur' }],
  scope: [{ max: 500, message: '培训范围不能超过500个字', trigger: 'blur' }],
};

export const emptyOccupationForm = (): OccupationFormModel => ({ code: '', name: '', level: '', hours: undefined, scope: '' });
