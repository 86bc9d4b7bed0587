// 培训过程检查 over GraphQL (issue 12 §2): inspections of a class by a supervising authority, the
// institution's rectification reply and its review, the list of inspections (an authority's
// replies awaiting review; an institution's rectifications due), and the penalty ladder on an
// institution's record. Every mutation checks the record in the caller's scope first.
import { z } from 'zod';
import { PENALTY_KINDS, PENALTY_KIND_LABELS, type InstitutionPenalty } from '../../domain/institution/institution';
import { chinaDate } from '../../domain/personal-data/normalize';
import { calendarDate, oneOf, parseInput } from '../../domain/shared/validation';
import { INSPECTION_MODE_LABELS, RECTIFICATION_STATUS_LABELS, parseInspectionInput, type InspectionMode, type RectificationStatus } from '../../domain/training-class/inspection';
import { organizationNames } from '../../projections/organization/organization-names';
import { inspectionsQuery, institutionPenalties } from '../../projections/training-class/training-class-list';
import type { TrainingClassInspectionRow } from '../../projections/training-class/training-classes-table';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { idSchema } from './training-class-graphql';

export const INSPECTION_SORT: SortableFields = { inspectedOn: 'inspected_on', rectifyBy: { column: 'rectify_by', nullsLast: true }, status: 'status', className: { column: 'class_name', pinyin: true } };

export const inspectionTypeDefs = /* GraphQL */ `
  "检查记录（列表）"
  type ClassInspectionItem {
    classId: ID!
    classNo: String!
    className: String!
    institutionId: ID!
    institutionName: String
    inspectionId: ID!
    mode: String!
    modeLabel: String!
    inspectedOn: String!
    rectifyBy: String
    status: String!
    statusLabel: String!
    byOrgId: ID!
    findings: String!
    updatedAt: String!
  }
  ${pageTypeDefs('ClassInspectionItem')}
  input ClassInspectionFilter {
    "replied 已回复待审核 / awaiting_reply 待整改回复 ..."
    status: String
    institutionId: ID
  }
  input TrainingClassInspectionInput {
    "on_site 现场检查 / remote 远程检查"
    mode: String
    inspectedOn: String
    findings: String
    rectificationRequired: Boolean
    rectifyBy: String
  }
  "对培训机构的处理（约谈、整改通知书、通报、解约）"
  type InstitutionPenalty {
    penaltyId: ID!
    kind: String!
    kindLabel: String!
    reason: String!
    imposedOn: String!
    byOrgId: ID!
    byOrgName: String
    "整改通知书：此日（含）前不得开班"
    barredUntil: String
    basisClassId: ID
    basisInspectionId: ID
  }
  extend type Query {
    "数据权限范围内的检查记录，默认最近检查的在前；可排序字段：${sortableNames(INSPECTION_SORT)}"
    classInspections(filter: ClassInspectionFilter, page: PageInput): ClassInspectionItemPage!
    "培训机构受到的处理"
    institutionPenalties(institutionId: ID!): [InstitutionPenalty!]!
  }
  extend type Mutation {
    "记录检查（主管部门、督导）：照片先经 POST /files?purpose=document 上传"
    recordTrainingClassInspection(id: ID!, inspection: TrainingClassInspectionInput!, photoFileIds: [ID!], commandId: ID): CommandResult!
    "培训机构提交整改回复"
    replyTrainingClassRectification(id: ID!, inspectionId: ID!, reply: String!, attachmentFileIds: [ID!], commandId: ID): CommandResult!
    "审核整改回复：通过或退回"
    decideTrainingClassRectification(id: ID!, inspectionId: ID!, accepted: Boolean!, opinion: String!, commandId: ID): CommandResult!
    "处理培训机构（约谈 interview / 整改通知书 rectification_notice，须填暂停开班截止日 / 通报 public_notice / 解约 termination）"
    imposeInstitutionPenalty(institutionId: ID!, kind: String!, reason: String!, barredUntil: String, classId: ID, inspectionId: ID, commandId: ID): CommandResult!
  }
`;

const fileIdsSchema = (label: string) => z.array(idSchema(label)).max(30, { error: `${label}最多30个` }).default([]);

async function classInScope(ctx: GraphQLContext, id: string, ...permissions: Parameters<GraphQLContext['requireAny']>) {
  ctx.requireAny(...permissions);
  const classId = parseInput(idSchema('班级'), id);
  await ctx.scope.requireRecord(`training-class-${classId}`);
  return classId;
}

const penaltyOut = (names: Map<string, string>) => (p: InstitutionPenalty) => ({
  ...p,
  kindLabel: PENALTY_KIND_LABELS[p.kind],
  byOrgName: names.get(p.byOrgId) ?? null,
  basisClassId: p.basis?.classId ?? null,
  basisInspectionId: p.basis?.inspectionId ?? null,
});

