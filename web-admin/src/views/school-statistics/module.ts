// 院校统计 (issue 15 §6): statistics of students in school, aid and graduates' employment.
import { DataAnalysis } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'school-statistics',
  routes: [
    {
      path: 'school-statistics',
      name: 'SchoolStatistics',
      component: () => import('./index.vue'),
      meta: { title: '院校统计', icon: DataAnalysis, group: 'business', permission: { allOf: ['student:read'] }, keepAlive: true },
    },
  ],
});
