// The audit log proves itself against tampering outside the system (issue
// 16): a wiped log and head, a changed or missing head, and — with an
// anchor kept outside the database — a log cut back together with its head.
// The log is a chain per province and the nation's (issue 17), which records
// the provinces' heads: a province's chain cut back is found without an
// anchor once the nation's chain recorded its head.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoWithKeys, run } from '../api/helpers.mjs';

let dir, db, keys, anchor, entries, total;
const one = (file, sql) => spawnSync('sqlite3', [file, sql], { encoding: 'utf8' }).stdout.trim();
const GENESIS = '0'.repeat(64);
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-audit-'));
  ({ db, keys } = demoWithKeys(dir, 60));
  anchor = join(dir, 'anchor.json');
  const a = run(['audit', 'anchor', '--db', db, '--keys', keys, '--out', anchor]);
  assert.equal(a.code, 0, a.err);
  entries = JSON.parse(readFileSync(anchor, 'utf8')).seq;
  assert.ok(entries > 5);
  total = Number(one(db, 'SELECT COUNT(*) FROM audit_log'));
  assert.ok(total > entries, 'the provinces have chains of their own');
  assert.ok(!existsSync(`${db}-wal`) || readFileSync(`${db}-wal`).length === 0, 'the database is whole in its file');
});
after(() => rmSync(dir, { recursive: true, force: true }));

// A copy of the demo database with `sql` applied behind the system's back.
function tampered(name, sql) {
  const copy = join(dir, `${name}.db`);
  copyFileSync(db, copy);
  const r = spawnSync('sqlite3', [copy, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return copy;
}
const verify = (file, ...more) => run(['audit', 'verify', '--db', file, ...more]);

test('an untouched log verifies, with and without its anchor', () => {
  const plain = verify(db);
  assert.equal(plain.code, 0, plain.out + plain.err);
  const chains = Number(one(db, 'SELECT COUNT(*) FROM audit_chains'));
  assert.ok(chains >= 4, 'the nation and three provinces at least');
  assert.match(plain.out, new RegExp(`intact: ${total} entries verified in ${chains} chains`));
  const anchored = verify(db, '--anchor', anchor, '--keys', keys);
  assert.equal(anchored.code, 0, anchored.out + anchored.err);
  assert.match(anchored.out, new RegExp(`entry ${entries} of the nation's chain is the one the anchor`));
  // The anchor recorded every province's head in the nation's chain.
  const heads = JSON.parse(one(db, "SELECT detail FROM audit_log WHERE chain = 0 AND action = 'audit.heads' ORDER BY chain_seq DESC LIMIT 1")).heads;
  for (const line of one(db, 'SELECT chain, seq, hash FROM audit_chains WHERE chain <> 0 AND seq > 0').split('\n')) {
    const [chain, seq, hash] = line.split('|');
    assert.deepEqual(heads[chain.padStart(6, '0')], { seq: Number(seq), hash }, chain);
  }
  // One province's chain alone, with the nation's that vouches for it.
  const zj = verify(db, '--chain', '330000');
  assert.equal(zj.code, 0, zj.out + zj.err);
  assert.match(zj.out, /intact: \d+ entries verified in 2 chains/);
  const bad = verify(db, '--chain', '330100');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--chain must be a province's code/);
});

test('a wiped log and head, a missing head, a changed head hash are broken, each said so', () => {
  const wiped = verify(tampered('wiped', `DELETE FROM audit_log; UPDATE audit_chains SET seq = 0, hash = '${GENESIS}'`));
  assert.equal(wiped.code, 1, wiped.out);
  assert.match(wiped.out, /BROKEN.*no entries, but the database holds \d+ enterprises, \d+ accounts.*wiped/);
  const headless = verify(tampered('headless', 'DELETE FROM audit_chains WHERE chain = 0'));
  assert.equal(headless.code, 1, headless.out);
  assert.match(headless.out, /head of the national chain is missing/);
  const province = verify(tampered('province-headless', 'DELETE FROM audit_chains WHERE chain = 330000'));
  assert.equal(province.code, 1, province.out);
  assert.match(province.out, /BROKEN at entry \d+ of chain 330000: the head of chain 330000 is missing/);
  const moved = verify(tampered('moved', "UPDATE audit_chains SET hash = '" + 'ab'.repeat(32) + "' WHERE chain = 0"));
  assert.equal(moved.code, 1, moved.out);
  assert.match(moved.out, new RegExp(`the head of chain 000000 is not the hash of entry ${entries}: the head was changed`));
  assert.doesNotMatch(moved.out, /says \d+ entries but \d+ are present/);
});

test('a log cut back with its head moved back reads intact alone, and broken beside its anchor', () => {
  const keep = entries - 10;
  const cut = tampered('cut', `DELETE FROM audit_log WHERE chain = 0 AND chain_seq > ${keep}; `
    + `UPDATE audit_chains SET seq = ${keep}, hash = (SELECT hash FROM audit_log WHERE chain = 0 AND chain_seq = ${keep}) WHERE chain = 0`);
  assert.equal(verify(cut).code, 0, 'without an anchor nothing outside the database says otherwise');
  const r = verify(cut, '--anchor', anchor, '--keys', keys);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`national chain ends at entry ${keep}, but the anchor vouches for entry ${entries}`));
  // A log rewritten from an entry on (same length, other hashes) does not match the anchor either.
  const rewritten = tampered('rewritten', `UPDATE audit_log SET hash = '${'cd'.repeat(32)}' WHERE chain = 0 AND chain_seq = ${entries}; `
    + `UPDATE audit_chains SET hash = '${'cd'.repeat(32)}' WHERE chain = 0`);
  const w = verify(rewritten, '--anchor', anchor, '--keys', keys);
  assert.equal(w.code, 1, w.out);
});

