// Users, roles and the security policy. The login and account pages (change password, enrol the
// second factor) are the platform's: routes.ts keeps them outside the layout.
import { Lock, User, UserFilled } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'identity',
  routes: [
    {
      path: 'system/user',
      name: 'UserList',
      component: () => import('./user/index.vue'),
      meta: { title: '用户管理', icon: User, group: 'system', permission: { anyOf: ['user:manage', 'role:manage'] }, keepAlive: true },
    },
    {
      path: 'system/role',
      name: 'RoleList',
      component: () => import('./role/index.vue'),
      meta: { title: '角色与权限', icon: UserFilled, group: 'system', permission: { anyOf: ['role:manage', 'user:manage'] } },
    },
    {
      path: 'system/security-policy',
      name: 'SecurityPolicyPage',
      component: () => import('./policy/index.vue'),
      meta: { title: '密码与会话策略', icon: Lock, group: 'system', permission: { allOf: ['policy:manage'] } },
    },
  ],
});
