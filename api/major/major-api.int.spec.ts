// Majors and school teachers over real HTTP: a school declares a major and its authority approves it;
// teachers are added in an approved major, changed (retired) and removed as events, with ID number
// and phone masked; statistics by field, major and title; everything within the school's scope.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { createTestSchool, extraUser } from '../../testing/technical-school';

const DECLARE = 'mutation($i: MajorInput!, $s: Boolean) { declareMajor(input: $i, submit: $s) { id streamId position } }';
const ADD = 'mutation($i: SchoolTeacherInput!) { addSchoolTeacher(input: $i) { id streamId } }';
const major = { code: '0101-4', name: '机床切削加工（车工）', field: 'machinery', classTypes: ['advanced', 'intermediate'], durationYears: 3, enrolmentPlan: 120 };
const teacher = (majorId: string | null) => ({ name: '张伟', idNumber: '520102197701011231', phone: '13800138000', majorId, field: 'machinery', title: 'lecturer', education: 'bachelor', employment: 'active', hiredOn: '2005-09-01' });

describe('majors and school teachers (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let school: Session;
  let otherSchool: Session;
  let province: Session;
  let schoolId: string;
  let majorId: string;
  let teacherId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    // A school the province supervises directly: its records are reviewed by the province alone.
    schoolId = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52002' });
    const otherId = await createTestSchool(api.platform, { name: '遵义市技师学院', authorityId: ORGS.zunyi, code: '52003', divisionCode: '520300' });
    [school, otherSchool, province] = await Promise.all([
      extraUser(api, { username: 'jt_school', orgId: schoolId, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zy_school', orgId: otherId, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'sh_prov', orgId: ORGS.province, roles: ['reviewer'] }).then((u) => u.session),
    ]);
  });
  afterAll(async () => api.close());
  const head = () => api.settled();
  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);

  it('a school declares a major, the province approves it', async () => {
    const bad = await api.graphql(school, DECLARE, { i: { ...major, classTypes: [], durationYears: 9 } });
    expect(bad.errors![0]!.extensions.fields).toEqual([
      { field: 'classTypes', message: '请至少选择一个培养层次' },
      { field: 'durationYears', message: '学制（年）不能大于6' },
    ]);
    const declared = await api.graphql<{ declareMajor: { id: string; streamId: string } }>(school, DECLARE, { i: major, s: true });
    expect(declared.errors).toBeUndefined();
    majorId = declared.data!.declareMajor.id;
    const pending = await api.graphql<{ major: Record<string, unknown> }>(province, `{ major(id: "${majorId}") { name fieldLabel classTypeLabels reviewStatus reviewLevel approved { name } } }`, {}, await head());
    expect(pending.data!.major).toEqual({ name: '机床切削加工（车工）', fieldLabel: '机械类', classTypeLabels: ['中级工班', '高级工班'], reviewStatus: 'pending', reviewLevel: 'province', approved: null });
    expect((await api.graphql(province, `mutation { approveReview(streamId: "major-${majorId}", opinion: "同意开设") { revision } }`)).errors).toBeUndefined();
    const approved = await api.graphql<{ majors: { items: { id: string; approved: { code: string } }[] } }>(school, '{ majors(filter: { approvedOnly: true }) { items { id approved { code } } } }', {}, await head());
    expect(approved.data!.majors.items).toEqual([{ id: majorId, approved: { code: '0101-4' } }]);
    const stats = await api.graphql<{ majorStatistics: unknown[] }>(province, '{ majorStatistics { schoolName fieldLabel majors approved pending enrolmentPlan } }', {}, await head());
    expect(stats.data!.majorStatistics).toEqual([{ schoolName: '贵州省交通技师学院', fieldLabel: '机械类', majors: 1, approved: 1, pending: 0, enrolmentPlan: 120 }]);
  });

  it('adds a teacher in an approved major, masked; refuses a second entry of the same person and a foreign major', async () => {
    const added = await api.graphql<{ addSchoolTeacher: { id: string } }>(school, ADD, { i: teacher(majorId) });
    expect(added.errors).toBeUndefined();
    teacherId = added.data!.addSchoolTeacher.id;
    const read = await api.graphql<{ schoolTeacher: Record<string, unknown> }>(school, `{ schoolTeacher(id: "${teacherId}") { name idNumber phone sexLabel birthDate majorName fieldLabel titleLabel employmentLabel } }`, {}, await head());
    expect(read.data!.schoolTeacher).toEqual({ name: '张伟', idNumber: '520102********1231', phone: '138****8000', sexLabel: '男', birthDate: '1977-01-01', majorName: '机床切削加工（车工）', fieldLabel: '机械类', titleLabel: '讲师', employmentLabel: '在职' });

    const before = await eventCount();
    expect((await api.graphql(school, ADD, { i: teacher(majorId) })).errors![0]).toMatchObject({ message: '该教师已在本校教师名单中', extensions: { code: 'RULE_VIOLATION' } });
    expect((await api.graphql(otherSchool, ADD, { i: { ...teacher(majorId), idNumber: '520103197801011235' } })).errors![0]).toMatchObject({ message: '所属专业不是本院校已审批的专业' });
    expect((await api.graphql(school, ADD, { i: { ...teacher(null), idNumber: '520102197701011232' } })).errors![0]!.extensions.fields).toEqual([{ field: 'idNumber', message: '身份证号码校验位不正确，请逐位核对' }]);
    expect(await eventCount()).toBe(before);
    // The exact lookup goes by the blind index of the full number.
    const found = await api.graphql<{ schoolTeachers: { total: number } }>(school, '{ schoolTeachers(filter: { idNumber: "520102197701011231" }) { total } }', {}, await head());
    expect(found.data!.schoolTeachers.total).toBe(1);
  });

  it('retires and removes the teacher as events, and counts teachers by title and status', async () => {
    const retired = await api.graphql(school, 'mutation($id: ID!, $i: SchoolTeacherInput!) { updateSchoolTeacher(id: $id, input: $i) { revision } }', { id: teacherId, i: { ...teacher(majorId), idNumber: null, phone: null, employment: 'retired' } });
    expect(retired.errors).toBeUndefined();
    await api.graphql(school, ADD, { i: { ...teacher(majorId), name: '李娜', idNumber: '520103197801011235', title: 'senior_lecturer' } });
    const stats = await api.graphql<{ schoolTeacherStatistics: unknown[] }>(province, '{ schoolTeacherStatistics(groupBy: "title") { key label total active retired } }', {}, await head());
    expect(stats.data!.schoolTeacherStatistics).toEqual(
      expect.arrayContaining([
        { key: 'lecturer', label: '讲师', total: 1, active: 0, retired: 1 },
        { key: 'senior_lecturer', label: '高级讲师', total: 1, active: 1, retired: 0 },
      ]),
    );
    const byMajor = await api.graphql<{ schoolTeacherStatistics: unknown[] }>(school, '{ schoolTeacherStatistics(groupBy: "major") { label total } }', {}, await head());
    expect(byMajor.data!.schoolTeacherStatistics).toEqual([{ label: '机床切削加工（车工）', total: 2 }]);

    expect((await api.graphql(school, `mutation { removeSchoolTeacher(id: "${teacherId}", reason: "") { revision } }`)).errors![0]).toMatchObject({ message: '请填写移出原因' });
    expect((await api.graphql(school, `mutation { removeSchoolTeacher(id: "${teacherId}", reason: "退休返聘结束") { revision } }`)).errors).toBeUndefined();
    const after = await head();
    expect((await api.graphql<{ schoolTeachers: { total: number } }>(school, '{ schoolTeachers { total } }', {}, after)).data!.schoolTeachers.total).toBe(1);
    const removed = await api.graphql<{ schoolTeacher: Record<string, unknown> }>(school, `{ schoolTeacher(id: "${teacherId}") { status removalReason } }`, {}, after);
    expect(removed.data!.schoolTeacher).toEqual({ status: 'removed', removalReason: '退休返聘结束' });
    const types = (await api.platform.store.readStream(`school-teacher-${teacherId}`)).map((e) => e.type);
    expect(types).toEqual(['SchoolTeacherAdded', 'SchoolTeacherUpdated', 'SchoolTeacherRemoved']);
  });

  it('another school sees none of it, and cannot touch it', async () => {
    const after = await head();
    expect((await api.graphql(otherSchool, `{ major(id: "${majorId}") { id } }`, {}, after)).data).toEqual({ major: null });
    expect((await api.graphql(otherSchool, `{ schoolTeacher(id: "${teacherId}") { id } }`, {}, after)).data).toEqual({ schoolTeacher: null });
    expect((await api.graphql<{ majors: { total: number } }>(otherSchool, '{ majors { total } }', {}, after)).data!.majors.total).toBe(0);
    expect((await api.graphql<{ majorStatistics: unknown[] }>(otherSchool, '{ majorStatistics { majors } }', {}, after)).data!.majorStatistics).toEqual([]);
    expect((await api.graphql<{ schoolTeacherStatistics: unknown[] }>(otherSchool, '{ schoolTeacherStatistics(groupBy: "field") { total } }', {}, after)).data!.schoolTeacherStatistics).toEqual([]);
    const before = (await api.platform.store.readStream(`major-${majorId}`)).length;
    const edit = await api.graphql(otherSchool, 'mutation($id: ID!, $i: MajorInput!) { editMajor(id: $id, input: $i) { revision } }', { id: majorId, i: major });
    expect(edit.errors![0]).toMatchObject({ message: '记录不存在或不在您的数据权限范围内', extensions: { code: 'NOT_FOUND' } });
    expect((await api.platform.store.readStream(`major-${majorId}`)).length).toBe(before);
  });
});
