// 数据对接 (issue 15 §7): how our student records map onto the fields of the national technical-school
// registration system (全国技工院校电子注册和统计信息管理系统). The national system's own interface
// specification was not available: the field names (拼音 initials, as such systems use) and the
// codes below are OUR DOCUMENTED ASSUMPTION (commands/student-exchange/CONTRACT.md), kept in this
// one table so that the real specification changes this file and nothing else. Pure.
import type { ChangeKind } from '../student/student-change';

export interface NationalField {
  /** The national system's field name. */
  code: string;
  /** Its Chinese name (the header of an exported file). */
  label: string;
}

/** Fields of a registration record (学籍注册), in file order. */
export const REGISTRATION_FIELDS = [
  { code: 'XXDM', label: '学校代码' },
  { code: 'XXMC', label: '学校名称' },
  { code: 'XH', label: '学号' },
  { code: 'XM', label: '姓名' },
  { code: 'SFZH', label: '身份证号' },
  { code: 'XB', label: '性别' },
  { code: 'CSRQ', label: '出生日期' },
  { code: 'HKXZ', label: '户口性质' },
  { code: 'JDLK', label: '建档立卡' },
  { code: 'ZYDM', label: '专业代码' },
  { code: 'ZYMC', label: '专业名称' },
  { code: 'PYCC', label: '培养层次' },
  { code: 'XXXS', label: '学习形式' },
  { code: 'RXNF', label: '入学年份' },
  { code: 'RXRQ', label: '入学日期' },
  { code: 'XJZT', label: '学籍状态' },
] as const satisfies readonly NationalField[];

/** Fields of a status-change record (学籍异动), in file order. */
export const CHANGE_FIELDS = [
  { code: 'XXDM', label: '学校代码' },
  { code: 'XM', label: '姓名' },
  { code: 'SFZH', label: '身份证号' },
  { code: 'YDLB', label: '异动类别' },
  { code: 'YDRQ', label: '异动日期' },
  { code: 'YDYY', label: '异动原因' },
  { code: 'DFXXDM', label: '对方学校代码' },
  { code: 'YZYDM', label: '原专业代码' },
  { code: 'XZYDM', label: '新专业代码' },
  { code: 'XNJ', label: '新年级' },
] as const satisfies readonly NationalField[];

export type RegistrationRecord = Record<(typeof REGISTRATION_FIELDS)[number]['code'], string>;
export type ChangeRecordOut = Record<(typeof CHANGE_FIELDS)[number]['code'], string>;

export const SEX_CODES = { male: '1', female: '2' } as const;
export const HOUSEHOLD_CODES = { agricultural: '1', non_agricultural: '2' } as const;
export const CLASS_TYPE_CODES = { intermediate: '1', advanced: '2', technician: '3' } as const;
export const STUDY_MODE_CODES = { full_time: '1', part_time: '2' } as const;
/** 学籍状态: what the national system is told of a status we hold. */
export const STATUS_CODES = { enrolled: '01', suspended: '02', withdrawn: '03', cancelled: '04', graduated: '05', completed: '06' } as const;
export const STATUS_CODE_LABELS: Record<string, string> = { '01': '在籍', '02': '休学', '03': '退学', '04': '注销', '05': '毕业', '06': '结业' };
/** 异动类别. */
export const CHANGE_CODES: Record<ChangeKind, string> = {
  transfer_out: '11',
  transfer_in: '12',
  suspend: '21',
  resume: '22',
  withdraw: '31',
  cancel: '32',
  change_major: '41',
  repeat_year: '51',
  graduate: '61',
  complete: '62',
};

/** YYYY-MM-DD -> YYYYMMDD, the national system's dates. */
export const compactDate = (date: string | null | undefined) => (date ? date.replaceAll('-', '') : '');

/** A student as the national list holds it, read from its file or its API. */
export interface NationalStudent {
  /** Row number in the file (or position in the answer), for the report. */
  row: number;
  schoolCode: string;
  name: string;
  idNumber: string;
  majorCode: string;
  statusCode: string;
  cohortYear: string;
  classTypeCode: string;
  studyModeCode: string;
}

