// 职业培训券 over GraphQL: issue (then loaded onto the electronic social-security card), the list
// with filters, a person's vouchers and their use (the record page), cancel with a reason, the
// card load retried, an institution's acceptance, and statistics by issuing authority and kind.
// Amounts are decimal strings of fen.
import { z } from 'zod';
import { oneOf, parseInput, requiredText } from '../../domain/shared/validation';
import { describeValue, parseVoucherTerms, VOUCHER_KIND_LABELS, VOUCHER_KINDS, VOUCHER_SCOPE_LABELS, type VoucherKind, type VoucherScope } from '../../domain/voucher/terms';
import { CARD_STATUS_LABELS, VOUCHER_STATUS_LABELS, VOUCHER_STATUSES, voucherStreams, type CardStatus, type VoucherStatus } from '../../domain/voucher/voucher';
import { voucherAcceptanceRows, voucherRows, voucherStatistics, type VoucherAcceptanceListRow, type VoucherListRow } from '../../projections/voucher/voucher-list';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { RECORD_NOT_FOUND } from '../records';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

export const VOUCHER_SORT: SortableFields = {
  issuedOn: 'vouchers.issued_on',
  validUntil: 'vouchers.valid_until',
  name: { column: 'vouchers.name', pinyin: true },
  voucherNo: 'vouchers.voucher_no',
  updatedAt: 'vouchers.updated_at',
};
export const ACCEPTANCE_SORT: SortableFields = { institutionName: { column: 'voucher_acceptances.institution_name', pinyin: true }, updatedAt: 'voucher_acceptances.updated_at' };

