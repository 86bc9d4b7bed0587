// 毕业生就业 (issue 15 §6): graduates' destinations recorded by their schools, and 9(12)'s
// skilled-talent report of graduates.
import { Briefcase, Tickets } from '@element-plus/icons-vue';
import type { PermissionRule } from '@/auth/permissions';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

const permission: PermissionRule = { allOf: ['student:read'] };

export default defineConsoleModule({
  name: 'employment',
  routes: [
    ...listAndRecordRoutes({
      path: 'employment',
      recordOf: 'employment',
      permission,
      group: 'business',
      icon: Briefcase,
      list: { name: 'EmploymentList', title: '毕业生就业', component: () => import('./index.vue') },
      record: { name: 'EmploymentRecord', title: '就业记录', component: () => import('./record/index.vue') },
    }),
    { path: 'graduate-talent', name: 'GraduateTalentReport', component: () => import('./TalentReport.vue'), meta: { title: '技能人才信息', icon: Tickets, group: 'business', permission, keepAlive: true } },
  ],
});
