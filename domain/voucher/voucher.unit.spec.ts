// The voucher decider, by state: issue (one active voucher per person), use at an eligible class
// (refused in Chinese when expired, used, cancelled or not eligible), cancel, expire, settle, and
// an institution's acceptance; the terms' validation and the amount a voucher settles.
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { parseVoucherTerms, voucherAmount, type ClassForVoucher } from './terms';
import { needsCardWithdrawal, voucherDecider, type VoucherCommand, type VoucherEvent, type HolderState } from './voucher';

const given = specification(voucherDecider);
const ctx = testContext({ orgId: 'auth-520102' }, '2026-11-25T02:00:00.000Z'); // 2026-11-25 in China
const terms = parseVoucherTerms({ kind: 'face_value', faceValueFen: '80000', scope: 'general', validFrom: '2026-11-01' });
const holder = { personId: 'p-1', name: '张三', idNumberMasked: '5201**********0011', effective: true };
const authority = { authorityId: 'auth-520102', name: '南明区人社局', mayIssue: true };
const issue = (voucherId = 'v-1', over: Partial<Extract<VoucherCommand, { type: 'IssueVoucher' }>> = {}): VoucherCommand => ({ type: 'IssueVoucher', voucherId, voucherNo: `PXQ-${voucherId}`, holder, terms, authority, reason: '就业困难人员', ...over });
const issued = (voucherId = 'v-1', t = terms): VoucherEvent => ({
  type: 'VoucherIssued',
  data: { voucherId, voucherNo: `PXQ-${voucherId}`, personId: 'p-1', name: '张三', idNumberMasked: '5201**********0011', terms: t, authorityId: 'auth-520102', authorityName: '南明区人社局', issuedOn: '2026-11-25', reason: '就业困难人员' },
});
const cls: ClassForVoucher = { classId: 'c-1', classNo: '520102-2026-0001', className: '中式烹调师班', institutionId: 'inst-1', institutionName: '贵阳烹饪学校', occupationCode: '4-03-02-01', subsidised: true };
const used: VoucherEvent = { type: 'VoucherUsed', data: { voucherId: 'v-1', classId: 'c-1', classNo: cls.classNo, className: cls.className, institutionId: 'inst-1', institutionName: '贵阳烹饪学校', usedOn: '2026-11-25' } };
const use = (over: Partial<ClassForVoucher> = {}, institutionAccepts = true): VoucherCommand => ({ type: 'UseVoucher', voucherId: 'v-1', class: { ...cls, ...over }, institutionAccepts });

describe('voucher terms', () => {
  it('keeps the validity as its last day (3 months by default) and refuses incomplete terms in Chinese', () => {
    expect(terms).toMatchObject({ kind: 'face_value', faceValueFen: 80_000, discountPercent: null, validMonths: 3, validUntil: '2027-01-31' });
    expect(() => parseVoucherTerms({ kind: 'discount', scope: 'occupation', validFrom: '2026-11-01' })).toThrow(ValidationError);
    let error: unknown;
    try {
      parseVoucherTerms({ kind: 'face_value', faceValueFen: '500.5', scope: 'general', validFrom: '2026-02-30', validMonths: 30 });
    } catch (thrown) {
      error = thrown;
    }
    expect((error as ValidationError).fields.map((f) => f.message)).toEqual(['面额必须是整数（单位：分），不能有小数、符号或空格', '生效日期不是有效日期', '有效期（月）不能大于24']);
  });
  it('settles the face value, or the percentage of the standard floored to the fen', () => {
    expect(voucherAmount(terms, 150_000)).toBe(80_000);
    expect(voucherAmount(parseVoucherTerms({ kind: 'discount', discountPercent: 33, scope: 'general', validFrom: '2026-11-01' }), 150_001)).toBe(49_500);
  });
});

