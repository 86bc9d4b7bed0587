// 院校统计 (9(10)-(11)): students in school, aid and graduates' employment of the schools in the
// user's scope, each by a dimension the user picks, as a chart and a table, exported as the server
// counts them (counters the projection runner keeps; nothing is counted in the browser but totals).
import { useQuery } from '@vue/apollo-composable';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { barOption } from '@/components/charts';
import { useListExport } from '@/components/table/use-list-export';
import { AidStatisticsDocument, EmploymentStatisticsDocument, StudentStatisticsDocument } from '@/graphql/generated';
import { formatFen } from '@/utils/money';

export const STUDENT_GROUPS = [
  { value: 'classType', label: '按班级类型' },
  { value: 'studyMode', label: '按学习形式' },
  { value: 'poverty', label: '按建档立卡' },
  { value: 'age', label: '按年龄段' },
  { value: 'cohortYear', label: '按年级' },
  { value: 'major', label: '按专业' },
  { value: 'school', label: '按院校' },
];
export const AID_GROUPS = [
  { value: 'kind', label: '按资助类型' },
  { value: 'schoolYear', label: '按学年' },
  { value: 'school', label: '按院校' },
];
export const EMPLOYMENT_GROUPS = [
  { value: 'school', label: '按院校' },
  { value: 'major', label: '按专业' },
  { value: 'year', label: '按毕业年份' },
];

/** Fen text to whole yuan for a chart's bar (display only; the table shows the exact amount). */
const yuanOf = (fen: string) => Number(fen.length > 2 ? fen.slice(0, -2) : '0');

export function useSchoolStatistics() {
  const tab = ref<'students' | 'aid' | 'employment'>('students');
  const studentGroup = ref('classType');
  const aidGroup = ref('kind');
  const employmentGroup = ref('school');
  const network = { fetchPolicy: 'network-only' as const };

  const students = useQuery(StudentStatisticsDocument, () => ({ groupBy: studentGroup.value }), () => ({ ...network, enabled: tab.value === 'students' }));
  const aid = useQuery(AidStatisticsDocument, () => ({ groupBy: aidGroup.value }), () => ({ ...network, enabled: tab.value === 'aid' }));
  const employment = useQuery(EmploymentStatisticsDocument, () => ({ groupBy: employmentGroup.value }), () => ({ ...network, enabled: tab.value === 'employment' }));

  const studentRows = computed(() => students.result.value?.studentStatistics ?? []);
  const aidRows = computed(() => aid.result.value?.aidStatistics ?? []);
  const employmentRows = computed(() => employment.result.value?.employmentStatistics ?? []);

  const studentChart = computed(() => barOption(studentRows.value.map((r) => r.label), studentRows.value.map((r) => r.inSchool), '在校生'));
  const aidChart = computed(() => barOption(aidRows.value.map((r) => r.label), aidRows.value.map((r) => yuanOf(r.approvedFen)), '已批准金额（元）', '#3a8f5c'));
  const employmentChart = computed(() => barOption(employmentRows.value.map((r) => r.label), employmentRows.value.map((r) => r.employmentRate ?? 0), '就业率（%）', '#c07a1e'));

  const messageOf = (q: { error: { value: unknown } }) => computed(() => (q.error.value ? toConsoleError(q.error.value).message : ''));
  const errors = { students: messageOf(students), aid: messageOf(aid), employment: messageOf(employment) };
  const totalInSchool = computed(() => studentRows.value.reduce((sum, r) => sum + r.inSchool, 0));
  const totalGraduates = computed(() => employmentRows.value.reduce((sum, r) => sum + r.graduates, 0));

  const studentExport = useListExport('student-statistics', '在校生统计', () => ({ groupBy: studentGroup.value }));
  const aidExport = useListExport('aid-statistics', '资助统计', () => ({ groupBy: aidGroup.value }));
  const employmentExport = useListExport('employment-statistics', '就业统计', () => ({ groupBy: employmentGroup.value }));

  return {
    tab,
    studentGroup,
    aidGroup,
    employmentGroup,
    students,
    aid,
    employment,
    studentRows,
    aidRows,
    employmentRows,
    studentChart,
    aidChart,
    employmentChart,
    totalInSchool,
    totalGraduates,
    studentExport,
    aidExport,
    employmentExport,
    formatFen,
    errors,
  };
}
