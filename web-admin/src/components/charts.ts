// ECharts, bundled (no CDN) and registered once: only the chart types and components the console
// draws, so the bundle carries no more of ECharts than it uses.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { default as VChart } from 'vue-echarts';

/** Charts are read, not watched: no animation, and a screenshot never catches a half-grown bar. */
export const barOption = (labels: string[], values: number[], name: string, color = '#2f6fb3') => ({
  animation: false,
  tooltip: { trigger: 'axis' as const },
  grid: { left: 40, right: 16, top: 24, bottom: 32 },
  xAxis: { type: 'category' as const, data: labels, axisLabel: { interval: 0 } },
  yAxis: { type: 'value' as const, minInterval: 1 },
  series: [{ type: 'bar' as const, name, data: values, barMaxWidth: 40, itemStyle: { color } }],
});

export const pieOption = (items: { name: string; value: number }[], name: string) => ({
  animation: false,
  tooltip: { trigger: 'item' as const },
  legend: { bottom: 0 },
  series: [{ type: 'pie' as const, name, radius: ['40%', '68%'], center: ['50%', '45%'], data: items.filter((i) => i.value > 0), label: { formatter: '{b}：{c}' } }],
});

export const lineOption = (labels: string[], series: { name: string; values: number[] }[]) => ({
  animation: false,
  tooltip: { trigger: 'axis' as const },
  legend: { bottom: 0 },
  grid: { left: 48, right: 16, top: 24, bottom: 48 },
  xAxis: { type: 'category' as const, data: labels },
  yAxis: { type: 'value' as const, minInterval: 1 },
  series: series.map((s) => ({ type: 'line' as const, name: s.name, data: s.values, smooth: false })),
});
