// The mobile capture app: Vue 3 + Vant 4 (zh-CN is Vant's default language), the console's Apollo
// client, and a service worker that keeps the app's shell for a phone that loses its connection.
import { DefaultApolloClient } from '@vue/apollo-composable';
import Vant from 'vant';
import 'vant/lib/index.css';
import { createApp } from 'vue';
import { apolloClient } from '@admin/api/apollo';
import App from './App.vue';
import { router } from './router';
import { startOutbox } from './outbox/outbox';
import './styles.css';

const app = createApp(App);
app.use(Vant);
app.provide(DefaultApolloClient, apolloClient);
app.use(router);
app.mount('#app');
startOutbox();

// Registered in every build (a build run under a test runner's NODE_ENV is not "PROD"); on the dev
// server it is harmless: only /m/assets/ is served from its cache, and Vite serves /m/src/.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch((error: unknown) => console.warn('离线缓存未能启用', error));
}
