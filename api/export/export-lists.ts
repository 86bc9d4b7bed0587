// The lists that can be exported, each through its own list query (the same filter parsing and the
// same data scope as the GraphQL list, see the *ListQuery functions) and its own row mapping (the
// same masked values the list shows): an export can never show more than the list would.
import type { Knex } from 'knex';
import type { CellValue } from '../../commands/import/xlsx/xlsx-writer';
import { SEX_LABELS } from '../../domain/personal-data/id-number';
import type { InstitutionRow } from '../../projections/institution/institutions-table';
import type { OccupationRow } from '../../projections/occupation/occupations-table';
import type { TeacherRow } from '../../projections/teacher/teachers-table';
import type { TraineeRow } from '../../projections/trainee/trainees-table';
import { institutionListQuery, parseInstitutionFilter, toInstitution, type InstitutionFilter } from '../institution/institution-graphql';
import { occupationListQuery, parseOccupationFilter, toOccupation, type OccupationFilter } from '../occupation/occupation-graphql';
import { namesOf as teacherInstitutionNames, parseTeacherFilter, teacherListQuery, toTeacher, type TeacherFilter } from '../teacher/teacher-graphql';
import { institutionNamesFor, parseTraineeFilter, toTrainee, traineeListQuery, type TraineeFilter } from '../trainee/trainee-graphql';

import type { ListContext } from '../graphql/context';
export type { ListContext };

export interface ExportColumn<Item> {
  header: string;
  width?: number;
  value(item: Item): CellValue;
}

export interface ExportList<Item = unknown, Filter = unknown> {
  label: string;
  /** The list's own filter parsing (its GraphQL list's schema): throws BAD_USER_INPUT. */
  parseFilter(raw: unknown): Filter;
  /** Builds the query from a parsed filter: throws (FORBIDDEN) before anything is sent. */
  query(ctx: ListContext, filter: Filter): Promise<{ query: Knex.QueryBuilder; orderBy: { column: string; order: 'asc' | 'desc' }[] }>;
  /** A batch of rows as the list shows them. */
  items(ctx: ListContext, rows: Record<string, unknown>[]): Promise<Item[]>;
  columns: ExportColumn<Item>[];
}

/** An instant as China time, `YYYY-MM-DD HH:mm:ss` (text: a spreadsheet shows it as it is). */
export const chinaTime = (iso: string | null | undefined) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : '');
const yesNo = (value: boolean) => (value ? '是' : '否');

type Trainee = ReturnType<typeof toTrainee> & { personCategoryLabel: string };
const trainees: ExportList<Trainee, TraineeFilter> = {
  label: '学员',
  parseFilter: parseTraineeFilter,
  query: traineeListQuery,
  async items(ctx, rows) {
    const traineeRows = rows as TraineeRow[];
    const [names, categories] = await Promise.all([institutionNamesFor(ctx, traineeRows), ctx.platform.commands.dictionaries.entries('person_category')]);
    const labels = new Map(categories.map((c) => [c.code, c.label]));
    return traineeRows.map((r) => {
      const item = toTrainee(r, names);
      return { ...item, personCategoryLabel: labels.get(item.personCategory) ?? item.personCategory };
    });
  },
  columns: [
    { header: '姓名', width: 12, value: (t) => t.name },
    { header: '身份证号码', width: 22, value: (t) => t.idNumber },
    { header: '性别', width: 6, value: (t) => t.sexLabel },
    { header: '出生日期', width: 12, value: (t) => t.birthDate },
    { header: '户籍地区代码', width: 12, value: (t) => t.regionCode },
    { header: '人员类别', width: 28, value: (t) => t.personCategoryLabel },
    { header: '联系电话', width: 16, value: (t) => t.phone },
    { header: '银行账号', width: 24, value: (t) => t.bankAccount },
    { header: '审核状态', width: 10, value: (t) => t.reviewStatusLabel },
    { header: '录入机构', width: 40, value: (t) => t.enrolments.map((e) => `${e.institutionName ?? e.institutionId}（${e.statusLabel}）`).join('；') },
    { header: '多机构录入', width: 10, value: (t) => yesNo(t.duplicateEntry) },
    { header: '录入时间', width: 20, value: (t) => chinaTime(t.createdAt) },
    { header: '更新时间', width: 20, value: (t) => chinaTime(t.updatedAt) },
  ],
};

