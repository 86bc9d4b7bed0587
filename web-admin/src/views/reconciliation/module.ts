// 对账 pages beside 资金: 个人对账 answers, for one person's ID number, every amount approved for
// them in a module that pays people and what became of it (issue 14 §3). A fund's own 对账 is on
// the funds list; a batch's figures on the batch's page.
import { Tickets } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'reconciliation',
  routes: [
    {
      path: 'reconciliation/person',
      name: 'PersonReconciliation',
      component: () => import('./index.vue'),
      meta: { title: '个人对账', icon: Tickets, group: 'business', permission: { allOf: ['subsidy:read'] }, keepAlive: true },
    },
  ],
});
