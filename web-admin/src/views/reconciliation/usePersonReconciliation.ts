// 个人对账's state and actions: the ID number typed (checked in the browser first: 18 characters and
// the check character, so a typo asks nothing of the server), the server's answer for the number
// last asked (the person's lines in the user's data scope, each approved = paid + failed + removed +
// pending in fen), the lines through the one list table (a person has a few lines, so they page in
// the browser), the .xlsx export of the same answer and the way to each line's record.
import { useQuery } from '@vue/apollo-composable';
import type { FormInstance, FormItemRule } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { useListExport } from '@/components/table/use-list-export';
import type { ListPaging } from '@/components/table/use-list-state';
import type { PagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { PersonPaymentReconciliationDocument, type PersonPaymentReconciliationQuery } from '@/graphql/generated';
import { idNumberProblem, normalizeIdNumber } from '@/utils/id-number';
import { recordRoutes } from '@/utils/record-routes';

/** A line with a key of its own (a school-aid record has a line per instalment, under one record id). */
export type PersonLine = PersonPaymentReconciliationQuery['personPaymentReconciliation']['lines'][number] & { key: string };

export const PERSON_LINE_COLUMNS: readonly ColumnOption[] = [
  { key: 'module', label: '记录类型' },
  { key: 'title', label: '补贴项目', essential: true },
  { key: 'approved', label: '审核金额', essential: true },
  { key: 'paid', label: '已支付' },
  { key: 'failed', label: '支付失败' },
  { key: 'removed', label: '核减' },
  { key: 'pending', label: '待支付' },
  { key: 'status', label: '支付状态', essential: true },
  { key: 'reissued', label: '重新支付' },
];

export function usePersonReconciliation() {
  const form = reactive({ idNumber: '' });
  const formRef = ref<FormInstance>();
  const rules: Record<string, FormItemRule[]> = {
    idNumber: [
      {
        trigger: 'blur',
        validator: (_rule, value: string | undefined, callback) => {
          const problem = idNumberProblem(value ?? '');
          callback(problem ? new Error(problem) : undefined);
        },
      },
    ],
  };

  // The number the answer is for; empty until a valid one is asked (the query waits until then).
  const asked = ref('');
  const { result, loading, error, refetch } = useQuery(PersonPaymentReconciliationDocument, () => ({ idNumber: asked.value }), () => ({ enabled: asked.value !== '', fetchPolicy: 'network-only' }));
  const answer = computed(() => (asked.value ? result.value?.personPaymentReconciliation : undefined));
  const lines = computed<PersonLine[]>(() => (answer.value?.lines ?? []).map((line, i) => ({ ...line, key: String(i) })));

  const paging = reactive({ page: 1, pageSize: 20 });
  const list: ListPaging = {
    query: paging,
    changePage: (page) => (paging.page = page),
    changePageSize: (size) => Object.assign(paging, { pageSize: size, page: 1 }),
    // The lines come in the order of the person's records; no column sorts.
    changeSort: () => undefined,
  };
  const query: PagedQuery = {
    rows: computed(() => lines.value.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize)),
    total: computed(() => lines.value.length),
    loading,
    loadError: computed(() => (error.value ? toConsoleError(error.value) : undefined)),
    refresh: () => (asked.value ? refetch() : undefined),
  };

  async function search() {
    if (!(await formRef.value?.validate().catch(() => false))) return;
    const idNumber = normalizeIdNumber(form.idNumber);
    form.idNumber = idNumber;
    paging.page = 1;
    if (idNumber === asked.value) void refetch()?.catch(() => undefined);
    else asked.value = idNumber;
  }
  function reset() {
    form.idNumber = '';
    asked.value = '';
    paging.page = 1;
    formRef.value?.clearValidate();
  }

  const { exporting, exportCurrent } = useListExport('person-reconciliation', '个人对账', () => ({ idNumber: asked.value }));
  const table = useTableSettings('PersonReconciliation', PERSON_LINE_COLUMNS);

  const router = useRouter();
  const routes = recordRoutes(router);
  const recordOf = (line: PersonLine) => routes.location(line.module, line.recordId);
  const openRecord = (line: PersonLine) => {
    const to = recordOf(line);
    if (to) void router.push(to);
  };

  return { form, formRef, rules, asked, answer, list, query, search, reset, exporting, exportCurrent, table, recordOf, openRecord };
}
