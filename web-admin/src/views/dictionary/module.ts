// 数据字典: the dictionaries an administrator extends.
import { Collection } from '@element-plus/icons-vue';
import { defineConsoleModule } from '@/router/console-module';

export default defineConsoleModule({
  name: 'dictionary',
  routes: [
    {
      path: 'dictionary',
      name: 'DictionaryPage',
      component: () => import('./index.vue'),
      meta: { title: '数据字典', icon: Collection, group: 'business', permission: { allOf: ['dictionary:manage'] } },
    },
  ],
});