test('a province\'s chain cut back with its head moved back is broken: the nation\'s chain recorded its head', () => {
  const [seq] = one(db, 'SELECT seq FROM audit_chains WHERE chain = 330000').split('|').map(Number);
  assert.ok(seq > 2);
  const keep = seq - 2;
  const cut = tampered('province-cut', `DELETE FROM audit_log WHERE chain = 330000 AND chain_seq > ${keep}; `
    + `UPDATE audit_chains SET seq = ${keep}, hash = (SELECT hash FROM audit_log WHERE chain = 330000 AND chain_seq = ${keep}) WHERE chain = 330000`);
  const r = verify(cut);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`BROKEN at entry ${keep + 1} of chain 330000: chain 330000 ends at entry ${keep}, but national entry \\d+ recorded its head at entry ${seq}`));
  // Rewritten in place (the entry the nation recorded, its head with it).
  const rewritten = tampered('province-rewritten', `UPDATE audit_log SET hash = '${'cd'.repeat(32)}' WHERE chain = 330000 AND chain_seq = ${seq}; `
    + `UPDATE audit_chains SET hash = '${'cd'.repeat(32)}' WHERE chain = 330000`);
  const w = verify(rewritten);
  assert.equal(w.code, 1, w.out);
  assert.match(w.out, new RegExp(`BROKEN at entry ${seq} of chain 330000`));
});

test('an anchor changed after signing, or signed by another root key, is refused', () => {
  const a = JSON.parse(readFileSync(anchor, 'utf8'));
  const forged = join(dir, 'forged.json');
  writeFileSync(forged, JSON.stringify({ ...a, seq: a.seq - 5 }));
  const f = verify(db, '--anchor', forged, '--keys', keys);
  assert.notEqual(f.code, 0);
  assert.match(f.err, /signature does not verify/);
  const other = join(dir, 'other-keys');
  assert.equal(run(['keys', 'init', '--keys', other]).code, 0);
  const o = verify(db, '--anchor', anchor, '--keys', other);
  assert.notEqual(o.code, 0);
  assert.match(o.err, /not by this root key/);
  writeFileSync(forged, '{"kind": "something else"}');
  assert.match(verify(db, '--anchor', forged, '--keys', keys).err, /not an anchor/);
});

// The audit log proves the data (issue 16): each of the outside test's edits
// of the data tables — renaming or moving an enterprise, changing a
// designation's level, a pass's plate, an order's state, making an operator
// account a national coordinator — passes the chain alone and is named with
// its table and key by --deep; so are a row added and a row removed.

test('an untouched database agrees with its log row by row', () => {
  const r = verify(db, '--deep');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /intact/);
  assert.match(r.out, /data: \d+ rows of \d+ audited tables checked .*every row is as its last entry left it/);
});

