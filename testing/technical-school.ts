// Test helpers of the technical-school modules (issue 15): schools created as their authority
// creates them, the periods their authority opens, and users of roles the API harness's personas
// do not cover (school users, a province reviewer), created and logged in through the real commands
// and the real login, second factor included.
import { randomBytes, randomUUID } from 'node:crypto';
import pactum from 'pactum';
import type { Platform } from '../api/platform';
import { totpCode } from '../commands/identity/totp';
import type { RequestContext } from '../commands/pipeline/request-context';
import { BUILT_IN_ROLES } from '../domain/identity/roles';
import { parseAidStandard } from '../domain/aid-standard/aid-standard-input';
import { parseAidApplication } from '../domain/school-aid/school-aid-rules';
import { parseEmploymentInput } from '../domain/employment/employment-input';
import { parseChangeInput } from '../domain/student/student-change';
import type { WindowKind } from '../domain/school-window/school-window';
import { registrationInputSchema } from '../domain/student/student-input';
import type { SchoolInfo } from '../domain/technical-school/school-info';
import { sessionFrom, type ApiHarness, type Session } from './api-harness';
import { idNumber } from './spreadsheets';
import { systemRequest } from './seed';

export const actingAs = (id: string, orgId: string, role = 'tester'): RequestContext => ({ ...systemRequest(), actor: { id, role, orgId } });

export const testSchoolInfo = (name: string): SchoolInfo => ({
  name,
  level: 'technician_college',
  nature: 'public',
  address: '贵州省贵阳市',
  principal: '王建国',
  contactPerson: '李娜',
  contactPhone: '0851-85551234',
  approvalNumber: '',
  establishedYear: 1985,
  description: '',
});

/** A school under an authority, created as the authority creates it; waits until the tree has it. */
export async function createTestSchool(platform: Platform, spec: { id?: string; name: string; authorityId: string; code: string; divisionCode?: string }): Promise<string> {
  const id = spec.id ?? randomUUID();
  const created = await platform.commands.technicalSchools.create(
    id,
    spec.authorityId,
    { code: spec.code, divisionCode: spec.divisionCode ?? '520100', info: testSchoolInfo(spec.name) },
    actingAs('test-authority-operator', spec.authorityId, 'authority_operator'),
  );
  if (created.position !== null && !(await platform.runner.waitFor(created.position, undefined, 30_000))) throw new Error('the school was not projected');
  return id;
}

/** A China-time day `offset` days from today. */
export const chinaDay = (offset = 0) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** Opens a period of an authority for its schools: by default from 30 days ago to 200 days ahead. */
export async function openTestWindow(platform: Platform, authorityId: string, kind: WindowKind = 'registration', from = chinaDay(-30), to = chinaDay(200)) {
  return platform.commands.schoolWindows.open(authorityId, { kind, from, to, note: '' }, actingAs('test-authority-operator', authorityId, 'authority_operator'));
}

export interface ExtraUser {
  userId: string;
  session: Session;
}

/**
 * A user of any built-in role at any organisation, logged in. Second factor: enrolled with the
 * current 30-second step's code and logged in with the next step's, which the server also accepts
 * (each code works once).
 */
export async function extraUser(api: ApiHarness, spec: { username: string; orgId: string; roles: string[] }): Promise<ExtraUser> {
  const users = api.platform.commands.users;
  const userId = randomUUID();
  const oneTime = `Once-${randomBytes(9).toString('base64url')}1a`;
  const password = `Pw-${randomBytes(9).toString('base64url')}9Z`;
  await users.create(userId, { username: spec.username, displayName: spec.username, orgId: spec.orgId, roles: spec.roles }, oneTime, systemRequest());
  let last = await users.changeOwnPassword(userId, oneTime, password, systemRequest());
  let secret: string | undefined;
  let step = 0;
  if (BUILT_IN_ROLES.some((r) => r.requiresSecondFactor && spec.roles.includes(r.name))) {
    const enrollment = await users.beginTotpEnrollment(userId);
    step = Math.floor(Date.now() / 30_000);
    last = await users.confirmTotpEnrollment(userId, totpCode(enrollment.secret, step * 30_000 + 1000), systemRequest());
    secret = enrollment.secret;
  }
  if (last.position !== null && !(await api.platform.runner.waitFor(last.position, undefined, 30_000))) throw new Error('the user was not projected');
  const first = await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: spec.username, password }).expectStatus(200).toss();
  const body = first.json as { data: { secondFactorRequired?: boolean; challenge?: string } };
  if (!body.data.secondFactorRequired) return { userId, session: sessionFrom(first) };
  const code = totpCode(secret!, (step + 1) * 30_000 + 1000);
  const second = await pactum.spec().post(`${api.url}/auth/login/second-factor`).withJson({ challenge: body.data.challenge, code }).expectStatus(200).toss();
  return { userId, session: sessionFrom(second) };
}

