// GraphQL of captures (issue 13 §2): a capture and its match result (what a device polls after an
// upload), a class's captures, the roster of a session with who is still missing (the mobile page),
// the random captures due now, the supervisors' view of the random schedule, the capture policy,
// and reference faces of trainees and teachers. Photos never travel through GraphQL: GET
// /captures/:id/photo opens one, recording the view.
import { z } from 'zod';
import { CAPTURE_KIND_LABELS, CAPTURE_KINDS, captureStreams, MATCH_OUTCOME_ADVICE, MATCH_OUTCOMES, MATCH_OUTCOME_LABELS, PERSON_KIND_LABELS, type CaptureKind, type MatchFacts, type MatchOutcome } from '../../domain/capture/capture';
import { CAPTURE_POLICY_STREAM, capturePolicyFor } from '../../domain/capture/capture-policy';
import { personKey, REFERENCE_FACE_SOURCE_LABELS, type ReferenceFaceSource } from '../../domain/capture/reference-face';
import { REFERENCE_PHOTO_REFUSALS, ReferencePhotoRefusedError } from '../../commands/face/reference-face';
import { FaceEngineBusyError } from '../../commands/face/face-engine';
import { TRAINING_KIND_LABELS, TRAINING_KINDS, type TrainingKind } from '../../domain/training-class/class-details';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { referenceFaceSummaries } from '../../projections/capture/reference-faces-table';
import type { CaptureRow } from '../../projections/capture/captures-table';
import { captureById, classCapturesQuery, classLabels, sessionCaptures, sessionsOnQuery, type CaptureSessionRow } from '../../projections/capture/capture-queries';
import { organizationNames } from '../../projections/organization/organization-names';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, type OrderColumn, type SortableFields } from '../graphql/pagination';

export const CAPTURE_SORT: SortableFields = { deviceTime: 'device_time', serverTime: 'server_time', personName: { column: 'person_name', pinyin: true, nullsLast: true } };
const DEFAULT_ORDER: OrderColumn[] = [
  { column: 'server_time', order: 'desc' },
  { column: 'id', order: 'asc' },
];

const sessionsOnSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  limit: z.number().int().min(1, 'limit 至少为 1').max(200, 'limit 至多为 200').default(100),
});

const TIMING_LABELS: Record<string, string> = { on_time: '在规定时段内', outside_window: '不在规定时段' };
const REFUSAL_LABEL = '已拒绝';

