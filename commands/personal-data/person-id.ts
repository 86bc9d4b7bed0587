import { v5 as uuidv5 } from 'uuid';
import type { PersonalDataProtector } from './protected-field';

/**
 * One person, one record (trainees, teachers): an existing record is found by the ID number's
 * blind index under the current and any previous index key; a new person's record id derives from
 * the current index, so two institutions entering the same new person at once meet on one stream
 * (the second append then sees the first and links instead of copying).
 */
export function personIdResolver(protector: PersonalDataProtector, namespace: string, findExisting: (blindIndexes: string[]) => Promise<string | undefined>) {
  return async (idNumber: string): Promise<string> => {
    const candidates = protector.lookup('idNumber', idNumber);
    return (await findExisting(candidates)) ?? uuidv5(candidates[0]!, namespace);
  };
}
