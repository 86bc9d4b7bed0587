// List exports over real HTTP: the same filters and data scope as the lists (two users, different
// rows), masked personal data only, errors as JSON with a Chinese message instead of a file, and
// every export recorded as an event.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { download, idNumber, readXlsxBytes, XLSX_TYPE } from '../../testing/spreadsheets';

const ENTER = 'mutation($i: TraineeInput!) { enterTrainee(input: $i, submit: true) { position } }';
const DECLARE = 'mutation($i: TeacherInput!) { declareTeacher(input: $i, submit: true) { position } }';
const FULL_ID = /\d{17}[\dX]/;

describe('list export (.xlsx)', () => {
  let api: ApiHarness;
  let nanming: Session;
  let yunyan: Session;
  let guiyang: Session;
  let systemAdmin: Session;
  const nanmingPeople = [
    { name: '欧阳娜娜', idNumber: idNumber('520102', '19980506', 122), personCategory: 'rural_migrant', phone: '13800138000', bankAccount: '6222020200000000006' },
    { name: '李四', idNumber: idNumber('520102', '19900101', 131), personCategory: 'graduate', phone: '13700137000' },
  ];
  const yunyanPeople = [{ name: '王五', idNumber: idNumber('520103', '19851120', 351), personCategory: 'other', phone: '13900001111' }];
  const teacher = (name: string, id: string, level: string) => ({ name, idNumber: id, fullTime: true, subjects: ['中式烹调', '面点'], level, trainingQualification: 'SYB讲师', yearsTeaching: 12 });
  const nanmingTeachers = [teacher('张伟', idNumber('520102', '19850315', 1), 'senior'), teacher('刘芳', idNumber('520102', '19900220', 2), 'junior')];
  const yunyanTeachers = [teacher('陈军', idNumber('520103', '19780101', 3), 'intermediate')];

  beforeAll(async () => {
    api = await startApiHarness();
    [nanming, yunyan, guiyang, systemAdmin] = await Promise.all([api.login('nanmingSchool'), api.login('yunyanSchool'), api.login('guiyangReviewer'), api.login('systemAdmin')]);
    let last = 0n;
    for (const [session, people] of [[nanming, nanmingPeople], [yunyan, yunyanPeople]] as const) {
      for (const person of people) {
        const entered = await api.graphql<{ enterTrainee: { position: string } }>(session, ENTER, { i: person });
        expect(entered.errors).toBeUndefined();
        last = BigInt(entered.data!.enterTrainee.position);
      }
    }
    for (const [session, teachers] of [[nanming, nanmingTeachers], [yunyan, yunyanTeachers]] as const) {
      for (const t of teachers) {
        const declared = await api.graphql<{ declareTeacher: { position: string } }>(session, DECLARE, { i: t });
        expect(declared.errors).toBeUndefined();
        last = BigInt(declared.data!.declareTeacher.position);
      }
    }
    await api.platform.runner.waitFor(last);
  });
  afterAll(async () => api.close());

  const exported = async (session: Session, path: string) => {
    const response = await download(api.url, session, path);
    expect([response.status, response.headers['content-type']]).toEqual([200, XLSX_TYPE]);
    const [sheet] = await readXlsxBytes(response.buffer);
    return sheet!.rows.map((r) => r.values);
  };

  it('exports what each user\'s list shows: different rows under different scopes, personal data masked', async () => {
    const own = await exported(nanming, '/export/trainees.xlsx');
    expect(own[0]).toEqual(['姓名', '身份证号码', '性别', '出生日期', '户籍地区代码', '人员类别', '联系电话', '银行账号', '审核状态', '录入机构', '多机构录入', '录入时间', '更新时间']);
    expect(own.slice(1).map((r) => r[0]).sort()).toEqual(['李四', '欧阳娜娜']);
    const nana = own.find((r) => r[0] === '欧阳娜娜')!;
    expect(nana.slice(1, 10)).toEqual(['520102********1224', '女', '1998-05-06', '520102', '农村转移就业劳动者', '138****8000', '6222***********0006', '审核中', '贵阳市南明区阳光职业技能培训学校（待审核）']);

    expect((await exported(yunyan, '/export/trainees.xlsx')).slice(1).map((r) => r[0])).toEqual(['王五']);
    const city = await exported(guiyang, '/export/trainees.xlsx');
    expect(city.slice(1).map((r) => r[0]).sort()).toEqual(['李四', '欧阳娜娜', '王五']);
    for (const row of city) for (const cell of row) expect(cell).not.toMatch(FULL_ID);
  });

  it('exports teachers the same way: each user\'s scope, the list\'s filters, the ID number masked', async () => {
    const own = await exported(nanming, '/export/teachers.xlsx');
    expect(own[0]).toEqual(['姓名', '身份证号码', '性别', '出生日期', '师资等级', '任课专业', '专兼职', '培训资格', '任教年限', '上岗资格证书编号', '认定日期', '师资库', '审核状态', '聘用机构', '撤销原因', '更新时间']);
    expect(own.slice(1).map((r) => r[0]).sort()).toEqual(['刘芳', '张伟']);
    const zhang = own.find((r) => r[0] === '张伟')!;
    const masked = `${nanmingTeachers[0]!.idNumber.slice(0, 6)}********${nanmingTeachers[0]!.idNumber.slice(14)}`;
    expect(zhang.slice(1, 14)).toEqual([masked, '男', '1985-03-15', '高级', '中式烹调、面点', '专职', 'SYB讲师', '12', '', '', '', '审核中', '贵阳市南明区阳光职业技能培训学校（待审核）']);

    expect((await exported(yunyan, '/export/teachers.xlsx')).slice(1).map((r) => r[0])).toEqual(['陈军']);
    const city = await exported(guiyang, '/export/teachers.xlsx');
    expect(city.slice(1).map((r) => r[0]).sort()).toEqual(['刘芳', '张伟', '陈军']);
    for (const row of city) for (const cell of row) expect(cell).not.toMatch(FULL_ID);

    const byLevel = encodeURIComponent(JSON.stringify({ level: 'junior' }));
    expect((await exported(guiyang, `/export/teachers.xlsx?filter=${byLevel}`)).slice(1).map((r) => r[0])).toEqual(['刘芳']);
    const byId = encodeURIComponent(JSON.stringify({ idNumber: yunyanTeachers[0]!.idNumber }));
    expect((await exported(guiyang, `/export/teachers.xlsx?filter=${byId}`)).slice(1).map((r) => r[0])).toEqual(['陈军']);
    expect((await exported(nanming, `/export/teachers.xlsx?filter=${byId}`)).slice(1)).toEqual([]);
    const refused = await download(api.url, systemAdmin, '/export/teachers.xlsx');
    expect([refused.status, refused.json.errors?.[0]?.message]).toEqual([403, '您没有“查看培训师资”权限']);
  });

  it('applies the list\'s own filters, exact ID-number lookup included', async () => {
    const filter = encodeURIComponent(JSON.stringify({ idNumber: nanmingPeople[1]!.idNumber }));
    expect((await exported(guiyang, `/export/trainees.xlsx?filter=${filter}`)).slice(1).map((r) => r[0])).toEqual(['李四']);
    const category = encodeURIComponent(JSON.stringify({ personCategory: 'other' }));
    expect((await exported(guiyang, `/export/trainees.xlsx?filter=${category}`)).slice(1).map((r) => r[0])).toEqual(['王五']);
    const institutions = await exported(yunyan, '/export/institutions.xlsx');
    expect(institutions.slice(1).map((r) => r[0])).toEqual(['贵阳市云岩区金桥职业培训学校']);
    expect(institutions[1]![9]).toBe('110105********002X');
  });

  it('answers with a JSON error in Chinese instead of a file when refused or asked wrongly', async () => {
    const refused = await download(api.url, systemAdmin, '/export/trainees.xlsx');
    expect([refused.status, refused.headers['content-type']?.startsWith('application/json'), refused.json.errors?.[0]?.message]).toEqual([403, true, '您没有“查看学员”权限']);
    const badJson = await download(api.url, guiyang, '/export/trainees.xlsx?filter={nope');
    expect([badJson.status, badJson.json.errors?.[0]?.message]).toEqual([400, '筛选条件 filter 不是合法的 JSON']);
    const badFilter = await download(api.url, guiyang, `/export/institutions.xlsx?filter=${encodeURIComponent(JSON.stringify({ validBefore: '2030/01/01' }))}`);
    expect([badFilter.status, badFilter.json.errors?.[0]?.message]).toEqual([400, '有效期截止日期格式应为 YYYY-MM-DD']);
    expect((await download(api.url, guiyang, '/export/users.xlsx')).status).toBe(404);
    expect((await download(api.url, undefined, '/export/trainees.xlsx')).status).toBe(401);
  });

  it('checks the filter with the list\'s own schema first: unknown keys, control characters and non-objects are refused, nothing recorded', async () => {
    const stream = `audit-export-${api.userIds.yunyanSchool}`;
    const before = (await api.platform.store.readStream(stream)).length;
    const filter = (value: unknown) => encodeURIComponent(JSON.stringify(value));
    const unknown = await download(api.url, yunyan, `/export/trainees.xlsx?filter=${filter({ personCategory: 'other', orgId: 'x', $where: '1=1' })}`);
    expect([unknown.status, unknown.json.errors?.[0]]).toEqual([
      400,
      {
        message: '筛选条件中有“学员”列表不支持的字段：orgId、$where',
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'filter.orgId', message: '“学员”列表没有筛选条件“orgId”' }, { field: 'filter.$where', message: '“学员”列表没有筛选条件“$where”' }] },
      },
    ]);
    // An escaped NUL survives the URL and arrives with JSON.parse; the list's schema checks only its length.
    const nul = await download(api.url, yunyan, `/export/teachers.xlsx?filter=${filter({ institutionId: 'a\u0000' })}`);
    expect([nul.status, nul.json.errors?.[0]?.message, nul.json.errors?.[0]?.extensions.fields]).toEqual([400, '筛选条件不能包含控制字符（U+0000）', [{ field: 'filter.institutionId', message: '筛选条件不能包含控制字符（U+0000）' }]]);
    const array = await download(api.url, yunyan, `/export/occupations.xlsx?filter=${filter([1])}`);
    expect([array.status, array.json.errors?.[0]?.message]).toEqual([400, '筛选条件 filter 应为 JSON 对象']);
    expect((await api.platform.store.readStream(stream)).length).toBe(before);
  });

  it('records the filter as the list parsed it, personal data masked, never the raw text', async () => {
    await exported(yunyan, `/export/trainees.xlsx?filter=${encodeURIComponent(JSON.stringify({ keyword: '  王  ', idNumber: yunyanPeople[0]!.idNumber }))}`);
    const events = await api.platform.store.readStream(`audit-export-${api.userIds.yunyanSchool}`);
    expect(events.at(-1)!.data).toEqual({ list: 'trainees', filter: { keyword: '王', idNumber: '520103********3516' }, format: 'xlsx' });
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(yunyanPeople[0]!.idNumber);
  });

  it('records each export as an event: who, which list, which filter', async () => {
    const events = await api.platform.store.readStream(`audit-export-${api.userIds.guiyangReviewer}`);
    expect(events.map((e) => e.data)).toContainEqual({ list: 'trainees', filter: { personCategory: 'other' }, format: 'xlsx' });
    expect(events.every((e) => e.type === 'ListExported' && e.metadata.actorId === api.userIds.guiyangReviewer)).toBe(true);
  });
});
