// The training-funding calculation (who is funded and why each other person is not) and the
// application decider (an edited amount refused; the final approval names its reservation).
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError } from '../shared/errors';
import type { ApprovedStandard } from '../subsidy-standard/in-force';
import { DEFAULT_ELIGIBILITY_POLICY } from '../training-class/eligibility';
import { payableFen, reservationIdOf, subsidyApplicationDecider, unpayableReason, type RecordedCalculation, type SubsidyApplicationEvent } from './application';
import { calculateTrainingFunding, type FundingFacts, type ParticipantFacts } from './calculation';

const standard = (id: string, authorityKind: 'province' | 'prefecture', amountFen: number, over: Partial<ApprovedStandard['scope']> = {}, unit: 'per_person' | 'per_day' = 'per_person'): ApprovedStandard => ({
  standardId: id,
  authorityId: authorityKind === 'province' ? 'auth-520000' : 'auth-520100',
  authorityKind,
  scope: { subject: 'training', trainingKind: null, occupationCode: null, level: null, personCategory: null, ...over },
  versions: [
    { amountFen, unit, effectiveFrom: '2026-01-01', basis: '文号1', version: 1, approvedOn: '2025-12-20' },
    { amountFen: amountFen + 10_000, unit, effectiveFrom: '2026-07-01', basis: '文号2', version: 2, approvedOn: '2026-06-20' },
  ],
});

const person = (id: string, over: Partial<ParticipantFacts> = {}): ParticipantFacts => ({
  participantId: id,
  name: `学员${id}`,
  idNumberMasked: '520102********0011',
  funding: 'subsidised',
  completed: true,
  completionReasons: [],
  ratePermille: 950,
  assessmentPassed: true,
  certificateNo: `C-${id}`,
  personCategory: 'rural_migrant',
  claims: [],
  ...over,
});

const facts = (participants: ParticipantFacts[], over: Partial<FundingFacts> = {}): FundingFacts => ({
  class: {
    classId: 'class-1', classNo: 'GZ-2026-0001', name: '中式烹调师（四级）就业技能培训班', institutionId: 'inst-1', kind: 'employment', subKind: null,
    occupation: { code: '4-03-02-01', name: '中式烹调师', level: '4' }, plannedStart: '2026-03-02', startedOn: '2026-03-02', completedOn: '2026-03-20', days: 15,
    minAttendancePercent: 80, assessmentRequired: true,
  },
  participants,
  fraudExclusions: [],
  attendanceSource: 'class_completion',
  policy: { policy: DEFAULT_ELIGIBILITY_POLICY, version: 0 },
  standards: [standard('province-general', 'province', 100_000), standard('city-cooking', 'prefecture', 150_000, { occupationCode: '4-03' })],
  ...over,
});

