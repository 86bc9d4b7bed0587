// The class's two spreadsheets, checked in the domain like the trainee import (import-rows.ts):
// - enrolment (学员报名导入): a new import kind, one row per person, each imported on its own;
//   the command layer finds the person by ID number, checks the name matches the record, and
//   builds the EnrolmentRequest (participants.ts) for EnrolParticipants;
// - timetable (课程表导入): one file is one timetable, accepted or refused as a whole, because the
//   rules (no overlap, within the class's dates) are about the rows together.
import type { ImportColumn, RowProblem } from '../import/import-rows';
import { problemsOf } from '../import/import-rows';
import { checkIdNumber } from '../personal-data/id-number';
import type { IsoDate } from '../personal-data/normalize';
import { ValidationError } from '../shared/errors';
import { isCalendarDate } from '../shared/validation';
import { FUNDING_SOURCE_LABELS, SESSION_MODE_LABELS, type FundingSource, type SessionMode } from './class-details';
import type { AssignedTeacher } from './participants';
import { parseTimetable, type Session } from './timetable';

// ---- Cell text as people type it, and as the xlsx reader gives dates and times ----

/** `2026-03-02`, `2026/3/2`, `2026.3.2`, `2026年3月2日`, or a date cell read as `2026-03-02 00:00:00`. */
export function dateCell(text: string): IsoDate | undefined {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+00:00(?::00)?)?$/.exec(text.trim());
  if (!match) return undefined;
  const date = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

/** `9:00`, `09:00`, `09:00:00`, `9点`, or a time cell read as `1899-12-30 09:00:00`. */
export function timeCell(text: string): string | undefined {
  const match = /^(?:\d{4}-\d{2}-\d{2}\s+)?(\d{1,2})(?:[:：](\d{2})(?::\d{2})?|点(?:(\d{1,2})分?)?)$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? match[3] ?? '0');
  return hours < 24 && minutes < 60 ? `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` : undefined;
}

// ---- The class a file is for ----

/**
 * Import files name the class on every row (班级编号, as the class page shows it): the generic
 * import job knows only its kind and the acting institution, and a file may serve several classes
 * (enrolment) or must serve exactly one (timetable).
 */
export const CLASS_NO_COLUMN: ImportColumn<'classNo'> = { key: 'classNo', header: '班级编号', required: true, example: '520102-2026-0001', width: 20, text: true };

/** The class number as typed (any case, spaces around); undefined when it cannot be one. */
export function classNoCell(text: string): string | undefined {
  const value = text.trim().toUpperCase();
  return /^[0-9A-Z-]{6,32}$/.test(value) ? value : undefined;
}

// ---- Enrolment ----

export type EnrolmentColumn = 'name' | 'idNumber' | 'funding' | 'commitmentSignedOn';
export const ENROLMENT_IMPORT_KIND = 'training-class-enrolment';
export const ENROLMENT_COLUMNS: readonly ImportColumn<EnrolmentColumn>[] = [
  { key: 'name', header: '姓名', required: true, example: '王小红', width: 14, text: true },
  { key: 'idNumber', header: '身份证号码', required: true, example: '520102199805061224', width: 22, text: true },
  { key: 'funding', header: '资金方式', required: false, example: '补贴', width: 12 },
  { key: 'commitmentSignedOn', header: '承诺书签署日期', required: true, example: '2026-03-01', width: 16, text: true },
];

/** The enrolment file as imported: the class number, then the enrolment's own columns. */
export const ENROLMENT_IMPORT_COLUMNS: readonly ImportColumn<EnrolmentColumn | 'classNo'>[] = [CLASS_NO_COLUMN, ...ENROLMENT_COLUMNS];

export interface EnrolmentRow {
  name: string;
  idNumber: string;
  /** Left out: subsidised when eligible, otherwise self-paid (EnrolmentRequest.funding). */
  funding?: FundingSource;
  commitmentSignedOn: IsoDate;
}

const FUNDING_WORDS: Record<string, FundingSource> = { 补贴: 'subsidised', 自费: 'self_paid', [FUNDING_SOURCE_LABELS.subsidised]: 'subsidised', [FUNDING_SOURCE_LABELS.self_paid]: 'self_paid' };

