// 院校信息检索 (9(13)): full-text search (Chinese words) over schools, majors, teachers, students,
// diplomas and employment records the user may see; each hit opens its record, and the hits (the
// first 1,000 by relevance) download as a report.
import { useQuery } from '@vue/apollo-composable';
import { computed, reactive, ref } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { useListExport } from '@/components/table/use-list-export';
import { SchoolSearchDocument } from '@/graphql/generated';
import { recordRoutes } from '@/utils/record-routes';

/** The school modules' records in the index, with the words the user knows them by. */
export const SCHOOL_MODULES = [
  { value: 'all', label: '全部' },
  { value: 'technical-school', label: '院校' },
  { value: 'major', label: '专业' },
  { value: 'school-teacher', label: '院校教师' },
  { value: 'student', label: '学籍' },
  { value: 'diploma-stock', label: '毕业证' },
  { value: 'employment', label: '就业' },
];

export function useSchoolSearch() {
  const router = useRouter();
  const records = recordRoutes(router);
  const form = reactive({ q: '', module: 'all' });
  // What was searched (the form changes as the user types; the results follow 搜索).
  const asked = ref<{ q: string; module: string } | null>(null);
  const page = reactive({ page: 1, pageSize: 20 });
  const query = useQuery(
    SchoolSearchDocument,
    () => ({ q: asked.value?.q ?? '', module: asked.value && asked.value.module !== 'all' ? asked.value.module : null, page: { page: page.page, pageSize: page.pageSize } }),
    () => ({ enabled: Boolean(asked.value?.q), fetchPolicy: 'network-only' as const }),
  );
  const rows = computed(() => (asked.value ? (query.result.value?.search.items ?? []) : []));
  const total = computed(() => (asked.value ? (query.result.value?.search.total ?? 0) : 0));
  const error = computed(() => (query.error.value ? toConsoleError(query.error.value).message : ''));
  const formError = ref('');
  function search() {
    formError.value = form.q.trim() ? '' : '请输入搜索内容';
    if (formError.value) return;
    page.page = 1;
    asked.value = { q: form.q.trim(), module: form.module };
  }
  function reset() {
    form.q = '';
    form.module = 'all';
    asked.value = null;
  }
  const { exporting, exportCurrent } = useListExport('search-results', '检索结果', () => ({ q: asked.value?.q ?? form.q.trim(), ...(asked.value && asked.value.module !== 'all' ? { module: asked.value.module } : {}) }));
  const open = (module: string, recordId: string) => {
    const to = records.location(module, recordId);
    if (to) void router.push(to);
  };
  return { form, formError, asked, page, rows, total, loading: query.loading, error, search, reset, exporting, exportCurrent, open, canOpen: records.has };
}
