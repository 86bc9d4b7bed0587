// Student status over real HTTP: a school registers a student within its authority's window, the
// authority approves; the province-wide duplicate check refuses a second school without naming the
// first, and shows the reviewer the school only within the reviewer's scope; a transfer between two
// schools under different authorities, each side applying and each side's authorities approving;
// the status on a given day; a registration import; everything within data scope, nothing written
// on a refusal.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registrationInputSchema } from '../../domain/student/student-input';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { download, idNumber, readXlsxBytes, uploadFile, xlsxBytes } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, testRegistration } from '../../testing/technical-school';
import { waitUntil } from '../../testing/wait-until';

const REGISTER = 'mutation($i: StudentRegistrationInput!, $s: Boolean) { registerStudent(input: $i, submit: $s) { id streamId position } }';
const CHANGE = 'mutation($id: ID!, $i: StudentChangeInput!) { applyStudentChange(id: $id, input: $i) { revision } }';
const STUDENT = `query($id: ID!) { student(id: $id) { status statusLabel name idNumber phone schoolName majorName classTypeLabel reviewStatus reviewLevel transferToSchoolName
  application { kindLabel toSchoolName } previousStatus { schoolName outcomeLabel } history { schoolName endLabel } changes { kindLabel detail } } }`;
const PERSON = idNumber('520102', '20100506', 122);

