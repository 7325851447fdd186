// The command line: help, exit statuses, CSV import (all-or-nothing, line
// numbers, --skip-invalid), accounts, audit, guidance.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGIONS, newUscc, run } from '../api/helpers.mjs';

let dir, db;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-cli-'));
  db = join(dir, 'cli.db');
  const r = run(['demo', '--db', db, '--enterprises', '100', '--from', REGIONS]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /coordinator\s+coordinator-2022/);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('every command has --help and exits 0 with it', () => {
  for (const cmd of ['serve', 'migrate', 'demo', 'gen', 'import', 'user', 'audit', 'guidance', 'backup', 'orders', 'policies']) {
    const r = run([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.out, new RegExp(`usage: fugong ${cmd}`));
  }
  assert.equal(run(['--help']).code, 0);
});

test('failures exit non-zero with one line that says why', () => {
  for (const args of [['frobnicate'], ['user', 'explode', 'x', '--db', db], ['import', 'planets', '--db', db],
    ['serve', '--threads', '0'], ['user', 'add', 'x', '--db', db]]) {
    const r = run(args);
    assert.notEqual(r.code, 0, args.join(' '));
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0], /^fugong/);
  }
  const locked = join(dir, 'nowhere', 'x.db');
  const r = run(['migrate', '--db', locked]);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /cannot open database/);
});

test('migrate is idempotent', () => {
  const r = run(['migrate', '--db', db]);
  assert.equal(r.code, 0);
  assert.match(r.out, /0 migration\(s\) applied/);
});