export const inspectionResolvers = {
  Query: {
    async classInspections(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('training-class:read');
      const filter = parseInput(z.object({ status: z.string().max(20).optional(), institutionId: idSchema('培训机构').optional() }).default({}), args.filter ?? undefined);
      const page = parsePage(args.page);
      const { query } = await inspectionsQuery(ctx.platform.knex, ctx.scope, filter);
      const result = await fetchPage<TrainingClassInspectionRow>(query, page, orderFor(page, INSPECTION_SORT, [
        { column: 'inspected_on', order: 'desc' },
        { column: 'inspection_id', order: 'asc' },
      ]));
      const names = await organizationNames(ctx.platform.knex, result.items.map((r) => r.institution_id));
      return {
        ...result,
        items: result.items.map((r) => ({
          classId: r.class_id,
          classNo: r.class_no,
          className: r.class_name,
          institutionId: r.institution_id,
          institutionName: names.get(r.institution_id) ?? null,
          inspectionId: r.inspection_id,
          mode: r.mode,
          modeLabel: INSPECTION_MODE_LABELS[r.mode as InspectionMode] ?? r.mode,
          inspectedOn: r.inspected_on,
          rectifyBy: r.rectify_by,
          status: r.status,
          statusLabel: RECTIFICATION_STATUS_LABELS[r.status as RectificationStatus] ?? r.status,
          byOrgId: r.by_org_id,
          findings: r.findings,
          updatedAt: r.updated_at,
        })),
      };
    },
    async institutionPenalties(_: unknown, args: { institutionId: string }, ctx: GraphQLContext) {
      ctx.require('institution:read');
      const institutionId = parseInput(idSchema('培训机构'), args.institutionId);
      if (!(await ctx.scope.findRecord(`institution-${institutionId}`))) return [];
      const penalties = await institutionPenalties(ctx.platform.knex, institutionId);
      return penalties.map(penaltyOut(await organizationNames(ctx.platform.knex, penalties.map((p) => p.byOrgId))));
    },
  },
  Mutation: {
    async recordTrainingClassInspection(_: unknown, args: { id: string; inspection: unknown; photoFileIds?: unknown; commandId?: string }, ctx: GraphQLContext) {
      const id = await classInScope(ctx, args.id, 'training-class:inspect');
      const input = parseInspectionInput(args.inspection, chinaDate(new Date().toISOString()));
      const photos = parseInput(z.object({ photoFileIds: fileIdsSchema('照片') }), { photoFileIds: args.photoFileIds ?? undefined }).photoFileIds;
      const request = ctx.request(args.commandId);
      return commandOutcome(await ctx.platform.commands.classInspections.record(id, request.commandId, input, photos, request), id);
    },
    async replyTrainingClassRectification(_: unknown, args: { id: string; inspectionId: string; reply: string; attachmentFileIds?: unknown; commandId?: string }, ctx: GraphQLContext) {
      const id = await classInScope(ctx, args.id, 'training-class:manage');
      const attachments = parseInput(z.object({ attachmentFileIds: fileIdsSchema('附件') }), { attachmentFileIds: args.attachmentFileIds ?? undefined }).attachmentFileIds;
      return commandOutcome(await ctx.platform.commands.classInspections.reply(id, parseInput(idSchema('检查记录'), args.inspectionId), args.reply, attachments, ctx.request(args.commandId)), id);
    },
    async decideTrainingClassRectification(_: unknown, args: { id: string; inspectionId: string; accepted: boolean; opinion: string; commandId?: string }, ctx: GraphQLContext) {
      const id = await classInScope(ctx, args.id, 'training-class:inspect');
      return commandOutcome(await ctx.platform.commands.classInspections.decide(id, parseInput(idSchema('检查记录'), args.inspectionId), args.accepted, args.opinion, ctx.request(args.commandId)), id);
    },
    async imposeInstitutionPenalty(_: unknown, args: { institutionId: string; kind: string; reason: string; barredUntil?: string | null; classId?: string | null; inspectionId?: string | null; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('institution:supervise');
      const institutionId = parseInput(idSchema('培训机构'), args.institutionId);
      await ctx.scope.requireRecord(`institution-${institutionId}`);
      const input = parseInput(
        z.object({ kind: oneOf('处理方式', PENALTY_KINDS), barredUntil: calendarDate('暂停开班截止日期').nullish(), classId: idSchema('班级').nullish(), inspectionId: idSchema('检查记录').nullish() }),
        { kind: args.kind, barredUntil: args.barredUntil, classId: args.classId, inspectionId: args.inspectionId },
      );
      const basis = input.classId && input.inspectionId ? { classId: input.classId, inspectionId: input.inspectionId } : null;
      const result = await ctx.platform.commands.classInspections.imposePenalty(institutionId, { kind: input.kind, reason: args.reason, barredUntil: input.barredUntil ?? null, basis }, ctx.request(args.commandId));
      return commandOutcome(result, institutionId);
    },
  },
};