describe('student status (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let schoolA: Session;
  let schoolB: Session;
  let outsider: Session;
  let province: Session;
  let guiyang: Session;
  let zunyi: Session;
  let A: string;
  let B: string;
  let majorA: string;
  let majorB: string;
  let studentId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    // A: supervised by the province; B: by 贵阳 (reviewed by 贵阳, then the province).
    A = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52101' });
    B = await createTestSchool(api.platform, { name: '贵阳市技师学院', authorityId: ORGS.guiyang, code: '52102' });
    const C = await createTestSchool(api.platform, { name: '遵义市技师学院', authorityId: ORGS.zunyi, code: '52103', divisionCode: '520300' });
    majorA = await approvedTestMajor(api.platform, A, [ORGS.province]);
    majorB = await approvedTestMajor(api.platform, B, [ORGS.guiyang, ORGS.province], { code: '0301-4', name: '计算机网络应用' });
    // The province's registration period binds both; 贵阳 sets a later one of its own for B.
    await openTestWindow(api.platform, ORGS.province);
    await openTestWindow(api.platform, ORGS.guiyang, 'registration', chinaDay(30), chinaDay(60));
    [schoolA, schoolB, outsider, province] = await Promise.all([
      extraUser(api, { username: 'jt_op', orgId: A, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'gy_op', orgId: B, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zy_op', orgId: C, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'sh_sheng', orgId: ORGS.province, roles: ['reviewer'] }).then((u) => u.session),
    ]);
    [guiyang, zunyi] = await Promise.all([api.login('guiyangReviewer'), api.login('zunyiReviewer')]);
  });
  afterAll(async () => api.close());
  const head = () => api.settled();
  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);
  const approve = async (reviewer: Session, stream: string) => {
    const body = await api.graphql(reviewer, `mutation { approveReview(streamId: "${stream}", opinion: "同意") { revision } }`, {}, await head());
    expect(body.errors).toBeUndefined();
  };
  const read = async (session: Session) => (await api.graphql<{ student: Record<string, unknown> | null }>(session, STUDENT, { id: studentId }, await head())).data!.student;

  it('a school registers a student within the window, masked; the province approves it', async () => {
    const bad = await api.graphql(schoolA, REGISTER, { i: testRegistration(PERSON, majorA, { idNumber: '520102201005061220', householdType: 'city' }) });
    expect(bad.errors![0]!.extensions.fields).toEqual([
      { field: 'idNumber', message: '身份证号码校验位不正确，请逐位核对' },
      { field: 'householdType', message: '户口性质不在可选范围内' },
    ]);
    const registered = await api.graphql<{ registerStudent: { id: string } }>(schoolA, REGISTER, { i: testRegistration(PERSON, majorA), s: true });
    expect(registered.errors).toBeUndefined();
    studentId = registered.data!.registerStudent.id;
    expect(await read(schoolA)).toMatchObject({ status: 'registering', statusLabel: '注册中', idNumber: `${PERSON.slice(0, 6)}********${PERSON.slice(14)}`, phone: '138****8000', majorName: '机床切削加工（车工）', reviewStatus: 'pending', reviewLevel: 'province' });
    await approve(province, `student-${studentId}`);
    expect(await read(schoolA)).toMatchObject({ status: 'enrolled', statusLabel: '在籍', schoolName: '贵州省交通技师学院', classTypeLabel: '中级工班', reviewStatus: 'approved' });
  });

  it('outside its window a school is refused, with the dates of the window that binds it', async () => {
    const before = await eventCount();
    const refused = await api.graphql(schoolB, REGISTER, { i: testRegistration(idNumber('520102', '20100507', 131), majorB) });
    expect(refused.errors![0]).toMatchObject({ message: `学籍注册时间为 ${chinaDay(30)} 至 ${chinaDay(60)}，尚未开始，当前不能办理学籍注册`, extensions: { code: 'RULE_VIOLATION' } });
    expect(await eventCount()).toBe(before);
  });

  it('the duplicate check refuses a second registration anywhere, naming no school; the reviewer sees the school only within scope', async () => {
    await openTestWindow(api.platform, ORGS.guiyang);
    const before = await eventCount();
    const second = await api.graphql(schoolB, REGISTER, { i: testRegistration(PERSON, majorB), s: true }, await head());
    expect(second.errors![0]).toMatchObject({ extensions: { code: 'RULE_VIOLATION' } });
    expect(second.errors![0]!.message).toMatch(/^该身份证号码在全省已有有效学籍（注册中、在籍或休学），不能重复注册/);
    expect(second.errors![0]!.message).not.toContain('交通');
    expect(await eventCount()).toBe(before);
    const check = 'query($n: String!) { studentDuplicateCheck(idNumber: $n) { found active inScope studentId statusLabel schoolName } }';
    expect((await api.graphql(province, check, { n: PERSON })).data).toEqual({ studentDuplicateCheck: { found: true, active: true, inScope: true, studentId, statusLabel: '在籍', schoolName: '贵州省交通技师学院' } });
    expect((await api.graphql(guiyang, check, { n: PERSON })).data).toEqual({ studentDuplicateCheck: { found: true, active: true, inScope: false, studentId: null, statusLabel: null, schoolName: null } });
    expect((await api.graphql(guiyang, check, { n: idNumber('520102', '20100508', 149) })).data).toEqual({ studentDuplicateCheck: { found: false, active: false, inScope: false, studentId: null, statusLabel: null, schoolName: null } });
  });

  it('a transfer from A to B: A applies and its authority approves; B applies and its authorities approve; the student moves', async () => {
    const today = chinaDay(0);
    // A school not the student's own cannot apply, and the record answers as missing.
    const foreign = await api.graphql(schoolB, CHANGE, { id: studentId, i: { kind: 'suspend', effectiveOn: today, reason: '病休' } });
    expect(foreign.errors![0]).toMatchObject({ message: '记录不存在或不在您的数据权限范围内' });
    expect((await api.graphql(schoolA, CHANGE, { id: studentId, i: { kind: 'transfer_out', effectiveOn: today, reason: '随家庭迁居贵阳', toSchoolId: B } })).errors).toBeUndefined();
    expect(await read(schoolA)).toMatchObject({ application: { kindLabel: '转出', toSchoolName: '贵阳市技师学院' }, reviewLevel: 'province' });
    await approve(province, `student-${studentId}`);
    // B now finds the student among the transfers waiting for it, and applies to take it in.
    const incoming = await api.graphql<{ students: { items: { id: string; transferToSchoolName: string }[] } }>(schoolB, '{ students(filter: { incomingTransfersOnly: true }) { items { id transferToSchoolName } } }', {}, await head());
    expect(incoming.data!.students.items).toEqual([{ id: studentId, transferToSchoolName: '贵阳市技师学院' }]);
    expect((await api.graphql(schoolB, CHANGE, { id: studentId, i: { kind: 'transfer_in', effectiveOn: today, reason: '接收转学', majorId: majorB, classType: 'advanced' } })).errors).toBeUndefined();
    expect(await read(schoolB)).toMatchObject({ reviewLevel: 'city', application: { kindLabel: '转入' } });
    await approve(guiyang, `student-${studentId}`);
    await approve(province, `student-${studentId}`);
    expect(await read(schoolB)).toMatchObject({
      status: 'enrolled',
      schoolName: '贵阳市技师学院',
      majorName: '计算机网络应用',
      classTypeLabel: '高级工班',
      transferToSchoolName: null,
      history: [{ schoolName: '贵州省交通技师学院', endLabel: '转出' }],
      changes: [
        { kindLabel: '转出', detail: '转往贵阳市技师学院' },
        { kindLabel: '转入', detail: '由贵州省交通技师学院转入，专业：计算机网络应用' },
      ],
    });
    // A no longer holds the student.
    expect(await read(schoolA)).toBeNull();
    const events = (await api.platform.store.readStream(`student-${studentId}`)).map((e) => e.type);
    expect(events.filter((t) => t.startsWith('Student'))).toEqual(['StudentRegistered', 'StudentRegistrationApproved', 'StudentChangeRequested', 'StudentTransferReleased', 'StudentChangeRequested', 'StudentTransferredIn']);
  });

  it('answers whether the person was a registered student on a given day', async () => {
    const on = async (date: string) =>
      (await api.graphql<{ studentStatusOn: Record<string, unknown> }>(province, 'query($id: ID!, $d: String!) { studentStatusOn(id: $id, date: $d) { registered attending phaseLabel schoolName majorName } }', { id: studentId, d: date }, await head())).data!.studentStatusOn;
    expect(await on(chinaDay(-6))).toEqual({ registered: false, attending: false, phaseLabel: '无学籍', schoolName: null, majorName: null });
    expect(await on(chinaDay(0))).toEqual({ registered: true, attending: true, phaseLabel: '在籍', schoolName: '贵阳市技师学院', majorName: '计算机网络应用' });
    expect((await api.graphql(province, 'query($id: ID!) { studentStatusOn(id: $id, date: "2026-02-30") { registered } }', { id: studentId })).errors![0]!.extensions.fields).toEqual([{ field: 'date', message: '查询日期不是有效日期' }]);
  });

  it('在校生统计: the students in school within scope, by class type, age band or school; another prefecture counts none', async () => {
    const stats = async (session: Session, groupBy: string) => (await api.graphql<{ studentStatistics: unknown[] }>(session, 'query($g: String!) { studentStatistics(groupBy: $g) { key label inSchool enrolled suspended } }', { g: groupBy }, await head())).data!.studentStatistics;
    expect(await stats(province, 'classType')).toEqual([{ key: 'advanced', label: '高级工班', inSchool: 1, enrolled: 1, suspended: 0 }]);
    expect(await stats(province, 'school')).toEqual([{ key: B, label: '贵阳市技师学院', inSchool: 1, enrolled: 1, suspended: 0 }]);
    expect(((await stats(guiyang, 'age')) as { label: string }[]).map((g) => g.label)).toEqual(['16-17岁']);
    expect(await stats(zunyi, 'poverty')).toEqual([]);
    expect((await api.graphql(province, '{ studentStatistics(groupBy: "height") { key } }')).errors![0]!.extensions.fields).toEqual([{ field: 'groupBy', message: '统计维度不在可选范围内' }]);
  });

  it('imports registrations from .xlsx: valid rows registered and submitted, a bad row reported', async () => {
    const header = ['*姓名', '*身份证号码', '联系电话', '*户口性质', '*建档立卡贫困户', '*入学前文化程度', '入学前就读学校', '家庭地址', '*专业代码', '*班级类型', '*学习形式', '*年级', '*入学日期', '学号', '人员类别'];
    const row = (name: string, id: string, major = '0301-4') => [name, id, '', '农业户口', '是', '初中', '', '', major, '中级工班', '全日制', chinaDay(0).slice(0, 4), chinaDay(-3), '', '贫困家庭子女'];
    const rows = [header, row('李明', idNumber('520102', '20090101', 153)), row('赵强', idNumber('520102', '20090102', 171), '9999')];
    const uploaded = await uploadFile(api.url, schoolB, '学籍注册.xlsx', await xlsxBytes([{ name: '学籍注册导入', rows }]));
    const started = await api.graphql<{ startImport: { id: string } }>(schoolB, 'mutation($f: ID!) { startImport(kind: "student", fileId: $f) { id } }', { f: uploaded.json.fileId });
    expect(started.errors).toBeUndefined();
    const job = await waitUntil(
      async () => (await api.graphql<{ importJob: { status: string; validRows: number; badRows: number; imported: number } }>(schoolB, `{ importJob(id: "${started.data!.startImport.id}") { status validRows badRows imported } }`)).data!.importJob,
      (j) => j?.status === 'completed' || j?.status === 'failed',
      { what: 'the student import to finish', timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(job).toEqual({ status: 'completed', validRows: 1, badRows: 1, imported: 1 });
    const listed = await api.graphql<{ students: { items: { name: string; status: string; reviewStatus: string; personCategory: string }[] } }>(schoolB, '{ students(filter: { status: "registering" }) { items { name status reviewStatus personCategory } } }', {}, await head());
    expect(listed.data!.students.items).toEqual([{ name: '李明', status: 'registering', reviewStatus: 'pending', personCategory: 'poor_family_child' }]);
  });

  it('prints the record card as a PDF, recording the print on the student\'s timeline; exports the list by filter and in full, masked', async () => {
    const printed = await api.graphql<{ exportStudentCard: { fileName: string; contentType: string; contentBase64: string } }>(schoolB, `mutation { exportStudentCard(id: "${studentId}") { fileName contentType contentBase64 } }`, {}, await head());
    expect(printed.errors).toBeUndefined();
    expect(printed.data!.exportStudentCard).toMatchObject({ fileName: '学籍卡-王小红.pdf', contentType: 'application/pdf' });
    const pdf = Buffer.from(printed.data!.exportStudentCard.contentBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await api.platform.store.readStream(`student-${studentId}`)).at(-1)).toMatchObject({ type: 'StudentCardExported', data: { schoolId: B } });

    const sheets = async (name: string, filter: Record<string, unknown>) => {
      const file = await download(api.url, schoolB, `/export/${name}.xlsx?filter=${encodeURIComponent(JSON.stringify(filter))}`);
      expect(file.status).toBe(200);
      return (await readXlsxBytes(file.buffer))[0]!.rows.map((r) => r.values);
    };
    const byFilter = await sheets('students', { status: 'enrolled' });
    expect(byFilter[0]).toEqual(['姓名', '身份证号码', '性别', '院校', '专业', '班级类型', '年级', '学籍状态', '审核状态']);
    expect(byFilter.slice(1).map((r) => [r[0], r[1]])).toEqual([['王小红', `${PERSON.slice(0, 6)}********${PERSON.slice(14)}`]]);
    const everything = await sheets('students-all', { status: 'enrolled' });
    expect(everything[0]).toContain('建档立卡贫困户');
    // 全部导出 ignores the filter: the registering student imported above is in it too.
    expect(everything.slice(1).map((r) => r[0]).sort()).toEqual(['李明', '王小红']);
    expect(JSON.stringify(everything)).not.toContain(PERSON);
  });

  it('outside its scope a student answers as missing, in lists, detail and status, and nothing is written', async () => {
    const after = await head();
    for (const session of [outsider, zunyi]) {
      expect((await api.graphql(session, STUDENT, { id: studentId }, after)).data).toEqual({ student: null });
      expect((await api.graphql<{ students: { total: number } }>(session, '{ students { total } }', {}, after)).data!.students.total).toBe(0);
      expect((await api.graphql(session, `{ studentStatusOn(id: "${studentId}", date: "2026-01-01") { registered } }`, {}, after)).data).toEqual({ studentStatusOn: null });
    }
    const before = (await api.platform.store.readStream(`student-${studentId}`)).length;
    const refused = await api.graphql(outsider, CHANGE, { id: studentId, i: { kind: 'withdraw', effectiveOn: chinaDay(0), reason: '冒名' } });
    expect(refused.errors![0]).toMatchObject({ message: '记录不存在或不在您的数据权限范围内', extensions: { code: 'NOT_FOUND' } });
    expect((await api.platform.store.readStream(`student-${studentId}`)).length).toBe(before);
  });

  it('毕结业: B applies for the student\'s graduation, its authorities approve; the graduation query finds the graduate and the status says 毕业', async () => {
    expect((await api.graphql(schoolB, CHANGE, { id: studentId, i: { kind: 'graduate', effectiveOn: chinaDay(0), reason: '修完全部课程，考核合格' } })).errors).toBeUndefined();
    await approve(guiyang, `student-${studentId}`);
    await approve(province, `student-${studentId}`);
    expect(await read(schoolB)).toMatchObject({ status: 'left', statusLabel: '已毕业', history: [{ endLabel: '转出' }, { schoolName: '贵阳市技师学院', endLabel: '毕业' }] });
    const year = Number(chinaDay(0).slice(0, 4));
    const graduates = await api.graphql<{ students: { items: { id: string; statusLabel: string }[] } }>(schoolB, 'query($y: Int) { students(filter: { leftAs: "graduated", leftYear: $y }) { items { id statusLabel } } }', { y: year }, await head());
    expect(graduates.data!.students.items).toEqual([{ id: studentId, statusLabel: '已毕业' }]);
    expect((await api.graphql<{ students: { total: number } }>(schoolB, '{ students(filter: { leftAs: "completed" }) { total } }')).data!.students.total).toBe(0);
    expect((await api.graphql(schoolB, '{ students(filter: { leftAs: "expelled" }) { total } }')).errors![0]!.extensions.fields).toEqual([{ field: 'leftAs', message: '离校方式不在可选范围内' }]);
  });

  it('an import refuses a second row of one person in the file and a person holding a status, writing nothing for them; the other rows are registered', async () => {
    const header = ['*姓名', '*身份证号码', '联系电话', '*户口性质', '*建档立卡贫困户', '*入学前文化程度', '入学前就读学校', '家庭地址', '*专业代码', '*班级类型', '*学习形式', '*年级', '*入学日期', '学号'];
    const row = (name: string, id: string) => [name, id, '', '农业户口', '否', '初中', '', '', '0301-4', '中级工班', '全日制', chinaDay(0).slice(0, 4), chinaDay(-3), ''];
    const twice = idNumber('520102', '20090103', 188);
    // A person registering at A (an active status) appears in B's file as row 4; rows 2 and 3 are one person.
    const held = idNumber('520102', '20090108', 235);
    const registration = registrationInputSchema(chinaDay(0)).parse({ ...testRegistration(held, majorA, { name: '钱进', enrolledOn: chinaDay(-3) }), phone: null });
    const atA = await api.platform.commands.students.register(A, registration, actingAs(`op-${A}`, A, 'school_operator'), { submit: true });
    const before = (await api.platform.store.readStream(atA.streamId)).length;
    const rows = [header, row('孙伟', twice), row('孙小伟', twice), row('钱进', held), row('周杰', idNumber('520102', '20090104', 196))];
    const uploaded = await uploadFile(api.url, schoolB, '学籍注册.xlsx', await xlsxBytes([{ name: '学籍注册导入', rows }]));
    const started = await api.graphql<{ startImport: { id: string } }>(schoolB, 'mutation($f: ID!) { startImport(kind: "student", fileId: $f) { id } }', { f: uploaded.json.fileId });
    expect(started.errors).toBeUndefined();
    type Job = { status: string; validRows: number; badRows: number; imported: number; skipped: number; skippedRows: { row: number; message: string }[] };
    const job = await waitUntil(
      async () => (await api.graphql<{ importJob: Job }>(schoolB, `{ importJob(id: "${started.data!.startImport.id}") { status validRows badRows imported skipped skippedRows { row message } } }`)).data!.importJob,
      (j) => j?.status === 'completed' || j?.status === 'failed',
      { what: 'the student import to finish', timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(job).toMatchObject({ status: 'completed', validRows: 3, badRows: 1, imported: 2, skipped: 1 });
    expect(job.skippedRows).toHaveLength(1);
    expect(job.skippedRows[0]!.row).toBe(4);
    expect(job.skippedRows[0]!.message).toMatch(/^该身份证号码在全省已有有效学籍（注册中、在籍或休学），不能重复注册/);
    expect((await api.platform.store.readStream(atA.streamId)).length).toBe(before);
    const listed = await api.graphql<{ students: { items: { name: string }[] } }>(schoolB, '{ students(filter: { status: "registering" }) { items { name } } }', {}, await head());
    const names = listed.data!.students.items.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['孙伟', '周杰']));
    expect(names).not.toContain('孙小伟');
  });

  it('a batch of registrations (the import\'s path): one status per ID number, against rows of the batch and a registration elsewhere a moment before', async () => {
    const asA = () => actingAs(`op-${A}`, A, 'school_operator');
    const input = (id: string, name: string, major = majorA) => registrationInputSchema(chinaDay(0)).parse({ ...testRegistration(id, major, { name, enrolledOn: chinaDay(-3) }), phone: null });
    const elsewhere = idNumber('520102', '20090105', 200);
    // Registered at B just now: the read side may not know it yet; the batch must refuse it all the same.
    const atB = await api.platform.commands.students.register(B, input(elsewhere, '吴刚', majorB), actingAs(`op-${B}`, B, 'school_operator'), { submit: true });
    const same = idNumber('520102', '20090106', 219);
    const fresh = idNumber('520102', '20090107', 227);
    const results = await api.platform.commands.students.registerMany(A, [
      { input: input(same, '郑洁'), request: asA() },
      { input: input(same, '郑小洁'), request: asA() },
      { input: input(elsewhere, '吴刚'), request: asA() },
      { input: input(fresh, '冯敏'), request: asA() },
    ]);
    const [first, second, third, fourth] = results;
    expect(first).not.toBeInstanceOf(Error);
    expect(fourth).not.toBeInstanceOf(Error);
    expect((second as Error).message).toBe('该学生已在本校注册中，请修改原注册记录');
    expect((third as Error).message).toMatch(/^该身份证号码在全省已有有效学籍/);
    const types = async (streamId: string) => (await api.platform.store.readStream(streamId)).map((e) => e.type);
    expect(await types((first as { streamId: string }).streamId)).toEqual(['StudentRegistered', 'ReviewSubmitted']);
    expect(await types(atB.streamId)).toEqual(['StudentRegistered', 'ReviewSubmitted']);
    expect((await api.platform.store.readStream(atB.streamId))[0]!.metadata.actorOrgId).toBe(B);
  });

  it('pages the list under every kind of sort without losing or repeating a student (ids first, or the joined rows for a sort by a joined name)', async () => {
    const settled = await head();
    type Page = { students: { total: number; items: { id: string; name: string; schoolName: string }[] } };
    const LIST = 'query($p: PageInput) { students(page: $p) { total items { id name schoolName } } }';
    for (const sort of [{}, { sortBy: 'name' }, { sortBy: 'name', sortOrder: 'DESC' }, { sortBy: 'schoolName' }, { sortBy: 'cohortYear' }]) {
      const all = await api.graphql<Page>(province, LIST, { p: { page: 1, pageSize: 200, ...sort } }, settled);
      expect([sort, all.errors]).toEqual([sort, undefined]);
      const { total, items } = all.data!.students;
      expect(items.length).toBe(total);
      expect(total).toBeGreaterThan(4);
      const paged: string[] = [];
      for (let page = 1; page <= Math.ceil(total / 3); page++) {
        const part = await api.graphql<Page>(province, LIST, { p: { page, pageSize: 3, ...sort } }, settled);
        expect(part.data!.students.total).toBe(total);
        paged.push(...part.data!.students.items.map((i) => i.id));
      }
      expect([sort, paged]).toEqual([sort, items.map((i) => i.id)]);
      expect(new Set(paged).size).toBe(total);
    }
  });

  it("pages a school user's list from the school's range of the owners index in the province's order (a change moves the student to the top)", async () => {
    type Page = { students: { total: number; items: { id: string }[] } };
    const LIST = 'query($p: PageInput) { students(page: $p) { total items { id } } }';
    const ids = async (session: typeof province, pageSize: number, page = 1) => {
      const answer = await api.graphql<Page>(session, LIST, { p: { page, pageSize } }, await head());
      expect(answer.errors).toBeUndefined();
      return answer.data!.students;
    };
    const ownOrder = async () => {
      const mine = await ids(schoolB, 200);
      const all = (await ids(province, 200)).items.map((i) => i.id);
      const set = new Set(mine.items.map((i) => i.id));
      // The province's list is one order over everybody: the school's list is that order, cut to the school.
      expect(mine.items.map((i) => i.id)).toEqual(all.filter((id) => set.has(id)));
      const paged: string[] = [];
      for (let page = 1; page <= Math.ceil(mine.total / 2); page++) paged.push(...(await ids(schoolB, 2, page)).items.map((i) => i.id));
      expect(paged).toEqual(mine.items.map((i) => i.id));
      return paged;
    };
    const asB = actingAs(`op-${B}`, B, 'school_operator');
    const input = (id: string, name: string) => registrationInputSchema(chinaDay(0)).parse({ ...testRegistration(id, majorB, { name, enrolledOn: chinaDay(-3) }), phone: null });
    const registered = [];
    for (const [i, name] of ['冯一', '冯二', '冯三'].entries()) registered.push((await api.platform.commands.students.register(B, input(idNumber('520102', '20090111', 300 + i * 7), name), asB, { submit: false })).streamId.slice('student-'.length));
    const before = await ownOrder();
    // The first registered is now below the two after it; cancelling its registration moves it to the top.
    expect(before.indexOf(registered[0]!)).toBe(before.indexOf(registered[2]!) + 2);
    expect((await api.graphql(schoolB, 'mutation($id: ID!) { cancelStudentRegistration(id: $id, reason: "重复录入") { revision } }', { id: registered[0] })).errors).toBeUndefined();
    expect((await ownOrder())[0]).toBe(registered[0]);
  });
});
