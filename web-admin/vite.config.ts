// The console is built from web-admin/ into web-admin/dist, which the API process serves at `/`.
// Everything it needs is bundled: no font, icon or script is fetched from the internet at run time.
// Two pages: index.html (the console, Vue) and explorer.html (the GraphQL explorer, GraphiQL on
// React, served by the API at /explorer to users with explorer:use).
import vue from '@vitejs/plugin-vue';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const api = process.env.CONSOLE_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  resolve: { alias: { '@': path.join(root, 'src') } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // Element Plus and ECharts are large; the console is an intranet application loaded once.
    chunkSizeWarningLimit: 5000,
    sourcemap: false,
    rolldownOptions: {
      input: { index: path.join(root, 'index.html'), explorer: path.join(root, 'explorer.html') },
    },
  },
  // Monaco's language workers (GraphiQL's editor) as module files of their own: served from the
  // same origin, which the API's Content-Security-Policy (script-src 'self') allows.
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/graphql': { target: api, changeOrigin: false },
      '/auth': { target: api, changeOrigin: false },
      // Files: list exports, import templates, uploads and reports (not /import itself: a console page).
      '/export': { target: api, changeOrigin: false },
      '/files': { target: api, changeOrigin: false },
      '/import/templates': { target: api, changeOrigin: false },
    },
  },
});
