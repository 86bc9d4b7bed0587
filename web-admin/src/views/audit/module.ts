// 审计查询 and 安全日志: the global event query and the security log (audit administrator).
import { Memo, Tickets } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'audit',
  routes: [
    {
      path: 'compliance/events',
      name: 'AuditEventList',
      component: () => import('./events/index.vue'),
      meta: { title: '审计查询', icon: Tickets, group: 'audit', permission: { allOf: ['audit:read'] }, keepAlive: true },
    },
    {
      path: 'compliance/security-log',
      name: 'SecurityLogList',
      component: () => import('./security-log/index.vue'),
      meta: { title: '安全日志', icon: Memo, group: 'audit', permission: { allOf: ['security-log:read'] }, keepAlive: true },
    },
  ],
});
