// Enrolment naming a training voucher (the training class's side of issue 14 §4): the voucher is
// recorded on the roster entry of a subsidised, eligible place; a self-paid choice, a self-paid
// class or an ineligible person is refused with a clear Chinese message.
import { describe, expect, it } from '@jest/globals';
import { specification } from '../../testing/decider-specification';
import { RuleViolationError } from '../shared/errors';
import { details, person, play, policy, prepared, registerCommand, school } from '../training-class/spec-fixtures';
import { trainingClassDecider } from '../training-class/training-class';

const given = specification(trainingClassDecider);
const threeTimes = ['电工班', '育婴员班', '面点师班'].map((className, i) => ({
  classId: `c-${i}`,
  className,
  details: { kind: 'employment' as const, subKind: null, occupation: { code: `6-31-01-0${i}`, name: className, level: '4' as const }, plannedStart: '2025-05-01' },
}));

describe('enrolment with a training voucher', () => {
  const base = () => prepared().filter((e) => e.type !== 'TrainingClassParticipantsEnrolled');

  it('records the voucher on the subsidised place', () => {
    const events = play([[{ type: 'EnrolParticipants', enrolments: [person('p-9', '钱七', { voucherId: 'v-1' })], policy }, school()]], base());
    expect(events.at(-1)).toMatchObject({ type: 'TrainingClassParticipantsEnrolled', data: { enrolments: [{ funding: 'subsidised', voucherId: 'v-1' }] } });
  });

  it('refuses a voucher for a person not eligible, a self-paid choice and a self-paid class', () => {
    given(base()).when({ type: 'EnrolParticipants', enrolments: [person('p-9', '钱七', { voucherId: 'v-1', history: threeTimes })], policy }, school()).thenThrows(RuleViolationError, /^钱七不符合补贴条件：已参加补贴性培训3次.*，不能使用培训券$/);
    given(base()).when({ type: 'EnrolParticipants', enrolments: [person('p-9', '钱七', { voucherId: 'v-1', funding: 'self_paid' })], policy }, school()).thenThrows(RuleViolationError, '钱七选择自费报名，不能使用培训券');
    const selfPaid = play([[{ ...registerCommand, details: { ...details, fundingSource: 'self_paid' } }, school()]]);
    given(selfPaid).when({ type: 'EnrolParticipants', enrolments: [person('p-9', '钱七', { voucherId: 'v-1' })], policy }, school()).thenThrows(RuleViolationError, '自费培训班和师资培训不能使用培训券');
  });
});
