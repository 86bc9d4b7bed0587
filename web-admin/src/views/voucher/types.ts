// The voucher pages' types and choices, derived from the generated GraphQL types.
import type { VouchersQuery } from '@/graphql/generated';

export type VoucherRow = VouchersQuery['vouchers']['items'][number];

export interface VoucherFilters {
  keyword: string;
  status: string;
  kind: string;
}

export const VOUCHER_STATUS_OPTIONS = [
  { value: 'active', label: '未使用' },
  { value: 'used', label: '已使用' },
  { value: 'settled', label: '已结算' },
  { value: 'cancelled', label: '已作废' },
  { value: 'expired', label: '已过期' },
] as const;
export const VOUCHER_KIND_OPTIONS = [
  { value: 'face_value', label: '面额券' },
  { value: 'discount', label: '折扣券' },
] as const;
export const VOUCHER_SCOPE_OPTIONS = [
  { value: 'general', label: '通用券' },
  { value: 'occupation', label: '定向工种' },
  { value: 'institution', label: '定向机构' },
] as const;
