// What one student, employment record or aid application contributes to the counters.
import { describe, expect, it } from '@jest/globals';
import { aidContributions, studentContributions } from './school-statistics';

const graduate = { id: 's1', status: 'left', school_id: 'A', major_id: 'm1', class_type: 'advanced', study_mode: 'full_time', poverty_registered: false, cohort_year: 2024, birth_date: '2006-03-04', left_as: 'graduated', left_on: '2026-07-01' };
const cells = (list: { dimension: string; key: string; measure: string; value: number }[]) => list.map((c) => `${c.dimension} ${c.key} ${c.measure} ${c.value}`);

describe('school statistics contributions', () => {
  it('a graduate counts among the graduates of its major and year, with its employment record of this graduation and the pay in fen', () => {
    const employment = { id: 's1', school_id: 'A', major_id: 'm1', graduated_on: '2026-07-01', destination: 'employed', monthly_pay_fen: '450000' };
    expect(cells(studentContributions(graduate, employment))).toEqual(['graduates m1|2026 graduates 1', 'graduates m1|2026 recorded 1', 'graduates m1|2026 employed 1', 'graduates m1|2026 payFen 450000', 'graduates m1|2026 payCount 1']);
  });
  it('a record of an earlier graduation, or a withdrawn student, does not count as employed', () => {
    const earlier = { id: 's1', school_id: 'A', major_id: 'm1', graduated_on: '2024-07-01', destination: 'employed', monthly_pay_fen: 1 };
    expect(cells(studentContributions(graduate, earlier))).toEqual(['graduates m1|2026 graduates 1']);
    expect(studentContributions({ ...graduate, left_as: 'withdrawn' })).toEqual([]);
  });
  it('a suspended student counts in school under each dimension, as suspended', () =>
    expect(cells(studentContributions({ ...graduate, status: 'suspended', left_as: null, left_on: null }))).toEqual([
      'total  suspended 1',
      'classType advanced suspended 1',
      'studyMode full_time suspended 1',
      'poverty no suspended 1',
      'birthMonth 2006-03 suspended 1',
      'cohortYear 2024 suspended 1',
      'major m1 suspended 1',
    ]));
  it('an aid application counts with its amount: approved and waiting apart, nothing once rejected or cancelled', () => {
    const aid = { id: 'x', school_id: 'A', kind: 'grant', school_year: 2026, amount_fen: '200000', status: 'approved' };
    expect(cells(aidContributions(aid))).toEqual(['aid grant|2026 approvedCount 1', 'aid grant|2026 approvedFen 200000']);
    expect(cells(aidContributions({ ...aid, status: 'applied' }))).toEqual(['aid grant|2026 pendingCount 1', 'aid grant|2026 pendingFen 200000']);
    expect(aidContributions({ ...aid, status: 'rejected' })).toEqual([]);
    // Scholarships (奖学金) are applications of the same record type: counted under their own kind.
    expect(cells(aidContributions({ ...aid, kind: 'scholarship', amount_fen: 50000 }))).toEqual(['aid scholarship|2026 approvedCount 1', 'aid scholarship|2026 approvedFen 50000']);
  });
});
