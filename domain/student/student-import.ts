// 学籍注册批量导入: the template's columns, and one row checked with exactly the schema the
// registration form uses (student-input.ts), so a row the import accepts is one the form would
// accept. Coded values may be typed as their label (the template's drop-downs offer labels) or code;
// the major by its code among the school's approved majors.
import { ValidationError } from '../shared/errors';
import { problemsOf, type ImportColumn, type RowProblem } from '../import/import-rows';
import { categoryCode, type CategoryEntry } from '../import/trainee-import';
import type { IsoDate } from '../personal-data/normalize';
import { CLASS_TYPES, CLASS_TYPE_LABELS, EDUCATION_LABELS, EDUCATION_LEVELS } from '../technical-school/school-vocabulary';
import { HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_LABELS, STUDY_MODES, STUDY_MODE_LABELS, parseRegistrationInput, type RegistrationInput } from './student-input';

export type StudentColumn =
  | 'name' | 'idNumber' | 'phone' | 'householdType' | 'povertyRegistered' | 'education' | 'previousSchool' | 'address'
  | 'majorId' | 'classType' | 'studyMode' | 'cohortYear' | 'enrolledOn' | 'studentNumber' | 'personCategory';

export const STUDENT_COLUMNS: readonly ImportColumn<StudentColumn>[] = [
  { key: 'name', header: '姓名', required: true, example: '王小红', width: 12, text: true },
  { key: 'idNumber', header: '身份证号码', required: true, example: '520102201005061224', width: 22, text: true },
  { key: 'phone', header: '联系电话', required: false, example: '13800138000', width: 14, text: true },
  { key: 'householdType', header: '户口性质', required: true, example: '农业户口', width: 12 },
  { key: 'povertyRegistered', header: '建档立卡贫困户', required: true, example: '否', width: 14 },
  { key: 'education', header: '入学前文化程度', required: true, example: '初中', width: 14 },
  { key: 'previousSchool', header: '入学前就读学校', required: false, example: '贵阳市第一中学', width: 24 },
  { key: 'address', header: '家庭地址', required: false, example: '贵州省贵阳市南明区', width: 30 },
  { key: 'majorId', header: '专业代码', required: true, example: '0101-4', width: 12, text: true },
  { key: 'classType', header: '班级类型', required: true, example: '中级工班', width: 12 },
  { key: 'studyMode', header: '学习形式', required: true, example: '全日制', width: 10 },
  { key: 'cohortYear', header: '年级', required: true, example: '2026', width: 8 },
  { key: 'enrolledOn', header: '入学日期', required: true, example: '2026-09-01', width: 12, text: true },
  { key: 'studentNumber', header: '学号', required: false, example: '2026010001', width: 14, text: true },
  // Optional, last: files made from the template before the column existed still import.
  { key: 'personCategory', header: '人员类别', required: false, example: '城乡未继续升学的应届初高中毕业生', width: 30 },
];

/** A school's approved major as the import resolves codes to it. */
export interface ImportMajor {
  id: string;
  code: string;
  name: string;
}

const headerOf = (key: StudentColumn) => STUDENT_COLUMNS.find((c) => c.key === key)!.header;

/** A coded value typed as its label or its code; undefined when it is neither. */
function codeOf<T extends string>(value: string, codes: readonly T[], labels: Record<T, string>, aliases: Record<string, T> = {}): T | undefined {
  const text = value.trim();
  return codes.find((code) => code === text || labels[code] === text) ?? aliases[text];
}

const yesNo = (value: string): boolean | undefined => ({ 是: true, 否: false, Y: true, N: false, y: true, n: false })[value.trim()];
const yearOf = (value: string) => (/^\d{4}$/.test(value.trim()) ? Number(value.trim()) : value === '' ? undefined : value);

export type StudentRowResult = { ok: true; input: RegistrationInput } | { ok: false; problems: RowProblem[] };

/** `categories`: the person_category dictionary's active entries (人员类别 typed as label or code). */
export function parseStudentRow(row: number, cells: Record<StudentColumn, string>, today: IsoDate, majors: readonly ImportMajor[], categories: readonly CategoryEntry[]): StudentRowResult {
  const problems: RowProblem[] = [];
  const own = new Set<string>();
  const coded = <T extends string>(key: StudentColumn, codes: readonly T[], labels: Record<T, string>, aliases: Record<string, T> = {}): T | string | undefined => {
    if (!cells[key]) return undefined;
    const code = codeOf(cells[key], codes, labels, aliases);
    if (code) return code;
    own.add(key);
    problems.push({ row, column: headerOf(key), message: `${headerOf(key)}“${cells[key]}”不在可选范围内，可填：${codes.map((c) => labels[c]).join('、')}` });
    return undefined;
  };
  const householdType = coded('householdType', HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_LABELS, { 农业: 'agricultural', 非农业: 'non_agricultural' });
  const education = coded('education', EDUCATION_LEVELS, EDUCATION_LABELS);
  const classType = coded('classType', CLASS_TYPES, CLASS_TYPE_LABELS);
  const studyMode = coded('studyMode', STUDY_MODES, STUDY_MODE_LABELS);
  const poverty = cells.povertyRegistered ? yesNo(cells.povertyRegistered) : undefined;
  if (poverty === undefined) {
    own.add('povertyRegistered');
    problems.push({ row, column: headerOf('povertyRegistered'), message: cells.povertyRegistered ? `建档立卡贫困户“${cells.povertyRegistered}”无法识别，请填写“是”或“否”` : '建档立卡贫困户不能为空，请填写“是”或“否”' });
  }
  const personCategory = cells.personCategory ? categoryCode(cells.personCategory, categories) : null;
  if (personCategory === undefined) {
    own.add('personCategory');
    problems.push({ row, column: headerOf('personCategory'), message: `人员类别“${cells.personCategory}”不在字典中，请从下拉列表选择` });
  }
  const major = cells.majorId ? majors.find((m) => m.code === cells.majorId.trim()) : undefined;
  if (cells.majorId && !major) {
    own.add('majorId');
    problems.push({ row, column: headerOf('majorId'), message: `专业代码“${cells.majorId}”不是本校已审批通过的专业` });
  }
  let input: RegistrationInput | undefined;
  try {
    input = parseRegistrationInput(
      {
        name: cells.name,
        idNumber: cells.idNumber,
        phone: cells.phone,
        householdType,
        povertyRegistered: poverty,
        education,
        previousSchool: cells.previousSchool,
        address: cells.address,
        majorId: major?.id ?? (cells.majorId || undefined),
        classType,
        studyMode,
        cohortYear: yearOf(cells.cohortYear),
        enrolledOn: cells.enrolledOn || undefined,
        studentNumber: cells.studentNumber,
        personCategory: personCategory ?? null,
      },
      today,
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...problemsOf(row, error.fields.filter((f) => !own.has(f.field.split('.')[0]!)), STUDENT_COLUMNS));
  }
  if (input && problems.length === 0) return { ok: true, input };
  const order = (column: string) => STUDENT_COLUMNS.findIndex((c) => c.header === column);
  return { ok: false, problems: problems.sort((a, b) => order(a.column) - order(b.column)) };
}
