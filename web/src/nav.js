// The navigation as one table: groups by area, each page one row (its path,
// label and who sees it). A new page is one row here; a group none of whose
// pages the account may see is not shown.
import { can, session } from './session.js';

const official = () => session.account && session.account.region !== null && session.account.region !== undefined;

export const NAV = [
  { group: 'work', items: [
    { path: '/', label: 'nav.dashboard' },
    { path: '/awaiting', label: 'nav.awaiting', when: () => official() && can('order.read') },
    // daily reports (issue 13, part "reports"): the enterprise's form, the county's chasing and upload
    { path: '/report', label: 'report.nav', when: () => can('report.submit'), test: 'nav-report' },
    { path: '/report-missing', label: 'report.navMissing', when: () => official() && can('report.missing'), test: 'nav-missing' },
    { path: '/report-upload', label: 'report.navUpload', when: () => official() && can('report.upload'), test: 'nav-upload' },
    // monitoring of work resumption (issue 13, part "monitor"): officials, auditors, the national coordinator
    { path: '/monitoring', label: 'monitor.nav', when: () => can('monitoring.read'), test: 'nav-monitoring' },
    { path: '/monitoring/bulletin', label: 'monitor.navBulletin', when: () => can('monitoring.read'), test: 'nav-bulletin' },
    { path: '/monitoring/electricity', label: 'monitor.navPower', when: () => can('monitoring.read'), test: 'nav-electricity' },
    // problems (诉求; issue 13, part "problems")
    { path: '/problems', label: 'problems.nav', when: () => can('problem.read'), test: 'nav-problems' },
    { path: '/problem-rates', label: 'problems.rates', when: () => can('problem.rates'), test: 'nav-problem-rates' },
    // production and contingency plans (issue 14, part "plans"): the enterprise's plans, the county's review
    { path: '/plans', label: 'plans.nav', when: () => can('plan.write'), test: 'nav-plans' },
    { path: '/plan-review', label: 'plans.navReview', when: () => official() && can('plan.review'), test: 'nav-plan-review' },
    // reach of policies (issue 15, part "reach"): officials
    { path: '/policy-reach', label: 'reach.nav', when: () => official() && can('policy.reach'), test: 'nav-policy-reach' },
    // the delivery of policies that benefit enterprises (issue 15, part "delivery")
    { path: '/my-policies', label: 'benefits.nav', when: () => can('policy.apply'), test: 'nav-my-policies' },
    { path: '/policy-queue', label: 'benefits.navQueue', when: () => official() && can('policy.check'), test: 'nav-policy-queue' },
  ] },
  { group: 'risk', items: [
    { path: '/regions', label: 'nav.regions' },
    { path: '/enterprises', label: 'nav.enterprises', when: () => can('enterprise.read') },
    { path: '/rules', label: 'nav.rules' },
  ] },
  { group: 'orders', items: [
    { path: '/orders', label: 'nav.orders', when: () => can('order.read') },
    { path: '/alarms', label: 'nav.alarms', when: () => can('alarm.read') },
  ] },
  { group: 'transport', items: [
    { path: '/passes', label: 'nav.passes', when: () => can('pass.read') && !can('pass.check') },
    { path: '/checkpoint', label: 'nav.checkpoint', when: () => can('pass.check'), test: 'nav-checkpoint' },
    // transfer stations (issue 14, part "stations"): the map, the gate, the drivers' queue
    { path: '/stations', label: 'stations.nav', when: () => can('station.read'), test: 'nav-stations' },
    { path: '/gate', label: 'stations.navGate', when: () => can('station.gate'), test: 'nav-gate' },
    { path: '/queue', label: 'stations.navQueue', when: () => can('station.book') || can('station.gate'), test: 'nav-queue' },
  ] },
  // white lists and chains (issue 12): the chain view, coordination requests, white lists
  { group: 'chains', items: [
    { path: '/chain', label: 'nav.chain', when: () => can('chain.read'), test: 'nav-chain' },
    { path: '/block-points', label: 'nav.blocks', when: () => can('chain.read') && session.account?.region != null },
    { path: '/coordination', label: 'nav.coordination', when: () => can('coordination.read') },
    { path: '/whitelists', label: 'nav.whitelists', when: () => can('whitelist.read'), test: 'nav-whitelists' },
    // the white-list pool, lift together, related services waiting (issue 12, part "pool"): officials
    { path: '/whitelist-pool', label: 'pool.nav', when: () => can('whitelist.read') && official(), test: 'nav-pool' },
    { path: '/lift-together', label: 'lift.nav', when: () => can('chain.read') && official() && /^\d\d0000$/.test(String(session.account.region)), test: 'nav-lift' },
    { path: '/services-waiting', label: 'waiting.nav', when: () => can('chain.read') && official(), test: 'nav-waiting' },
  ] },
  // policies that benefit enterprises (issue 15): the catalogue
  { group: 'policies', items: [
    { path: '/policies', label: 'policies.nav', when: () => can('policy.read'), test: 'nav-policies' },
  ] },
  { group: 'system', items: [
    { path: '/audit', label: 'nav.audit', when: () => can('audit.read') },
    { path: '/accounts', label: 'nav.accounts', when: () => can('accounts.manage') },
  ] },
];

// The groups with the pages this account sees.
export function visibleNav() {
  return NAV.map((g) => ({ ...g, items: g.items.filter((i) => !i.when || i.when()) })).filter((g) => g.items.length);
}

// The group and page of a path ('/orders/123' is under '/orders'), for breadcrumbs.
export function findNav(path) {
  const top = '/' + (path.split('/')[1] || '');
  for (const g of NAV) for (const i of g.items) if (i.path === top) return { group: g.group, item: i };
  return null;
}
