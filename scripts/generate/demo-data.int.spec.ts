// `npm start`'s demo data (scripts/demo-data.ts) at a tiny scale: loaded once, users printed once,
// the demo schools effective so their operators can enter trainees and teachers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlatform, type Platform } from '../../api/platform';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import { caughtUp } from '../../testing/caught-up';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { teacherAccountUserId } from '../../api/teacher/teacher-account-graphql';
import { loadDemoData } from '../demo-data';
import { seedReferenceData } from '../reference-data';

describe('loadDemoData', () => {
  let db: TestDatabase;
  let platform: Platform;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gz-demo-'));
    // Files of its own: the shared default folder may hold the same demo photo stored under other keys.
    platform = await createPlatform({ databaseUrl: db.url, piiKeys: loadPiiKeys({}, () => undefined), filesDir: path.join(dataDir, 'files') });
    await seedReferenceData(platform);
  });
  afterAll(async () => {
    await platform.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the province, the occupations and one user per role, once', async () => {
    const scale = { institutions: 12, teachers: 4, trainees: 20 };
    const users = await loadDemoData(platform, dataDir, { scale, log: () => undefined });
    expect(users.map((u) => u.username)).toEqual([
      'js_nanming', 'jg_nanming', 'jg_yunyan', 'sq_nanming', 'sh_nanming', 'sh_yunyan', 'sh_guiyang', 'sh_province', 'dd_province', 'xt_province', 'aq_province',
      'sq_province', 'yx_jiaotong', 'yx_guiyang', 'sj_province',
    ]);
    expect(users.find((u) => u.username === 'sq_nanming')?.role).toBe('authority_operator');
    expect(users.filter((u) => u.username.startsWith('yx_')).map((u) => u.role)).toEqual(['school_operator', 'school_operator']);
    const file = path.join(dataDir, 'demo-credentials.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(15);
    // The teacher's login (授课教师) is linked to a teacher the Nanming school engages, created by its operator.
    const teacherUser = await platform.store.readStream(`user-${teacherAccountUserId((await platform.knex('rm.users').where({ username: 'js_nanming' }).first('state')).state.teacherId)}`);
    expect(teacherUser[0]).toMatchObject({ type: 'UserCreated', data: { roles: ['teacher'], orgId: 'inst-520102-1' }, metadata: { actorRole: 'institution_operator' } });
    expect(await platform.knex('rm.teacher_engagements').where({ teacher_id: (teacherUser[0]!.data as { teacherId: string }).teacherId, institution_id: 'inst-520102-1', status: 'approved' }).first('teacher_id')).toBeDefined();

    expect(await caughtUp(platform, undefined, 30_000)).toBe(true);
    const knex = platform.knex;
    // The demo schools are effective institutions under their counties.
    const schools = await knex('rm.institutions').whereIn('id', ['inst-520102-1', 'inst-520103-1']).select('id', 'lifecycle');
    expect(schools.map((s: { lifecycle: string }) => s.lifecycle)).toEqual(['active', 'active']);
    expect(Number((await knex('rm.trainees').count<{ n: string }[]>({ n: '*' }))[0]!.n)).toBe(20);
    expect(Number((await knex('rm.institutions').count<{ n: string }[]>({ n: '*' }))[0]!.n)).toBe(12);
    // Occupations in every state; the demo users act for their own organisations.
    const occupationStates = await knex('rm.occupations').where({ institution_id: 'inst-520102-1' }).pluck('review_status');
    expect(new Set(occupationStates)).toEqual(new Set(['draft', 'pending', 'returned', 'approved']));
    // Technical schools (issue 15): two schools, each with majors (one waiting at 交通), three
    // teachers (one retired) and six students: four approved (one suspended, one withdrawn), one waiting.
    const schoolRows = await knex('rm.technical_schools').whereIn('code', ['52001', '52002']).orderBy('code').select('id', 'name');
    expect(schoolRows.map((s: { name: string }) => s.name)).toEqual(['贵州省交通技师学院', '贵阳市技师学院']);
    const demoSchoolIds = schoolRows.map((s: { id: string }) => s.id);
    const majorStates = await knex('rm.majors').orderBy(['school_id', 'code']).select('school_id', 'review_status');
    expect(majorStates.filter((m: { school_id: string }) => m.school_id === schoolRows[0].id).map((m: { review_status: string }) => m.review_status)).toEqual(['approved', 'pending']);
    expect(majorStates.filter((m: { school_id: string }) => m.school_id === schoolRows[1].id).map((m: { review_status: string }) => m.review_status)).toEqual(['approved', 'approved']);
    expect(Number((await knex('rm.school_teachers').whereIn('school_id', demoSchoolIds).count<{ n: string }[]>({ n: '*' }))[0]!.n)).toBe(6);
    const statusesAt = async (schoolId: string) => ((await knex('rm.students').where({ school_id: schoolId }).pluck('status')) as string[]).sort();
    expect(await statusesAt(schoolRows[0].id)).toEqual(['enrolled', 'enrolled', 'enrolled', 'left', 'registering', 'suspended']);
    // 贵阳: one of them graduated, with an approved diploma from the school's 20 blanks.
    expect(await statusesAt(schoolRows[1].id)).toEqual(['enrolled', 'enrolled', 'left', 'left', 'registering', 'suspended']);
    expect(await knex('rm.diploma_stocks').where({ school_id: schoolRows[1].id }).first('allocated', 'in_stock', 'issued', 'awaiting_approval')).toEqual({ allocated: 20, in_stock: 19, issued: 1, awaiting_approval: 0 });
    // The graduate's employment, recorded by the school, and counted in the employment statistics.
    expect(await knex('rm.employments').where({ school_id: schoolRows[1].id }).select('destination', 'employer', 'monthly_pay_fen')).toEqual([{ destination: 'employed', employer: '贵阳海信电子有限公司', monthly_pay_fen: '420000' }]);
    expect(await knex('rm.school_statistics').where({ org_id: schoolRows[1].id, dimension: 'graduates', measure: 'employed' }).sum<{ n: string }[]>({ n: 'value' })).toEqual([{ n: '1' }]);
    // This school year's standards in force (a scholarship's too), and three applications at 交通: a
    // grant and a first-tier scholarship approved, a waiver waiting.
    expect((await knex('rm.aid_standards').orderBy('kind').select('kind', 'review_status', 'version')).map((r: { kind: string; review_status: string; version: number }) => [r.kind, r.review_status, r.version])).toEqual([
      ['grant', 'approved', 1],
      ['scholarship', 'approved', 1],
      ['waiver', 'approved', 1],
    ]);
    const aids = await knex('rm.school_aids').whereIn('school_id', demoSchoolIds).orderBy('kind').select('kind', 'status', 'review_status', 'amount_fen');
    expect(aids.map((a: { kind: string; status: string; review_status: string; amount_fen: string }) => [a.kind, a.status, a.review_status, Number(a.amount_fen)])).toEqual([
      ['grant', 'approved', 'approved', 250_000],
      ['scholarship', 'approved', 'approved', 500_000],
      ['waiver', 'applied', 'pending', 240_000],
    ]);
    // 贵阳's diploma photos: the graduate's approved (with its bytes in the storage port), an in-school student's waiting.
    const photos = await knex('rm.diploma_photos').where({ school_id: schoolRows[1].id }).orderBy('review_status').select('student_id', 'review_status', 'approved_sha256', 'pending_sha256');
    expect(photos.map((p: { review_status: string; approved_sha256: string | null; pending_sha256: string | null }) => [p.review_status, Boolean(p.approved_sha256), Boolean(p.pending_sha256)])).toEqual([
      ['approved', true, false],
      ['pending', false, true],
    ]);
    const graduate = photos.find((p: { review_status: string }) => p.review_status === 'approved') as { student_id: string };
    expect((await platform.commands.diplomaPhotos.approvedPhoto(graduate.student_id))?.kind).toBe('jpg');
    // Five more schools from the generator: their records in every state (a change waiting, returned; applied or refused, in force), students at each.
    const generated = await knex('rm.technical_schools').whereNotIn('code', ['52001', '52002']).select('id', 'review_status', 'pending');
    expect(generated).toHaveLength(5);
    expect(new Set(generated.map((s: { review_status: string; pending: unknown }) => `${s.review_status}${s.pending ? '+change' : ''}`))).toEqual(new Set(['pending+change', 'returned+change', 'approved']));
    expect(Number((await knex('events').whereIn('type', ['TechnicalSchoolInfoApplied', 'TechnicalSchoolInfoDiscarded']).countDistinct<{ n: string }[]>({ n: 'type' }))[0]!.n)).toBe(2);
    expect(Number((await knex('rm.students').whereNotIn('school_id', demoSchoolIds).count<{ n: string }[]>({ n: '*' }))[0]!.n)).toBe(150);

    // Counted directly: the store's head is fenced by open transactions (the projection worker's
    // among them), so it can rise without a new event.
    const eventCount = async () => Number((await knex.raw('SELECT count(*) AS n FROM events')).rows[0].n);
    const before = await eventCount();
    expect(await loadDemoData(platform, dataDir, { scale, log: () => undefined })).toEqual([]);
    expect(await eventCount()).toBe(before);
    // The province, classes and seven technical schools with their students: minutes on a shared two-core machine.
  }, 300_000);
});