export const captureTypeDefs = /* GraphQL */ `
  "与本人登记照片之外的、名册中其他人员的人脸相近（疑似代签）"
  type CaptureRosterHit {
    personKind: String!
    personId: ID!
    distance: Float!
  }
  "人脸比对结果（抓拍受理后由比对服务另行记录；用更新的模型重新比对是新的记录）"
  type CaptureMatch {
    outcome: String!
    outcomeLabel: String!
    "给拍摄人员的提示（如：未检测到人脸，请正对镜头重新拍摄）"
    advice: String
    matched: Boolean!
    distance: Float
    threshold: Float!
    faceCount: Int!
    engineVersion: String!
    matchedAt: String
    "活体检测得分（启用时）"
    liveness: JSON
    referenceSource: String
    rosterHits: [CaptureRosterHit!]!
  }
  "考勤抓拍（照片本身不经 GraphQL 返回；查看照片：GET /captures/{id}/photo?reason=…，每次查看均留痕）"
  type Capture {
    id: ID!
    streamId: String!
    "accepted 已受理 / refused 已拒绝（安全事件）"
    status: String!
    statusLabel: String!
    classId: ID!
    "班级名称与编号（列表与单条查询时返回）"
    className: String
    classNo: String
    sessionId: String!
    institutionId: ID
    institutionName: String
    personKind: String!
    personKindLabel: String!
    personId: ID!
    personName: String
    "participant 学员 / teacher 授课教师"
    role: String
    kind: String!
    kindLabel: String!
    deviceId: String!
    deviceCaptureId: String!
    deviceTime: String
    serverTime: String!
    timing: String
    timingLabel: String
    distanceMeters: Int
    latitude: Float
    longitude: Float
    "照片的 SM3 摘要"
    photoSm3: String
    "照片仍在保存期限内"
    photoAvailable: Boolean!
    refusalReason: String
    refusalMessage: String
    "比对结果；为空表示尚在比对"
    match: CaptureMatch
    matchCount: Int!
    views: Int!
  }
  ${pageTypeDefs('Capture')}
  "名册中一人在本节课的抓拍情况（移动端：谁还没有签到）"
  type CaptureRosterEntry {
    personKind: String!
    personId: ID!
    name: String!
    "participant 学员 / teacher 授课教师"
    role: String!
    "已登记人脸照片"
    hasReferenceFace: Boolean!
    checkIn: Capture
    checkOut: Capture
    randomCaptures: [Capture!]!
  }
  type DueRandomCapture {
    sessionId: String!
    slot: Int!
    dueAt: String!
    until: String!
  }
  type CaptureScheduleSession {
    sessionId: String!
    times: [String!]!
  }
  type CapturePolicy {
    kind: String!
    kindLabel: String!
    checkInOpensMinutesBefore: Int!
    checkInClosesMinutesAfter: Int!
    checkOutOpensMinutesBefore: Int!
    checkOutClosesMinutesAfter: Int!
    randomCapturesPerSession: Int!
    randomCaptureWindowMinutes: Int!
    maxDistanceMeters: Int!
    maxUploadDelayMinutes: Int!
  }
  input CapturePolicyInput {
    checkInOpensMinutesBefore: Int!
    checkInClosesMinutesAfter: Int!
    checkOutOpensMinutesBefore: Int!
    checkOutClosesMinutesAfter: Int!
    randomCapturesPerSession: Int!
    randomCaptureWindowMinutes: Int!
    maxDistanceMeters: Int!
    maxUploadDelayMinutes: Int!
  }
  type CaptureSettings {
    policies: [CapturePolicy!]!
    photoRetentionDays: Int!
  }
  "人脸照片（只显示来源与时间；照片与人脸特征均加密保存，从不经接口返回特征）"
  type ReferenceFaceInfo {
    source: String!
    sourceLabel: String!
    enrolledAt: String!
    engineVersion: String!
  }
  input ClassCaptureFilter {
    sessionId: String
    personId: ID
    "accepted / refused"
    status: String
    "check_in / check_out / random"
    kind: String
    "比对结果：matched / not_matched / no_face / no_reference / unreadable / photo_missing，pending 为尚未比对"
    outcome: String
  }
  "某日的一节课（移动端首页：进行中班级当天的课次）"
  type CaptureSession {
    classId: ID!
    className: String!
    classNo: String!
    sessionId: String!
    "北京时间日期 YYYY-MM-DD 与起止时刻 HH:mm"
    date: String!
    start: String!
    end: String!
    "起止时刻（UTC 时间戳）"
    startsAt: String!
    endsAt: String!
    subject: String!
    teacherId: ID!
    teacherName: String
    "上课地点：课次的教室，未填时为班级的培训地点"
    venue: String!
  }
  type CaptureSessionList {
    "按开始时间排序，至多 limit 节"
    items: [CaptureSession!]!
    "还有更多课次未返回"
    truncated: Boolean!
  }
  extend type Trainee {
    referenceFace: ReferenceFaceInfo
  }
  extend type Teacher {
    referenceFace: ReferenceFaceInfo
  }
  extend type Query {
    "一次抓拍及其比对结果（设备上传后轮询此查询取得结果）"
    capture(id: ID!): Capture
    "抓拍列表，默认最近受理的在前：指定 classId 时为该班级的抓拍，否则为数据权限范围内的全部抓拍"
    classCaptures(classId: ID, filter: ClassCaptureFilter, page: PageInput): CapturePage!
    "数据权限范围内进行中班级在某日（北京时间 YYYY-MM-DD）的课次，按开始时间排序（移动端首页）；limit 默认 100，至多 200"
    captureSessionsOn(date: String!, limit: Int): CaptureSessionList!
    "一节课的名册及每人的抓拍情况（移动端：谁还没有签到、签退）"
    captureRoster(classId: ID!, sessionId: String!): [CaptureRosterEntry!]!
    "现在应进行的随机抓拍（只返回已到时间、尚在时限内的，不提前透露）"
    dueRandomCaptures(classId: ID!): [DueRandomCapture!]!
    "随机抓拍时间表（仅督导可见，机构不可提前得知）"
    captureSchedule(classId: ID!): [CaptureScheduleSession!]!
    "各培训类型的抓拍策略与照片保存期限"
    captureSettings: CaptureSettings!
  }
  extend type Mutation {
    "修改一种培训类型的抓拍策略（省级人社部门，须填写原因，每次修改留痕）"
    changeCapturePolicy(kind: String!, policy: CapturePolicyInput!, reason: String!): CommandResult!
    "修改抓拍照片保存天数（省级人社部门；作为预警证据的照片不受期限限制）"
    changeCapturePhotoRetention(days: Int!, reason: String!): CommandResult!
    "用当前的人脸模型重新比对班级的全部抓拍（新的比对结果是新的记录，原结果保留）；返回排入比对的抓拍数"
    rematchClassCaptures(classId: ID!): Int!
    "登记学员人脸照片（先以 POST /files?purpose=reference-face 上传）：须为一张清晰的人脸；照片加密保存，只记录其摘要与加密的人脸特征"
    enrolTraineeReferenceFace(id: ID!, fileId: ID!, commandId: ID): CommandResult!
    "登记教师人脸照片（同上）"
    enrolTeacherReferenceFace(id: ID!, fileId: ID!, commandId: ID): CommandResult!
  }
`;

