// The enterprise import on PostgreSQL goes through COPY (issue 17): what it
// stores is what the rows said, character for character (COPY's escapes),
// one audit entry per county naming its enterprises, rows sealed from the
// values written (and read back when the database stored something else),
// the chain verifiable, and a file with one bad row imports nothing. Runs
// only with FUGONG_TEST_PG.
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

test('an import on PostgreSQL stores every character, audits each county and verifies', async () => {
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
  assert.equal(after_ - before, 2, 'one audit entry per county');
  const entries = await srv.as('coordinator', 'GET', '/api/v1/audit?entity=import&entity_id=330110');
  assert.equal(entries.status, 200, entries.text);
  assert.equal(entries.body.items[0].detail.imported, 300);
  assert.deepEqual(entries.body.items[0].detail.enterprises, [...many].sort());
  assert.equal(entries.body.items[0].object_name, '余杭区');
  const history = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${many[7]}/history`);
  assert.deepEqual(history.body.items.map((e) => [e.action, e.entity_id]), [['enterprise.import', '330110']]);
  const v = srv.cli(['audit', 'verify', '--deep']);
  assert.equal(v.code, 0, v.out + v.err);
});

test('rows the database stores otherwise than the import wrote them are sealed as stored', async () => {
  // A trigger of the operator's changes each name as it is stored: the
  // import's seal from the values it sent would not match the rows, and the
  // read-back of a sample finds it and reads every row back.
  psql(`CREATE FUNCTION test_rename() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.name := NEW.name || '（改）'; RETURN NEW; END $$`, dbname());
  psql('CREATE TRIGGER test_rename BEFORE INSERT ON enterprises FOR EACH ROW EXECUTE FUNCTION test_rename()', dbname());
  try {
    const usccs = Array.from({ length: 150 }, () => newUscc('330106'));
    const file = join(dir, 'renamed.csv');
    writeFileSync(file, ['uscc,name,region,industry,headcount,categories',
      ...usccs.map((u, i) => `${u},改名企业${i}有限公司,330106,34,1,`)].join('\n'));
    const r = srv.cli(['import', 'enterprises', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /audit\.seal_values/);
    assert.equal(psql(`SELECT name FROM enterprises WHERE uscc = '${usccs[3]}'`, dbname()), '改名企业3有限公司（改）');
  } finally {
    psql('DROP TRIGGER test_rename ON enterprises', dbname());
    psql('DROP FUNCTION test_rename()', dbname());
  }
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