function csv(rows) {
  const f = join(dir, `import-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(f, rows.join('\n') + '\n');
  return f;
}
const count = () => JSON.parse(run(['audit', 'list', '--limit', '1', '--db', db]).out.trim()).seq;

test('a CSV with a bad row imports nothing and names each bad line', () => {
  const good1 = newUscc('330106'), good2 = newUscc('320505');
  const bad = newUscc('330106').slice(0, 17) + 'Z';
  const f = csv([
    'uscc,name,region,industry,headcount,categories',
    `${good1},甲有限公司,330106,34,10,key_industrial`,
    `${bad},乙有限公司,330106,34,10,`,
    `${good2},丙有限公司,339999,34,10,`,
    `${newUscc('330106')},丁有限公司,330106,99,10,`,
    `${good1},重复有限公司,330106,34,10,`,
    `${good2},"戊, 有限公司",320505,13,7,livelihood_supply`,
  ]);
  const before_ = count();
  const r = run(['import', 'enterprises', f, '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.err, /:3: uscc character 18 'Z' is not allowed/);
  assert.match(r.err, /:4: unknown region 339999/);
  assert.match(r.err, /:5: unknown industry '99'/);
  assert.match(r.err, /:6: uscc .* appears earlier/);
  assert.match(r.err, /nothing was imported/);
  assert.equal(count(), before_, 'no audit entry, so nothing written');
  const skip = run(['import', 'enterprises', f, '--skip-invalid', '--db', db]);
  assert.equal(skip.code, 0, skip.err);
  assert.match(skip.out, /imported 2 of 6 rows; 4 rejected/);
  const again = run(['guidance', 'explain', good2, '--db', db]);
  assert.equal(again.code, 0, again.err);
  assert.equal(JSON.parse(again.out).uscc, good2);
});

test('a CSV without a required column or with an unknown one is refused', () => {
  let r = run(['import', 'enterprises', csv(['uscc,name,region', `${newUscc('330106')},x,330106`]), '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.err, /lacks the required column industry/);
  r = run(['import', 'enterprises', csv(['uscc,name,region,industry,colour']), '--db', db]);
  assert.match(r.err, /unknown column 'colour'/);
  r = run(['import', 'enterprises', join(dir, 'missing.csv'), '--db', db]);
  assert.match(r.err, /cannot open/);
});

test('user add, list, disable and passwd', () => {
  let r = run(['user', 'add', 'clerk.one', '--role', 'enterprise', '--enterprise', '91330106MA27XK000B', '--password-stdin', '--db', db], { input: 'a long password\n' });
  assert.equal(r.code, 0, r.err);
  r = run(['user', 'add', 'bad.one', '--role', 'national_coordinator', '--region', '330000', '--password', 'long enough pw', '--db', db]);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /whole country/);
  r = run(['user', 'list', '--db', db]);
  assert.match(r.out, /clerk\.one\s+enterprise/);
  r = run(['user', 'passwd', 'clerk.one', '--password-stdin', '--db', db], { input: 'another long one\n' });
  assert.equal(r.code, 0, r.err);
  r = run(['user', 'disable', 'clerk.one', '--db', db]);
  assert.equal(r.code, 0);
  assert.match(run(['user', 'list', '--db', db]).out, /clerk\.one.*disabled/);
});

test('audit verify passes, and fails naming the entry after tampering', () => {
  let r = run(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 0);
  assert.match(r.out, /intact/);
  const copy = join(dir, 'tampered.db');
  r = run(['demo', '--db', copy, '--enterprises', '5', '--from', REGIONS]);
  assert.equal(r.code, 0, r.err);
  // Someone with file access rewrites history: the 7th entry's detail,
  // found at its place in its chain.
  const at = spawnSync('sqlite3', [copy, 'SELECT chain_seq, chain FROM audit_log WHERE seq = 7'], { encoding: 'utf8' }).stdout.trim().split('|');
  const s = spawnSync('sqlite3', [copy, "UPDATE audit_log SET detail = '{\"forged\":true}' WHERE seq = 7"], { encoding: 'utf8' });
  assert.equal(s.status, 0, s.stderr);
  r = run(['audit', 'verify', '--db', copy]);
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`BROKEN at entry ${at[0]} of chain ${at[1].padStart(6, '0')}`));
});

test('guidance show and replace', () => {
  const show = run(['guidance', 'show', '--db', db]);
  assert.equal(show.code, 0);
  const table = JSON.parse(show.out);
  assert.ok(table.rules.length >= 5);
  const f = join(dir, 'rules.json');
  writeFileSync(f, JSON.stringify(table));
  let r = run(['guidance', 'replace', f, '--note', 'same rules, new version', '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /version 2 stored/);
  writeFileSync(f, '{"rules": []}');
  r = run(['guidance', 'replace', f, '--note', 'empty', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.err, /rules/);
});

test('backup makes a consistent copy that restores and verifies', () => {
  const copy = join(dir, 'backup.db');
  let r = run(['backup', copy, '--db', db]);
  assert.equal(r.code, 0, r.err);
  r = run(['backup', copy, '--db', db]);
  assert.notEqual(r.code, 0, 'an existing file is not overwritten');
  assert.match(r.err, /exists already/);
  const count = (file) => spawnSync('sqlite3', [file, 'SELECT COUNT(*) || \'/\' || (SELECT COUNT(*) FROM audit_log) FROM enterprises'], { encoding: 'utf8' }).stdout.trim();
  assert.equal(count(copy), count(db));
  // Restore: the copy is a database fugong serves and verifies as it is.
  r = run(['audit', 'verify', '--db', copy]);
  assert.equal(r.code, 0, r.out);
  r = run(['guidance', 'explain', '91330106MA27XK000B', '--db', copy]);
  assert.equal(r.code, 0, r.err);
});

test('orders routes prints the route table', () => {
  const r = run(['orders', 'routes']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^critical_link/m);
  assert.match(r.out, /provincial economic department evaluates\s+role economic_department\s+at province/);
  assert.match(r.out, /^general/m);
});

test('routes prints the HTTP route table with actions and body limits', () => {
  let r = run(['routes']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^POST\s+\/api\/v1\/enterprises\/import\s+enterprise\.create\s+16777216$/m);
  assert.match(r.out, /^GET\s+\/healthz\s+public\s+0$/m);
  r = run(['routes', '--json']);
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out);
  assert.deepEqual(rows.find((x) => x.path === '/api/v1/enterprises/:uscc' && x.method === 'PATCH'),
    { method: 'PATCH', path: '/api/v1/enterprises/:uscc', action: 'enterprise.update', max_body: 1048576 });
  assert.equal(run(['routes', '--bogus']).code, 2);
});

// ---- the white-list listing credential (issue 12, part "cred") ----
test('whitelist credential signs a demo listing; whitelist verify says valid, expired, tampered, not a pass', () => {
  assert.equal(run(['whitelist', '--help']).code, 0);
  assert.match(run(['whitelist', '--help']).out, /usage: fugong whitelist verify/);
  assert.equal(run(['whitelist', 'verify']).code, 2);
  const keys = join(dir, 'wl-keys');
  const k = run(['keys', 'init', '--keys', keys, '--province', '330000', '--province', '320000', '--province', '310000']);
  assert.equal(k.code, 0, k.err);
  const log = run(['audit', 'list', '--limit', '100000', '--db', db]).out.trim().split('\n').map((l) => JSON.parse(l));
  const everListed = new Set(log.filter((e) => e.action === 'whitelist.list').map((e) => e.entity_id));
  const listed = log.filter((e) => e.action === 'whitelist.list' && /^3[123]/.test(e.region));
  assert.ok(listed.length > 0, 'the demo lists enterprises through the workflow');
  const c = run(['whitelist', 'credential', listed[0].entity_id, '--keys', keys, '--db', db]);
  assert.equal(c.code, 0, c.err);
  const cred = c.out.trim();
  assert.match(cred, /^FGW1:/);
  let v = run(['whitelist', 'verify', '--keys', keys, cred]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /^valid: valid\n/);
  assert.match(v.out, new RegExp(`"listing": "${listed[0].entity_id}"`));
  const review = JSON.parse(v.out.slice(v.out.indexOf('{'))).review_on;
  v = run(['whitelist', 'verify', '--keys', keys, '--at', `${review}T23:59:00+08:00`, cred]);
  assert.equal(v.code, 0, v.out);   // valid to the end of its review date
  v = run(['whitelist', 'verify', '--keys', keys, '--at', `${review}T23:59:00Z`, cred]);
  assert.equal(v.code, 1);
  assert.match(v.out, /^expired:/);
  const i = cred.length - 25;
  v = run(['whitelist', 'verify', '--keys', keys, cred.slice(0, i) + (cred[i] === 'A' ? 'B' : 'A') + cred.slice(i + 1)]);
  assert.equal(v.code, 1);
  assert.match(v.out, /^(bad_signature|malformed):/);
  // Another server's keys: unknown signer. A pass verifier refuses it at the prefix.
  const other = join(dir, 'wl-other');
  assert.equal(run(['keys', 'init', '--keys', other, '--province', '330000']).code, 0);
  v = run(['whitelist', 'verify', '--keys', other, cred]);
  assert.equal(v.code, 1);
  assert.match(v.out, /^unknown_signer:/);
  v = run(['pass', 'verify', '--key', join(keys, 'root.pub.pem'), cred]);
  assert.equal(v.code, 1);
  assert.match(v.out, /^malformed: prefix/);
  // A listing not in force has none.
  const applied = log.find((e) => e.action === 'whitelist.apply' && !everListed.has(e.entity_id));
  if (applied) {
    const none = run(['whitelist', 'credential', applied.entity_id, '--keys', keys, '--db', db]);
    assert.notEqual(none.code, 0);
    assert.match(none.err, /only a listing in force/);
  }
});

test('policies import loads a catalogue all or nothing, and match finds the eligible', () => {
  const good = {
    policies: [{
      region: '330000', department: '浙江省经济和信息化厅', title: '命令行测试补贴', doc_number: '浙经信演示〔2026〕9号',
      doc_date: '2026-01-01', valid_from: '2026-01-01', valid_to: '2099-12-31', budget_yuan: 1000000, automatic: true,
      rule: { benefit: 'subsidy', when: { headcount: { min: 1 } }, amount: { fixed: 1000 } },
    }],
  };
  const bad = structuredClone(good);
  bad.policies.push({ ...good.policies[0], rule: { benefit: 'subsidy', when: { headcount: { min: 'x' } }, amount: { fixed: 1 } } });
  const badFile = join(dir, 'bad-policies.json'), goodFile = join(dir, 'policies.json');
  writeFileSync(badFile, JSON.stringify(bad));
  writeFileSync(goodFile, JSON.stringify(good));
  let r = run(['policies', 'import', badFile, '--publish', '--db', db]);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /^fugong policies: .*headcount/);
  r = run(['policies', 'import', goodFile, '--publish', '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^1 policies imported and published/);
  r = run(['policies', 'match', '--db', db]);
  assert.equal(r.code, 0, r.err);
  const [, matched, , eligible, created] = r.out.match(/^(\d+) enterprises matched, (\d+) evaluations, (\d+) eligible; (\d+) new/).map(Number);
  assert.ok(matched > 0 && eligible > 0, r.out);
  assert.ok(created > 0, r.out);
  r = run(['policies', 'match', '--db', db]);
  assert.match(r.out, /; 0 new, 0 changed, 0 lapsed/);
});
