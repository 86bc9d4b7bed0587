// 机构培训经费申报: a completed class's funded trainees and amount, each exclusion's reason, its review.
import { Money } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'subsidy-application',
  routes: listAndRecordRoutes({
    path: 'subsidy-application',
    recordOf: 'subsidy-application',
    permission: { allOf: ['subsidy:read'] },
    group: 'business',
    icon: Money,
    list: { name: 'TrainingFundingList', title: '培训经费申报', component: () => import('./index.vue') },
    record: { name: 'TrainingFundingRecord', title: '培训经费申报记录', component: () => import('./record/index.vue') },
  }),
});