export const voucherTypeDefs = /* GraphQL */ `
  "职业培训券（金额单位：分，十进制字符串）"
  type Voucher {
    id: ID!
    voucherNo: String!
    "持券人的记录流（voucher-<人员编号>），时间线按它查询"
    streamId: String!
    personId: ID!
    name: String!
    idNumberMasked: String!
    authorityId: ID!
    authorityName: String!
    kind: String!
    kindLabel: String!
    faceValueFen: String
    discountPercent: Int
    valueLabel: String!
    scope: String!
    scopeLabel: String!
    occupationCodes: [String!]!
    institutionIds: [ID!]!
    validFrom: String!
    validUntil: String!
    status: String!
    statusLabel: String!
    reason: String!
    issuedOn: String!
    "电子社保卡：pending 待加载 / loaded 已加载 / failed 加载失败 / withdrawn 已从社保卡撤销 / withdrawal_failed 撤销失败"
    cardStatus: String!
    cardStatusLabel: String!
    cardRef: String
    cardReason: String
    classId: ID
    classNo: String
    className: String
    usedInstitutionId: ID
    usedInstitutionName: String
    usedOn: String
    applicationId: ID
    settledFen: String
    settledOn: String
    "上次结算被撤销（公示异议成立）：撤销的金额（分）、原因和日期"
    settlementReversedFen: String
    settlementReversalReason: String
    settlementReversedOn: String
    "作废或过期的原因"
    endReason: String
    endedOn: String
    updatedAt: String!
  }
  ${pageTypeDefs('Voucher')}

  "持券人：其全部培训券及使用情况"
  type VoucherHolder {
    personId: ID!
    streamId: String!
    name: String!
    idNumberMasked: String!
    vouchers: [Voucher!]!
  }

  "培训机构的培训券受理状态"
  type VoucherAcceptance {
    institutionId: ID!
    institutionName: String!
    accepts: Boolean!
    reason: String!
    streamId: String!
    updatedAt: String!
  }
  ${pageTypeDefs('VoucherAcceptance')}

  "培训券统计：按发放单位（区县）和券种"
  type VoucherStatisticsRow {
    authorityId: ID!
    authorityName: String!
    kind: String!
    kindLabel: String!
    issued: Int!
    active: Int!
    used: Int!
    settled: Int!
    cancelled: Int!
    expired: Int!
    settledFen: String!
  }

  input VoucherIssueInput {
    personId: ID!
    "发放单位（本单位或下级人社部门）"
    authorityId: ID!
    "face_value 面额券 / discount 折扣券"
    kind: String!
    "面额（分），面额券必填"
    faceValueFen: String
    "折扣比例1-100，折扣券必填"
    discountPercent: Int
    "general 通用 / occupation 定向工种 / institution 定向机构"
    scope: String!
    occupationCodes: [String!]
    institutionIds: [ID!]
    validFrom: String!
    "有效期（月，1-24，默认3）"
    validMonths: Int
    "发放依据"
    reason: String!
  }
  input VoucherFilter {
    status: String
    kind: String
    authorityId: ID
    personId: ID
    "券号或姓名"
    keyword: String
    classId: ID
  }

  extend type Query {
    "职业培训券（本单位及下级发放的）；可排序字段：${sortableNames(VOUCHER_SORT)}"
    vouchers(filter: VoucherFilter, page: PageInput): VoucherPage!
    voucher(id: ID!): Voucher
    "一个人的全部培训券及使用情况"
    voucherHolder(personId: ID!): VoucherHolder
    "培训券统计（按发放单位和券种）"
    voucherStatistics: [VoucherStatisticsRow!]!
    "受理培训券的培训机构；可排序字段：${sortableNames(ACCEPTANCE_SORT)}"
    voucherAcceptances(page: PageInput): VoucherAcceptancePage!
  }

  extend type Mutation {
    "发放培训券（每人同时只能持有一张有效培训券），发放后加载到电子社保卡"
    issueVoucher(input: VoucherIssueInput!, commandId: ID): CommandResult!
    "作废培训券（须填写原因；已结算的不能作废）"
    cancelVoucher(id: ID!, reason: String!, commandId: ID): CommandResult!
    "重新加载到电子社保卡（上次加载失败时）；已作废或过期的培训券则重新从电子社保卡撤销（上次撤销失败时）"
    reloadVoucherCard(id: ID!, commandId: ID): CommandResult!
    "开通或停止培训机构受理培训券（上级人社部门）"
    decideVoucherAcceptance(institutionId: ID!, accepts: Boolean!, reason: String!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    status: oneOf('状态', VOUCHER_STATUSES).nullish(),
    kind: oneOf('券种', VOUCHER_KINDS).nullish(),
    authorityId: z.string().max(64).nullish(),
    personId: z.string().max(64).nullish(),
    keyword: z.string().trim().max(50, { error: '关键词不能超过50个字' }).nullish(),
    classId: z.string().max(64).nullish(),
  })
  .default({});
export type VoucherFilter = z.output<typeof filterSchema>;
export const parseVoucherFilter = (raw: unknown): VoucherFilter => parseInput(filterSchema, raw ?? undefined);

const list = (text: string) => (text ? text.split(',') : []);

export const toVoucher = (row: VoucherListRow) => ({
  id: row.id,
  voucherNo: row.voucher_no,
  streamId: row.stream_id,
  personId: row.person_id,
  name: row.name,
  idNumberMasked: row.id_number_masked,
  authorityId: row.authority_id,
  authorityName: row.authority_name,
  kind: row.kind,
  kindLabel: VOUCHER_KIND_LABELS[row.kind as VoucherKind] ?? row.kind,
  faceValueFen: row.face_value_fen === null ? null : String(row.face_value_fen),
  discountPercent: row.discount_percent,
  valueLabel: describeValue({ kind: row.kind as VoucherKind, faceValueFen: row.face_value_fen === null ? null : Number(row.face_value_fen), discountPercent: row.discount_percent }),
  scope: row.scope,
  scopeLabel: VOUCHER_SCOPE_LABELS[row.scope as VoucherScope] ?? row.scope,
  occupationCodes: list(row.occupation_codes),
  institutionIds: list(row.institution_ids),
  validFrom: row.valid_from,
  validUntil: row.valid_until,
  status: row.status,
  statusLabel: VOUCHER_STATUS_LABELS[row.status as VoucherStatus] ?? row.status,
  reason: row.reason,
  issuedOn: row.issued_on,
  cardStatus: row.card_status,
  cardStatusLabel: CARD_STATUS_LABELS[row.card_status as CardStatus] ?? row.card_status,
  cardRef: row.card_ref,
  cardReason: row.card_reason,
  classId: row.class_id,
  classNo: row.class_no,
  className: row.class_name,
  usedInstitutionId: row.used_institution_id,
  usedInstitutionName: row.used_institution_name,
  usedOn: row.used_on,
  applicationId: row.application_id,
  settledFen: row.settled_fen === null ? null : String(row.settled_fen),
  settledOn: row.settled_on,
  settlementReversedFen: row.reversed_fen === null ? null : String(row.reversed_fen),
  settlementReversalReason: row.reversal_reason,
  settlementReversedOn: row.reversed_on,
  endReason: row.end_reason,
  endedOn: row.ended_on,
  updatedAt: row.updated_at,
});

export async function voucherListQuery(ctx: ListContext, filter: VoucherFilter) {
  ctx.require('voucher:read');
  const query = voucherRows(ctx.platform.knex);
  await ctx.scope.restrict(query, { org: 'vouchers.authority_id' });
  if (filter.status) query.where('vouchers.status', filter.status);
  if (filter.kind) query.where('vouchers.kind', filter.kind);
  if (filter.authorityId) query.where('vouchers.authority_id', filter.authorityId);
  if (filter.personId) query.where('vouchers.person_id', filter.personId);
  if (filter.classId) query.where('vouchers.class_id', filter.classId);
  if (filter.keyword) {
    const like = `%${filter.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((q) => q.whereILike('vouchers.voucher_no', like).orWhereILike('vouchers.name', like));
  }
  return { query, orderBy: [{ column: 'vouchers.updated_at', order: 'desc' as const }, { column: 'vouchers.id', order: 'asc' as const }] };
}

