// 批量导入 over GraphQL: start an import of an uploaded file, follow its jobs. The file itself goes
// up through POST /files (purpose=import); the template comes from GET /import/templates/<kind>.xlsx
// and the report of bad rows from GET /files/<reportFileId>.
import { randomUUID } from 'node:crypto';
import { IMPORT_STATUS_LABELS, importProgress } from '../../domain/import/import-job';
import { importsTable, type ImportRow } from '../../projections/import/imports-table';
import { mayRead } from '../storage/file-routes';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

/** The fields the import jobs list may be sorted by (GraphQL name → column of rm.imports). */
export const IMPORT_SORT: SortableFields = {
  fileName: { column: 'file_name', pinyin: true },
  kind: 'kind',
  status: 'status',
  rows: 'rows',
  badRows: 'bad_rows',
  startedAt: 'started_at',
  finishedAt: { column: 'finished_at', nullsLast: true },
};

export const importTypeDefs = /* GraphQL */ `
  type ImportSkippedRow {
    "Excel 中的行号"
    row: Int!
    message: String!
  }
  "批量导入任务：先逐行校验，再导入全部正确的行；有错误的行不导入，列在错误报告中"
  type ImportJob {
    id: ID!
    kind: String!
    kindLabel: String!
    fileId: ID!
    fileName: String!
    "validating 校验中 / importing 导入中 / completed 已完成 / failed 失败"
    status: String!
    statusLabel: String!
    "进度百分比 0-100（校验占前 10%）"
    progress: Int!
    rows: Int!
    validRows: Int!
    badRows: Int!
    "已处理的正确行数"
    processed: Int!
    "新建的记录数"
    imported: Int!
    "关联到已有记录的行数（如其他机构已录入的学员）"
    linked: Int!
    "导入时未变更或被拒绝的行数（原因见 skippedRows）"
    skipped: Int!
    "错误报告（.xlsx，GET /files/<id> 下载）；没有错误行时为空"
    reportFileId: ID
    failureReason: String
    "导入时跳过的行及原因（最多列出 1000 行）"
    skippedRows: [ImportSkippedRow!]!
    "任务所属机构（导入为其进行）"
    orgId: ID
    startedBy: ID!
    startedAt: String!
    updatedAt: String!
    finishedAt: String
  }
  ${pageTypeDefs('ImportJob')}
  type ImportKind {
    kind: String!
    label: String!
    "导入模板下载地址"
    templateUrl: String!
    columns: [String!]!
  }
  extend type Query {
    "可批量导入的数据类型"
    importKinds: [ImportKind!]!
    "本单位（及数据权限范围内）的导入任务，默认最新的在前；可排序字段：${sortableNames(IMPORT_SORT)}"
    imports(page: PageInput): ImportJobPage!
    importJob(id: ID!): ImportJob
  }
  extend type Mutation {
    "导入已上传的文件（先 POST /files?purpose=import 得到 fileId）；文件格式或表头不对时立即报错"
    startImport(kind: String!, fileId: ID!, commandId: ID): CommandResult!
  }
`;

const toJob = (ctx: GraphQLContext) => (row: ImportRow) => ({
  id: row.id,
  kind: row.kind,
  kindLabel: ctx.platform.imports.kinds.get(row.kind)?.label ?? row.kind,
  fileId: row.file_id,
  fileName: row.file_name,
  status: row.status,
  statusLabel: IMPORT_STATUS_LABELS[row.status] ?? row.status,
  progress: importProgress({ status: row.status, rows: row.rows, validated: row.validated, validRows: row.valid_rows, processed: row.processed }),
  rows: row.rows,
  validRows: row.valid_rows,
  badRows: row.bad_rows,
  processed: row.processed,
  imported: row.imported,
  linked: row.linked,
  skipped: row.skipped,
  reportFileId: row.report_file_id,
  failureReason: row.failure_reason,
  skippedRows: row.skipped_rows,
  orgId: row.org_id,
  startedBy: row.started_by,
  startedAt: row.started_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
});

export const importResolvers = {
  Query: {
    importKinds(_: unknown, __: unknown, ctx: GraphQLContext) {
      ctx.require('import:run');
      return [...ctx.platform.imports.kinds.values()].map((k) => ({ kind: k.kind, label: k.label, templateUrl: `/import/templates/${k.kind}.xlsx`, columns: k.columns.map((c) => c.header) }));
    },
    async imports(_: unknown, args: { page?: unknown }, ctx: GraphQLContext) {
      ctx.require('import:run');
      const query = importsTable(ctx.platform.knex);
      await ctx.scope.restrict(query, { org: 'org_id', owner: 'started_by' });
      const page = parsePage(args.page);
      const result = await fetchPage<ImportRow>(
        query,
        page,
        orderFor(page, IMPORT_SORT, [
          { column: 'started_at', order: 'desc' },
          { column: 'id', order: 'asc' },
        ]),
      );
      return { ...result, items: result.items.map(toJob(ctx)) };
    },
    async importJob(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('import:run');
      if (!(await ctx.scope.findRecord(`import-${args.id}`))) return null;
      const row = await importsTable(ctx.platform.knex).where({ id: args.id }).first();
      return row ? toJob(ctx)(row) : null;
    },
  },
  Mutation: {
    async startImport(_: unknown, args: { kind: string; fileId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('import:run');
      const kind = ctx.platform.imports.requireKind(args.kind);
      for (const permission of kind.permissions) ctx.require(permission);
      const file = await ctx.platform.files.describe(args.fileId);
      if (!file || !(await mayRead(ctx.platform, ctx.user, file))) throw clientError('NOT_FOUND', '文件不存在或您无权使用');
      if (file.purpose !== 'import') throw clientError('BAD_USER_INPUT', '该文件不是为导入上传的', { fields: [{ field: 'fileId', message: '请上传导入文件（purpose=import）' }] });
      const request = ctx.request(args.commandId);
      // A client-sent command id names the job, so a retried request finds the same job.
      const jobId = args.commandId ? request.commandId : randomUUID();
      const started = await ctx.platform.imports.start(jobId, kind.kind, file, request);
      ctx.platform.imports.worker.wake();
      return commandOutcome(started, jobId);
    },
  },
};