const matchOut = (row: CaptureRow) => {
  const m = row.match as MatchFacts | null;
  if (!m) return null;
  return {
    outcome: m.outcome,
    outcomeLabel: MATCH_OUTCOME_LABELS[m.outcome as MatchOutcome] ?? m.outcome,
    advice: MATCH_OUTCOME_ADVICE[m.outcome as MatchOutcome] ?? null,
    matched: m.matched,
    distance: m.distance,
    threshold: m.threshold,
    faceCount: m.faceCount,
    engineVersion: m.engineVersion,
    matchedAt: row.matched_at,
    liveness: m.liveness,
    referenceSource: m.reference?.source ?? null,
    rosterHits: m.rosterHits,
  };
};

export const toCapture = (row: CaptureRow) => ({
  id: row.id,
  streamId: row.stream_id,
  status: row.status,
  statusLabel: row.status === 'accepted' ? '已受理' : REFUSAL_LABEL,
  classId: row.class_id,
  sessionId: row.session_id,
  institutionId: row.institution_id,
  personKind: row.person_kind,
  personKindLabel: PERSON_KIND_LABELS[row.person_kind as 'trainee' | 'teacher'] ?? row.person_kind,
  personId: row.person_id,
  personName: row.person_name,
  role: row.role,
  kind: row.kind,
  kindLabel: CAPTURE_KIND_LABELS[row.kind as CaptureKind] ?? row.kind,
  deviceId: row.device_id,
  deviceCaptureId: row.device_capture_id,
  deviceTime: row.device_time,
  serverTime: row.server_time,
  timing: row.timing,
  timingLabel: row.timing ? (TIMING_LABELS[row.timing] ?? row.timing) : null,
  distanceMeters: row.distance_meters,
  latitude: row.latitude,
  longitude: row.longitude,
  photoSm3: row.photo_sm3,
  photoAvailable: row.status === 'accepted' && !row.photo_purged,
  refusalReason: row.refusal_reason,
  refusalMessage: row.refusal_message,
  match: matchOut(row),
  matchCount: row.match_count,
  views: row.views,
});

const filterSchema = z
  .object({
    sessionId: optionalText('课节', 32),
    personId: optionalText('人员', 64),
    status: z.enum(['accepted', 'refused'], { error: '抓拍状态不正确' }).optional(),
    kind: z.enum(CAPTURE_KINDS, { error: '抓拍类型不正确' }).optional(),
    outcome: z.enum([...MATCH_OUTCOMES, 'pending'], { error: '比对结果不正确' }).optional(),
  })
  .default({ sessionId: '', personId: '' });

/** Rows with their class's name and number and their institution's name, looked up once per page. */
async function withLabels(ctx: GraphQLContext, rows: CaptureRow[]) {
  const [classes, institutions] = await Promise.all([classLabels(ctx.platform.knex, rows.map((r) => r.class_id)), organizationNames(ctx.platform.knex, rows.flatMap((r) => (r.institution_id ? [r.institution_id] : [])))]);
  return rows.map((r) => ({ ...toCapture(r), className: classes.get(r.class_id)?.name ?? null, classNo: classes.get(r.class_id)?.classNo ?? null, institutionName: r.institution_id ? (institutions.get(r.institution_id) ?? null) : null }));
}

/** The class when it is in the caller's scope (its institution's, or an authority's above it). */
async function classInScope(ctx: GraphQLContext, classId: string) {
  await ctx.scope.requireRecord(`training-class-${classId}`);
  const klass = await ctx.platform.commands.capture.classes.load(classId);
  if (!klass) throw clientError('NOT_FOUND', '培训班级不存在');
  return klass;
}

