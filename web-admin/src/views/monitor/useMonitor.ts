// 服务监控: the server samples its health figures every minute for an hour (api/health/monitor.ts);
// this page charts them and lists each read model's state and lag. Refreshed by hand, never by a
// timer (an unattended console must still reach the server's idle timeout).
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { lineOption } from '@/components/charts';
import { PlatformMonitorDocument } from '@/graphql/generated';

const MB = 1024 * 1024;
const minute = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

export const STATE_LABELS: Record<string, string> = { running: '运行中', rebuilding: '重建中', stopped: '已停止', failed: '出错', starting: '启动中' };

export function useMonitor() {
  const { result, loading, error, refetch } = useQuery(PlatformMonitorDocument, null, { fetchPolicy: 'network-only' });
  const monitor = computed(() => result.value?.platformMonitor);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const samples = computed(() => monitor.value?.samples ?? []);
  const labels = computed(() => samples.value.map((s) => minute(s.at)));

  const lagChart = computed(() => {
    const names = [...new Set(samples.value.flatMap((s) => s.lags.filter((l) => l.lag > 0).map((l) => l.name)))];
    return lineOption(labels.value, [
      { name: '最大延迟（事件）', values: samples.value.map((s) => s.maxLag) },
      ...names.slice(0, 6).map((name) => ({ name, values: samples.value.map((s) => s.lags.find((l) => l.name === name)?.lag ?? 0) })),
    ]);
  });
  const memoryChart = computed(() =>
    lineOption(labels.value, [
      { name: '常驻内存（MB）', values: samples.value.map((s) => Math.round(s.rssBytes / MB)) },
      { name: '堆内存（MB）', values: samples.value.map((s) => Math.round(s.heapUsedBytes / MB)) },
    ]),
  );
  const cpuChart = computed(() => lineOption(labels.value, [{ name: 'CPU（% 单核）', values: samples.value.map((s) => s.cpuPercent) }]));
  const storeChart = computed(() =>
    lineOption(labels.value, [
      { name: '数据库（MB）', values: samples.value.map((s) => Math.round(s.databaseBytes / MB)) },
      { name: '事务阻塞（秒）', values: samples.value.map((s) => s.fenceHeldSeconds) },
    ]),
  );

  return { monitor, loading, loadError, refresh: () => refetch(), lagChart, memoryChart, cpuChart, storeChart, MB };
}
