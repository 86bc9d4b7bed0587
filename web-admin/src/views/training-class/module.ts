// 培训班级 (issue 12): the classes institutions open, declare and run, reviewed by their authorities;
// and the province's records the classes are held to (工作日历, 补贴资格规则, 培训类别设置), which
// every authority reads and the holder of training-class:settings changes.
import { Calendar, Coin, DocumentChecked, Operation, School } from '@element-plus/icons-vue';
import type { PermissionRule } from '@/auth/permissions';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

/** The rules pages: authorities (who supervise classes or keep the rules) read them; an institution learns a rule from its refusal. */
const RULES_READERS: PermissionRule = { allOf: ['training-class:read'], anyOf: ['training-class:settings', 'training-class:supervise'] };

export default defineConsoleModule({
  name: 'training-class',
  routes: [
    ...listAndRecordRoutes({
      path: 'training-class',
      recordOf: 'training-class',
      permission: { allOf: ['training-class:read'] },
      group: 'business',
      icon: School,
      list: { name: 'TrainingClassList', title: '培训班级', component: () => import('./index.vue') },
      record: { name: 'TrainingClassRecord', title: '班级记录', component: () => import('./record/index.vue') },
    }),
    {
      // Inspections and rectifications across the classes in scope (a class's own are on its 检查记录 tab).
      path: 'training-class-inspections',
      name: 'ClassInspectionList',
      component: () => import('./inspections/index.vue'),
      meta: { title: '检查与整改', icon: DocumentChecked, group: 'business', permission: { allOf: ['training-class:read'], anyOf: ['training-class:inspect', 'training-class:manage'] } },
    },
    {
      path: 'training-class-settings/calendar',
      name: 'WorkingCalendarPage',
      component: () => import('./settings/calendar.vue'),
      meta: { title: '工作日历', icon: Calendar, group: 'business', permission: RULES_READERS },
    },
    {
      path: 'training-class-settings/eligibility',
      name: 'EligibilityPolicyPage',
      component: () => import('./settings/eligibility.vue'),
      meta: { title: '补贴资格规则', icon: Coin, group: 'business', permission: RULES_READERS },
    },
    {
      path: 'training-class-settings/kinds',
      name: 'TrainingKindSettingsPage',
      component: () => import('./settings/kinds.vue'),
      meta: { title: '培训类别设置', icon: Operation, group: 'business', permission: RULES_READERS },
    },
  ],
});
