// The student kind of import (学籍注册批量导入): each valid row is registered and submitted for
// approval exactly as the console's "注册并提交" does (the same decider with submission), through the
// student module's commands, a batch of rows per commit (registerMany); outside the registration
// window, or for a person holding a status elsewhere, the row is skipped with the domain's message.
import { normalizeIdNumber } from '../../domain/personal-data/id-number';
import { CLASS_TYPES, CLASS_TYPE_LABELS, EDUCATION_LABELS, EDUCATION_LEVELS } from '../../domain/technical-school/school-vocabulary';
import { STUDENT_COLUMNS, parseStudentRow, type ImportMajor, type StudentColumn } from '../../domain/student/student-import';
import { HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_LABELS, STUDY_MODES, STUDY_MODE_LABELS, type RegistrationInput } from '../../domain/student/student-input';
import type { CategoryEntry } from '../../domain/import/trainee-import';
import type { DictionaryCommands } from '../dictionary/dictionary-commands';
import type { StudentCommands } from '../student/student-commands';
import type { StudentDirectory } from '../student/student-directory';
import type { ImportKind, ReferenceList, RowOutcome } from './import-kinds';

const outcomeOf = (registered: { events: unknown[] }): RowOutcome => (registered.events.length === 0 ? 'unchanged' : 'imported');

const list = (sheetName: string, rows: string[][], forColumn: StudentColumn): ReferenceList => ({ sheetName, headers: ['名称', '编码'], rows, dropDown: { listColumn: 0, forColumn } });

export function studentImportKind(deps: { students: StudentCommands; directory: Pick<StudentDirectory, 'approvedMajorsOf'>; dictionaries: Pick<DictionaryCommands, 'entries'> }): ImportKind<RegistrationInput> {
  const activeCategories = async (): Promise<CategoryEntry[]> => (await deps.dictionaries.entries('person_category')).filter((e) => e.active).map(({ code, label }) => ({ code, label }));
  return {
    kind: 'student',
    label: '学籍注册',
    columns: STUDENT_COLUMNS,
    identityColumn: '身份证号码',
    permissions: ['student:register', 'review:submit'],
    async referenceLists() {
      return [
        list('户口性质', HOUSEHOLD_TYPES.map((c) => [HOUSEHOLD_TYPE_LABELS[c], c]), 'householdType'),
        list('是否', [['是', '是'], ['否', '否']], 'povertyRegistered'),
        list('文化程度', EDUCATION_LEVELS.map((c) => [EDUCATION_LABELS[c], c]), 'education'),
        list('班级类型', CLASS_TYPES.map((c) => [CLASS_TYPE_LABELS[c], c]), 'classType'),
        list('学习形式', STUDY_MODES.map((c) => [STUDY_MODE_LABELS[c], c]), 'studyMode'),
        list('人员类别', (await activeCategories()).map((c) => [c.label, c.code]), 'personCategory'),
      ];
    },
    async prepare(job) {
      // The school's approved majors and the active 人员类别 at validation, recorded so the import phase checks rows the same way.
      const majors = (job.context?.majors as ImportMajor[] | undefined) ?? (await deps.directory.approvedMajorsOf(job.institutionId));
      const categories = (job.context?.categories as CategoryEntry[] | undefined) ?? (await activeCategories());
      return {
        context: { majors, categories },
        check: (row, cells) => parseStudentRow(row, cells as Record<StudentColumn, string>, job.today, majors, categories),
        identity: (input) => normalizeIdNumber(input.idNumber),
        async importRow(input, request): Promise<RowOutcome> {
          return outcomeOf(await deps.students.register(job.institutionId, input, request, { submit: true }));
        },
        // A batch of rows: the school's windows, majors and review authorities read once, new people in one commit.
        async importRows(rows) {
          const results = await deps.students.registerMany(job.institutionId, rows);
          return results.map((r) => (r instanceof Error ? r : outcomeOf(r)));
        },
      };
    },
  };
}
