// Vehicle passes, findings of the outside test (issue 16): a pass whose
// origin lies outside its signer's regions is signer_not_allowed online, with
// `fugong pass verify` and in the browser's offline check (web/src/lib/pass.js,
// run here under node with the same trust list); `pass verify` says beside
// the verdict when it has no revocation list or one past the freshness it
// states; a checkpoint's plate lookup lists issued passes only; a revoked
// pass is not renewed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startServer } from './helpers.mjs';

// The browser's modules import the vocabularies as plain JSON (Vite's way):
// node is taught the same for this test.
register(`data:text/javascript,${encodeURIComponent(`
import { readFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.json'))
    return { format: 'module', shortCircuit: true, source: 'export default ' + readFileSync(new URL(url), 'utf8') };
  return next(url, context);
}`)}`);
const web = await import('../../web/src/lib/pass.js');
const { encode, decode } = await import('../../web/node_modules/cborg/cborg.js');

let srv;
before(async () => { srv = await startServer({ enterprises: 40 }); });
after(() => srv.stop());

const day = 86400e3;
const application = (extra = {}) => ({
  goods: 'medical_supplies', origin: '330106', destination: '310115', route: ['330110'],
  plate: '浙A12345', valid_to: new Date(srv.now() + 5 * day).toISOString(),
  crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }],
  ...extra,
});

async function applied(extra) {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', application(extra));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  return a.body;
}