export const testMajor = { code: '0101-4', name: '机床切削加工（车工）', field: 'machinery' as const, classTypes: ['intermediate' as const, 'advanced' as const], durationYears: 3, enrolmentPlan: 120, description: '' };

/**
 * One record of each technical-school module at a school, made as the school makes them (the access
 * matrix probes them out of scope): a major declared and submitted, a teacher.
 */
export async function seedSchoolRecords(platform: Platform, schoolId: string, approvers: string[] = []): Promise<{ majorId: string; teacherId: string; studentId: string }> {
  const as = actingAs(`op-${schoolId}`, schoolId, 'school_operator');
  const majorId = randomUUID();
  await platform.commands.majors.declare(majorId, schoolId, testMajor, as, { submit: true });
  const added = await platform.commands.schoolTeachers.add(
    schoolId,
    { name: '张伟', idNumber: '520102197701011231', phone: '13800138000', majorId: null, field: 'machinery', title: 'lecturer', education: 'bachelor', employment: 'active', hiredOn: null, note: '' },
    actingAs(`op-${schoolId}`, schoolId, 'school_operator'),
  );
  // A student registered and submitted, in a major approved by the school's authorities, within a period they opened.
  let studentId = '';
  if (approvers.length) {
    const approved = await approvedTestMajor(platform, schoolId, approvers, { code: '0301-4', name: '计算机网络应用' });
    await openTestWindow(platform, approvers[0]!);
    const input = registrationInputSchema(chinaDay(0)).parse(testRegistration(idNumber('520102', '20100506', 122), approved));
    studentId = (await platform.commands.students.register(schoolId, input, actingAs(`op-${schoolId}`, schoolId, 'school_operator'), { submit: true })).streamId.slice('student-'.length);
  }
  // An exchange with the national system, recorded by the first authority (the exchange history list).
  if (approvers.length) {
    const as = actingAs(`op-${approvers[0]}`, approvers[0]!, 'authority_operator');
    await platform.commands.studentExchange.record(
      { type: 'NationalListReconciled', data: { exchangeId: as.commandId, orgId: approvers[0]!, source: 'file', fileId: null, schoolId, sha256: '', rows: 0, matched: 0, differing: 0, onlyNational: 0, onlyOurs: 0 } },
      as,
    );
  }
  return { majorId, teacherId: added.streamId.slice('school-teacher-'.length), studentId };
}

/** A major of a school, declared and approved at each of `approvers` (authority ids, first level first). */
export async function approvedTestMajor(platform: Platform, schoolId: string, approvers: string[], details: Partial<typeof testMajor> = {}): Promise<string> {
  const majorId = randomUUID();
  await platform.commands.majors.declare(majorId, schoolId, { ...testMajor, ...details }, actingAs(`op-${schoolId}`, schoolId, 'school_operator'), { submit: true });
  let last = null as bigint | null;
  for (const authority of approvers) last = (await platform.commands.reviews.approve(`major-${majorId}`, '同意', [], actingAs(`rev-${authority}`, authority, 'reviewer'))).position;
  if (last !== null && !(await platform.runner.waitFor(last, undefined, 30_000))) throw new Error('the major was not projected');
  return majorId;
}

/** A registration as the form sends it (the person's ID number given). */
export const testRegistration = (idNumber: string, majorId: string, over: Record<string, unknown> = {}) => ({
  name: '王小红',
  idNumber,
  phone: '13800138000',
  householdType: 'agricultural',
  povertyRegistered: true,
  education: 'junior_high',
  previousSchool: '贵阳市第一中学',
  address: '贵州省贵阳市南明区',
  majorId,
  classType: 'intermediate',
  studyMode: 'full_time',
  cohortYear: Number(chinaDay(0).slice(0, 4)),
  enrolledOn: chinaDay(-5),
  studentNumber: '',
  ...over,
});

