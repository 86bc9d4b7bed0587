// The platform's own operation pages (issue 16 §3, what a RuoYi user looks for): 在线用户 for the
// security administrator, 定时任务 for the system administrator, 服务监控 for both, and 个人中心 for
// everyone (reached from the user menu, not the side menu).
import { AlarmClock, Connection, Monitor } from '@element-plus/icons-vue';
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
    {
      path: 'system/jobs',
      name: 'ScheduledJobs',
      component: () => import('../jobs/index.vue'),
      meta: { title: '定时任务', icon: AlarmClock, group: 'system', permission: { allOf: ['job:manage'] } },
    },
    {
      path: 'system/monitor',
      name: 'PlatformMonitor',
      component: () => import('./index.vue'),
      meta: { title: '服务监控', icon: Monitor, group: 'system', permission: { allOf: ['monitor:read'] } },
    },
    { path: 'profile', name: 'ProfilePage', component: () => import('../profile/index.vue'), meta: { title: '个人中心', hidden: true } },
  ],
});
