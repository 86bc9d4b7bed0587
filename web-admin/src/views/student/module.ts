// 学籍管理 (issue 15 §3): student status of the technical schools.
import { Postcard } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'student',
  routes: listAndRecordRoutes({
    path: 'student',
    recordOf: 'student',
    permission: { allOf: ['student:read'] },
    group: 'business',
    icon: Postcard,
    list: { name: 'StudentList', title: '学籍管理', component: () => import('./index.vue') },
    record: { name: 'StudentRecord', title: '学籍', component: () => import('./record/index.vue') },
  }),
});
