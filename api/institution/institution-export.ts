// The institutions list as an .xlsx export (see api/export).
import type { InstitutionRow } from '../../projections/institution/institutions-table';
import { chinaTime, yesNo, type ExportList } from '../export/export-lists';
import { institutionListQuery, parseInstitutionFilter, toInstitution, type InstitutionFilter } from './institution-graphql';

type Institution = ReturnType<typeof toInstitution>;
export const institutionExport: ExportList<Institution, InstitutionFilter> = {
  label: '培训机构',
  parseFilter: parseInstitutionFilter,
  query: institutionListQuery,
  items: async (_ctx, rows) => (rows as (InstitutionRow & { authority_name?: string | null })[]).map(toInstitution),
  columns: [
    { header: '机构名称', width: 36, value: (i) => i.name },
    { header: '统一社会信用代码', width: 22, value: (i) => i.creditCode },
    { header: '主管部门', width: 28, value: (i) => i.supervisingAuthorityName },
    { header: '机构性质', width: 14, value: (i) => i.natureLabel },
    { header: '状态', width: 16, value: (i) => i.lifecycleLabel },
    { header: '定点机构', width: 8, value: (i) => yesNo(i.designated) },
    { header: '有效期至', width: 12, value: (i) => i.validUntil },
    { header: '审核状态', width: 10, value: (i) => i.reviewStatusLabel },
    { header: '法定代表人', width: 12, value: (i) => i.effective?.legalPersonName ?? i.pending?.legalPersonName },
    { header: '法定代表人身份证号码', width: 22, value: (i) => i.effective?.legalPersonIdNumber ?? i.pending?.legalPersonIdNumber },
    { header: '联系电话', width: 16, value: (i) => i.effective?.phone ?? i.pending?.phone },
    { header: '登记时间', width: 20, value: (i) => chinaTime(i.registeredAt) },
  ],
};
