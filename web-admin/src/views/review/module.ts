// 待办审核: the review inbox. Record pages, review history and decisions live with each module.
import { Stamp } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'review',
  routes: [
    {
      path: 'review/inbox',
      name: 'ReviewInbox',
      component: () => import('./inbox/index.vue'),
      meta: { title: '待办审核', icon: Stamp, group: 'business', permission: { allOf: ['review:decide'] }, badge: 'reviewInbox' },
    },
  ],
});
