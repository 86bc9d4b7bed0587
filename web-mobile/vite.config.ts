// The mobile capture app (移动端, issue 13 §3) is built from web-mobile/ into web-mobile/dist, which
// the API process serves at /m/ beside the console. Like the console, everything is bundled (Vant's
// styles and icons included): nothing is fetched from the internet at run time. It shares the
// console's HTTP layer (login, CSRF, Apollo client, error reading) through the `@admin` alias.
import vue from '@vitejs/plugin-vue';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const api = process.env.CONSOLE_API_URL ?? 'http://127.0.0.1:4000';
const proxied = { target: api, changeOrigin: false };

/**
 * Vant's icon font is inlined as woff2 in its CSS, followed by a fallback on a public CDN
 * (at.alicdn.com) that the government network cannot reach and the CSP refuses: the fallback is
 * taken out, so the bundle names no other origin.
 */
const vantFontOffline = (): Plugin => ({
  name: 'vant-icon-font-offline',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]node_modules[\\/]vant[\\/].*\.css$/.test(id)) return null;
    return code.replace(/,\s*url\((?:https?:)?\/\/at\.alicdn\.com\/[^)]*\)\s*format\(["']woff["']\)/g, '');
  },
});

export default defineConfig({
  root,
  base: '/m/',
  plugins: [vue(), vantFontOffline()],
  resolve: { alias: { '@': path.join(root, 'src'), '@admin': path.join(root, '..', 'web-admin', 'src') } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    host: '0.0.0.0',
    port: 5174,
    proxy: { '/graphql': proxied, '/auth': proxied, '/captures': proxied },
  },
});
