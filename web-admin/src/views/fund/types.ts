// The funds page's types, derived from the generated GraphQL types.
import type { FundsQuery } from '@/graphql/generated';

export type FundRow = FundsQuery['funds']['items'][number];

export interface FundFilters {
  year: string;
  line: string;
}

/** 下达 (a new fund) or 调整 (an existing one). */
export type FundDialogProps = { mode: 'allocate' } | { mode: 'adjust'; fund: FundRow };

export const FUNDING_LINE_OPTIONS = [
  { value: 'employment_subsidy', label: '就业补助资金' },
  { value: 'skills_upgrade', label: '职业技能提升行动专账资金' },
  { value: 'unemployment_insurance', label: '失业保险基金' },
  { value: 'local_finance', label: '地方财政资金' },
  { value: 'student_aid', label: '学生资助资金' },
] as const;
