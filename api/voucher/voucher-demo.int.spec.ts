// The demo's vouchers (scripts/voucher-demo.ts) over the platform's own commands: the school's
// acceptance opened, two unused, one cancelled with its reason, one expired by the job's command,
// one used at enrolment in the school's class not yet declared; loading again changes nothing.
// Then, with what the money demo provides (the province's training standard, 南明's fund), one
// voucher used in a small class run and completed six weeks ago is settled through the class's
// approved training-funding application: the record shows 已结算 with its amount.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseClassDetails } from '../../domain/training-class/class-details';
import { parseTimetable } from '../../domain/training-class/timetable';
import { seedRequest } from '../../scripts/reference-data';
import { vouchersTable } from '../../projections/voucher/vouchers-table';
import { randomUUID } from 'node:crypto';
import { chinaDate } from '../../domain/personal-data/normalize';
import { shiftDays } from '../../domain/calendar/working-days';
import { loadVoucherDemo, settleVoucherDemo } from '../../scripts/voucher-demo';
import { startApiHarness, type ApiHarness } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { as, classInput, classWorld, sessionsFor, today, type ClassWorld } from '../training-class/testing/class-world';

describe('demo vouchers', () => {
  let api: ApiHarness;
  let world: ClassWorld;
  beforeAll(async () => {
    api = await startApiHarness();
    world = await classWorld(api);
    const { commands } = api.platform;
    const registered = await commands.trainingClasses.register(ORGS.nanmingSchool, parseClassDetails(classInput(world, {}, 40), today()), as(api, 'nanmingSchool', ORGS.nanmingSchool));
    const classId = registered.streamId.slice('training-class-'.length);
    await commands.trainingClasses.setTimetable(classId, parseTimetable(sessionsFor(world, 40)), as(api, 'nanmingSchool', ORGS.nanmingSchool));
    await commands.trainingClasses.assignTeachers(classId, [world.teachers.li, world.teachers.wang], as(api, 'nanmingSchool', ORGS.nanmingSchool));
    await api.settled();
  }, 180_000);
  afterAll(async () => api.close());

  const logged: string[] = [];
  const ctx = { demoId: (key: string) => `demo-${key}`, as: (userId: string, role: string, orgId: string, key: string) => ({ ...seedRequest(key), actor: { id: userId, role, orgId } }), log: (line: string) => logged.push(line) };
  const statuses = async () => {
    await api.settled();
    const rows = await vouchersTable(api.platform.knex).select('status').orderBy('status');
    return rows.map((r: { status: string }) => r.status);
  };

  it('loads vouchers in every state but settled, once', async () => {
    await loadVoucherDemo(api.platform, ctx, ORGS.nanmingSchool);
    expect(await statuses()).toEqual(['active', 'active', 'cancelled', 'expired', 'used']);
    expect(await api.platform.commands.vouchers.acceptance(ORGS.nanmingSchool)).toMatchObject({ accepts: true });
    await loadVoucherDemo(api.platform, ctx, ORGS.nanmingSchool);
    expect(await statuses()).toHaveLength(5);
  });

  it('settles a voucher through a completed class\'s approved funding application, once', async () => {
    const { commands } = api.platform;
    // What the money demo has made by then: the province's training standard (800.00 here) and 南明's fund of the class's year.
    const standardId = randomUUID();
    const province = { ...ctx.as('p-op', 'authority_operator', ORGS.province, 'demo-standard'), commandId: randomUUID() };
    await commands.subsidyStandards.propose(standardId, { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null }, { amountFen: 80_000, unit: 'per_person', effectiveFrom: '2025-01-01', basis: '测试文号' }, province, { submit: true });
    const approved = await commands.reviews.approve(`subsidy-standard-${standardId}`, '同意', [], { ...ctx.as('p-rev', 'reviewer', ORGS.province, 'demo-standard-approve'), commandId: randomUUID() });
    const year = Number(shiftDays(chinaDate(new Date().toISOString()), -45).slice(0, 4));
    await commands.funds.allocate({ authorityId: ORGS.nanming, line: 'employment_subsidy', year, amountFen: 10_000_000, basis: '测试' }, { ...ctx.as('n-op', 'authority_operator', ORGS.nanming, 'demo-fund'), commandId: randomUUID() });
    await api.platform.runner.waitFor(approved.position!, undefined, 30_000);

    await settleVoucherDemo(api.platform, ctx, ORGS.nanmingSchool);
    // The demo logs a refused step instead of stopping the load: none here.
    expect(logged.filter((line) => line.includes('结算'))).toEqual(['职业培训券：一张培训券随培训班结业和机构培训经费申报审核通过而结算']);
    expect(await statuses()).toEqual(['active', 'active', 'cancelled', 'expired', 'settled', 'used']);
    const settled = await vouchersTable(api.platform.knex).where({ status: 'settled' }).first('person_id', 'class_name', 'settled_fen');
    expect(settled).toMatchObject({ class_name: '南明区SYB创业培训班（培训券结算演示）', settled_fen: '80000' });
    // The record as the console reads it.
    const session = await api.login('nanmingRegistrar');
    const shown = await api.graphql<{ r: { vouchers: Record<string, unknown>[] } }>(session, 'query($p: ID!) { r: voucherHolder(personId: $p) { vouchers { statusLabel settledFen className } } }', { p: settled!.person_id }, await api.settled());
    expect(shown.data!.r.vouchers).toEqual([{ statusLabel: '已结算', settledFen: '80000', className: '南明区SYB创业培训班（培训券结算演示）' }]);

    await settleVoucherDemo(api.platform, ctx, ORGS.nanmingSchool);
    expect(await statuses()).toHaveLength(6);
  });
});
