// What the payment batch specs pay: the province's training standard (800.00 per person), 南明's
// fund of 2026, and training-funding applications of classes completed through the platform's
// commands, approved by the county and 贵阳 a month ago (their 公示 is over), so they are payable.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../../commands/pipeline/request-context';
import type { ApiHarness } from '../../../testing/api-harness';
import { ORGS } from '../../../testing/seed';
import { seedCompletedClass } from '../../training-class/testing/class-world';

const MONTH_AGO = new Date(Date.now() - 30 * 86_400_000);
const as = (orgId: string, id: string, now?: Date): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null, ...(now ? { now } : {}) };
};

/** One approved application per class sequence number (each spec its own, so their classes differ). */
export async function seedPayableTrainingFunding(api: ApiHarness, classSeqs: readonly string[]): Promise<{ fundId: string; applications: string[] }> {
  const { commands } = api.platform;
  const standardId = randomUUID();
  await commands.subsidyStandards.propose(standardId, { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null }, { amountFen: 80_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: '黔人社通〔2026〕2号' }, as(ORGS.province, 'province-operator'), { submit: true });
  await commands.reviews.approve(`subsidy-standard-${standardId}`, '同意', [], as(ORGS.province, 'province-reviewer'));
  const { fundId } = await commands.funds.allocate({ authorityId: ORGS.nanming, line: 'employment_subsidy', year: 2026, amountFen: 1_000_000, basis: '南人社〔2026〕9号' }, as(ORGS.nanming, 'registrar'));
  const applications: string[] = [];
  for (const seq of classSeqs) {
    const { classId } = await seedCompletedClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq });
    await api.settled();
    const applied = await commands.subsidyApplications.apply(classId, 'employment_subsidy', as(ORGS.nanmingSchool, 'school-operator', MONTH_AGO), { submit: true });
    await commands.reviews.approve(applied.streamId, '同意', [], as(ORGS.nanming, 'county-reviewer', MONTH_AGO));
    await commands.reviews.approve(applied.streamId, '同意', [], as(ORGS.guiyang, 'city-reviewer', MONTH_AGO));
    applications.push(applied.applicationId);
  }
  return { fundId, applications };
}
