// The access matrix: every role x every endpoint x inside and outside its
// jurisdiction, with the status each must get. The expectations are written
// here from DESIGN.md, not read from the server's own table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, newUscc, startServer } from './helpers.mjs';

let srv;
let outsideUscc;          // an enterprise in Jiangsu, outside every Zhejiang account
let PROBLEM_IN, PROBLEM_OUT; // problems (issue 13): in Xihu, and in Suzhou
// transfer stations (issue 14): 嘉兴南湖 (the gate account's county) and 苏州吴江
// (outside every Zhejiang account); the demo's bookings there; two passes to book
const ST = {};
const NOT_FOR_STATION_STAFF = new Set(['read region', 'list regions', 'designated regions',
  'list enterprises', 'export enterprises', 'list problems']);
const IN_USCC = '91330106MA27XK000B';
const IN_REGION = '330106';
const OUT_REGION = '320505';

before(async () => {
  srv = await startServer();
  const r = await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=320000&limit=1');
  assert.equal(r.status, 200);
  outsideUscc = r.body.items[0].uscc;
  // problems (issue 13)
  PROBLEM_IN = (await srv.as('enterprise.demo', 'POST', '/api/v1/problems', { kind: 'supply', what: '原材料断供' })).body.id;
  PROBLEM_OUT = (await srv.as('operator.demo', 'POST', '/api/v1/problems', { kind: 'blocked_truck', county: OUT_REGION, plate: '浙A12345', what: '车辆在检查站受阻' })).body.id;
  // transfer stations (issue 14)
  const stations = (await srv.as('coordinator', 'GET', '/api/v1/stations')).body.items;
  ST.in = stations.find((x) => x.name === '嘉兴南湖中转站');
  ST.out = stations.find((x) => x.name === '苏州吴江汾湖中转站');
  const booked = (await srv.as('operator.demo', 'GET', '/api/v1/bookings')).body.items;
  const byPlate = (p) => booked.find((b) => b.plate === p);
  ST.toCome = byPlate('浙A7K303');    // booked at 南湖
  ST.inside = byPlate('浙A7K302');    // arrived at 南湖
  ST.elsewhere = byPlate('浙A7K305'); // booked at 芦潮港 (Shanghai)
  ST.suzhou = byPlate('浙A7K306');    // booked at 吴江 (Suzhou)
  const pass = async (user) => {
    const a = await srv.as(user, 'POST', '/api/v1/passes', {
      goods: 'food', origin: '330106', destination: '310115', route: ['330402'], plate: user === 'operator.demo' ? '浙A3M001' : '浙A3M002',
      valid_to: new Date(srv.now() + 3 * 864e5).toISOString(),
      crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }],
    });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    return d.body.number;
  };
  ST.passIn = await pass('operator.demo');
  ST.passOut = await pass('enterprise.demo');
  ST.slot = (await srv.as('operator.demo', 'GET', `/api/v1/stations/${ST.in.id}`)).body.next_free.trailer_swap;
});
after(() => srv.stop());

const ALL = Object.keys(ACCOUNTS);
const roleOf = (u) => ACCOUNTS[u].role;
const OFFICIAL_READERS = ['industry_authority', 'joint_mechanism', 'economic_department',
  'health_authority', 'national_coordinator', 'auditor'];
const OWNERS = { enterprise: IN_USCC, transport_operator: '91330106MA27XK001E' };