type Teacher = ReturnType<typeof toTeacher>;
const teachers: ExportList<Teacher, TeacherFilter> = {
  label: '培训师资',
  parseFilter: parseTeacherFilter,
  query: teacherListQuery,
  async items(ctx, rows) {
    const teacherRows = rows as TeacherRow[];
    const names = await teacherInstitutionNames(ctx, teacherRows);
    return teacherRows.map((r) => toTeacher(r, names));
  },
  columns: [
    { header: '姓名', width: 12, value: (t) => t.name },
    { header: '身份证号码', width: 22, value: (t) => t.idNumber },
    { header: '性别', width: 6, value: (t) => SEX_LABELS[t.sex] },
    { header: '出生日期', width: 12, value: (t) => t.birthDate },
    { header: '师资等级', width: 10, value: (t) => t.levelLabel },
    { header: '任课专业', width: 30, value: (t) => t.subjects.join('、') },
    { header: '专兼职', width: 8, value: (t) => (t.fullTime ? '专职' : '兼职') },
    { header: '培训资格', width: 20, value: (t) => t.trainingQualification },
    { header: '任教年限', width: 10, value: (t) => t.yearsTeaching },
    { header: '上岗资格证书编号', width: 22, value: (t) => t.qualificationCertificateNo },
    { header: '认定日期', width: 12, value: (t) => t.qualificationCertifiedOn },
    { header: '师资库', width: 14, value: (t) => t.tierLabel },
    { header: '审核状态', width: 10, value: (t) => t.reviewStatusLabel },
    { header: '聘用机构', width: 40, value: (t) => t.engagements.map((e) => `${e.institutionName ?? e.institutionId}（${e.statusLabel}）`).join('；') },
    { header: '撤销原因', width: 24, value: (t) => t.revokedReason },
    { header: '更新时间', width: 20, value: (t) => chinaTime(t.updatedAt) },
  ],
};

type Occupation = ReturnType<typeof toOccupation>;
const occupationColumns: ExportColumn<Occupation>[] = [
  { header: '培训机构', width: 36, value: (o) => o.institutionName },
  { header: '工种编码', width: 14, value: (o) => o.code },
  { header: '工种名称', width: 20, value: (o) => o.name },
  { header: '等级', width: 12, value: (o) => o.levelLabel },
  { header: '课时', width: 8, value: (o) => o.hours },
  { header: '培训范围', width: 30, value: (o) => o.scope },
  { header: '审核状态', width: 10, value: (o) => o.reviewStatusLabel },
  { header: '版本', width: 6, value: (o) => o.version },
  { header: '申报时间', width: 20, value: (o) => chinaTime(o.declaredAt) },
  { header: '发布时间', width: 20, value: (o) => chinaTime(o.publishedAt) },
];
const occupationList = (catalogue: boolean): ExportList<Occupation, OccupationFilter> => ({
  label: catalogue ? '工种目录' : '培训工种',
  parseFilter: parseOccupationFilter,
  query: (ctx, filter) => occupationListQuery(ctx, filter, catalogue),
  items: async (_ctx, rows) => (rows as (OccupationRow & { institution_name?: string })[]).map(toOccupation),
  columns: occupationColumns,
});

type Institution = ReturnType<typeof toInstitution>;
const institutions: ExportList<Institution, InstitutionFilter> = {
  label: '培训机构',
  parseFilter: parseInstitutionFilter,
  query: institutionListQuery,
  items: async (_ctx, rows) => (rows as (InstitutionRow & { authority_name?: string | null })[]).map(toInstitution),
  columns: [
    { header: '机构名称', width: 36, value: (i) => i.name },
    { header: '统一社会信用代码', width: 22, value: (i) => i.creditCode },
    { header: '主管部门', width: 28, value: (i) => i.supervisingAuthorityName },
    { header: '机构性质', width: 14, value: (i) => i.natureLabel },
    { header: '状态', width: 16, value: (i) => i.lifecycleLabel },
    { header: '定点机构', width: 8, value: (i) => yesNo(i.designated) },
    { header: '有效期至', width: 12, value: (i) => i.validUntil },
    { header: '审核状态', width: 10, value: (i) => i.reviewStatusLabel },
    { header: '法定代表人', width: 12, value: (i) => i.effective?.legalPersonName ?? i.pending?.legalPersonName },
    { header: '法定代表人身份证号码', width: 22, value: (i) => i.effective?.legalPersonIdNumber ?? i.pending?.legalPersonIdNumber },
    { header: '联系电话', width: 16, value: (i) => i.effective?.phone ?? i.pending?.phone },
    { header: '登记时间', width: 20, value: (i) => chinaTime(i.registeredAt) },
  ],
};

export const EXPORT_LISTS: Record<string, ExportList> = {
  trainees: trainees as ExportList,
  teachers: teachers as ExportList,
  occupations: occupationList(false) as ExportList,
  'occupation-catalogue': occupationList(true) as ExportList,
  institutions: institutions as ExportList,
};
