// Anchors of the audit chain sent to a notary outside the system (issue 16:
// "into a directory or to a URL"): `fugong audit anchor --url` on demand and
// `serve --anchor-url` on a schedule POST the signed head; what the notary
// keeps proves the log with `audit verify --anchor`. A notary that does not
// take an anchor (down, 5xx) is sent it again; one that refuses it (4xx) is
// reported, and the command fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, demoWithKeys, run, startServer } from './helpers.mjs';

// A notary: keeps every POST (headers and body) and answers with the next
// status of `answers` (201 once they run out).
function notary() {
  const got = [];
  const answers = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      got.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(answers.length ? answers.shift() : 201, { 'Content-Type': 'text/plain' });
      res.end('noted');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ got, answers, url: `http://127.0.0.1:${server.address().port}/anchors`, close: () => server.close() })));
}
// The command line without blocking this process (the notary answers in it).
function runAsync(args, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { env: { ...process.env, ...env } });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}

let dir, db, keys, n;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-notary-'));
  ({ db, keys } = demoWithKeys(dir, 30));
  n = await notary();
});
after(() => {
  n?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('audit anchor --url sends the signed head, with the token, and what the notary keeps verifies the log', async () => {
  const r = await runAsync(['audit', 'anchor', '--db', db, '--keys', keys, '--url', n.url], { FUGONG_ANCHOR_TOKEN: 'notary-token-1' });
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '', 'sent, not printed');
  const last = n.got.at(-1);
  assert.equal(last.method, 'POST');
  assert.equal(last.url, '/anchors');
  assert.equal(last.headers['content-type'], 'application/json');
  assert.equal(last.headers.authorization, 'Bearer notary-token-1');
  const a = JSON.parse(last.body);
  assert.equal(a.kind, 'fugong audit anchor');
  assert.match(r.err, new RegExp(`anchor of entry ${a.seq} sent to ${n.url}`));
  const kept = join(dir, 'kept.json');
  writeFileSync(kept, last.body);
  const v = run(['audit', 'verify', '--db', db, '--anchor', kept, '--keys', keys]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /intact/);
  // With --out too, the file and the notary get the same anchor.
  const file = join(dir, 'also.json');
  const both = await runAsync(['audit', 'anchor', '--db', db, '--keys', keys, '--url', n.url, '--out', file]);
  assert.equal(both.code, 0, both.err);
  assert.equal(n.got.at(-1).headers.authorization, undefined, 'no token, no Authorization');
  assert.equal(JSON.parse(n.got.at(-1).body).seq, JSON.parse(readFileSync(file, 'utf8')).seq);
});

test('a notary that refuses the anchor, or is not there, fails the command and says so; a URL that is not http(s) is refused first', async () => {
  n.answers.push(403);
  const refused = await runAsync(['audit', 'anchor', '--db', db, '--keys', keys, '--url', n.url]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /answered 403 and refused it/);
  n.answers.push(503);
  const busy = await runAsync(['audit', 'anchor', '--db', db, '--keys', keys, '--url', n.url]);
  assert.equal(busy.code, 1);
  assert.match(busy.err, /answered 503; it may take it later/);
  const gone = await runAsync(['audit', 'anchor', '--db', db, '--keys', keys, '--url', 'http://127.0.0.1:1/anchors']);
  assert.equal(gone.code, 1);
  assert.match(gone.err, /did not answer/);
  const before = n.got.length;
  const ftp = run(['audit', 'anchor', '--db', db, '--keys', keys, '--url', 'ftp://notary.example/anchors']);
  assert.notEqual(ftp.code, 0);
  assert.match(ftp.err, /must start with http:\/\/ or https:\/\//);
  assert.match(run(['audit', 'verify', '--db', db, '--url', n.url]).err, /--out and --url go with anchor/);
  assert.equal(n.got.length, before);
});

test('serve --anchor-url sends the anchor, again after the notary did not take it, and /metrics says which entry it has', async () => {
  const start = n.got.length;
  n.answers.push(503); // the first send is not taken: the server tries again after a second
  const s = await startServer({ enterprises: 20, env: { FUGONG_ANCHOR_URL: n.url, FUGONG_ANCHOR_TOKEN: 'notary-token-2' } });
  try {
    const metric = (text, name) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)[1]);
    let m;
    for (let i = 0; i < 100; i++) {
      m = (await s.req('GET', '/metrics')).text;
      if (metric(m, 'fugong_audit_anchor_sent_seq') > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const sent = n.got.slice(start);
    assert.ok(sent.length >= 2, `sent ${sent.length} times`);
    assert.ok(sent.every((g) => g.headers.authorization === 'Bearer notary-token-2'));
    const taken = JSON.parse(sent.at(-1).body);
    assert.equal(metric(m, 'fugong_audit_anchor_sent_seq'), taken.seq);
    assert.ok(metric(m, 'fugong_audit_anchor_send_failures_total') >= 1);
    assert.match(s.log(), /event=audit.anchor_send .*answered 503/);
    const kept = join(dir, 'served.json');
    writeFileSync(kept, sent.at(-1).body);
    const v = s.cli(['audit', 'verify', '--anchor', kept, '--keys', s.keys]);
    assert.equal(v.code, 0, v.out + v.err);
  } finally {
    await s.stop();
  }
});

test('serve refuses an anchor URL it cannot send to, before it listens', () => {
  const r = run(['serve', '--db', db, '--keys', keys, '--listen', '127.0.0.1:9', '--anchor-url', 'notary.example/anchors'], { timeout: 20000 });
  assert.notEqual(r.code, 0);
  assert.match(r.err, /must start with http:\/\/ or https:\/\//);
});