// Each row: name, how to call it inside and outside, and which roles may.
// `inside(user)`/`outside(user)` return [method, path, body].
const rows = [
  {
    name: 'read enterprise',
    call: (u, where) => ['GET', `/api/v1/enterprises/${target(u, where)}`],
    allow: (role, where) => where === 'in'
      ? [...OFFICIAL_READERS, 'enterprise', 'transport_operator'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'enterprise guidance',
    call: (u, where) => ['GET', `/api/v1/enterprises/${target(u, where)}/guidance`],
    allow: (role, where) => where === 'in'
      ? [...OFFICIAL_READERS, 'enterprise', 'transport_operator'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'enterprise history',
    call: (u, where) => ['GET', `/api/v1/enterprises/${target(u, where)}/history`],
    allow: (role, where) => where === 'in'
      ? [...OFFICIAL_READERS, 'enterprise', 'transport_operator'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'update enterprise',
    call: (u, where) => ['PATCH', `/api/v1/enterprises/${target(u, where)}`, { headcount: 321 }],
    needsVersion: true,
    allow: (role, where) => where === 'in'
      ? ['enterprise', 'industry_authority', 'joint_mechanism', 'national_coordinator'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'classify enterprise',
    call: (u, where) => ['PATCH', `/api/v1/enterprises/${target(u, where)}`, { categories: ['key_industrial'] }],
    needsVersion: true,
    // a PATCH is checked as an update first: an enterprise updates its own
    hides: (role) => role === 'enterprise',
    allow: (role, where) => where === 'in'
      ? ['industry_authority', 'joint_mechanism', 'national_coordinator'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'create enterprise',
    call: (u, where) => ['POST', '/api/v1/enterprises', {
      uscc: newUscc(where === 'in' ? IN_REGION : OUT_REGION), name: '矩阵测试有限公司',
      region: where === 'in' ? IN_REGION : OUT_REGION, industry: '34', headcount: 10 }],
    allow: (role, where) => ['industry_authority', 'joint_mechanism', 'national_coordinator'].includes(role)
      && (where === 'in' || role === 'national_coordinator'),
  },
  {
    name: 'read region',
    call: (u, where) => ['GET', `/api/v1/regions/${where === 'in' ? IN_REGION : OUT_REGION}`],
    allow: (role, where) => where === 'in' || role === 'national_coordinator',
  },
  {
    name: 'list regions',
    call: (u, where) => ['GET', `/api/v1/regions?parent=${where === 'in' ? '330100' : '320500'}`],
    allow: (role, where) => where === 'in'
      ? true
      : role === 'national_coordinator',
  },
  {
    name: 'designated regions',
    call: (u, where) => ['GET', `/api/v1/regions/${where === 'in' ? IN_REGION : OUT_REGION}/designated`],
    allow: (role, where) => where === 'in' || role === 'national_coordinator',
  },
  {
    name: 'designate risk',
    call: (u, where) => ['POST', `/api/v1/regions/${where === 'in' ? IN_REGION : OUT_REGION}/risk`,
      { level: 'medium', reason: '矩阵测试 matrix test' }],
    allow: (role, where) => role === 'health_authority' && where === 'in',
  },
  {
    name: 'list enterprises',
    call: (u, where) => ['GET', `/api/v1/enterprises?region=${where === 'in' ? IN_REGION : '320000'}`],
    allow: (role, where) => role !== 'checkpoint_officer'
      && (where === 'in' || role === 'national_coordinator' || role === 'enterprise' || role === 'transport_operator'),
  },
  {
    name: 'export enterprises',
    call: (u, where) => ['GET', `/api/v1/enterprises/export?region=${where === 'in' ? IN_REGION : '320000'}`],
    allow: (role, where) => role !== 'checkpoint_officer'
      && (where === 'in' || role === 'national_coordinator' || role === 'enterprise' || role === 'transport_operator'),
  },
  {
    name: 'list orders',
    call: (u, where) => ['GET', `/api/v1/orders?region=${where === 'in' ? IN_REGION : OUT_REGION}`],
    // Enterprise accounts read the orders on their own enterprise wherever they look.
    allow: (role, where) => role === 'enterprise'
      || (OFFICIAL_READERS.includes(role) && (where === 'in' || role === 'national_coordinator')),
  },
  {
    name: 'enterprise orders',
    call: (u, where) => ['GET', `/api/v1/enterprises/${where === 'in' ? IN_USCC : outsideUscc}/orders`],
    allow: (role, where) => where === 'in'
      ? [...OFFICIAL_READERS, 'enterprise'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'propose order',
    call: (u, where) => ['POST', '/api/v1/orders', {
      enterprise: where === 'in' ? IN_USCC : outsideUscc, measure: 'limit_arrival', percent: 50,
      reason: 'matrix test: staff arrival limited', evidence: 'matrix test evidence text',
      ends_at: new Date(Date.now() + 48 * 3600e3).toISOString() }],
    allow: (role, where) => role === 'joint_mechanism' && where === 'in',
  },
  {
    name: 'list alarms',
    call: (u, where) => ['GET', `/api/v1/alarms?region=${where === 'in' ? IN_REGION : OUT_REGION}`],
    allow: (role, where) => OFFICIAL_READERS.includes(role) && (where === 'in' || role === 'national_coordinator'),
  },
  {
    name: 'list passes',
    call: () => ['GET', '/api/v1/passes?plate=%E6%B5%99A12345'],
    allow: (role) => [...OFFICIAL_READERS, 'enterprise', 'transport_operator', 'checkpoint_officer'].includes(role),
  },
  {
    name: 'check a pass',
    call: () => ['POST', '/api/v1/checks', { credential: 'FG1:NOT A PASS' }],
    allow: (role) => role === 'checkpoint_officer',
  },
  {
    name: 'apply for a pass',
    call: (u, where) => ['POST', '/api/v1/passes', {
      applicant: where === 'in' ? (OWNERS[roleOf(u)] || IN_USCC) : outsideUscc, goods: 'food', origin: '330106',
      destination: '310115', plate: '浙A12345', valid_to: new Date(Date.now() + 2 * 86400e3).toISOString(),
      crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }] }],
    allow: (role, where) => where === 'in' && ['enterprise', 'transport_operator'].includes(role),
  },
  {
    name: 'list accounts',
    call: () => ['GET', '/api/v1/accounts'],
    allow: (role, where, user) => ACCOUNTS[user].admin === true, // the demo's administrators
  },
  {
    name: 'create account',
    call: (u, where) => ['POST', '/api/v1/accounts', {
      username: `m.${Math.random().toString(36).slice(2, 10)}`, role: 'checkpoint_officer',
      region: where === 'in' ? IN_REGION : OUT_REGION, password: 'matrix password' }],
    allow: (role, where, user) => role === 'national_coordinator' || (ACCOUNTS[user].admin === true && where === 'in'),
  },
  {
    name: 'read audit log',
    call: (u, where) => ['GET', `/api/v1/audit?region=${where === 'in' ? IN_REGION : '320000'}`],
    allow: (role, where) => role === 'national_coordinator' || (role === 'auditor' && where === 'in'),
  },
  {
    name: 'verify audit chain',
    call: () => ['GET', '/api/v1/audit/verify'],
    allow: (role) => ['auditor', 'national_coordinator'].includes(role),
  },
  {
    name: 'read guidance rules',
    call: () => ['GET', '/api/v1/guidance/rules'],
    allow: () => true,
  },
  {
    name: 'guidance versions',
    call: () => ['GET', '/api/v1/guidance/versions'],
    allow: () => true,
  },
  {
    name: 'replace guidance rules',
    call: () => ['PUT', '/api/v1/guidance/rules', null],
    allow: (role) => role === 'national_coordinator',
  },
  {
    name: 'industries',
    call: () => ['GET', '/api/v1/industries'],
    allow: () => true,
  },
  {
    name: 'who am I',
    call: () => ['GET', '/api/v1/auth/me'],
    allow: () => true,
  },
  // ---- daily reports (issue 13, part "reports") ----
  {
    name: 'read daily reports',
    call: (u, where) => ['GET', `/api/v1/enterprises/${target(u, where)}/reports`],
    allow: (role, where) => where === 'in'
      ? [...OFFICIAL_READERS, 'enterprise'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'submit a daily report',
    call: (u, where) => ['POST', `/api/v1/enterprises/${target(u, where)}/reports`,
      { status: 'operating', capacity_pct: 90, staff_pct: 95 }],
    allow: (role, where) => where === 'in' && role === 'enterprise',
  },
  {
    name: 'missing daily reports',
    call: (u, where) => ['GET', `/api/v1/reports/missing?region=${where === 'in' ? IN_REGION : OUT_REGION}`],
    allow: (role, where) => where === 'in'
      ? ['industry_authority', 'joint_mechanism', 'economic_department', 'national_coordinator'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'daily report template',
    call: () => ['GET', '/api/v1/reports/template'],
    allow: (role) => ['industry_authority', 'joint_mechanism'].includes(role),
  },
  // ---- end daily reports ----
  // ---- the alerts of daily monitoring (issue 13) ----
  {
    name: 'monitoring alerts',
    call: (u, where) => ['GET', `/api/v1/monitoring/alerts?region=${where === 'in' ? IN_REGION : OUT_REGION}`],
    allow: (role, where) => where === 'in' ? OFFICIAL_READERS.includes(role) : role === 'national_coordinator',
  },
  // ---- end alerts ----
  // ---- problems (issue 13, part "problems") ----
  // Inside: a supply problem of the demo enterprise (Xihu); outside: a
  // blocked truck in Suzhou raised by the operator (fresh ones per call
  // where the step changes them).
  {
    name: 'list problems',
    call: () => ['GET', '/api/v1/problems'],
    allow: (role) => role !== 'checkpoint_officer',
  },
  {
    name: 'read a problem',
    call: (u, where) => ['GET', `/api/v1/problems/${where === 'in' ? PROBLEM_IN : PROBLEM_OUT}`],
    allow: (role, where) => where === 'in'
      ? [...OFFICIAL_READERS, 'enterprise'].includes(role)
      : ['national_coordinator', 'transport_operator'].includes(role),
  },
  {
    name: 'take a problem',
    freshProblem: true,
    call: () => ['POST', '/api/v1/problems/ID/actions', { action: 'take' }],
    allow: (role, where) => where === 'in'
      ? ['industry_authority', 'joint_mechanism', 'national_coordinator'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'raise a problem',
    call: (u, where) => ['POST', '/api/v1/problems', roleOf(u) === 'transport_operator'
      ? { kind: 'blocked_truck', county: where === 'in' ? IN_REGION : OUT_REGION, plate: '浙A12345', what: '车辆在检查站受阻' }
      : { kind: 'supply', enterprise: where === 'in' ? (OWNERS[roleOf(u)] || IN_USCC) : outsideUscc, what: '原材料断供' }],
    allow: (role, where) => role === 'transport_operator' || (role === 'enterprise' && where === 'in'),
  },
  {
    name: 'problem rates',
    call: (u, where) => ['GET', `/api/v1/problems/rates?region=${where === 'in' ? IN_REGION : OUT_REGION}`],
    allow: (role, where) => where === 'in' ? OFFICIAL_READERS.includes(role) : role === 'national_coordinator',
  },
  {
    name: 'repeated problems',
    call: (u, where) => ['GET', `/api/v1/problems/repeated?region=${where === 'in' ? IN_REGION : OUT_REGION}`],
    allow: (role, where) => where === 'in' ? OFFICIAL_READERS.includes(role) : role === 'national_coordinator',
  },
  {
    name: 'set the owner of a kind of problem',
    call: (u, where) => ['PUT', `/api/v1/problems/kinds/supply/owners/${where === 'in' ? IN_REGION : OUT_REGION}`, { department: 'industry_authority' }],
    allow: (role, where) => where === 'in'
      ? ['joint_mechanism', 'national_coordinator'].includes(role)
      : role === 'national_coordinator',
  },
  // ---- end problems ----
  // ---- production and contingency plans (issue 14, part "plans") ----
  {
    name: 'read an enterprise\'s plans',
    call: (u, where) => ['GET', `/api/v1/enterprises/${where === 'in' ? IN_USCC : outsideUscc}/plans`],
    allow: (role, where) => where === 'in'
      ? [...OFFICIAL_READERS, 'enterprise'].includes(role)
      : role === 'national_coordinator',
  },
  {
    name: 'check a plan as it is typed',
    call: (u, where) => ['POST', `/api/v1/enterprises/${where === 'in' ? IN_USCC : outsideUscc}/plans/high/check`, { body: {} }],
    allow: (role, where) => where === 'in' && role === 'enterprise',
  },
  {
    name: 'save a plan',
    call: (u, where) => ['PUT', `/api/v1/enterprises/${where === 'in' ? IN_USCC : outsideUscc}/plans/high`, { body: {} }],
    allow: (role, where) => where === 'in' && role === 'enterprise',
  },
  {
    name: 'approve or return a plan',
    freshPlan: true,
    call: (u, where) => ['POST', `/api/v1/enterprises/${where === 'in' ? IN_USCC : outsideUscc}/plans/low/decision`,
      { decision: 'return', version: 1, reasons: ['矩阵测试'] }],
    allow: (role, where) => where === 'in' && role === 'industry_authority',
  },
  {
    name: 'the review queue of plans',
    call: (u, where) => ['GET', `/api/v1/plans/queue?region=${where === 'in' ? IN_REGION : OUT_REGION}`],
    allow: (role, where) => where === 'in' && role === 'industry_authority',
  },
  {
    name: 'enterprises lacking an approved plan',
    call: (u, where) => ['GET', `/api/v1/plans/lacking?region=${where === 'in' ? IN_REGION : OUT_REGION}`],
    allow: (role, where) => where === 'in' ? OFFICIAL_READERS.includes(role) : role === 'national_coordinator',
  },
  // ---- end plans ----
  // ---- transfer stations (issue 14, part "stations") ----
  // Inside: 嘉兴南湖 (330402, in Zhejiang); outside: 苏州吴江 (320509).
  {
    name: 'list transfer stations',
    call: (u, where) => ['GET', `/api/v1/stations?region=${where === 'in' ? '330000' : '320000'}`],
    allow: (role) => role !== 'checkpoint_officer',
  },
  {
    name: 'read a transfer station',
    call: (u, where) => ['GET', `/api/v1/stations/${(where === 'in' ? ST.in : ST.out).id}`],
    allow: (role) => role !== 'checkpoint_officer',
  },
  {
    name: 'set up a transfer station',
    call: (u, where) => ['POST', '/api/v1/stations', {
      name: `矩阵测试中转站${Math.random().toString(36).slice(2, 8)}`, operator: '测试物流', address: '测试路 1 号',
      region: where === 'in' ? '330402' : '320509', lon: 120.8, lat: 30.8, opens: 6, closes: 22, cutoff_minutes: 30,
      per_hour: { trailer_swap: 2, on_site_transfer: 2 } }],
    allow: (role, where, user) => user === 'joint.zhejiang' && where === 'in',
  },
  {
    name: "a station's day",
    call: (u, where) => ['GET', `/api/v1/stations/${(where === 'in' ? ST.in : ST.out).id}/day`],
    allow: (role, where, user) => where === 'in'
      ? [...OFFICIAL_READERS, 'station_staff'].includes(role) && !user.endsWith('.hangzhou')
      : role === 'national_coordinator',
  },
  {
    name: 'station figures by region',
    call: (u, where) => ['GET', `/api/v1/station-figures?region=${where === 'in' ? '330402' : '320509'}`],
    allow: (role, where, user) => where === 'in'
      ? [...OFFICIAL_READERS, 'station_staff'].includes(role) && !user.endsWith('.hangzhou')
      : role === 'national_coordinator',
  },
  {
    name: 'read a booking',
    call: (u, where) => ['GET', `/api/v1/bookings/${(where === 'in' ? ST.toCome : ST.suzhou).id}`],
    allow: (role, where, user) => role === 'transport_operator' || role === 'national_coordinator'
      || (where === 'in' && [...OFFICIAL_READERS, 'station_staff'].includes(role) && !user.endsWith('.hangzhou')),
  },
  {
    name: 'list own bookings',
    call: () => ['GET', '/api/v1/bookings'],
    allow: (role) => ['enterprise', 'transport_operator'].includes(role),
  },
  {
    // Inside: a pass of the operator's own; outside: the demo enterprise's.
    name: 'book a slot',
    call: (u, where) => ['POST', `/api/v1/stations/${ST.in.id}/bookings`,
      { pass: where === 'in' ? ST.passIn : ST.passOut, mode: 'trailer_swap', starts_at: ST.slot }],
    allow: (role, where) => (where === 'in' && role === 'transport_operator') || (where === 'out' && role === 'enterprise'),
  },
  {
    name: 'check a truck in at the gate',
    call: (u, where) => ['POST', `/api/v1/stations/${(where === 'in' ? ST.in : ST.out).id}/check-in`,
      { number: where === 'in' ? ST.toCome.pass : ST.suzhou.pass }],
    allow: (role, where) => where === 'in' && role === 'station_staff',
  },
  {
    name: 'record a handover',
    call: (u, where) => ['POST', `/api/v1/bookings/${(where === 'in' ? ST.inside : ST.elsewhere).id}/handover`, {
      contactless: true, legs: [
        { leg: 'inbound', trailer: '浙F3001挂', seal: 'M-1', handed_by: '周建明', handed_to: '站内调度' },
        { leg: 'outbound', trailer: '沪A3002挂', seal: 'M-2', handed_by: '站内调度', handed_to: '周建明' }] }],
    allow: (role, where) => where === 'in' && role === 'station_staff',
  },
  {
    name: 'a truck leaves',
    call: (u, where) => ['POST', `/api/v1/bookings/${(where === 'in' ? ST.inside : ST.elsewhere).id}/depart`],
    allow: (role, where) => where === 'in' && role === 'station_staff',
  },
  {
    // The crew updated without a new pass (the drivers' closed loop): the
    // applicant's side only; inside the operator's pass, outside the demo
    // enterprise's.
    name: 'update the crew of a pass',
    call: (u, where) => ['POST', `/api/v1/passes/${where === 'in' ? ST.passIn : ST.passOut}/crew`,
      { crew: [{ name: '孙立', id_number: '330106198001011235', role: 'driver' }] }],
    allow: (role, where) => (where === 'in' && role === 'transport_operator') || (where === 'out' && role === 'enterprise'),
  },
  // ---- end transfer stations ----
];

function target(user, where) {
  const own = OWNERS[roleOf(user)];
  if (where === 'in') return own || IN_USCC;
  return outsideUscc;
}

// plans (issue 14): a plan complete at low for the enterprise inside
let planSupplier;
async function completePlan() {
  if (!planSupplier) planSupplier = (await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${IN_USCC}/suppliers`)).body.items[0].supplier.uscc;
  return {
    responsibility: { team: [{ name: '王强', duty: '总指挥' }], contact: { name: '王强', phone: '0571-88001234' } },
    zoning: { areas: [{ name: '一号车间', use: 'normal' }] },
    staff: { closed_loop_headcount: 0, lodging_places: 0, point_to_point_commuting: false, testing_cadence_days: 7 },
    logistics: { receiving_route: '东门', protective_stock_days: 7 },
    emergency: { isolation_rooms: 1, transfer_channel: '西门', steps_on_case: ['就地隔离'] },
    suppliers: [planSupplier],
  };
}

let currentRules;
async function bodyFor(row, user, where, call) {
  let [method, path, body] = call;
  if (row.name === 'replace guidance rules') {
    if (!currentRules) currentRules = (await srv.as('coordinator', 'GET', '/api/v1/guidance/rules')).body.table;
    body = { note: 'matrix test: same rules again', table: currentRules };
  }
  // problems (issue 13): a fresh problem, inside or outside, for a step that changes it
  if (row.freshProblem) {
    const r = where === 'in'
      ? await srv.as('enterprise.demo', 'POST', '/api/v1/problems', { kind: 'supply', what: '原材料断供' })
      : await srv.as('operator.demo', 'POST', '/api/v1/problems', { kind: 'blocked_truck', county: OUT_REGION, plate: '浙A12345', what: '车辆在检查站受阻' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    path = path.replace('ID', r.body.id);
  }
  // plans (issue 14): a freshly filed plan of the enterprise inside, for a decision
  // (one left filed by a refused decision is used as it is)
  if (row.freshPlan && where === 'in') {
    const cur = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${IN_USCC}/plans/low`);
    let version = cur.body.version;
    if (cur.status !== 200 || cur.body.state !== 'filed') {
      const saved = await srv.as('enterprise.demo', 'PUT', `/api/v1/enterprises/${IN_USCC}/plans/low`, { body: await completePlan() });
      assert.ok([200, 201].includes(saved.status), JSON.stringify(saved.body));
      const filed = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${IN_USCC}/plans/low/file`, { version: saved.body.version });
      assert.equal(filed.status, 200, JSON.stringify(filed.body));
      version = saved.body.version;
    }
    body = { ...body, version };
  }
  if (row.needsVersion) {
    const cur = await srv.as('coordinator', 'GET', path);
    body = { ...body, version: cur.body.version };
  }
  return [method, path, body];
}

const HIDDEN_OBJECT_CODES = new Set(['order.not_found', 'resumption.not_found', 'pass.not_registered',
  'problem.not_found', 'booking.not_found', 'whitelist.no_application', 'recognition.none', 'policy.claim_not_found']);

for (const row of rows) {
  test(`access matrix: ${row.name}`, async () => {
    const problems = [];
    for (const user of ALL) {
      for (const where of ['in', 'out']) {
        const [method, path, body] = await bodyFor(row, user, where, row.call(user, where));
        const r = await srv.as(user, method, path, body ?? undefined);
        // transfer stations (issue 14): the station staff's county (嘉兴南湖) is
        // outside Xihu, where these rows look "in", and problems are not theirs.
        const allowed = row.allow(roleOf(user), where, user)
          && (roleOf(user) !== 'station_staff' || !NOT_FOR_STATION_STAFF.has(row.name));
        // issue 16: an enterprise addressed by its USCC outside the account's
        // reach is answered as one that does not exist (404 enterprise.not_found),
        // where the role may take the action on its own; a role refused
        // everywhere is refused with 403 whatever the enterprise.
        const names = (path + JSON.stringify(body ?? '')).includes(outsideUscc);
        const hidden = !allowed && where === 'out' && r.status === 404 && r.body?.code === 'enterprise.not_found'
          && names && (row.allow(roleOf(user), 'in', user) || row.hides?.(roleOf(user)));
        // So is an object addressed by its number or id (a problem, a booking,
        // a pass...) that the account may not see: as one nobody created.
        const hiddenObject = !allowed && r.status === 404 && HIDDEN_OBJECT_CODES.has(r.body?.code);
        const refused = allowed ? 0 : hidden || hiddenObject ? 404 : 403;
        const ok = allowed ? r.status >= 200 && r.status < 300 : r.status === refused;
        if (!ok) problems.push(`${user} (${roleOf(user)}) ${where}: ${method} ${path} -> ${r.status}, expected ${allowed ? '2xx' : 403} ${r.status >= 400 ? r.body?.code + ' ' + (r.body?.verdict?.reason || '') : ''}`);
        if (!allowed && r.status === 403 && names
          && ['access.outside', 'access.not_your_enterprise', 'access.not_your_region'].includes(r.body?.code))
          problems.push(`${user} ${where}: ${method} ${path} -> 403 ${r.body.code} tells that ${outsideUscc} exists`);
        if (allowed && row.name === 'list enterprises' && OWNERS[roleOf(user)]) {
          for (const it of r.body.items) {
            if (it.uscc !== OWNERS[roleOf(user)]) problems.push(`${user} saw ${it.uscc}`);
          }
        }
        if (!allowed && r.status === 403) {
          assert.equal(r.headers.get('content-type'), 'application/problem+json');
          assert.ok(r.body.detail.length > 0);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
}

test('every protected endpoint refuses an unauthenticated request with 401', async () => {
  const paths = [
    ['GET', '/api/v1/auth/me'], ['GET', '/api/v1/regions'], ['GET', `/api/v1/regions/${IN_REGION}`],
    ['POST', `/api/v1/regions/${IN_REGION}/risk`], ['GET', `/api/v1/regions/${IN_REGION}/designated`],
    ['GET', '/api/v1/industries'],
    ['GET', '/api/v1/enterprises'], ['POST', '/api/v1/enterprises'], ['POST', '/api/v1/enterprises/import'],
    ['GET', '/api/v1/enterprises/export'], ['GET', `/api/v1/enterprises/${IN_USCC}`],
    ['PATCH', `/api/v1/enterprises/${IN_USCC}`], ['GET', `/api/v1/enterprises/${IN_USCC}/guidance`],
    ['GET', `/api/v1/enterprises/${IN_USCC}/history`], ['GET', '/api/v1/guidance/rules'],
    ['PUT', '/api/v1/guidance/rules'], ['GET', '/api/v1/guidance/versions'], ['GET', '/api/v1/audit'],
    ['GET', '/api/v1/audit/verify'], ['GET', '/api/v1/accounts'], ['POST', '/api/v1/accounts'],
    ['POST', '/api/v1/accounts/auditor.zhejiang/disable'], ['POST', '/api/v1/accounts/auditor.zhejiang/password'],
    ['GET', '/api/v1/orders'], ['POST', '/api/v1/orders'], ['GET', '/api/v1/orders/awaiting'],
    ['GET', '/api/v1/orders/01a21a54-8f21-721f-a2ca-fc2c64169585'],
    ['POST', '/api/v1/orders/01a21a54-8f21-721f-a2ca-fc2c64169585/actions'],
    ['POST', '/api/v1/orders/01a21a54-8f21-721f-a2ca-fc2c64169585/lift'],
    ['POST', '/api/v1/orders/01a21a54-8f21-721f-a2ca-fc2c64169585/resumption'],
    ['POST', '/api/v1/resumptions/01a21a54-8f21-721f-a2ca-fc2c64169585/decision'],
    ['GET', `/api/v1/enterprises/${IN_USCC}/orders`], ['GET', '/api/v1/alarms'],
    ['POST', '/api/v1/alarms/01a21a54-8f21-721f-a2ca-fc2c64169585/close'],
    // chain-data: the supply-chain graph
    ['GET', '/api/v1/chain'], ['GET', '/api/v1/chain/export'], ['POST', '/api/v1/chain/import'],
    ['POST', '/api/v1/chain/edges'], ['PATCH', '/api/v1/chain/edges/01a21a54-8f21-721f-a2ca-fc2c64169585'],
    ['DELETE', '/api/v1/chain/edges/01a21a54-8f21-721f-a2ca-fc2c64169585'],
    ['GET', `/api/v1/enterprises/${IN_USCC}/suppliers`], ['GET', `/api/v1/enterprises/${IN_USCC}/customers`],
    ['GET', `/api/v1/enterprises/${IN_USCC}/services`], ['POST', `/api/v1/enterprises/${IN_USCC}/services`],
    // problems (issue 13)
    ['GET', '/api/v1/problems'], ['POST', '/api/v1/problems'], ['GET', '/api/v1/problems/kinds'],
    ['GET', '/api/v1/problems/rates'], ['GET', '/api/v1/problems/repeated'],
    ['PUT', '/api/v1/problems/kinds/supply/owners/330106'],
    ['GET', '/api/v1/problems/01a21a54-8f21-721f-a2ca-fc2c64169585'],
    ['POST', '/api/v1/problems/01a21a54-8f21-721f-a2ca-fc2c64169585/actions'],
    // plans (issue 14)
    ['GET', `/api/v1/enterprises/${IN_USCC}/plans`], ['GET', `/api/v1/enterprises/${IN_USCC}/plans/high`],
    ['PUT', `/api/v1/enterprises/${IN_USCC}/plans/high`], ['POST', `/api/v1/enterprises/${IN_USCC}/plans/high/check`],
    ['POST', `/api/v1/enterprises/${IN_USCC}/plans/high/file`], ['POST', `/api/v1/enterprises/${IN_USCC}/plans/high/decision`],
    ['GET', `/api/v1/enterprises/${IN_USCC}/plans/high/versions`], ['GET', `/api/v1/enterprises/${IN_USCC}/plans/high/versions/1`],
    ['GET', '/api/v1/plans/queue'], ['GET', '/api/v1/plans/lacking'],
    // transfer stations (issue 14); the driver's queue is public
    ['GET', '/api/v1/stations'], ['POST', '/api/v1/stations'],
    ['GET', '/api/v1/stations/01a21a54-8f21-721f-a2ca-fc2c64169585'],
    ['PUT', '/api/v1/stations/01a21a54-8f21-721f-a2ca-fc2c64169585'],
    ['GET', '/api/v1/stations/01a21a54-8f21-721f-a2ca-fc2c64169585/day'],
    ['POST', '/api/v1/stations/01a21a54-8f21-721f-a2ca-fc2c64169585/bookings'],
    ['POST', '/api/v1/stations/01a21a54-8f21-721f-a2ca-fc2c64169585/check-in'],
    ['GET', '/api/v1/station-figures'], ['GET', '/api/v1/bookings'],
    ['GET', '/api/v1/bookings/01a21a54-8f21-721f-a2ca-fc2c64169585'],
    ['POST', '/api/v1/bookings/01a21a54-8f21-721f-a2ca-fc2c64169585/cancel'],
    ['POST', '/api/v1/bookings/01a21a54-8f21-721f-a2ca-fc2c64169585/handover'],
    ['POST', '/api/v1/bookings/01a21a54-8f21-721f-a2ca-fc2c64169585/depart'],
    ['POST', '/api/v1/passes/330000000001/crew'],
  ];
  for (const [m, p] of paths) {
    const r = await srv.req(m, p, m === 'GET' ? {} : { body: {} });
    assert.equal(r.status, 401, `${m} ${p}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    const bad = await srv.req(m, p, { headers: { Authorization: 'Bearer not-a-real-token' }, ...(m === 'GET' ? {} : { body: {} }) });
    assert.equal(bad.status, 401, `${m} ${p} with a forged token`);
  }
});
