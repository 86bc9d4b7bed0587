// The personal subsidies list as an .xlsx export (see api/export): the same query and scope as the list.
import { formatYuan } from '../../domain/shared/money';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { parsePersonalSubsidyFilter, personalSubsidyListQuery, toPersonalSubsidy, type PersonalSubsidyFilter } from './personal-subsidy-graphql';

type Subsidy = ReturnType<typeof toPersonalSubsidy>;
const columns: ExportColumn<Subsidy>[] = [
  { header: '姓名', width: 12, value: (s) => s.personName },
  { header: '身份证号', width: 22, value: (s) => s.idNumberMasked },
  { header: '补贴类型', width: 16, value: (s) => s.kindLabel },
  { header: '培训班', width: 30, value: (s) => s.className },
  { header: '培训机构', width: 30, value: (s) => s.institutionName },
  { header: '受理单位', width: 26, value: (s) => s.applicantOrgName },
  { header: '支付单位', width: 26, value: (s) => s.payerName },
  { header: '申请日期', width: 12, value: (s) => s.appliedOn },
  { header: '补贴金额', width: 16, value: (s) => formatYuan(Number(s.amountFen)) },
  { header: '补贴金额（分）', width: 16, value: (s) => s.amountFen },
  { header: '补贴标准', width: 30, value: (s) => (s.current.calculation.standard ? `${s.current.calculation.standard.basis}（第${s.current.calculation.standard.version}版）` : '') },
  { header: '审核状态', width: 10, value: (s) => s.reviewStatusLabel },
  { header: '公示截止', width: 12, value: (s) => s.noticeUntil ?? '' },
  { header: '待处理异议', width: 10, value: (s) => s.openObjections },
  { header: '已撤销', width: 8, value: (s) => (s.revoked ? '是' : '否') },
  { header: '支付状态', width: 14, value: (s) => s.current.payment?.statusLabel ?? '' },
  { header: '更新时间', width: 20, value: (s) => chinaTime(s.updatedAt) },
];

export const personalSubsidyExport: ExportList<Subsidy, PersonalSubsidyFilter> = {
  label: '个人补贴',
  parseFilter: parsePersonalSubsidyFilter,
  query: personalSubsidyListQuery,
  items: async (_ctx, rows) => (rows as Parameters<typeof toPersonalSubsidy>[0][]).map(toPersonalSubsidy),
  columns,
};
