// 毕业证照片 (requirement 9(9)): the school uploads each graduate's photo (one, or many files at once
// named by the students' ID numbers), its authorities approve or return it through the one review
// workflow (submitForReview / approveReview on `diploma-photo-<studentId>`). A zip of photos is
// uploaded, and the approved photos exported as a zip, over plain HTTP (diploma-photo-routes.ts).
// The photos themselves are files of the storage port (encrypted at rest, each download recorded):
// the record carries their file ids.
import { z } from 'zod';
import { oneOf, optionalText, parseInput } from '../../domain/shared/validation';
import { diplomaPhotoListQuery, type DiplomaPhotoFilter, type DiplomaPhotoRow } from '../../projections/diploma-photo/diploma-photos-table';
import type { DiplomaPhotoState } from '../../domain/diploma-photo/diploma-photo';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';
import { clientError } from '../graphql/errors';
import { PHOTO_NAMED_BY, refusalMessage, repeatedStems, stemOf, studentNamed, type PhotoNamedBy } from './photo-batch';

/** At most this many files in one batch upload of separate files (a zip takes more: diploma-photo-routes.ts). */
export const PHOTO_BATCH_LIMIT = 200;

export const DIPLOMA_PHOTO_SORT: SortableFields = {
  studentName: { column: 'diploma_photos.student_name', pinyin: true },
  schoolName: { column: 'school.name', pinyin: true, nullsLast: true },
  reviewStatus: 'diploma_photos.review_status',
  updatedAt: 'diploma_photos.updated_at',
};

export const diplomaPhotoTypeDefs = /* GraphQL */ `
  "照片文件（内容加密保存在文件存储中，查看经 /files/{fileId} 下载并记录）"
  type DiplomaPhotoFileInfo {
    fileId: ID!
    sha256: String!
    size: Int!
    width: Int!
    height: Int!
  }
  "学生的毕业证照片：待审核的与已审核通过的（打印毕业证使用已审核的）"
  type DiplomaPhoto {
    studentId: ID!
    streamId: String!
    schoolId: ID!
    schoolName: String
    studentName: String!
    pending: DiplomaPhotoFileInfo
    approved: DiplomaPhotoFileInfo
    ${reviewFieldTypeDefs}
    uploadedAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('DiplomaPhoto')}
  input DiplomaPhotoFilter {
    schoolId: ID
    "学生姓名（包含）"
    name: String
    "审核状态：draft 未提交 / pending 审核中 / approved 已通过 / returned 已退回 / rejected 未通过 / withdrawn 已撤回"
    status: String
    "只列出有已审核照片的学生"
    approvedOnly: Boolean
  }
  "批量上传中一个文件的结果"
  type DiplomaPhotoUploadResult {
    fileId: ID!
    fileName: String!
    studentId: ID
    studentName: String
    ok: Boolean!
    "未受理的原因"
    message: String
  }
  extend type Query {
    "数据权限范围内的毕业证照片；可排序字段：${sortableNames(DIPLOMA_PHOTO_SORT)}"
    diplomaPhotos(filter: DiplomaPhotoFilter, page: PageInput): DiplomaPhotoPage!
    diplomaPhoto(studentId: ID!): DiplomaPhoto
  }
  extend type Mutation {
    "上传一名本校学生的毕业证照片（文件先经 POST /files?purpose=diploma-photo 上传，JPEG/PNG，竖版，不超过 2 MB）；submit 为 true 时同时提交审核"
    uploadDiplomaPhoto(studentId: ID!, fileId: ID!, submit: Boolean = false, commandId: ID): CommandResult!
    "批量上传毕业证照片：每个文件以学生身份证号码（namedBy ID_NUMBER，如 520102200805061511.jpg）或学号（STUDENT_NUMBER）命名，每名学生一张；逐个受理并返回结果，最多 ${PHOTO_BATCH_LIMIT} 个（更多请打包为 zip 经 POST /diploma-photos/zip 上传；已审核照片经 GET /diploma-photos/export.zip 导出）"
    uploadDiplomaPhotos(fileIds: [ID!]!, submit: Boolean = false, namedBy: String = "ID_NUMBER"): [DiplomaPhotoUploadResult!]!
  }
`;

type PhotoFile = Extract<DiplomaPhotoState, { status: 'kept' }>['approved'];
const fileInfo = (f: PhotoFile) => (f ? { fileId: f.fileId, sha256: f.sha256, size: f.size, width: f.width, height: f.height } : null);

export const toDiplomaPhoto = (row: DiplomaPhotoRow & { school_name?: string | null }) => {
  const state = row.state as Extract<DiplomaPhotoState, { status: 'kept' }>;
  return {
    studentId: row.student_id,
    streamId: row.stream_id,
    schoolId: row.school_id,
    schoolName: row.school_name ?? null,
    studentName: row.student_name,
    pending: fileInfo(state.pending),
    approved: fileInfo(state.approved),
    ...reviewFields(state.review),
    uploadedAt: row.uploaded_at,
    updatedAt: row.updated_at,
  };
};