describe('training funding calculation', () => {
  it('funds the completed, subsidised, eligible trainees at the standard in force on the start, and says why each other one is not', () => {
    const earlier = { classId: 'c-0', className: '早前的班', details: { kind: 'employment' as const, subKind: null, occupation: { code: '4-03-02-01', name: '中式烹调师', level: '4' as const }, plannedStart: '2025-05-01' } };
    const result = calculateTrainingFunding(
      facts(
        [
          person('a'),
          person('b', { funding: 'self_paid' }),
          person('c', { completed: false, completionReasons: ['出勤率70.0%，低于结业要求的80%'], ratePermille: 700 }),
          person('d', { claims: [earlier] }),
          person('e'),
        ],
        { fraudExclusions: [{ participantId: 'e', signalId: 'signal-123456789', reason: '代签到' }] },
      ),
    );
    // The prefecture's occupation-group standard (version 1, in force on 2026-03-02) wins over the province's.
    expect(result.eligible).toEqual([{ participantId: 'a', name: '学员a', idNumberMasked: '520102********0011', ratePermille: 950, amountFen: 150_000, standardId: 'city-cooking', standardVersion: 1 }]);
    expect(result.totalFen).toBe(150_000);
    expect(result.standards.map((s) => [s.standardId, s.version])).toEqual([['city-cooking', 1]]);
    expect(Object.fromEntries(result.excluded.map((e) => [e.participantId, e.reasons]))).toEqual({
      b: ['自费参加培训，不在补贴范围'],
      c: ['未结业（出勤率70.0%，低于结业要求的80%）'],
      d: ['已参加过“中式烹调师（4-03-02-01）四级/中级工”的补贴性培训（早前的班），同一职业（工种）同一等级只能享受一次补贴'],
      e: ['考勤存在经确认的欺诈（预警signal-1：代签到）'],
    });
  });

  it('pays a per-day standard by the timetable\'s days, and excludes a person no standard covers', () => {
    const daily = standard('daily', 'province', 5_000, { personCategory: 'poor_family' }, 'per_day');
    const result = calculateTrainingFunding(facts([person('a', { personCategory: 'poor_family' }), person('b', { personCategory: 'other' })], { standards: [daily] }));
    expect(result.eligible.map((e) => [e.participantId, e.amountFen])).toEqual([['a', 75_000]]);
    expect(result.excluded[0]!.reasons).toEqual(['开班日（2026-03-02）没有适用的补贴标准（人员类别：other）']);
  });

  it('is the same whatever the order the standards were read in', () => {
    const f = facts([person('a')]);
    expect(calculateTrainingFunding({ ...f, standards: [...f.standards].reverse() })).toEqual(calculateTrainingFunding(f));
  });
});

