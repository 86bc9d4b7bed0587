// Tuition waivers and grants over real HTTP (issue 15 §4): the province sets the grant standard and
// its reviewer approves it; a school applies for its students within the grant period (refused
// outside it, before the standard is approved, twice, for a suspended student), the amount in fen
// from the standard and the student's status; the province approves; the totals; a school of
// another prefecture sees nothing and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseChangeInput } from '../../domain/student/student-change';
import { registrationInputSchema } from '../../domain/student/student-input';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { idNumber } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, testRegistration } from '../../testing/technical-school';

const YEAR = Number(chinaDay(0).slice(0, 4));
const SET = 'mutation($i: AidStandardInput!, $s: Boolean) { setAidStandard(input: $i, submit: $s) { id streamId } }';
const APPLY = 'mutation($i: SchoolAidInput!) { applySchoolAid(input: $i, submit: true) { id streamId } }';
const AID = 'query($id: ID!) { schoolAid(id: $id) { status statusLabel amountFen tierLabel basisLabel yearOfStudy classTypeLabel studentName schoolName standardVersion studentRevision disbursements { on amountFen } reviewStatus } }';
const grantStandard = (over: Record<string, unknown> = {}) => ({
  kind: 'grant',
  schoolYear: YEAR,
  termFrom: chinaDay(-100),
  termTo: chinaDay(200),
  grantTiers: [
    { tier: 'first', amountFen: '250000' },
    { tier: 'second', amountFen: '150001' },
  ],
  eligibleYears: [1, 2],
  disbursementDates: [chinaDay(30), chinaDay(150)],
  note: '',
  ...over,
});

