import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ValidationError } from '../shared/errors';
import { DEFAULT_TRAINING_KIND_SETTINGS, reviewPolicyOf, settingsFor, trainingKindSettingsDecider, type TrainingKindSettings } from './class-settings';
import { addMonths, followUpDue } from './follow-up';

const given = specification(trainingKindSettingsDecider);
const province = testContext({ id: 'prov', orgId: 'auth-520000' });
const employment = DEFAULT_TRAINING_KIND_SETTINGS.employment;

describe('settings per training kind', () => {
  it('defaults: 5 working days ahead, county review, 45-minute hours, 80% attendance and class-day threshold, follow-up at 3 and 6 months for employment', () => {
    expect(employment).toEqual({
      declarationLeadWorkingDays: 5,
      reviewLevels: ['county'],
      minutesPerClassHour: 45,
      minAttendancePercent: 80,
      classDayThresholdPercent: 80,
      checkToleranceMinutes: 15,
      assessmentRequired: true,
      followUpMonths: [3, 6],
      followUpGraceDays: 30,
    });
    expect(DEFAULT_TRAINING_KIND_SETTINGS.work_for_training.assessmentRequired).toBe(false);
    expect(reviewPolicyOf(DEFAULT_TRAINING_KIND_SETTINGS.teacher_capability)).toEqual({ levels: ['city', 'province'], skipMissingLevels: true });
  });

  it('the provincial authority changes a kind\'s settings with a reason; the others keep their defaults', () => {
    const changed: TrainingKindSettings = { ...employment, declarationLeadWorkingDays: 7, reviewLevels: ['county', 'city'] };
    const event = { type: 'TrainingKindSettingsChanged' as const, data: { kind: 'employment' as const, settings: changed, reason: '加强审核' } };
    given([]).when({ type: 'ChangeTrainingKindSettings', kind: 'employment', settings: changed, reason: '加强审核' }, province).then([event]);
    const state = trainingKindSettingsDecider.evolve(trainingKindSettingsDecider.initialState(), event);
    expect([settingsFor(state, 'employment').declarationLeadWorkingDays, settingsFor(state, 'upskilling').declarationLeadWorkingDays]).toEqual([7, 5]);
    given([event]).when({ type: 'ChangeTrainingKindSettings', kind: 'employment', settings: changed, reason: '' }, province).thenNothing();
  });

  it('refuses levels out of order and a rate out of range', () =>
    given([]).when({ type: 'ChangeTrainingKindSettings', kind: 'employment', settings: { ...employment, reviewLevels: ['city', 'county'], minAttendancePercent: 120 }, reason: '调整' }, province).thenThrows(ValidationError));
});

describe('follow-up due days', () => {
  it('adds calendar months, keeping to the month\'s last day', () => {
    expect(addMonths('2026-03-23', 3)).toBe('2026-06-23');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(followUpDue('2026-03-23', 6, 30)).toEqual({ dueOn: '2026-09-23', overdueAfter: '2026-10-23' });
  });
});
