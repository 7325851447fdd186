// kill -9 under a write load (issue 16, part "Durability and load"): twelve
// clients write audited kinds (enterprises created and changed, stop orders
// proposed, risk designations, daily reports and their corrections) while the
// server is killed with SIGKILL at a random moment 2 to 5 s into the load;
// then a new server on the same database must show every write that got a 2xx
// answer, and `fugong audit verify` must pass. Three rounds, on the engine
// the API tests use (SQLite, or PostgreSQL with FUGONG_TEST_PG).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { PG, dropDatabase, newUscc, run, startServer } from '../api/helpers.mjs';

// The check after each restart: the chain, and every audited row explained by
// the log (a write cut short by the kill must leave no row unsealed).
const VERIFY_FLAGS = ['--deep'];

const ROUNDS = 3;
const CLIENTS = 12;
const H = 3600 * 1000;
const OWN = '91330106MA27XK000B'; // enterprise.demo's own enterprise
const COUNTIES = ['330102', '330105', '330108', '330109', '330110']; // not 330106: its orders need its high risk
const engine = PG ? 'PostgreSQL' : 'SQLite';

let first = null;   // the first server: its directory holds the SQLite file
let db = null;
const dirs = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (first) {
    rmSync(first.dir, { recursive: true, force: true });
    dropDatabase(db);
  }
});

const dayOf = (ms) => new Date(ms + 8 * H).toISOString().slice(0, 10); // Beijing's calendar day

