// 个人补贴: the calculation (amount from the standard in force, named by version; every reason a
// case is refused) and the decider by state: applying with the recorded calculation (a hand-edited
// amount refused), the once-only limits decided on the person's stream, the approval reserving and
// publishing the 公示, objections, and a new application only once the one in hand is settled.
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import type { ApprovedStandard } from '../subsidy-standard/in-force';
import { calculatePersonalSubsidy, parseEvidence, type PersonalSubsidyFacts } from './calculation';
import { personalSubsidyDecider, personalUnpayableReason, type PersonalCalculation, type PersonalSubsidyEvent } from './personal-subsidy';

const standard = (id: string, subject: ApprovedStandard['scope']['subject'], amountFen: number, unit: 'per_person' | 'per_day' = 'per_person', extra: Partial<ApprovedStandard['scope']> = {}): ApprovedStandard => ({
  standardId: id,
  authorityId: 'province',
  authorityKind: 'province',
  scope: { subject, trainingKind: null, occupationCode: null, level: null, personCategory: null, ...extra },
  versions: [
    { version: 1, amountFen: amountFen / 2, unit, effectiveFrom: '2025-01-01', basis: '黔人社通〔2025〕1号', approvedOn: '2025-01-01' },
    { version: 2, amountFen, unit, effectiveFrom: '2026-01-01', basis: '黔人社通〔2026〕1号', approvedOn: '2026-01-01' },
  ],
});
const STANDARDS = [standard('s-skill', 'skill_upgrade', 150_000, 'per_person', { level: '4' }), standard('s-living', 'living_allowance', 3_000, 'per_day'), standard('s-startup', 'startup', 500_000)];

const baseFacts = (over: Partial<PersonalSubsidyFacts> = {}): PersonalSubsidyFacts => ({
  kind: 'skill_upgrade',
  person: { personId: 'p-1', name: '张三', idNumberMasked: '520102********0011', personCategory: 'rural_migrant' },
  class: { classId: 'c-1', classNo: 'C001', name: '电工四级班', institutionId: 'inst-1', kind: 'upskilling', subKind: null, occupation: { code: '6-31-01-03', name: '电工', level: '4' }, startedOn: '2026-03-02', completedOn: '2026-03-20', days: 10 },
  outcome: { completed: true, reasons: [], certificateNo: 'C001-001' },
  evidence: { kind: 'skill_upgrade', insuredMonths: 24, insuranceProof: 'GZ2026-0001' },
  standards: STANDARDS,
  ...over,
});

