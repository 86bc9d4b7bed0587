// 学生资助 (issue 15 §4): 免学费 and 国家助学金 applications (list and record) and the standards.
import { Coin, Money } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'school-aid',
  routes: [
    ...listAndRecordRoutes({
      path: 'school-aid',
      recordOf: 'school-aid',
      permission: { allOf: ['student:read'] },
      group: 'business',
      icon: Money,
      list: { name: 'SchoolAidList', title: '免学费与助学金', component: () => import('./index.vue') },
      record: { name: 'SchoolAidRecord', title: '资助申请', component: () => import('./record/index.vue') },
    }),
    {
      path: 'aid-standard',
      name: 'AidStandardPage',
      component: () => import('./standards.vue'),
      meta: { title: '资助标准', icon: Coin, group: 'business', permission: { anyOf: ['technical-school:read', 'student:read'] }, keepAlive: false },
    },
  ],
});
