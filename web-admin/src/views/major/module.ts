// 专业管理 (issue 15 §2): majors of the technical schools, approved through the review workflow.
import { Reading } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'major',
  routes: listAndRecordRoutes({
    path: 'major',
    recordOf: 'major',
    permission: { allOf: ['technical-school:read'] },
    group: 'business',
    icon: Reading,
    list: { name: 'MajorList', title: '专业管理', component: () => import('./index.vue') },
    record: { name: 'MajorRecord', title: '专业', component: () => import('./record/index.vue') },
  }),
});
