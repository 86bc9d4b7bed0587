// A session's roster with who is still missing for the chosen kind of capture (签到 / 签退 / 随机抓拍),
// polled while a result is pending; a random capture due now is announced and preselected.
import { useQuery } from '@vue/apollo-composable';
import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { toConsoleError } from '@admin/api/errors';
import { MobileDueRandomCapturesDocument, MobileRosterDocument } from '@/graphql/generated';
import { useOutbox } from '@/outbox/outbox';
import type { CaptureKind } from '@/outbox/store';
import { chinaTime } from '@/time';
import { personRows, type PersonRow } from './people';

const POLL_MS = 5_000;

export function useRoster() {
  const route = useRoute();
  const router = useRouter();
  const classId = String(route.params.classId);
  const sessionId = String(route.params.sessionId);
  const kind = ref<CaptureKind>(route.query.kind === 'check_out' || route.query.kind === 'random' ? route.query.kind : 'check_in');
  const { items } = useOutbox();

  const roster = useQuery(MobileRosterDocument, { classId, sessionId }, { fetchPolicy: 'cache-and-network' });
  const due = useQuery(MobileDueRandomCapturesDocument, { classId }, { fetchPolicy: 'network-only', pollInterval: 60_000 });

  const rows = computed<PersonRow[]>(() => personRows(roster.result.value?.captureRoster ?? [], kind.value, items.value, classId, sessionId));
  const missing = computed(() => rows.value.filter((r) => r.state === 'missing' || r.state === 'refused' || r.state === 'not_matched'));
  const done = computed(() => rows.value.filter((r) => r.state === 'matched').length);
  const dueNow = computed(() => (due.result.value?.dueRandomCaptures ?? []).find((d) => d.sessionId === sessionId) ?? null);
  const dueText = computed(() => (dueNow.value ? `随机抓拍进行中：请在 ${chinaTime(dueNow.value.until)} 前为在场人员拍照` : null));
  const errorMessage = computed(() => (roster.error.value ? toConsoleError(roster.error.value).message : null));
  const loaded = computed(() => roster.result.value !== undefined);
  // A failed refresh (offline) shows as the query's error, not as an unhandled rejection.
  const refresh = () => roster.refetch()?.catch(() => undefined);

  // Results arrive a few seconds after an upload: poll while something is uploaded or being matched.
  const pending = computed(() => rows.value.some((r) => r.state === 'waiting' || r.state === 'matching'));
  let timer: ReturnType<typeof setInterval> | undefined;
  watch(
    pending,
    (p) => {
      if (timer) clearInterval(timer);
      timer = p ? setInterval(() => void refresh(), POLL_MS) : undefined;
    },
    { immediate: true },
  );
  onBeforeUnmount(() => timer && clearInterval(timer));
  watch(dueNow, (d) => {
    if (d && route.query.kind === undefined) kind.value = 'random';
  });

  function capture(row: PersonRow) {
    void router.push({
      name: 'Capture',
      query: { classId, sessionId, kind: kind.value, personKind: row.entry.personKind, personId: row.entry.personId, name: row.entry.name },
    });
  }

  return { classId, sessionId, kind, rows, missing, done, dueText, loaded, loading: roster.loading, errorMessage, refresh, capture };
}
