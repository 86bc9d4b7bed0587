// Training classes over real HTTP: registration with Chinese field errors and nothing written on a
// refusal, timetable, teachers and enrolment (by list and by ID number, eligibility shown), a
// person never booked into two overlapping sessions even when two enrolments race, the declaration
// and its deadline on the working-day calendar, review through the one workflow (the inbox lists
// it), approved and pending values of a change request, suspension, and the run to completion
// with certificates printed as one PDF and verified by number. Steps that depend on the day (the
// class starting, sessions having ended) run through the platform's commands with their moment
// given, as no client can move the server's clock.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pactum from 'pactum';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { parseClassDetails, parseDeclaration } from '../../domain/training-class/class-details';
import { parseTimetable } from '../../domain/training-class/timetable';
import { ORGS } from '../../testing/seed';
import { uploadFile, xlsxBytes } from '../../testing/spreadsheets';
import { waitUntil } from '../../testing/wait-until';
import { as, classInput, classWorld, declarationInput, enrolment, inDays, sessionsFor, type ClassWorld } from './testing/class-world';

const REGISTER = 'mutation($i: TrainingClassInput!) { r: registerTrainingClass(input: $i) { id position } }';
const DETAIL = `query($id: ID!) { r: trainingClass(id: $id) {
  id classNo name status statusLabel reviewStatus reviewSubject enrolled institutionName subject
  timetable { sessionId date start teacherName } teachers { teacherId name }
  roster { personId name idNumber funding eligibility { eligible description } withdrawn }
  change { reason enrolled { name } } pending { roster { name } }
  declaration { latestDeclarationDate leadWorkingDays totals { classHours } }
  completion { completedOn certificates { certificateNo name } certificateFile { fileId url } }
} }`;

type Errors = { message: string; extensions: { code: string; fields?: { field: string; message: string }[] } }[] | undefined;