describe('personal subsidy calculation', () => {
  it('pays the skill-upgrade standard in force on the class start, naming its version', () => {
    const r = calculatePersonalSubsidy(baseFacts());
    expect(r).toMatchObject({ amountFen: 150_000, refusals: [], claimKey: 'occupation:6-31-01-03:4', standard: { standardId: 's-skill', version: 2 } });
    const earlier = calculatePersonalSubsidy(baseFacts({ class: { ...baseFacts().class, startedOn: '2025-06-01' } }));
    expect(earlier).toMatchObject({ amountFen: 75_000, standard: { version: 1 } });
  });
  it('refuses an uninsured worker or one without a certificate, with every reason', () => {
    const r = calculatePersonalSubsidy(baseFacts({ outcome: { completed: true, reasons: [], certificateNo: null }, evidence: { kind: 'skill_upgrade', insuredMonths: 6, insuranceProof: 'x' } }));
    expect(r.amountFen).toBe(0);
    expect(r.refusals).toEqual(['本系统中没有其取得的证书', '参加失业保险6个月，不满12个月']);
  });
  it('pays the living allowance per day to a trainee of a poor family only', () => {
    const living = { kind: 'living_allowance' as const, evidence: { kind: 'living_allowance' as const } };
    expect(calculatePersonalSubsidy(baseFacts({ ...living, person: { ...baseFacts().person, personCategory: 'poor_family_child' } }))).toMatchObject({ amountFen: 30_000, days: 10, claimKey: 'class:c-1' });
    expect(calculatePersonalSubsidy(baseFacts(living)).refusals).toEqual(['人员类别不是贫困家庭子女（rural_migrant）']);
  });
  it('pays the start-up subsidy to an SYB graduate whose business was registered after the start', () => {
    const syb = { ...baseFacts().class, kind: 'entrepreneurship' as const, subKind: 'syb' as const, occupation: null };
    const facts = baseFacts({ kind: 'startup', class: syb, evidence: { kind: 'startup', licenceNo: '91520102MA6DKXXX0X', registeredOn: '2026-04-01', businessName: '张三小吃店' } });
    expect(calculatePersonalSubsidy(facts)).toMatchObject({ amountFen: 500_000, claimKey: 'startup' });
    expect(calculatePersonalSubsidy({ ...facts, evidence: { ...facts.evidence, registeredOn: '2026-01-05' } as never }).refusals).toEqual(['营业执照登记日期2026-01-05早于培训开班日2026-03-02，不是培训后创业']);
    expect(calculatePersonalSubsidy({ ...facts, class: { ...syb, subKind: 'gyb' } }).refusals).toEqual(['不是创办你的企业（SYB）创业培训班']);
  });
  it('refuses a fourth 技能提升补贴 in the year of the certificate (the national 3), or past the cap the standard sets, naming the earlier ones', () => {
    const held = (n: number, year = '2026') => Array.from({ length: n }, (_, i) => ({ claimId: `k-${i}`, className: `第${i + 1}个班`, subject: `工种${i + 1}`, year }));
    expect(calculatePersonalSubsidy(baseFacts({ skillUpgradeClaims: held(2) })).refusals).toEqual([]);
    expect(calculatePersonalSubsidy(baseFacts({ skillUpgradeClaims: held(3, '2025') })).refusals).toEqual([]);
    expect(calculatePersonalSubsidy(baseFacts({ skillUpgradeClaims: held(3) })).refusals).toEqual([
      '2026年已享受技能提升补贴3次，达到每人每年3次的上限（国家规定每人每年最多享受3次）：第1个班（工种1）、第2个班（工种2）、第3个班（工种3）',
    ]);
    const capped = standard('s-skill', 'skill_upgrade', 150_000, 'per_person', { level: '4' });
    const withCap: ApprovedStandard = { ...capped, versions: capped.versions.map((v) => ({ ...v, maxPerPersonPerYear: 1 })) };
    const r = calculatePersonalSubsidy(baseFacts({ standards: [withCap], skillUpgradeClaims: held(1) }));
    expect(r.standard).toMatchObject({ standardId: 's-skill', maxPerPersonPerYear: 1 });
    expect(r.refusals).toEqual(['2026年已享受技能提升补贴1次，达到每人每年1次的上限（补贴标准：黔人社通〔2026〕1号）：第1个班（工种1）']);
    // Facts recorded before the cap existed carry no claims: their result is what it was.
    expect(calculatePersonalSubsidy(baseFacts()).standard).not.toHaveProperty('maxPerPersonPerYear');
  });

  it('refuses when no standard is in force, or the person is not on the roster', () => {
    expect(calculatePersonalSubsidy(baseFacts({ standards: [] })).refusals).toEqual(['开班日（2026-03-02）没有适用的技能提升补贴标准']);
    expect(calculatePersonalSubsidy(baseFacts({ outcome: null })).refusals[0]).toBe('张三不在电工四级班的学员名单中');
  });
  it('refuses bad evidence with Chinese messages', () => {
    expect(() => parseEvidence('startup', { licenceNo: '123', registeredOn: '2026-02-30', businessName: '' })).toThrow(ValidationError);
    const messages = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return JSON.stringify((error as ValidationError).fields);
      }
      return '';
    };
    expect(messages(() => parseEvidence('skill_upgrade', { insuredMonths: -1, insuranceProof: 'a' }))).toMatch(/失业保险缴费月数/);
    expect(messages(() => parseEvidence('other', {}))).toMatch(/补贴类型/);
  });
});

