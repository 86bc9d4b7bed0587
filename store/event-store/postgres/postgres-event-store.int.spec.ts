import { createTestDatabase } from '../../../testing/database';
import { createEventStore } from '../chained-event-store';
import { describeEventStoreContract } from '../event-store.contract';
import { createPostgresEventLog } from './postgres-event-log';

describeEventStoreContract('postgres', async () => {
  const db = await createTestDatabase();
  const store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
  return {
    store,
    async dispose() {
      await store.close();
      await db.drop();
    },
  };
});
