// The platform as a command-line tool opens it (init-admins, verify:funding, backfill-claims): on
// the data folder's database (database-connection.ts), the configured event store and the keys
// `npm start` uses, closed again, with its database connection, when the tool's work is done.
import path from 'node:path';
import { createPlatform, type Platform } from '../api/platform';
import { connectDatabase } from './database-connection';
import { loadPlatformKeys } from './platform-keys';

export async function withToolPlatform<T>(options: { runProjections: boolean }, work: (platform: Platform) => Promise<T>): Promise<T> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  const { url, release } = await connectDatabase(dataDir);
  try {
    const platform = await createPlatform({
      databaseUrl: url,
      ...(process.env.EVENTSTORE_URL ? { eventStoreUrl: process.env.EVENTSTORE_URL } : {}),
      piiKeys: loadPlatformKeys({ env: process.env, dataDir, say: () => undefined }).piiKeys,
      ...(options.runProjections ? {} : { runProjections: false }),
    });
    try {
      return await work(platform);
    } finally {
      await platform.close();
    }
  } finally {
    await release();
  }
}
