// 奖学金 (requirement 9(8), 9(11)): the third aid kind, in tiers for the years named like a grant,
// awarded on merit (a level and the grounds stated, no hardship basis), under the grant period.
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { parseAidStandard, type AidStandardDetails } from '../aid-standard/aid-standard-input';
import type { AuthorityWindows } from '../school-window/school-window';
import type { StatusSegment } from '../student/student';
import { RuleViolationError, ValidationError } from '../shared/errors';
import { schoolAidDecider, type AidFacts, type SchoolAidCommand } from './school-aid';
import { assessAid, parseAidApplication, type StudentFacts } from './school-aid-rules';

const A = 'school-a';
const NOW = '2026-10-10T02:00:00.000Z';
const schoolA = testContext({ id: 'op-a', orgId: A }, NOW);
const scholarship: AidStandardDetails = parseAidStandard({
  kind: 'scholarship',
  schoolYear: 2026,
  termFrom: '2026-09-01',
  termTo: '2027-07-15',
  grantTiers: [{ tier: 'first', amountFen: 500_000 }, { tier: 'second', amountFen: 300_000 }],
  eligibleYears: [2, 3],
  disbursementDates: ['2026-12-20'],
});
const segment = (over: Partial<StatusSegment> = {}): StatusSegment => ({ from: '2025-09-01', phase: 'enrolled', schoolId: A, majorId: 'm', classType: 'advanced', studyMode: 'full_time', cohortYear: 2025, ...over });
const student = (over: Partial<StudentFacts> = {}): StudentFacts => ({ studentId: 's1', name: '王小红', povertyRegistered: false, segments: [segment()], revision: 3, ...over });
const grantWindow = (from: string, to: string): AuthorityWindows[] => [{ authorityId: 'prov', authorityName: '省人社厅', windows: { grant: { from, to, note: '', closedOn: null } } }];

describe('scholarships', () => {
  it('a standard has one to three tiers and the years that qualify, in whole fen', () => {
    expect(scholarship).toMatchObject({ kind: 'scholarship', grantTiers: [{ tier: 'first', amountFen: 500_000 }, { tier: 'second', amountFen: 300_000 }], eligibleYears: [2, 3], waiverAmounts: [] });
    expect(() => parseAidStandard({ ...scholarship, eligibleYears: [] })).toThrow(ValidationError);
    expect(() => parseAidStandard({ ...scholarship, grantTiers: [] })).toThrow(ValidationError);
  });
  it('an application needs a tier and its grounds, and takes no hardship basis', () => {
    expect(() => parseAidApplication({ studentId: 's1', kind: 'scholarship', schoolYear: 2026, note: '技能大赛一等奖' })).toThrow(ValidationError);
    expect(() => parseAidApplication({ studentId: 's1', kind: 'scholarship', schoolYear: 2026, tier: 'first' })).toThrow(ValidationError);
    expect(() => parseAidApplication({ studentId: 's1', kind: 'scholarship', schoolYear: 2026, tier: 'first', basis: 'subsistence', note: '技能大赛一等奖' })).toThrow(ValidationError);
    expect(parseAidApplication({ studentId: 's1', kind: 'scholarship', schoolYear: 2026, tier: 'first', note: '技能大赛一等奖' })).toMatchObject({ kind: 'scholarship', tier: 'first' });
  });
  it('a second-year student at the school, attending and full-time, gets the tier\'s amount; no poverty registration needed', () =>
    expect(assessAid('scholarship', scholarship, student(), A, { tier: 'second' }, '2026-10-10')).toEqual({ amountFen: 300_000, classType: 'advanced', yearOfStudy: 2, tier: 'second', basis: null, disbursements: [{ on: '2026-12-20', amountFen: 300_000 }] }));
  it('the grant\'s rules where they apply: the years named, full-time, attending', () => {
    expect(() => assessAid('scholarship', scholarship, student({ segments: [segment({ cohortYear: 2026, from: '2026-09-01' })] }), A, { tier: 'first' }, '2026-10-10')).toThrow('2026学年奖学金只资助2年级、3年级学生');
    expect(() => assessAid('scholarship', scholarship, student({ segments: [segment({ studyMode: 'part_time' })] }), A, { tier: 'first' }, '2026-10-10')).toThrow('奖学金只适用于全日制学生');
    expect(() => assessAid('scholarship', scholarship, student({ segments: [segment(), segment({ from: '2026-10-01', phase: 'suspended' })] }), A, { tier: 'first' }, '2026-10-10')).toThrow('休学状态');
    expect(() => assessAid('scholarship', scholarship, student(), A, { tier: 'third' }, '2026-10-10')).toThrow('标准没有三档');
  });
  it('is applied for within the grant period, and refused outside it with its dates', () => {
    const given = specification(schoolAidDecider);
    const facts = (windows: AuthorityWindows[]): AidFacts => ({ standard: { version: 1, details: scholarship }, student: student(), windows });
    const apply = (windows: AuthorityWindows[]): SchoolAidCommand => ({ type: 'ApplySchoolAid', applicationId: 'app-1', schoolId: A, input: parseAidApplication({ studentId: 's1', kind: 'scholarship', schoolYear: 2026, tier: 'first', note: '技能大赛一等奖' }), facts: facts(windows) });
    given().when(apply(grantWindow('2026-11-01', '2026-11-30')), schoolA).thenThrows(RuleViolationError, '助学金申报时间为 2026-11-01 至 2026-11-30');
    const [event] = schoolAidDecider.decide(apply(grantWindow('2026-10-01', '2026-10-31')), schoolAidDecider.initialState(), schoolA);
    expect(event).toMatchObject({ type: 'SchoolAidApplied', data: { application: { kind: 'scholarship', amountFen: 500_000, tier: 'first', basis: null, note: '技能大赛一等奖' } } });
  });
});
