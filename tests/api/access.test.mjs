// The access matrix: every role x every endpoint x inside and outside its
// jurisdiction, with the status each must get. The expectations are written
// here from DESIGN.md, not read from the server's own table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, newUscc, startServer } from './helpers.mjs';

let srv;
let outsideUscc;          // an enterprise in Jiangsu, outside every Zhejiang account
const IN_USCC = '91330106MA27XK000B';
const IN_REGION = '330106';
const OUT_REGION = '320505';

before(async () => {
  srv = await startServer();
  const r = await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=320000&limit=1');
  assert.equal(r.status, 200);
  outsideUscc = r.body.items[0].uscc;
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
];

function target(user, where) {
  const own = OWNERS[roleOf(user)];
  if (where === 'in') return own || IN_USCC;
  return outsideUscc;
}

let currentRules;
async function bodyFor(row, user, where, call) {
  let [method, path, body] = call;
  if (row.name === 'replace guidance rules') {
    if (!currentRules) currentRules = (await srv.as('coordinator', 'GET', '/api/v1/guidance/rules')).body.table;
    body = { note: 'matrix test: same rules again', table: currentRules };
  }
  if (row.needsVersion) {
    const cur = await srv.as('coordinator', 'GET', path);
    body = { ...body, version: cur.body.version };
  }
  return [method, path, body];
}

for (const row of rows) {
  test(`access matrix: ${row.name}`, async () => {
    const problems = [];
    for (const user of ALL) {
      for (const where of ['in', 'out']) {
        const [method, path, body] = await bodyFor(row, user, where, row.call(user, where));
        const r = await srv.as(user, method, path, body ?? undefined);
        const allowed = row.allow(roleOf(user), where, user);
        const ok = allowed ? r.status >= 200 && r.status < 300 : r.status === 403;
        if (!ok) problems.push(`${user} (${roleOf(user)}) ${where}: ${method} ${path} -> ${r.status}, expected ${allowed ? '2xx' : 403}`);
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
  ];
  for (const [m, p] of paths) {
    const r = await srv.req(m, p, m === 'GET' ? {} : { body: {} });
    assert.equal(r.status, 401, `${m} ${p}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    const bad = await srv.req(m, p, { headers: { Authorization: 'Bearer not-a-real-token' }, ...(m === 'GET' ? {} : { body: {} }) });
    assert.equal(bad.status, 401, `${m} ${p} with a forged token`);
  }
});