export const parseDiplomaPhotoFilter = (input: unknown): DiplomaPhotoFilter =>
  parseInput(
    z.object({
      schoolId: z.string().optional().nullable().transform((v) => v ?? undefined),
      name: optionalText('学生姓名', 50).optional().nullable().transform((v) => v || undefined),
      status: oneOf('审核状态', ['draft', 'pending', 'approved', 'returned', 'rejected', 'withdrawn']).optional().nullable().transform((v) => v ?? undefined),
      approvedOnly: z.boolean().optional().nullable().transform((v) => v ?? undefined),
    }),
    input ?? {},
  );

export async function diplomaPhotoList(ctx: ListContext, filter: DiplomaPhotoFilter) {
  ctx.require('student:read');
  const { query } = await diplomaPhotoListQuery(ctx.platform.knex, ctx.scope, filter);
  const orderBy: { column: string; order: 'asc' | 'desc' }[] = [
    { column: 'diploma_photos.updated_at', order: 'desc' },
    { column: 'diploma_photos.student_id', order: 'asc' },
  ];
  return { query, orderBy };
}

export const diplomaPhotoResolvers = {
  Query: {
    async diplomaPhotos(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const filter = parseDiplomaPhotoFilter(args.filter);
      const page = parsePage(args.page);
      const { query, orderBy } = await diplomaPhotoList(ctx, filter);
      const result = await fetchPage<DiplomaPhotoRow>(query, page, orderFor(page, DIPLOMA_PHOTO_SORT, orderBy));
      return { ...result, items: result.items.map(toDiplomaPhoto) };
    },
    async diplomaPhoto(_: unknown, args: { studentId: string }, ctx: GraphQLContext) {
      ctx.require('student:read');
      if (!(await ctx.scope.findRecord(`diploma-photo-${args.studentId}`))) return null;
      const { query } = await diplomaPhotoListQuery(ctx.platform.knex, ctx.scope, {});
      const row = await query.where('diploma_photos.student_id', args.studentId).first();
      return row ? toDiplomaPhoto(row) : null;
    },
  },
  Mutation: {
    async uploadDiplomaPhoto(_: unknown, args: { studentId: string; fileId: string; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      if (args.submit) ctx.require('review:submit');
      // The student must be in the caller's scope (out of scope answers as missing), before any rule.
      await ctx.scope.requireRecord(`student-${args.studentId}`);
      const result = await ctx.platform.commands.diplomaPhotos.upload(args.studentId, args.fileId, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, args.studentId);
    },
    async uploadDiplomaPhotos(_: unknown, args: { fileIds: string[]; submit?: boolean; namedBy?: unknown }, ctx: GraphQLContext) {
      ctx.require('student:register');
      if (args.submit) ctx.require('review:submit');
      const { namedBy } = parseInput(z.object({ namedBy: oneOf('命名方式', PHOTO_NAMED_BY as [PhotoNamedBy, ...PhotoNamedBy[]]) }), { namedBy: args.namedBy ?? 'ID_NUMBER' });
      if (args.fileIds.length === 0) throw clientError('BAD_USER_INPUT', '请选择照片文件');
      if (args.fileIds.length > PHOTO_BATCH_LIMIT) throw clientError('BAD_USER_INPUT', `一次最多上传 ${PHOTO_BATCH_LIMIT} 张照片，更多请打包为 zip 上传`);
      const files = await Promise.all(args.fileIds.map(async (fileId) => ({ fileId, file: await ctx.platform.files.describe(fileId) })));
      const stems = files.map(({ file }) => (file ? stemOf(file.name) : ''));
      const repeated = repeatedStems(stems);
      const results = [];
      for (const [i, { fileId, file }] of files.entries()) {
        const fileName = file?.name ?? '';
        const refuse = (message: string) => ({ fileId, fileName, studentId: null, studentName: null, ok: false, message });
        // Only the caller's own organisation's photos: another file id answers as missing.
        if (!file || file.purpose !== 'diploma-photo' || file.orgId !== ctx.user.orgId) {
          results.push(refuse('照片文件不存在，请重新上传'));
          continue;
        }
        const stem = stems[i]!;
        const named = await studentNamed(ctx.platform, ctx.scope, ctx.user.orgId, stem, namedBy);
        if ('problem' in named) {
          results.push(refuse(named.problem));
          continue;
        }
        if (repeated.has(stem)) {
          results.push(refuse('同一名学生有多张照片，每名学生只能上传一张'));
          continue;
        }
        const { studentId } = named;
        try {
          const done = await ctx.platform.commands.diplomaPhotos.upload(studentId, fileId, ctx.request(), { submit: Boolean(args.submit) });
          const name = done.state.status === 'kept' ? done.state.studentName : null;
          results.push({ fileId, fileName, studentId, studentName: name, ok: true, message: null });
        } catch (error) {
          results.push({ ...refuse(refusalMessage(error)), studentId });
        }
      }
      return results;
    },
  },
};