/** The same student as we hold it, in the national system's terms. */
export interface OurStudent {
  studentId: string;
  /** Blind index of the ID number: the key the two lists meet on (our side never holds the clear number here). */
  idNumberIndex: string;
  idNumberMasked: string;
  schoolCode: string;
  name: string;
  majorCode: string;
  statusCode: string;
  cohortYear: string;
  classTypeCode: string;
  studyModeCode: string;
}

/** The fields the reconciliation compares, with their Chinese names. */
export const COMPARED_FIELDS = [
  { key: 'name', label: '姓名' },
  { key: 'schoolCode', label: '学校代码' },
  { key: 'majorCode', label: '专业代码' },
  { key: 'statusCode', label: '学籍状态' },
  { key: 'cohortYear', label: '入学年份' },
  { key: 'classTypeCode', label: '培养层次' },
  { key: 'studyModeCode', label: '学习形式' },
] as const;
type ComparedKey = (typeof COMPARED_FIELDS)[number]['key'];

export interface FieldDifference {
  field: ComparedKey;
  label: string;
  ours: string;
  theirs: string;
}

export interface Reconciliation {
  /** In both lists, every compared field equal. */
  matched: number;
  /** In both lists, some field different. */
  differing: { studentId: string; idNumberMasked: string; name: string; row: number; differences: FieldDifference[] }[];
  /** In the national list only (rows of the file). */
  onlyNational: { row: number; idNumberMasked: string; name: string; schoolCode: string }[];
  /** In ours only. */
  onlyOurs: { studentId: string; idNumberMasked: string; name: string; schoolCode: string }[];
  /** National rows for the same person twice (the first one is compared). */
  duplicateRows: number[];
}

/**
 * Compares the two lists person by person. `indexesOf` gives the blind indexes an ID number may have
 * (current and previous keys), so the national list's clear numbers meet ours without ours ever
 * being decrypted; `mask` masks a national number for the report.
 */
export function reconcile(ours: readonly OurStudent[], theirs: readonly NationalStudent[], indexesOf: (idNumber: string) => string[], mask: (idNumber: string) => string): Reconciliation {
  const byIndex = new Map(ours.map((s) => [s.idNumberIndex, s]));
  const seen = new Set<string>();
  const result: Reconciliation = { matched: 0, differing: [], onlyNational: [], onlyOurs: [], duplicateRows: [] };
  for (const national of theirs) {
    const ourStudent = indexesOf(national.idNumber).map((i) => byIndex.get(i)).find(Boolean);
    if (!ourStudent) {
      result.onlyNational.push({ row: national.row, idNumberMasked: mask(national.idNumber), name: national.name, schoolCode: national.schoolCode });
      continue;
    }
    if (seen.has(ourStudent.studentId)) {
      result.duplicateRows.push(national.row);
      continue;
    }
    seen.add(ourStudent.studentId);
    const differences = COMPARED_FIELDS.filter((f) => ourStudent[f.key].trim() !== national[f.key].trim()).map((f) => ({ field: f.key, label: f.label, ours: ourStudent[f.key], theirs: national[f.key] }));
    if (differences.length === 0) result.matched++;
    else result.differing.push({ studentId: ourStudent.studentId, idNumberMasked: ourStudent.idNumberMasked, name: ourStudent.name, row: national.row, differences });
  }
  for (const s of ours) if (!seen.has(s.studentId)) result.onlyOurs.push({ studentId: s.studentId, idNumberMasked: s.idNumberMasked, name: s.name, schoolCode: s.schoolCode });
  return result;
}

/** A national row's cells (by field code or Chinese header) as a NationalStudent. */
export function nationalStudentOf(row: number, cells: Record<string, string>): NationalStudent {
  const cell = (code: string, label: string) => (cells[code] ?? cells[label] ?? '').trim();
  return {
    row,
    schoolCode: cell('XXDM', '学校代码'),
    name: cell('XM', '姓名'),
    idNumber: cell('SFZH', '身份证号').toUpperCase(),
    majorCode: cell('ZYDM', '专业代码'),
    statusCode: cell('XJZT', '学籍状态'),
    cohortYear: cell('RXNF', '入学年份'),
    classTypeCode: cell('PYCC', '培养层次'),
    studyModeCode: cell('XXXS', '学习形式'),
  };
}
