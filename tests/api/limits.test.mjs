// Body limits are enforced from the headers, before the body is read: an
// oversized Content-Length is 413, a request without a session is 401 and an
// unknown path is 404 without waiting for the body, and stalled uploads hold
// no memory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { startServer } from './helpers.mjs';

const MiB = 1 << 20;
let srv, token;
before(async () => { srv = await startServer({ enterprises: 50 }); token = await srv.login('industry.hangzhou'); });
after(() => srv.stop());

function isProblem(r, status) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.equal(r.body.status, status);
  assert.ok(r.body.title && r.body.detail, 'problem has title and detail');
}

test('a JSON body announced over 1 MiB is 413 before it is sent', async () => {
  const r = await srv.send('POST', '/api/v1/enterprises', {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': MiB + 1 },
  });
  isProblem(r, 413);
  assert.match(r.body.detail, /larger than the limit of 1048576 bytes/);
  // A public route too: sign-in takes no more than a JSON body either.
  const login = await srv.send('POST', '/api/v1/auth/login', {
    headers: { 'Content-Type': 'application/json', 'Content-Length': 4 * MiB },
  });
  isProblem(login, 413);
  // A route that takes no body refuses one.
  const get = await srv.send('GET', '/api/v1/enterprises', {
    headers: { Authorization: `Bearer ${token}`, 'Content-Length': 10 },
  });
  isProblem(get, 413);
});

test('a chunked body is capped as it arrives', async () => {
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  let body = '';
  for (let i = 0; i < 5; i++) body += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  body += '0\r\n\r\n';
  const r = await srv.send('POST', '/api/v1/auth/login', {
    headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, body,
  });
  isProblem(r, 413);
});

test('an unauthenticated 16 MiB import is 401 before its body is read', async () => {
  const r = await srv.send('POST', '/api/v1/enterprises/import', {
    headers: { 'Content-Type': 'text/csv', 'Content-Length': 16 * MiB },
  });
  isProblem(r, 401);
  assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  // Signed in, the import takes 16 MiB and no more; its role is checked first.
  const big = await srv.send('POST', '/api/v1/enterprises/import', {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Content-Length': 16 * MiB + 1 },
  });
  isProblem(big, 413);
  const checkpoint = await srv.login('checkpoint.xihu');
  const role = await srv.send('POST', '/api/v1/enterprises/import', {
    headers: { Authorization: `Bearer ${checkpoint}`, 'Content-Type': 'text/csv', 'Content-Length': 16 * MiB },
  });
  isProblem(role, 403);
  assert.match(role.body.detail, /checkpoint_officer account may not enterprise.create/);
});

test('an unknown path with a large body is 404 before the body is read', async () => {
  const r = await srv.send('POST', '/api/v1/nothing-here', {
    headers: { 'Content-Type': 'application/json', 'Content-Length': 64 * MiB },
  });
  isProblem(r, 404);
  const m = await srv.send('DELETE', '/api/v1/enterprises', { headers: { 'Content-Length': 64 * MiB } });
  isProblem(m, 405);
});

function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

test('30 stalled unauthenticated 16 MiB uploads hold no memory and the server still answers', async () => {
  const pid = srv.pid;
  for (let i = 0; i < 5; i++) await srv.req('GET', '/healthz');
  const idle = rssKiB(pid);
  const socks = [];
  // Each sends all of its body but the last KiB, then stalls.
  const piece = Buffer.alloc(16 * MiB - 1024, 0x61);
  for (let i = 0; i < 30; i++) {
    const s = connect(srv.port, '127.0.0.1');
    s.on('error', () => {});
    s.write(`POST /api/v1/enterprises/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n` +
      `Content-Length: ${16 * MiB}\r\n\r\n`);
    s.write(piece);
    socks.push(s);
  }
  await new Promise((r) => setTimeout(r, 1500));
  const h = await srv.req('GET', '/healthz');
  assert.equal(h.status, 200);
  const busy = rssKiB(pid);
  for (const s of socks) s.destroy();
  console.log(`# RSS idle ${idle} KiB, with 30 stalled uploads ${busy} KiB (+${busy - idle} KiB)`);
  assert.ok(busy - idle < 60 * 1024, `RSS grew by ${busy - idle} KiB`);
});
