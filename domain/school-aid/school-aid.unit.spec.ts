import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { aidStandardDecider, type AidStandardEvent } from '../aid-standard/aid-standard';
import { parseAidStandard, type AidStandardDetails } from '../aid-standard/aid-standard-input';
import type { AuthorityWindows } from '../school-window/school-window';
import type { StatusSegment } from '../student/student';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { schoolAidDecider, type AidApplication, type AidFacts, type SchoolAidCommand, type SchoolAidEvent } from './school-aid';
import { assessAid, parseAidApplication, splitFen, type StudentFacts } from './school-aid-rules';

const A = 'school-a';
const NOW = '2026-10-10T02:00:00.000Z';
const schoolA = testContext({ id: 'op-a', orgId: A }, NOW);
const province = testContext({ id: 'rev', orgId: 'prov' }, NOW);

const grantStandard: AidStandardDetails = parseAidStandard({
  kind: 'grant',
  schoolYear: 2026,
  termFrom: '2026-09-01',
  termTo: '2027-07-15',
  grantTiers: [{ tier: 'first', amountFen: 250_000 }, { tier: 'second', amountFen: 150_001 }],
  eligibleYears: [1, 2],
  disbursementDates: ['2026-11-30', '2027-05-31'],
});
const waiverStandard: AidStandardDetails = parseAidStandard({
  kind: 'waiver',
  schoolYear: 2026,
  termFrom: '2026-09-01',
  termTo: '2027-07-15',
  waiverAmounts: [{ classType: 'intermediate', amountFen: 240_000 }],
  disbursementDates: ['2026-12-15'],
});
const segment = (over: Partial<StatusSegment> = {}): StatusSegment => ({ from: '2026-09-01', phase: 'enrolled', schoolId: A, majorId: 'm', classType: 'intermediate', studyMode: 'full_time', cohortYear: 2026, ...over });
const student = (over: Partial<StudentFacts> = {}): StudentFacts => ({ studentId: 's1', name: '王小红', povertyRegistered: true, segments: [segment()], revision: 3, ...over });
const open: AuthorityWindows[] = [
  { authorityId: 'prov', authorityName: '省人社厅', windows: { grant: { from: '2026-10-01', to: '2026-10-31', note: '', closedOn: null }, waiver: { from: '2026-10-01', to: '2026-10-31', note: '', closedOn: null } } },
];

describe('aid assessment (a pure function of the standard and the student\'s status)', () => {
  it('splits an amount in fen over the dates, the odd fen to the first', () => {
    expect(splitFen(150_001, ['2026-11-30', '2027-05-31'])).toEqual([{ on: '2026-11-30', amountFen: 75_001 }, { on: '2027-05-31', amountFen: 75_000 }]);
    expect(splitFen(100, ['a', 'b', 'c']).map((d) => d.amountFen)).toEqual([34, 33, 33]);
  });
  it('a first-year, attending, poverty-registered student gets the tier\'s amount in two payments', () => {
    const a = assessAid('grant', grantStandard, student(), A, { tier: 'second', basis: 'poverty_registered' }, '2026-10-10');
    expect(a).toEqual({ amountFen: 150_001, classType: 'intermediate', yearOfStudy: 1, tier: 'second', basis: 'poverty_registered', disbursements: [{ on: '2026-11-30', amountFen: 75_001 }, { on: '2027-05-31', amountFen: 75_000 }] });
  });
  it('a waiver at the class type\'s amount', () => expect(assessAid('waiver', waiverStandard, student(), A, {}, '2026-10-10').amountFen).toBe(240_000));
  it('refuses a suspended student, and one suspended earlier in the term', () => {
    expect(() => assessAid('grant', grantStandard, student({ segments: [segment(), segment({ from: '2026-10-01', phase: 'suspended' })] }), A, { tier: 'first', basis: 'subsistence' }, '2026-10-10')).toThrow('休学状态');
    const resumed = [segment(), segment({ from: '2026-09-20', phase: 'suspended' }), segment({ from: '2026-10-05' })];
    expect(() => assessAid('grant', grantStandard, student({ segments: resumed }), A, { tier: 'first', basis: 'subsistence' }, '2026-10-10')).toThrow('2026-09-20起）曾休学或离校');
  });
  it('refuses a third-year student a grant for first and second years, naming the year', () =>
    expect(() => assessAid('grant', grantStandard, student({ segments: [segment({ cohortYear: 2024 })] }), A, { tier: 'first', basis: 'subsistence' }, '2026-10-10')).toThrow('为3年级（2024级）'));
  it('refuses the poverty basis for a student not registered as such, and a part-time student', () => {
    expect(() => assessAid('grant', grantStandard, student({ povertyRegistered: false }), A, { tier: 'first', basis: 'poverty_registered' }, '2026-10-10')).toThrow('未登记为建档立卡');
    expect(() => assessAid('waiver', waiverStandard, student({ segments: [segment({ studyMode: 'part_time' })] }), A, {}, '2026-10-10')).toThrow('全日制');
  });
  it('refuses a student of another school, and a class type the waiver does not cover', () => {
    expect(() => assessAid('waiver', waiverStandard, student(), 'school-b', {}, '2026-10-10')).toThrow('不是本校在籍学生');
    expect(() => assessAid('waiver', waiverStandard, student({ segments: [segment({ classType: 'advanced' })] }), A, {}, '2026-10-10')).toThrow('未设定高级工班的金额');
  });
  it('a grant application needs a tier and a basis; a school\'s own hardship finding needs a note', () => {
    expect(() => parseAidApplication({ studentId: 's1', kind: 'grant', schoolYear: 2026 })).toThrow(ValidationError);
    expect(() => parseAidApplication({ studentId: 's1', kind: 'grant', schoolYear: 2026, tier: 'first', basis: 'hardship' })).toThrow(ValidationError);
    expect(parseAidApplication({ studentId: 's1', kind: 'waiver', schoolYear: 2026 }).kind).toBe('waiver');
  });
  it('a standard refuses amounts that are not whole fen, and a grant without years', () => {
    expect(() => parseAidStandard({ ...grantStandard, grantTiers: [{ tier: 'first', amountFen: 2000.5 }] })).toThrow(ValidationError);
    expect(() => parseAidStandard({ ...grantStandard, eligibleYears: [] })).toThrow(ValidationError);
  });
});

