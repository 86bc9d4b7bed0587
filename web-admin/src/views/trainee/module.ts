// 学员: the trainees institutions enter.
import { Avatar } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'trainee',
  routes: listAndRecordRoutes({
    path: 'trainee',
    recordOf: 'trainee',
    permission: { allOf: ['trainee:read'] },
    group: 'business',
    icon: Avatar,
    list: { name: 'TraineeList', title: '学员', component: () => import('./index.vue') },
    record: { name: 'TraineeRecord', title: '学员记录', component: () => import('./record/index.vue') },
  }),
});