describe('tuition waivers and grants (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let operator: Session;
  let reviewer: Session;
  let school: Session;
  let outsider: Session;
  let A: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    api = await startApiHarness();
    A = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52201' });
    const C = await createTestSchool(api.platform, { name: '遵义市技师学院', authorityId: ORGS.zunyi, code: '52203', divisionCode: '520300' });
    const major = await approvedTestMajor(api.platform, A, [ORGS.province]);
    await openTestWindow(api.platform, ORGS.province);
    // The approval reserves the plan on the province's 学生资助资金 of the year (payout-api.int.spec.ts tests the payout).
    await api.platform.commands.funds.allocate({ authorityId: ORGS.province, line: 'student_aid', year: YEAR, amountFen: 10_000_000, basis: '黔财教〔2026〕1号' }, actingAs('province-finance', ORGS.province, 'authority_operator'));
    // Two students of A, registered and approved: one stays, one is suspended.
    const students: string[] = [];
    for (const [i, number] of [idNumber('520102', '20100506', 131), idNumber('520103', '20090708', 142)].entries()) {
      const as = actingAs(`op-${A}`, A, 'school_operator');
      const input = { ...testRegistration(number, major, { name: i === 0 ? '王小红' : '李明' }), phone: null };
      const registered = await api.platform.commands.students.register(A, registrationInputSchema(chinaDay(0)).parse(input), as, { submit: true });
      await api.platform.commands.reviews.approve(registered.streamId, '同意', [], actingAs('rev', ORGS.province, 'reviewer'));
      students.push(registered.streamId.slice('student-'.length));
    }
    [first, second] = students as [string, string];
    const suspension = await api.platform.commands.students.applyForChange(second, A, parseChangeInput({ kind: 'suspend', effectiveOn: chinaDay(-1), reason: '因病休学' }), actingAs(`op-${A}`, A, 'school_operator'), { submit: true });
    await api.platform.commands.reviews.approve(suspension.streamId, '同意', [], actingAs('rev', ORGS.province, 'reviewer'));
    [operator, reviewer, school, outsider] = await Promise.all([
      extraUser(api, { username: 'zz_sheng', orgId: ORGS.province, roles: ['authority_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zz_shenhe', orgId: ORGS.province, roles: ['reviewer'] }).then((u) => u.session),
      extraUser(api, { username: 'zz_jt', orgId: A, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zz_zy', orgId: C, roles: ['school_operator'] }).then((u) => u.session),
    ]);
  }, 120_000);
  afterAll(async () => api.close());
  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);
  const apply = (session: Session, studentId: string, over: Record<string, unknown> = {}) =>
    api.graphql<{ applySchoolAid: { id: string; streamId: string } }>(session, APPLY, { i: { studentId, kind: 'grant', schoolYear: YEAR, tier: 'first', basis: 'poverty_registered', ...over } });
  const approve = async (stream: string) => {
    const body = await api.graphql(reviewer, `mutation { approveReview(streamId: "${stream}", opinion: "同意") { revision } }`, {}, await api.settled());
    expect(body.errors).toBeUndefined();
  };

  it('the province sets the grant standard in fen and its reviewer approves it; a school reads it', async () => {
    const fraction = await api.graphql(operator, SET, { i: grantStandard({ grantTiers: [{ tier: 'first', amountFen: '2000.50' }] }) });
    expect(fraction.errors![0]!.extensions.fields).toEqual([{ field: 'grantTiers.0.amountFen', message: '资助金额（分）必须是整数（单位：分），不能有小数、符号或空格' }]);
    expect((await api.graphql(school, SET, { i: grantStandard() })).errors![0]!.message).toMatch(/^您没有/);
    const set = await api.graphql<{ setAidStandard: { streamId: string } }>(operator, SET, { i: grantStandard(), s: true });
    expect(set.errors).toBeUndefined();
    // Before approval a school cannot apply under it (the period is opened below).
    await openTestWindow(api.platform, ORGS.province, 'grant');
    const early = await apply(school, first);
    expect(early.errors![0]!.message).toBe(`${YEAR}学年国家助学金标准尚未审批生效，暂不能申请`);
    await approve(set.data!.setAidStandard.streamId);
    const read = await api.graphql<{ aidStandards: { kindLabel: string; version: number; approved: { grantTiers: { tierLabel: string; amountFen: string }[] } }[] }>(school, `{ aidStandards(kind: "grant") { kindLabel version approved { grantTiers { tierLabel amountFen } } } }`, {}, await api.settled());
    expect(read.data!.aidStandards).toEqual([{ kindLabel: '国家助学金', version: 1, approved: { grantTiers: [{ tierLabel: '一档', amountFen: '250000' }, { tierLabel: '二档', amountFen: '150001' }] } }]);
  });

  it('a school applies for a student: the amount in fen from the standard, split over the disbursement dates; the province approves', async () => {
    const applied = await apply(school, first);
    expect(applied.errors).toBeUndefined();
    const { id, streamId } = applied.data!.applySchoolAid;
    const again = await apply(school, first);
    expect(again.errors![0]!.message).toBe(`该学生的${YEAR}学年国家助学金申请正在审核中，不能重复申请`);
    const shown = await api.graphql<{ schoolAid: Record<string, unknown> }>(school, AID, { id }, await api.settled());
    expect(shown.data!.schoolAid).toEqual({
      status: 'applied',
      statusLabel: '已申请',
      amountFen: '250000',
      tierLabel: '一档',
      basisLabel: '建档立卡贫困家庭',
      yearOfStudy: 1,
      classTypeLabel: '中级工班',
      studentName: '王小红',
      schoolName: '贵州省交通技师学院',
      standardVersion: 1,
      studentRevision: expect.any(Number),
      disbursements: [
        { on: chinaDay(30), amountFen: '125000' },
        { on: chinaDay(150), amountFen: '125000' },
      ],
      reviewStatus: 'pending',
    });
    await approve(streamId);
    const approved = await api.graphql<{ schoolAid: { status: string; amountFen: string } }>(school, AID, { id }, await api.settled());
    expect(approved.data!.schoolAid).toMatchObject({ status: 'approved', amountFen: '250000' });
    const listed = await api.graphql<{ schoolAids: { total: number; items: { studentName: string; amountFen: string; statusLabel: string }[] } }>(school, '{ schoolAids(filter: { kind: "grant" }) { total items { studentName amountFen statusLabel } } }');
    expect(listed.data!.schoolAids).toEqual({ total: 1, items: [{ studentName: '王小红', amountFen: '250000', statusLabel: '已批准' }] });
    const totals = await api.graphql<{ schoolAidTotals: unknown[] }>(reviewer, `{ schoolAidTotals(filter: { kind: "grant" }) { schoolName kindLabel schoolYear applications approved approvedFen } }`);
    expect(totals.data!.schoolAidTotals).toEqual([{ schoolName: '贵州省交通技师学院', kindLabel: '国家助学金', schoolYear: YEAR, applications: 1, approved: 1, approvedFen: '250000' }]);
  });

  it('a suspended student is refused with the reason; a waiver without its period is refused with the period named', async () => {
    const suspended = await apply(school, second, { basis: 'subsistence' });
    expect(suspended.errors![0]!.message).toBe(`李明在${chinaDay(0)}处于休学状态，不能申请${YEAR}学年国家助学金`);
    const waiver = await apply(school, first, { kind: 'waiver', tier: undefined, basis: undefined });
    expect(waiver.errors![0]!.message).toBe('主管部门尚未开放免学费申报时间，当前不能办理免学费申报');
  });

  it('a school of another prefecture sees no application, cannot apply for another school\'s student, and writes nothing', async () => {
    const before = await eventCount();
    const list = await api.graphql<{ schoolAids: { total: number } }>(outsider, '{ schoolAids { total } }');
    expect(list.errors).toBeUndefined();
    expect(list.data!.schoolAids.total).toBe(0);
    const foreign = await apply(outsider, first);
    expect(foreign.errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect(await eventCount()).toBe(before);
  });
});