describe('aid standard', () => {
  const given = specification(aidStandardDecider);
  const provinceOperator = testContext({ id: 'op', orgId: 'prov' }, NOW);
  const set: AidStandardEvent = { type: 'AidStandardSet', data: { standardId: 'grant-2026', authorityId: 'prov', details: grantStandard } };
  it('the province sets a standard', () => given().when({ type: 'SetAidStandard', authorityId: 'prov', details: grantStandard }, provinceOperator).then([set]));
  it('not in another department\'s name', () => given().when({ type: 'SetAidStandard', authorityId: 'prov', details: grantStandard }, schoolA).thenThrows(ForbiddenError));
  it('approval puts it in force as version 1', () =>
    given([set, { type: 'ReviewSubmitted', data: { round: 1, title: '', levels: ['province'], authorities: { province: 'prov' }, submitterOrgId: 'prov', submitterId: 'op', note: '' } }])
      .when({ type: 'ApproveReview', opinion: '同意' }, province)
      .then([{ type: 'ReviewApproved', data: { round: 1, level: 'province', opinion: '同意', attachments: [], final: true } }, { type: 'AidStandardApproved', data: { details: grantStandard, version: 1 } }]));
});

describe('aid application', () => {
  const given = specification(schoolAidDecider);
  const facts = (over: Partial<AidFacts> = {}): AidFacts => ({ standard: { version: 1, details: grantStandard }, student: student(), windows: open, ...over });
  const apply = (over: Partial<AidFacts> = {}): SchoolAidCommand => ({ type: 'ApplySchoolAid', applicationId: 'app-1', schoolId: A, input: parseAidApplication({ studentId: 's1', kind: 'grant', schoolYear: 2026, tier: 'first', basis: 'poverty_registered' }), facts: facts(over) });
  const application: AidApplication = {
    applicationId: 'app-1',
    kind: 'grant',
    schoolYear: 2026,
    studentId: 's1',
    studentName: '王小红',
    schoolId: A,
    note: '',
    standardVersion: 1,
    studentRevision: 3,
    amountFen: 250_000,
    classType: 'intermediate',
    yearOfStudy: 1,
    tier: 'first',
    basis: 'poverty_registered',
    disbursements: [{ on: '2026-11-30', amountFen: 125_000 }, { on: '2027-05-31', amountFen: 125_000 }],
  };
  const applied: SchoolAidEvent = { type: 'SchoolAidApplied', data: { application } };
  const submitted: SchoolAidEvent = { type: 'ReviewSubmitted', data: { round: 1, title: '', levels: ['province'], authorities: { province: 'prov' }, submitterOrgId: A, submitterId: 'op-a', note: '' } };

  it('records the amount with the standard\'s version and the student\'s revision it was computed from', () => given().when(apply(), schoolA).then([applied]));
  it('outside the period it is refused with the period\'s dates', () =>
    given()
      .when(apply({ windows: [{ ...open[0]!, windows: { grant: { from: '2026-11-01', to: '2026-11-30', note: '', closedOn: null } } }] }), schoolA)
      .thenThrows(RuleViolationError, '助学金申报时间为 2026-11-01 至 2026-11-30，尚未开始'));
  it('without an approved standard it is refused', () => given().when(apply({ standard: null }), schoolA).thenThrows(RuleViolationError, '2026学年国家助学金标准尚未审批生效'));
  it('another school cannot apply in this school\'s name', () => given().when(apply(), testContext({ id: 'op-b', orgId: 'school-b' }, NOW)).thenThrows(ForbiddenError));
  it('a second application while the first is reviewed is refused', () => given([applied, submitted]).when(apply(), schoolA).thenThrows(RuleViolationError, '正在审核中'));
  it('approval fixes the amount and the disbursements', () =>
    given([applied, submitted])
      .when({ type: 'ApproveReview', opinion: '同意' }, province)
      .then([{ type: 'ReviewApproved', data: { round: 1, level: 'province', opinion: '同意', attachments: [], final: true } }, { type: 'SchoolAidApproved', data: { amountFen: 250_000, disbursements: application.disbursements } }]));
  it('an approved application cannot be applied for again', () =>
    given([applied, submitted, { type: 'ReviewApproved', data: { round: 1, level: 'province', opinion: '同意', attachments: [], final: true } }, { type: 'SchoolAidApproved', data: { amountFen: 250_000, disbursements: application.disbursements } }])
      .when(apply(), schoolA)
      .thenThrows(RuleViolationError, '已审批通过'));
  it('a returned application is applied for again, recomputed, in a new round', () => {
    const returned: SchoolAidEvent = { type: 'ReviewReturned', data: { round: 1, level: 'province', reason: '请补充低保证明', attachments: [] } };
    given([applied, submitted, returned]).when(apply({ student: student({ revision: 5 }) }), schoolA).then([{ type: 'SchoolAidApplied', data: { application: { ...application, studentRevision: 5 } } }]);
  });
});