export function parseEnrolmentRow(row: number, cells: Record<EnrolmentColumn, string>, today: IsoDate): { ok: true; input: EnrolmentRow } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const name = cells.name.trim();
  if (!name) problems.push({ row, column: '姓名', message: '姓名不能为空' });
  const id = checkIdNumber(cells.idNumber, today);
  if (!id.ok) problems.push({ row, column: '身份证号码', message: id.message });
  const fundingText = cells.funding.trim();
  const funding = fundingText ? FUNDING_WORDS[fundingText] : undefined;
  if (fundingText && !funding) problems.push({ row, column: '资金方式', message: `资金方式“${fundingText}”应为“补贴”或“自费”，或留空（符合条件即补贴，否则自费）` });
  const signedOn = dateCell(cells.commitmentSignedOn);
  if (!signedOn || signedOn > today) problems.push({ row, column: '承诺书签署日期', message: '承诺书签署日期应为不晚于今天的有效日期（如 2026-03-01）' });
  if (problems.length || !id.ok || !signedOn) return { ok: false, problems };
  return { ok: true, input: { name, idNumber: id.info.value, ...(funding ? { funding } : {}), commitmentSignedOn: signedOn } };
}

// ---- Timetable ----

export type TimetableColumn = 'date' | 'start' | 'end' | 'subject' | 'mode' | 'teacher' | 'venue';
export const TIMETABLE_COLUMNS: readonly ImportColumn<TimetableColumn>[] = [
  { key: 'date', header: '上课日期', required: true, example: '2026-03-02', width: 14, text: true },
  { key: 'start', header: '开始时间', required: true, example: '09:00', width: 10, text: true },
  { key: 'end', header: '结束时间', required: true, example: '12:00', width: 10, text: true },
  { key: 'subject', header: '课程内容', required: true, example: '刀工基础', width: 30 },
  { key: 'mode', header: '授课方式', required: true, example: '理论', width: 10 },
  { key: 'teacher', header: '授课教师', required: true, example: '李老师', width: 14 },
  { key: 'venue', header: '上课地点', required: false, example: '', width: 30 },
];

/** The timetable file as imported: the class number, then the timetable's own columns. */
export const TIMETABLE_IMPORT_KIND = 'training-class-timetable';
export const TIMETABLE_IMPORT_COLUMNS: readonly ImportColumn<TimetableColumn | 'classNo'>[] = [CLASS_NO_COLUMN, ...TIMETABLE_COLUMNS];

const MODE_WORDS: Record<string, SessionMode> = { [SESSION_MODE_LABELS.theory]: 'theory', [SESSION_MODE_LABELS.practice]: 'practice', 实训: 'practice', 实践: 'practice' };

/**
 * The rows of a timetable file as the class's sessions, or every problem with its row. Teachers
 * are named as assigned to the class (by name); an empty venue is the class's venue.
 */
export function parseTimetableRows(
  rows: readonly { row: number; cells: Record<TimetableColumn, string> }[],
  teachers: readonly AssignedTeacher[],
  classVenue: string,
): { ok: true; sessions: Session[] } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const inputs = rows.map(({ row, cells }) => {
    const problem = (column: string, message: string) => problems.push({ row, column, message });
    const date = dateCell(cells.date);
    if (!date) problem('上课日期', `上课日期“${cells.date}”不是有效日期（如 2026-03-02）`);
    const start = timeCell(cells.start);
    if (!start) problem('开始时间', `开始时间“${cells.start}”格式应为 HH:MM（如 09:00）`);
    const end = timeCell(cells.end);
    if (!end) problem('结束时间', `结束时间“${cells.end}”格式应为 HH:MM（如 12:00）`);
    const mode = MODE_WORDS[cells.mode.trim()];
    if (!mode) problem('授课方式', '授课方式应为“理论”或“实操”');
    const named = teachers.filter((t) => t.name === cells.teacher.trim());
    if (named.length !== 1) problem('授课教师', named.length ? `本班有${named.length}位同名教师“${cells.teacher}”，请在系统中编排该节课` : `“${cells.teacher}”不是本班已选配的教师，请先选配教师`);
    return { date: date ?? cells.date, start: start ?? cells.start, end: end ?? cells.end, subject: cells.subject, mode: mode ?? cells.mode, teacherId: named[0]?.teacherId ?? '', venue: cells.venue.trim() || classVenue };
  });
  if (problems.length) return { ok: false, problems };
  try {
    return { ok: true, sessions: parseTimetable(inputs) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // `sessions.<index>.<field>` back to the file's row and column.
    for (const field of error.fields) {
      const [, index, key] = field.field.split('.');
      const row = rows[Number(index)]?.row ?? 0;
      problems.push(...problemsOf(row, [{ field: key === 'teacherId' ? 'teacher' : (key ?? ''), message: field.message }], TIMETABLE_COLUMNS));
    }
    return { ok: false, problems };
  }
}
