// The demo's vouchers (scripts/voucher-demo.ts) over the platform's own commands: the school's
// acceptance opened, two unused, one cancelled with its reason, one expired by the job's command,
// one used at enrolment in the school's class not yet declared; loading again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseClassDetails } from '../../domain/training-class/class-details';
import { parseTimetable } from '../../domain/training-class/timetable';
import { seedRequest } from '../../scripts/reference-data';
import { vouchersTable } from '../../projections/voucher/vouchers-table';
import { loadVoucherDemo } from '../../scripts/voucher-demo';
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

  const ctx = { demoId: (key: string) => `demo-${key}`, as: (userId: string, role: string, orgId: string, key: string) => ({ ...seedRequest(key), actor: { id: userId, role, orgId } }), log: () => undefined };
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
});
