// The audit log proves itself against tampering outside the system (issue
// 16): a wiped log and head, a changed or missing head, and — with an
// anchor kept outside the database — a log cut back together with its head.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGIONS, run } from '../api/helpers.mjs';

let dir, db, keys, anchor, entries;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-audit-'));
  db = join(dir, 'audit.db');
  keys = join(dir, 'keys');
  assert.equal(run(['keys', 'init', '--keys', keys, '--province', '330000', '--province', '310000', '--province', '320000']).code, 0);
  const r = run(['demo', '--db', db, '--enterprises', '60', '--from', REGIONS, '--keys', keys]);
  assert.equal(r.code, 0, r.err);
  anchor = join(dir, 'anchor.json');
  const a = run(['audit', 'anchor', '--db', db, '--keys', keys, '--out', anchor]);
  assert.equal(a.code, 0, a.err);
  entries = JSON.parse(readFileSync(anchor, 'utf8')).seq;
  assert.ok(entries > 20);
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
  assert.match(plain.out, new RegExp(`intact: ${entries} entries`));
  const anchored = verify(db, '--anchor', anchor, '--keys', keys);
  assert.equal(anchored.code, 0, anchored.out + anchored.err);
  assert.match(anchored.out, new RegExp(`entry ${entries} is the one the anchor`));
});

test('a wiped log and head, a missing head, a changed head hash are broken, each said so', () => {
  const wiped = verify(tampered('wiped', "DELETE FROM audit_log; UPDATE audit_head SET seq = 0, hash = '" + '0'.repeat(64) + "'"));
  assert.equal(wiped.code, 1, wiped.out);
  assert.match(wiped.out, /BROKEN.*no entries, but the database holds \d+ enterprises, \d+ accounts.*wiped/);
  const headless = verify(tampered('headless', 'DELETE FROM audit_head'));
  assert.equal(headless.code, 1, headless.out);
  assert.match(headless.out, /head is missing/);
  const moved = verify(tampered('moved', "UPDATE audit_head SET hash = '" + 'ab'.repeat(32) + "'"));
  assert.equal(moved.code, 1, moved.out);
  assert.match(moved.out, new RegExp(`hash is not the hash of entry ${entries}: the head was changed`));
  assert.doesNotMatch(moved.out, /says \d+ entries but \d+ are present/);
});

test('a log cut back with its head moved back reads intact alone, and broken beside its anchor', () => {
  const keep = entries - 10;
  const cut = tampered('cut', `DELETE FROM audit_log WHERE seq > ${keep}; `
    + `UPDATE audit_head SET seq = ${keep}, hash = (SELECT hash FROM audit_log WHERE seq = ${keep})`);
  assert.equal(verify(cut).code, 0, 'without an anchor nothing outside the database says otherwise');
  const r = verify(cut, '--anchor', anchor, '--keys', keys);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`log ends at entry ${keep}, but the anchor vouches for entry ${entries}`));
  // A log rewritten from an entry on (same length, other hashes) does not match the anchor either.
  const rewritten = tampered('rewritten', `UPDATE audit_log SET hash = '${'cd'.repeat(32)}' WHERE seq = ${entries}; `
    + `UPDATE audit_head SET hash = '${'cd'.repeat(32)}'`);
  const w = verify(rewritten, '--anchor', anchor, '--keys', keys);
  assert.equal(w.code, 1, w.out);
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
