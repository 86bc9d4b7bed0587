// The employment list and the skilled-talent report (9(12)) as .xlsx (see api/export): the same
// queries, scope and masking as the GraphQL lists.
import { formatYuan } from '../../domain/shared/money';
import type { ExportColumn, ExportList } from '../export/export-lists';
import { yesNo } from '../export/export-lists';
import { employmentListQuery, parseEmploymentFilter, parseTalentFilter, talentListQuery, toEmployment, toTalents, type EmploymentFilter, type TalentFilter } from './employment-graphql';

type Employment = ReturnType<typeof toEmployment>;
type Talent = Awaited<ReturnType<typeof toTalents>>[number];
const yuan = (fen: string | null) => (fen === null ? '' : formatYuan(Number(fen)));
const certificates = (list: { occupation: string; levelLabel: string; number: string }[]) => list.map((c) => `${c.occupation}（${c.levelLabel}）${c.number}`).join('；');

const employmentColumns: ExportColumn<Employment>[] = [
  { header: '院校', width: 28, value: (e) => e.schoolName },
  { header: '姓名', width: 12, value: (e) => e.studentName },
  { header: '身份证号码', width: 22, value: (e) => e.idNumber },
  { header: '专业', width: 20, value: (e) => e.majorName },
  { header: '毕结业', width: 8, value: (e) => e.outcomeLabel },
  { header: '毕业日期', width: 12, value: (e) => e.graduatedOn },
  { header: '毕业去向', width: 10, value: (e) => e.destinationLabel },
  { header: '就业单位', width: 28, value: (e) => e.employer },
  { header: '工作岗位', width: 14, value: (e) => e.position },
  { header: '就业日期', width: 12, value: (e) => e.employedOn },
  { header: '月收入', width: 14, value: (e) => yuan(e.monthlyPayFen) },
  { header: '升学院校', width: 24, value: (e) => e.furtherStudySchool },
  { header: '技能等级证书', width: 40, value: (e) => certificates(e.certificates) },
];

export const employmentExport: ExportList<Employment, EmploymentFilter> = {
  label: '毕业生就业',
  parseFilter: parseEmploymentFilter,
  query: employmentListQuery,
  items: async (_ctx, rows) => (rows as Parameters<typeof toEmployment>[0][]).map(toEmployment),
  columns: employmentColumns,
};

const talentColumns: ExportColumn<Talent>[] = [
  { header: '姓名', width: 12, value: (t) => t.name },
  { header: '身份证号码', width: 22, value: (t) => t.idNumber },
  { header: '性别', width: 6, value: (t) => t.sexLabel },
  { header: '户口性质', width: 12, value: (t) => t.householdTypeLabel },
  { header: '人员类别', width: 10, value: (t) => t.personCategory },
  { header: '建档立卡贫困户', width: 8, value: (t) => yesNo(t.povertyRegistered) },
  { header: '入学前就读学校', width: 24, value: (t) => t.previousSchool },
  { header: '入学前文化程度', width: 12, value: (t) => t.educationLabel },
  { header: '家庭地址', width: 30, value: (t) => t.address },
  { header: '专业', width: 20, value: (t) => t.majorName },
  { header: '毕业时间', width: 12, value: (t) => t.graduatedOn },
  { header: '毕结业', width: 8, value: (t) => t.outcomeLabel },
  { header: '毕业证书编号', width: 18, value: (t) => t.diplomaNumber },
  { header: '毕业院校', width: 28, value: (t) => t.schoolName },
  { header: '院校性质', width: 10, value: (t) => t.schoolNatureLabel },
  { header: '主管部门', width: 28, value: (t) => t.authorityName },
  { header: '升学院校', width: 24, value: (t) => t.furtherStudySchool },
  { header: '毕业去向', width: 10, value: (t) => t.destinationLabel },
  { header: '就业单位', width: 28, value: (t) => t.employer },
  { header: '月收入', width: 14, value: (t) => yuan(t.monthlyPayFen) },
  { header: '技能等级证书', width: 40, value: (t) => certificates(t.certificates) },
  { header: '联系电话', width: 14, value: (t) => t.phone },
];

export const talentExport: ExportList<Talent, TalentFilter> = {
  label: '技能人才信息',
  parseFilter: parseTalentFilter,
  query: talentListQuery,
  items: (ctx, rows) => toTalents(ctx, rows as unknown as Parameters<typeof toTalents>[1]),
  columns: talentColumns,
};
