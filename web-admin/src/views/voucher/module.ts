// 职业培训券: vouchers issued to people, their use, statistics, and the institutions accepting them.
import { Ticket } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'voucher',
  routes: listAndRecordRoutes({
    path: 'voucher',
    recordOf: 'voucher',
    permission: { allOf: ['voucher:read'] },
    group: 'business',
    icon: Ticket,
    list: { name: 'VoucherList', title: '职业培训券', component: () => import('./index.vue') },
    record: { name: 'VoucherRecord', title: '持券人培训券', component: () => import('./record/index.vue') },
  }),
});
