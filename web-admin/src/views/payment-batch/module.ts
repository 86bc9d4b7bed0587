// 支付批次: payment orders for payable applications, the bank's payment and result files.
import { CreditCard } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'payment-batch',
  routes: listAndRecordRoutes({
    path: 'payment-batch',
    recordOf: 'payment-batch',
    permission: { allOf: ['subsidy:read'] },
    group: 'business',
    icon: CreditCard,
    list: { name: 'PaymentBatchList', title: '支付批次', component: () => import('./index.vue') },
    record: { name: 'PaymentBatchRecord', title: '支付批次记录', component: () => import('./record/index.vue') },
  }),
});
