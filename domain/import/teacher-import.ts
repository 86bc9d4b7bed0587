// The teacher import (培训师资批量导入): the template's columns, and one row checked with exactly the
// schema the declaration form uses (domain/teacher/teacher-input.ts), so a row the import accepts is
// one the form would accept. The headers are the form's own labels, so the schema's messages name
// the column the user sees. A cell holds what a form field holds: 是否专职 as 是/否 (or 专职/兼职),
// 师资等级 as its label or code, several 任课专业 separated by 、 or a comma. The training history
// (a table of its own in the form) is not part of the file; it is added in the system.
import type { IsoDate } from '../personal-data/normalize';
import { ValidationError } from '../shared/errors';
import { TEACHER_LEVELS, TEACHER_LEVEL_LABELS, parseTeacherInput, type TeacherInput } from '../teacher/teacher-input';
import { problemsOf, type ImportColumn, type RowProblem } from './import-rows';

export type TeacherColumn = 'name' | 'idNumber' | 'fullTime' | 'subjects' | 'level' | 'trainingQualification' | 'yearsTeaching';

export const TEACHER_COLUMNS: readonly ImportColumn<TeacherColumn>[] = [
  { key: 'name', header: '姓名', required: true, example: '张伟', width: 14, text: true },
  { key: 'idNumber', header: '身份证号码', required: true, example: '520102198503150016', width: 22, text: true },
  { key: 'fullTime', header: '是否专职', required: true, example: '是', width: 10 },
  { key: 'subjects', header: '任课专业', required: true, example: '中式烹调、面点', width: 30 },
  { key: 'level', header: '师资等级', required: true, example: '高级', width: 12 },
  { key: 'trainingQualification', header: '培训资格', required: false, example: 'SYB讲师', width: 20 },
  { key: 'yearsTeaching', header: '任教年限', required: true, example: '12', width: 10 },
];

/** The drop-down values of 是否专职 (名称, 含义): either column is accepted. */
export const FULL_TIME_CHOICES: readonly [string, string, boolean][] = [
  ['是', '专职', true],
  ['否', '兼职', false],
];

export type TeacherRowResult = { ok: true; input: TeacherInput } | { ok: false; problems: RowProblem[] };

const headerOf = (key: TeacherColumn) => TEACHER_COLUMNS.find((c) => c.key === key)!.header;

/** 是/否, 专职/兼职 (全职 too) -> boolean; undefined when it is none of them. */
export function fullTimeOf(value: string): boolean | undefined {
  const text = value.trim();
  if (text === '全职') return true;
  return FULL_TIME_CHOICES.find(([yes, meaning]) => text === yes || text === meaning)?.[2];
}

/** Label (高级) or code (senior) -> code; undefined when it is neither. */
export function levelCode(value: string): TeacherInput['level'] | undefined {
  const text = value.trim();
  return TEACHER_LEVELS.find((code) => code === text || TEACHER_LEVEL_LABELS[code] === text);
}

/** Several subjects in one cell: separated by 、，,;； or line breaks; blanks and repeats dropped. */
export const subjectsOf = (value: string) => [...new Set(value.split(/[、，,;；\n]/).map((s) => s.trim()).filter(Boolean))];

/** A number as typed ('12') becomes a number; anything else goes to the schema as it is, which names the problem. */
const yearsOf = (value: string) => (value === '' ? undefined : /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value);

export function parseTeacherRow(row: number, cells: Record<TeacherColumn, string>, today: IsoDate): TeacherRowResult {
  const problems: RowProblem[] = [];
  const fullTime = cells.fullTime ? fullTimeOf(cells.fullTime) : undefined;
  const level = cells.level ? levelCode(cells.level) : undefined;
  // Our own message for a cell the schema would only see as missing.
  const own = new Set<string>();
  if (fullTime === undefined) {
    own.add('fullTime');
    problems.push({ row, column: headerOf('fullTime'), message: cells.fullTime ? `是否专职“${cells.fullTime}”无法识别，请填写“是”或“否”` : '是否专职不能为空，请填写“是”或“否”' });
  }
  if (cells.level && level === undefined) {
    own.add('level');
    problems.push({ row, column: headerOf('level'), message: `师资等级“${cells.level}”不在可选范围内，请从下拉列表选择（初级、中级、高级）` });
  }
  let input: TeacherInput | undefined;
  try {
    input = parseTeacherInput(
      {
        name: cells.name,
        idNumber: cells.idNumber,
        fullTime,
        subjects: subjectsOf(cells.subjects),
        level: level ?? (cells.level || undefined),
        trainingQualification: cells.trainingQualification,
        yearsTeaching: yearsOf(cells.yearsTeaching),
      },
      today,
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...problemsOf(row, error.fields.filter((f) => !own.has(f.field.split('.')[0]!)), TEACHER_COLUMNS));
  }
  if (input && problems.length === 0) return { ok: true, input };
  const order = (column: string) => TEACHER_COLUMNS.findIndex((c) => c.header === column);
  return { ok: false, problems: problems.sort((a, b) => order(a.column) - order(b.column)) };
}
