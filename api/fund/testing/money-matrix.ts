// The money modules' part of the access matrix (api/security/access-matrix.int.spec.ts; used by
// specs only): records of each county and of the Guiyang prefecture made through the platform's
// own commands, so every money list answers someone, and the out-of-scope probe of every money
// query and mutation on one record (南明's, or Guiyang's standard: outside 云岩's and 遵义's scope).
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../platform';
import type { RequestContext } from '../../../commands/pipeline/request-context';
import { ORGS } from '../../../testing/seed';

const as = (orgId: string, id = `matrix-${orgId}`, now?: Date): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'authority_operator', orgId }, commandId, correlationId: commandId, ip: null, ...(now ? { now } : {}) };
};

export interface MoneyRecords {
  standardId: string;
  nanmingFundId: string;
  yunyanFundId: string;
  nanmingClassId: string;
  nanmingApplicationId: string;
  nanmingBatchId: string;
}

/**
 * A standard of 贵阳 (pending at its own review), a fund of each county, and (from a completed
 * class of each county's school, at the province's approved standard) a training-funding
 * application of each school, submitted; 南明's approved a month ago (its 公示 over) and put in a
 * payment batch.
 */
export async function seedMoneyRecords(platform: Platform, completedClasses: { nanming: string; yunyan: string }): Promise<MoneyRecords> {
  const { commands } = platform;
  const provinceStandard = randomUUID();
  await commands.subsidyStandards.propose(
    provinceStandard,
    { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null },
    { amountFen: 80_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: '矩阵测试文号' },
    as(ORGS.province),
    { submit: true },
  );
  const approved = await commands.reviews.approve(`subsidy-standard-${provinceStandard}`, '同意', [], as(ORGS.province, 'matrix-province-reviewer'));
  // The calculation finds candidate standards through the read side: wait for it to have the approval.
  await platform.runner.waitFor(approved.position!, undefined, 30_000);
  const fund = (orgId: string) => commands.funds.allocate({ authorityId: orgId, line: 'employment_subsidy', year: 2026, amountFen: 10_000_000, basis: '矩阵测试' }, as(orgId));
  const [nanming, yunyan] = [await fund(ORGS.nanming), await fund(ORGS.yunyan)];
  const apply = (institutionId: string, classId: string) => commands.subsidyApplications.apply(classId, 'employment_subsidy', as(institutionId), { submit: true });
  const nanmingApplication = await apply(ORGS.nanmingSchool, completedClasses.nanming);
  await apply(ORGS.yunyanSchool, completedClasses.yunyan);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000);
  await commands.reviews.approve(nanmingApplication.streamId, '同意', [], as(ORGS.nanming, 'matrix-county-reviewer', monthAgo));
  const final = await commands.reviews.approve(nanmingApplication.streamId, '同意', [], as(ORGS.guiyang, 'matrix-city-reviewer', monthAgo));
  await platform.runner.waitFor(final.position!, undefined, 30_000);
  const batch = await commands.paymentBatches.create(nanming.fundId, as(ORGS.nanming));
  const standardId = randomUUID();
  await commands.subsidyStandards.propose(
    standardId,
    { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null },
    { amountFen: 100_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: '矩阵测试文号' },
    as(ORGS.guiyang),
    { submit: true },
  );
  return { standardId, nanmingFundId: nanming.fundId, yunyanFundId: yunyan.fundId, nanmingClassId: completedClasses.nanming, nanmingApplicationId: nanmingApplication.applicationId, nanmingBatchId: batch.batchId };
}

/** Record queries and mutations of the money modules, each probed out of scope by moneyProbes. */
export const MONEY_PROBED = [
  'subsidyStandard', 'reviseSubsidyStandard', 'fund', 'adjustFund', 'fundReconciliation',
  'trainingFundingApplication', 'trainingFundingPreview', 'recomputeTrainingFunding', 'applyTrainingFunding', 'recalculateTrainingFunding',
  'recordFundingObjection', 'resolveFundingObjection',
  'paymentBatch', 'createPaymentBatch', 'issuePaymentFile', 'importPaymentResults', 'sendPaymentBatch', 'paymentBatchOrders', 'voidPaymentBatch',
  'requestPaymentReissue', 'approvePaymentReissue',
] as const;

/** Fields that name no record of another organisation, and where their scope is tested. */
export const MONEY_NOT_A_RECORD: Record<string, string> = {
  proposeSubsidyStandard: 'creates a standard of the caller\'s own authority, which must be the province or a prefecture (the domain refuses another; api/fund/fund-api.int.spec.ts)',
  allocateFund: 'allocates for an authority at or below the caller\'s organisation only, FORBIDDEN otherwise (api/fund/fund-api.int.spec.ts)',
  subsidyNoticeSettings: 'the province\'s notice period setting (no record)',
  reconciliationNotices: 'lists funds through ctx.scope.restrict on the fund\'s authority, as funds does: only the caller\'s own and lower authorities\' funds',
  personPaymentReconciliation: 'names a person, not a record: answers only the records of that person within the caller\'s scope (each checked with findRecord); another prefecture gets none (api/school-aid/payout-api.int.spec.ts)',
  changeSubsidyNoticeSettings: 'the province\'s own setting: FORBIDDEN for any other organisation (domain/subsidy-application/notice.ts)',
};

