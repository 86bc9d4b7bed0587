// 补贴标准: the amounts per person (or per day) the province and the prefectures set, with their versions.
import { Tickets } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'subsidy-standard',
  routes: [
    {
      path: 'subsidy-standard',
      name: 'SubsidyStandardList',
      component: () => import('./index.vue'),
      meta: { title: '补贴标准', icon: Tickets, group: 'business', permission: { allOf: ['subsidy:read'] }, keepAlive: true },
    },
  ],
});
