// What servers cache of what every request reads (sessions, the guidance
// table, region risk levels) lets go on every server of one PostgreSQL
// database as soon as one of them, or any other program, changes it
// (issue 17, part "reads that keep up"; src/store/watch.h). Each check warms
// server B's caches first, makes the change through server A (or psql, or
// the command line), then asks B until it answers with the change: it must
// within SEEN_MS: B's watcher reads the database's epochs every 20 ms, and a
// busy machine delays it. The caches live a minute while their watcher
// reads, so an answer that waited for them to run out would fail here. Runs only with FUGONG_TEST_PG.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG, REGIONS, bearer, dropDatabase, newDatabase, password, psql, run, seen, startServer } from '../api/helpers.mjs';

assert.ok(PG, 'tests/pg needs FUGONG_TEST_PG (make check sets it)');

let dir, db, a, b;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-pgcache-'));
  db = newDatabase(dir);
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
async function signIn(srv, user, pass = password(user)) {
  const r = await srv.req('POST', '/api/v1/auth/login', { body: { username: user, password: pass } });
  assert.equal(r.status, 200, r.text);
  return r.body.token;
}
const refused = (srv, token, what, path = '/api/v1/auth/me') =>
  seen(() => srv.req('GET', path, bearer(token)), (r) => r.status === 401, what);
// Several requests on B, so that each of its threads has the session cached.
async function warm(srv, token, path = '/api/v1/auth/me') {
  for (let i = 0; i < 8; i++) assert.equal((await srv.req('GET', path, bearer(token))).status, 200);
}

test('a session signed out on server A is refused on server B at once', async () => {
  const token = await signIn(a, 'health.zhejiang');
  await warm(b, token);
  assert.equal((await a.req('POST', '/api/v1/auth/logout', bearer(token))).status, 204);
  await refused(b, token, 'sign-out on A, on B');
  const r = await b.req('GET', '/api/v1/auth/me', bearer(token));
  assert.equal(r.status, 401, r.text);
  assert.equal(r.body.code, 'session.ended');
  // and on every thread of B, not only the one that answered
  for (let i = 0; i < 8; i++) assert.equal((await b.req('GET', '/api/v1/auth/me', bearer(token))).status, 401);
});

test('an account disabled on server A is refused on server B at once, and signs in nowhere', async () => {
  const made = await a.as('joint.zhejiang', 'POST', '/api/v1/accounts',
    { username: 'cache.auditor', display_name: '缓存测试', role: 'auditor', region: '330100', password: 'cache password 1' });
  assert.equal(made.status, 201, made.text);
  const token = await signIn(a, 'cache.auditor', 'cache password 1');
  await warm(b, token, '/api/v1/enterprises/91330106MA27XK000B');
  const off = await a.as('joint.zhejiang', 'POST', '/api/v1/accounts/cache.auditor/disable', {});
  assert.ok(off.status >= 200 && off.status < 300, off.text);
  await refused(b, token, 'disabled on A, on B', '/api/v1/enterprises/91330106MA27XK000B');
  const again = await b.req('POST', '/api/v1/auth/login', { body: { username: 'cache.auditor', password: 'cache password 1' } });
  assert.ok(again.status === 401 || again.status === 403, again.text);
});

test('a password changed on server A ends the sessions on server B at once', async () => {
  const made = await a.as('joint.zhejiang', 'POST', '/api/v1/accounts',
    { username: 'cache.clerk', display_name: '缓存测试二', role: 'auditor', region: '330100', password: 'cache password 2' });
  assert.equal(made.status, 201, made.text);
  const token = await signIn(b, 'cache.clerk', 'cache password 2');
  await warm(b, token);
  const set = await a.as('joint.zhejiang', 'POST', '/api/v1/accounts/cache.clerk/password', { password: 'cache password 3' });
  assert.ok(set.status >= 200 && set.status < 300, set.text);
  await refused(b, token, 'password changed on A, on B');
});

test('sessions ended by another program (psql, the command line) are refused by both servers at once', async () => {
  const t1 = await signIn(a, 'industry.hangzhou');
  await warm(a, t1);
  await warm(b, t1);
  // Behind the servers' backs: every session of the account, removed in SQL.
  psql("DELETE FROM sessions WHERE account = (SELECT id FROM accounts WHERE username = 'industry.hangzhou')", dbname());
  await refused(a, t1, 'deleted by psql, on A');
  await refused(b, t1, 'deleted by psql, on B');
  const t2 = await signIn(b, 'economy.zhejiang');
  await warm(b, t2);
  const cli = b.cli(['user', 'disable', 'economy.zhejiang']);
  assert.equal(cli.code, 0, cli.err);
  await refused(b, t2, 'disabled by the command line, on B');
});

