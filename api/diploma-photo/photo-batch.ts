// Many diploma photos at once (issue 15 §5): files or zip entries named by the student's ID number
// or student number (学号). What both the file batch (GraphQL) and the zip upload (HTTP) share: the
// name's stem, the student it names (within the caller's data scope: another school's student looks
// missing) and a refusal's Chinese reason.
import type { Knex } from 'knex';
import { idNumberCheckCharacter } from '../../domain/personal-data/id-number';
import { DomainError, ValidationError } from '../../domain/shared/errors';
import { studentsTable } from '../../projections/student/students-table';
import type { Platform } from '../platform';
import type { ScopeWithRecords } from '../records';

export type PhotoNamedBy = 'ID_NUMBER' | 'STUDENT_NUMBER';
export const PHOTO_NAMED_BY: readonly PhotoNamedBy[] = ['ID_NUMBER', 'STUDENT_NUMBER'];

/** The file name without its extension, trimmed, upper case (a lower-case x ends some ID numbers). */
export const stemOf = (name: string) => name.replace(/\.[^.]*$/, '').trim().toUpperCase();
export const isIdNumber = (s: string) => /^\d{17}[\dX]$/.test(s) && idNumberCheckCharacter(s.slice(0, 17)) === s[17];

/** A domain refusal's Chinese message (one file's outcome in a batch); anything else is not the file's fault. */
export function refusalMessage(error: unknown): string {
  if (error instanceof ValidationError) return error.fields[0]?.message ?? error.message;
  if (error instanceof DomainError) return error.message;
  throw error;
}

/** The stems named more than once in a batch: each such file is refused (one photo per student). */
export function repeatedStems(stems: string[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const stem of stems) (seen.has(stem) ? repeated : seen).add(stem);
  return repeated;
}

/**
 * The student a file's stem names, or the reason it names none. By ID number: the person's
 * stream anywhere in the province, then the scope check. By student number: the caller's own
 * school's students (a student number is only unique within a school, if at all).
 */
export async function studentNamed(
  platform: Platform,
  scope: ScopeWithRecords,
  orgId: string,
  stem: string,
  namedBy: PhotoNamedBy,
): Promise<{ studentId: string } | { problem: string }> {
  if (namedBy === 'ID_NUMBER') {
    if (!isIdNumber(stem)) return { problem: '文件名应为学生的身份证号码（如 520102200805061511.jpg）' };
    const studentId = await platform.commands.students.personIdFor(stem);
    if (!(await scope.findRecord(`student-${studentId}`))) return { problem: '没有该身份证号码的学籍记录' };
    return { studentId };
  }
  if (!/^[0-9A-Z_-]{1,30}$/.test(stem)) return { problem: '文件名应为学生的学号（字母、数字，如 2024010203.jpg）' };
  const rows = (await studentNumberQuery(platform.knex, orgId, stem)) as { id: string }[];
  if (rows.length === 0) return { problem: `本校没有学号为 ${stem} 的学生` };
  if (rows.length > 1) return { problem: `学号 ${stem} 对应多名学生，请改用身份证号码命名` };
  if (!(await scope.findRecord(`student-${rows[0]!.id}`))) return { problem: `本校没有学号为 ${stem} 的学生` };
  return { studentId: rows[0]!.id };
}

const studentNumberQuery = (knex: Knex, schoolId: string, stem: string) =>
  studentsTable(knex).select('id').where('students.school_id', schoolId).whereRaw('upper(students.student_number) = ?', [stem]).limit(2);
