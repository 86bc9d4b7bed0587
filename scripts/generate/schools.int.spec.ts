// The technical-school generator at a small scale against a real database: schools in every state
// of their record, majors and teachers through the commands, students decided in memory and
// appended whose read-model rows agree with what the generator says it did, streams the command
// pipeline carries on from (the province-wide duplicate check refuses a generated person; a change
// applied to a generated student is accepted), and nothing written twice on a repeat.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPlatform, type Platform } from '../../api/platform';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { chinaDate } from '../../domain/personal-data/normalize';
import { RuleViolationError } from '../../domain/shared/errors';
import { parseChangeInput } from '../../domain/student/student-change';
import { registrationInputSchema } from '../../domain/student/student-input';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { seedReferenceData } from '../reference-data';
import { generateSchools, type SchoolsSummary } from './schools';

const KEYS = { PII_ENCRYPTION_KEY: '0123456789abcdef0123456789abcdef', PII_BLIND_INDEX_KEY: 'fedcba9876543210fedcba9876543210' };
const SIZES = { schools: 6, students: 400, seed: 'schools-spec', concurrency: 4, batch: 25, sample: 400 };
const as = (orgId: string, role: string, key: string): RequestContext => ({ actor: { id: `spec-${role}`, role, orgId }, commandId: `spec:${key}`, correlationId: `spec:${key}`, ip: null });

