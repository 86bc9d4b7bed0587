// The diploma photo list as an .xlsx export (see api/export): who has which photo in which state.
import type { DiplomaPhotoRow } from '../../projections/diploma-photo/diploma-photos-table';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { diplomaPhotoList, parseDiplomaPhotoFilter, toDiplomaPhoto } from './diploma-photo-graphql';
import type { DiplomaPhotoFilter } from '../../projections/diploma-photo/diploma-photos-table';

type Photo = ReturnType<typeof toDiplomaPhoto>;
const columns: ExportColumn<Photo>[] = [
  { header: '院校', width: 30, value: (p) => p.schoolName },
  { header: '学生姓名', width: 12, value: (p) => p.studentName },
  { header: '审核状态', width: 10, value: (p) => p.reviewStatusLabel },
  { header: '已审核照片', width: 10, value: (p) => (p.approved ? '有' : '无') },
  { header: '待审核照片', width: 10, value: (p) => (p.pending ? '有' : '无') },
  { header: '上传时间', width: 20, value: (p) => chinaTime(p.uploadedAt) },
  { header: '更新时间', width: 20, value: (p) => chinaTime(p.updatedAt) },
];

export const diplomaPhotoExport: ExportList<Photo, DiplomaPhotoFilter> = {
  label: '毕业证照片',
  parseFilter: parseDiplomaPhotoFilter,
  query: diplomaPhotoList,
  items: async (_ctx, rows) => (rows as (DiplomaPhotoRow & { school_name?: string })[]).map(toDiplomaPhoto),
  columns,
};
