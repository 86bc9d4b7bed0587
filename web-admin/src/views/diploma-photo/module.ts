// 毕业证照片 (issue 15 §5): graduates' photos uploaded by the schools (one or many at once), approved
// or returned by their authorities, exported as a zip; the approved photo prints on the diploma.
import { Picture } from '@element-plus/icons-vue';
import { defineConsoleModule, listAndRecordRoutes } from '@/router/console-module';

export default defineConsoleModule({
  name: 'diploma-photo',
  routes: listAndRecordRoutes({
    path: 'diploma-photo',
    recordOf: 'diploma-photo',
    permission: { allOf: ['student:read'] },
    group: 'business',
    icon: Picture,
    list: { name: 'DiplomaPhotoList', title: '毕业证照片', component: () => import('./index.vue') },
    record: { name: 'DiplomaPhotoRecord', title: '毕业证照片', component: () => import('./record/index.vue') },
  }),
});
