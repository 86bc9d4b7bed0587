// 技工院校统计 (requirement 9(11), 9(10)): students in school, aid and graduates' employment, kept
// as counters per school by the projection runner (see runner/aggregate-projection.ts), so each
// statistic sums a few hundred counter rows whatever the number of students.
import type { Knex } from 'knex';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { EMPLOYMENTS_TABLE } from '../employment/employments-table';
import { aggregateProjection, type Contribution } from '../runner/aggregate-projection';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { SCHOOL_AIDS_TABLE } from '../school-aid/school-aids-table';
import { STUDENTS_TABLE } from '../student/students-table';

export const SCHOOL_STATISTICS_TABLE = 'school_statistics';

/**
 * Dimensions of a student in school (measure: its status, enrolled or suspended). `total` counts
 * each once (per school), `birthMonth` keeps the age answerable on any day without a daily rebuild.
 */
export const IN_SCHOOL_DIMENSIONS = ['total', 'classType', 'studyMode', 'poverty', 'birthMonth', 'cohortYear', 'major'] as const;

export interface StudentSource {
  id: string;
  status: string;
  school_id: string | null;
  major_id: string | null;
  class_type: string | null;
  study_mode: string | null;
  poverty_registered: boolean;
  cohort_year: number | null;
  birth_date: string;
  left_as: string | null;
  left_on: string | null;
}

/** A graduate's employment record, as the employments read model has it. */
export interface EmploymentSource {
  id: string;
  school_id: string;
  major_id: string;
  graduated_on: string;
  destination: string;
  monthly_pay_fen: string | number | null;
}

export interface AidSource {
  id: string;
  school_id: string;
  kind: string;
  school_year: number;
  amount_fen: string | number;
  status: string;
}

export function studentContributions(s: StudentSource, employment: EmploymentSource | null = null): Contribution[] {
  if (!s.school_id) return [];
  const org = s.school_id;
  if (s.status === 'enrolled' || s.status === 'suspended') {
    const keys: Record<(typeof IN_SCHOOL_DIMENSIONS)[number], string> = {
      total: '',
      classType: s.class_type ?? '',
      studyMode: s.study_mode ?? '',
      poverty: s.poverty_registered ? 'yes' : 'no',
      birthMonth: s.birth_date.slice(0, 7),
      cohortYear: s.cohort_year === null ? '' : String(s.cohort_year),
      major: s.major_id ?? '',
    };
    return IN_SCHOOL_DIMENSIONS.map((dimension) => ({ org, dimension, key: keys[dimension], measure: s.status, value: 1 }));
  }
  if (s.status === 'left' && (s.left_as === 'graduated' || s.left_as === 'completed') && s.left_on) {
    // Graduates by major and year of leaving: the denominator of the employment rate.
    const key = `${s.major_id ?? ''}|${s.left_on.slice(0, 4)}`;
    const cells: Contribution[] = [{ org, dimension: 'graduates', key, measure: 'graduates', value: 1 }];
    // The employment record of this graduation (a record of an earlier one, before the person
    // registered again, no longer counts).
    if (employment && employment.graduated_on === s.left_on && employment.school_id === org) {
      cells.push({ org, dimension: 'graduates', key, measure: 'recorded', value: 1 }, { org, dimension: 'graduates', key, measure: employment.destination, value: 1 });
      if (employment.monthly_pay_fen !== null)
        cells.push({ org, dimension: 'graduates', key, measure: 'payFen', value: Number(employment.monthly_pay_fen) }, { org, dimension: 'graduates', key, measure: 'payCount', value: 1 });
    }
    return cells;
  }
  return [];
}

/** An application counts with its amount once decided for it, and apart while it waits. */
export function aidContributions(a: AidSource): Contribution[] {
  const amount = Number(a.amount_fen);
  const key = `${a.kind}|${a.school_year}`;
  if (a.status === 'approved')
    return [
      { org: a.school_id, dimension: 'aid', key, measure: 'approvedCount', value: 1 },
      { org: a.school_id, dimension: 'aid', key, measure: 'approvedFen', value: amount },
    ];
  if (a.status === 'applied')
    return [
      { org: a.school_id, dimension: 'aid', key, measure: 'pendingCount', value: 1 },
      { org: a.school_id, dimension: 'aid', key, measure: 'pendingFen', value: amount },
    ];
  return [];
}

function memberKey(event: RecordedEvent): string | undefined {
  const stream = event.streamId;
  if (stream.startsWith('school-aid-')) return `aid:${stream.slice('school-aid-'.length)}`;
  if (stream.startsWith('student-')) return `student:${stream.slice('student-'.length)}`;
  // An employment record is counted with its graduate (the record's id is the student's).
  if (stream.startsWith('employment-')) return `student:${stream.slice('employment-'.length)}`;
  return undefined;
}

async function contributions(trx: Knex.Transaction, keys: readonly string[]): Promise<Map<string, Contribution[]>> {
  const out = new Map<string, Contribution[]>();
  const ids = (prefix: string) => keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  const studentIds = ids('student:');
  if (studentIds.length) {
    const rows: StudentSource[] = await trx(`${READ_MODEL_SCHEMA}.${STUDENTS_TABLE}`)
      .whereIn('id', studentIds)
      .select('id', 'status', 'school_id', 'major_id', 'class_type', 'study_mode', 'poverty_registered', 'cohort_year', 'birth_date', trx.raw("state->>'leftAs' as left_as"), trx.raw("state->>'leftOn' as left_on"));
    const employments: EmploymentSource[] = await trx(`${READ_MODEL_SCHEMA}.${EMPLOYMENTS_TABLE}`)
      .whereIn('id', studentIds)
      .select('id', 'school_id', 'major_id', 'graduated_on', 'destination', 'monthly_pay_fen');
    const employmentOf = new Map(employments.map((e) => [e.id, e]));
    for (const row of rows) out.set(`student:${row.id}`, studentContributions(row, employmentOf.get(row.id) ?? null));
  }
  const aidIds = ids('aid:');
  if (aidIds.length) {
    const rows: AidSource[] = await trx(`${READ_MODEL_SCHEMA}.${SCHOOL_AIDS_TABLE}`).whereIn('id', aidIds).select('id', 'school_id', 'kind', 'school_year', 'amount_fen', 'status');
    for (const row of rows) out.set(`aid:${row.id}`, aidContributions(row));
  }
  return out;
}

export const schoolStatisticsProjection = aggregateProjection({
  name: 'school_statistics',
  version: 1,
  typePrefixes: ['Student', 'SchoolAid', 'Employment', 'Review'],
  dependsOn: ['students', 'school-aids', 'employments'],
  table: SCHOOL_STATISTICS_TABLE,
  memberKey,
  contributions,
});
