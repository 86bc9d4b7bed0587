// What the mobile browser test needs besides the platform: an institution operator's session over
// HTTP (the README's login protocol), a class of the demo school in progress with a session that
// runs now, its trainees' reference faces, and the phone's fake camera fed from a sample face.
//
// The class is built through the command pipeline the way scripts/generate/classes.ts builds the
// demo's (from a second platform on the running platform's database, without projections: the
// server's own worker projects what it appends), with registration, declaration and approval dated
// a month back and a short session starting now, so a check-in and a check-out taken in the next
// minutes both count for attendance (within the class settings' 15-minute tolerance).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { v4 as uuid } from 'uuid';
import { createPlatform } from '../../api/platform';
import { authorityId } from '../../domain/organization/guizhou-divisions';
import { chinaDate } from '../../domain/personal-data/normalize';
import { DomainError } from '../../domain/shared/errors';
import { parseClassDetails, parseDeclaration } from '../../domain/training-class/class-details';
import { parseTimetable } from '../../domain/training-class/timetable';
import { teacherEngagementsTable, teachersTable } from '../../projections/teacher/teachers-table';
import { traineeListTable } from '../../projections/trainee/trainees-table';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { connectDatabase } from '../database-connection';
import { loadPlatformKeys } from '../platform-keys';
import type { RunningPlatform } from './platform';
import { around, cropped, fitWithin, sampleImage, toJpeg } from '../../testing/face-samples';
import { waitUntil } from '../../testing/wait-until';
import type { RgbImage } from '../../commands/face/image-decoding';

/** The demo school of jg_nanming (scripts/demo-data.ts) and its county. */
export const DEMO_SCHOOL = { id: 'inst-520102-1', countyCode: '520102' } as const;
/** The class's venue (WGS-84), in 南明区; the phone is set 30 m away from it. */
export const VENUE = { latitude: 26.5683, longitude: 106.7135 } as const;

/** A logged-in API session (README "Calling the API from a script"). */
export class ApiSession {
  private constructor(
    readonly url: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async login(url: string, username: string, password: string): Promise<ApiSession> {
    const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.60.0.9' }, body: JSON.stringify({ username, password }) });
    const body = (await response.json()) as { data?: { csrfToken?: string; restriction?: string | null; secondFactorRequired?: boolean } };
    if (!response.ok || !body.data?.csrfToken) throw new Error(`${username} 接口登录失败：HTTP ${response.status} ${JSON.stringify(body)}`);
    if (body.data.restriction) throw new Error(`${username} 的会话受限（${body.data.restriction}）：请先在管理端完成`);
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return new ApiSession(url, cookie, body.data.csrfToken);
  }

  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL 失败：${JSON.stringify(body.errors ?? body)}`);
    return body.data;
  }

  async post(pathAndQuery: string, form: FormData): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.url}${pathAndQuery}`, { method: 'POST', headers: this.headers({}), body: form });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  private headers(extra: Record<string, string>) {
    return { ...extra, cookie: this.cookie, 'x-csrf-token': this.csrf, 'x-forwarded-for': '10.60.0.9' };
  }
}

export interface RunningClass {
  classId: string;
  sessionId: string;
  /** Two trainees: the first's reference face is the one the camera shows, the second's another person's. */
  trainees: [string, string];
  teacherId: string;
}

const HHMM = (instant: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));

/**
 * A 10-minute session starting a minute or two from now (Beijing time): a check-in and a check-out
 * both count when taken within 15 minutes of its start and of its end, so for the next quarter of an
 * hour one capture of each, taken one after the other, makes the trainee present. A later session
 * makes up the class hour the declaration needs.
 */
function sessionsAroundNow(now: number) {
  const start = Math.ceil(now / 60_000) * 60_000 + 60_000;
  const end = start + 10 * 60_000;
  const date = chinaDate(new Date(start).toISOString());
  if (chinaDate(new Date(end).toISOString()) !== date) throw new Error('北京时间接近午夜（23:48 以后），无法安排当天的课节：请稍后再运行移动端测试');
  const later = chinaDate(new Date(now + 7 * 86_400_000).toISOString());
  return { date, later, today: { date, start: HHMM(start), end: HHMM(end) }, next: { date: later, start: '19:00', end: '20:00' } };
}