const given = specification(personalSubsidyDecider);
const counter = testContext({ id: 'clerk-1', orgId: 'county-1' }, '2026-04-10T02:00:00.000Z');
const source = { payerId: 'county-1', line: 'employment_subsidy' as const, year: 2026, fundId: 'fund-1' };
const calc = (facts = baseFacts()): PersonalCalculation => ({ facts, result: calculatePersonalSubsidy(facts), computedAt: '42', computedOn: '2026-04-10T02:00:00.000Z' });
const apply = (applicationId = 'a-1', facts = baseFacts()) => ({ type: 'ApplyPersonalSubsidy' as const, subsidyId: 'ps-1', applicationId, applicantOrgId: 'county-1', source, calculation: calc(facts) });
const applied = (applicationId = 'a-1', facts = baseFacts(), appliedOn = '2026-04-10'): PersonalSubsidyEvent => ({
  type: 'PersonalSubsidyApplied',
  data: { subsidyId: 'ps-1', applicationId, personId: 'p-1', personName: '张三', idNumberMasked: '520102********0011', kind: facts.kind, applicantOrgId: 'county-1', appliedOn, source, calculation: calc(facts) },
});
const submitted = (round = 1): PersonalSubsidyEvent => ({ type: 'ReviewSubmitted', data: { round, levels: ['county'], authorities: { county: 'county-1' }, submitterOrgId: 'county-1', submitterId: 'clerk-1', note: '', title: '' } } as never);
const notice = { publishedOn: '2026-04-11', until: '2026-04-18', days: 5, dayKind: 'working' as const };
const approvedEvents = (applicationId = 'a-1', round = 1): PersonalSubsidyEvent[] => [
  { type: 'ReviewApproved', data: { round, level: 'county', opinion: '同意', attachments: [], final: true } } as never,
  { type: 'PersonalSubsidyApproved', data: { applicationId, fundId: 'fund-1', reservationId: `personal-subsidy:ps-1:${applicationId}#${round}`, amountFen: 150_000, round } },
  { type: 'PersonalSubsidyNoticePublished', data: { ...notice, applicationId } },
];
const reviewer = testContext({ id: 'rev-1', orgId: 'county-1' }, '2026-04-11T02:00:00.000Z');
const ordered = (applicationId = 'a-1'): PersonalSubsidyEvent => ({ type: 'PersonalSubsidyPaymentOrdered', data: { applicationId, paymentId: 'pay-1', batchId: 'b-1', amountFen: 150_000 } });
const paid = (applicationId = 'a-1'): PersonalSubsidyEvent => ({ type: 'PersonalSubsidyPaid', data: { applicationId, paymentId: 'pay-1', batchId: 'b-1', bankRef: 'BANK-1', paidOn: '2026-04-25' } });

