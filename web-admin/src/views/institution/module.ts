// 培训机构: registration, review and supervision (annual review, revocation) of institutions.
import { School } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'institution',
  routes: listAndRecordRoutes({
    path: 'institution',
    recordOf: 'institution',
    permission: { allOf: ['institution:read'] },
    group: 'business',
    icon: School,
    list: { name: 'InstitutionList', title: '培训机构', component: () => import('./index.vue') },
    record: { name: 'InstitutionRecord', title: '机构记录', component: () => import('./record/index.vue') },
  }),
});