describe('voucher decider', () => {
  describe('when the person holds none', () => {
    it('is issued by an authority, with its reason', () => given().when(issue(), ctx).then([issued()]));
    it('is refused to one that may not issue for that authority, and for a person not yet effective', () => {
      given().when(issue('v-1', { authority: { ...authority, mayIssue: false } }), ctx).thenThrows(ForbiddenError, '本单位或下级');
      given().when(issue('v-1', { holder: { ...holder, effective: false } }), ctx).thenThrows(RuleViolationError, '尚未审核生效');
    });
    it('refuses a validity already over', () =>
      given().when(issue('v-1', { terms: parseVoucherTerms({ kind: 'face_value', faceValueFen: 1, scope: 'general', validFrom: '2026-01-01', validMonths: 1 }) }), ctx).thenThrows(ValidationError));
  });

  describe('when the person holds an active voucher', () => {
    it('refuses a second one (one active voucher per person); a repeat of the same issue changes nothing', () => {
      given([issued()]).when(issue('v-2'), ctx).thenThrows(RuleViolationError, '每人同时只能持有一张有效培训券');
      given([issued()]).when(issue('v-1'), ctx).thenNothing();
    });
    it('expires a stale active voucher before a new one is issued', () => {
      const old = parseVoucherTerms({ kind: 'face_value', faceValueFen: 1, scope: 'general', validFrom: '2026-07-01', validMonths: 3 });
      given([issued('v-0', old)]).when(issue('v-1'), ctx).then([{ type: 'VoucherExpired', data: { voucherId: 'v-0', reason: '有效期至2026-09-30，逾期未使用', on: '2026-11-25' } }, issued()]);
    });
    it('is used for an eligible class at an accepting institution', () => given([issued()]).when(use(), ctx).then([used]));
    it('refuses a class that is not eligible, naming each reason', () => {
      given([issued()]).when(use({}, false), ctx).thenThrows(RuleViolationError, '贵阳烹饪学校未开通培训券受理');
      given([issued()]).when(use({ subsidised: false }), ctx).thenThrows(RuleViolationError, '自费培训班不能使用培训券');
      const directed = parseVoucherTerms({ kind: 'face_value', faceValueFen: 1, scope: 'occupation', occupationCodes: ['4-01'], institutionIds: ['inst-9'], validFrom: '2026-11-01' });
      given([issued('v-1', directed)]).when(use(), ctx).thenThrows(RuleViolationError, /指定机构使用，贵阳烹饪学校不在其中；培训券限定工种（4-01），本班工种4-03-02-01不适用/);
      const group = parseVoucherTerms({ kind: 'face_value', faceValueFen: 1, scope: 'occupation', occupationCodes: ['4-03'], validFrom: '2026-11-01' });
      given([issued('v-1', group)]).when(use(), ctx).then([used]);
    });
    it('refuses a voucher past its last day even before the daily job expired it', () => {
      const old = parseVoucherTerms({ kind: 'face_value', faceValueFen: 1, scope: 'general', validFrom: '2026-08-01', validMonths: 3 });
      given([issued('v-1', old)]).when(use(), ctx).thenThrows(RuleViolationError, '已过有效期（2026-10-31止）');
    });
    it('expires by the daily job, with the reason, once', () => {
      const expired: VoucherEvent = { type: 'VoucherExpired', data: { voucherId: 'v-1', reason: '有效期至2027-01-31，逾期未使用', on: '2027-02-01' } };
      const later = testContext({}, '2027-02-01T01:00:00.000Z');
      given([issued()]).when({ type: 'ExpireVouchers' }, ctx).thenNothing();
      given([issued()]).when({ type: 'ExpireVouchers' }, later).then([expired]);
      given([issued(), expired]).when({ type: 'ExpireVouchers' }, later).thenNothing();
      given([issued(), expired]).when(use(), later).thenThrows(RuleViolationError, '已过期（有效期至2027-01-31），不能使用');
    });
    it('is cancelled with a reason by its authority, and then cannot be used', () => {
      const cancelled: VoucherEvent = { type: 'VoucherCancelled', data: { voucherId: 'v-1', reason: '重复申领', on: '2026-11-25' } };
      given([issued()]).when({ type: 'CancelVoucher', voucherId: 'v-1', reason: '重复申领', mayManage: true }, ctx).then([cancelled]);
      given([issued()]).when({ type: 'CancelVoucher', voucherId: 'v-1', reason: ' ', mayManage: true }, ctx).thenThrows(ValidationError);
      given([issued()]).when({ type: 'CancelVoucher', voucherId: 'v-1', reason: '重复申领', mayManage: false }, ctx).thenThrows(ForbiddenError);
      given([issued(), cancelled]).when(use(), ctx).thenThrows(RuleViolationError, '已作废（重复申领）');
    });
    it('records the card port\'s answer once it is loaded', () => {
      given([issued()]).when({ type: 'RecordCardLoad', voucherId: 'v-1', outcome: { loaded: true, cardRef: 'card-1' } }, ctx).then([{ type: 'VoucherLoadedOnCard', data: { voucherId: 'v-1', cardRef: 'card-1' } }]);
      given([issued(), { type: 'VoucherLoadedOnCard', data: { voucherId: 'v-1', cardRef: 'card-1' } }]).when({ type: 'RecordCardLoad', voucherId: 'v-1', outcome: { loaded: true, cardRef: 'card-1' } }, ctx).thenNothing();
    });
    it('is withdrawn from the card once cancelled or expired: a failure recorded with its reason, then withdrawn once', () => {
      const loaded: VoucherEvent = { type: 'VoucherLoadedOnCard', data: { voucherId: 'v-1', cardRef: 'card-1' } };
      const cancelled: VoucherEvent = { type: 'VoucherCancelled', data: { voucherId: 'v-1', reason: '重复申领', on: '2026-11-25' } };
      const expired: VoucherEvent = { type: 'VoucherExpired', data: { voucherId: 'v-1', reason: '有效期至2027-01-31，逾期未使用', on: '2027-02-01' } };
      const withdraw = (outcome: Extract<VoucherCommand, { type: 'RecordCardWithdrawal' }>['outcome']): VoucherCommand => ({ type: 'RecordCardWithdrawal', voucherId: 'v-1', outcome });
      const failed: VoucherEvent = { type: 'VoucherCardWithdrawalFailed', data: { voucherId: 'v-1', reason: '电子社保卡平台暂不可用：HTTP 503' } };
      const withdrawn: VoucherEvent = { type: 'VoucherWithdrawnFromCard', data: { voucherId: 'v-1', withdrawalRef: 'w-1' } };
      given([issued(), loaded]).when(withdraw({ withdrawn: true, withdrawalRef: 'w-1' }), ctx).thenThrows(RuleViolationError, '无需从社保卡撤销');
      given([issued(), loaded, cancelled]).when(withdraw({ withdrawn: false, reason: '电子社保卡平台暂不可用：HTTP 503' }), ctx).then([failed]);
      given([issued(), loaded, cancelled, failed]).when(withdraw({ withdrawn: true, withdrawalRef: 'w-1' }), ctx).then([withdrawn]);
      given([issued(), loaded, cancelled, failed, withdrawn]).when(withdraw({ withdrawn: true, withdrawalRef: 'w-2' }), ctx).thenNothing();
      given([issued(), loaded, expired]).when(withdraw({ withdrawn: true, withdrawalRef: null }), ctx).then([{ type: 'VoucherWithdrawnFromCard', data: { voucherId: 'v-1', withdrawalRef: null } }]);
      // A load answered after the withdrawal does not put the voucher back on the record's card.
      given([issued(), cancelled, withdrawn]).when({ type: 'RecordCardLoad', voucherId: 'v-1', outcome: { loaded: true, cardRef: 'card-1' } }, ctx).thenNothing();
      const state = [issued(), loaded, cancelled, failed].reduce(voucherDecider.evolve, voucherDecider.initialState()) as HolderState;
      expect(state.vouchers[0]!.card).toEqual({ status: 'withdrawal_failed', ref: 'card-1', reason: '电子社保卡平台暂不可用：HTTP 503' });
      expect(needsCardWithdrawal(state.vouchers[0]!)).toBe(true);
      expect(needsCardWithdrawal(([issued(), loaded, cancelled, withdrawn].reduce(voucherDecider.evolve, voucherDecider.initialState()) as HolderState).vouchers[0]!)).toBe(false);
    });
  });

  describe('when used', () => {
    it('is not used again for another class; the same class again changes nothing', () => {
      given([issued(), used]).when(use({ classId: 'c-2' }), ctx).thenThrows(RuleViolationError, /已于2026-11-25用于中式烹调师班（520102-2026-0001），不能重复使用/);
      given([issued(), used]).when(use(), ctx).thenNothing();
    });
    it('does not block a new voucher, and never expires', () => {
      given([issued(), used]).when({ type: 'ExpireVouchers' }, testContext({}, '2027-06-01T01:00:00.000Z')).thenNothing();
      given([issued(), used]).when(issue('v-2'), ctx).then([{ ...issued('v-2') }]);
    });
    it('is active again when the enrolment could not be recorded', () => {
      const released: VoucherEvent = { type: 'VoucherUseReleased', data: { voucherId: 'v-1', classId: 'c-1', reason: '报名未能记录' } };
      given([issued(), used]).when({ type: 'ReleaseVoucherUse', voucherId: 'v-1', classId: 'c-1', reason: '报名未能记录' }, ctx).then([released]);
      given([issued(), used, released]).when(use({ classId: 'c-2' }), ctx).then([{ ...used, data: { ...used.data, classId: 'c-2' } } as VoucherEvent]);
    });
    it('is settled once against the class\'s approved application; a cancelled one is not', () => {
      const settle: VoucherCommand = { type: 'SettleVoucher', voucherId: 'v-1', applicationId: 'app-1', classId: 'c-1', amountFen: 80_000 };
      const settled: VoucherEvent = { type: 'VoucherSettled', data: { voucherId: 'v-1', applicationId: 'app-1', classId: 'c-1', amountFen: 80_000, on: '2026-11-25' } };
      given([issued(), used]).when(settle, ctx).then([settled]);
      given([issued(), used, settled]).when(settle, ctx).thenNothing();
      given([issued(), used, settled]).when({ type: 'CancelVoucher', voucherId: 'v-1', reason: '核查', mayManage: true }, ctx).thenThrows(RuleViolationError, '已结算');
      const cancelled: VoucherEvent = { type: 'VoucherCancelled', data: { voucherId: 'v-1', reason: '虚假培训', on: '2026-11-25' } };
      given([issued(), used, cancelled]).when(settle, ctx).thenThrows(RuleViolationError, '已作废');
      const state = [issued(), used, settled].reduce(voucherDecider.evolve, voucherDecider.initialState()) as HolderState;
      expect(state.vouchers[0]).toMatchObject({ status: 'settled', settlement: { applicationId: 'app-1', amountFen: 80_000 } });
    });
    it('has its settlement reversed once by the application that made it, and is used but unsettled again', () => {
      const settled: VoucherEvent = { type: 'VoucherSettled', data: { voucherId: 'v-1', applicationId: 'app-1', classId: 'c-1', amountFen: 80_000, on: '2026-11-25' } };
      const reverse = (applicationId = 'app-1'): VoucherCommand => ({ type: 'ReverseVoucherSettlement', voucherId: 'v-1', applicationId, reason: '公示异议成立：未实际参训' });
      const reversed: VoucherEvent = { type: 'VoucherSettlementReversed', data: { voucherId: 'v-1', applicationId: 'app-1', amountFen: 80_000, reason: '公示异议成立：未实际参训', on: '2026-11-25' } };
      given([issued(), used, settled]).when(reverse(), ctx).then([reversed]);
      given([issued(), used, settled, reversed]).when(reverse(), ctx).thenNothing();
      given([issued(), used, settled]).when(reverse('app-2'), ctx).thenNothing();
      given([issued(), used]).when(reverse(), ctx).thenNothing();
      const state = [issued(), used, settled, reversed].reduce(voucherDecider.evolve, voucherDecider.initialState()) as HolderState;
      expect(state.vouchers[0]).toMatchObject({ status: 'used', settlement: null, use: { classId: 'c-1' }, reversal: { applicationId: 'app-1', amountFen: 80_000, reason: '公示异议成立：未实际参训' } });
      // Used, not settled: a new approval of the class's funding may settle it again, and it may be cancelled.
      given([issued(), used, settled, reversed]).when({ type: 'SettleVoucher', voucherId: 'v-1', applicationId: 'app-2', classId: 'c-1', amountFen: 80_000 }, ctx).then([{ ...settled, data: { ...settled.data, applicationId: 'app-2' } } as VoucherEvent]);
    });
  });

  describe('an institution\'s acceptance', () => {
    const decide = (accepts: boolean, mayDecide = true): VoucherCommand => ({ type: 'DecideVoucherAcceptance', institutionId: 'inst-1', institutionName: '贵阳烹饪学校', accepts, reason: '定点机构', authority: { authorityId: 'auth-520102', mayDecide } });
    const opened: VoucherEvent = { type: 'VoucherAcceptanceDecided', data: { institutionId: 'inst-1', institutionName: '贵阳烹饪学校', accepts: true, reason: '定点机构', authorityId: 'auth-520102' } };
    it('is decided by its authority, each change an event', () => {
      given().when(decide(true), ctx).then([opened]);
      given([opened]).when(decide(true), ctx).thenNothing();
      given([opened]).when(decide(false), ctx).then([{ ...opened, data: { ...opened.data, accepts: false } } as VoucherEvent]);
      given().when(decide(true, false), ctx).thenThrows(ForbiddenError);
    });
  });
});