// One client's loop until the server is gone. Each write that answers 2xx
// is recorded with what must be found after the restart; any other answer
// is recorded as unexpected (a write cut off by the kill fails on the socket).
async function client(srv, id, round, state) {
  const acks = state.acks;
  const note = (r, what) => {
    if (r.status >= 200 && r.status < 300) return true;
    state.unexpected.push(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
    return false;
  };
  let n = 0;
  const kind = id % 6;
  let mine = null; // kinds 2 and 3: an enterprise of this client's own, changed again and again
  try {
    while (!state.killed) {
      n++;
      if (kind === 0 || kind === 1) {
        // An enterprise created, then a stop order proposed for it.
        const uscc = newUscc('330106');
        const name = `断电测试${round}-${id}-${n}有限公司`;
        let r = await srv.as('coordinator', 'POST', '/api/v1/enterprises',
          { uscc, name, region: '330106', industry: '34', headcount: 120, capacity: 1000 });
        if (!note(r, 'create enterprise')) continue;
        acks.push({ kind: 'enterprise', uscc, name });
        r = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', {
          enterprise: uscc, measure: 'stop', reason: 'Kill test: confirmed cases in the workshop',
          evidence: 'CDC notice kill-test', ends_at: new Date(srv.now() + 72 * H).toISOString() });
        if (!note(r, 'propose order')) continue;
        acks.push({ kind: 'order', id: r.body.id, uscc });
      } else if (kind === 2 || kind === 3) {
        if (!mine) {
          const uscc = newUscc('330106');
          const r = await srv.as('industry.zhejiang', 'POST', '/api/v1/enterprises',
            { uscc, name: `断电改动${round}-${id}有限公司`, region: '330106', industry: '34', headcount: 10 });
          if (!note(r, 'create enterprise')) continue;
          acks.push({ kind: 'enterprise', uscc, name: r.body.name });
          mine = { uscc, version: r.body.version };
          continue;
        }
        const r = await srv.as('industry.zhejiang', 'PATCH', `/api/v1/enterprises/${mine.uscc}`,
          { version: mine.version, headcount: 100 + n });
        if (!note(r, 'update enterprise')) continue;
        mine.version = r.body.version;
        acks.push({ kind: 'update', uscc: mine.uscc, version: r.body.version, headcount: 100 + n });
      } else if (kind === 4) {
        const code = COUNTIES[n % COUNTIES.length];
        const reason = `断电测试 kill round ${round} client ${id} write ${n}`;
        const r = await srv.as('health.zhejiang', 'POST', `/api/v1/regions/${code}/risk`,
          { level: n % 2 ? 'medium' : 'low', reason });
        if (!note(r, 'designate')) continue;
        acks.push({ kind: 'designation', code, reason });
      } else {
        // A daily report corrected again and again: each answer names its version.
        const day = dayOf(srv.now() - (2 + (id % 2)) * 24 * H);
        const r = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`,
          { day, status: 'operating', capacity_pct: 50 + (n % 50), staff_pct: 60 });
        if (!note(r, 'report')) continue;
        acks.push({ kind: 'report', day, version: r.body.version });
      }
    }
  } catch (e) {
    if (!state.killed) throw e; // a socket error before the kill is a failure
  }
}

// Checks one acknowledged write on the restarted server; returns an error text or null.
async function present(srv, a) {
  const get = (path, who = 'coordinator') => srv.as(who, 'GET', path);
  if (a.kind === 'enterprise') {
    const r = await get(`/api/v1/enterprises/${a.uscc}`);
    return r.status === 200 && r.body.name === a.name ? null : `enterprise ${a.uscc}: ${r.status}`;
  }
  if (a.kind === 'order') {
    const r = await get(`/api/v1/orders/${a.id}`);
    return r.status === 200 && String(r.body.id) === String(a.id) ? null : `order ${a.id}: ${r.status}`;
  }
  if (a.kind === 'update') {
    const r = await get(`/api/v1/enterprises/${a.uscc}`);
    if (r.status !== 200) return `enterprise ${a.uscc}: ${r.status}`;
    if (r.body.version < a.version) return `enterprise ${a.uscc}: version ${r.body.version} < acknowledged ${a.version}`;
    if (r.body.version === a.version && r.body.headcount !== a.headcount)
      return `enterprise ${a.uscc} v${a.version}: headcount ${r.body.headcount}, acknowledged ${a.headcount}`;
    return null;
  }
  if (a.kind === 'designation') {
    const r = await get(`/api/v1/regions/${a.code}`);
    return r.status === 200 && JSON.stringify(r.body.history).includes(a.reason) ? null
      : `designation of ${a.code} "${a.reason}" missing`;
  }
  const r = await get(`/api/v1/enterprises/${OWN}/reports/${a.day}`);
  return r.status === 200 && r.body.versions.length >= a.version ? null
    : `report ${a.day} v${a.version}: ${r.status} ${r.body?.versions?.length} versions`;
}

// Only the newest acknowledged update of each enterprise and report of each
// day says more than the others; checking all is cheap enough anyway.
async function checkAll(srv, acks) {
  const missing = [];
  let i = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (i < acks.length) {
      const e = await present(srv, acks[i++]);
      if (e) missing.push(e);
    }
  }));
  return missing;
}

test(`kill -9 during a write load on ${engine}, ${ROUNDS} rounds: every acknowledged write is kept, the audit chain verifies`, async (t) => {
  const t0 = Date.now();
  first = await startServer({ enterprises: 400 });
  db = first.db;
  let srv = first;
  let total = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const state = { killed: false, acks: [], unexpected: [] };
    // Sign in before the load, so that the load is writes only.
    for (const u of ['coordinator', 'joint.hangzhou', 'industry.zhejiang', 'health.zhejiang', 'enterprise.demo'])
      await srv.login(u);
    const clients = Array.from({ length: CLIENTS }, (_, id) => client(srv, id, round, state));
    const killAfter = 2000 + Math.floor(Math.random() * 3000);
    await new Promise((r) => setTimeout(r, killAfter));
    process.kill(srv.pid, 'SIGKILL');
    state.killed = true;
    await Promise.all(clients);
    if (srv !== first) dirs.push(srv.dir);
    assert.deepEqual(state.unexpected, [], 'no write is refused during the load');
    // A new server on the same database (its recovery runs at start).
    srv = await startServer({ db });
    const v = srv.cli(['audit', 'verify', ...VERIFY_FLAGS]);
    assert.equal(v.code, 0, `audit verify ${VERIFY_FLAGS.join(' ')} after round ${round}: ${v.out}${v.err}`);
    assert.match(v.out, /intact/);
    assert.match(v.out, /every row is as its last entry left it/);
    const missing = await checkAll(srv, state.acks);
    const kinds = {};
    for (const a of state.acks) kinds[a.kind] = (kinds[a.kind] || 0) + 1;
    total += state.acks.length;
    t.diagnostic(`${engine} round ${round}: killed ${killAfter} ms into the load; ` +
      `${state.acks.length} writes acknowledged (${Object.entries(kinds).map(([k, c]) => `${c} ${k}`).join(', ')}), ` +
      `${state.acks.length - missing.length} present after restart; audit verify ${VERIFY_FLAGS.join(' ') || '(plain)'}: ` +
      `${v.out.trim().split('\n').pop()}`);
    assert.deepEqual(missing, [], `round ${round}: acknowledged writes missing after the restart`);
    assert.ok(state.acks.length > 0, `round ${round}: the load got writes through before the kill`);
  }
  t.diagnostic(`${engine}: ${total} acknowledged writes over ${ROUNDS} kills, all present; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await srv.stop(); // shared database: stop leaves it for after()
});