async function issued(extra) {
  const a = await applied(extra);
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.id}/decision`, { approve: true, reason: '医疗物资' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return d.body;
}

// The lists a checkpoint downloads, as files for `pass verify`.
async function lists() {
  const files = {};
  for (const [name, path] of [['trust', 'trust-list'], ['rev', 'revocations'], ['root', 'root-key']]) {
    const r = await fetch(`${srv.base}/api/v1/passes/${path}`);
    assert.equal(r.status, 200, path);
    files[name] = join(srv.dir, `h-${name}`);
    writeFileSync(files[name], Buffer.from(await r.arrayBuffer()));
  }
  return files;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let v = bytes[i] * 256 + bytes[i + 1];
      for (let k = 0; k < 3; k++) { s += ALPHABET[v % 45]; v = Math.floor(v / 45); }
    } else {
      s += ALPHABET[bytes[i] % 45] + ALPHABET[Math.floor(bytes[i] / 45)];
    }
  }
  return s;
}

// The claims of `genuine` re-signed by the key of issuer-PPPPPP (the server's
// own key file) as that province's pass, the origin left as it was: what
// the outside test made of a Shanghai key and a Zhejiang trip.
async function resigned(genuine, province, trust) {
  const c = await web.unwrap(genuine);
  const m = decode(c.payload, { useMaps: true });
  m.set(1, `CN-${province}`);
  m.get(-262).set(1, Number(province) * 1e6 + 1);
  const payload = encode(m);
  const entry = trust.find((t) => t.issuer === `CN-${province}`);
  assert.ok(entry, `the trust list has no key for ${province}`);
  const kid = Uint8Array.from(Buffer.from(entry.kid, 'hex'));
  const prot = encode(new Map([[1, -8], [4, kid]]));
  const tbs = encode(['Signature1', prot, new Uint8Array(0), payload]);
  const key = createPrivateKey(readFileSync(join(srv.keys, `issuer-${province}.key`)));
  const sig = new Uint8Array(sign(null, tbs, key));
  return `FG1:${base45(deflateSync(encode([prot, new Map(), payload, sig])))}`;
}

test('a pass whose origin lies outside its signer\'s regions: signer_not_allowed everywhere', async () => {
  const p = await issued();
  const files = await lists();
  const root = web.pemToDer(readFileSync(files.root, 'utf8'));
  const trust = web.trustFrom(await web.openList(readFileSync(files.trust), root));
  const forged = await resigned(p.credential, '310000', trust);
  // Online.
  const c = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: forged });
  assert.equal(c.status, 200);
  assert.equal(c.body.result, 'signer_not_allowed', JSON.stringify(c.body));
  assert.match(c.body.reason, /origin/);
  assert.equal(c.body.pass.origin, '330106');
  // Offline, with the command line and the downloaded lists.
  const v = srv.exec(['pass', 'verify', forged, '--trust', files.trust, '--revocations', files.rev, '--root', files.root]);
  assert.equal(v.code, 1, v.out + v.err);
  assert.match(v.out, /^signer_not_allowed: .*origin/);
  // In the browser's offline check, with the same lists.
  const b = await web.verifyPass(forged, { trust, at: srv.now() / 1000 });
  assert.equal(b.result, 'signer_not_allowed', b.reason);
  assert.match(b.reason, /origin/);
  // The same trip signed by its own province's key stands, in all three.
  const own = await resigned(p.credential, '330000', trust);
  assert.equal((await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: own })).body.result, 'valid');
  assert.equal(srv.exec(['pass', 'verify', own, '--trust', files.trust, '--revocations', files.rev, '--root', files.root]).code, 0);
  assert.equal((await web.verifyPass(own, { trust, at: srv.now() / 1000 })).result, 'valid');
  assert.equal((await web.verifyPass(p.credential, { trust, at: srv.now() / 1000 })).result, 'valid');
});

test('pass verify says beside the verdict when it has no revocation list or a stale one', async () => {
  const p = await issued();
  const files = await lists();
  // The revocation list states how long it answers for: a day from the hour it was made in.
  const root = web.pemToDer(readFileSync(files.root, 'utf8'));
  const rev = await web.openList(readFileSync(files.rev), root);
  const fresh = rev.get(3);
  const now = Math.floor(srv.now() / 1000);
  assert.ok(fresh > now + 23 * 3600 && fresh <= now + 24 * 3600, `${fresh} against ${now}`);
  const base = ['pass', 'verify', p.credential, '--trust', files.trust, '--root', files.root];
  // A fresh list: the verdict alone.
  let v = srv.exec([...base, '--revocations', files.rev]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /^valid: valid\n\{/);
  // No list: valid still, and a line saying that revocation was not checked.
  v = srv.exec(base);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /^valid: valid\nnote: no revocation list/);
  // Past the list's freshness (the pass still within its validity): said beside the verdict.
  const later = new Date((fresh + 3600) * 1000).toISOString();
  v = srv.exec([...base, '--revocations', files.rev, '--at', later]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /^valid: valid\nnote: the revocation list is stale: it answers until /);
  // The verdict itself does not change: a plate mismatch stays one, with the note.
  v = srv.exec([...base, '--plate', '浙A54321']);
  assert.equal(v.code, 1);
  assert.match(v.out, /^plate_mismatch: .*\nnote: no revocation list/);
});

test('a checkpoint\'s plate lookup lists issued passes only', async () => {
  const plate = '浙B7K301';
  const a = await applied({ plate });
  const p = await issued({ plate });
  const rejected = await applied({ plate });
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${rejected.id}/decision`, { approve: false, reason: '材料不全' })).status, 200);
  const l = await srv.as('checkpoint.xihu', 'GET', `/api/v1/passes?plate=${encodeURIComponent(plate)}`);
  assert.equal(l.status, 200);
  assert.deepEqual(l.body.items.map((x) => x.number), [p.number]);
  assert.equal(l.body.total, 1);
  assert.ok(!JSON.stringify(l.body).includes(a.id), 'an application is not listed');
  // Asking for applications does not get round it.
  const q = await srv.as('checkpoint.xihu', 'GET', `/api/v1/passes?plate=${encodeURIComponent(plate)}&state=applied`);
  assert.equal(q.status, 400);
  assert.equal(q.body.code, 'pass.checkpoint_state');
  // The issuing province still sees the application.
  const j = await srv.as('joint.zhejiang', 'GET', `/api/v1/passes?plate=${encodeURIComponent(plate)}&state=applied`);
  assert.ok(j.body.items.some((x) => x.id === a.id));
});

test('a revoked pass is not renewed, nor a renewal issued once its pass was revoked', async () => {
  const valid_to = () => new Date(srv.now() + 9 * day).toISOString();
  const p = await issued();
  const rv = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${p.number}/revoke`, { reason: '车辆涉疫，停止通行' });
  assert.equal(rv.status, 200);
  const r = await srv.as('operator.demo', 'POST', `/api/v1/passes/${p.number}/renew`, { valid_to: valid_to() });
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(r.body.code, 'pass.renew_revoked');
  // A renewal filed before the revocation is not issued after it.
  const q = await issued();
  const ren = await srv.as('operator.demo', 'POST', `/api/v1/passes/${q.number}/renew`, { valid_to: valid_to() });
  assert.equal(ren.status, 201, JSON.stringify(ren.body));
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${q.number}/revoke`, { reason: '车辆涉疫，停止通行' })).status, 200);
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${ren.body.id}/decision`, { approve: true });
  assert.equal(d.status, 409, JSON.stringify(d.body));
  assert.equal(d.body.code, 'pass.renew_revoked');
  // It may still be rejected.
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${ren.body.id}/decision`, { approve: false, reason: '原通行证已吊销' })).status, 200);
});
