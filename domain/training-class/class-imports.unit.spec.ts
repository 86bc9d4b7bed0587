import { describe, expect, it } from '@jest/globals';
import { matchHeader, templateHeader } from '../import/import-rows';
import { ENROLMENT_COLUMNS, TIMETABLE_COLUMNS, dateCell, parseEnrolmentRow, parseTimetableRows, timeCell, type TimetableColumn } from './class-imports';

const TODAY = '2026-03-02';
const teachers = [
  { teacherId: 't-1', name: '李芳' },
  { teacherId: 't-2', name: '王强' },
];

describe('class spreadsheets', () => {
  it('reads dates and times as people type them and as Excel cells come', () => {
    expect(['2026-03-16', '2026/3/16', '2026.3.16', '2026年3月16日', '2026-03-16 00:00:00'].map(dateCell)).toEqual(Array(5).fill('2026-03-16'));
    expect([dateCell('2026-02-30'), dateCell('16/3/2026')]).toEqual([undefined, undefined]);
    expect(['9:00', '09:00', '09:00:00', '9点', '1899-12-30 09:00:00', '14点30分'].map(timeCell)).toEqual(['09:00', '09:00', '09:00', '09:00', '09:00', '14:30']);
    expect([timeCell('25:00'), timeCell('9.00')]).toEqual([undefined, undefined]);
  });

  describe('enrolment import (a new import kind)', () => {
    const good = { name: '欧阳娜娜', idNumber: '520102199805061224', funding: '', commitmentSignedOn: '2026/3/1' };
    it('has a template the import mechanism reads by header', () => {
      expect(ENROLMENT_COLUMNS.map(templateHeader)).toEqual(['*姓名', '*身份证号码', '资金方式', '*承诺书签署日期']);
      expect(matchHeader(['身份证号码', '姓名', '承诺书签署日期'], ENROLMENT_COLUMNS)).toMatchObject({ ok: true });
    });

    it('a good row; the funding left empty means subsidised when eligible', () => {
      expect(parseEnrolmentRow(2, good, TODAY)).toEqual({ ok: true, input: { name: '欧阳娜娜', idNumber: '520102199805061224', commitmentSignedOn: '2026-03-01' } });
      expect(parseEnrolmentRow(2, { ...good, funding: '自费' }, TODAY)).toMatchObject({ ok: true, input: { funding: 'self_paid' } });
    });

    it('names every bad column in Chinese', () =>
      expect(parseEnrolmentRow(4, { name: '', idNumber: '520102199805061225', funding: '公费', commitmentSignedOn: '2026-03-05' }, TODAY)).toEqual({
        ok: false,
        problems: [
          { row: 4, column: '姓名', message: '姓名不能为空' },
          { row: 4, column: '身份证号码', message: '身份证号码校验位不正确，请逐位核对' },
          { row: 4, column: '资金方式', message: '资金方式“公费”应为“补贴”或“自费”，或留空（符合条件即补贴，否则自费）' },
          { row: 4, column: '承诺书签署日期', message: '承诺书签署日期应为不晚于今天的有效日期（如 2026-03-01）' },
        ],
      }));
  });

  describe('timetable import', () => {
    const row = (row: number, date: string, start: string, end: string, teacher = '李芳', mode = '理论'): { row: number; cells: Record<TimetableColumn, string> } => ({
      row,
      cells: { date, start, end, subject: '烹饪原料知识', mode, teacher, venue: '' },
    });

    it('the file becomes the sessions, teachers found by name, the class venue by default', () => {
      const result = parseTimetableRows([row(2, '2026/3/16', '14:00', '17:00', '王强', '实操'), row(3, '2026-03-16', '9:00', '12:00')], teachers, '花果园R1区');
      expect(result.ok && result.sessions.map((s) => [s.sessionId, s.teacherId, s.mode, s.venue])).toEqual([
        ['2026-03-16T09:00', 't-1', 'theory', '花果园R1区'],
        ['2026-03-16T14:00', 't-2', 'practice', '花果园R1区'],
      ]);
      expect(TIMETABLE_COLUMNS.filter((c) => c.required).map((c) => c.header)).toEqual(['上课日期', '开始时间', '结束时间', '课程内容', '授课方式', '授课教师']);
    });

    it('refuses the whole file with each row\'s problem: unknown teacher, bad time, overlap', () => {
      expect(parseTimetableRows([row(2, '2026-03-16', '9:00', '12:00', '张老师'), row(3, '2026-03-16', '9:60', '12:00')], teachers, '')).toEqual({
        ok: false,
        problems: [
          { row: 2, column: '授课教师', message: '“张老师”不是本班已选配的教师，请先选配教师' },
          { row: 3, column: '开始时间', message: '开始时间“9:60”格式应为 HH:MM（如 09:00）' },
        ],
      });
      expect(parseTimetableRows([row(2, '2026-03-16', '09:00', '12:00'), row(5, '2026-03-16', '11:00', '12:30', '王强')], teachers, '教室')).toEqual({
        ok: false,
        problems: [{ row: 5, column: '开始时间', message: '第2节课（2026-03-16 11:00-12:30）与第1节课（2026-03-16 09:00-12:00）时间重叠，同一班级的课程不能重叠' }],
      });
    });
  });
});
