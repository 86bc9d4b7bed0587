// 职业培训券 over real HTTP (issue 14 §4): a county issues a voucher to a trainee (loaded onto the
// card by the embedded adapter), a second active one is refused, and of two issued at the same
// moment exactly one lands; bad input is refused in Chinese and writes nothing; enrolment naming the
// voucher is refused while the institution does not accept vouchers (nothing written on the class,
// the voucher still unused), then uses it once; another class cannot use it again, nor anyone else;
// cancel needs a reason; the daily expiry job expires an unused one with its reason; the list, a
// person's vouchers, the statistics and the export stay within each user's scope.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { parseClassDetails } from '../../domain/training-class/class-details';
import { parseTimetable } from '../../domain/training-class/timetable';
import { parseVoucherTerms } from '../../domain/voucher/terms';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { download, readXlsxBytes } from '../../testing/spreadsheets';
import { as, classInput, classWorld, enrolment, inDays, sessionsFor, today, type ClassWorld } from '../training-class/testing/class-world';

const ISSUE = 'mutation($i: VoucherIssueInput!) { r: issueVoucher(input: $i) { id position } }';
const ENROL = 'mutation($id: ID!, $e: [TrainingClassEnrolmentInput!]!) { r: enrolTrainingClassParticipants(id: $id, enrolments: $e) { id } }';
const HOLDER = `query($p: ID!) { r: voucherHolder(personId: $p) { name vouchers { id voucherNo status statusLabel cardStatus cardStatusLabel cardRef valueLabel className usedInstitutionName endReason } } }`;