const referenceFaceResolver = (kind: 'trainee' | 'teacher') => async (parent: { id: string }, _: unknown, ctx: GraphQLContext) => {
  const found = (await referenceFaceSummaries(ctx.platform.knex, [personKey(kind, parent.id)])).get(personKey(kind, parent.id));
  return found ? { source: found.source, sourceLabel: REFERENCE_FACE_SOURCE_LABELS[found.source as ReferenceFaceSource] ?? found.source, enrolledAt: found.enrolledAt, engineVersion: found.engineVersion } : null;
};

/** The engine's refusals as the client's own error codes. */
async function enrolling<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReferencePhotoRefusedError) throw clientError('REFERENCE_PHOTO_REFUSED', `${REFERENCE_PHOTO_REFUSALS[error.code]}，请上传一张只有本人、正面清晰的照片`, { reason: error.code });
    if (error instanceof FaceEngineBusyError) throw clientError('FACE_ENGINE_BUSY', error.message);
    throw error;
  }
}

/** The province's authority alone edits the capture policy (as the training-kind settings). */
async function requireProvince(ctx: GraphQLContext) {
  ctx.require('capture:settings');
  const authorities = await ctx.platform.directories.organizations.reviewAuthoritiesFor(ctx.user.orgId);
  if (authorities.province !== ctx.user.orgId) throw clientError('FORBIDDEN', '只有省级人力资源社会保障部门可以修改抓拍策略');
}

