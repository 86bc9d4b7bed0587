// Labels of the statistics' group keys, shared by the GraphQL answers and the .xlsx exports.
import type { Knex } from 'knex';
import { AID_KIND_LABELS, type AidKind } from '../../domain/aid-standard/aid-standard-input';
import { STUDY_MODE_LABELS, type StudyMode } from '../../domain/student/student-input';
import { CLASS_TYPE_LABELS, type ClassType } from '../../domain/technical-school/school-vocabulary';
import { majorRows } from '../../projections/major/major-list';
import { organizationNames } from '../../projections/organization/organization-names';

export type KeyKind = 'school' | 'major' | 'classType' | 'studyMode' | 'poverty' | 'cohortYear' | 'age' | 'kind' | 'schoolYear' | 'year';

async function majorNames(knex: Knex, ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter(Boolean))];
  const rows = (wanted.length ? await majorRows(knex).whereIn('majors.id', wanted) : []) as { id: string; name: string }[];
  return new Map(rows.map((m) => [m.id, m.name]));
}

/** The label of each key of one kind (names of schools and majors read once for the batch). */
export async function groupLabels(knex: Knex, kind: KeyKind, keys: readonly string[]): Promise<(key: string) => string> {
  if (kind === 'school') {
    const names = await organizationNames(knex, keys);
    return (key) => names.get(key) ?? key;
  }
  if (kind === 'major') {
    const names = await majorNames(knex, [...keys]);
    return (key) => (key ? (names.get(key) ?? key) : '未登记专业');
  }
  return (key) => {
    if (kind === 'classType') return CLASS_TYPE_LABELS[key as ClassType] ?? key;
    if (kind === 'studyMode') return STUDY_MODE_LABELS[key as StudyMode] ?? key;
    if (kind === 'poverty') return key === 'yes' ? '建档立卡贫困户' : '非建档立卡';
    if (kind === 'cohortYear') return `${key}级`;
    if (kind === 'kind') return AID_KIND_LABELS[key as AidKind] ?? key;
    if (kind === 'schoolYear') return `${key}学年`;
    if (kind === 'year') return `${key}年`;
    return key;
  };
}