/** One probe per MONEY_PROBED field: the stream it must leave unchanged and the operation. */
export function moneyProbes(r: MoneyRecords): { field: (typeof MONEY_PROBED)[number]; stream: string; query: string }[] {
  const terms = '{ amountFen: "120000", unit: "per_person", effectiveFrom: "2026-07-01", basis: "测试" }';
  const application = `subsidy-application-${r.nanmingApplicationId}`;
  return [
    { field: 'subsidyStandard', stream: `subsidy-standard-${r.standardId}`, query: `{ r: subsidyStandard(id: "${r.standardId}") { id } }` },
    { field: 'reviseSubsidyStandard', stream: `subsidy-standard-${r.standardId}`, query: `mutation { r: reviseSubsidyStandard(id: "${r.standardId}", terms: ${terms}) { revision } }` },
    { field: 'fund', stream: `fund-${r.nanmingFundId}`, query: `{ r: fund(id: "${r.nanmingFundId}") { id } }` },
    { field: 'adjustFund', stream: `fund-${r.nanmingFundId}`, query: `mutation { r: adjustFund(id: "${r.nanmingFundId}", deltaFen: "-1", basis: "测试", reason: "测试") { revision } }` },
    { field: 'trainingFundingApplication', stream: application, query: `{ r: trainingFundingApplication(id: "${r.nanmingApplicationId}") { id } }` },
    { field: 'trainingFundingPreview', stream: application, query: `{ r: trainingFundingPreview(classId: "${r.nanmingClassId}") { totalFen } }` },
    { field: 'recomputeTrainingFunding', stream: application, query: `{ r: recomputeTrainingFunding(id: "${r.nanmingApplicationId}") { resultSame } }` },
    { field: 'applyTrainingFunding', stream: application, query: `mutation { r: applyTrainingFunding(classId: "${r.nanmingClassId}") { id } }` },
    { field: 'recalculateTrainingFunding', stream: application, query: `mutation { r: recalculateTrainingFunding(id: "${r.nanmingApplicationId}") { id } }` },
    { field: 'recordFundingObjection', stream: application, query: `mutation { r: recordFundingObjection(id: "${r.nanmingApplicationId}", input: { content: "测试", receivedOn: "2026-03-01", channel: "来信" }) { id } }` },
    { field: 'fundReconciliation', stream: `fund-${r.nanmingFundId}`, query: `{ r: fundReconciliation(fundId: "${r.nanmingFundId}") { balanced } }` },
    { field: 'paymentBatch', stream: `payment-batch-${r.nanmingBatchId}`, query: `{ r: paymentBatch(id: "${r.nanmingBatchId}") { id } }` },
    { field: 'createPaymentBatch', stream: `fund-${r.nanmingFundId}`, query: `mutation { r: createPaymentBatch(fundId: "${r.nanmingFundId}") { id } }` },
    { field: 'issuePaymentFile', stream: `payment-batch-${r.nanmingBatchId}`, query: `mutation { r: issuePaymentFile(id: "${r.nanmingBatchId}") { sha256 } }` },
    { field: 'sendPaymentBatch', stream: `payment-batch-${r.nanmingBatchId}`, query: `mutation { r: sendPaymentBatch(id: "${r.nanmingBatchId}") { sent } }` },
    { field: 'importPaymentResults', stream: `payment-batch-${r.nanmingBatchId}`, query: `mutation { r: importPaymentResults(id: "${r.nanmingBatchId}", content: "#GZPAYRESULT,1,x") { revision } }` },
    { field: 'paymentBatchOrders', stream: `payment-batch-${r.nanmingBatchId}`, query: `{ r: paymentBatchOrders(batchId: "${r.nanmingBatchId}") { total } }` },
    { field: 'voidPaymentBatch', stream: `payment-batch-${r.nanmingBatchId}`, query: `mutation { r: voidPaymentBatch(id: "${r.nanmingBatchId}", reason: "测试") { revision } }` },
    { field: 'requestPaymentReissue', stream: application, query: `mutation { r: requestPaymentReissue(id: "${r.nanmingApplicationId}", reason: "测试") { id } }` },
    { field: 'approvePaymentReissue', stream: application, query: `mutation { r: approvePaymentReissue(id: "${r.nanmingApplicationId}", reissueId: "x") { id } }` },
    { field: 'resolveFundingObjection', stream: application, query: `mutation { r: resolveFundingObjection(id: "${r.nanmingApplicationId}", objectionId: "x", upheld: true, resolution: "测试") { id } }` },
  ];
}
