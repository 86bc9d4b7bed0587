// One record's timeline (every event, who, where from, why, what changed, hash check) and its
// export: the server's JSON file of the whole stream with envelopes and hashes, signed whole by the
// ledger key, for offline checks.
import { useQuery } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { TimelineDocument, type TimelineQuery } from '@/graphql/generated';
import { downloadFile } from '@/utils/download';
import { statusKey, type StateNames } from './useStateValues';

export type TimelineEntry = TimelineQuery['timeline']['entries'][number];

/** Field path -> the server's label, from every change of the record (each field changed at least once: when it was set). */
export function fieldLabels(entries: readonly TimelineEntry[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entry of entries) for (const change of entry.changes) labels.set(change.field.replace(/\.masked$/, ''), change.label);
  return labels;
}

/** The server's names for the record's ids and status codes, as the state values need them. */
export function stateNames(timeline: TimelineQuery['timeline'] | undefined): StateNames {
  const names = new Map<string, string>(timeline?.names.map((n) => [n.id, n.name]) ?? []);
  // The actors' organisations too (named beside each event).
  for (const e of timeline?.entries ?? []) if (e.actorOrgId && e.actorOrgName && !names.has(e.actorOrgId)) names.set(e.actorOrgId, e.actorOrgName);
  return { names, statuses: new Map(timeline?.statusLabels.map((s) => [statusKey(s.field, s.value), s.label]) ?? []) };
}

/** What a record is called in the replay's head and breadcrumbs: 培训工种·茶艺师. */
export const recordTitle = (timeline: TimelineQuery['timeline']) => (timeline.title ? `${timeline.moduleLabel}·${timeline.title}` : timeline.moduleLabel);

export function useTimeline(streamId: () => string) {
  const { result, loading, error, refetch } = useQuery(TimelineDocument, () => ({ streamId: streamId() }));
  const timeline = computed(() => result.value?.timeline);
  const entries = computed(() => timeline.value?.entries ?? []);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const labels = computed(() => fieldLabels(entries.value));
  const names = computed(() => stateNames(timeline.value));
  const exporting = ref(false);

  async function exportTimeline() {
    exporting.value = true;
    try {
      // The server names the file (时间线-<record>-<date>.json); this is only the fallback.
      await downloadFile(`/audit/timeline-export?streamId=${encodeURIComponent(streamId())}`, '时间线.json');
      ElMessage.success('已导出时间线（含全部事件及哈希，整个文件由账本密钥签名，可离线校验）');
    } catch (e) {
      ElMessage.error(`导出失败：${toConsoleError(e).message}`);
    } finally {
      exporting.value = false;
    }
  }

  /** The same timeline as an .xlsx to read (Chinese labels, names, changes): not a proof, the JSON file is. */
  async function exportWorkbook() {
    exporting.value = true;
    try {
      await downloadFile(`/audit/timeline-export.xlsx?streamId=${encodeURIComponent(streamId())}`, '时间线.xlsx');
      ElMessage.success('已导出时间线表格（供阅读；核验请使用 JSON 文件）');
    } catch (e) {
      ElMessage.error(`导出失败：${toConsoleError(e).message}`);
    } finally {
      exporting.value = false;
    }
  }

  return { timeline, entries, loading, loadError, refetch, labels, names, exporting, exportTimeline, exportWorkbook };
}
