// 个人补贴: 技能提升补贴, 生活费补贴 and 一次性创业补贴 of a person, with the calculation, evidence, review and 公示.
import { Wallet } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'personal-subsidy',
  routes: listAndRecordRoutes({
    path: 'personal-subsidy',
    recordOf: 'personal-subsidy',
    permission: { allOf: ['subsidy:read'] },
    group: 'business',
    icon: Wallet,
    list: { name: 'PersonalSubsidyList', title: '个人补贴', component: () => import('./index.vue') },
    record: { name: 'PersonalSubsidyRecord', title: '个人补贴记录', component: () => import('./record/index.vue') },
  }),
});
