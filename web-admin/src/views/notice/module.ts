// 通知公告: everyone's inbox (a top-level menu entry), the publishers' management list, and the
// notice page. The bell in the top bar (NoticeBell.vue) leads to the inbox.
import { Bell, Notebook } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'notice',
  routes: [
    { path: 'notice/inbox', name: 'NoticeInbox', component: () => import('./inbox.vue'), meta: { title: '通知公告', icon: Bell, keepAlive: true } },
    {
      path: 'notice/manage',
      name: 'NoticeManage',
      component: () => import('./manage.vue'),
      meta: { title: '通知发布', icon: Notebook, group: 'business', permission: { allOf: ['notice:publish'] }, keepAlive: true },
    },
    { path: 'notice/:id', name: 'NoticeDetail', component: () => import('./detail.vue'), props: true, meta: { title: '通知详情', hidden: true, parent: 'NoticeInbox' } },
  ],
});
