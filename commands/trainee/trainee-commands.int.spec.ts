// An edit keeps the values it leaves out (the console holds personal data only masked). The command
// must be built from the state it is decided on: after a concurrency conflict the pipeline decides
// again on the new state, and a command built once, before the first attempt, would write back the
// stale value a concurrent edit had just replaced.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { traineeDecider } from '../../domain/trainee/trainee';
import { idNumberFacts } from '../../domain/trainee/trainee-input';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { loadPiiKeys } from '../personal-data/pii-cipher';
import { createPersonalDataProtector } from '../personal-data/protected-field';
import { handleCommand } from '../pipeline/handle-command';
import { loadState } from '../../store/fold';
import type { RequestContext } from '../pipeline/request-context';
import { traineeCommands, traineeStreamId } from './trainee-commands';

const as = (orgId: string): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: `op-${orgId}`, role: 'institution_operator', orgId }, commandId, correlationId: commandId, ip: null };
};

describe('trainee commands', () => {
  let db: TestDatabase;
  let store: EventStore;
  const protector = createPersonalDataProtector(loadPiiKeys({}, () => undefined));
  const dictionaries = { activeCodes: async () => ['rural_migrant', 'graduate'] };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('an edit retried after a conflict keeps the value a concurrent edit wrote, not the one read before', async () => {
    const traineeId = randomUUID();
    const stream = traineeStreamId(traineeId);
    const person = {
      name: '欧阳娜娜',
      idNumber: protector.protect('idNumber', '520102199805061224'),
      ...idNumberFacts('520102199805061224'),
      personCategory: 'rural_migrant',
      phone: protector.protect('phone', '13800138000'),
      bankAccount: null,
    };
    const register = { type: 'EnterTrainee' as const, traineeId, person, institution: { institutionId: 'inst-1', canOperate: true }, personCategories: ['rural_migrant'], confirmedWarnings: [] };
    await handleCommand(store, traineeDecider, stream, register, as('inst-1'));

    // Another operator of the same institution changes the phone between this edit's read and its append.
    let interfered = false;
    const racing: EventStore = {
      ...store,
      async appendToStream(streamId, events, options) {
        if (!interfered) {
          interfered = true;
          const newPhone = { ...person, phone: protector.protect('phone', '13900139000') };
          await handleCommand(store, traineeDecider, stream, { type: 'UpdateTrainee', person: newPhone, personCategories: ['rural_migrant'], confirmedWarnings: [] }, as('inst-1'));
        }
        return store.appendToStream(streamId, events, options);
      },
    };
    // An edit reads no read model: the directories are never asked.
    const unused = () => Promise.reject(new Error('an edit reads no read model'));
    const commands = traineeCommands({ store: racing, protector, dictionaries, institutions: { canOperate: unused }, trainees: { personIdByIdNumber: unused, knownIdNumbers: unused } });
    await commands.update(traineeId, { name: '欧阳娜', idNumber: null, personCategory: 'graduate', phone: null, bankAccount: null }, [], as('inst-1'));

    expect(interfered).toBe(true);
    const state = await loadState(store, traineeDecider, stream);
    expect(state.status === 'registered' && [state.person.name, state.person.personCategory, state.person.phone.masked]).toEqual(['欧阳娜', 'graduate', '139****9000']);
  });
});
