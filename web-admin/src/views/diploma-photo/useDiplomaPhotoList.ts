// 毕业证照片: the photos of the schools in the user's scope, filtered and paged on the server; a
// school uploads one photo or many (files named by ID numbers); the zip of approved photos and the
// .xlsx of the list are exported from here.
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { DiplomaPhotosDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import ExportZipDialog from './ExportZipDialog.vue';
import UploadPhotosDialog from './UploadPhotosDialog.vue';

interface DiplomaPhotoFilters {
  name: string;
  status: string;
  approvedOnly: string;
}

export function useDiplomaPhotoList() {
  const router = useRouter();
  const list = useListState<DiplomaPhotoFilters>(() => ({ name: '', status: '', approvedOnly: '' }));
  const filterOf = () => {
    const f = list.filters();
    return compact({ name: f.name, status: f.status, approvedOnly: f.approvedOnly === 'yes' ? true : undefined });
  };
  const page = usePagedQuery(DiplomaPhotosDocument, () => ({ filter: filterOf(), page: list.page() }), (r) => r.diplomaPhotos);
  const fields = filterFields<DiplomaPhotoFilters>([
    { kind: 'text', key: 'name', label: '学生姓名', placeholder: '姓名关键字', maxlength: 30 },
    { kind: 'select', key: 'status', label: '审核状态', options: useDict('review_status').options, width: 120 },
    { kind: 'select', key: 'approvedOnly', label: '已审核照片', options: [{ value: 'yes', label: '只看有已审核照片的' }], width: 180 },
  ]);
  const table = useTableSettings('DiplomaPhotoList', [
    { key: 'student', label: '学生' },
    { key: 'school', label: '院校' },
    { key: 'approved', label: '已审核照片' },
    { key: 'pending', label: '待审核照片' },
    { key: 'review', label: '审核状态' },
    { key: 'updatedAt', label: '更新时间' },
  ]);
  const { exporting, exportCurrent } = useListExport('diploma-photos', '毕业证照片', filterOf);
  const canUpload = computed(() => can({ allOf: ['student:register'] }));

  async function upload() {
    if (await openDialog<boolean>(UploadPhotosDialog, { canSubmit: can({ allOf: ['review:submit'] }) })) void page.refresh()?.catch(() => undefined);
  }
  const exportZip = () => openDialog(ExportZipDialog);
  const openRecord = (studentId: string) => router.push({ name: 'DiplomaPhotoRecord', params: { id: studentId } });
  return { list, page, fields, table, exporting, exportCurrent, canUpload, upload, exportZip, openRecord };
}
