// The voucher module's part of the access matrix (api/security/access-matrix.int.spec.ts; used by
// specs only): a voucher issued by 南明 to its school's trainee, and 南明's school accepting vouchers,
// made through the platform's own commands; the out-of-scope probe of every voucher query and
// mutation naming a record (outside 云岩's and 遵义's scope).
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../../commands/pipeline/request-context';
import { parseVoucherTerms } from '../../../domain/voucher/terms';
import { chinaDate } from '../../../domain/personal-data/normalize';
import { ORGS } from '../../../testing/seed';
import type { Platform } from '../../platform';

const as = (orgId: string): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: `matrix-voucher-${orgId}`, role: 'authority_operator', orgId }, commandId, correlationId: commandId, ip: null };
};

export interface VoucherRecords {
  voucherId: string;
  personId: string;
  institutionId: string;
}

export async function seedVoucherRecords(platform: Platform, nanmingTraineeId: string): Promise<VoucherRecords> {
  const terms = parseVoucherTerms({ kind: 'face_value', faceValueFen: '50000', scope: 'general', validFrom: chinaDate(new Date().toISOString()) });
  const issued = await platform.commands.vouchers.issue({ personId: nanmingTraineeId, authorityId: ORGS.nanming, terms, reason: '矩阵测试' }, as(ORGS.nanming));
  await platform.commands.vouchers.decideAcceptance(ORGS.nanmingSchool, true, '矩阵测试', as(ORGS.nanming));
  return { voucherId: issued.voucherId, personId: nanmingTraineeId, institutionId: ORGS.nanmingSchool };
}

export const VOUCHER_PROBED = ['voucher', 'voucherHolder', 'issueVoucher', 'cancelVoucher', 'reloadVoucherCard', 'decideVoucherAcceptance'] as const;

export const VOUCHER_NOT_A_RECORD: Record<string, string> = {
  voucherStatistics: 'counts the vouchers issued by authorities in the caller\'s data scope (api/voucher/voucher-api.int.spec.ts: another county counts none)',
};

export function voucherProbes(r: VoucherRecords): { field: (typeof VOUCHER_PROBED)[number]; stream: string; query: string }[] {
  const holder = `voucher-${r.personId}`;
  const input = `{ personId: "${r.personId}", authorityId: "${ORGS.yunyan}", kind: "face_value", faceValueFen: "100", scope: "general", validFrom: "${chinaDate(new Date().toISOString())}", reason: "测试" }`;
  return [
    { field: 'voucher', stream: holder, query: `{ r: voucher(id: "${r.voucherId}") { id } }` },
    { field: 'voucherHolder', stream: holder, query: `{ r: voucherHolder(personId: "${r.personId}") { personId } }` },
    { field: 'issueVoucher', stream: holder, query: `mutation { r: issueVoucher(input: ${input}) { id } }` },
    { field: 'cancelVoucher', stream: holder, query: `mutation { r: cancelVoucher(id: "${r.voucherId}", reason: "测试") { id } }` },
    { field: 'reloadVoucherCard', stream: holder, query: `mutation { r: reloadVoucherCard(id: "${r.voucherId}") { id } }` },
    { field: 'decideVoucherAcceptance', stream: `voucher-acceptance-${r.institutionId}`, query: `mutation { r: decideVoucherAcceptance(institutionId: "${r.institutionId}", accepts: false, reason: "测试") { id } }` },
  ];
}
