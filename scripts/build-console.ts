// Builds the console (web-admin/dist) when it is missing or older than its sources; meant for
// `prestart`, so that `npm start` always serves a current console. Where the build tools are not
// installed but a console was built before, it says so and lets the platform start.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ensureConsoleBuilt } from './e2e/platform';

try {
  ensureConsoleBuilt();
} catch (error) {
  if (!existsSync(path.join(ROOT, 'web-admin', 'dist', 'index.html'))) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  console.warn('控制台未能重新构建，将使用已有的 web-admin/dist：', error instanceof Error ? error.message.split('\n')[0] : error);
}
