// The white-list listing credential (白名单企业证明) over HTTP: a listing made
// through the workflow gets a signed FGW1: credential and its QR, for the
// enterprise itself and officials in jurisdiction only; `fugong whitelist
// verify` says valid with the keys or with the downloaded lists, expired after
// the review date, bad signature when tampered with, revoked once the listing
// ended; a national listing verifies under the root key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(() => srv.stop());

const DEMO = '91330106MA27XK000B';
const day = 86400e3;
const dateIn = (days) => new Date(srv.now() + days * day + 8 * 3600e3).toISOString().slice(0, 10);
const act = (user, id, body) => srv.as(user, 'POST', `/api/v1/whitelist-applications/${id}/actions`, body);

async function listing() {
  const l = await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelists', { chain: 'energy', tier: 'provincial', region: '330000' });
  assert.equal(l.status, 201, JSON.stringify(l.body));
  const b = await srv.as('joint.zhejiang', 'POST', `/api/v1/whitelists/${l.body.id}/batches`);
  const a = await srv.as('enterprise.demo', 'POST', '/api/v1/whitelist-applications', {
    list_id: l.body.id,
    plan: '闭环生产：员工点对点通勤，分区作业，每日核酸检测，关键原材料储备十五天，按期交付重点订单。',
    commitment: { staff: 80, lodging: 90, testing: 100, stock_days: 14 },
    suppliers: ['91330106MA27XK001E'],
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const id = a.body.id;
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications/${id}/credential`)).status, 409);
  await act('industry.hangzhou', id, { action: 'check_pass' });
  await act('health.zhejiang', id, { action: 'review_agree' });
  await act('industry.zhejiang', id, { action: 'review_agree' });
  const r = await act('joint.zhejiang', id, { action: 'list', batch_id: b.body.id, review_on: dateIn(30) });
  assert.equal(r.body.state, 'listed', JSON.stringify(r.body));
  return id;
}

async function download() {
  const files = {};
  for (const [name, path] of [['trust', 'whitelists/trust-list'], ['rev', 'whitelists/revocations'], ['root', 'passes/root-key']]) {
    const r = await fetch(`${srv.base}/api/v1/${path}`);
    assert.equal(r.status, 200, path);
    files[name] = join(srv.dir, `wl-${name}`);
    writeFileSync(files[name], Buffer.from(await r.arrayBuffer()));
  }
  return files;
}

test('a listing has a credential: for the enterprise and officials in jurisdiction, verified offline, refused when tampered with, revoked when ended', async () => {
  const id = await listing();
  const c = await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications/${id}/credential`);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.match(c.body.credential, /^FGW1:[0-9A-Z $%*+\-./:]+$/);
  assert.equal(c.body.claims.enterprise, DEMO);
  assert.equal(c.body.claims.listing, id);
  assert.equal(c.body.claims.tier, 'provincial');
  assert.equal(c.body.claims.chain, 'energy');
  assert.equal(c.body.claims.list_region, '330000');
  assert.equal(c.body.claims.issuer, 'CN-330000');
  assert.equal(c.body.claims.batch, 1);
  assert.equal(c.body.claims.review_on, dateIn(30));
  // The same listing for every reader, valid from its listing.
  for (const u of ['industry.hangzhou', 'joint.zhejiang', 'health.zhejiang', 'auditor.zhejiang', 'coordinator']) {
    const o = await srv.as(u, 'GET', `/api/v1/whitelist-applications/${id}/credential`);
    assert.equal(o.status, 200, u);
    assert.equal(o.body.claims.valid_from, c.body.claims.valid_from, u);
  }
  // Outside: another province's officials (to them the listing does not
  // exist, issue 16); roles that read no white list at all — a transport
  // operator's account, the checkpoint officer — are refused by role, which
  // says nothing about this listing; nobody signed in.
  for (const [u, status] of [['joint.jiangsu', 404], ['operator.demo', 403], ['checkpoint.xihu', 403]]) {
    const o = await srv.as(u, 'GET', `/api/v1/whitelist-applications/${id}/credential`);
    assert.equal(o.status, status, `${u}: ${JSON.stringify(o.body)}`);
    assert.equal((await srv.as(u, 'GET', `/api/v1/whitelist-applications/${id}/qr.png`)).status, status, u);
  }
  assert.equal((await srv.req('GET', `/api/v1/whitelist-applications/${id}/credential`)).status, 401);
  // Its QR, as passes have.
  const png = await fetch(`${srv.base}/api/v1/whitelist-applications/${id}/qr.png`, { headers: { Authorization: `Bearer ${await srv.login('enterprise.demo')}` } });
  assert.equal(png.headers.get('content-type'), 'image/png');
  const pngPath = join(srv.dir, 'wl.png');
  writeFileSync(pngPath, Buffer.from(await png.arrayBuffer()));
  const svg = await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications/${id}/qr?format=svg`);
  assert.match(svg.text, /^<svg/);

  // Offline: with the server's keys, and with the downloaded signed lists.
  let v = srv.exec(['whitelist', 'verify', '--keys', srv.keys, c.body.credential]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /^valid/);
  const files = await download();
  const offline = (args) => srv.exec(['whitelist', 'verify', ...args, '--trust', files.trust, '--revocations', files.rev, '--root', files.root]);
  v = offline(['--image', pngPath]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, new RegExp(`"listing": "${id}"`));
  // After the review date: expired.
  v = offline(['--at', `${dateIn(31)}T12:00:00+08:00`, c.body.credential]);
  assert.equal(v.code, 1);
  assert.match(v.out, /^expired/);
  // Tampered with: a character of the Base45 text changed, the listing's
  // claims re-signed by a key of no trust list.
  const s = c.body.credential;
  const i = s.length - 20;
  const bad = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  v = offline([bad]);
  assert.equal(v.code, 1);
  assert.match(v.out, /^(bad_signature|malformed)/);
  v = offline(['FG1:' + s.slice(5)]);
  assert.equal(v.code, 1);
  assert.match(v.out, /^malformed[\s\S]*layer: prefix/);

  // Adjusted: a new credential with the new review date.
  srv.advance(2 * day);
  const adj = await act('joint.zhejiang', id, { action: 'adjust', review_on: dateIn(90), reason: '复核通过，继续保留' });
  assert.equal(adj.body.state, 'listed', JSON.stringify(adj.body));
  const c2 = await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications/${id}/credential`);
  assert.equal(c2.body.claims.review_on, dateIn(90));
  assert.notEqual(c2.body.credential, c.body.credential);
  // Ended: no credential; the revocation list names it, and both credentials read revoked.
  const end = await act('joint.zhejiang', id, { action: 'end', reason: '企业已转产，不再属于重点产业链' });
  assert.equal(end.body.state, 'ended');
  const gone = await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications/${id}/credential`);
  assert.equal(gone.status, 409);
  assert.equal(gone.body.code, 'wlcred.not_listed');
  const fresh = await download();
  for (const cred of [c.body.credential, c2.body.credential]) {
    v = srv.exec(['whitelist', 'verify', '--trust', fresh.trust, '--revocations', fresh.rev, '--root', fresh.root, cred]);
    assert.equal(v.code, 1);
    assert.match(v.out, /^revoked/);
  }
});

test('a national listing is signed by the root key; the province keys may not sign for the nation', async () => {
  const all = await srv.as('coordinator', 'GET', '/api/v1/whitelist-applications?state=listed&limit=500');
  const lists = await srv.as('coordinator', 'GET', '/api/v1/whitelists');
  const national = new Set(lists.body.items.filter((l) => l.tier === 'national').map((l) => l.id));
  const one = all.body.items.find((a) => national.has(a.list_id));
  assert.ok(one, 'the demo has a national listing');
  const c = await srv.as('coordinator', 'GET', `/api/v1/whitelist-applications/${one.id}/credential`);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.claims.issuer, 'CN-000000');
  assert.equal(c.body.claims.list_region, '000000');
  const v = srv.exec(['whitelist', 'verify', '--keys', srv.keys, c.body.credential]);
  assert.equal(v.code, 0, v.out + v.err);
  // The signed lists are public and cached by ETag, as the passes' are.
  const t = await fetch(`${srv.base}/api/v1/whitelists/trust-list`);
  assert.equal(t.headers.get('content-type'), 'application/cose');
  assert.equal((await fetch(`${srv.base}/api/v1/whitelists/trust-list`, { headers: { 'If-None-Match': t.headers.get('etag') } })).status, 304);
});
