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

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch((error: unknown) => console.warn('离线缓存未能启用', error));
}
