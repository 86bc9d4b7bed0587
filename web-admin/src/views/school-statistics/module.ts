// 院校统计 (issue 15 §6): statistics of students in school, aid and graduates' employment, and
// 院校信息检索 (9(13)), the full-text search over the school records with its report.
import { DataAnalysis, Search } from '@element-plus/icons-vue';
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
    {
      path: 'school-search',
      name: 'SchoolSearch',
      component: () => import('./SchoolSearch.vue'),
      meta: { title: '院校信息检索', icon: Search, group: 'business', permission: { anyOf: ['technical-school:read', 'student:read'] }, keepAlive: true },
    },
  ],
});
