// The class's two spreadsheets as kinds of the one import mechanism (commands/import): the template,
// validation, error report, progress and resumption are the mechanism's; the rows are the domain's
// (domain/training-class/class-imports.ts). Both name the class on each row by its number.
// - 学员报名导入: each valid row enrols one person, exactly as 按身份证号报名 does (the record found by
//   the ID number's blind index, the name checked against it, eligibility and overlaps checked).
// - 课程表导入: the file is one class's timetable, accepted or refused as a whole (a whole-file kind):
//   its rules (no overlap, within the class's dates, teachers assigned) hold between the rows.
import { normalizeIdNumber } from '../../domain/personal-data/id-number';
import type { RowProblem } from '../../domain/import/import-rows';
import { RuleViolationError } from '../../domain/shared/errors';
import {
  CLASS_NO_COLUMN,
  ENROLMENT_IMPORT_COLUMNS,
  ENROLMENT_IMPORT_KIND,
  TIMETABLE_IMPORT_COLUMNS,
  TIMETABLE_IMPORT_KIND,
  classNoCell,
  dateCell,
  parseEnrolmentRow,
  parseTimetableRows,
  timeCell,
  type EnrolmentColumn,
  type EnrolmentRow,
  type TimetableColumn,
} from '../../domain/training-class/class-imports';
import type { ImportKind, RowOutcome } from '../import/import-kinds';
import type { RequestContext } from '../pipeline/request-context';
import type { TrainingClassCommands } from './training-class-commands';
import type { TrainingClassDirectory } from './training-class-directory';

interface Deps {
  trainingClasses: TrainingClassCommands;
  directory: TrainingClassDirectory;
}

const classNoProblem = (row: number, text: string): RowProblem => ({ row, column: CLASS_NO_COLUMN.header, message: text ? `班级编号“${text}”格式不正确（如 520102-2026-0001）` : '班级编号不能为空' });

async function classOf(deps: Deps, institutionId: string, classNo: string): Promise<string> {
  const classId = await deps.directory.classIdByNumber(institutionId, classNo);
  if (!classId) throw new RuleViolationError(`本机构没有班级编号为${classNo}的班级`, 'training_class.unknown_class');
  return classId;
}

type EnrolmentImportInput = EnrolmentRow & { classNo: string };

export function enrolmentImportKind(deps: Deps): ImportKind<EnrolmentImportInput> {
  return {
    kind: ENROLMENT_IMPORT_KIND,
    label: '学员报名',
    columns: ENROLMENT_IMPORT_COLUMNS,
    identityColumn: '身份证号码',
    permissions: ['training-class:manage'],
    async referenceLists() {
      return [{ sheetName: '资金方式', headers: ['名称', '含义'], rows: [['补贴', '须符合补贴条件'], ['自费', '自费参加培训'], ['', '留空：符合补贴条件即补贴，否则自费']], dropDown: { listColumn: 0, forColumn: 'funding' } }];
    },
    async prepare(job) {
      return {
        context: {},
        check(row, cells) {
          const classNo = classNoCell(cells.classNo ?? '');
          const checked = parseEnrolmentRow(row, cells as Record<EnrolmentColumn, string>, job.today);
          const problems = [...(classNo ? [] : [classNoProblem(row, cells.classNo ?? '')]), ...(checked.ok ? [] : checked.problems)];
          return classNo && checked.ok ? { ok: true, input: { ...checked.input, classNo } } : { ok: false, problems };
        },
        // The same person twice for one class is a duplicate; one person may be in several classes of a file.
        identity: (input) => `${input.classNo}|${normalizeIdNumber(input.idNumber)}`,
        async importRow(input, request): Promise<RowOutcome> {
          const classId = await classOf(deps, job.institutionId, input.classNo);
          const personId = await deps.trainingClasses.personByIdNumber(classId, input.idNumber, input.name);
          const enrolled = await deps.trainingClasses.enrol(
            classId,
            [{ personId, ...(input.funding ? { funding: input.funding } : {}), commitmentSigned: true, commitmentSignedOn: input.commitmentSignedOn }],
            request,
          );
          return enrolled.events.length ? 'imported' : 'unchanged';
        },
      };
    },
  };
}