/** `name`: a second class beside the first (another teacher and other trainees, as those of the first are busy then). */
export async function prepareRunningClass(platform: RunningPlatform, name = '移动端抓拍测试班'): Promise<RunningClass> {
  const { url: databaseUrl, release } = await connectDatabase(platform.dataDir);
  const keys = loadPlatformKeys({ env: { ...process.env }, dataDir: platform.dataDir, say: () => undefined });
  const p = await createPlatform({ databaseUrl, piiKeys: keys.piiKeys, runProjections: false, filesDir: path.join(platform.dataDir, 'files') });
  try {
    const { commands, knex } = p;
    const now = Date.now();
    const plan = sessionsAroundNow(now);
    const operator = { id: 'mobile-e2e-operator', role: 'institution_operator', orgId: DEMO_SCHOOL.id };
    const county = { id: 'mobile-e2e-reviewer', role: 'reviewer', orgId: authorityId(DEMO_SCHOOL.countyCode) };
    const at = (actor: RequestContext['actor'], daysAgo: number): RequestContext => {
      const commandId = uuid();
      return { actor, commandId, correlationId: commandId, ip: null, now: new Date(now - daysAgo * 86_400_000) };
    };
    const registered = chinaDate(new Date(now - 30 * 86_400_000).toISOString());

    const engaged = (await teacherEngagementsTable(knex).where({ institution_id: DEMO_SCHOOL.id, status: 'approved' }).select('teacher_id')).map((r) => r.teacher_id);
    const teachers = (await teachersTable(knex).whereIn('id', engaged).where({ revoked: false, qualified: true }).orderBy('id').select('id')).map((r) => r.id);
    const trainees = (await traineeListTable(knex).where({ org_id: DEMO_SCHOOL.id, direct: true, review_status: 'approved' }).orderBy('trainee_id').select('trainee_id')).map((r) => r.trainee_id);
    if (teachers.length === 0 || trainees.length < 2) throw new Error(`演示机构 ${DEMO_SCHOOL.id} 没有可用的教师或学员`);

    const classes = commands.trainingClasses;
    const classId = uuid();
    const details = parseClassDetails(
      {
        name,
        // A kind without a catalogue occupation: nothing else of the school's has to be set up.
        kind: 'entrepreneurship',
        subKind: 'syb',
        occupation: null,
        plannedStart: plan.date,
        plannedEnd: plan.later,
        minSize: 2,
        maxSize: 10,
        venue: { address: '南明区阳光职业技能培训学校实训楼', countyCode: DEMO_SCHOOL.countyCode, ...VENUE },
        fundingSource: 'self_paid',
      },
      registered,
    );
    await classes.register(DEMO_SCHOOL.id, details, at(operator, 30), { classId });
    // Teachers and trainees busy now in the demo's own class of today are refused: the next one is tried.
    let teacherId: string | undefined;
    for (const candidate of teachers) {
      try {
        await classes.setTimetable(classId, parseTimetable([{ ...plan.today, subject: '抓拍签到演练', mode: 'theory', teacherId: candidate, venue: '理论教室' }, { ...plan.next, subject: '技能实训', mode: 'practice', teacherId: candidate, venue: '实训室' }]), at(operator, 30));
        await classes.assignTeachers(classId, [candidate], at(operator, 30));
        teacherId = candidate;
        break;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    if (!teacherId) throw new Error('没有此时空闲的教师');
    const enrolled: string[] = [];
    for (const personId of trainees) {
      if (enrolled.length === 2) break;
      try {
        await classes.enrol(classId, [{ personId, commitmentSigned: true, commitmentSignedOn: registered }], at(operator, 30));
        enrolled.push(personId);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    if (enrolled.length < 2) throw new Error('没有两名此时空闲的学员');
    const declaration = parseDeclaration({
      teachingPlan: { totalHours: 1, theoryPercent: 50, practicePercent: 50, outline: '抓拍签到与技能实训' },
      assessmentPlan: { mode: 'written_practical', passScore: 60, plannedDate: plan.later, organiser: '职业技能鉴定所', description: '' },
      resources: ['统编教材'],
      commitment: true,
    });
    await classes.declare(classId, declaration, '', at(operator, 30));
    await commands.reviews.approve(`training-class-${classId}`, '同意开班', [], at(county, 20));
    await classes.start(classId, at(operator, 0));
    const sessionId = `${plan.today.date}T${plan.today.start}`;
    return { classId, sessionId, trainees: [enrolled[0]!, enrolled[1]!], teacherId };
  } finally {
    await p.close();
    await release();
  }
}

/** Waits until the server's read models show the class in progress. */
export async function waitForClass(api: ApiSession, classId: string): Promise<void> {
  await waitUntil(
    () => api.graphql<{ trainingClass: { status: string } | null }>('query($id: ID!) { trainingClass(id: $id) { status } }', { id: classId }),
    (r) => r.trainingClass?.status === 'in_progress',
    { what: `培训班 ${classId} 在读模型中为培训中`, timeoutMs: 60_000, intervalMs: 500 },
  );
}

/** Enrols a trainee's reference face as the console does: the photo uploaded, then enrolTraineeReferenceFace. */
export async function enrolReferenceFace(api: ApiSession, traineeId: string, jpeg: Buffer): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'reference.jpg');
  const uploaded = await api.post('/files?purpose=reference-face', form);
  if (uploaded.status !== 201) throw new Error(`人脸照片上传失败：${JSON.stringify(uploaded.body)}`);
  await api.graphql('mutation($id: ID!, $fileId: ID!) { enrolTraineeReferenceFace(id: $id, fileId: $fileId) { streamId } }', { id: traineeId, fileId: uploaded.body.fileId });
}

/** Two faces of face-api's sample1.jpg (boxes as the embedded engine finds them). */
const FACES = {
  camera: { x: 414, y: 355, width: 178, height: 238 },
  other: { x: 838, y: 421, width: 187, height: 227 },
};

const face = (box: typeof FACES.camera, margin: number): RgbImage => {
  const image = sampleImage(1);
  return cropped(image, around(image, box, margin));
};

/** The reference photos: the face the camera shows, and another person's. */
export const referencePhotos = () => ({ same: toJpeg(face(FACES.camera, 0.5), 92), other: toJpeg(face(FACES.other, 0.5), 92) });

/**
 * The fake camera's video: the same face framed wider, centred on grey in 640×480 frames, as a
 * YUV4MPEG2 (4:2:0) file for Chromium's --use-file-for-fake-video-capture (it loops the frames).
 */
export function writeFakeCamera(file: string): string {
  const W = 640;
  const H = 480;
  const picture = fitWithin(face(FACES.camera, 0.8), 440);
  const rgb = new Uint8Array(W * H * 3).fill(128);
  const ox = Math.floor((W - picture.width) / 2);
  const oy = Math.floor((H - picture.height) / 2);
  for (let y = 0; y < picture.height; y++) rgb.set(picture.data.subarray(y * picture.width * 3, (y + 1) * picture.width * 3), ((oy + y) * W + ox) * 3);
  const yPlane = Buffer.alloc(W * H);
  const uPlane = Buffer.alloc((W / 2) * (H / 2));
  const vPlane = Buffer.alloc((W / 2) * (H / 2));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const [r, g, b] = [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
      yPlane[y * W + x] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      if (y % 2 === 0 && x % 2 === 0) {
        const j = (y / 2) * (W / 2) + x / 2;
        uPlane[j] = Math.max(0, Math.min(255, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)));
        vPlane[j] = Math.max(0, Math.min(255, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)));
      }
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), yPlane, uPlane, vPlane]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 10 }, () => frame)]));
  return file;
}
