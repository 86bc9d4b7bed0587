// 资金: yearly allocations per authority and funding line, with what is reserved, paid and left.
import { Wallet } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'fund',
  routes: [
    {
      path: 'fund',
      name: 'FundList',
      component: () => import('./index.vue'),
      meta: { title: '资金管理', icon: Wallet, group: 'business', permission: { allOf: ['subsidy:read'] }, keepAlive: true },
    },
  ],
});
