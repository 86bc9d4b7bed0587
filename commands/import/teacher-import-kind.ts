// The teacher kind of import: each valid row is declared and submitted for review exactly as the
// console's "保存并提交" does (declareTeacher with submit: true), through the teacher module's
// commands. A teacher another institution declared is engaged (one record per ID number): the row is
// `linked`. The teacher commands have no batch entry, so rows go one by one (importRow).
import { FULL_TIME_CHOICES, TEACHER_COLUMNS, parseTeacherRow, type TeacherColumn } from '../../domain/import/teacher-import';
import { normalizeIdNumber } from '../../domain/personal-data/id-number';
import { TEACHER_LEVELS, TEACHER_LEVEL_LABELS, type TeacherInput } from '../../domain/teacher/teacher-input';
import type { TeacherCommands } from '../teacher/teacher-commands';
import type { ImportKind, RowOutcome } from './import-kinds';

export function teacherImportKind(deps: { teachers: TeacherCommands }): ImportKind<TeacherInput> {
  return {
    kind: 'teacher',
    label: '培训师资',
    columns: TEACHER_COLUMNS,
    identityColumn: '身份证号码',
    permissions: ['teacher:declare', 'review:submit'],
    async referenceLists() {
      return [
        { sheetName: '是否专职', headers: ['名称', '含义'], rows: FULL_TIME_CHOICES.map(([yes, meaning]) => [yes, meaning]), dropDown: { listColumn: 0, forColumn: 'fullTime' } },
        { sheetName: '师资等级', headers: ['名称', '编码'], rows: TEACHER_LEVELS.map((code) => [TEACHER_LEVEL_LABELS[code], code]), dropDown: { listColumn: 0, forColumn: 'level' } },
      ];
    },
    // Nothing to load: the levels are fixed in the domain, so validation and import check alike.
    async prepare(job) {
      return {
        context: {},
        check: (row, cells) => parseTeacherRow(row, cells as Record<TeacherColumn, string>, job.today),
        identity: (input) => normalizeIdNumber(input.idNumber),
        async importRow(input, request): Promise<RowOutcome> {
          // Declared and submitted in one append: a resumed row repeats its command id and writes nothing twice.
          const declared = await deps.teachers.declare(job.institutionId, input, request, { submit: true });
          // Already engaged by this institution: nothing declared, nothing submitted.
          if (declared.events.length === 0) return 'unchanged';
          return declared.events[0]!.type === 'TeacherDeclared' ? 'imported' : 'linked';
        },
      };
    },
  };
}
