// Teachers over real HTTP: one person in the provincial pool however many institutions engage
// them, review by the supervising authority, qualification certification, tiered pool, revocation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';

const DECLARE = `mutation($i: TeacherInput!) { declareTeacher(input: $i, submit: true) { id streamId position } }`;
const teacher = {
  name: '张伟',
  idNumber: '520102198503150016',
  fullTime: true,
  subjects: ['中式烹调', '面点'],
  level: 'senior',
  trainingQualification: 'SYB讲师',
  yearsTeaching: 12,
  trainingHistory: [{ from: '2019-03', to: '2019-06', content: '创业培训师资提升班', organiser: '贵州省人社厅' }],
};
const DETAIL = `query($id: ID!) { teacher(id: $id) { name idNumber levelLabel subjects tierLabel qualificationCertificateNo revokedReason engagements { institutionName statusLabel } } }`;

describe('teachers (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let nanming: Session;
  let yunyan: Session;
  let nanmingCounty: Session;
  let yunyanCounty: Session;
  let id: string;
  let streamId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    [nanming, yunyan, nanmingCounty, yunyanCounty] = await Promise.all([api.login('nanmingSchool'), api.login('yunyanSchool'), api.login('nanmingReviewer'), api.login('yunyanReviewer')]);
  });
  afterAll(async () => api.close());

  /** Reviewers act on what their read models show: wait for the submission to be projected. */
  const head = () => api.settled();
  const approve = async (s: Session) => api.graphql<{ r: { position: string } }>(s, 'mutation($s: String!) { r: approveReview(streamId: $s, opinion: "同意") { position } }', { s: streamId }, await head());

  it('declares a teacher, reviewed by the county; a second institution engaging the same person joins the one record', async () => {
    const declared = await api.graphql<{ declareTeacher: { id: string; streamId: string } }>(nanming, DECLARE, { i: teacher });
    expect(declared.errors).toBeUndefined();
    ({ id, streamId } = declared.data!.declareTeacher);
    expect((await approve(nanmingCounty)).errors).toBeUndefined();
    const second = await api.graphql<{ declareTeacher: { id: string } }>(yunyan, DECLARE, { i: { ...teacher, idNumber: '５２０１０２１９８５０３１５００１６' } });
    expect(second.data!.declareTeacher.id).toBe(id);
    const final = await approve(yunyanCounty);
    const read = await api.graphql<{ teacher: Record<string, unknown> }>(yunyan, DETAIL, { id }, { 'x-read-after-position': final.data!.r.position });
    expect(read.data!.teacher).toMatchObject({
      name: '张伟',
      idNumber: '520102********0016',
      levelLabel: '高级',
      engagements: [
        { institutionName: '贵阳市南明区阳光职业技能培训学校', statusLabel: '已审核' },
        { institutionName: '贵阳市云岩区金桥职业培训学校', statusLabel: '已审核' },
      ],
    });
    expect(await api.platform.knex('rm.teachers').count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('an authority certifies the qualification and places the teacher in its own tier of the pool, not above it', async () => {
    const certified = await api.graphql(nanmingCounty, 'mutation($id: ID!) { certifyTeacherQualification(id: $id, certificateNo: "黔师资2026-0001", certifiedOn: "2026-11-20") { position } }', { id }, await head());
    expect(certified.errors).toBeUndefined();
    const tooHigh = await api.graphql(nanmingCounty, 'mutation($id: ID!) { assignTeacherPoolTier(id: $id, tier: "province") { position } }', { id });
    expect(tooHigh.errors![0]).toMatchObject({ message: '只能将教师纳入本级或下级师资库', extensions: { code: 'FORBIDDEN' } });
    const tier = await api.graphql<{ assignTeacherPoolTier: { position: string } }>(nanmingCounty, 'mutation($id: ID!) { assignTeacherPoolTier(id: $id, tier: "county") { position } }', { id });
    const read = await api.graphql<{ teacher: Record<string, unknown> }>(nanming, DETAIL, { id }, { 'x-read-after-position': tier.data!.assignTeacherPoolTier.position });
    expect(read.data!.teacher).toMatchObject({ tierLabel: '区县级师资库', qualificationCertificateNo: '黔师资2026-0001' });
    const school = await api.graphql(nanming, 'mutation($id: ID!) { assignTeacherPoolTier(id: $id, tier: "county") { position } }', { id });
    expect(school.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('an edit that leaves the ID number empty keeps it (the console holds it only masked); another number is refused', async () => {
    const UPDATE = 'mutation($id: ID!, $i: TeacherInput!) { updateTeacher(id: $id, input: $i) { revision position } }';
    const { idNumber: _full, ...rest } = teacher;
    const before = await api.platform.store.readStream(streamId);
    const declaredProfile = (before[0]!.data as { profile: { idNumber: { blindIndex: string } } }).profile;

    const kept = await api.graphql<{ updateTeacher: { position: string | null } }>(nanming, UPDATE, { id, i: { ...rest, idNumber: null, yearsTeaching: 13 } });
    expect(kept.errors).toBeUndefined();
    const after = await api.platform.store.readStream(streamId);
    expect(after).toHaveLength(before.length + 1);
    // The teacher is approved and shared: the edit is a change request, in force only once reviewed.
    expect(after.at(-1)).toMatchObject({
      type: 'TeacherProfileChangeProposed',
      data: {
        institutionId: 'inst-nanming-1',
        profile: { name: '张伟', yearsTeaching: 13, birthDate: '1985-03-15', sex: 'male', idNumber: { blindIndex: declaredProfile.idNumber.blindIndex, masked: '520102********0016' } },
      },
    });
    const read = await api.graphql<{ teacher: { idNumber: string } }>(nanming, 'query($id: ID!) { teacher(id: $id) { idNumber yearsTeaching pendingChange { yearsTeaching institutionName } } }', { id }, { 'x-read-after-position': kept.data!.updateTeacher.position! });
    expect(read.data!.teacher).toEqual({ idNumber: '520102********0016', yearsTeaching: 12, pendingChange: { yearsTeaching: 13, institutionName: '贵阳市南明区阳光职业技能培训学校' } });

    // Left out, empty, or given in full (full-width digits too): the same person, nothing changed, nothing written.
    for (const idNumber of [undefined, '', '５２０１０２１９８５０３１５００１６']) {
      const same = await api.graphql<{ updateTeacher: { position: string | null } }>(nanming, UPDATE, { id, i: { ...rest, ...(idNumber === undefined ? {} : { idNumber }), yearsTeaching: 13 } });
      expect([same.errors, same.data!.updateTeacher.position]).toEqual([undefined, null]);
    }
    const other = await api.graphql(nanming, UPDATE, { id, i: { ...rest, idNumber: '520102199805061224', yearsTeaching: 14 } });
    expect(other.errors![0]).toMatchObject({ message: '身份证号码不能修改' });
    const wrong = await api.graphql(nanming, UPDATE, { id, i: { ...rest, idNumber: '520102198503150017', yearsTeaching: 14 } });
    expect(wrong.errors![0]!.extensions.fields).toEqual([{ field: 'idNumber', message: '身份证号码校验位不正确，请逐位核对' }]);
    expect(await api.platform.store.readStream(streamId)).toHaveLength(after.length);
    // Declaring still needs the number.
    const declaring = await api.graphql(yunyan, DECLARE, { i: { ...rest, idNumber: null } });
    expect(declaring.errors![0]!.extensions.fields).toEqual([{ field: 'idNumber', message: '身份证号码不能为空' }]);
  });

  it('a revoked teacher leaves the default list and can be engaged by nobody', async () => {
    const revoked = await api.graphql<{ revokeTeacher: { position: string } }>(nanmingCounty, 'mutation($id: ID!) { revokeTeacher(id: $id, reason: "伪造培训经历") { position } }', { id }, await head());
    expect(revoked.errors).toBeUndefined();
    const list = await api.graphql<{ teachers: { total: number } }>(nanming, '{ teachers { total } }', {}, { 'x-read-after-position': revoked.data!.revokeTeacher.position });
    expect(list.data!.teachers.total).toBe(0);
    const again = await api.graphql(yunyan, 'mutation($id: ID!, $i: TeacherInput!) { updateTeacher(id: $id, input: $i) { position } }', { id, i: { ...teacher, yearsTeaching: 13 } });
    expect(again.errors![0]!.message).toBe('该教师已被撤销师资资格');
    expect(streamId).toBe(`teacher-${id}`);
  });
});