/**
 * A grant application of a school's registered student (issue 15 §4), made as each party makes it:
 * the registration approved at each of `approvers`, the province's grant standard set and approved,
 * the grant period opened by the first approver, the application submitted by the school.
 */
export async function seedSchoolAid(platform: Platform, schoolId: string, studentId: string, approvers: string[]): Promise<string> {
  for (const authority of approvers) await platform.commands.reviews.approve(`student-${studentId}`, '同意', [], actingAs(`rev-${authority}`, authority, 'reviewer'));
  const province = approvers[approvers.length - 1]!;
  const year = Number(chinaDay(0).slice(0, 4));
  const details = parseAidStandard({
    kind: 'grant',
    schoolYear: year,
    termFrom: chinaDay(-100),
    termTo: chinaDay(200),
    grantTiers: [{ tier: 'first', amountFen: 200_000 }],
    eligibleYears: [1, 2],
    disbursementDates: [chinaDay(30)],
  });
  const set = await platform.commands.aidStandards.set(province, details, actingAs(`op-${province}`, province, 'authority_operator'), { submit: true });
  await platform.commands.reviews.approve(set.streamId, '同意', [], actingAs(`rev-${province}`, province, 'reviewer'));
  await openTestWindow(platform, approvers[0]!, 'grant');
  const input = parseAidApplication({ studentId, kind: 'grant', schoolYear: year, tier: 'first', basis: 'poverty_registered' });
  const applied = await platform.commands.schoolAids.apply(schoolId, input, actingAs(`op-${schoolId}`, schoolId, 'school_operator'), { submit: true });
  if (applied.position !== null && !(await platform.runner.waitFor(applied.position, undefined, 30_000))) throw new Error('the application was not projected');
  return applied.applicationId;
}

/** A school's blank diplomas (issue 15 §5): `quantity` requested by the school, approved at each of `approvers`. */
export async function seedDiplomaStock(platform: Platform, schoolId: string, approvers: string[], quantity = 5): Promise<void> {
  const requested = await platform.commands.diplomaStocks.request(schoolId, quantity, '毕业季', actingAs(`op-${schoolId}`, schoolId, 'school_operator'), { submit: true });
  let last = requested.position;
  for (const authority of approvers) last = (await platform.commands.reviews.approve(requested.streamId, '同意', [], actingAs(`rev-${authority}`, authority, 'reviewer'))).position ?? last;
  if (last !== null && !(await platform.runner.waitFor(last, undefined, 30_000))) throw new Error('the stock was not projected');
}

/**
 * A graduate of a school with an employment record (issue 15 §6): a person registered in an
 * approved major, approved, graduated through an approved 毕业 change, then the school records the
 * destination. Each command with its own request (a repeated command id is answered as done).
 */
export async function seedEmployment(platform: Platform, schoolId: string, approvers: string[]): Promise<string> {
  const school = () => actingAs(`op-${schoolId}`, schoolId, 'school_operator');
  const approve = async (stream: string) => {
    for (const authority of approvers) await platform.commands.reviews.approve(stream, '同意', [], actingAs(`rev-${authority}`, authority, 'reviewer'));
  };
  const major = await approvedTestMajor(platform, schoolId, approvers, { code: '0602-4', name: '汽车维修' });
  const input = registrationInputSchema(chinaDay(0)).parse(testRegistration(idNumber('520102', '20050303', 164), major, { name: '陈晓东' }));
  const studentId = (await platform.commands.students.register(schoolId, input, school(), { submit: true })).streamId.slice('student-'.length);
  await approve(`student-${studentId}`);
  const change = await platform.commands.students.applyForChange(studentId, schoolId, parseChangeInput({ kind: 'graduate', effectiveOn: chinaDay(0), reason: '修完全部课程' }), school(), { submit: true });
  await approve(change.streamId);
  const recorded = await platform.commands.employments.record(studentId, parseEmploymentInput({ destination: 'employed', employer: '贵州轮胎股份有限公司', employedOn: chinaDay(0), monthlyPayFen: '400000' }), school());
  if (recorded.position !== null && !(await platform.runner.waitFor(recorded.position, undefined, 30_000))) throw new Error('the employment was not projected');
  return studentId;
}
