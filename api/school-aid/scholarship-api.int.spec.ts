// Scholarships over real HTTP (奖学金, issue 15 §4 with requirement 9(8)/(11)): the province sets a
// scholarship standard in tiers and its reviewer approves it; within the grant period a school
// applies for its student with a level and the grounds (refused without the grounds, with a hardship
// basis, for a student of a year the standard does not name); the province approves; the list, the
// totals and the aid statistics' kind carry 奖学金.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registrationInputSchema } from '../../domain/student/student-input';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { idNumber } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, testRegistration } from '../../testing/technical-school';

const YEAR = Number(chinaDay(0).slice(0, 4));
const SET = 'mutation($i: AidStandardInput!) { setAidStandard(input: $i, submit: true) { streamId } }';
const APPLY = 'mutation($i: SchoolAidInput!) { applySchoolAid(input: $i, submit: true) { id streamId } }';
const AID = 'query($id: ID!) { schoolAid(id: $id) { status kindLabel amountFen tierLabel basisLabel yearOfStudy note disbursements { on amountFen } } }';
const standard = (over: Record<string, unknown> = {}) => ({
  kind: 'scholarship',
  schoolYear: YEAR,
  termFrom: chinaDay(-100),
  termTo: chinaDay(200),
  grantTiers: [
    { tier: 'first', amountFen: '500000' },
    { tier: 'second', amountFen: '300000' },
  ],
  eligibleYears: [1],
  disbursementDates: [chinaDay(40)],
  note: '',
  ...over,
});

describe('scholarships (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let operator: Session;
  let reviewer: Session;
  let school: Session;
  let A: string;
  let student: string;

  beforeAll(async () => {
    api = await startApiHarness();
    A = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52401' });
    const major = await approvedTestMajor(api.platform, A, [ORGS.province]);
    await openTestWindow(api.platform, ORGS.province);
    // Approval reserves the amount on the province's 学生资助资金 of the year, as for a grant.
    await api.platform.commands.funds.allocate({ authorityId: ORGS.province, line: 'student_aid', year: YEAR, amountFen: 10_000_000, basis: '黔财教〔2026〕1号' }, actingAs('province-finance', ORGS.province, 'authority_operator'));
    const input = { ...testRegistration(idNumber('520102', '20100506', 191), major, { name: '王小红' }), phone: null };
    const registered = await api.platform.commands.students.register(A, registrationInputSchema(chinaDay(0)).parse(input), actingAs(`op-${A}`, A, 'school_operator'), { submit: true });
    await api.platform.commands.reviews.approve(registered.streamId, '同意', [], actingAs('rev', ORGS.province, 'reviewer'));
    student = registered.streamId.slice('student-'.length);
    [operator, reviewer, school] = await Promise.all([
      extraUser(api, { username: 'jx_sheng', orgId: ORGS.province, roles: ['authority_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'jx_shenhe', orgId: ORGS.province, roles: ['reviewer'] }).then((u) => u.session),
      extraUser(api, { username: 'jx_jt', orgId: A, roles: ['school_operator'] }).then((u) => u.session),
    ]);
  }, 120_000);
  afterAll(async () => api.close());
  const apply = (over: Record<string, unknown> = {}) =>
    api.graphql<{ applySchoolAid: { id: string; streamId: string } }>(school, APPLY, { i: { studentId: student, kind: 'scholarship', schoolYear: YEAR, tier: 'first', note: '全省技能大赛一等奖', ...over } });
  const approve = async (stream: string) => {
    const body = await api.graphql(reviewer, `mutation { approveReview(streamId: "${stream}", opinion: "同意") { revision } }`, {}, await api.settled());
    expect(body.errors).toBeUndefined();
  };

  it('the province sets the scholarship standard in tiers; its reviewer approves it', async () => {
    const noYears = await api.graphql(operator, SET, { i: standard({ eligibleYears: [] }) });
    expect(noYears.errors![0]!.extensions.fields).toEqual([{ field: 'eligibleYears', message: '请选择可享受奖学金的年级' }]);
    const set = await api.graphql<{ setAidStandard: { streamId: string } }>(operator, SET, { i: standard() });
    expect(set.errors).toBeUndefined();
    await approve(set.data!.setAidStandard.streamId);
    const read = await api.graphql<{ aidStandards: unknown[] }>(school, '{ aidStandards(kind: "scholarship") { kindLabel version approved { grantTiers { tierLabel amountFen } eligibleYears } } }', {}, await api.settled());
    expect(read.data!.aidStandards).toEqual([{ kindLabel: '奖学金', version: 1, approved: { grantTiers: [{ tierLabel: '一档', amountFen: '500000' }, { tierLabel: '二档', amountFen: '300000' }], eligibleYears: [1] } }]);
  });

  it('a school applies within the grant period with a level and its grounds; the province approves; list and totals show 奖学金', async () => {
    const noGrounds = await apply({ note: '' });
    expect(noGrounds.errors![0]!.extensions.fields).toEqual([{ field: 'note', message: '申请奖学金请在说明中写明评定理由（如成绩、竞赛获奖）' }]);
    const withBasis = await apply({ basis: 'subsistence' });
    expect(withBasis.errors![0]!.extensions.fields).toEqual([{ field: 'basis', message: '奖学金不按家庭经济困难认定，请不要填写认定依据' }]);
    // Outside the grant period (not opened yet) it is refused with that period named.
    expect((await apply()).errors![0]!.message).toBe('主管部门尚未开放助学金申报时间，当前不能办理助学金申报');
    await openTestWindow(api.platform, ORGS.province, 'grant');
    const applied = await apply();
    expect(applied.errors).toBeUndefined();
    const { id, streamId } = applied.data!.applySchoolAid;
    await approve(streamId);
    const shown = await api.graphql<{ schoolAid: unknown }>(school, AID, { id }, await api.settled());
    expect(shown.data!.schoolAid).toEqual({ status: 'approved', kindLabel: '奖学金', amountFen: '500000', tierLabel: '一档', basisLabel: null, yearOfStudy: 1, note: '全省技能大赛一等奖', disbursements: [{ on: chinaDay(40), amountFen: '500000' }] });
    const totals = await api.graphql<{ schoolAidTotals: unknown[] }>(reviewer, '{ schoolAidTotals(filter: { kind: "scholarship" }) { kindLabel applications approved approvedFen } }');
    expect(totals.data!.schoolAidTotals).toEqual([{ kindLabel: '奖学金', applications: 1, approved: 1, approvedFen: '500000' }]);
  });
});
