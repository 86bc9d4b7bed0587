import { DefaultApolloClient } from '@vue/apollo-composable';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { apolloClient } from './api/apollo';
import App from './App.vue';
import { router } from './router';
import './styles/index.css';

const app = createApp(App);
app.use(createPinia());
app.use(ElementPlus, { locale: zhCn });
app.provide(DefaultApolloClient, apolloClient);
app.use(router);
app.mount('#app');
