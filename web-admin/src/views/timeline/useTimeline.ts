// One record's timeline (every event, who, where from, why, what changed, hash check) and its
// export: the server's JSON file of the whole stream with envelopes and hashes, signed whole by the
// ledger key, for offline checks.
import { useQuery } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { TimelineDocument, type TimelineQuery } from '@/graphql/generated';
import { downloadFile } from '@/utils/download';

export type TimelineEntry = TimelineQuery['timeline']['entries'][number];

/** Field path -> the server's label, from every change of the record (each field changed at least once: when it was set). */
export function fieldLabels(entries: readonly TimelineEntry[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entry of entries) for (const change of entry.changes) labels.set(change.field.replace(/\.masked$/, ''), change.label);
  return labels;
}

/** Organisation id -> name, from the actors of the events. */
export function actorOrgNames(entries: readonly TimelineEntry[]): Map<string, string> {
  return new Map(entries.flatMap((e) => (e.actorOrgId && e.actorOrgName ? [[e.actorOrgId, e.actorOrgName] as const] : [])));
}

export function useTimeline(streamId: () => string) {
  const { result, loading, error, refetch } = useQuery(TimelineDocument, () => ({ streamId: streamId() }));
  const timeline = computed(() => result.value?.timeline);
  const entries = computed(() => timeline.value?.entries ?? []);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const labels = computed(() => fieldLabels(entries.value));
  const orgNames = computed(() => actorOrgNames(entries.value));
  const exporting = ref(false);

  async function exportTimeline() {
    exporting.value = true;
    try {
      await downloadFile(`/audit/timeline-export?streamId=${encodeURIComponent(streamId())}`, `timeline-${streamId()}.json`);
      ElMessage.success('已导出时间线（含全部事件及哈希，整个文件由账本密钥签名，可离线校验）');
    } catch (e) {
      ElMessage.error(`导出失败：${toConsoleError(e).message}`);
    } finally {
      exporting.value = false;
    }
  }

  return { timeline, entries, loading, loadError, refetch, labels, orgNames, exporting, exportTimeline };
}
