// Fugong's browser application.
import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { i18n } from './i18n.js';
import { loadSession, session } from './session.js';
import Login from './pages/Login.vue';
import Dashboard from './pages/Dashboard.vue';
import Regions from './pages/Regions.vue';
import Enterprises from './pages/Enterprises.vue';
import Enterprise from './pages/Enterprise.vue';
import Rules from './pages/Rules.vue';
import Audit from './pages/Audit.vue';
import Accounts from './pages/Accounts.vue';
import './style.css';

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: Login, meta: { public: true } },
    { path: '/', component: Dashboard },
    { path: '/regions/:code?', component: Regions },
    { path: '/enterprises', component: Enterprises },
    { path: '/enterprises/:uscc', component: Enterprise },
    { path: '/rules', component: Rules },
    { path: '/audit', component: Audit },
    { path: '/accounts', component: Accounts },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession();
  if (!to.meta.public && !session.account) return { path: '/login', query: { next: to.fullPath } };
  if (to.path === '/login' && session.account) return '/';
  return true;
});

document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(i18n).use(router).use(ElementPlus).mount('#app');
