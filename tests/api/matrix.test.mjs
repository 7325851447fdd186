// The authorisation matrix from the OpenAPI document (issue 16): every
// (method, path) the document lists has one row below naming its access
// action (or public / any-role) and how to fill its path with an object; the
// test sends each row as every demo account, once with an object inside the
// account's jurisdiction and once with one outside, and checks the answer
// against the access table: the account's permissions (GET /auth/me) and the
// action's scope. A role the table refuses gets 403 `access.route_role`
// before the handler runs; an object outside the jurisdiction 403 or 404
// (404 where the design hides that it exists); an allowed request anything
// but 401/403 and never 5xx (writes go with an empty body, so an allowed one
// usually stops at validation: a refusal must come before it). Collections
// are also read unfiltered by every official account and each item checked
// to lie inside the jurisdiction. An operation missing from the matrix, or a
// row the document does not list, fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNTS, ROOT, startServer } from './helpers.mjs';

// The demo's accounts (src/cli/cmd_demo.c demo_accounts): those of helpers
// plus the other provinces' officials.
const USERS = [...Object.keys(ACCOUNTS), 'joint.shanghai', 'industry.shanghai', 'joint.jiangsu'];

// Scopes of the access table (src/core/access.c): actions not listed are
// FG_SCOPE_REGION (the object must lie in the jurisdiction).
const SCOPE_ANY = new Set(['guidance_rules.read', 'audit.verify', 'pass_rules.read', 'chain.import',
  'problem.raise', 'station.read', 'policy.read']);
const SCOPE_NATION = new Set(['guidance_rules.replace']);

const DEMO_ENTERPRISE = '91330106MA27XK000B';
const DEMO_OPERATOR = '91330106MA27XK001E';

// ---- regions ----
const within = (outer, inner) => {
  const o = String(outer), i = String(inner);
  if (o === '000000') return true;
  if (o.endsWith('0000')) return i.slice(0, 2) === o.slice(0, 2);
  if (o.endsWith('00')) return i.slice(0, 4) === o.slice(0, 4);
  return o === i;
};

// ---- the matrix ----
// act: the route's access action (src/api/api_*.c), 'public' or 'any'
// (any signed-in account; the handler decides: `rule` names the actions it
// checks, [] for every account, none for "no 401, no 5xx").
// s: the kind of object its path (or `q`, its query) names; p: fixed path
// parameters. narrow(user, obj): a finer rule of the handler, documented in
// docs/operations.md, that refuses although the table allows (returns why).
// widen(user, obj): the reverse. list(item): the regions an item of a
// collection lies in; ownFilter: an enterprise account's region filter gives
// its own items (checked with the function), not a refusal. qEnt: the query
// parameter that names an enterprise account's object. body: a minimal valid
// body where the handler checks its input before its target (src/api/api.h),
// so that the refusal is what is tested.
const own = (u) => ME[u].enterprises;
const official = (u) => ME[u].region !== null;
const province = (u) => official(u) && /^\d\d0000$/.test(ME[u].region) && ME[u].region !== '000000';
const reg = (i) => [i.region];
const regionOf = (uscc) => POOL.enterprise.find((e) => e.v === uscc)?.regions[0];
const level = (u) => (ME[u].region === '000000' ? 'nation' : /0000$/.test(ME[u].region) ? 'province'
  : /00$/.test(ME[u].region) ? 'city' : 'county');
// Finer rules of handlers, as narrow(user, obj) functions.
const checkpoint = (u) => ME[u].role === 'checkpoint_officer'; // passes hold everywhere
const officialsOnly = (u) => !official(u);                  // chain.impact_officials, chain.pool_officials
const provinceOrNation = (u) => !['province', 'nation'].includes(level(u));

