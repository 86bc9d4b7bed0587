// Graduates' employment, the 9(11) statistics and the skilled-talent report over real HTTP (issue
// 15 §6): a school records its graduates' destinations (refused for a student still in school, for
// another school's graduate, with the fields a destination needs missing); a correction carries its
// reason; the employment, in-school and aid statistics sum the counters the projection keeps, and
// answer the same in the .xlsx; the talent report lists the graduates, masked; an authority of
// another prefecture sees, counts and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseChangeInput } from '../../domain/student/student-change';
import { registrationInputSchema } from '../../domain/student/student-input';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { download, idNumber, readXlsxBytes } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, seedSchoolAid, testRegistration } from '../../testing/technical-school';

const RECORD = 'mutation($s: ID!, $i: EmploymentInput!) { recordEmployment(studentId: $s, input: $i) { id revision } }';
const CORRECT = 'mutation($s: ID!, $i: EmploymentInput!, $r: String!) { correctEmployment(studentId: $s, input: $i, reason: $r) { id revision } }';
const EMPLOYMENT = 'query($id: ID!) { employment(id: $id) { studentName idNumber schoolName majorName outcomeLabel destinationLabel employer employedOn monthlyPayFen certificates { occupation levelLabel number } } }';
const EMPLOYMENT_STATS = 'query($g: String!) { employmentStatistics(groupBy: $g) { key label graduates recorded employed selfEmployed furtherStudy seeking employmentRate averagePayFen } }';
const employed = { destination: 'employed', employer: '贵州轮胎股份有限公司', position: '数控操作工', employedOn: chinaDay(0), monthlyPayFen: '450000', certificates: [{ occupation: '车工', level: '4', number: 'S000052010001', issuedOn: chinaDay(-10) }] };
const PEOPLE = [idNumber('520102', '20050506', 131), idNumber('520103', '20050708', 142), idNumber('520102', '20090101', 153)];

