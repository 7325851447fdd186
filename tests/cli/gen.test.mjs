// fugong gen (issue 17, "national-size data"): a tiny national data set whose
// printed counts are what the database holds, every province present, the
// audit log intact, the API reading back what was printed, the same seed
// giving the same data, bad options refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGIONS, run, startServer } from '../api/helpers.mjs';

let dir, keys, first;
const gen = (db, ...more) => run(['gen', '--scale', '0.002', '--db', db, '--from', REGIONS, ...more]);
const sql = (db, q) => {
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};
// The summary's figure on the line starting with `label`.
const figure = (out, label) => {
  const m = out.match(new RegExp(`^\\s+${label}\\s+(\\d+)`, 'm'));
  assert.ok(m, `no "${label}" in ${out}`);
  return Number(m[1]);
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-gen-'));
  keys = join(dir, 'keys');
  assert.equal(run(['keys', 'init', '--keys', keys, '--province', '330000', '--province', '440000']).code, 0);
  first = join(dir, 'first.db');
  const r = gen(first, '--keys', keys, '--days', '3', '--seed', '7');
  assert.equal(r.code, 0, r.err);
  first = { db: first, out: r.out };
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('gen --help', () => {
  const r = run(['gen', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /usage: fugong gen/);
  assert.match(run(['--help']).out, /\n {2}gen /);
});

test('the counts printed are what the database holds, in every province', () => {
  const { db, out } = first;
  const n = figure(out, 'enterprises');
  assert.equal(n, 200);
  assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM enterprises')), n);
  assert.equal(figure(out, 'supply edges'), Number(sql(db, 'SELECT COUNT(*) FROM supply_edges')));
  assert.equal(figure(out, 'passes'), Number(sql(db, "SELECT COUNT(*) FROM passes WHERE state = 'issued'")));
  assert.ok(figure(out, 'passes') > 0);
  assert.equal(figure(out, 'daily reports'), Number(sql(db, 'SELECT COUNT(*) FROM daily_reports')));
  assert.equal(figure(out, 'problems'), Number(sql(db, 'SELECT COUNT(*) FROM problems')));
  assert.equal(figure(out, 'white-list members'), Number(sql(db, 'SELECT COUNT(*) FROM whitelist_members')));
  assert.match(out, /database size\s+[\d.]+ MB, [\d.]+ MB per 1,000 enterprises/);
  // every province of the region data has enterprises; the largest hold the most
  const provinces = Number(sql(db, "SELECT COUNT(DISTINCT code / 10000) FROM regions WHERE code % 100 <> 0"));
  assert.equal(Number(sql(db, 'SELECT COUNT(DISTINCT region / 10000) FROM enterprises')), provinces);
  const per = (p) => Number(sql(db, `SELECT COUNT(*) FROM enterprises WHERE region / 10000 = ${p}`));
  assert.ok(per(44) > per(54) && per(32) > per(63) && per(33) > per(64));
  // every enterprise in a real county with a known industry
  assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM enterprises e WHERE NOT EXISTS (SELECT 1 FROM regions r WHERE r.code = e.region AND r.level = 3)')), 0);
  // the log holds every row, and the store reads the count back when refusing to mix
  const v = run(['audit', 'verify', '--deep', '--db', db]);
  assert.equal(v.code, 0, v.out + v.err);
  const again = gen(db);
  assert.equal(again.code, 1);
  assert.match(again.err, /already holds 200 enterprises/);
});

test('the API reads back the enterprises printed, per province', async () => {
  const db = join(dir, 'served.db');
  copyFileSync(first.db, db);
  const u = run(['user', 'add', 'coordinator', '--role', 'national_coordinator', '--region', '000000',
    '--password', 'coordinator-2022', '--db', db]);
  assert.equal(u.code, 0, u.err);
  const srv = await startServer({ db });
  try {
    const all = await srv.as('coordinator', 'GET', '/api/v1/enterprises?limit=1');
    assert.equal(all.status, 200);
    assert.equal(all.body.total, figure(first.out, 'enterprises'));
    for (const p of ['440000', '540000']) {
      const r = await srv.as('coordinator', 'GET', `/api/v1/enterprises?region=${p}&limit=1`);
      assert.equal(r.status, 200);
      assert.equal(r.body.total, Number(sql(db, `SELECT COUNT(*) FROM enterprises WHERE region / 10000 = ${p / 10000}`)));
      assert.ok(r.body.total > 0, p);
    }
  } finally {
    await srv.stop();
  }
});

test('the same seed gives the same data; another seed other data', () => {
  const digest = (db) => createHash('sha256')
    .update(sql(db, 'SELECT uscc, name, region, industry, categories FROM enterprises ORDER BY uscc'))
    .update(sql(db, 'SELECT supplier, customer, input, share, stock_days FROM supply_edges ORDER BY supplier, customer, input'))
    .digest('hex');
  const same = join(dir, 'same.db'), other = join(dir, 'other.db');
  assert.equal(gen(same, '--keys', keys, '--days', '3', '--seed', '7').code, 0);
  assert.equal(gen(other, '--days', '1', '--seed', '8', '--passes', '0').code, 0);
  assert.equal(digest(same), digest(first.db));
  assert.notEqual(digest(other), digest(first.db));
});

test('passes are skipped with a message without keys; unreadable keys write nothing', () => {
  const r = gen(join(dir, 'nokeys.db'), '--days', '0', '--edges', '10');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /passes skipped: no --keys/);
  assert.equal(figure(r.out, 'supply edges'), 10);
  // keys that cannot be read stop it before anything is written
  const db = join(dir, 'badkeys.db');
  const bad = gen(db, '--keys', join(dir, 'no-such-keys'));
  assert.equal(bad.code, 1);
  assert.match(bad.err, /no-such-keys/);
  assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM enterprises')), 0);
});

test('bad options are refused with exit status 2 and one line saying why', () => {
  const db = join(dir, 'bad.db');
  for (const [args, why] of [
    [['--scale', '0'], /--scale must be/],
    [['--scale', 'big'], /--scale must be/],
    [['--scale', '1e9'], /--scale must be/],
    [['--enterprises', '0'], /--enterprises must be/],
    [['--edges', '-1'], /--edges must be/],
    [['--days', '40'], /--days must be/],
    [['--passes', 'x'], /--passes must be/],
    [['--seed', 'abc'], /--seed must be/],
    [['surplus'], /unexpected argument/],
  ]) {
    const r = run(['gen', '--db', db, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, why);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
  assert.equal(run(['gen', '--frobnicate']).code, 2);
});
