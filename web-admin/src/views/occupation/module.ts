// 培训工种: the occupations institutions declare and authorities review.
import { Document } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'occupation',
  routes: listAndRecordRoutes({
    path: 'occupation',
    recordOf: 'occupation',
    permission: { allOf: ['occupation:read'] },
    group: 'business',
    icon: Document,
    list: { name: 'OccupationList', title: '培训工种', component: () => import('./index.vue') },
    record: { name: 'OccupationRecord', title: '工种记录', component: () => import('./record/index.vue') },
  }),
});