describe('training vouchers', () => {
  let api: ApiHarness;
  let world: ClassWorld;
  let county: Session;
  let school: Session;
  let yunyan: Session;
  let province: Session;

  beforeAll(async () => {
    api = await startApiHarness();
    world = await classWorld(api);
    [county, school, yunyan, province] = await Promise.all([api.login('nanmingRegistrar'), api.login('nanmingSchool'), api.login('yunyanReviewer'), api.login('provinceSupervisor')]);
  }, 180_000);
  afterAll(async () => api.close());

  const input = (personId: string, over: Record<string, unknown> = {}) => ({ personId, authorityId: ORGS.nanming, kind: 'face_value', faceValueFen: '80000', scope: 'general', validFrom: today(), validMonths: 3, reason: '就业困难人员', ...over });
  const holder = async (personId: string, session = county) => (await api.graphql<{ r: { vouchers: Record<string, unknown>[] } | null }>(session, HOLDER, { p: personId }, await api.settled())).data!.r;
  const streamLength = async (stream: string) => (await api.platform.store.readStream(stream)).length;

  /** A subsidised cooking class of the Nanming school, timetabled and staffed, ready for enrolment. */
  async function openClass(startIn: number) {
    const { commands } = api.platform;
    const registered = await commands.trainingClasses.register(ORGS.nanmingSchool, parseClassDetails(classInput(world, {}, startIn), today()), as(api, 'nanmingSchool', ORGS.nanmingSchool));
    const classId = registered.streamId.slice('training-class-'.length);
    await commands.trainingClasses.setTimetable(classId, parseTimetable(sessionsFor(world, startIn)), as(api, 'nanmingSchool', ORGS.nanmingSchool));
    await commands.trainingClasses.assignTeachers(classId, [world.teachers.li, world.teachers.wang], as(api, 'nanmingSchool', ORGS.nanmingSchool));
    return classId;
  }

  it('is issued by the county and loaded onto the card; a second active voucher is refused; bad input writes nothing', async () => {
    const person = world.trainees[1]!;
    const issued = await api.graphql<{ r: { id: string } }>(county, ISSUE, { i: input(person) });
    expect(issued.errors).toBeUndefined();
    const [voucher] = (await holder(person))!.vouchers;
    expect(voucher).toMatchObject({ id: issued.data!.r.id, status: 'active', statusLabel: '未使用', cardStatus: 'loaded', valueLabel: '面额800.00元' });
    expect(voucher!.cardRef).toMatch(/^local-/);

    const second = await api.graphql(county, ISSUE, { i: input(person) });
    expect(second.errors![0]!.message).toMatch(/已持有未使用的培训券PXQ\d{4}[0-9A-F]{10}（有效期至\d{4}-\d{2}-\d{2}），每人同时只能持有一张有效培训券/);
    const before = await streamLength(`voucher-${world.trainees[2]!}`);
    const bad = await api.graphql(county, ISSUE, { i: input(world.trainees[2]!, { faceValueFen: '800.5', validFrom: '2026-02-30' }) });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'faceValueFen', message: '面额必须是整数（单位：分），不能有小数、符号或空格' }, { field: 'validFrom', message: '生效日期不是有效日期' }] });
    const noReason = await api.graphql(county, ISSUE, { i: input(world.trainees[2]!, { reason: ' ' }) });
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await streamLength(`voucher-${world.trainees[2]!}`)).toBe(before);
    // An institution may not issue; another county's reviewer cannot see the trainee at all.
    expect((await api.graphql(school, ISSUE, { i: input(world.trainees[2]!) })).errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('of two vouchers issued to one person at the same moment, exactly one is issued', async () => {
    const person = world.trainees[3]!;
    const terms = parseVoucherTerms({ kind: 'discount', discountPercent: 50, scope: 'general', validFrom: today() });
    const issue = () => api.platform.commands.vouchers.issue({ personId: person, authorityId: ORGS.nanming, terms, reason: '并发测试' }, as(api, 'nanmingRegistrar', ORGS.nanming)).then(() => 'issued', (e: Error) => e.message);
    const outcomes = await Promise.all(Array.from({ length: 6 }, issue));
    expect(outcomes.filter((o) => o === 'issued')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'issued').every((o) => o.includes('每人同时只能持有一张有效培训券'))).toBe(true);
    expect((await holder(person))!.vouchers).toHaveLength(1);
  });

  it('is used at enrolment only at an institution that accepts vouchers, once, and only by its holder', async () => {
    const person = world.trainees[1]!;
    const [voucher] = (await holder(person))!.vouchers as { id: string; voucherNo: string }[];
    const classId = await openClass(21);
    const before = await streamLength(`training-class-${classId}`);
    const refused = await api.graphql(school, ENROL, { id: classId, e: [{ ...enrolment(person), voucherNo: voucher!.voucherNo }] }, await api.settled());
    expect(refused.errors![0]!.message).toContain('未开通培训券受理');
    expect(await streamLength(`training-class-${classId}`)).toBe(before);
    expect((await holder(person))!.vouchers[0]).toMatchObject({ status: 'active' });

    // Only an authority above the institution opens acceptance; the institution itself may not.
    const decide = 'mutation($i: ID!, $a: Boolean!, $r: String!) { r: decideVoucherAcceptance(institutionId: $i, accepts: $a, reason: $r) { id } }';
    expect((await api.graphql(school, decide, { i: ORGS.nanmingSchool, a: true, r: '定点' })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await api.graphql(county, decide, { i: ORGS.nanmingSchool, a: true, r: '定点培训机构，开通培训券受理' })).errors).toBeUndefined();

    // Someone else's voucher number is not theirs to use.
    const other = await api.graphql(school, ENROL, { id: classId, e: [{ ...enrolment(world.trainees[4]!), voucherNo: voucher!.voucherNo }] });
    expect(other.errors![0]!.message).toContain('名下没有券号为');
    const used = await api.graphql(school, ENROL, { id: classId, e: [{ ...enrolment(person), voucherNo: voucher!.voucherNo.toLowerCase() }] });
    expect(used.errors).toBeUndefined();
    expect((await holder(person))!.vouchers[0]).toMatchObject({ status: 'used', className: '南明区中式烹调师就业技能培训班', usedInstitutionName: expect.any(String) });
    const roster = (await api.platform.commands.trainingClasses.runner.existing(classId)).roster;
    expect(roster.find((e) => e.participant.personId === person)).toMatchObject({ funding: 'subsidised', voucherId: voucher!.id });

    const another = await openClass(35);
    const again = await api.graphql(school, ENROL, { id: another, e: [{ ...enrolment(person), voucherNo: voucher!.voucherNo }] }, await api.settled());
    expect(again.errors![0]!.message).toMatch(/已于\d{4}-\d{2}-\d{2}用于南明区中式烹调师就业技能培训班（.+），不能重复使用/);
    expect((await api.platform.commands.trainingClasses.runner.existing(another)).roster.some((e) => e.participant.personId === person)).toBe(false);
  });

  it('is cancelled with a reason; an unused one past its last day is expired by the daily job with the reason', async () => {
    const [a, b] = [world.trainees[4]!, world.trainees[5]!];
    const first = await api.graphql<{ r: { id: string } }>(county, ISSUE, { i: input(a) });
    await api.graphql(county, ISSUE, { i: input(b, { validMonths: 1 }) });
    // After the issue is read back (the scope check reads the voucher's row first: unprojected, it would look missing).
    const cancel = async (reason: string) => api.graphql(county, 'mutation($id: ID!, $r: String!) { r: cancelVoucher(id: $id, reason: $r) { id } }', { id: first.data!.r.id, r: reason }, await api.settled());
    expect((await cancel('')).errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await cancel('持券人已就业，不再参加培训')).errors).toBeUndefined();
    // Withdrawn from the card by the embedded adapter (nothing had left the system); the load's reference stays.
    expect((await holder(a))!.vouchers[0]).toMatchObject({ status: 'cancelled', endReason: '持券人已就业，不再参加培训', cardStatus: 'withdrawn', cardStatusLabel: '已从社保卡撤销', cardRef: expect.stringMatching(/^local-[0-9a-f]{16}$/) });
    const withdrawnOn = (await api.platform.store.readStream(`voucher-${a}`)).filter((e) => e.type === 'VoucherWithdrawnFromCard');
    expect(withdrawnOn.map((e) => e.data)).toEqual([{ voucherId: first.data!.r.id, withdrawalRef: expect.stringMatching(/^local-withdrawn-/) }]);

    // The job as it runs on a day two months from now: b's voucher is past its last day, a's is already cancelled.
    const later = new Date(`${inDays(62)}T02:00:00Z`);
    const job = () => api.platform.commands.vouchers.expireDue({ actor: { id: 'job:voucher-expiry', role: 'system', orgId: null }, commandId: randomUUID(), correlationId: randomUUID(), ip: null, now: later });
    await api.settled();
    expect(await job()).toBeGreaterThanOrEqual(1);
    await api.settled();
    expect(await job()).toBe(0);
    expect((await holder(b))!.vouchers[0]).toMatchObject({ status: 'expired', endReason: expect.stringMatching(/^有效期至\d{4}-\d{2}-\d{2}，逾期未使用$/), cardStatus: 'withdrawn' });
  });

  it('lists, counts and exports within each user\'s scope', async () => {
    await api.settled();
    const list = '{ r: vouchers(filter: { status: "used" }) { total items { name status authorityName } } }';
    expect((await api.graphql<{ r: { total: number; items: { name: string }[] } }>(county, list)).data!.r).toEqual({ total: 1, items: [{ name: '李四', status: 'used', authorityName: expect.stringContaining('南明') }] });
    expect((await api.graphql<{ r: { total: number } }>(yunyan, '{ r: vouchers { total } }')).data!.r.total).toBe(0);
    expect(await holder(world.trainees[1]!, yunyan)).toBeNull();
    expect((await api.graphql<{ r: { total: number } }>(province, '{ r: vouchers { total } }')).data!.r.total).toBe(4);

    const stats = (await api.graphql<{ r: Record<string, unknown>[] }>(county, '{ r: voucherStatistics { authorityName kindLabel issued active used cancelled expired settled settledFen } }')).data!.r;
    expect(stats.map((s) => [s.kindLabel, s.issued, s.active, s.used, s.cancelled, s.expired])).toEqual([['折扣券', 1, 1, 0, 0, 0], ['面额券', 3, 0, 1, 1, 1]]);
    expect((await api.graphql<{ r: unknown[] }>(yunyan, '{ r: voucherStatistics { issued } }')).data!.r).toEqual([]);

    const file = await download(api.url, county, `/export/vouchers.xlsx?filter=${encodeURIComponent(JSON.stringify({ status: 'cancelled' }))}`);
    expect(file.status).toBe(200);
    const rows = (await readXlsxBytes(file.buffer))[0]!.rows.map((r) => r.values);
    expect(rows[0]).toEqual(expect.arrayContaining(['券号', '持券人', '作废或过期原因']));
    const [status, end] = ['状态', '作废或过期原因'].map((h) => (rows[0] as unknown[]).indexOf(h));
    expect(rows.slice(1).map((r) => [r[status!], r[end!]])).toEqual([['已作废', '持券人已就业，不再参加培训']]);
  });
});