describe('training funding application decider', () => {
  const given = specification(subsidyApplicationDecider);
  const institution = testContext({ id: 'op', orgId: 'inst-1' }, '2026-03-25T02:00:00.000Z');
  const f = facts([person('a'), person('b', { funding: 'self_paid' })]);
  const calculation: RecordedCalculation = { facts: f, result: calculateTrainingFunding(f), computedAt: '42', computedOn: '2026-03-25T02:00:00.000Z' };
  const source = { payerId: 'auth-520102', line: 'employment_subsidy' as const, year: 2026, fundId: 'fund-1' };
  const applied: SubsidyApplicationEvent = { type: 'TrainingFundingApplied', data: { applicationId: 'app-1', classId: 'class-1', classNo: 'GZ-2026-0001', className: f.class.name, institutionId: 'inst-1', source, calculation } };

  it('records the calculation; refuses another institution, an edited amount and a class where nobody qualifies', () => {
    given().when({ type: 'ApplyTrainingFunding', applicationId: 'app-1', source, calculation }, institution).then([applied]);
    given().when({ type: 'ApplyTrainingFunding', applicationId: 'app-1', source, calculation }, testContext({ id: 'x', orgId: 'inst-2' })).thenThrows(ForbiddenError, '开班机构');
    const edited = { ...calculation, result: { ...calculation.result, totalFen: 999_999 } };
    given().when({ type: 'ApplyTrainingFunding', applicationId: 'app-1', source, calculation: edited }, institution).thenThrows(RuleViolationError, '不能手工修改金额');
    const nobody = facts([person('b', { funding: 'self_paid' })]);
    given()
      .when({ type: 'ApplyTrainingFunding', applicationId: 'app-1', source, calculation: { ...calculation, facts: nobody, result: calculateTrainingFunding(nobody) } }, institution)
      .thenThrows(RuleViolationError, '没有符合补贴条件的学员');
  });

  it('names the fund reservation of the round on the final approval', () => {
    const submitted: SubsidyApplicationEvent = { type: 'ReviewSubmitted', data: { round: 1, title: 't', levels: ['county'], authorities: { county: 'auth-520102' }, submitterOrgId: 'inst-1', submitterId: 'op', note: '' } };
    const reviewer = testContext({ id: 'rev', orgId: 'auth-520102' });
    const notice = { publishedOn: '2026-03-26', until: '2026-04-02', days: 5, dayKind: 'working' as const };
    given([applied, submitted])
      .when({ type: 'ApproveReview', opinion: '同意', notice }, reviewer)
      .then([
        { type: 'ReviewApproved', data: { round: 1, level: 'county', opinion: '同意', attachments: [], final: true } },
        { type: 'TrainingFundingApproved', data: { fundId: 'fund-1', reservationId: reservationIdOf('app-1', 1), amountFen: 150_000, round: 1 } },
        { type: 'TrainingFundingNoticePublished', data: notice },
      ]);
    given([applied, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, reviewer).thenThrows(RuleViolationError, '缺少公示期');
  });

  describe('公示 and objections', () => {
    const notice = { publishedOn: '2026-03-26', until: '2026-04-02', days: 5, dayKind: 'working' as const };
    const two = facts([person('a'), person('c')]);
    const approvedHistory: SubsidyApplicationEvent[] = [
      { ...applied, data: { ...applied.data, calculation: { ...calculation, facts: two, result: calculateTrainingFunding(two) } } },
      { type: 'ReviewSubmitted', data: { round: 1, title: 't', levels: ['county'], authorities: { county: 'auth-520102' }, submitterOrgId: 'inst-1', submitterId: 'op', note: '' } },
      { type: 'ReviewApproved', data: { round: 1, level: 'county', opinion: '同意', attachments: [], final: true } },
      { type: 'TrainingFundingApproved', data: { fundId: 'fund-1', reservationId: 'app-1#1', amountFen: 300_000, round: 1 } },
      { type: 'TrainingFundingNoticePublished', data: notice },
    ];
    const authority = testContext({ id: 'rev', orgId: 'auth-520102' }, '2026-03-28T02:00:00.000Z');
    const objection = { participantId: 'c', content: '该学员未实际参加培训', receivedOn: '2026-03-28', channel: '来信' };
    const recorded: SubsidyApplicationEvent = { type: 'TrainingFundingObjectionRecorded', data: { objectionId: 'o-1', ...objection, participantName: '学员c' } };

    it('records an objection on a listed person (by the payer or above), and an upheld one takes the person\'s amount out', () => {
      given(approvedHistory).when({ type: 'RecordObjection', objectionId: 'o-1', objection, mayHandle: true }, authority).then([recorded]);
      given(approvedHistory).when({ type: 'RecordObjection', objectionId: 'o-1', objection, mayHandle: false }, authority).thenThrows(ForbiddenError, '支付单位');
      given(approvedHistory).when({ type: 'RecordObjection', objectionId: 'o-1', objection: { ...objection, participantId: 'zz' }, mayHandle: true }, authority).thenThrows(RuleViolationError, '不在本次公示');
      given([...approvedHistory, recorded])
        .when({ type: 'ResolveObjection', objectionId: 'o-1', upheld: true, resolution: '经核实属实', mayHandle: true }, authority)
        .then([{ type: 'TrainingFundingObjectionResolved', data: { objectionId: 'o-1', upheld: true, resolution: '经核实属实', resolvedOn: '2026-03-28', removedFen: 150_000, revokes: false } }]);
    });

    it('is payable only after the period, with every objection resolved', () => {
      const state = (events: SubsidyApplicationEvent[]) => events.reduce(subsidyApplicationDecider.evolve, subsidyApplicationDecider.initialState());
      const open = state([...approvedHistory, recorded]);
      if (open.status !== 'active') throw new Error('expected an application');
      expect(unpayableReason(open, '2026-04-02')).toBe('公示期至2026-04-02，公示期满后才能支付');
      expect(unpayableReason(open, '2026-04-03')).toBe('有1条公示异议尚未处理');
      const upheld = state([...approvedHistory, recorded, { type: 'TrainingFundingObjectionResolved', data: { objectionId: 'o-1', upheld: true, resolution: '属实', resolvedOn: '2026-03-29', removedFen: 150_000, revokes: false } }]);
      if (upheld.status !== 'active') throw new Error('expected an application');
      expect([unpayableReason(upheld, '2026-04-03'), payableFen(upheld), upheld.removed]).toEqual([null, 150_000, ['c']]);
    });
  });
});
