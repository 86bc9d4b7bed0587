// 考勤抓拍 (issue 13): the captures in scope with their face-match results and photos (each view
// recorded), the supervisors' queue of fraud signals (异常预警) with their evidence, and the capture
// policy the province keeps. Phones upload through the mobile app (web-mobile/), not here.
import { Camera, Setting, Warning } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'capture',
  routes: [
    {
      path: 'capture',
      name: 'CaptureList',
      component: () => import('./index.vue'),
      meta: { title: '考勤抓拍', icon: Camera, group: 'business', permission: { anyOf: ['capture:read', 'capture:record'] }, keepAlive: true },
    },
    {
      path: 'capture-signals',
      name: 'CaptureSignalQueue',
      component: () => import('./signals/index.vue'),
      meta: { title: '异常预警', icon: Warning, group: 'business', permission: { allOf: ['capture:supervise'] }, keepAlive: true },
    },
    {
      path: 'capture-settings',
      name: 'CaptureSettingsPage',
      component: () => import('./settings/index.vue'),
      meta: { title: '抓拍策略', icon: Setting, group: 'business', permission: { anyOf: ['capture:settings', 'capture:supervise'] } },
    },
  ],
});
