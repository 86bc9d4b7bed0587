// 学籍数据对接 (issue 15 §7): exchange with the national technical-school registration system.
import { Connection } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'student-exchange',
  routes: [
    {
      path: 'student-exchange',
      name: 'StudentExchangePage',
      component: () => import('./index.vue'),
      meta: { title: '学籍数据对接', icon: Connection, group: 'business', permission: { allOf: ['student:exchange'] } },
    },
  ],
});
