// 组织机构: the organisation tree and its users.
import { OfficeBuilding } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'organization',
  routes: [
    {
      path: 'system/organization',
      name: 'OrganizationTree',
      component: () => import('./index.vue'),
      meta: { title: '组织机构', icon: OfficeBuilding, group: 'system', permission: { allOf: ['organization:read', 'organization:manage'] } },
    },
  ],
});
