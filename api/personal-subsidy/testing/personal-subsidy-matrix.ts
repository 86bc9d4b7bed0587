// The personal subsidies' part of the access matrix (api/security/access-matrix.int.spec.ts; used by
// specs only): a start-up subsidy of 南明's SYB graduate, taken by the school and submitted, at the
// province's approved standard, and the out-of-scope probe of every personal-subsidy query and
// mutation on it (outside 云岩's and 遵义's scope).
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../platform';
import type { RequestContext } from '../../../commands/pipeline/request-context';
import { ORGS } from '../../../testing/seed';

const as = (orgId: string, id = `matrix-${orgId}`): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'authority_operator', orgId }, commandId, correlationId: commandId, ip: null };
};

export interface PersonalSubsidyRecords {
  subsidyId: string;
  classId: string;
  personId: string;
}

const LICENCE = 'licenceNo: "91350100M000100Y43", registeredOn: "2026-03-01", businessName: "矩阵测试小店"';

export async function seedPersonalSubsidyRecords(platform: Platform, nanming: { classId: string; traineeId: string }): Promise<PersonalSubsidyRecords> {
  const { commands } = platform;
  const standardId = randomUUID();
  await commands.subsidyStandards.propose(standardId, { subject: 'startup', trainingKind: null, occupationCode: null, level: null, personCategory: null }, { amountFen: 500_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: '矩阵测试文号' }, as(ORGS.province), { submit: true });
  const approved = await commands.reviews.approve(`subsidy-standard-${standardId}`, '同意', [], as(ORGS.province, 'matrix-province-reviewer'));
  // The calculation finds candidate standards through the read side: wait for it to have the approval.
  await platform.runner.waitFor(approved.position!, undefined, 30_000);
  const input = { kind: 'startup' as const, classId: nanming.classId, personId: nanming.traineeId, evidence: { kind: 'startup' as const, licenceNo: '91350100M000100Y43', registeredOn: '2026-03-01', businessName: '矩阵测试小店' } };
  const applied = await commands.personalSubsidies.apply(input, as(ORGS.nanmingSchool), { submit: true });
  return { subsidyId: applied.subsidyId, classId: nanming.classId, personId: nanming.traineeId };
}

export const PERSONAL_SUBSIDY_PROBED = ['personalSubsidy', 'personalSubsidyPreview', 'applyPersonalSubsidy', 'recordPersonalSubsidyObjection', 'resolvePersonalSubsidyObjection', 'requestPersonalSubsidyReissue'] as const;

export function personalSubsidyProbes(r: PersonalSubsidyRecords): { field: (typeof PERSONAL_SUBSIDY_PROBED)[number]; stream: string; query: string }[] {
  const stream = `personal-subsidy-${r.subsidyId}`;
  const input = `{ kind: "startup", classId: "${r.classId}", personId: "${r.personId}", ${LICENCE} }`;
  return [
    { field: 'personalSubsidy', stream, query: `{ r: personalSubsidy(id: "${r.subsidyId}") { id } }` },
    { field: 'personalSubsidyPreview', stream, query: `{ r: personalSubsidyPreview(input: ${input}) { amountFen } }` },
    { field: 'applyPersonalSubsidy', stream, query: `mutation { r: applyPersonalSubsidy(input: ${input}) { id } }` },
    { field: 'recordPersonalSubsidyObjection', stream, query: `mutation { r: recordPersonalSubsidyObjection(id: "${r.subsidyId}", input: { content: "测试", receivedOn: "2026-03-01", channel: "来信" }) { id } }` },
    { field: 'resolvePersonalSubsidyObjection', stream, query: `mutation { r: resolvePersonalSubsidyObjection(id: "${r.subsidyId}", objectionId: "x", upheld: true, resolution: "测试") { id } }` },
    { field: 'requestPersonalSubsidyReissue', stream, query: `mutation { r: requestPersonalSubsidyReissue(id: "${r.subsidyId}", input: { account: "6217000000000000048", accountName: "测试", reason: "测试" }) { id } }` },
  ];
}
