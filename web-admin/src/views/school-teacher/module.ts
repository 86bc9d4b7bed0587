// 院校教师 (issue 15 §2): the technical schools' teachers.
import { User } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'school-teacher',
  routes: listAndRecordRoutes({
    path: 'school-teacher',
    recordOf: 'school-teacher',
    permission: { allOf: ['technical-school:read'] },
    group: 'business',
    icon: User,
    list: { name: 'SchoolTeacherList', title: '院校教师', component: () => import('./index.vue') },
    record: { name: 'SchoolTeacherRecord', title: '院校教师', component: () => import('./record/index.vue') },
  }),
});
