// Each display of a clear personal-data value is itself a fact (DESIGN.md §4): who saw which field of
// which record, and why. The actor, time and client address are in the event envelope like on every
// event; the data says what was seen.
import { z } from 'zod';
import type { DomainEvent } from '../shared/decider';
import { oneOf, parseInput, requiredText } from '../shared/validation';
import { PERSONAL_DATA_KINDS, type PersonalDataKind } from './personal-data-kind';

export type PersonalDataViewed = DomainEvent<
  'PersonalDataViewed',
  {
    /** Stream of the record whose field was shown, e.g. `trainee-5f3c...`. */
    recordStreamId: string;
    /** Field of the record, e.g. `idNumber` or `bankAccount.cardNumber`. */
    field: string;
    kind: PersonalDataKind;
    /** Why the user needed the clear value, as they typed it (required: the auditor reads it). */
    reason: string;
  }
>;

export const PERSONAL_DATA_VIEWS_MODULE = 'personal-data';

/**
 * The stream holding the views of one record. Views do not go onto the record's own stream: a view
 * changes nothing in the record, must not bump its revision (an editor's expected revision would
 * then conflict with a mere reader) and should not require every module's decider to know the event.
 */
export const personalDataViewsStreamId = (recordStreamId: string) => `${PERSONAL_DATA_VIEWS_MODULE}-${recordStreamId}`;

const viewSchema = z.object({
  recordStreamId: requiredText('记录', 200),
  field: requiredText('字段', 100),
  kind: oneOf('信息类型', PERSONAL_DATA_KINDS),
  reason: requiredText('查看原因', 200, { multiline: true }),
});

/** The event to append before a clear value is returned; refuses a view without a reason. */
export const personalDataViewed = (input: PersonalDataViewed['data']): PersonalDataViewed => ({
  type: 'PersonalDataViewed',
  data: parseInput(viewSchema, input),
});
