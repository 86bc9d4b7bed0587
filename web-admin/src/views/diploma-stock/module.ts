// 毕业证管理 (issue 15 §5): each school's blank diplomas (requested, approved, allocated) and where
// every number went (issued to a graduate, spoiled, in stock, void when an amendment or reprint
// replaced it); diploma approval, amendments and reprints.
import { Medal } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'diploma-stock',
  routes: listAndRecordRoutes({
    path: 'diploma-stock',
    recordOf: 'diploma-stock',
    permission: { allOf: ['student:read'] },
    group: 'business',
    icon: Medal,
    list: { name: 'DiplomaStockList', title: '毕业证管理', component: () => import('./index.vue') },
    record: { name: 'DiplomaStockRecord', title: '空白毕业证', component: () => import('./record/index.vue') },
  }),
});
