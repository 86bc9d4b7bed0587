// Builds the console (web-admin/dist) and the mobile capture app (web-mobile/dist) when missing or
// older than their sources; meant for `prestart`, so that `npm start` always serves current ones.
// Where the build tools are not installed but a console was built before, it says so and lets the
// platform start (without a mobile build, /m/ is simply not served).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureMobileBuilt } from './e2e/mobile-build';
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

try {
  ensureMobileBuilt();
} catch (error) {
  if (!existsSync(path.join(ROOT, 'web-mobile', 'dist', 'index.html'))) console.error('移动端未能构建，/m/ 将不可用：', error instanceof Error ? error.message : error);
  else console.warn('移动端未能重新构建，将使用已有的 web-mobile/dist：', error instanceof Error ? error.message.split('\n')[0] : error);
}