export const captureResolvers = {
  Trainee: { referenceFace: referenceFaceResolver('trainee') },
  Teacher: { referenceFace: referenceFaceResolver('teacher') },
  Query: {
    async capture(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.requireAny('capture:read', 'capture:record');
      if (!/^[0-9a-f-]{36}$/.test(args.id) || !(await ctx.scope.findRecord(captureStreams.streamId(args.id)))) return null;
      const row = await captureById(ctx.platform.knex, args.id);
      return row ? (await withLabels(ctx, [row]))[0] : null;
    },
    async classCaptures(_: unknown, args: { classId?: string | null; filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.requireAny('capture:read', 'capture:record');
      // A class out of scope answers as a missing one; every row is under the caller's data scope besides.
      if (args.classId) await ctx.scope.requireRecord(`training-class-${args.classId}`);
      const filter = parseInput(filterSchema, args.filter ?? undefined);
      const page = parsePage(args.page);
      const query = classCapturesQuery(ctx.platform.knex, args.classId ?? null, filter);
      await ctx.scope.restrict(query, { org: 'institution_id', classId: 'class_id' });
      const result = await fetchPage<CaptureRow>(query, page, orderFor(page, CAPTURE_SORT, DEFAULT_ORDER));
      return { ...result, items: await withLabels(ctx, result.items) };
    },
    async captureSessionsOn(_: unknown, args: { date: string; limit?: number | null }, ctx: GraphQLContext) {
      // A teacher's account holds no training-class:read: it sees the sessions of the classes it teaches.
      ctx.requireAny('capture:read', 'capture:record');
      const { date, limit } = parseInput(sessionsOnSchema, { date: args.date, limit: args.limit ?? undefined });
      const query = sessionsOnQuery(ctx.platform.knex, date);
      await ctx.scope.restrict(query, { org: 'c.institution_id', classId: 'c.id' });
      const rows: CaptureSessionRow[] = await query.limit(limit + 1);
      return {
        truncated: rows.length > limit,
        items: rows.slice(0, limit).map((r) => ({
          classId: r.class_id,
          className: r.class_name,
          classNo: r.class_no,
          sessionId: r.session.sessionId,
          date: r.session.date,
          start: r.session.start,
          end: r.session.end,
          startsAt: r.session.startsAt,
          endsAt: r.session.endsAt,
          subject: r.session.subject,
          teacherId: r.session.teacherId,
          teacherName: r.teacher_name,
          venue: r.session.venue || r.venue_address,
        })),
      };
    },
    async captureRoster(_: unknown, args: { classId: string; sessionId: string }, ctx: GraphQLContext) {
      ctx.requireAny('capture:read', 'capture:record');
      const klass = await classInScope(ctx, args.classId);
      const session = klass.sessions.find((s) => s.sessionId === args.sessionId);
      if (!session) throw clientError('NOT_FOUND', '该班级没有这一节课');
      const people = [
        ...klass.roster.filter((r) => r.joinedOn <= session.date && (r.withdrawnOn === null || r.withdrawnOn > session.date)).map((r) => ({ personKind: r.personKind, personId: r.personId, name: r.name, role: 'participant' })),
        { personKind: 'teacher' as const, personId: session.teacherId, name: klass.teachers.find((t) => t.teacherId === session.teacherId)?.name ?? '', role: 'teacher' },
      ];
      const [captures, faces] = await Promise.all([
        sessionCaptures(ctx.platform.knex, args.classId, args.sessionId),
        referenceFaceSummaries(ctx.platform.knex, people.map((p) => personKey(p.personKind, p.personId))),
      ]);
      return people.map((p) => {
        const own = captures.filter((c) => c.person_kind === p.personKind && c.person_id === p.personId);
        const latest = (kind: string) => own.filter((c) => c.kind === kind).at(-1);
        const checkIn = latest('check_in');
        const checkOut = latest('check_out');
        return {
          ...p,
          hasReferenceFace: faces.has(personKey(p.personKind, p.personId)),
          checkIn: checkIn ? toCapture(checkIn) : null,
          checkOut: checkOut ? toCapture(checkOut) : null,
          randomCaptures: own.filter((c) => c.kind === 'random').map(toCapture),
        };
      });
    },
    async dueRandomCaptures(_: unknown, args: { classId: string }, ctx: GraphQLContext) {
      ctx.require('capture:record');
      const klass = await classInScope(ctx, args.classId);
      return ctx.platform.commands.capture.captures.dueRandomCaptures(klass, new Date());
    },
    async captureSchedule(_: unknown, args: { classId: string }, ctx: GraphQLContext) {
      ctx.require('capture:supervise');
      const klass = await classInScope(ctx, args.classId);
      const drawn = await ctx.platform.commands.capture.captures.scheduleOf(klass);
      return klass.sessions.map((s) => ({ sessionId: s.sessionId, times: drawn[s.sessionId] ?? [] }));
    },
    async captureSettings(_: unknown, __: unknown, ctx: GraphQLContext) {
      ctx.requireAny('capture:read', 'capture:record', 'capture:settings');
      const state = await ctx.platform.commands.capture.captures.policy();
      return {
        policies: TRAINING_KINDS.map((kind) => ({ kind, kindLabel: TRAINING_KIND_LABELS[kind], ...capturePolicyFor(state, kind) })),
        photoRetentionDays: state.photoRetentionDays,
      };
    },
  },
  Mutation: {
    async changeCapturePolicy(_: unknown, args: { kind: string; policy: unknown; reason: string }, ctx: GraphQLContext) {
      await requireProvince(ctx);
      const result = await ctx.platform.commands.capture.captures.changePolicy({ type: 'ChangeCapturePolicy', kind: args.kind as TrainingKind, policy: args.policy, reason: args.reason }, ctx.request());
      return commandOutcome(result, CAPTURE_POLICY_STREAM);
    },
    async changeCapturePhotoRetention(_: unknown, args: { days: number; reason: string }, ctx: GraphQLContext) {
      await requireProvince(ctx);
      const result = await ctx.platform.commands.capture.captures.changePolicy({ type: 'ChangePhotoRetention', days: args.days, reason: args.reason }, ctx.request());
      return commandOutcome(result, CAPTURE_POLICY_STREAM);
    },
    async rematchClassCaptures(_: unknown, args: { classId: string }, ctx: GraphQLContext) {
      ctx.require('capture:supervise');
      await ctx.scope.requireRecord(`training-class-${args.classId}`);
      return ctx.platform.commands.capture.rematchClass(args.classId);
    },
    async enrolTraineeReferenceFace(_: unknown, args: { id: string; fileId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('trainee:enter');
      await ctx.scope.requireRecord(`trainee-${args.id}`);
      const result = await enrolling(() => ctx.platform.commands.capture.traineeFaces.enrolFromFile(args.id, args.fileId, ctx.request(args.commandId)));
      return commandOutcome(result, args.id);
    },
    async enrolTeacherReferenceFace(_: unknown, args: { id: string; fileId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('teacher:declare');
      await ctx.scope.requireRecord(`teacher-${args.id}`);
      const result = await enrolling(() => ctx.platform.commands.capture.teacherFaces.enrolFromFile(args.id, args.fileId, ctx.request(args.commandId)));
      return commandOutcome(result, args.id);
    },
  },
};