test('data edited behind the system is found by --deep, each row by table and key', () => {
  const uscc = one(db, 'SELECT uscc FROM enterprises ORDER BY uscc LIMIT 1');
  const moved = one(db, 'SELECT uscc FROM enterprises ORDER BY uscc LIMIT 1 OFFSET 1');
  const desig = one(db, 'SELECT id FROM risk_designations ORDER BY id LIMIT 1');
  const pass = one(db, "SELECT id FROM passes WHERE state = 'issued' ORDER BY id LIMIT 1");
  const order = one(db, 'SELECT id FROM orders ORDER BY id LIMIT 1');
  const operator = one(db, "SELECT id FROM accounts WHERE role <> 'national' ORDER BY username LIMIT 1");
  const edge = one(db, 'SELECT id FROM supply_edges ORDER BY id LIMIT 1');
  for (const v of [uscc, moved, desig, pass, order, operator, edge]) assert.ok(v, 'the demo has one of each');
  const cases = {
    renamed: [`UPDATE enterprises SET name = '=HYPERLINK("x")' WHERE uscc = '${uscc}'`, 'enterprises', uscc],
    moved: [`UPDATE enterprises SET region = (SELECT code FROM regions WHERE level = 3 AND code <> enterprises.region LIMIT 1) WHERE uscc = '${moved}'`, 'enterprises', moved],
    level: [`UPDATE risk_designations SET level = CASE level WHEN 'high' THEN 'low' ELSE 'high' END WHERE id = '${desig}'`, 'risk_designations', desig],
    plate: [`UPDATE passes SET plate = '沪A99999' WHERE id = '${pass}'`, 'passes', pass],
    state: [`UPDATE orders SET state = 'lifted' WHERE id = '${order}'`, 'orders', order],
    role: [`UPDATE accounts SET role = 'national', region = 0 WHERE id = '${operator}'`, 'accounts', operator],
    // A supplier's share changed (what the chain analysis reads).
    share: [`UPDATE supply_edges SET share = CASE WHEN share = 100 THEN 99 ELSE 100 END WHERE id = '${edge}'`, 'supply_edges', edge],
  };
  for (const [name, [sql, table, key]] of Object.entries(cases)) {
    const file = tampered(name, sql);
    assert.equal(verify(file).code, 0, `${name}: the chain alone cannot see it`);
    const r = verify(file, '--deep');
    assert.equal(r.code, 1, `${name}: ${r.out}`);
    assert.match(r.out, /1 NOT explained by the log/, name);
    assert.match(r.out, new RegExp(`  ${table} ${key}: the row is not as its last entry left it`), name);
  }
  const added = verify(tampered('added', "INSERT INTO accounts (id, username, display_name, role, region, password_hash, disabled, created_at) VALUES ('forged', 'forged', 'x', 'national', 0, 'x', 0, 0)"), '--deep');
  assert.equal(added.code, 1, added.out);
  assert.match(added.out, /accounts forged: no entry explains this row: it was added outside the system/);
  const removed = verify(tampered('removed', `DELETE FROM risk_designations WHERE id = '${desig}'`), '--deep');
  assert.equal(removed.code, 1, removed.out);
  assert.match(removed.out, new RegExp(`risk_designations ${desig}: the row its last entry left is gone`));
  // Forging the sealed digest to match breaks the entry that sealed it.
  const covered = tampered('covered', `UPDATE enterprises SET name = 'x' WHERE uscc = '${uscc}'; UPDATE audit_log SET rows = rows || '6:forged' WHERE seq = (SELECT MAX(seq) FROM audit_log WHERE rows LIKE '%${uscc}%')`);
  const c = verify(covered, '--deep');
  assert.equal(c.code, 1, c.out);
  assert.match(c.out, /audit_log \d+: the rows this entry sealed were changed/);
});

test('an anchor signed by an SM2 root key verifies; one naming another algorithm than the key\'s is refused', () => {
  const sm2 = join(dir, 'sm2-keys');
  assert.equal(run(['keys', 'init', '--keys', sm2, '--alg', 'SM2']).code, 0);
  const file = join(dir, 'sm2-anchor.json');
  const w = run(['audit', 'anchor', '--db', db, '--keys', sm2, '--out', file]);
  assert.equal(w.code, 0, w.err);
  const a = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(a.alg, 'SM2');
  assert.equal(Buffer.from(a.signature, 'base64').length, 64);
  const ok = verify(db, '--anchor', file, '--keys', sm2);
  assert.equal(ok.code, 0, ok.out + ok.err);
  const relabelled = join(dir, 'sm2-anchor-es256.json');
  writeFileSync(relabelled, JSON.stringify({ ...a, alg: 'ES256' }));
  const r = verify(db, '--anchor', relabelled, '--keys', sm2);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /names the algorithm ES256, but the root key is SM2/);
});
