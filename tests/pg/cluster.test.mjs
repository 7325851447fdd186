// Several servers on one PostgreSQL database behave as one; a database restart
// costs some 503s and nothing acknowledged. Runs only with FUGONG_TEST_PG.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, PG, REGIONS, ROOT, dropDatabase, newDatabase, newUscc, psql, run, startServer } from '../api/helpers.mjs';

assert.ok(PG, 'tests/pg needs FUGONG_TEST_PG (make check sets it)');

let dir, db, a, b;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-pg-'));
  db = newDatabase(dir);
  // Several processes migrating at once: one does it, the others wait and see it done.
  const migrations = await Promise.all([1, 2, 3, 4].map(() => new Promise((resolve) => {
    const p = spawn(BIN, ['migrate', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('exit', (code) => resolve({ code, out }));
  })));
  for (const r of migrations) assert.equal(r.code, 0, r.out);
  const n = readdirSync(join(ROOT, 'src/store/migrations')).filter((f) => f.endsWith('.sql')).length;
  assert.equal(migrations.filter((r) => new RegExp(`: ${n} migration\\(s\\) applied`).test(r.out)).length, 1,
    'exactly one process applied the migrations');
  assert.equal(migrations.filter((r) => /: 0 migration\(s\) applied/.test(r.out)).length, migrations.length - 1,
    'the others waited and found them applied');
  assert.equal(psql('SELECT COUNT(*) FROM schema_migrations', db.split('/').pop()), String(n));
  const demo = run(['demo', '--db', db, '--enterprises', '200', '--from', REGIONS]);
  assert.equal(demo.code, 0, demo.err);
  a = await startServer({ db });
  b = await startServer({ db });
});
after(async () => {
  await a?.stop();
  await b?.stop();
  dropDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const dbname = () => db.split('/').pop();

// GET `path` through `srv` as `user` once it shows `version` (undefined: at
// once). A write through one server reaches the other's cache within some
// milliseconds (tests/pg/cache.test.mjs), not at its commit; 2 s at most.
async function readVersion(srv, user, path, version) {
  let r = await srv.as(user, 'GET', path);
  for (let i = 0; version !== undefined && r.body.version !== version && i < 100; i++) {
    await new Promise((res) => setTimeout(res, 20));
    r = await srv.as(user, 'GET', path);
  }
  if (version !== undefined) assert.equal(r.body.version, version, `the server sees version ${version} within 2 s`);
  return r;
}

test('a session made on one server is valid on the other', async () => {
  const token = await a.login('joint.zhejiang');
  const me = await b.req('GET', '/api/v1/auth/me', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  assert.equal(me.body.username, 'joint.zhejiang');
  // Signing out on B ends it on A too (A hears of it through PostgreSQL: tests/pg/cache.test.mjs).
  assert.equal((await b.req('POST', '/api/v1/auth/logout', { headers: { Authorization: `Bearer ${token}` } })).status, 204);
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await a.req('GET', '/api/v1/auth/me', { headers: { Authorization: `Bearer ${token}` } })).status, 401);
});

test('interleaved writes through both servers: no lost update, each audit chain one line', async () => {
  const uscc = '91330106MA27XK000B';
  const path = `/api/v1/enterprises/${uscc}`;
  let ok = 0, conflicts = 0, last = null;
  for (let round = 0; round < 15; round++) {
    // A reads the last round's write once it has heard of it: read sooner,
    // both would send a version already gone, and both get 409.
    const cur = await readVersion(a, 'industry.hangzhou', path, last?.version);
    const [ra, rb] = await Promise.all([
      a.as('industry.hangzhou', 'PATCH', path, { version: cur.body.version, headcount: 1000 + round * 2 }),
      b.as('joint.zhejiang', 'PATCH', path, { version: cur.body.version, headcount: 1001 + round * 2 }),
    ]);
    for (const r of [ra, rb]) {
      if (r.status === 200) { ok++; last = r.body; }
      else {
        assert.equal(r.status, 409, r.text);
        assert.equal(r.body.current_version, cur.body.version + 1);
        conflicts++;
      }
    }
    assert.ok([ra.status, rb.status].includes(200), 'one of the two wins each round');
  }
  assert.equal(ok, 15);
  assert.equal(conflicts, 15);
  const final = await readVersion(b, 'coordinator', path, last.version);
  assert.equal(final.body.headcount, last.headcount, 'the last acknowledged write is what is stored');
  assert.equal(final.body.version, last.version);
  // Creates and designations from both at once.
  const creates = [];
  for (let i = 0; i < 10; i++) {
    const srv = i % 2 ? a : b;
    creates.push(srv.as('coordinator', 'POST', '/api/v1/enterprises',
      { uscc: newUscc('330106'), name: `并发测试${i}有限公司`, region: '330106', industry: '34' }));
    creates.push(srv.as('health.zhejiang', 'POST', `/api/v1/regions/${i % 2 ? '330102' : '330105'}/risk`,
      { level: i % 3 ? 'medium' : 'high', reason: '并发登记 concurrent designation' }));
  }
  for (const r of await Promise.all(creates)) assert.equal(r.status, 201, r.text);
  // Every update is in the enterprise's history exactly once.
  const hist = await a.as('coordinator', 'GET', `${path}/history?limit=500`);
  assert.equal(hist.body.items.filter((e) => e.action === 'enterprise.update').length, 15);
  // Each chain (Zhejiang's took every write here) is one line: 1..n without
  // gaps or repeats, whichever server wrote; seq, the order of all chains, is
  // unique; and it verifies.
  const chains = psql('SELECT chain, COUNT(*), COUNT(DISTINCT chain_seq), MAX(chain_seq) FROM audit_log GROUP BY chain', dbname())
    .split('\n').map((l) => l.split('|'));
  assert.ok(chains.some(([chain]) => chain === '330000'), 'Zhejiang has a chain of its own');
  for (const [chain, count, distinct, max] of chains) {
    assert.equal(count, distinct, chain);
    assert.equal(count, max, chain);
  }
  const [count, distinct] = psql('SELECT COUNT(*), COUNT(DISTINCT seq) FROM audit_log', dbname()).split('|');
  assert.equal(count, distinct);
  const v = run(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /intact/);
  const viaApi = await b.as('auditor.zhejiang', 'GET', '/api/v1/audit/verify');
  assert.equal(viaApi.body.ok, true);
});

// A failover behind HAProxy cuts every idle connection: the next write on each
// reconnects as it begins, and must be sealed like any other (the new session
// gets its own fg_dirty before the write, or deep verify finds the row
// "added outside the system").
test('a connection cut while idle: the next write reconnects and is sealed like any other', async () => {
  psql(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${dbname()}' AND pid <> pg_backend_pid()`);
  const writes = await Promise.all(Array.from({ length: 8 }, (_, i) => a.as('coordinator', 'POST', '/api/v1/enterprises',
    { uscc: newUscc('330106'), name: `断线重连${i}有限公司`, region: '330106', industry: '34' })));
  for (const r of writes) assert.equal(r.status, 201, r.text);
  const v = run(['audit', 'verify', '--deep', '--db', db]);
  assert.equal(v.code, 0, v.out + v.err);
});

// What a server meets when a failover behind HAProxy hands it a connection to a
// standby or to a primary being demoted: the server is read-only. That is
// "unavailable, try again" (503), not an internal error, and the connection
// must be replaced so that the server reaches the new primary by itself.
test('a connection that lands on a read-only server: 503 with Retry-After, then replaced', async () => {
  const write = (i) => a.as('coordinator', 'POST', '/api/v1/enterprises',
    { uscc: newUscc('330106'), name: `只读测试${i}有限公司`, region: '330106', industry: '34' });
  const cut = () => psql(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${dbname()}' AND pid <> pg_backend_pid()`);
  psql(`ALTER DATABASE ${dbname()} SET default_transaction_read_only = on`);
  try {
    cut();   // every server connection comes back read-only, as on a standby
    const during = await Promise.all(Array.from({ length: 8 }, (_, i) => write(i)));
    for (const r of during) {
      assert.equal(r.status, 503, r.text);
      assert.equal(r.body.code, 'db.unavailable');
      assert.ok(Number(r.headers.get('retry-after')) > 0);
    }
  } finally {
    psql(`ALTER DATABASE ${dbname()} RESET default_transaction_read_only`);
  }
  // Nobody cuts the read-only connections now: the server replaces them itself.
  const afterwards = await Promise.all(Array.from({ length: 8 }, (_, i) => write(10 + i)));
  for (const r of afterwards) assert.equal(r.status, 201, r.text);
  const v = run(['audit', 'verify', '--deep', '--db', db]);
  assert.equal(v.code, 0, v.out + v.err);
});

test('a database restart: 503 with Retry-After while it is down, then service resumes, and every acknowledged write is kept', async () => {
  const acknowledged = [];
  const failures = [];
  let running = true;
  const writer = (async () => {
    let i = 0;
    while (running) {
      const srv = i++ % 2 ? a : b;
      const uscc = newUscc('330106');
      try {
        const r = await srv.as('coordinator', 'POST', '/api/v1/enterprises',
          { uscc, name: `重启测试${i}有限公司`, region: '330106', industry: '34' });
        if (r.status === 201) acknowledged.push(uscc);
        else failures.push(r);
      } catch (e) {
        failures.push({ status: 'error', text: String(e) });
      }
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  const before_ = acknowledged.length;
  execSync(process.env.FG_PG_STOP_CMD, { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1500));
  // While the database is down: 503 problem+json with Retry-After, fast.
  const t0 = Date.now();
  const down = await a.as('coordinator', 'GET', '/api/v1/enterprises/91330106MA27XK000B');
  assert.equal(down.status, 503, down.text);
  assert.ok(Number(down.headers.get('retry-after')) > 0);
  assert.equal(down.headers.get('content-type'), 'application/problem+json');
  assert.ok(Date.now() - t0 < 8000, 'the server answers promptly while the database is down');
  const health = await b.req('GET', '/healthz');
  assert.equal(health.status, 503);
  execSync(process.env.FG_PG_START_CMD, { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1500));
  running = false;
  await writer;
  assert.ok(before_ > 0, 'writes succeeded before the restart');
  assert.ok(failures.length > 0, 'some writes met the outage');
  for (const f of failures) assert.equal(f.status, 503, `a failed write answered ${f.status}: ${f.text}`);
  // After the restart both servers serve again.
  for (const srv of [a, b]) {
    const r = await srv.as('coordinator', 'GET', '/api/v1/enterprises/91330106MA27XK000B');
    assert.equal(r.status, 200);
    assert.equal((await srv.req('GET', '/healthz')).status, 200);
  }
  const afterRestart = await a.as('coordinator', 'POST', '/api/v1/enterprises',
    { uscc: newUscc('330106'), name: '重启之后有限公司', region: '330106', industry: '34' });
  assert.equal(afterRestart.status, 201);
  // Every acknowledged write is in the database.
  const list = acknowledged.map((u) => `'${u}'`).join(',');
  assert.equal(psql(`SELECT COUNT(*) FROM enterprises WHERE uscc IN (${list})`, dbname()), String(acknowledged.length));
  const v = run(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 0, v.out + v.err);
});

test('backup with pg_dump restores into an empty database that verifies', () => {
  const archive = join(dir, 'fugong.dump');
  let r = run(['backup', archive, '--db', db]);
  assert.equal(r.code, 0, r.err);
  const restored = newDatabase(dir);
  const pr = spawnSync('pg_restore', ['--no-owner', '--dbname', restored, archive], { encoding: 'utf8' });
  assert.equal(pr.status, 0, pr.stderr);
  r = run(['audit', 'verify', '--db', restored]);
  assert.equal(r.code, 0, r.out + r.err);
  const q = 'SELECT COUNT(*) FROM enterprises';
  assert.equal(psql(q, restored.split('/').pop()), psql(q, dbname()));
  dropDatabase(restored);
});
