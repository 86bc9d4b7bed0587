// The platform's own operation pages (issue 16 §3, what a RuoYi user looks for): 在线用户 for the
// security administrator and 个人中心 for everyone (reached from the user menu, not the side menu).
import { Connection } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'monitor',
  routes: [
    {
      path: 'system/online-users',
      name: 'OnlineUsers',
      component: () => import('../online-users/index.vue'),
      meta: { title: '在线用户', icon: Connection, group: 'system', permission: { allOf: ['session:manage'] }, keepAlive: true },
    },
    { path: 'profile', name: 'ProfilePage', component: () => import('../profile/index.vue'), meta: { title: '个人中心', hidden: true } },
  ],
});
