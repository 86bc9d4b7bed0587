// Audit replay: step through a record's events one by one, or jump to a moment, and see the record
// as it was after that event (the server replays the stream: entries[i].stateAfter), the fields
// that event changed, who did it and why, and whether the hash chain holds up to there.
import { computed, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { flattenState } from '../useStateValues';
import { useTimeline } from '../useTimeline';

export function useAuditReplay(streamId: () => string) {
  const route = useRoute();
  const router = useRouter();
  const { timeline, entries, loading, loadError, refetch, labels, names, exporting, exportTimeline } = useTimeline(streamId);

  /** Index into entries of the event being looked at. */
  const index = ref(0);
  const jumpTime = ref<Date | null>(null);
  const jumpMessage = ref<string | null>(null);

  // Start at ?revision=N when given, else at the latest event; keep the URL in step for sharing.
  watch(entries, (list) => {
    if (list.length === 0) return;
    const wanted = Number(route.query.revision);
    const found = Number.isInteger(wanted) ? list.findIndex((e) => e.revision === wanted) : -1;
    index.value = found >= 0 ? found : list.length - 1;
  }, { immediate: true });
  watch(index, (i) => {
    const revision = entries.value[i]?.revision;
    if (revision !== undefined && String(revision) !== route.query.revision) void router.replace({ query: { ...route.query, revision: String(revision) } });
  });

  const entry = computed(() => entries.value[index.value]);
  // A change inside an encrypted value is reported on its masked form (`pending.phone.masked`).
  const fieldOf = (change: { field: string }) => change.field.replace(/\.masked$/, '');
  const changed = computed(() => new Set(entry.value?.changes.map(fieldOf) ?? []));
  const stateRows = computed(() => {
    const rows = flattenState(entry.value?.stateAfter).filter((r) => !/\.(cipher|blindIndex)$/.test(r.field));
    // Fields that the event removed still show, with their new (empty) value.
    for (const field of changed.value) if (!rows.some((r) => r.field === field)) rows.push({ field, value: null });
    return rows.map((r) => ({
      ...r,
      label: labels.value.get(r.field) ?? r.field,
      changed: changed.value.has(r.field),
      before: entry.value?.changes.find((c) => fieldOf(c) === r.field)?.before,
    }));
  });
  /** The chain up to and including this event: every link so far verified. */
  const chainValidSoFar = computed(() => entries.value.slice(0, index.value + 1).every((e) => e.hashValid));

  const first = () => (index.value = 0);
  const previous = () => (index.value = Math.max(0, index.value - 1));
  const next = () => (index.value = Math.min(entries.value.length - 1, index.value + 1));
  const last = () => (index.value = Math.max(0, entries.value.length - 1));

  /** The state as of a moment is the state after the last event at or before it. */
  function jumpTo(moment: Date | null) {
    jumpMessage.value = null;
    if (!moment) return;
    let found = -1;
    entries.value.forEach((e, i) => {
      if (new Date(e.occurredAt).getTime() <= moment.getTime()) found = i;
    });
    if (found < 0) {
      jumpMessage.value = '该时间之前记录尚不存在（第一个事件发生在此之后）';
      index.value = 0;
    } else {
      index.value = found;
    }
  }

  return { timeline, entries, loading, loadError, refetch, names, exporting, exportTimeline, index, entry, stateRows, chainValidSoFar, jumpTime, jumpMessage, first, previous, next, last, jumpTo };
}
