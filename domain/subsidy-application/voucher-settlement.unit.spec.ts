// Voucher-funded places in the training-funding calculation (issue 14 §4): settled against the
// voucher (its face value, or its percentage of the standard), never when the voucher was
// cancelled, expired or not used for this class; places without a voucher unchanged.
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ELIGIBILITY_POLICY } from '../training-class/eligibility';
import { calculateTrainingFunding, type FundingFacts, type ParticipantFacts, type VoucherFacts } from './calculation';

const person = (id: string, voucher?: VoucherFacts): ParticipantFacts => ({
  participantId: id, name: `学员${id}`, idNumberMasked: '520102********0011', funding: 'subsidised', completed: true, completionReasons: [], ratePermille: 950,
  assessmentPassed: true, certificateNo: `C-${id}`, personCategory: 'rural_migrant', claims: [], ...(voucher ? { voucher } : {}),
});
const voucher = (over: Partial<VoucherFacts> = {}): VoucherFacts => ({
  voucherId: 'v-1', voucherNo: 'PXQ2026A', status: 'used', usedForClassId: 'class-1', kind: 'face_value', faceValueFen: 80_000, discountPercent: null, endReason: null, ...over,
});
const facts = (participants: ParticipantFacts[]): FundingFacts => ({
  class: {
    classId: 'class-1', classNo: 'GZ-2026-0001', name: '中式烹调师班', institutionId: 'inst-1', kind: 'employment', subKind: null,
    occupation: { code: '4-03-02-01', name: '中式烹调师', level: '4' }, plannedStart: '2026-03-02', startedOn: '2026-03-02', completedOn: '2026-03-20', days: 15,
    minAttendancePercent: 80, assessmentRequired: true,
  },
  participants,
  fraudExclusions: [],
  attendanceSource: 'class_completion',
  policy: { policy: DEFAULT_ELIGIBILITY_POLICY, version: 0 },
  standards: [{
    standardId: 'province-general', authorityId: 'auth-520000', authorityKind: 'province',
    scope: { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null },
    versions: [{ amountFen: 150_000, unit: 'per_person', effectiveFrom: '2026-01-01', basis: '文号1', version: 1, approvedOn: '2025-12-20' }],
  }],
});

describe('voucher-funded places in the training-funding calculation', () => {
  it('settles a face value voucher at its face value and a discount voucher at its share of the standard', () => {
    const result = calculateTrainingFunding(facts([person('a'), person('b', voucher()), person('c', voucher({ voucherId: 'v-2', kind: 'discount', faceValueFen: null, discountPercent: 60 }))]));
    expect(result.eligible.map((e) => [e.participantId, e.amountFen, e.voucherId])).toEqual([['a', 150_000, undefined], ['b', 80_000, 'v-1'], ['c', 90_000, 'v-2']]);
    expect(result.totalFen).toBe(320_000);
    expect('voucherId' in result.eligible[0]!).toBe(false);
  });

  it('does not settle a cancelled or expired voucher, or one used for another class, and says why', () => {
    const result = calculateTrainingFunding(facts([
      person('a', voucher({ status: 'cancelled', endReason: '冒名使用' })),
      person('b', voucher({ voucherId: 'v-2', voucherNo: 'PXQ2026B', status: 'expired', endReason: '有效期至2026-02-28，逾期未使用' })),
      person('c', voucher({ voucherId: 'v-3', voucherNo: 'PXQ2026C', usedForClassId: 'class-9' })),
    ]));
    expect(result.eligible).toEqual([]);
    expect(result.excluded.map((e) => e.reasons)).toEqual([['培训券PXQ2026A已作废（冒名使用），不予结算'], ['培训券PXQ2026B已过期，不予结算'], ['培训券PXQ2026C未用于本班，不予结算']]);
    expect(result.totalFen).toBe(0);
  });
});
