// 培训师资: the teachers institutions engage, their qualification and pool tier.
import { Reading } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'teacher',
  routes: listAndRecordRoutes({
    path: 'teacher',
    recordOf: 'teacher',
    permission: { allOf: ['teacher:read'] },
    group: 'business',
    icon: Reading,
    list: { name: 'TeacherList', title: '培训师资', component: () => import('./index.vue') },
    record: { name: 'TeacherRecord', title: '师资记录', component: () => import('./record/index.vue') },
  }),
});
