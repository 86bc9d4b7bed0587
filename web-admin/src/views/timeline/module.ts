// 审计回放: any record's state at any event. The timeline itself is a tab of every record page.
import { TIMELINE_READERS } from '@/auth/permissions';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'timeline',
  routes: [
    {
      path: 'timeline/replay/:streamId',
      name: 'AuditReplay',
      component: () => import('./replay/index.vue'),
      props: true,
      meta: { title: '审计回放', hidden: true, permission: TIMELINE_READERS },
    },
  ],
});
