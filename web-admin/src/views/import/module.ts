// 批量导入: templates, uploads and the import jobs.
import { UploadFilled } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'import',
  routes: [
    {
      // Not kept alive: the page polls running jobs, and the polling stops when the user leaves.
      path: 'import',
      name: 'ImportPage',
      component: () => import('./index.vue'),
      meta: { title: '批量导入', icon: UploadFilled, group: 'business', permission: { allOf: ['import:run'] } },
    },
  ],
});