interface TimetableImportInput {
  row: number;
  classNo: string;
  cells: Record<TimetableColumn, string>;
}

export function timetableImportKind(deps: Deps): ImportKind<TimetableImportInput> {
  return {
    kind: TIMETABLE_IMPORT_KIND,
    label: '课程表',
    columns: TIMETABLE_IMPORT_COLUMNS,
    identityColumn: '开始时间',
    permissions: ['training-class:manage'],
    wholeFile: true,
    async referenceLists() {
      return [{ sheetName: '授课方式', headers: ['名称'], rows: [['理论'], ['实操']], dropDown: { listColumn: 0, forColumn: 'mode' } }];
    },
    async prepare() {
      return {
        context: {},
        // Each row's own shape here; the rules between rows when the whole file is imported.
        check(row, cells) {
          const problems: RowProblem[] = [];
          const classNo = classNoCell(cells.classNo ?? '');
          if (!classNo) problems.push(classNoProblem(row, cells.classNo ?? ''));
          if (!dateCell(cells.date ?? '')) problems.push({ row, column: '上课日期', message: `上课日期“${cells.date ?? ''}”不是有效日期（如 2026-03-02）` });
          if (!timeCell(cells.start ?? '')) problems.push({ row, column: '开始时间', message: `开始时间“${cells.start ?? ''}”格式应为 HH:MM（如 09:00）` });
          if (!timeCell(cells.end ?? '')) problems.push({ row, column: '结束时间', message: `结束时间“${cells.end ?? ''}”格式应为 HH:MM（如 12:00）` });
          if (problems.length || !classNo) return { ok: false, problems };
          return { ok: true, input: { row, classNo, cells: cells as Record<TimetableColumn, string> } };
        },
        identity: (input) => `${input.classNo}|${dateCell(input.cells.date)}|${timeCell(input.cells.start)}`,
        importRow: async () => {
          throw new Error('a timetable is imported as a whole (importRows)');
        },
        async importRows(rows: { input: TimetableImportInput; request: RequestContext }[]) {
          const all = (error: Error) => rows.map(() => error);
          const numbers = [...new Set(rows.map((r) => r.input.classNo))];
          if (numbers.length !== 1) return all(new RuleViolationError(`一个课程表文件只能包含一个班级，文件中有${numbers.join('、')}`, 'training_class.timetable_one_class'));
          let classId: string;
          try {
            classId = await classOf(deps, rows[0]!.request.actor.orgId ?? '', numbers[0]!);
          } catch (error) {
            if (error instanceof RuleViolationError) return all(error);
            throw error;
          }
          const state = await deps.trainingClasses.runner.existing(classId);
          const parsed = parseTimetableRows(rows.map((r) => ({ row: r.input.row, cells: r.input.cells })), state.teachers, state.details.venue.address);
          if (!parsed.ok) {
            // The rows' own problems on their rows; every other row refused with the file.
            const byRow = new Map<number, string[]>();
            for (const p of parsed.problems) byRow.set(p.row, [...(byRow.get(p.row) ?? []), `${p.column}：${p.message}`]);
            return rows.map((r) => new RuleViolationError(byRow.get(r.input.row)?.join('；') ?? '课程表中有错误行，整份课程表未导入', 'training_class.timetable_rows'));
          }
          try {
            const result = await deps.trainingClasses.setTimetable(classId, parsed.sessions, rows[0]!.request);
            return rows.map((): RowOutcome => (result.events.length ? 'imported' : 'unchanged'));
          } catch (error) {
            if (error instanceof RuleViolationError || (error as { code?: string }).code === 'VALIDATION_FAILED') return all(error as Error);
            throw error;
          }
        },
      };
    },
  };
}