describe('training classes (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let world: ClassWorld;
  let school: Session;
  let yunyanSchool: Session;
  let county: Session;
  let yunyanCounty: Session;
  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);

  beforeAll(async () => {
    api = await startApiHarness();
    [school, yunyanSchool, county, yunyanCounty] = await Promise.all([api.login('nanmingSchool'), api.login('yunyanSchool'), api.login('nanmingReviewer'), api.login('yunyanReviewer')]);
    world = await classWorld(api);
  }, 180_000);
  afterAll(async () => api.close());

  const gql = async <T = { r: Record<string, unknown> }>(session: Session, query: string, variables: Record<string, unknown> = {}) =>
    api.graphql<T>(session, query, variables, await api.settled());
  const register = async (over: Record<string, unknown> = {}, startIn = 21, days = 2) => {
    const body = await gql<{ r: { id: string } }>(school, REGISTER, { i: classInput(world, over, startIn, days) });
    expect(body.errors).toBeUndefined();
    return body.data!.r.id;
  };
  const detail = async (id: string, session = school) => (await gql<{ r: Record<string, unknown> & { roster: { personId: string }[] } }>(session, DETAIL, { id })).data!.r;
  const mutate = async (session: Session, query: string, variables: Record<string, unknown>) => gql<{ r: { id: string; position: string } }>(session, query, variables);
  const timetable = (id: string, sessions: unknown[]) => mutate(school, 'mutation($id: ID!, $s: [TrainingClassSessionInput!]!) { r: setTrainingClassTimetable(id: $id, sessions: $s) { id } }', { id, s: sessions });
  const teachers = (id: string, ids: string[]) => mutate(school, 'mutation($id: ID!, $t: [ID!]!) { r: assignTrainingClassTeachers(id: $id, teacherIds: $t) { id } }', { id, t: ids });
  const enrol = (id: string, people: string[], session = school) =>
    mutate(session, 'mutation($id: ID!, $e: [TrainingClassEnrolmentInput!]!) { r: enrolTrainingClassParticipants(id: $id, enrolments: $e) { id } }', { id, e: people.map(enrolment) });
  const declare = (id: string, hours = 16, assessment = inDays(22)) =>
    mutate(school, 'mutation($id: ID!, $d: TrainingClassDeclarationInput!) { r: declareTrainingClass(id: $id, declaration: $d) { id position } }', { id, d: declarationInput(hours, assessment) });
  /** A class registered, timetabled, staffed and with these people enrolled. */
  const prepared = async (people: string[], startIn = 21, over: Record<string, unknown> = {}) => {
    const id = await register(over, startIn);
    expect((await timetable(id, sessionsFor(world, startIn))).errors).toBeUndefined();
    expect((await teachers(id, [world.teachers.li, world.teachers.wang])).errors).toBeUndefined();
    expect((await enrol(id, people)).errors).toBeUndefined();
    return id;
  };
  const errorOf = (errors: Errors) => errors?.[0] && { code: errors[0].extensions.code, message: errors[0].message, fields: errors[0].extensions.fields };

  it('refuses bad registrations with the field and rule in Chinese, writing nothing; a good one gets a class number', async () => {
    const before = await eventCount();
    const wrongOrder = await gql(school, REGISTER, { i: classInput(world, { plannedStart: inDays(30), plannedEnd: inDays(25) }) });
    expect(errorOf(wrongOrder.errors)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'plannedEnd', message: `计划结业日期（${inDays(25)}）不能早于计划开班日期（${inDays(30)}）` }] });
    const missing = await gql(school, REGISTER, { i: { ...classInput(world), name: null, venue: { ...classInput(world).venue, latitude: 40 } } });
    expect(errorOf(missing.errors)?.fields?.map((f) => f.field)).toEqual(['name', 'venue.latitude']);
    const unpublished = await gql(school, REGISTER, { i: classInput(world, { occupation: { code: '6-31-01-03', name: '电工', level: '5' } }) });
    expect(errorOf(unpublished.errors)).toMatchObject({ code: 'RULE_VIOLATION', message: '培训工种“电工（6-31-01-03）五级/初级工”不在已发布的工种目录中，不能开班' });
    expect(await eventCount()).toBe(before);

    const id = await register();
    const read = await detail(id);
    expect(read).toMatchObject({ status: 'draft', statusLabel: '草稿', institutionName: '贵阳市南明区阳光职业技能培训学校', subject: '中式烹调师（4-03-02-01）四级/中级工' });
    expect(read.classNo).toMatch(new RegExp(`^520102-${inDays(21).slice(0, 4)}-\\d{4}$`));
  });

  it('takes teachers only from the pool, effective and certified, and enrolment by list or ID number with eligibility shown', async () => {
    const id = await register({}, 30);
    expect((await timetable(id, sessionsFor(world, 30))).errors).toBeUndefined();
    const before = await eventCount();
    const uncertified = await teachers(id, [world.teachers.li, world.teachers.uncertified]);
    expect(errorOf(uncertified.errors)).toMatchObject({ code: 'RULE_VIOLATION', message: '教师赵敏尚未取得师资上岗资格认定，不能选配' });
    const notOurs = await teachers(id, [world.teachers.yunyan]);
    expect(errorOf(notOurs.errors)?.message).toBe('教师陈刚不在本机构师资库中（未聘用或聘用尚未审核），不能选配');
    expect(await eventCount()).toBe(before);
    expect((await teachers(id, [world.teachers.li, world.teachers.wang])).errors).toBeUndefined();

    expect((await enrol(id, [world.trainees[1]!])).errors).toBeUndefined();
    const byId = await mutate(school, 'mutation($id: ID!, $n: String!) { r: enrolTrainingClassByIdNumber(id: $id, idNumber: $n, name: "李四", commitmentSigned: true, commitmentSignedOn: "2026-01-01") { id } }', {
      id,
      n: world.idNumbers[world.trainees[2]!],
    });
    expect(errorOf(byId.errors)?.message).toBe('身份证号码对应的学员姓名为“王五”，与填写的“李四”不一致');
    const byIdOk = await mutate(school, 'mutation($id: ID!, $n: String!) { r: enrolTrainingClassByIdNumber(id: $id, idNumber: $n, name: "王五", commitmentSigned: true, commitmentSignedOn: "2026-01-01") { id } }', {
      id,
      n: world.idNumbers[world.trainees[2]!],
    });
    expect(byIdOk.errors).toBeUndefined();
    const read = await detail(id);
    expect(read.roster).toEqual([
      { personId: world.trainees[1], name: '李四', idNumber: expect.stringMatching(/^520102\*{8}\d{3}[\dX]$/), funding: 'subsidised', eligibility: { eligible: true, description: '符合补贴条件' }, withdrawn: false },
      { personId: world.trainees[2], name: '王五', idNumber: expect.stringMatching(/^520102\*{8}/), funding: 'subsidised', eligibility: { eligible: true, description: '符合补贴条件' }, withdrawn: false },
    ]);
    expect(read.teachers).toEqual([
      { teacherId: world.teachers.li, name: '李芳' },
      { teacherId: world.teachers.wang, name: '王强' },
    ]);
    const check = await gql<{ r: { eligible: boolean; description: string }[] }>(school, 'query($id: ID!, $p: [ID!]!) { r: trainingClassEligibility(id: $id, personIds: $p) { eligible description } }', { id, p: [world.trainees[3]!] });
    expect(check.data!.r).toEqual([{ eligible: true, description: '符合补贴条件' }]);
  });

  it('never books a person into two overlapping sessions, even when two enrolments race', async () => {
    const person = world.trainees[4]!;
    const first = await prepared([person], 40);
    // A second class of the same days at 10:00-11:00 overlaps the first's morning sessions.
    const second = await register({ name: '南明区中式面点师培训班' }, 40);
    expect((await timetable(second, sessionsFor(world, 40, 2, [['10:00', '11:00']]))).errors).toBeUndefined();
    const before = await eventCount();
    const refused = await enrol(second, [person]);
    expect(errorOf(refused.errors)).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringMatching(/^孙七已报名的“南明区中式烹调师就业技能培训班（520102-\d{4}-\d{4}）”在\S+ 09:00-12:00有课，与本班\S+ 10:00-11:00的课程时间重叠/) });
    expect(await eventCount()).toBe(before);
    expect((await detail(first)).roster.map((r) => r.personId)).toEqual([person]);

    // Two new classes at the same time, the same person enrolled in both at the same moment: one wins.
    const racer = world.trainees[5]!;
    const [a, b] = [await register({ name: '甲班' }, 60), await register({ name: '乙班' }, 60)];
    await Promise.all([timetable(a, sessionsFor(world, 60, 1, [['09:00', '12:00']])), timetable(b, sessionsFor(world, 60, 1, [['09:30', '10:30']]))]);
    const outcomes = await Promise.all([enrol(a, [racer]), enrol(b, [racer])]);
    expect(outcomes.map((o) => o.errors?.[0]?.extensions.code ?? 'ok').sort()).toEqual(['RULE_VIOLATION', 'ok']);
    const rosters = [(await detail(a)).roster.length, (await detail(b)).roster.length];
    expect(rosters.sort()).toEqual([0, 1]);
    const booked = await api.platform.knex('class_session_reservations').where({ person_key: `trainee:${racer}` }).select('class_id');
    expect(booked).toHaveLength(1);
  });

  it('refuses a declaration made too late on the working-day calendar, naming the last day', async () => {
    const late = await prepared([world.trainees[1]!, world.trainees[2]!], 3, { name: '临时班' });
    const before = await eventCount();
    const refused = await declare(late, 16, inDays(4));
    expect(errorOf(refused.errors)).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringMatching(/须至少提前5个工作日申报（按工作日历，节假日不计，最晚申报日为\d{4}-\d{2}-\d{2}）/) });
    expect(await eventCount()).toBe(before);
  });

  describe('declared, reviewed, run and completed', () => {
    let id: string;
    const people = () => [world.trainees[1]!, world.trainees[2]!, world.trainees[3]!];

    it('is declared in time and reviewed by its county through the one workflow (the inbox lists it)', async () => {
      id = await prepared(people(), 21, { name: '结业测试班' });
      const declared = await declare(id);
      expect(declared.errors).toBeUndefined();
      expect(await detail(id)).toMatchObject({ status: 'declared', reviewStatus: 'pending', reviewSubject: 'declaration', declaration: { leadWorkingDays: 5, totals: { classHours: 16 } } });
      const inbox = await gql<{ r: { items: Record<string, string>[] } }>(county, '{ r: reviewInbox(page: { pageSize: 100 }) { items { streamId recordId module moduleLabel title } } }');
      expect(inbox.data!.r.items).toContainEqual({ streamId: `training-class-${id}`, recordId: id, module: 'training-class', moduleLabel: '培训班级', title: expect.stringContaining('结业测试班') });
      // Nothing changes while it is under review.
      expect(errorOf((await enrol(id, [world.trainees[4]!])).errors)?.message).toBe('开班申报正在审核中，不能报名；如需修改请先撤回申报');
      const approved = await mutate(county, 'mutation($s: String!) { r: approveReview(streamId: $s, opinion: "同意开班") { id } }', { s: `training-class-${id}` });
      expect(approved.errors).toBeUndefined();
      expect(await detail(id)).toMatchObject({ status: 'approved', statusLabel: '已开班（待开课）', reviewStatus: 'approved' });
    });

    it('shows approved and pending values while a change request waits, and applies it when approved', async () => {
      const proposed = await mutate(school, 'mutation($id: ID!, $c: TrainingClassChangeInput!) { r: proposeTrainingClassChange(id: $id, change: $c, submit: true) { id } }', {
        id,
        c: { enrol: [enrolment(world.trainees[4]!)], reason: '补充报名一人' },
      });
      expect(proposed.errors).toBeUndefined();
      const pending = await detail(id);
      expect(pending.roster.map((r) => r.personId)).toEqual(people());
      expect(pending).toMatchObject({ reviewSubject: 'change', reviewStatus: 'pending', change: { reason: '补充报名一人', enrolled: [{ name: '孙七' }] } });
      expect((pending.pending as { roster: { name: string }[] }).roster.map((r) => r.name)).toEqual(['李四', '王五', '赵六', '孙七']);
      expect((await mutate(county, 'mutation($s: String!) { r: approveReview(streamId: $s, opinion: "同意") { id } }', { s: `training-class-${id}` })).errors).toBeUndefined();
      const applied = await detail(id);
      expect(applied.roster.map((r) => r.personId)).toEqual([...people(), world.trainees[4]!]);
      expect(applied.change).toBeNull();
    });

    it('starts, takes attendance marks and results, completes on review and prints every certificate as one PDF', async () => {
      const commands = api.platform.commands.trainingClasses;
      const at = (iso: string) => as(api, 'nanmingSchool', ORGS.nanmingSchool, iso);
      const first = `${inDays(21)}T00:30:00Z`;
      await commands.start(id, at(first));
      const state = await commands.runner.existing(id);
      const afterLast = new Date(Date.parse(state.timetable[state.timetable.length - 1]!.endsAt) + 60_000).toISOString();
      // Everyone present at every session but 孙七, there each morning only (50%: no completion; each day still counts, all four came).
      for (const s of state.timetable) {
        const absent = s.start === '09:00' ? [] : [world.trainees[4]!];
        await commands.markRollCall(id, { sessionId: s.sessionId, present: [...people(), ...(absent.length ? [] : [world.trainees[4]!])], absent, reason: '人脸识别终端故障，教师点名' }, at(afterLast));
      }
      // A single mark corrects one person at one session (the audited manual correction).
      await commands.markAttendance(id, { sessionId: state.timetable[0]!.sessionId, participantId: world.trainees[1]!, present: true, reason: '补登' }, at(afterLast));
      const passed = (participantId: string) => ({ participantId, writtenScore: 80, practicalScore: 75, certificateNo: null, passed: true });
      await commands.recordAssessments(id, [...people(), world.trainees[4]!].map(passed), at(afterLast));
      await commands.requestCompletion(id, '', at(afterLast));
      const matrix = await gql<{ r: { attendance: { rows: { name: string; rateText: string }[] }; completionRequest: { outcomes: { name: string; completed: boolean; reasons: string[] }[] } } }>(
        school,
        'query($id: ID!) { r: trainingClass(id: $id) { attendance { rows { name rateText } } completionRequest { outcomes { name completed reasons } } } }',
        { id },
      );
      expect(matrix.data!.r.attendance.rows.map((r) => `${r.name} ${r.rateText}`)).toEqual(['李四 100%', '王五 100%', '赵六 100%', '孙七 50%']);
      expect(matrix.data!.r.completionRequest.outcomes.find((o) => o.name === '孙七')).toEqual({ name: '孙七', completed: false, reasons: ['出勤率50%，低于结业要求的80%'] });

      expect((await mutate(county, 'mutation($s: String!) { r: approveReview(streamId: $s, opinion: "同意结业") { id } }', { s: `training-class-${id}` })).errors).toBeUndefined();
      const completed = await waitUntil(() => detail(id), (c) => Boolean((c.completion as { certificateFile: unknown } | null)?.certificateFile), { what: 'the certificates to be printed', timeoutMs: 30_000, intervalMs: 200 });
      const completion = completed.completion as { certificates: { certificateNo: string; name: string }[]; certificateFile: { fileId: string; url: string } };
      expect(completed.status).toBe('completed');
      expect(completion.certificates.map((c) => c.name)).toEqual(['李四', '王五', '赵六']);
      expect(completion.certificates[0]!.certificateNo).toBe(`${completed.classNo as string}-001`);

      const pdf = await pactum.spec().get(`${api.url}${completion.certificateFile.url}`).withHeaders({ cookie: school.cookie, 'x-csrf-token': school.csrf }).toss();
      expect(pdf.statusCode).toBe(200);
      expect(String(pdf.headers['content-type'])).toBe('application/pdf');
      const foreign = await pactum.spec().get(`${api.url}${completion.certificateFile.url}`).withHeaders({ cookie: yunyanSchool.cookie, 'x-csrf-token': yunyanSchool.csrf }).toss();
      expect(foreign.statusCode).toBe(404);

      const verify = await gql<{ r: Record<string, unknown> | null }>(county, 'query($n: String!) { r: trainingCertificate(certificateNo: $n) { name idNumber className } }', { n: completion.certificates[0]!.certificateNo });
      expect(verify.data!.r).toEqual({ name: '李四', idNumber: expect.stringMatching(/^520102\*{8}/), className: '结业测试班' });
      const hidden = await gql<{ r: unknown }>(yunyanCounty, 'query($n: String!) { r: trainingCertificate(certificateNo: $n) { name } }', { n: completion.certificates[0]!.certificateNo });
      expect(hidden.data!.r).toBeNull();
      // The completed class holds nobody's time any more.
      expect(await api.platform.knex('class_session_reservations').where({ class_id: id }).count({ n: '*' })).toEqual([{ n: '0' }]);
    });
  });

  it('lists classes in the caller\'s scope only, filtered and sorted, and exports the list', async () => {
    const mine = await gql<{ r: { total: number; items: { institutionId: string }[] } }>(school, '{ r: trainingClasses(page: { pageSize: 200 }) { total items { institutionId } } }');
    expect(mine.data!.r.total).toBeGreaterThan(3);
    expect(new Set(mine.data!.r.items.map((i) => i.institutionId))).toEqual(new Set([ORGS.nanmingSchool]));
    const other = await gql<{ r: { total: number } }>(yunyanCounty, '{ r: trainingClasses { total } }');
    expect(other.data!.r.total).toBe(0);
    const drafts = await gql<{ r: { items: { status: string; name: string }[] } }>(county, '{ r: trainingClasses(filter: { status: "draft" }, page: { pageSize: 200, sortBy: "name" }) { items { status name } } }');
    expect(new Set(drafts.data!.r.items.map((i) => i.status))).toEqual(new Set(['draft']));
    const badSort = await gql(county, '{ r: trainingClasses(page: { sortBy: "institution_id" }) { total } }');
    expect(errorOf(badSort.errors)?.code).toBe('BAD_USER_INPUT');
    const file = await pactum.spec().get(`${api.url}/export/training-classes.xlsx`).withHeaders({ cookie: county.cookie, 'x-csrf-token': county.csrf }).toss();
    expect(file.statusCode).toBe(200);
  });

  it('lets the county suspend and resume an open class, and nobody else', async () => {
    const id = await prepared([world.trainees[1]!, world.trainees[2]!], 80, { name: '暂停测试班' });
    expect((await declare(id, 16, inDays(81))).errors).toBeUndefined();
    expect((await mutate(county, 'mutation($s: String!) { r: approveReview(streamId: $s, opinion: "同意") { id } }', { s: `training-class-${id}` })).errors).toBeUndefined();
    const byYunyan = await mutate(yunyanCounty, 'mutation($id: ID!) { r: suspendTrainingClass(id: $id, reason: "检查") { id } }', { id });
    expect(errorOf(byYunyan.errors)).toMatchObject({ code: 'NOT_FOUND', message: '记录不存在或不在您的数据权限范围内' });
    const bySchool = await mutate(school, 'mutation($id: ID!) { r: suspendTrainingClass(id: $id, reason: "检查") { id } }', { id });
    expect(errorOf(bySchool.errors)?.code).toBe('FORBIDDEN');
    expect((await mutate(county, 'mutation($id: ID!) { r: suspendTrainingClass(id: $id, reason: "检查发现场地不符") { id } }', { id })).errors).toBeUndefined();
    expect(await detail(id)).toMatchObject({ status: 'suspended' });
    expect((await mutate(county, 'mutation($id: ID!) { r: resumeTrainingClass(id: $id, reason: "已整改") { id } }', { id })).errors).toBeUndefined();
    expect(await detail(id)).toMatchObject({ status: 'approved' });
  });
  it('gives up a rejected class\'s bookings (the reconciler), so its people are free again', async () => {
    const id = await prepared([world.trainees[5]!], 100, { name: '驳回测试班', minSize: 1 });
    const booked = () => api.platform.knex('class_session_reservations').where({ class_id: id }).count({ n: '*' });
    expect(await booked()).toEqual([{ n: '8' }]);
    expect((await declare(id, 16, inDays(101))).errors).toBeUndefined();
    expect((await mutate(county, 'mutation($s: String!) { r: rejectReview(streamId: $s, reason: "场地不符合要求") { id } }', { s: `training-class-${id}` })).errors).toBeUndefined();
    expect(await detail(id)).toMatchObject({ status: 'cancelled' });
    await waitUntil(booked, (n) => n[0]!.n === '0', { what: 'the rejected class\'s bookings to be released', timeoutMs: 30_000 });
  });

  it('completes a teachers\' capability class onto each completing teacher\'s record, with the tier it qualifies for', async () => {
    const commands = api.platform.commands;
    const school = (now?: string) => as(api, 'nanmingSchool', ORGS.nanmingSchool, now);
    const city = (now?: string) => as(api, 'guiyangReviewer', ORGS.guiyang, now);
    const provincial = (now?: string) => ({ ...as(api, 'guiyangReviewer', ORGS.province, now), actor: { id: 'province-reviewer', role: 'reviewer', orgId: ORGS.province } });
    const participants = [world.teachers.uncertified, world.teachers.yunyan];
    const details = parseClassDetails(classInput(world, { name: '师资能力提升培训班', kind: 'teacher_capability', occupation: null, targetTier: 'city' }, 120), inDays(0));
    const classId = (await commands.trainingClasses.register(ORGS.nanmingSchool, details, school())).streamId.slice('training-class-'.length);
    await commands.trainingClasses.setTimetable(classId, parseTimetable(sessionsFor(world, 120)), school());
    await commands.trainingClasses.assignTeachers(classId, [world.teachers.li, world.teachers.wang], school());
    await commands.trainingClasses.enrol(classId, participants.map(enrolment), school());
    await commands.trainingClasses.declare(classId, parseDeclaration(declarationInput(16, inDays(121))), '', school());
    await commands.reviews.approve(`training-class-${classId}`, '同意', [], city());
    await commands.reviews.approve(`training-class-${classId}`, '同意', [], provincial());
    const state = await commands.trainingClasses.runner.existing(classId);
    const afterLast = new Date(Date.parse(state.timetable[state.timetable.length - 1]!.endsAt) + 60_000).toISOString();
    await commands.trainingClasses.start(classId, school(`${inDays(120)}T00:30:00Z`));
    for (const session of state.timetable) for (const p of participants) await commands.trainingClasses.markAttendance(classId, { sessionId: session.sessionId, participantId: p, present: true, reason: '点名' }, school(afterLast));
    await commands.trainingClasses.recordAssessments(classId, participants.map((p) => ({ participantId: p, writtenScore: 90, practicalScore: 88, certificateNo: null, passed: true })), school(afterLast));
    await commands.trainingClasses.requestCompletion(classId, '', school(afterLast));
    await commands.reviews.approve(`training-class-${classId}`, '同意结业', [], city(afterLast));
    await commands.reviews.approve(`training-class-${classId}`, '同意结业', [], provincial(afterLast));

    const recorded = (teacherId: string) => api.platform.store.readStream(`teacher-${teacherId}`);
    for (const teacherId of participants) {
      const events = await waitUntil(() => recorded(teacherId), (e) => e.some((x) => x.type === 'TeacherTrainingRecorded'), { what: `the training on teacher ${teacherId}'s record`, timeoutMs: 30_000, intervalMs: 100 });
      const training = events.find((x) => x.type === 'TeacherTrainingRecorded')!;
      expect(training.data).toMatchObject({ training: { classId, content: '师资能力提升培训班', organiserId: ORGS.nanmingSchool } });
      expect(training.metadata.actorId).toBe('system:training-class');
      expect(events.filter((x) => x.type === 'TeacherPoolTierAssigned').map((x) => x.data)).toEqual([{ tier: 'city', managedByOrgId: ORGS.guiyang }]);
    }
  });
  describe('spreadsheets through the import mechanism', () => {
    const JOB = 'query($id: ID!) { r: importJob(id: $id) { status imported skipped badRows skippedRows { row message } } }';
    type Job = { status: string; imported: number; skipped: number; badRows: number; skippedRows: { row: number; message: string }[] };
    const importFile = async (kind: string, rows: unknown[][]) => {
      const uploaded = await uploadFile(api.url, school, `${kind}.xlsx`, await xlsxBytes([{ name: kind, rows: rows as never }]));
      const started = await mutate(school, 'mutation($k: String!, $f: ID!) { r: startImport(kind: $k, fileId: $f) { id } }', { k: kind, f: uploaded.json.fileId });
      expect(started.errors).toBeUndefined();
      return waitUntil(async () => (await gql<{ r: Job }>(school, JOB, { id: started.data!.r.id })).data!.r, (j) => j.status === 'completed' || j.status === 'failed', { what: `the ${kind} import`, timeoutMs: 60_000, intervalMs: 200 });
    };

    it('imports a timetable as a whole: a good file sets it, a file with overlapping rows changes nothing', async () => {
      const id = await register({ name: '课程表导入班' }, 140);
      expect((await teachers(id, [world.teachers.li, world.teachers.wang])).errors).toBeUndefined();
      const classNo = (await detail(id)).classNo as string;
      const header = ['*班级编号', '*上课日期', '*开始时间', '*结束时间', '*课程内容', '*授课方式', '*授课教师', '上课地点'];
      const bad = await importFile('training-class-timetable', [header, [classNo, inDays(140), '09:00', '12:00', '原料知识', '理论', '李芳', ''], [classNo, inDays(140), '11:00', '13:00', '刀工', '实操', '王强', '']]);
      expect(bad).toMatchObject({ status: 'completed', imported: 0, skipped: 2 });
      expect(bad.skippedRows.map((r) => r.message).join('；')).toMatch(/时间重叠/);
      expect((await detail(id)).timetable).toEqual([]);
      const good = await importFile('training-class-timetable', [header, [classNo, inDays(140), '9:00', '12:00', '原料知识', '理论', '李芳', ''], [classNo, inDays(140), '14点', '17:00', '刀工', '实操', '王强', '实训厨房']]);
      expect(good).toMatchObject({ status: 'completed', imported: 2, skipped: 0 });
      expect(((await detail(id)).timetable as { start: string; teacherName: string }[]).map((s) => `${s.start} ${s.teacherName}`)).toEqual(['09:00 李芳', '14:00 王强']);
    });

    it('enrols people row by row from a file, each checked as the form checks them, bad rows reported', async () => {
      const id = await register({ name: '报名导入班' }, 150);
      expect((await timetable(id, sessionsFor(world, 150))).errors).toBeUndefined();
      const classNo = (await detail(id)).classNo as string;
      const header = ['*班级编号', '*姓名', '*身份证号码', '资金方式', '*承诺书签署日期'];
      const rows = [
        [classNo, '李四', world.idNumbers[world.trainees[1]!]!, '', '2026-01-02'],
        [classNo, '王五', world.idNumbers[world.trainees[2]!]!, '自费', '2026/1/2'],
        [classNo, '赵六', world.idNumbers[world.trainees[3]!]!.slice(0, 17) + 'Y', '', '2026-01-02'],
        [classNo, '张冠李戴', world.idNumbers[world.trainees[4]!]!, '', '2026-01-02'],
        ['520102-1999-9999', '孙七', world.idNumbers[world.trainees[4]!]!, '', '2026-01-02'],
      ];
      const job = await importFile('training-class-enrolment', [header, ...rows]);
      expect(job).toMatchObject({ status: 'completed', imported: 2, badRows: 1, skipped: 2 });
      expect(job.skippedRows.map((r) => r.message)).toEqual(['身份证号码对应的学员姓名为“孙七”，与填写的“张冠李戴”不一致', '本机构没有班级编号为520102-1999-9999的班级']);
      // Both completed a subsidised class of the same occupation and level above: self-paid now, with the reason kept.
      const roster = ((await detail(id)).roster as unknown as { name: string; funding: string; eligibility: { description: string } }[]).sort((a, b) => a.name.localeCompare(b.name));
      expect(roster.map((r) => [r.name, r.funding])).toEqual([
        ['李四', 'self_paid'],
        ['王五', 'self_paid'],
      ]);
      expect(roster[0]!.eligibility.description).toBe('不符合补贴条件：已参加过“中式烹调师（4-03-02-01）四级/中级工”的补贴性培训（结业测试班），同一职业（工种）同一等级只能享受一次补贴');
    });
  });
  // Last: the rectification notice it ends with bars the school from opening classes.
  it('records an inspection with photos, takes the rectification reply through review, and bars the institution by a rectification notice', async () => {
    const id = await prepared([world.trainees[1]!, world.trainees[2]!], 160, { name: '检查测试班' });
    expect((await declare(id, 16, inDays(161))).errors).toBeUndefined();
    expect((await mutate(county, 'mutation($s: String!) { r: approveReview(streamId: $s, opinion: "同意") { id } }', { s: `training-class-${id}` })).errors).toBeUndefined();
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const photo = await uploadFile(api.url, county, '现场照片.png', png, { purpose: 'document' });
    expect(photo.status).toBe(201);
    const inspection = { mode: 'on_site', inspectedOn: inDays(0), findings: '实训设备不足，学员签到表缺页', rectificationRequired: true, rectifyBy: inDays(10) };
    const RECORD = 'mutation($id: ID!, $i: TrainingClassInspectionInput!, $p: [ID!]) { r: recordTrainingClassInspection(id: $id, inspection: $i, photoFileIds: $p) { id } }';
    expect(errorOf((await mutate(school, RECORD, { id, i: inspection, p: [] })).errors)?.code).toBe('FORBIDDEN');
    expect(errorOf((await mutate(yunyanCounty, RECORD, { id, i: inspection, p: [] })).errors)?.code).toBe('NOT_FOUND');
    expect(errorOf((await mutate(county, RECORD, { id, i: { ...inspection, rectifyBy: null }, p: [] })).errors)?.fields).toEqual([{ field: 'rectifyBy', message: '需要整改时请填写整改期限' }]);
    expect((await mutate(county, RECORD, { id, i: inspection, p: [photo.json.fileId] })).errors).toBeUndefined();
    const inspected = await gql<{ r: { inspections: { inspectionId: string; status: string; photos: { name: string }[] }[] } }>(school, 'query($id: ID!) { r: trainingClass(id: $id) { inspections { inspectionId status photos { name } } } }', { id });
    const [found] = inspected.data!.r.inspections;
    expect(found).toMatchObject({ status: 'awaiting_reply', photos: [{ name: '现场照片.png' }] });

    const reply = await mutate(school, 'mutation($id: ID!, $i: ID!) { r: replyTrainingClassRectification(id: $id, inspectionId: $i, reply: "已补充实训设备并补齐签到表") { id } }', { id, i: found!.inspectionId });
    expect(reply.errors).toBeUndefined();
    const waiting = await gql<{ r: { items: { className: string; statusLabel: string }[] } }>(county, '{ r: classInspections(filter: { status: "replied" }) { items { className statusLabel } } }');
    expect(waiting.data!.r.items).toEqual([{ className: '检查测试班', statusLabel: '已回复待审核' }]);
    expect((await mutate(county, 'mutation($id: ID!, $i: ID!) { r: decideTrainingClassRectification(id: $id, inspectionId: $i, accepted: true, opinion: "整改到位") { id } }', { id, i: found!.inspectionId })).errors).toBeUndefined();

    const PENALTY = 'mutation($i: ID!, $c: ID, $n: ID) { r: imposeInstitutionPenalty(institutionId: $i, kind: "rectification_notice", reason: "培训过程管理混乱", barredUntil: "' + inDays(30) + '", classId: $c, inspectionId: $n) { id } }';
    expect(errorOf((await mutate(yunyanCounty, PENALTY, { i: ORGS.nanmingSchool })).errors)?.code).toBe('NOT_FOUND');
    expect((await mutate(county, PENALTY, { i: ORGS.nanmingSchool, c: id, n: found!.inspectionId })).errors).toBeUndefined();
    const penalties = await gql<{ r: { kindLabel: string; barredUntil: string; basisClassId: string }[] }>(school, 'query($i: ID!) { r: institutionPenalties(institutionId: $i) { kindLabel barredUntil basisClassId } }', { i: ORGS.nanmingSchool });
    expect(penalties.data!.r).toEqual([{ kindLabel: '整改通知书（限期整改，期间不得开班）', barredUntil: inDays(30), basisClassId: id }]);
    // The barred period stops the school opening a class until the day has passed (the directory reads it from the institution's record).
    await waitUntil(async () => errorOf((await gql(school, REGISTER, { i: classInput(world, {}, 170) })).errors)?.message, (m) => m !== undefined, { what: 'the rectification notice to bar registrations', timeoutMs: 30_000, intervalMs: 200 })
      .then((message) => expect(message).toBe(`本机构被下达整改通知书，${inDays(30)}前不得开班，不能开班登记`));
  });
});