describe('personal subsidy decider', () => {
  describe('when none', () => {
    it('records the application with its calculation', () => given().when(apply(), counter).then([applied()]));
    it('refuses a hand-edited amount', () => {
      const edited = apply();
      edited.calculation.result = { ...edited.calculation.result, amountFen: 999_999 };
      given().when(edited, counter).thenThrows(RuleViolationError, '不能手工修改金额');
    });
    it('refuses a case that does not hold, with the reasons', () =>
      given().when(apply('a-1', baseFacts({ evidence: { kind: 'skill_upgrade', insuredMonths: 3, insuranceProof: 'x' } })), counter).thenThrows(RuleViolationError, '不符合技能提升补贴条件：参加失业保险3个月，不满12个月'));
  });

  describe('when applied', () => {
    it('is the same application made again: nothing', () => given([applied()]).when(apply(), counter).thenNothing());
    it('refuses a second application while the first is in hand', () =>
      given([applied()]).when(apply('a-2', baseFacts({ class: { ...baseFacts().class, classId: 'c-2', occupation: { code: '6-31-01-03', name: '电工', level: '3' } }, standards: [standard('s-skill3', 'skill_upgrade', 200_000)] })), counter).thenThrows(RuleViolationError, '尚未办结'));
    it('approves at the final level: reserves and publishes the notice', () =>
      given([applied(), submitted()]).when({ type: 'ApproveReview', opinion: '同意', attachments: [], notice } as never, reviewer).then(approvedEvents()));
    it('refuses an approval without a notice period', () =>
      given([applied(), submitted()]).when({ type: 'ApproveReview', opinion: '同意', attachments: [] }, reviewer).thenThrows(RuleViolationError, '公示'));
    it('refuses a submission by another organisation', () =>
      given([applied()]).when({ type: 'SubmitForReview', authorities: { county: 'county-1' }, note: '' }, testContext({ orgId: 'inst-9' })).thenThrows(ForbiddenError));
  });

  describe('when approved and in 公示', () => {
    const history = [applied(), submitted(), ...approvedEvents()];
    const objection = { participantId: null, content: '其未在本地参保', receivedOn: '2026-04-12', channel: '来电' };
    it('records an objection by the payer only', () => {
      given(history).when({ type: 'RecordPersonalSubsidyObjection', objectionId: 'o-1', objection, mayHandle: true }, reviewer).then([{ type: 'PersonalSubsidyObjectionRecorded', data: { applicationId: 'a-1', objectionId: 'o-1', ...objection } }]);
      given(history).when({ type: 'RecordPersonalSubsidyObjection', objectionId: 'o-1', objection, mayHandle: false }, reviewer).thenThrows(ForbiddenError);
    });
    it('an upheld objection revokes the subsidy and gives the amount back', () =>
      given([...history, { type: 'PersonalSubsidyObjectionRecorded', data: { applicationId: 'a-1', objectionId: 'o-1', ...objection } }])
        .when({ type: 'ResolvePersonalSubsidyObjection', objectionId: 'o-1', upheld: true, resolution: '核实属实', mayHandle: true }, reviewer)
        .then([{ type: 'PersonalSubsidyObjectionResolved', data: { applicationId: 'a-1', objectionId: 'o-1', upheld: true, resolution: '核实属实', resolvedOn: '2026-04-11', releasedFen: 150_000 } }]));
    it('is payable only after the period with every objection resolved', () => {
      const state = history.reduce(personalSubsidyDecider.evolve, personalSubsidyDecider.initialState());
      if (state.status !== 'active') throw new Error('expected active');
      expect(personalUnpayableReason(state.current, '2026-04-18')).toBe('公示期至2026-04-18，公示期满后才能支付');
      expect(personalUnpayableReason(state.current, '2026-04-19')).toBeNull();
    });
    it('is ordered for payment only after the period, once; the bank\'s outcome is recorded once', () => {
      const order = { type: 'OrderPersonalSubsidyPayment' as const, paymentId: 'pay-1', batchId: 'b-1', today: '2026-04-18' };
      given(history).when(order, reviewer).thenThrows(RuleViolationError, '张三的补贴不能支付：公示期至2026-04-18，公示期满后才能支付');
      given(history).when({ ...order, today: '2026-04-19' }, reviewer).then([ordered()]);
      given([...history, ordered()]).when({ ...order, today: '2026-04-19' }, reviewer).thenNothing();
      given([...history, ordered()]).when({ ...order, paymentId: 'pay-2', today: '2026-04-19' }, reviewer).thenThrows(RuleViolationError, '已生成支付指令');
      const outcome = { type: 'RecordPersonalSubsidyPaymentOutcome' as const, paymentId: 'pay-1', batchId: 'b-1', status: 'failed' as const, bankRef: '', reason: '社保卡已冻结' };
      given([...history, ordered()]).when(outcome, reviewer).then([{ type: 'PersonalSubsidyPaymentFailed', data: { applicationId: 'a-1', paymentId: 'pay-1', batchId: 'b-1', reason: '社保卡已冻结', failedOn: '2026-04-11' } }]);
      given([...history, ordered(), paid()]).when(outcome, reviewer).thenNothing();
      given([...history, ordered()]).when({ ...outcome, paymentId: 'other' }, reviewer).thenThrows(RuleViolationError, '支付结果与本申请的支付指令不符');
    });
    it('the same occupation and level is refused once the first is paid; another level is accepted', () => {
      const later = testContext({ id: 'clerk-1', orgId: 'county-1' }, '2026-05-10T02:00:00.000Z');
      given(history).when(apply('a-2'), later).thenThrows(RuleViolationError, '尚未办结');
      const settled = [...history, ordered(), paid()];
      given(settled).when(apply('a-2'), later).thenThrows(RuleViolationError, '同一职业（工种）同一等级的技能提升补贴每人只能享受一次：2026-04-10已申请');
      const level3 = baseFacts({ class: { ...baseFacts().class, classId: 'c-2', occupation: { code: '6-31-01-03', name: '电工', level: '3' } }, standards: [standard('s-skill3', 'skill_upgrade', 200_000)] });
      const events = personalSubsidyDecider.decide(apply('a-2', level3), settled.reduce(personalSubsidyDecider.evolve, personalSubsidyDecider.initialState()), later);
      expect(events).toHaveLength(1);
      const state = [...settled, ...events].reduce(personalSubsidyDecider.evolve, personalSubsidyDecider.initialState());
      expect(state.status === 'active' && [state.history.length, state.current.review]).toEqual([1, { status: 'draft', round: 1 }]);
    });
  });

  describe('when its payment failed (重新支付)', () => {
    const failed: PersonalSubsidyEvent = { type: 'PersonalSubsidyPaymentFailed', data: { applicationId: 'a-1', paymentId: 'pay-1', batchId: 'b-1', reason: '社保卡已冻结', failedOn: '2026-04-25' } };
    const history = [applied(), submitted(), ...approvedEvents(), ordered(), failed];
    const payer = testContext({ id: 'payer-1', orgId: 'county-1' }, '2026-04-26T02:00:00.000Z');
    const payee = { account: { cipher: 'c2', blindIndex: 'bi-new', masked: '6222****0022' }, accountName: '张三' };
    const request = { type: 'RequestPersonalSubsidyReissue' as const, reissueId: 'r-1', reason: '原卡冻结，更换社保卡', payee, failedAccount: 'bi-old', mayHandle: true };
    const requested: PersonalSubsidyEvent = { type: 'PersonalSubsidyReissueRequested', data: { applicationId: 'a-1', reissueId: 'r-1', failedPaymentId: 'pay-1', reason: '原卡冻结，更换社保卡', requestedBy: 'payer-1', requestedByOrg: 'county-1', ...payee } };
    const reissueSubmitted: PersonalSubsidyEvent = { type: 'ReviewSubmitted', data: { round: 2, levels: ['county'], authorities: { county: 'county-1' }, submitterOrgId: 'county-1', submitterId: 'payer-1', note: '', title: '' } } as never;
    const reissueApproved: PersonalSubsidyEvent[] = [
      { type: 'ReviewApproved', data: { round: 2, level: 'county', opinion: '同意', attachments: [], final: true } } as never,
      { type: 'PersonalSubsidyReissueApproved', data: { applicationId: 'a-1', reissueId: 'r-1', failedPaymentId: 'pay-1', fundId: 'fund-1', reservationId: 'personal-subsidy:ps-1:a-1#2', amountFen: 150_000, round: 2 } },
    ];
    const stateOf = (events: PersonalSubsidyEvent[]) => {
      const state = events.reduce(personalSubsidyDecider.evolve, personalSubsidyDecider.initialState());
      if (state.status !== 'active') throw new Error('expected active');
      return state;
    };

    it('is requested by the payer with a new account, referencing the failed payment', () => given(history).when(request, payer).then([requested]));
    it('is the same request made again: nothing', () => given([...history, requested]).when(request, payer).thenNothing());
    it('refuses another organisation, the account the payment failed on, a missing reason, a second while one is in review', () => {
      given(history).when({ ...request, mayHandle: false }, payer).thenThrows(ForbiddenError, '只有支付单位或其上级人社部门可以申请重新支付');
      given(history).when({ ...request, failedAccount: 'bi-new' }, payer).thenThrows(RuleViolationError, '新的社保卡金融账户与支付失败时的账户相同');
      given(history).when({ ...request, reason: '  ' }, payer).thenThrows(RuleViolationError, '请填写重新支付的原因');
      given([...history, requested, reissueSubmitted]).when({ ...request, reissueId: 'r-2' }, payer).thenThrows(RuleViolationError, '已有审核中的重新支付申请');
    });
    it('refuses a payment that did not fail (ordered or paid)', () => {
      given([applied(), submitted(), ...approvedEvents(), ordered()]).when(request, payer).thenThrows(RuleViolationError, '只有支付失败的补贴可以申请重新支付');
      given([applied(), submitted(), ...approvedEvents(), ordered(), paid()]).when(request, payer).thenThrows(RuleViolationError, '只有支付失败的补贴可以申请重新支付');
    });
    it('is reviewed through the one workflow in its own round: the requester may not approve it; the final approval reserves again under a new reservation', () => {
      given([...history, requested]).when({ type: 'SubmitForReview', authorities: { county: 'county-1' }, note: '' }, testContext({ id: 'clerk-9', orgId: 'inst-9' })).thenThrows(ForbiddenError, '只有申请重新支付的单位可以提交审核');
      given([...history, requested, reissueSubmitted]).when({ type: 'ApproveReview', opinion: '同意', attachments: [], notice } as never, payer).thenThrows(ForbiddenError, '提交人不能审核');
      given([...history, requested, reissueSubmitted]).when({ type: 'ApproveReview', opinion: '同意', attachments: [], notice } as never, reviewer).then(reissueApproved);
    });
    it('approved: the failed payment is kept, the new account is the payee, payable again once under a new payment id', () => {
      const state = stateOf([...history, requested, reissueSubmitted, ...reissueApproved]);
      expect(state.current.review.status).toBe('approved');
      expect(state.current.failedPayments).toEqual([{ paymentId: 'pay-1', batchId: 'b-1', amountFen: 150_000, status: 'failed', bankRef: null, reason: '社保卡已冻结', on: '2026-04-25' }]);
      expect([state.current.payment, state.current.reservation, state.current.payee]).toEqual([null, { fundId: 'fund-1', reservationId: 'personal-subsidy:ps-1:a-1#2', amountFen: 150_000 }, payee]);
      expect(personalUnpayableReason(state.current, '2026-04-27')).toBeNull();
      const order = { type: 'OrderPersonalSubsidyPayment' as const, paymentId: 'pay-2', batchId: 'b-2', today: '2026-04-27' };
      const reordered: PersonalSubsidyEvent = { type: 'PersonalSubsidyPaymentOrdered', data: { applicationId: 'a-1', paymentId: 'pay-2', batchId: 'b-2', amountFen: 150_000 } };
      given([...history, requested, reissueSubmitted, ...reissueApproved]).when(order, payer).then([reordered]);
      given([...history, requested, reissueSubmitted, ...reissueApproved, reordered]).when({ ...order, paymentId: 'pay-3', batchId: 'b-3' }, payer).thenThrows(RuleViolationError, '已生成支付指令');
    });
    it('while in review the failed payment is not payable; a rejected re-issue leaves the application approved and the claim held', () => {
      expect(personalUnpayableReason(stateOf([...history, requested, reissueSubmitted]).current, '2026-04-27')).toBe('支付失败：社保卡已冻结（重新支付审核中）');
      const rejected: PersonalSubsidyEvent = { type: 'ReviewRejected', data: { round: 2, level: 'county', reason: '账户信息不实', attachments: [] } };
      const state = stateOf([...history, requested, reissueSubmitted, rejected]);
      expect([state.current.review.status, state.current.reissues?.[0]?.review.status, state.current.payment?.status]).toEqual(['approved', 'rejected', 'failed']);
      expect(personalUnpayableReason(state.current, '2026-04-27')).toBe('支付失败：社保卡已冻结（可填写新的社保卡金融账户申请重新支付）');
      given([...history, requested, reissueSubmitted, rejected]).when(apply('a-2'), payer).thenThrows(RuleViolationError, '尚未办结');
      // A second request after the rejection is reviewed in the next round.
      given([...history, requested, reissueSubmitted, rejected]).when({ ...request, reissueId: 'r-2' }, payer).then([{ ...requested, data: { ...requested.data, reissueId: 'r-2' } } as PersonalSubsidyEvent]);
    });
  });

  it('one start-up subsidy per person: refused after a first that holds, accepted after a rejected one', () => {
    const syb = { ...baseFacts().class, kind: 'entrepreneurship' as const, subKind: 'syb' as const, occupation: null };
    const startup = baseFacts({ kind: 'startup', class: syb, evidence: { kind: 'startup', licenceNo: '91520102MA6DKXXX0X', registeredOn: '2026-04-01', businessName: '张三小吃店' } });
    const later = testContext({ id: 'clerk-1', orgId: 'county-1' }, '2026-06-10T02:00:00.000Z');
    const first = [applied('a-1', startup), submitted(), ...approvedEvents(), ordered(), paid()];
    given(first).when(apply('a-2', { ...startup, class: { ...syb, classId: 'c-3' } }), later).thenThrows(RuleViolationError, '一次性创业补贴每人只能享受一次');
    const rejected: PersonalSubsidyEvent = { type: 'ReviewRejected', data: { round: 1, level: 'county', reason: '材料不实', attachments: [] } };
    given([applied('a-1', startup), submitted(), rejected]).when(apply('a-2', startup), later).then([{ ...applied('a-2', startup, '2026-06-10') }]);
  });
});
