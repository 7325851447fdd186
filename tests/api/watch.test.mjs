// What a server keeps between requests (sessions, enterprises as answered)
// lets go as soon as another program changes the database, on either engine
// (src/store/watch.h): the server's watcher reads the database's epochs
// every 20 ms — PostgreSQL's counters, or SQLite's data_version, which any
// other connection's commit moves. Each check warms the server's caches,
// changes the database behind its back (sqlite3 or psql, or the command
// line), then asks until the answer shows the change: it must within
// SEEN_MS. The caches live a minute while their watcher reads (and on
// SQLite sessions were once kept a second), so an answer that waited for
// them to run out would fail here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PG, bearer, password, psql, seen, startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer({ enterprises: 60 }); });
after(async () => { await srv?.stop(); });

// SQL behind the server's back, on whichever engine it runs.
function behind(sql) {
  if (PG) return psql(sql, srv.db.split('/').pop());
  const r = spawnSync('sqlite3', [srv.db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('an enterprise changed behind the server\'s back is answered changed at once', async () => {
  const uscc = '91330106MA27XK000B';
  const path = `/api/v1/enterprises/${uscc}`;
  let first;
  for (let i = 0; i < 8; i++) {
    first = await srv.as('coordinator', 'GET', path);
    assert.equal(first.status, 200, first.text);
  }
  behind(`UPDATE enterprises SET name = '另一程序改名企业' WHERE uscc = '${uscc}'`);
  await seen(() => srv.as('coordinator', 'GET', path), (r) => r.body.name === '另一程序改名企业', 'renamed behind its back');
  // The server's own write is seen on the next request.
  const cur = await srv.as('coordinator', 'GET', path);
  const put = await srv.as('industry.hangzhou', 'PATCH', path, { version: cur.body.version, headcount: 4343 });
  assert.equal(put.status, 200, put.text);
  assert.equal((await srv.as('coordinator', 'GET', path)).body.headcount, 4343);
});

test('an account disabled by the command line is refused at once', async () => {
  const login = await srv.req('POST', '/api/v1/auth/login', { body: { username: 'auditor.zhejiang', password: password('auditor.zhejiang') } });
  assert.equal(login.status, 200, login.text);
  const token = login.body.token;
  for (let i = 0; i < 8; i++) assert.equal((await srv.req('GET', '/api/v1/auth/me', bearer(token))).status, 200);
  const cli = srv.cli(['user', 'disable', 'auditor.zhejiang']);
  assert.equal(cli.code, 0, cli.err);
  await seen(() => srv.req('GET', '/api/v1/auth/me', bearer(token)), (r) => r.status === 401, 'disabled by the command line');
});
