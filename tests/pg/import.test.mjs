// The enterprise import on PostgreSQL goes through COPY (issue 17): what it
// stores is what the rows said, character for character (COPY's escapes),
// one audit entry per enterprise, rows sealed, the chain verifiable, and a
// file with one bad row imports nothing. Runs only with FUGONG_TEST_PG.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG, REGIONS, dropDatabase, newDatabase, newUscc, psql, run, startServer } from '../api/helpers.mjs';

assert.ok(PG, 'tests/pg needs FUGONG_TEST_PG (make check sets it)');

let dir, db, srv;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-pgimport-'));
  db = newDatabase(dir);
  const demo = run(['demo', '--db', db, '--enterprises', '50', '--from', REGIONS]);
  assert.equal(demo.code, 0, demo.err);
  srv = await startServer({ db });
});
after(async () => {
  await srv?.stop();
  dropDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const dbname = () => db.split('/').pop();

test('an import on PostgreSQL stores every character, audits each enterprise and verifies', async () => {
  // (control characters such as a tab are refused by validation before)
  const names = ['杭州\\反斜杠有限公司', '杭州\\t非制表有限公司', '杭州"引号",逗号有限公司', '杭州\\N空值有限公司'];
  const usccs = names.map(() => newUscc('330106'));
  const many = Array.from({ length: 300 }, () => newUscc('330110'));
  const csv = ['uscc,name,region,industry,headcount,categories',
    ...names.map((n, i) => `${usccs[i]},"${n.replace(/"/g, '""')}",330106,34,${10 + i},key_industrial`),
    ...many.map((u, i) => `${u},余杭批量企业${i}有限公司,330110,36,${i},`)].join('\n');
  const file = join(dir, 'ok.csv');
  writeFileSync(file, csv);
  const before = Number(psql("SELECT COUNT(*) FROM audit_log WHERE action = 'enterprise.import'", dbname()));
  const r = srv.cli(['import', 'enterprises', file]);
  assert.equal(r.code, 0, r.err);
  for (let i = 0; i < names.length; i++) {
    const e = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${usccs[i]}`);
    assert.equal(e.status, 200, e.text);
    assert.equal(e.body.name, names[i]);
    assert.equal(e.body.headcount, 10 + i);
    assert.equal(e.body.service_kind, null);
  }
  const last = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${many[299]}`);
  assert.equal(last.body.name, '余杭批量企业299有限公司');
  const after_ = Number(psql("SELECT COUNT(*) FROM audit_log WHERE action = 'enterprise.import'", dbname()));
  assert.equal(after_ - before, names.length + many.length, 'one audit entry per enterprise');
  const v = srv.cli(['audit', 'verify', '--deep']);
  assert.equal(v.code, 0, v.out + v.err);
});

test('an import on PostgreSQL that fails imports nothing', async () => {
  const good = Array.from({ length: 200 }, () => newUscc('330106'));
  const csv = ['uscc,name,region,industry,headcount,categories',
    ...good.map((u, i) => `${u},全有或全无${i}有限公司,330106,34,1,`),
    `${newUscc('330106')},坏行有限公司,330106,99,1,`].join('\n');
  const file = join(dir, 'bad.csv');
  writeFileSync(file, csv);
  const n0 = psql('SELECT COUNT(*) FROM enterprises', dbname());
  const r = srv.cli(['import', 'enterprises', file]);
  assert.notEqual(r.code, 0);
  assert.equal(psql('SELECT COUNT(*) FROM enterprises', dbname()), n0);
});