const MATRIX = {
  'POST /api/v1/auth/login': { act: 'public' },
  'POST /api/v1/auth/logout': { act: 'public', session: 'own' },
  'GET /api/v1/auth/me': { act: 'any', rule: [] },
  'GET /api/v1/regions': { act: 'region.read', s: 'region', q: 'parent' },
  'GET /api/v1/regions/{code}': { act: 'region.read', s: 'region', ancestor: true },
  'POST /api/v1/regions/{code}/risk': { act: 'risk.designate', s: 'region' },
  'GET /api/v1/regions/{code}/designated': { act: 'region.read', s: 'region', ancestor: true },
  'GET /api/v1/industries': { act: 'any', rule: [] },
  'GET /api/v1/enterprises': { act: 'enterprise.read', s: 'region', q: 'region', list: reg, ownFilter: (i) => [i.uscc] },
  'POST /api/v1/enterprises': { act: 'enterprise.create' },
  'POST /api/v1/enterprises/import': { act: 'enterprise.create' },
  'GET /api/v1/enterprises/export': { act: 'enterprise.read', s: 'region', q: 'region', ownFilter: true },
  'GET /api/v1/enterprises/import-template': { act: 'enterprise.create' },
  'GET /api/v1/enterprises/{uscc}': { act: 'enterprise.read', s: 'enterprise' },
  'PATCH /api/v1/enterprises/{uscc}': { act: 'enterprise.update', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/guidance': { act: 'enterprise.read', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/history': { act: 'enterprise.read', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/orders': { act: 'order.read', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/suppliers': { act: 'chain.read', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/customers': { act: 'chain.read', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/services': { act: 'chain.read', s: 'enterprise' },
  'POST /api/v1/enterprises/{uscc}/services': { act: 'chain.edit', s: 'enterprise', body: { service: '91330106MA2FGC021X' } },
  'DELETE /api/v1/enterprises/{uscc}/services/{service}': { act: 'chain.edit', s: 'enterprise', p: { service: '91330106MA2FGC021X' } },
  'GET /api/v1/enterprises/{uscc}/impact': { act: 'chain.read', s: 'enterprise', narrow: officialsOnly },
  'GET /api/v1/enterprises/{uscc}/critical-mark': { act: 'enterprise.read', s: 'enterprise' },
  'POST /api/v1/enterprises/{uscc}/critical-mark': { act: 'critical.mark', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/reports': { act: 'report.read', s: 'enterprise' },
  'POST /api/v1/enterprises/{uscc}/reports': { act: 'report.submit', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/reports/{day}': { act: 'report.read', s: 'enterprise', p: { day: 'TODAY' } },
  'GET /api/v1/enterprises/{uscc}/plans': { act: 'plan.read', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/plans/{level}': { act: 'plan.read', s: 'enterprise', p: { level: 'high' } },
  'PUT /api/v1/enterprises/{uscc}/plans/{level}': { act: 'plan.write', s: 'enterprise', p: { level: 'high' } },
  'POST /api/v1/enterprises/{uscc}/plans/{level}/check': { act: 'plan.write', s: 'enterprise', p: { level: 'high' } },
  'POST /api/v1/enterprises/{uscc}/plans/{level}/file': { act: 'plan.write', s: 'enterprise', p: { level: 'high' } },
  'POST /api/v1/enterprises/{uscc}/plans/{level}/decision': { act: 'plan.review', s: 'enterprise', p: { level: 'high' } },
  'GET /api/v1/enterprises/{uscc}/plans/{level}/versions': { act: 'plan.read', s: 'enterprise', p: { level: 'high' } },
  'GET /api/v1/enterprises/{uscc}/plans/{level}/versions/{version}': { act: 'plan.read', s: 'enterprise', p: { level: 'high', version: '1' } },
  'GET /api/v1/enterprises/{uscc}/benefit-facts': { act: 'enterprise.read', s: 'enterprise' },
  'PUT /api/v1/enterprises/{uscc}/benefit-facts': { act: 'benefit_facts.set', s: 'enterprise' },
  'GET /api/v1/enterprises/{uscc}/policies': { act: 'any', s: 'enterprise', rule: ['policy.read', 'enterprise.read'] },
  'GET /api/v1/guidance/rules': { act: 'guidance_rules.read' },
  'PUT /api/v1/guidance/rules': { act: 'guidance_rules.replace' },
  'GET /api/v1/guidance/versions': { act: 'guidance_rules.read' },
  'GET /api/v1/audit': { act: 'audit.read', s: 'region', q: 'region', list: reg },
  'GET /api/v1/audit/verify': { act: 'audit.verify' },
  'GET /api/v1/openapi.json': { act: 'public' },
  'GET /healthz': { act: 'public' },
  'GET /metrics': { act: 'public' },
  'GET /api/v1/people/{username}': { act: 'any', s: 'account', rule: [] },
  'GET /api/v1/accounts': { act: 'accounts.manage', list: (i) => (i.region ? [i.region] : i.enterprises.map(regionOf)) },
  'POST /api/v1/accounts': { act: 'accounts.manage' },
  'POST /api/v1/accounts/{username}/disable': { act: 'accounts.manage', s: 'account' },
  'POST /api/v1/accounts/{username}/password': { act: 'accounts.manage', s: 'account' },
  'GET /api/v1/orders': { act: 'order.read', s: 'region', q: 'region', list: reg, ownFilter: (i) => [i.enterprise] },
  'POST /api/v1/orders': { act: 'order.propose' },
  'GET /api/v1/orders/awaiting': { act: 'any', rule: [] },
  'GET /api/v1/orders/export': { act: 'order.read', s: 'region', q: 'region', ownFilter: true },
  'GET /api/v1/orders/{id}': { act: 'order.read', s: 'order' },
  'POST /api/v1/orders/{id}/actions': { act: 'order.read', s: 'order' },
  'POST /api/v1/orders/{id}/lift': { act: 'order.read', s: 'order' },
  'POST /api/v1/orders/{id}/resumption': { act: 'resumption.apply', s: 'order' },
  'POST /api/v1/resumptions/{id}/decision': { act: 'order.read', s: 'order' },
  'GET /api/v1/alarms': { act: 'alarm.read', s: 'region', q: 'region', list: reg },
  'POST /api/v1/alarms/{id}/close': { act: 'alarm.close', s: 'alarm', narrow: provinceOrNation },
  'GET /api/v1/passes': { act: 'pass.read', list: reg, listAncestor: true, listSkip: ['checkpoint_officer'] },
  'POST /api/v1/passes': { act: 'pass.apply' },
  'GET /api/v1/passes/{number}': { act: 'pass.read', s: 'pass', ancestor: true, widen: checkpoint },
  // The joint mechanism decides, unless the server names goods' departments.
  'POST /api/v1/passes/{number}/decision': { act: 'pass.decide', s: 'pass', narrow: (u) => ME[u].role !== 'joint_mechanism' },
  'POST /api/v1/passes/{number}/revoke': { act: 'pass.decide', s: 'pass', narrow: (u) => ME[u].role !== 'joint_mechanism' },
  'POST /api/v1/passes/{number}/renew': { act: 'pass.apply', s: 'pass' },
  'POST /api/v1/passes/{number}/crew': { act: 'pass.apply', s: 'pass' },
  'GET /api/v1/passes/{number}/qr': { act: 'pass.read', s: 'pass', ancestor: true, widen: checkpoint },
  'GET /api/v1/passes/{number}/qr.png': { act: 'pass.read', s: 'pass', ancestor: true, widen: checkpoint },
  'GET /api/v1/passes/{number}/qr.svg': { act: 'pass.read', s: 'pass', ancestor: true, widen: checkpoint },
  'GET /api/v1/passes/trust-list': { act: 'public' },
  'GET /api/v1/passes/revocations': { act: 'public' },
  'GET /api/v1/passes/root-key': { act: 'public' },
  'GET /api/v1/passes/test-requirement': { act: 'pass_rules.read' },
  'POST /api/v1/checks': { act: 'pass.check' },
  'POST /api/v1/checks/batch': { act: 'pass.check' },
  'GET /api/v1/regions/{code}/pass-rules': { act: 'pass_rules.read', s: 'region' },
  'PUT /api/v1/regions/{code}/pass-rules': { act: 'pass_rules.set', s: 'province', narrow: (u) => level(u) !== 'province' },
  'GET /api/v1/chain': { act: 'chain.read', s: 'region', q: 'region', qEnt: 'around' },
  'GET /api/v1/chain/export': { act: 'chain.read', s: 'region', q: 'region', qEnt: 'around' },
  'POST /api/v1/chain/import': { act: 'chain.import' },
  'POST /api/v1/chain/edges': { act: 'chain.edit' },
  'PATCH /api/v1/chain/edges/{id}': { act: 'chain.edit', s: 'edge' },
  'DELETE /api/v1/chain/edges/{id}': { act: 'chain.edit', s: 'edge' },
  'POST /api/v1/chain/scenario': { act: 'chain.read', narrow: officialsOnly },
  'GET /api/v1/chain/block-points': { act: 'chain.read', s: 'region', q: 'region', narrow: officialsOnly },
  'GET /api/v1/chain/lift-together': { act: 'chain.read', s: 'region', q: 'region', narrow: officialsOnly },
  'GET /api/v1/chain/services-waiting': { act: 'chain.read', s: 'region', q: 'region', narrow: officialsOnly },
  'GET /api/v1/chain/service-flags': { act: 'chain.read', s: 'region', q: 'region', narrow: officialsOnly,
    list: (i) => [i.service.region, i.enterprise.region] },
  'POST /api/v1/chain/service-flags/{id}/ack': { act: 'service_flag.ack', s: 'flag' },
  'GET /api/v1/coordination': { act: 'coordination.read', list: (i) => [i.from_region, i.to_region] },
  'POST /api/v1/coordination': { act: 'coordination.raise' },
  'GET /api/v1/coordination/ledger': { act: 'coordination.read' },
  'GET /api/v1/coordination/{id}': { act: 'coordination.read', s: 'coord' },
  'POST /api/v1/coordination/{id}/items/{n}': { act: 'coordination.handle', s: 'coord', p: { n: '1' } },
  'GET /api/v1/whitelists': { act: 'whitelist.read', list: reg, listAncestor: true },
  'POST /api/v1/whitelists': { act: 'whitelist.list' },
  'GET /api/v1/whitelists/trust-list': { act: 'public' },
  'GET /api/v1/whitelists/revocations': { act: 'public' },
  // a list's batches are published by the account of the list's own region
  'POST /api/v1/whitelists/{id}/batches': { act: 'whitelist.list', s: 'wlist', narrow: (u, o) => o.regions[0] !== ME[u].region },
  'GET /api/v1/whitelists/pool': { act: 'whitelist.read', s: 'region', q: 'region', narrow: officialsOnly },
  'GET /api/v1/whitelist-applications': { act: 'whitelist.read', list: (i) => [i.county, i.list_region] },
  'POST /api/v1/whitelist-applications': { act: 'whitelist.apply' },
  'GET /api/v1/whitelist-applications/{id}': { act: 'whitelist.read', s: 'wlapp' },
  'GET /api/v1/whitelist-applications/{id}/credential': { act: 'whitelist.read', s: 'wlapp' },
  'GET /api/v1/whitelist-applications/{id}/qr': { act: 'whitelist.read', s: 'wlapp' },
  'GET /api/v1/whitelist-applications/{id}/qr.png': { act: 'whitelist.read', s: 'wlapp' },
  'GET /api/v1/whitelist-applications/{id}/qr.svg': { act: 'whitelist.read', s: 'wlapp' },
  'POST /api/v1/whitelist-applications/{id}/actions': { act: 'any', s: 'wlapp' },
  'GET /api/v1/whitelist-recognitions': { act: 'whitelist.read', narrow: (u) => !official(u) || provinceOrNation(u), list: (i) => [i.from, i.to] },
  'POST /api/v1/whitelist-recognitions': { act: 'whitelist.recognise' },
  'GET /api/v1/whitelist-recognitions/{id}': { act: 'whitelist.read', s: 'wlrecog', narrow: officialsOnly },
  'POST /api/v1/whitelist-recognitions/{id}/answers': { act: 'whitelist.recognise', s: 'wlrecog', body: { enterprise: 'FIRST', accept: false, reason: '矩阵测试' }, narrow: (u, o) => o.to !== ME[u].region },
  'GET /api/v1/monitoring/alerts': { act: 'monitoring.read', s: 'region', q: 'region' },
  'GET /api/v1/monitoring/overview': { act: 'monitoring.read', s: 'region', q: 'region' },
  'GET /api/v1/monitoring/trend': { act: 'monitoring.read', s: 'region', q: 'region' },
  'GET /api/v1/monitoring/bulletin': { act: 'monitoring.read', s: 'region', q: 'region', query: 'format=xlsx' },
  'GET /api/v1/monitoring/electricity/disagreements': { act: 'monitoring.read', s: 'region', q: 'region' },
  'POST /api/v1/monitoring/electricity': { act: 'electricity.upload' },
  'POST /api/v1/reports/batch': { act: 'report.submit' },
  'POST /api/v1/reports/upload': { act: 'report.upload' },
  'GET /api/v1/reports/template': { act: 'report.upload' },
  'GET /api/v1/reports/missing': { act: 'report.missing', s: 'region', q: 'region' },
  'GET /api/v1/problems': { act: 'problem.read' },
  'POST /api/v1/problems': { act: 'problem.raise' },
  'GET /api/v1/problems/kinds': { act: 'problem.read' },
  'GET /api/v1/problems/rates': { act: 'problem.rates', s: 'region', q: 'region' },
  'GET /api/v1/problems/repeated': { act: 'problem.rates', s: 'region', q: 'region' },
  'GET /api/v1/problems/{id}': { act: 'problem.read', s: 'problem' },
  'POST /api/v1/problems/{id}/actions': { act: 'problem.read', s: 'problem' },
  'PUT /api/v1/problems/kinds/{kind}/owners/{code}': { act: 'problem.handle', s: 'region', p: { kind: 'supply' }, body: { department: 'industry_authority' },
    narrow: (u) => !['joint_mechanism', 'national_coordinator'].includes(ME[u].role) }, // problem.owner_setter
  'GET /api/v1/plans/queue': { act: 'plan.review', s: 'region', q: 'region' },
  'GET /api/v1/plans/lacking': { act: 'plan.read', s: 'region', q: 'region', narrow: officialsOnly },
  'GET /api/v1/station-queue': { act: 'public' },
  'GET /api/v1/station-figures': { act: 'station.day', s: 'region', q: 'region' },
  'GET /api/v1/stations': { act: 'station.read' },
  'POST /api/v1/stations': { act: 'station.manage' },
  'GET /api/v1/stations/{id}': { act: 'station.read', s: 'station' },
  'PUT /api/v1/stations/{id}': { act: 'station.manage', s: 'station' },
  'GET /api/v1/stations/{id}/day': { act: 'station.day', s: 'station' },
  // the pass named in the body decides (it must be the account's own)
  'POST /api/v1/stations/{id}/bookings': { act: 'station.book', s: 'station', bodyTarget: true },
  'POST /api/v1/stations/{id}/check-in': { act: 'station.gate', s: 'station' },
  'GET /api/v1/bookings': { act: 'station.book' },
  'GET /api/v1/bookings/{id}': { act: 'any', s: 'booking' },
  'POST /api/v1/bookings/{id}/cancel': { act: 'station.book', s: 'booking' },
  'POST /api/v1/bookings/{id}/handover': { act: 'station.gate', s: 'booking' },
  'POST /api/v1/bookings/{id}/depart': { act: 'station.gate', s: 'booking' },
  'GET /api/v1/policies': { act: 'policy.read' },
  'POST /api/v1/policies': { act: 'policy.write' },
  'POST /api/v1/policies/preview': { act: 'policy.write' },
  'GET /api/v1/policies/{id}': { act: 'policy.read', s: 'policy' },
  'PUT /api/v1/policies/{id}': { act: 'policy.write', s: 'policy' },
  'GET /api/v1/policies/{id}/rules/{version}': { act: 'policy.read', s: 'policy', p: { version: '1' } },
  'POST /api/v1/policies/{id}/rules': { act: 'policy.write', s: 'policy' },
  'POST /api/v1/policies/{id}/publish': { act: 'policy.write', s: 'policy' },
  'POST /api/v1/policies/{id}/withdraw': { act: 'policy.write', s: 'policy' },
  'POST /api/v1/policies/{id}/preview': { act: 'policy.write', s: 'policy' },
  'GET /api/v1/policies/reach': { act: 'policy.reach', s: 'region', q: 'region' },
  // any policy, its reach counted in the region asked (the account's by default)
  'GET /api/v1/policies/{id}/reach': { act: 'policy.reach', s: 'region', q: 'region', p: { id: 'POLICY' } },
  'GET /api/v1/policies/{id}/unreached': { act: 'policy.reach', s: 'region', q: 'region', p: { id: 'POLICY' } },
  'GET /api/v1/policies/{id}/claims/form': { act: 'policy.apply', s: 'policy' },
  'POST /api/v1/policies/{id}/claims': { act: 'policy.apply', s: 'policy' },
  'POST /api/v1/policies/{id}/objections': { act: 'policy.apply', s: 'policy' },
  'GET /api/v1/policy-claims': { act: 'any', list: reg },
  'GET /api/v1/policy-claims/{id}': { act: 'any', s: 'claim' },
  'GET /api/v1/policy-claims/{id}/files/{seq}': { act: 'any', s: 'claim', p: { seq: '1' } },
  'POST /api/v1/policy-claims/{id}/approve': { act: 'policy.check', s: 'claim' },
  'POST /api/v1/policy-claims/{id}/reject': { act: 'policy.check', s: 'claim' },
  'POST /api/v1/policy-claims/{id}/more-info': { act: 'policy.check', s: 'claim' },
  'POST /api/v1/policy-claims/{id}/answer': { act: 'policy.apply', s: 'claim' },
  'POST /api/v1/policy-claims/{id}/grant': { act: 'policy.check', s: 'claim' },
  'POST /api/v1/policy-claims/{id}/receipt': { act: 'policy.apply', s: 'claim' },
  'POST /api/v1/policy-claims/{id}/withdraw': { act: 'policy.apply', s: 'claim' },
};

let srv;
let DOC;                 // the OpenAPI document as served
const ME = {};           // each account's /auth/me
const POOL = {};         // per kind: objects { v, regions: [], uscc: [] }
let today;

// A region code from any JSON shape (number or string).
const code6 = (x) => String(x).padStart(6, '0');
const entry = (v, regions, uscc = []) => ({ v, regions: regions.map(code6), uscc });

before(async () => {
  srv = await startServer();
  DOC = (await srv.req('GET', '/api/v1/openapi.json')).body;
  await Promise.all(USERS.map(async (u) => {
    const r = await srv.as(u, 'GET', '/api/v1/auth/me');
    assert.equal(r.status, 200, `${u}: ${r.text}`);
    ME[u] = r.body;
  }));
  const get = async (u, path) => {
    const r = await srv.as(u, 'GET', path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    return r.body;
  };
  today = new Date(srv.now() + 8 * 3600e3).toISOString().slice(0, 10);

  // Regions: Xihu, Nanhu (the station gate's county), Pudong, Suzhou.
  POOL.region = ['330106', '330402', '310115', '320505'].map((c) => entry(c, [c]));
  POOL.province = ['330000', '310000', '320000'].map((c) => entry(c, [c]));

  // Enterprises: the demo enterprise and operator (Xihu), one in Pudong, one in Suzhou.
  const firstIn = async (region) => (await get('coordinator', `/api/v1/enterprises?region=${region}&limit=1`)).items[0];
  const sh = await firstIn('310115'), js = await firstIn('320505');
  POOL.enterprise = [entry(DEMO_ENTERPRISE, ['330106'], [DEMO_ENTERPRISE]),
    entry(DEMO_OPERATOR, ['330106'], [DEMO_OPERATOR]),
    entry(sh.uscc, [sh.region], [sh.uscc]), entry(js.uscc, [js.region], [js.uscc])];

  // Orders: one made for the demo enterprise (so that it has one), and the
  // demo's in Xihu, Suzhou's Kunshan and Pudong.
  const proposed = await srv.as('joint.zhejiang', 'POST', '/api/v1/orders', {
    enterprise: DEMO_ENTERPRISE, measure: 'limit_arrival', percent: 50,
    reason: 'matrix test: staff arrival limited', evidence: 'matrix test evidence text',
    ends_at: new Date(srv.now() + 48 * 3600e3).toISOString() });
  assert.equal(proposed.status, 201, proposed.text);
  const orders = (await get('coordinator', '/api/v1/orders?limit=500')).items;
  const pickOrder = (f) => { const o = orders.find(f); assert.ok(o, 'a demo order'); return entry(o.id, [o.region], [o.enterprise]); };
  POOL.order = [pickOrder((o) => o.enterprise === DEMO_ENTERPRISE), pickOrder((o) => o.region === '330106' && o.enterprise !== DEMO_ENTERPRISE),
    pickOrder((o) => o.region.startsWith('32')), pickOrder((o) => o.region.startsWith('31'))];

  POOL.alarm = (await get('coordinator', '/api/v1/alarms')).items.map((a) => entry(a.id, [a.region]));

  // Passes: one of the demo enterprise's (applied for and issued here), the
  // operator's issued by Zhejiang and by Shanghai.
  const applied = await srv.as('enterprise.demo', 'POST', '/api/v1/passes', {
    goods: 'food', origin: '330106', destination: '310115', route: ['330402'], plate: '浙A3M909',
    valid_to: new Date(srv.now() + 3 * 864e5).toISOString(),
    crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }] });
  assert.equal(applied.status, 201, applied.text);
  const passes = (await get('coordinator', '/api/v1/passes?limit=500')).items;
  const pickPass = (f) => { const p = passes.find(f); assert.ok(p, 'a pass'); return entry(p.number, [p.region], [p.applicant]); };
  POOL.pass = [pickPass((p) => p.applicant === DEMO_ENTERPRISE), pickPass((p) => p.region === '330000' && p.applicant === DEMO_OPERATOR),
    pickPass((p) => p.region === '310000')];

  // Problems: a supply problem of the demo enterprise (Xihu), a blocked truck in Suzhou.
  const pIn = await srv.as('enterprise.demo', 'POST', '/api/v1/problems', { kind: 'supply', what: '原材料断供' });
  const pOut = await srv.as('operator.demo', 'POST', '/api/v1/problems', { kind: 'blocked_truck', county: '320505', plate: '浙A12345', what: '车辆在检查站受阻' });
  assert.equal(pIn.status, 201, pIn.text);
  assert.equal(pOut.status, 201, pOut.text);
  POOL.problem = [entry(pIn.body.id, ['330106'], [DEMO_ENTERPRISE]), entry(pOut.body.id, ['320505'], [DEMO_OPERATOR])];

  POOL.coord = (await get('coordinator', '/api/v1/coordination')).items.map((c) => entry(c.id, [c.from_region, c.to_region], [c.customer]));

  const apps = (await get('coordinator', '/api/v1/whitelist-applications')).items;
  const pickApp = (f) => { const a = apps.find(f); assert.ok(a, 'an application'); return entry(a.id, [a.county, a.list_region], [a.enterprise]); };
  POOL.wlapp = [pickApp((a) => a.enterprise === DEMO_ENTERPRISE), pickApp((a) => a.list_region === '320000'),
    pickApp((a) => a.list_region === '310000')];
  POOL.wlrecog = (await get('coordinator', '/api/v1/whitelist-recognitions')).items.map((x) => ({ ...entry(x.id, [x.from, x.to]), to: x.to, first: x.items[0].enterprise }));
  const lists = (await get('coordinator', '/api/v1/whitelists')).items;
  POOL.wlist = ['330000', '320000', '310000'].map((c) => { const l = lists.find((x) => x.region === c); return entry(l.id, [l.region]); });

  const stations = (await get('coordinator', '/api/v1/stations')).items;
  const pickSt = (name) => { const s = stations.find((x) => x.name === name); assert.ok(s, name); return entry(s.id, [s.region]); };
  POOL.station = [pickSt('嘉兴南湖中转站'), pickSt('苏州吴江汾湖中转站'), pickSt('上海浦东芦潮港中转站')];
  const bookings = (await get('operator.demo', '/api/v1/bookings')).items;
  const pickBk = (plate) => { const b = bookings.find((x) => x.plate === plate); assert.ok(b, plate); return entry(b.id, [b.region], [DEMO_OPERATOR]); };
  POOL.booking = [pickBk('浙A7K303'), pickBk('浙A7K306'), pickBk('浙A7K305')];

  const policies = (await get('coordinator', '/api/v1/policies')).items;
  POOL.policy = ['330000', '320000', '310000'].map((c) => { const p = policies.find((x) => x.region === c); return entry(p.id, [p.region]); });
  POOL.claim = (await get('economy.zhejiang', '/api/v1/policy-claims')).items.slice(0, 2).map((c) => entry(c.id, [c.region], [c.enterprise]));

  const graph = await get('coordinator', '/api/v1/chain');
  const edges = graph.edges.map((e) => ({ ...e, regions: [e.supplier.region, e.customer.region] }));
  const pickEdge = (f) => { const e = edges.find(f); assert.ok(e, 'an edge'); return entry(e.id, e.regions, [e.supplier.uscc, e.customer.uscc]); };
  POOL.edge = [pickEdge((e) => e.regions.some((r) => r.startsWith('3301'))),
    pickEdge((e) => e.regions.every((r) => !r.startsWith('33')))];
  // a flag is the service's (service_flag.ack in the service's region)
  POOL.flag = (await get('coordinator', '/api/v1/chain/service-flags')).items.map((f) => entry(f.id, [f.service.region], [f.service.uscc]));

  // Accounts to manage, made for the purpose: a checkpoint officer in Xihu, one in Suzhou.
  POOL.account = [];
  for (const c of ['330106', '320505']) {
    const username = `matrix.${c}`;
    const r = await srv.as('coordinator', 'POST', '/api/v1/accounts', { username, role: 'checkpoint_officer', region: c, password: 'matrix password 1' });
    assert.equal(r.status, 201, r.text);
    POOL.account.push(entry(username, [c]));
  }
  for (const [k, v] of Object.entries(POOL)) assert.ok(v.length > 0, `no ${k} to test with`);
});
after(() => srv?.stop());

// ---- expectations ----
// Whether obj lies inside the account's jurisdiction.
function inside(u, obj, row) {
  const me = ME[u];
  if (official(u))
    return obj.regions.some((r) => within(me.region, r) || (row.ancestor && within(r, me.region)));
  // An enterprise account: its own enterprises' objects; of an object that
  // belongs to no enterprise (a region, a policy), those whose region holds
  // one of its enterprises.
  if (obj.uscc.length) return obj.uscc.some((x) => own(u).includes(x));
  return obj.regions.some((r) => POOL.enterprise.some((e) => own(u).includes(e.v) && within(r, e.regions[0])));
}

// 'role' (403 access.route_role), 'deny' (403 or 404), 'hidden' (404: an
// object addressed by its key outside the jurisdiction is answered as one
// that does not exist, issue 16), 'allow', or 'handler' (an any-role route
// without a rule: anything but 401 and 5xx).
const HIDDEN = new Set(['enterprise', 'order', 'pass', 'problem', 'wlapp', 'wlrecog', 'booking']);
function expected(row, u, obj) {
  if (row.act === 'public') return 'allow';
  let act = row.act;
  if (act === 'any') {
    if (!row.rule) return 'handler';
    const acts = [row.rule].flat();
    if (!acts.length) return 'allow'; // any signed-in account
    if (!acts.every((a) => ME[u].permissions.includes(a))) return 'deny';
    act = acts[acts.length - 1];
  } else if (!ME[u].permissions.includes(act)) return 'role';
  if (row.narrow && row.narrow(u, obj)) return 'deny';
  if (row.widen && row.widen(u, obj)) return 'allow';
  if (SCOPE_ANY.has(act)) return 'allow';
  if (SCOPE_NATION.has(act)) return ME[u].region === '000000' ? 'allow' : 'deny';
  if (!obj || row.bodyTarget) return 'allow';
  if (row.ownFilter && !official(u)) return 'allow'; // filtered to its own, not refused
  return inside(u, obj, row) ? 'allow' : HIDDEN.has(row.s) ? 'hidden' : 'deny';
}

// The object for an account: inside its jurisdiction (or else the first),
// or outside it (or else the last: the national coordinator has no outside).
function pick(row, u, where) {
  if (!row.s) return null;
  const pool = POOL[row.s];
  const found = pool.find((o) => inside(u, o, row) === (where === 'in'));
  return found || (where === 'in' ? pool[0] : pool[pool.length - 1]);
}

function request(key, row, obj) {
  const [method, tmpl] = key.split(' ');
  const params = { ...(row.p || {}) };
  if (params.day === 'TODAY') params.day = today;
  if (params.id === 'POLICY') params.id = POOL.policy[0].v;
  let path = tmpl;
  if (obj && !row.q) {
    const [, first] = [...tmpl.matchAll(/\{([a-z]+)\}/g)].find(([, n]) => params[n] === undefined);
    params[first] = obj.v;
  }
  path = path.replace(/\{([a-z]+)\}/g, (_, n) => {
    assert.ok(params[n] !== undefined, `${key}: no value for {${n}}`);
    return encodeURIComponent(params[n]);
  });
  const query = [obj && row.q ? `${row.q}=${obj.v}` : null, row.query].filter(Boolean);
  if (query.length) path += `?${query.join('&')}`;
  const op = DOC.paths[tmpl][method.toLowerCase()];
  let body = op.requestBody ? (row.body || {}) : undefined;
  if (body?.enterprise === 'FIRST') body = { ...body, enterprise: obj.first };
  return { method, path, body };
}

// Runs fn over items, `limit` at a time.
async function pool(items, limit, fn) {
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; await fn(items[i]); } };
  await Promise.all(Array.from({ length: limit }, worker));
}

function operations() {
  const ops = [];
  for (const [p, item] of Object.entries(DOC.paths))
    for (const m of ['get', 'post', 'put', 'patch', 'delete'])
      if (item[m]) ops.push(`${m.toUpperCase()} ${p}`);
  return ops;
}

test('the matrix has one row per operation of the OpenAPI document, and no other', () => {
  const served = operations();
  const file = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8'));
  assert.deepEqual(Object.keys(DOC.paths).sort(), Object.keys(file.paths).sort(), 'the served document is docs/openapi.json');
  const missing = served.filter((k) => !MATRIX[k]);
  const extra = Object.keys(MATRIX).filter((k) => !served.includes(k));
  assert.deepEqual(missing, [], 'operations without a row in the matrix');
  assert.deepEqual(extra, [], 'matrix rows the OpenAPI document does not list');
  for (const [k, row] of Object.entries(MATRIX)) {
    if (row.act !== 'public' && row.act !== 'any')
      assert.ok(Object.values(ME).some((m) => m.permissions.includes(row.act)),
        `${k}: no demo account has ${row.act}`);
    if (row.s) assert.ok(POOL[row.s], `${k}: no objects of kind ${row.s}`);
  }
});

const summary = { rows: 0, accounts: USERS.length, cases: 0, listChecks: 0 };

test('every row, demo account, inside and outside: the answer the access table says', { timeout: 600e3 }, async () => {
  const cases = [];
  for (const key of operations()) {
    const row = MATRIX[key];
    if (!row) continue; // reported by the test above
    summary.rows++;
    for (const u of USERS)
      for (const where of ['in', 'out']) {
        // an enterprise account reads the graph around one of its enterprises
        const row = !official(u) && MATRIX[key].qEnt ? { ...MATRIX[key], s: 'enterprise', q: MATRIX[key].qEnt } : MATRIX[key];
        const obj = pick(row, u, where);
        cases.push({ key, row, u, where, obj, want: expected(row, u, obj), ...request(key, row, obj) });
      }
  }
  summary.cases = cases.length;
  for (const c of cases) summary[c.want] = (summary[c.want] || 0) + 1;
  // Reads first, then the writes refused, then the writes allowed (which may
  // change the data: anything but a refusal is accepted of them).
  const phase = (c) => (c.method === 'GET' ? 0 : c.want === 'allow' || c.want === 'handler' ? 2 : 1);
  const problems = [];
  for (const ph of [0, 1, 2]) {
    await pool(cases.filter((c) => phase(c) === ph), 8, async (c) => {
      let r;
      if (c.row.session === 'own') {
        const login = await srv.req('POST', '/api/v1/auth/login', { body: { username: c.u, password: `${c.u}-2022` } });
        r = await srv.req(c.method, c.path, { body: c.body, headers: { Authorization: `Bearer ${login.body.token}` } });
      } else {
        r = await srv.as(c.u, c.method, c.path, c.body);
      }
      const s = r.status;
      const ok = s < 500 && s !== 401 && (
        c.want === 'role' ? s === 403 && ['access.route_role', 'access.admin_only'].includes(r.body?.code)
          : c.want === 'deny' ? s === 403 || s === 404
            : c.want === 'hidden' ? s === 404
            : c.want === 'allow' ? s !== 403
              : true);
      if (ok && s === 200 && typeof c.row.ownFilter === 'function' && !official(c.u))
        for (const it of r.body.items)
          if (!c.row.ownFilter(it).some((x) => own(c.u).includes(x))) problems.push(`${c.key} as ${c.u}: an item of ${c.row.ownFilter(it)}`);
      if (!ok)
        problems.push(`${c.key} as ${c.u} (${c.where}${c.obj ? ` ${c.obj.v} in ${c.obj.regions}` : ''}): ${s} ${r.body?.code || ''}, expected ${c.want}`);
    });
  }
  if (problems.length) console.log(problems.sort().join('\n'));
  assert.deepEqual(problems, [], `${problems.length} of ${cases.length} cases`);
});

test('collections hold nothing outside the jurisdiction of the official who reads them', async () => {
  const problems = [];
  const reads = [];
  for (const [key, row] of Object.entries(MATRIX))
    if (row.list)
      for (const u of USERS)
        if (official(u) && ME[u].region !== '000000' && !(row.listSkip || []).includes(ME[u].role)
          && (row.act === 'any' || ME[u].permissions.includes(row.act)) && !(row.narrow && row.narrow(u)))
          reads.push({ key, row, u });
  await pool(reads, 8, async ({ key, row, u }) => {
    const path = `${key.split(' ')[1]}${key.includes('?') ? '&' : '?'}limit=500`;
    const r = await srv.as(u, 'GET', path);
    if (r.status === 403 && row.act === 'any') return; // the handler refuses the role
    if (r.status !== 200) { problems.push(`${key} as ${u}: ${r.status}`); return; }
    summary.listChecks++;
    for (const it of r.body.items) {
      const regions = row.list(it).filter((x) => x !== undefined && x !== null).map(code6);
      const seen = regions.some((x) => within(ME[u].region, x) || (row.listAncestor && within(x, ME[u].region)));
      if (!seen) problems.push(`${key} as ${u} (${ME[u].region}): an item in ${regions}`);
    }
  });
  if (problems.length) console.log(problems.sort().join('\n'));
  assert.deepEqual(problems, []);
});

test('matrix size', () => {
  console.log(`authorisation matrix: ${summary.rows} rows x ${summary.accounts} accounts x inside/outside = ${summary.cases} cases `
    + `(${summary.role || 0} refused by role, ${summary.deny || 0} by jurisdiction or a finer rule, ${summary.allow || 0} allowed, `
    + `${summary.handler || 0} any-role left to the handler); ${summary.listChecks} collections read and checked`);
});