export async function voucherAcceptanceListQuery(ctx: ListContext) {
  ctx.require('voucher:read');
  const query = voucherAcceptanceRows(ctx.platform.knex);
  await ctx.scope.restrict(query, { org: 'voucher_acceptances.institution_id' });
  return { query, orderBy: [{ column: 'voucher_acceptances.updated_at', order: 'desc' as const }, { column: 'voucher_acceptances.institution_id', order: 'asc' as const }] };
}

const toAcceptance = (row: VoucherAcceptanceListRow) => ({
  institutionId: row.institution_id,
  institutionName: row.institution_name,
  accepts: row.accepts,
  reason: row.reason,
  streamId: voucherStreams.streamId(`acceptance-${row.institution_id}`),
  updatedAt: row.updated_at,
});

/** The voucher's row within the caller's scope (out of scope answers as missing). */
async function scopedVoucher(ctx: GraphQLContext, id: string) {
  const row = await voucherRows(ctx.platform.knex).where('vouchers.id', id).first();
  if (!row) return undefined;
  return (await ctx.scope.findRecord(row.stream_id)) ? row : undefined;
}

export const voucherResolvers = {
  Query: {
    async vouchers(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await voucherListQuery(ctx, parseVoucherFilter(args.filter));
      const result = await fetchPage<VoucherListRow>(query, page, orderFor(page, VOUCHER_SORT, orderBy));
      return { ...result, items: result.items.map(toVoucher) };
    },
    async voucher(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('voucher:read');
      const row = await scopedVoucher(ctx, args.id);
      return row ? toVoucher(row) : null;
    },
    async voucherHolder(_: unknown, args: { personId: string }, ctx: GraphQLContext) {
      ctx.require('voucher:read');
      const streamId = voucherStreams.streamId(args.personId);
      if (args.personId.startsWith('acceptance-') || !(await ctx.scope.findRecord(streamId))) return null;
      const rows = await voucherRows(ctx.platform.knex).where('vouchers.stream_id', streamId).orderBy('vouchers.issued_on', 'desc').orderBy('vouchers.created_at', 'desc');
      if (rows.length === 0) return null;
      return { personId: args.personId, streamId, name: rows[0]!.name, idNumberMasked: rows[0]!.id_number_masked, vouchers: rows.map(toVoucher) };
    },
    async voucherStatistics(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('voucher:read');
      const rows = await voucherStatistics(ctx.platform.knex, (query) => ctx.scope.restrict(query, { org: 'vouchers.authority_id' }));
      return rows.map((r) => ({ ...r, kindLabel: VOUCHER_KIND_LABELS[r.kind as VoucherKind] ?? r.kind }));
    },
    async voucherAcceptances(_: unknown, args: { page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await voucherAcceptanceListQuery(ctx);
      const result = await fetchPage<VoucherAcceptanceListRow>(query, page, orderFor(page, ACCEPTANCE_SORT, orderBy));
      return { ...result, items: result.items.map(toAcceptance) };
    },
  },
  Mutation: {
    async issueVoucher(_: unknown, args: { input: Record<string, unknown>; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('voucher:issue');
      const { personId, authorityId, reason, ...terms } = args.input;
      const parsed = parseInput(z.object({ personId: requiredText('持券人', 64), authorityId: requiredText('发放单位', 64), reason: requiredText('发放依据', 500, { multiline: true }) }), { personId, authorityId, reason });
      const voucherTerms = parseVoucherTerms(terms);
      // The person must be a trainee in the caller's scope (out of scope answers as missing).
      await ctx.scope.requireRecord(`trainee-${parsed.personId}`);
      const result = await ctx.platform.commands.vouchers.issue({ ...parsed, terms: voucherTerms }, ctx.request(args.commandId));
      return commandOutcome(result, result.voucherId);
    },
    async cancelVoucher(_: unknown, args: { id: string; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('voucher:issue');
      const row = await scopedVoucher(ctx, args.id);
      if (!row) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
      const { reason } = parseInput(z.object({ reason: requiredText('作废原因', 500, { multiline: true }) }), { reason: args.reason });
      const result = await ctx.platform.commands.vouchers.cancel(row.person_id, row.id, reason, ctx.request(args.commandId));
      return commandOutcome(result, row.id);
    },
    async reloadVoucherCard(_: unknown, args: { id: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('voucher:issue');
      const row = await scopedVoucher(ctx, args.id);
      if (!row) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
      // The card action still needed: a load for a voucher in force, a withdrawal for a cancelled or expired one.
      const result = await ctx.platform.commands.vouchers.retryCard(row.person_id, row.id, ctx.request(args.commandId));
      return commandOutcome(result, row.id);
    },
    async decideVoucherAcceptance(_: unknown, args: { institutionId: string; accepts: boolean; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('voucher:issue');
      await ctx.scope.requireRecord(`institution-${args.institutionId}`);
      const { reason } = parseInput(z.object({ reason: requiredText('决定依据', 500, { multiline: true }) }), { reason: args.reason });
      const result = await ctx.platform.commands.vouchers.decideAcceptance(args.institutionId, Boolean(args.accepts), reason, ctx.request(args.commandId));
      return commandOutcome(result, args.institutionId);
    },
  },
};