describe('generateSchools', () => {
  let db: TestDatabase;
  let platform: Platform;
  let summary: SchoolsSummary;
  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await platform.knex(table).where(where).count<{ n: string }[]>({ n: '*' }))[0]!.n);

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = await createPlatform({ databaseUrl: db.url, piiKeys: loadPiiKeys(KEYS, () => undefined) });
    await seedReferenceData(platform);
    summary = await generateSchools(platform, SIZES);
    if (!(await platform.runner.waitFor(summary.lastPosition, undefined, 240_000))) {
      const behind = platform.runner.status().filter((s) => s.position < summary.lastPosition);
      throw new Error(`read models behind ${summary.lastPosition}: ${JSON.stringify(behind, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
    }
  }, 600_000);
  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('creates the schools as organisations under their authorities, their records in every state', async () => {
    expect(await count('rm.technical_schools')).toBe(6);
    const orgs = await platform.knex('rm.organizations').where({ kind: 'school' }).select('path');
    expect(orgs).toHaveLength(6);
    expect(orgs.every((o: { path: string }) => /^\/auth-520000\/(auth-52\d{2}00\/)?[^/]+\/$/.test(o.path))).toBe(true);
    const rows = await platform.knex('rm.technical_schools').select('review_status', 'pending');
    const states = rows.map((r: { review_status: string; pending: unknown }) => `${r.review_status}${r.pending ? '+pending' : ''}`).sort();
    // A change waiting for review, one returned; an applied or refused change leaves the record in force (approved).
    expect(states).toEqual(expect.arrayContaining(['pending+pending', 'returned+pending', 'approved']));
    const o = summary.outcomes.schools;
    expect(states.filter((x: string) => x === 'approved')).toHaveLength((o.created ?? 0) + (o.change_applied ?? 0) + (o.change_rejected ?? 0));
    const events = async (type: string) => Number((await platform.knex('events').where({ type }).count<{ n: string }[]>({ n: '*' }))[0]!.n);
    expect(await events('TechnicalSchoolInfoApplied')).toBe(o.change_applied);
    expect(await events('TechnicalSchoolInfoDiscarded')).toBe(o.change_rejected);
    expect(o.change_applied! * o.change_rejected! * o.change_pending! * o.change_returned!).toBeGreaterThan(0);
    expect(await count('rm.majors')).toBe(Object.values(summary.outcomes.majors).reduce((a, b) => a + b, 0));
    expect(await count('rm.school_teachers')).toBe(Object.values(summary.outcomes.teachers).reduce((a, b) => a + b, 0));
    expect(await count('rm.school_teachers', { status: 'removed' })).toBe(summary.outcomes.teachers.removed ?? 0);
    // A school with a major waiting or returned still offers its approved ones to the import.
    expect((summary.outcomes.majors.pending ?? 0) + (summary.outcomes.majors.returned ?? 0)).toBeGreaterThan(0);
    for (const school of summary.schools) {
      const offered = await platform.commands.students.approvedMajorsOf(school.id);
      expect(offered).toHaveLength(await count('rm.majors', { school_id: school.id, review_status: 'approved' }));
    }
  });

  it('writes every student, and the read model agrees with what the generator did to each', async () => {
    expect(summary.outcomes.existing).toBe(0);
    expect(await count('rm.students')).toBe(400);
    const h = summary.outcomes.histories;
    const r = summary.outcomes.registrations;
    const n = (k: string) => h[k] ?? 0;
    expect(await count('rm.students', { status: 'registering' })).toBe((r.pending ?? 0) + (r.returned ?? 0));
    expect(await count('rm.students', { status: 'unregistered' })).toBe(r.rejected ?? 0);
    expect(await count('rm.students', { status: 'suspended' })).toBe(n('suspended'));
    expect(await count('rm.students', { status: 'left' })).toBe(n('withdrawn') + n('cancelled') + n('graduated') + n('completed'));
    expect(await count('rm.students', { status: 'enrolled' })).toBe(n('none') + n('resumed') + n('transferred') + n('transfer_waiting') + n('major_changed') + n('year_repeated') + n('change_pending'));
    expect(n('graduated') + n('completed')).toBeGreaterThan(0);
    const graduated = await platform.knex('rm.students').where({ status: 'left' }).whereRaw("state->>'leftAs' = 'graduated'").count<{ n: string }[]>({ n: '*' });
    expect(Number(graduated[0]!.n)).toBe(n('graduated'));
    expect(await count('rm.students', { application_kind: 'suspend' })).toBe(n('change_pending'));
    // Three cohorts, students at every school.
    const cohorts = await platform.knex('rm.students').distinct('cohort_year').orderBy('cohort_year');
    expect(cohorts.length).toBeGreaterThanOrEqual(3);
    expect(await platform.knex('rm.students').countDistinct<{ n: string }[]>({ n: 'school_id' }).then((x) => Number(x[0]!.n))).toBe(6);
    // Transferred students are at their new school, with both schools in their change log.
    const moved = summary.sample.filter((s) => s.history === 'transferred');
    for (const s of moved) {
      const row = await platform.knex('rm.students').where({ id: s.studentId }).first('school_id', 'state');
      expect(row.school_id).not.toBe(s.schoolId);
      expect(row.state.changeLog.map((c: { kind: string }) => c.kind)).toEqual(['transfer_out', 'transfer_in']);
    }
  });

  it('applies this school year’s waivers and grants through the same rules, approved with the fund reservation', async () => {
    const a = summary.outcomes.aid;
    // Refused by the rules at application: nothing written; refused at approval: left waiting.
    const written = Object.entries(a).filter(([k]) => k !== 'waiver_refused' && k !== 'grant_refused').reduce((sum, [, v]) => sum + v, 0);
    expect(written).toBeGreaterThan(0);
    expect(await count('rm.school_aids')).toBe(written);
    expect((a.waiver_approval_refused ?? 0) + (a.grant_approval_refused ?? 0)).toBe(0);
    expect(await count('rm.school_aids', { status: 'approved' })).toBe((a.waiver_approved ?? 0) + (a.grant_approved ?? 0));
    // Approved through the commands: each instalment reserved on the authority's fund (a waiver's one date, a grant's two).
    const reserved = Number((await platform.knex('events').where({ type: 'FundReserved' }).count<{ n: string }[]>({ n: '*' }))[0]!.n);
    expect(reserved).toBe((a.waiver_approved ?? 0) + 2 * (a.grant_approved ?? 0));
    const amounts = await platform.knex('rm.school_aids').where({ status: 'approved', kind: 'waiver' }).distinct('amount_fen');
    expect(amounts.every((x: { amount_fen: string }) => ['240000', '280000', '320000'].includes(String(x.amount_fen)))).toBe(true);
  });

  it('leaves streams the command pipeline carries on from', async () => {
    const enrolled = summary.sample.find((s) => s.registration === 'approved' && s.history === 'none')!;
    const other = summary.schools.find((s) => s.id !== enrolled.schoolId)!;
    const today = chinaDate(new Date().toISOString());
    const majorId = (await platform.knex('rm.majors').where({ school_id: other.id, review_status: 'approved' }).first('id')).id as string;
    const input = registrationInputSchema(today).parse({ name: '张三', idNumber: enrolled.idNumber, phone: '', householdType: 'agricultural', povertyRegistered: false, education: 'junior_high', previousSchool: '', address: '', majorId, classType: 'intermediate', studyMode: 'full_time', cohortYear: Number(today.slice(0, 4)), enrolledOn: today, studentNumber: '' });
    // The province-wide duplicate check: the generated person holds a status.
    const duplicate = platform.commands.students.register(other.id, input, as(other.id, 'school_operator', 'duplicate'));
    await expect(duplicate).rejects.toBeInstanceOf(RuleViolationError);
    await expect(duplicate).rejects.toMatchObject({ rule: 'student.duplicate' });
    // Its own school applies for a suspension on the generated stream.
    const applied = await platform.commands.students.applyForChange(enrolled.studentId, enrolled.schoolId, parseChangeInput({ kind: 'suspend', effectiveOn: today, reason: '因病休学' }), as(enrolled.schoolId, 'school_operator', 'suspend'), { submit: true });
    expect(applied.events.map((e) => e.type)).toEqual(['StudentChangeRequested', 'ReviewSubmitted']);
  });

  it('appends nothing when run again with the same seed and sizes', async () => {
    // Counted rather than compared by head position: the head only shows events below the oldest
    // running transaction, so under load it can still move onto events written before this test.
    const stored = () => count('events');
    const before = await stored();
    const again = await generateSchools(platform, SIZES);
    expect(again.phases.reduce((sum, p) => sum + p.events, 0)).toBe(0);
    expect(again.outcomes.existing).toBe(400);
    expect(await stored()).toBe(before);
  });
});
