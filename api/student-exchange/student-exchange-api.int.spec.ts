// The exchange with the national system over real HTTP: the province's operator exports approved
// registrations (.xlsx) and changes (CSV) in the documented field mapping, with the clear ID number,
// each export recorded with the students in it and the file's hash; submits them over the national
// interface (the stand-in of CONTRACT.md, reached by the real adapter); and reconciles the national
// list, from the interface and from an uploaded file, with ours. Not run against the national system.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { startNationalRegistryStandin, type NationalRegistryStandin } from '../../testing/national-registry-standin';
import { ORGS } from '../../testing/seed';
import { idNumber, readXlsxBytes, uploadFile, xlsxBytes } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, testRegistration } from '../../testing/technical-school';
import { registrationInputSchema } from '../../domain/student/student-input';
import { parseChangeInput } from '../../domain/student/student-change';

const ANA = idNumber('520102', '20090301', 181);
const BO = idNumber('520102', '20090302', 192);
const NOBODY = idNumber('520102', '20090303', 204);

describe('exchange with the national technical-school system (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let standin: NationalRegistryStandin;
  let operator: Session;
  let school: Session;
  let schoolId: string;
  const students: Record<string, string> = {};

  beforeAll(async () => {
    standin = await startNationalRegistryStandin({ appId: 'gz-skills', appSecret: 'national-secret', schools: ['52101'] });
    Object.assign(process.env, { NATIONAL_REGISTRY_URL: standin.url, NATIONAL_REGISTRY_APP_ID: 'gz-skills', NATIONAL_REGISTRY_APP_SECRET: 'national-secret' });
    api = await startApiHarness();
    for (const key of ['NATIONAL_REGISTRY_URL', 'NATIONAL_REGISTRY_APP_ID', 'NATIONAL_REGISTRY_APP_SECRET']) delete process.env[key];
    schoolId = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52101' });
    const majorId = await approvedTestMajor(api.platform, schoolId, [ORGS.province]);
    await openTestWindow(api.platform, ORGS.province);
    const asSchool = actingAs('op-school', schoolId, 'school_operator');
    const asProvince = actingAs('rev-province', ORGS.province, 'reviewer');
    for (const [name, id] of [['安娜', ANA], ['薄波', BO]] as const) {
      const input = registrationInputSchema(chinaDay(0)).parse(testRegistration(id, majorId, { name, studentNumber: `S-${name}` }));
      const registered = await api.platform.commands.students.register(schoolId, input, { ...asSchool, commandId: `${asSchool.commandId}-${name}` }, { submit: true });
      students[name] = registered.streamId.slice('student-'.length);
      await api.platform.commands.reviews.approve(registered.streamId, '同意', [], { ...asProvince, commandId: `${asProvince.commandId}-${name}` });
    }
    // 薄波 is suspended (a change to report).
    await api.platform.commands.students.applyForChange(students['薄波']!, schoolId, parseChangeInput({ kind: 'suspend', effectiveOn: chinaDay(0), reason: '因病休学' }), { ...asSchool, commandId: `${asSchool.commandId}-suspend` }, { submit: true });
    await api.platform.commands.reviews.approve(`student-${students['薄波']!}`, '同意', [], { ...asProvince, commandId: `${asProvince.commandId}-suspend` });
    [operator, school] = await Promise.all([
      extraUser(api, { username: 'sq_province', orgId: ORGS.province, roles: ['authority_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'jt_exchange', orgId: schoolId, roles: ['school_operator'] }).then((u) => u.session),
    ]);
    await api.settled();
  });
  afterAll(async () => {
    await api?.close();
    await standin?.close();
  });
  const EXPORT = 'mutation($k: String!, $f: String!, $filter: NationalExchangeFilter) { exportForNationalSystem(kind: $k, format: $f, filter: $filter) { fileName contentType contentBase64 count result { id } } }';

  it('exports approved registrations as .xlsx in the documented mapping, recorded with the students in it and the file\'s hash', async () => {
    const body = await api.graphql<{ exportForNationalSystem: { fileName: string; contentBase64: string; count: number; result: { id: string } } }>(operator, EXPORT, { k: 'registrations', f: 'xlsx', filter: { schoolId } });
    expect(body.errors).toBeUndefined();
    const { fileName, contentBase64, count, result } = body.data!.exportForNationalSystem;
    expect([fileName, count]).toEqual(['全国系统报送-学籍注册.xlsx', 2]);
    const bytes = Buffer.from(contentBase64, 'base64');
    const [sheet, help] = await readXlsxBytes(bytes);
    expect(sheet!.rows[0]!.values).toEqual(['XXDM', 'XXMC', 'XH', 'XM', 'SFZH', 'XB', 'CSRQ', 'HKXZ', 'JDLK', 'ZYDM', 'ZYMC', 'PYCC', 'XXXS', 'RXNF', 'RXRQ', 'XJZT']);
    const rows = sheet!.rows.slice(1).map((r) => r.values).sort((a, b) => a[3]!.localeCompare(b[3]!));
    expect(rows.map((r) => [r[0], r[2], r[3], r[4], r[5], r[6], r[9], r[15]])).toEqual(
      expect.arrayContaining([
        ['52101', 'S-安娜', '安娜', ANA, '1', '20090301', '0101-4', '01'],
        ['52101', 'S-薄波', '薄波', BO, '2', '20090302', '0101-4', '02'],
      ]),
    );
    expect(help!.rows[1]!.values).toEqual(['XXDM', '学校代码']);
    const [event] = await api.platform.store.readStream(`student-exchange-${result.id}`);
    expect(event).toMatchObject({ type: 'StudentDataExported', data: { kind: 'registrations', channel: 'xlsx', count: 2, sha256: createHash('sha256').update(bytes).digest('hex') } });
    expect([...(event!.data as { studentIds: string[] }).studentIds].sort()).toEqual([students['安娜'], students['薄波']].sort());
  });

  it('exports the approved changes of a period as CSV (UTF-8 with BOM)', async () => {
    const body = await api.graphql<{ exportForNationalSystem: { contentBase64: string; count: number } }>(operator, EXPORT, { k: 'changes', f: 'csv', filter: { from: chinaDay(-1), to: chinaDay(1) } });
    const csv = Buffer.from(body.data!.exportForNationalSystem.contentBase64, 'base64');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8').split('\r\n')).toEqual([
      'XXDM,XM,SFZH,YDLB,YDRQ,YDYY,DFXXDM,YZYDM,XZYDM,XNJ',
      `52101,薄波,${BO},21,${chinaDay(0).replaceAll('-', '')},因病休学,,,,`,
      '',
    ]);
    const none = await api.graphql<{ exportForNationalSystem: { count: number } }>(operator, EXPORT, { k: 'changes', f: 'csv', filter: { from: chinaDay(5), to: chinaDay(9) } });
    expect(none.data!.exportForNationalSystem.count).toBe(0);
  });

  it('submits over the national interface and reconciles with its list: matched, differing, only on one side', async () => {
    const submitted = await api.graphql<{ submitToNationalSystem: { count: number; accepted: number; rejected: unknown[]; batchId: string } }>(operator, 'mutation { submitToNationalSystem(kind: "registrations") { count accepted rejected { name code } batchId } }');
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitToNationalSystem).toEqual({ count: 2, accepted: 2, rejected: [], batchId: 'B000001' });
    expect(standin.registrations.get(ANA)).toMatchObject({ XM: '安娜', XJZT: '01' });
    // The national side differs for 薄波, and knows someone we do not.
    standin.registrations.get(BO)!.XJZT = '01';
    standin.registrations.set(NOBODY, { XXDM: '52101', XM: '无名', SFZH: NOBODY, ZYDM: '0101-4', XJZT: '01', RXNF: '2026', PYCC: '1', XXXS: '1' });
    const reconciled = await api.graphql<{ reconcileWithNationalSystem: Record<string, unknown> }>(
      operator,
      `mutation { reconcileWithNationalSystem(schoolId: "${schoolId}") { rows matched differingCount onlyNationalCount onlyOursCount differing { name idNumber differences { label ours theirs } } onlyNational { name idNumber } reportBase64 } }`,
    );
    expect(reconciled.errors).toBeUndefined();
    const r = reconciled.data!.reconcileWithNationalSystem;
    expect(r).toMatchObject({
      rows: 3,
      matched: 1,
      differingCount: 1,
      onlyNationalCount: 1,
      onlyOursCount: 0,
      differing: [{ name: '薄波', idNumber: `${BO.slice(0, 6)}********${BO.slice(14)}`, differences: [{ label: '学籍状态', ours: '02', theirs: '01' }] }],
      onlyNational: [{ name: '无名', idNumber: `${NOBODY.slice(0, 6)}********${NOBODY.slice(14)}` }],
    });
    const report = await readXlsxBytes(Buffer.from(r.reportBase64 as string, 'base64'));
    expect(report.map((s) => s.name)).toEqual(['汇总', '信息不一致', '仅全国系统有', '仅本系统有']);
  });

  it('reconciles an uploaded national list (.xlsx): one in both, one only national, one only ours', async () => {
    const rows = [
      ['学校代码', '姓名', '身份证号', '专业代码', '学籍状态', '入学年份', '培养层次', '学习形式'],
      ['52101', '安娜', ANA, '0101-4', '01', chinaDay(0).slice(0, 4), '1', '1'],
      ['52101', '无名', NOBODY, '0101-4', '01', '2026', '1', '1'],
    ];
    const uploaded = await uploadFile(api.url, operator, '全国系统学生名单.xlsx', await xlsxBytes([{ name: '学生名单', rows }]));
    expect(uploaded.status).toBe(201);
    const body = await api.graphql<{ reconcileNationalList: Record<string, unknown> }>(operator, 'mutation($f: ID!) { reconcileNationalList(fileId: $f) { rows matched differingCount onlyNationalCount onlyOursCount onlyOurs { name studentId } } }', { f: uploaded.json.fileId });
    expect(body.errors).toBeUndefined();
    expect(body.data!.reconcileNationalList).toEqual({ rows: 2, matched: 1, differingCount: 0, onlyNationalCount: 1, onlyOursCount: 1, onlyOurs: [{ name: '薄波', studentId: students['薄波'] }] });
    const history = await api.graphql<{ studentExchanges: { typeLabel: string; count: number }[] }>(operator, '{ studentExchanges { typeLabel count } }', {}, await api.settled());
    expect(history.data!.studentExchanges.map((e) => e.typeLabel)).toEqual(['与全国系统学生名单比对', '与全国系统学生名单比对', '向全国系统报送学籍数据', '向全国系统报送学籍数据', '向全国系统报送学籍数据', '向全国系统报送学籍数据']);
  });

  it('a school may not exchange, nor a school outside the operator\'s scope be named; nothing is written', async () => {
    // (Logging in is itself recorded: before counting.)
    const county = await api.login('nanmingRegistrar');
    const before = Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);
    expect((await api.graphql(school, EXPORT, { k: 'registrations', f: 'xlsx' })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    const foreign = await api.graphql(county, EXPORT, { k: 'registrations', f: 'xlsx', filter: { schoolId } });
    expect(foreign.errors![0]).toMatchObject({ message: '记录不存在或不在您的数据权限范围内' });
    expect((await api.graphql(operator, EXPORT, { k: 'registrations', f: 'pdf' })).errors![0]!.extensions.fields).toEqual([{ field: 'format', message: '文件格式不在可选范围内' }]);
    expect(Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n)).toBe(before);
  });
});
