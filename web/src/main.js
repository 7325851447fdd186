// Fugong's browser application.
import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { i18n } from './i18n.js';
import { loadSession, session } from './session.js';
import Login from './pages/Login.vue';
import './lib/offline.js';   // listens from the start for the browser's offer to install
import './style.css';

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: Login, meta: { public: true } },
    // Pages load when first visited (the map's ECharts only with the overview).
    { path: '/', component: () => import('./pages/Dashboard.vue') },
    { path: '/regions/:code?', component: () => import('./pages/Regions.vue') },
    { path: '/enterprises', component: () => import('./pages/Enterprises.vue') },
    { path: '/enterprises/:uscc', component: () => import('./pages/Enterprise.vue') },
    { path: '/awaiting', component: () => import('./pages/Awaiting.vue') },
    { path: '/orders', component: () => import('./pages/Orders.vue') },
    { path: '/orders/:id', component: () => import('./pages/Order.vue') },
    { path: '/alarms', component: () => import('./pages/Alarms.vue') },
    { path: '/passes', component: () => import('./pages/Passes.vue') },
    { path: '/passes/:number', component: () => import('./pages/Pass.vue') },
    { path: '/checkpoint', component: () => import('./pages/Checkpoint.vue') },
    { path: '/rules', component: () => import('./pages/Rules.vue') },
    { path: '/chain/:uscc?', component: () => import('./pages/Chain.vue') }, // chain-data
    { path: '/block-points', component: () => import('./pages/BlockPoints.vue') }, // the chain analyses
    { path: '/whitelists', component: () => import('./pages/Whitelists.vue') }, // white lists (issue 12)
    { path: '/whitelists/listings/:id/certificate', component: () => import('./pages/WhitelistCertificate.vue') }, // the listing credential (issue 12, part "cred")
    // the white-list pool, lift together, related services waiting (issue 12, part "pool")
    { path: '/whitelist-pool', component: () => import('./pages/WhitelistPool.vue') },
    { path: '/lift-together', component: () => import('./pages/LiftTogether.vue') },
    { path: '/services-waiting', component: () => import('./pages/ServicesWaiting.vue') },
    { path: '/audit', component: () => import('./pages/Audit.vue') },
    { path: '/accounts', component: () => import('./pages/Accounts.vue') },
    // coordination requests
    { path: '/coordination', component: () => import('./pages/Coordination.vue') },
    { path: '/coordination/new', component: () => import('./pages/CoordinationNew.vue') },
    { path: '/coordination/:id', component: () => import('./pages/CoordinationRequest.vue') },
    // daily reports (issue 13, part "reports")
    { path: '/report', component: () => import('./pages/Report.vue') },
    { path: '/report-missing', component: () => import('./pages/ReportsMissing.vue') },
    { path: '/report-upload', component: () => import('./pages/ReportUpload.vue') },
    // monitoring of work resumption (issue 13, part "monitor")
    { path: '/monitoring/bulletin', component: () => import('./pages/MonitoringBulletin.vue') },
    { path: '/monitoring/electricity', component: () => import('./pages/Electricity.vue') },
    { path: '/monitoring/:region?', component: () => import('./pages/Monitoring.vue') },
    // problems (诉求; issue 13, part "problems")
    { path: '/problems', component: () => import('./pages/Problems.vue') },
    { path: '/problems/new', component: () => import('./pages/ProblemNew.vue') },
    { path: '/problems/:id([0-9a-f-]{36})', component: () => import('./pages/Problem.vue') },
    { path: '/problem-rates', component: () => import('./pages/ProblemRates.vue') },
    // production and contingency plans (issue 14, part "plans")
    { path: '/plans/:uscc?', component: () => import('./pages/Plans.vue') },
    { path: '/plans/:uscc/:level/print', component: () => import('./pages/Plan.vue') },
    // the policy catalogue (issue 15, part "catalogue")
    { path: '/policies', component: () => import('./pages/Policies.vue') },
    { path: '/policies/new', component: () => import('./pages/PolicyEdit.vue') },
    { path: '/policies/:id', component: () => import('./pages/Policy.vue') },
    { path: '/policies/:id/edit', component: () => import('./pages/PolicyEdit.vue') },
    // the delivery of policies that benefit enterprises (issue 15, part "delivery")
    { path: '/my-policies', component: () => import('./pages/PoliciesForYou.vue') },
    { path: '/policy-queue', component: () => import('./pages/PolicyQueue.vue') },
    { path: '/plan-review', component: () => import('./pages/PlanReview.vue') },
    // transfer stations (issue 14, part "stations"); the drivers' queue needs no account
    { path: '/stations', component: () => import('./pages/Stations.vue') },
    { path: '/stations/:id', component: () => import('./pages/Station.vue') },
    { path: '/gate', component: () => import('./pages/Gate.vue') },
    { path: '/queue', component: () => import('./pages/Queue.vue'), meta: { public: true } },
    // reach of policies (issue 15, part "reach")
    { path: '/policy-reach', component: () => import('./pages/PolicyReach.vue') },
    { path: '/policies/:id/reach', component: () => import('./pages/PolicyReach.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession();
  if (!to.meta.public && !session.account) return { path: '/login', query: { next: to.fullPath } };
  if (to.path === '/login' && session.account) return '/';
  // A checkpoint officer's home is the checkpoint, a transport operator's its passes.
  const home = { checkpoint_officer: '/checkpoint', transport_operator: '/passes',
    station_staff: '/gate' /* transfer stations (issue 14) */ }[session.account?.role];
  if (to.path === '/' && home) return home;
  return true;
});

document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(i18n).use(router).use(ElementPlus).mount('#app');
