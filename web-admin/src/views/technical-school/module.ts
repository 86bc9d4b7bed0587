// 技工院校 (issue 15 §1): schools (list and record) and the time windows (时间限制管理).
import { Calendar, School } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'technical-school',
  routes: [
    ...listAndRecordRoutes({
      path: 'technical-school',
      recordOf: 'technical-school',
      permission: { allOf: ['technical-school:read'] },
      group: 'business',
      icon: School,
      list: { name: 'TechnicalSchoolList', title: '技工院校', component: () => import('./index.vue') },
      record: { name: 'TechnicalSchoolRecord', title: '院校信息', component: () => import('./record/index.vue') },
    }),
    {
      path: 'technical-school-windows',
      name: 'SchoolWindowPage',
      component: () => import('./windows.vue'),
      meta: { title: '时间限制管理', icon: Calendar, group: 'business', permission: { allOf: ['technical-school:read'] }, keepAlive: false },
    },
  ],
});