test('a risk level designated on server A changes the guidance server B gives at once', async () => {
  const path = '/api/v1/enterprises/91330106MA27XK000B/guidance';
  const token = await signIn(b, 'coordinator');
  for (let i = 0; i < 8; i++) {
    const g = await b.req('GET', path, bearer(token));
    assert.equal(g.status, 200, g.text);
    assert.notEqual(g.body.risk.level, 'high');
  }
  const d = await a.as('health.zhejiang', 'POST', '/api/v1/regions/330106/risk', { level: 'high', reason: '缓存测试：聚集性疫情' });
  assert.equal(d.status, 201, d.text);
  let g;
  await seen(async () => (g = await b.req('GET', path, bearer(token))), (r) => r.body.risk.level === 'high', 'designated on A, on B');
  assert.equal(g.body.mode, 'closed_loop');
});

test('guidance rules replaced on server A are the rules server B answers with at once', async () => {
  const path = '/api/v1/enterprises/91330106MA27XK000B/guidance';
  const token = await signIn(b, 'coordinator');
  for (let i = 0; i < 8; i++) assert.equal((await b.req('GET', path, bearer(token))).status, 200);
  const cur = await a.as('coordinator', 'GET', '/api/v1/guidance/rules');
  const table = structuredClone(cur.body.table);
  for (const rule of table.rules) rule.measures.push({ en: 'Cache test measure', zh: '缓存测试措施' });
  const put = await a.as('coordinator', 'PUT', '/api/v1/guidance/rules', { note: 'cache test', table });
  assert.equal(put.status, 201, put.text);
  await seen(() => b.req('GET', path, bearer(token)), (r) => r.status === 200 && JSON.stringify(r.body).includes('缓存测试措施'), 'rules replaced on A, on B');
});

test('a server whose watcher cannot read keeps nothing longer than a second', async () => {
  // The watcher's connection is ended from the database side: the server
  // notices, serves from the database meanwhile, and reads again.
  const token = await signIn(b, 'auditor.zhejiang');
  await warm(b, token);
  psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT topic, sum(epoch)%'", dbname());
  psql("DELETE FROM sessions WHERE account = (SELECT id FROM accounts WHERE username = 'auditor.zhejiang')", dbname());
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await b.req('GET', '/api/v1/auth/me', bearer(token))).status, 401);
  // It reads again: a later sign-out on A is refused on B at once.
  let reading = false;
  for (let i = 0; i < 50 && !reading; i++) {
    reading = psql("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT topic, sum(epoch)%'", dbname()) === '2';
    if (!reading) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(reading, 'both servers read again');
  const t2 = await signIn(a, 'auditor.zhejiang');
  await warm(b, t2);
  assert.equal((await a.req('POST', '/api/v1/auth/logout', bearer(t2))).status, 204);
  await refused(b, t2, 'sign-out on A after reading again, on B');
});

test('an enterprise changed on server A, or by psql, is answered changed by server B at once', async () => {
  const uscc = '91330106MA27XK001E';
  const path = `/api/v1/enterprises/${uscc}`;
  const token = await signIn(b, 'coordinator');
  let cur;
  for (let i = 0; i < 8; i++) {
    cur = await b.req('GET', path, bearer(token));
    assert.equal(cur.status, 200, cur.text);
  }
  const put = await a.as('industry.hangzhou', 'PATCH', path, { version: cur.body.version, headcount: cur.body.headcount + 7 });
  assert.equal(put.status, 200, put.text);
  await seen(() => b.req('GET', path, bearer(token)), (r) => r.body.headcount === cur.body.headcount + 7, 'enterprise changed on A, on B');
  // A change behind the servers' backs counts too.
  psql(`UPDATE enterprises SET name = '缓存测试企业' WHERE uscc = '${uscc}'`, dbname());
  await seen(() => b.req('GET', path, bearer(token)), (r) => r.body.name === '缓存测试企业', 'renamed by psql, on B');
  // The server that wrote sees its own write on the next request, at once.
  const again = await a.as('industry.hangzhou', 'GET', path);
  const put2 = await a.as('industry.hangzhou', 'PATCH', path, { version: again.body.version, headcount: 4242 });
  assert.equal(put2.status, 200, put2.text);
  assert.equal((await a.as('industry.hangzhou', 'GET', path)).body.headcount, 4242);
});