describe('graduates\' employment, statistics and talent report (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let school: Session;
  let outsider: Session;
  let province: Session;
  let zunyi: Session;
  let A: string;
  let graduates: string[];
  let inSchool: string;
  let majorId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    A = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52301' });
    const C = await createTestSchool(api.platform, { name: '遵义市技师学院', authorityId: ORGS.zunyi, code: '52303', divisionCode: '520300' });
    const major = await approvedTestMajor(api.platform, A, [ORGS.province]);
    majorId = major;
    await openTestWindow(api.platform, ORGS.province);
    // A fresh request (and command id) per command: a repeated command id is answered as already done.
    const as = () => actingAs(`op-${A}`, A, 'school_operator');
    const rev = () => actingAs('rev', ORGS.province, 'reviewer');
    const ids: string[] = [];
    for (const [i, number] of PEOPLE.entries()) {
      // 王小红 is registered with her 人员类别 (the person_category dictionary), the others without.
      const input = registrationInputSchema(chinaDay(0)).parse({ ...testRegistration(number, major, { name: ['王小红', '李明', '赵强'][i], personCategory: i === 0 ? 'poor_family_child' : null }), phone: i === 0 ? '13800138000' : null });
      ids.push((await api.platform.commands.students.register(A, input, as(), { submit: true })).streamId.slice('student-'.length));
    }
    // Two graduate; the third stays in school with a grant applied for (the seed approves its registration).
    for (const id of ids.slice(0, 2)) {
      await api.platform.commands.reviews.approve(`student-${id}`, '同意', [], rev());
      const change = await api.platform.commands.students.applyForChange(id, A, parseChangeInput({ kind: 'graduate', effectiveOn: chinaDay(0), reason: '修完全部课程' }), as(), { submit: true });
      await api.platform.commands.reviews.approve(change.streamId, '同意', [], rev());
    }
    graduates = ids.slice(0, 2);
    inSchool = ids[2]!;
    await seedSchoolAid(api.platform, A, inSchool, [ORGS.province]);
    [school, outsider, province] = await Promise.all([
      extraUser(api, { username: 'jt_emp', orgId: A, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zy_emp', orgId: C, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'sh_emp', orgId: ORGS.province, roles: ['reviewer'] }).then((u) => u.session),
    ]);
    zunyi = await api.login('zunyiReviewer');
  });
  afterAll(async () => api.close());
  const head = () => api.settled();
  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);

  it('the school records a graduate\'s employment as an event; the record reads back masked, in scope only', async () => {
    const recorded = await api.graphql(school, RECORD, { s: graduates[0], i: employed });
    expect(recorded.errors).toBeUndefined();
    expect((await api.platform.store.readStream(`employment-${graduates[0]}`)).map((e) => e.type)).toEqual(['EmploymentRecorded']);
    const read = async (session: Session) => (await api.graphql<{ employment: Record<string, unknown> | null }>(session, EMPLOYMENT, { id: graduates[0] }, await head())).data!.employment;
    expect(await read(school)).toEqual({
      studentName: '王小红',
      idNumber: `${PEOPLE[0]!.slice(0, 6)}********${PEOPLE[0]!.slice(14)}`,
      schoolName: '贵州省交通技师学院',
      majorName: '机床切削加工（车工）',
      outcomeLabel: '毕业',
      destinationLabel: '单位就业',
      employer: '贵州轮胎股份有限公司',
      employedOn: chinaDay(0),
      monthlyPayFen: '450000',
      certificates: [{ occupation: '车工', levelLabel: '四级/中级工', number: 'S000052010001' }],
    });
    expect(await read(province)).toMatchObject({ employer: '贵州轮胎股份有限公司' });
    expect(await read(zunyi)).toBeNull();
    const list = async (session: Session) => (await api.graphql<{ employments: { total: number } }>(session, '{ employments { total } }', {}, await head())).data!.employments.total;
    expect([await list(school), await list(province), await list(zunyi)]).toEqual([1, 1, 0]);
  });

  it('refuses a student still in school, another school, and missing fields, writing nothing', async () => {
    const before = await eventCount();
    const notGraduate = await api.graphql(school, RECORD, { s: inSchool, i: employed });
    expect(notGraduate.errors![0]!.message).toBe('该学生尚未毕业或结业，不能登记就业情况');
    const foreign = await api.graphql(outsider, RECORD, { s: graduates[1], i: employed });
    expect(foreign.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const missing = await api.graphql(school, RECORD, { s: graduates[1], i: { destination: 'employed', employer: '某公司' } });
    expect(missing.errors![0]!.extensions.fields).toEqual([
      { field: 'employedOn', message: '就业须填写就业日期' },
      { field: 'monthlyPayFen', message: '就业须填写月收入' },
    ]);
    const decimal = await api.graphql(school, RECORD, { s: graduates[1], i: { ...employed, monthlyPayFen: '4500.50' } });
    expect(decimal.errors![0]!.extensions.fields).toEqual([{ field: 'monthlyPayFen', message: '月收入必须是整数（单位：分），不能有小数、符号或空格' }]);
    const noReason = await api.graphql(school, CORRECT, { s: graduates[0], i: employed, r: ' ' });
    expect(noReason.errors![0]!.extensions.fields).toEqual([{ field: 'reason', message: '更正原因不能为空' }]);
    expect(await eventCount()).toBe(before);
  });

  it('a correction carries its reason; employment statistics per school and major, the same in the .xlsx; none for another prefecture', async () => {
    expect((await api.graphql(school, CORRECT, { s: graduates[0], i: { ...employed, monthlyPayFen: '420000' }, r: '月收入录入错误' })).errors).toBeUndefined();
    expect((await api.platform.store.readStream(`employment-${graduates[0]}`)).at(-1)).toMatchObject({ type: 'EmploymentCorrected', data: { reason: '月收入录入错误' } });
    expect((await api.graphql(school, RECORD, { s: graduates[1], i: { destination: 'further_study', furtherStudySchool: '贵州理工学院' } })).errors).toBeUndefined();

    const stats = async (session: Session, groupBy: string) => (await api.graphql<{ employmentStatistics: unknown[] }>(session, EMPLOYMENT_STATS, { g: groupBy }, await head())).data!.employmentStatistics;
    const row = { graduates: 2, recorded: 2, employed: 1, selfEmployed: 0, furtherStudy: 1, seeking: 0, employmentRate: 50, averagePayFen: '420000' };
    expect(await stats(province, 'school')).toEqual([{ key: A, label: '贵州省交通技师学院', ...row }]);
    expect(await stats(school, 'major')).toMatchObject([{ label: '机床切削加工（车工）', ...row }]);
    expect(await stats(zunyi, 'school')).toEqual([]);
    expect((await api.graphql(province, '{ employmentStatistics(groupBy: "height") { key } }')).errors![0]!.extensions.fields).toEqual([{ field: 'groupBy', message: '统计维度不在可选范围内' }]);

    const file = await download(api.url, province, `/export/employment-statistics.xlsx?filter=${encodeURIComponent(JSON.stringify({ groupBy: 'school' }))}`);
    expect(file.status).toBe(200);
    expect((await readXlsxBytes(file.buffer))[0]!.rows.map((r) => r.values)).toEqual([
      ['分组', '毕业生', '已登记', '单位就业', '自主创业', '升学', '待就业', '就业率(%)', '平均月收入'],
      // The reader returns cells as the text a person sees.
      ['贵州省交通技师学院', '2', '2', '1', '0', '1', '0', '50.0', '4,200.00元'],
    ]);
  });

  it('in-school and aid statistics from the counters: approved and waiting apart, in fen; another prefecture counts none', async () => {
    const students = async (session: Session) => (await api.graphql<{ studentStatistics: unknown[] }>(session, '{ studentStatistics(groupBy: "classType") { label inSchool enrolled suspended } }', {}, await head())).data!.studentStatistics;
    expect(await students(province)).toEqual([{ label: '中级工班', inSchool: 1, enrolled: 1, suspended: 0 }]);
    expect(await students(zunyi)).toEqual([]);
    const aid = async (session: Session) => (await api.graphql<{ aidStatistics: unknown[] }>(session, '{ aidStatistics(groupBy: "kind") { label kind approvedCount approvedFen pendingCount pendingFen } }', {}, await head())).data!.aidStatistics;
    // The application waits for its authority (approval, which also needs the aid fund, is counted
    // by the projection spec and school-statistics.unit.spec.ts).
    expect(await aid(province)).toEqual([{ label: '国家助学金', kind: 'grant', approvedCount: 0, approvedFen: '0', pendingCount: 1, pendingFen: '200000' }]);
    expect(await aid(zunyi)).toEqual([]);
    const file = await download(api.url, province, `/export/aid-statistics.xlsx?filter=${encodeURIComponent(JSON.stringify({ groupBy: 'school' }))}`);
    expect((await readXlsxBytes(file.buffer))[0]!.rows.map((r) => r.values)).toEqual([
      ['分组', '已批准人次', '已批准金额', '待审批人次', '待审批金额'],
      ['贵州省交通技师学院', '0', '0.00元', '1', '2,000.00元'],
    ]);
  });

  it('9(12) skilled-talent report: the graduates with their records, masked, in the .xlsx too; another prefecture sees none', async () => {
    const TALENTS = '{ graduateTalents { total items { name idNumber householdTypeLabel personCategory povertyRegistered previousSchool educationLabel address majorName outcomeLabel schoolName schoolNatureLabel authorityName destinationLabel employer monthlyPayFen furtherStudySchool phone } } }';
    const talents = async (session: Session) => {
      const body = await api.graphql<{ graduateTalents: { total: number; items: Record<string, unknown>[] } }>(session, TALENTS, {}, await head());
      expect(body.errors).toBeUndefined();
      return body.data!.graduateTalents;
    };
    const mine = await talents(school);
    expect(mine.total).toBe(2);
    const wang = mine.items.find((t) => t.name === '王小红');
    expect(wang).toEqual({
      name: '王小红',
      idNumber: `${PEOPLE[0]!.slice(0, 6)}********${PEOPLE[0]!.slice(14)}`,
      householdTypeLabel: '农业户口',
      personCategory: '贫困家庭子女',
      povertyRegistered: true,
      previousSchool: '贵阳市第一中学',
      educationLabel: '初中',
      address: '贵州省贵阳市南明区',
      majorName: '机床切削加工（车工）',
      outcomeLabel: '毕业',
      schoolName: '贵州省交通技师学院',
      schoolNatureLabel: '公办',
      authorityName: '贵州省人力资源和社会保障厅',
      destinationLabel: '单位就业',
      employer: '贵州轮胎股份有限公司',
      monthlyPayFen: '420000',
      furtherStudySchool: null,
      phone: '138****8000',
    });
    expect(mine.items.find((t) => t.name === '李明')).toMatchObject({ personCategory: null, destinationLabel: '升学', furtherStudySchool: '贵州理工学院', employer: null });
    expect((await talents(zunyi)).total).toBe(0);
    expect((await api.graphql<{ graduateTalents: { total: number } }>(school, '{ graduateTalents(filter: { recorded: false }) { total } }')).data!.graduateTalents.total).toBe(0);

    const file = await download(api.url, school, `/export/graduate-talents.xlsx?filter=${encodeURIComponent(JSON.stringify({ keyword: '王' }))}`);
    const rows = (await readXlsxBytes(file.buffer))[0]!.rows.map((r) => r.values);
    expect(rows[0]).toEqual(['姓名', '身份证号码', '性别', '户口性质', '人员类别', '建档立卡贫困户', '入学前就读学校', '入学前文化程度', '家庭地址', '专业', '毕业时间', '毕结业', '毕业证书编号', '毕业院校', '院校性质', '主管部门', '升学院校', '毕业去向', '就业单位', '月收入', '技能等级证书', '联系电话']);
    expect(rows.slice(1).map((r) => [r[0], r[4], r[18], r[19], r[20]])).toEqual([['王小红', '贫困家庭子女', '贵州轮胎股份有限公司', '4,200.00元', '车工（四级/中级工）S000052010001']]);
    expect(JSON.stringify(rows)).not.toContain(PEOPLE[0]);
  });

  it('人员类别 is a person_category code: one not in the dictionary is refused in Chinese, nothing written', async () => {
    const before = await eventCount();
    const input = registrationInputSchema(chinaDay(0)).parse({ ...testRegistration(idNumber('520102', '20080303', 301), majorId, { name: '钱七', personCategory: 'no_such_category' }), phone: null });
    await expect(api.platform.commands.students.register(A, input, actingAs(`op-${A}`, A, 'school_operator'))).rejects.toMatchObject({ fields: [{ field: 'personCategory', message: '人员类别不在字典中' }] });
    expect(await eventCount()).toBe(before);
  });

  it('9(13) full-text search over the school\'s records (school, major, student, employment) under scope; the hits as an .xlsx report', async () => {
    const SEARCH = 'query($q: String!) { search(q: $q) { total items { module moduleLabel title subtitle } } }';
    const search = async (session: Session, q: string) => {
      const body = await api.graphql<{ search: { total: number; items: { module: string; moduleLabel: string; title: string; subtitle: string }[] } }>(session, SEARCH, { q }, await head());
      expect(body.errors).toBeUndefined();
      return body.data!.search;
    };
    const byProvince = await search(province, '王小红');
    expect(byProvince.items.map((h) => [h.module, h.title]).sort()).toEqual([
      ['employment', '王小红·就业情况'],
      ['student', '王小红'],
    ]);
    expect(byProvince.items.find((h) => h.module === 'student')!.subtitle).toContain('********');
    expect((await search(school, '贵州轮胎')).items.map((h) => h.title)).toEqual(['王小红·就业情况']);
    expect((await search(province, '交通技师学院')).items.map((h) => h.module)).toContain('technical-school');
    expect((await search(province, '车工')).items.map((h) => h.module).sort()).toEqual(['employment', 'major']);
    expect((await search(zunyi, '王小红')).total).toBe(0);
    expect((await search(zunyi, '交通技师学院')).total).toBe(0);

    const file = await download(api.url, province, `/export/search-results.xlsx?filter=${encodeURIComponent(JSON.stringify({ q: '王小红' }))}`);
    expect(file.status).toBe(200);
    const rows = (await readXlsxBytes(file.buffer))[0]!.rows.map((r) => r.values);
    expect(rows[0]).toEqual(['序号', '类别', '名称', '摘要', '记录编号']);
    expect(rows.slice(1).map((r) => r[2]).sort()).toEqual(['王小红', '王小红·就业情况']);
    const outside = await download(api.url, zunyi, `/export/search-results.xlsx?filter=${encodeURIComponent(JSON.stringify({ q: '王小红' }))}`);
    expect((await readXlsxBytes(outside.buffer))[0]!.rows.length).toBe(1);
  });
});
