// SM2 with SM3 (GB/T 32918, GB/T 32905) for passes and listings, by
// configuration (issue 16, national cryptography): a server whose root and
// Zhejiang issuer keys are SM2 (`fugong keys init --alg SM2`) and whose
// Shanghai and Jiangsu keys stay Ed25519 — one trust list, each key named
// with its algorithm. A pass it issues verifies online, with `fugong pass
// verify` and in the browser's offline check (web/src/lib/pass.js under
// node, SM2 by sm-crypto); a tampered one, or one whose header names another
// algorithm than the trust list gives its key, is a bad signature in all
// three. A pass signed by sm-crypto with the Zhejiang key verifies in C: the
// two sides agree on SM3 and the identifier 1234567812345678.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startServer } from './helpers.mjs';

register(`data:text/javascript,${encodeURIComponent(`
import { readFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.json'))
    return { format: 'module', shortCircuit: true, source: 'export default ' + readFileSync(new URL(url), 'utf8') };
  return next(url, context);
}`)}`);
const web = await import('../../web/src/lib/pass.js');
const { encode, decode } = await import('../../web/node_modules/cborg/cborg.js');
const { default: smCrypto } = await import('../../web/node_modules/sm-crypto/src/index.js');

let srv;
before(async () => { srv = await startServer({ enterprises: 40, keyAlgs: { root: 'SM2', 330000: 'SM2' } }); });
after(() => srv.stop());

const day = 86400e3;
const SM2 = -65600;

async function issued() {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', {
    goods: 'medical_supplies', origin: '330106', destination: '310115', route: ['330110'],
    plate: '浙A12345', valid_to: new Date(srv.now() + 5 * day).toISOString(),
    crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }],
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true, reason: '医疗物资' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return d.body;
}

async function lists() {
  const files = {};
  for (const [name, path] of [['trust', 'trust-list'], ['rev', 'revocations'], ['root', 'root-key']]) {
    const r = await fetch(`${srv.base}/api/v1/passes/${path}`);
    assert.equal(r.status, 200, path);
    files[name] = join(srv.dir, `sm2-${name}`);
    writeFileSync(files[name], Buffer.from(await r.arrayBuffer()));
  }
  const root = web.pemToDer(readFileSync(files.root, 'utf8'));
  files.trustList = web.trustFrom(await web.openList(readFileSync(files.trust), root));
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
const seal = (prot, payload, sig) => `FG1:${base45(deflateSync(encode([prot, new Map(), payload, sig])))}`;
const tbsOf = (prot, payload) => encode(['Signature1', prot, new Uint8Array(0), payload]);
const hex = (b) => Buffer.from(b).toString('hex');

// The private scalar of an SM2 key file (PKCS#8 around an ECPrivateKey:
// version 1, then the 32-byte key).
function sm2Private(path) {
  const der = createPrivateKey(readFileSync(path)).export({ type: 'pkcs8', format: 'der' });
  const at = der.indexOf(Buffer.from('0201010420', 'hex'));
  assert.ok(at > 0, 'an SM2 PKCS#8 key');
  return der.subarray(at + 5, at + 37).toString('hex');
}

// Signs (prot, payload) as SM2 with SM3 and the standard identifier, by
// sm-crypto: raw r||s as the COSE signature.
function sm2Sign(prot, payload, privHex) {
  const sigHex = smCrypto.sm2.doSignature(Array.from(tbsOf(prot, payload)), privHex, { hash: true, der: false, userId: web.SM2_ID });
  return Uint8Array.from(Buffer.from(sigHex, 'hex'));
}

// The verdict in all three places: online, `fugong pass verify`, the browser.
async function verdicts(credential, files, trust = files.trustList) {
  const online = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential });
  assert.equal(online.status, 200, JSON.stringify(online.body));
  const cli = srv.exec(['pass', 'verify', credential, '--trust', files.trust, '--revocations', files.rev, '--root', files.root]);
  const b = await web.verifyPass(credential, { trust, at: srv.now() / 1000 });
  return { online: online.body.result, cli: cli.out.split(':')[0], code: cli.code, browser: b.result };
}

test('keys init --alg SM2: SM2 keys beside Ed25519 ones, one trust list naming each key\'s algorithm', async () => {
  const list = srv.exec(['keys', 'list', '--keys', srv.keys]);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /^root +SM2 /m);
  assert.match(list.out, /^issuer-330000 +SM2 /m);
  assert.match(list.out, /^issuer-310000 +EdDSA /m);
  assert.match(readFileSync(join(srv.keys, 'issuer-330000.pub.pem'), 'utf8'), /^-----BEGIN PUBLIC KEY-----/);
  const files = await lists();
  const algs = Object.fromEntries(files.trustList.map((e) => [e.issuer, e.alg]));
  assert.deepEqual(algs, { 'CN-310000': -8, 'CN-320000': -8, 'CN-330000': SM2 });
  assert.equal(web.algName(algs['CN-330000']), 'SM2');
});

test('an SM2-signed pass verifies online, with pass verify and in the browser; tampered, it does not', async () => {
  const p = await issued();
  const files = await lists();
  const c = await web.unwrap(p.credential);
  assert.equal(c.alg, SM2);
  assert.equal(c.signature.length, 64);
  const ins = srv.exec(['pass', 'inspect', p.credential]);
  assert.equal(JSON.parse(ins.out).alg, 'SM2');
  assert.deepEqual(await verdicts(p.credential, files), { online: 'valid', cli: 'valid', code: 0, browser: 'valid' });
  // The plate changed in the signed payload, the signature kept.
  const m = decode(c.payload, { useMaps: true });
  m.get(-262).set(6, '浙A12346');
  const tampered = seal(c.protectedBytes, encode(m), c.signature);
  assert.deepEqual(await verdicts(tampered, files), { online: 'bad_signature', cli: 'bad_signature', code: 1, browser: 'bad_signature' });
  // One bit of the signature.
  const sig = Uint8Array.from(c.signature);
  sig[5] ^= 1;
  assert.deepEqual(await verdicts(seal(c.protectedBytes, c.payload, sig), files),
    { online: 'bad_signature', cli: 'bad_signature', code: 1, browser: 'bad_signature' });
});

test('sm-crypto and OpenSSL agree: a pass signed in JavaScript with the Zhejiang key verifies in C', async () => {
  const p = await issued();
  const files = await lists();
  const c = await web.unwrap(p.credential);
  const priv = sm2Private(join(srv.keys, 'issuer-330000.key'));
  const resigned = seal(c.protectedBytes, c.payload, sm2Sign(c.protectedBytes, c.payload, priv));
  assert.notEqual(resigned, p.credential); // SM2 signatures are randomised
  assert.deepEqual(await verdicts(resigned, files), { online: 'valid', cli: 'valid', code: 0, browser: 'valid' });
});

test('a key listed as one algorithm used with another: bad_signature everywhere', async () => {
  const p = await issued();
  const files = await lists();
  const c = await web.unwrap(p.credential);
  const zj = files.trustList.find((e) => e.issuer === 'CN-330000');
  const kid = Uint8Array.from(Buffer.from(zj.kid, 'hex'));
  // The SM2 key's good signature under a header that names ES256.
  const es = encode(new Map([[1, -7], [4, kid]]));
  const priv = sm2Private(join(srv.keys, 'issuer-330000.key'));
  const relabelled = seal(es, c.payload, sm2Sign(es, c.payload, priv));
  assert.deepEqual(await verdicts(relabelled, files), { online: 'bad_signature', cli: 'bad_signature', code: 1, browser: 'bad_signature' });
  // The browser holds the trust list to its word: the same SM2 pass against
  // an entry that names the key ES256 (or EdDSA) is refused, not tried.
  for (const alg of [-7, -8]) {
    const lying = files.trustList.map((e) => (e === zj ? { ...e, alg } : e));
    assert.equal((await web.verifyPass(p.credential, { trust: lying, at: srv.now() / 1000 })).result, 'bad_signature');
  }
  // An Ed25519 key's good signature under a header naming SM2 (Shanghai's
  // own pass, from Shanghai).
  const m = decode(c.payload, { useMaps: true });
  m.set(1, 'CN-310000');
  m.get(-262).set(1, 310000000001);
  m.get(-262).set(3, 310104);
  m.get(-262).set(5, [330106]); // by way of the checkpoint's county
  const payload = encode(m);
  const sh = files.trustList.find((e) => e.issuer === 'CN-310000');
  const shKey = createPrivateKey(readFileSync(join(srv.keys, 'issuer-310000.key')));
  const shKid = Uint8Array.from(Buffer.from(sh.kid, 'hex'));
  const ed = encode(new Map([[1, -8], [4, shKid]]));
  const good = seal(ed, payload, new Uint8Array(sign(null, tbsOf(ed, payload), shKey)));
  assert.deepEqual(await verdicts(good, files), { online: 'valid', cli: 'valid', code: 0, browser: 'valid' });
  const asSm2 = encode(new Map([[1, SM2], [4, shKid]]));
  const bad = seal(asSm2, payload, new Uint8Array(sign(null, tbsOf(asSm2, payload), shKey)));
  assert.deepEqual(await verdicts(bad, files), { online: 'bad_signature', cli: 'bad_signature', code: 1, browser: 'bad_signature' });
});

test('a white-list listing credential signed with SM2 verifies with whitelist verify and in the browser', async () => {
  const act = (user, id, body) => srv.as(user, 'POST', `/api/v1/whitelist-applications/${id}/actions`, body);
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
  await act('industry.hangzhou', id, { action: 'check_pass' });
  await act('health.zhejiang', id, { action: 'review_agree' });
  await act('industry.zhejiang', id, { action: 'review_agree' });
  const reviewOn = new Date(srv.now() + 30 * day + 8 * 3600e3).toISOString().slice(0, 10);
  const r = await act('joint.zhejiang', id, { action: 'list', batch_id: b.body.id, review_on: reviewOn });
  assert.equal(r.body.state, 'listed', JSON.stringify(r.body));
  const c = await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications/${id}/credential`);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal((await web.unwrap(c.body.credential, 'FGW1:')).alg, SM2);
  const files = {};
  for (const [name, path] of [['trust', 'whitelists/trust-list'], ['rev', 'whitelists/revocations'], ['root', 'passes/root-key']]) {
    const f = await fetch(`${srv.base}/api/v1/${path}`);
    assert.equal(f.status, 200, path);
    files[name] = join(srv.dir, `sm2-wl-${name}`);
    writeFileSync(files[name], Buffer.from(await f.arrayBuffer()));
  }
  const v = srv.exec(['whitelist', 'verify', c.body.credential, '--trust', files.trust, '--revocations', files.rev, '--root', files.root]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /^valid/);
  const root = web.pemToDer(readFileSync(files.root, 'utf8'));
  const trust = web.trustFrom(await web.openList(readFileSync(files.trust), root));
  assert.equal(trust.find((e) => e.issuer === 'CN-000000').alg, SM2); // the root signs the national lists
  assert.equal((await web.verifyListing(c.body.credential, { trust, at: srv.now() / 1000 })).result, 'valid');
  // Tampered: the enterprise's name in the signed payload.
  const u = await web.unwrap(c.body.credential, 'FGW1:');
  const m = decode(u.payload, { useMaps: true });
  m.get(-263).set(2, '另一家企业');
  const forged = `FGW1:${base45(deflateSync(encode([u.protectedBytes, new Map(), encode(m), u.signature])))}`;
  assert.equal((await web.verifyListing(forged, { trust, at: srv.now() / 1000 })).result, 'bad_signature');
  const fv = srv.exec(['whitelist', 'verify', forged, '--trust', files.trust, '--revocations', files.rev, '--root', files.root]);
  assert.equal(fv.code, 1);
  assert.match(fv.out, /^bad_signature/);
});

test('a province switching over: keys rollover --alg SM2, old Ed25519 passes still verify beside new SM2 ones', async () => {
  const own = await startServer({ enterprises: 40 });
  try {
    const issue = async () => {
      const a = await own.as('operator.demo', 'POST', '/api/v1/passes', {
        goods: 'medical_supplies', origin: '330106', destination: '310115', route: ['330110'],
        plate: '浙A12345', valid_to: new Date(own.now() + 5 * day).toISOString(),
        crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }],
      });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      const d = await own.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true, reason: '医疗物资' });
      assert.equal(d.status, 200, JSON.stringify(d.body));
      return d.body.credential;
    };
    const before = await issue();
    assert.equal((await web.unwrap(before)).alg, -8);
    const r = own.exec(['keys', 'rollover', '--keys', own.keys, '--province', '330000', '--alg', 'SM2']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /issuer-330000-2\.key \(SM2, kid [0-9a-f]{16}\)/);
    // Another generation of a province that has none yet is refused.
    const none = own.exec(['keys', 'rollover', '--keys', own.keys, '--province', '110000']);
    assert.equal(none.code, 1);
    assert.match(none.err, /110000 has no issuer key/);
    const list = own.exec(['keys', 'list', '--keys', own.keys]);
    assert.match(list.out, /^issuer-330000 +EdDSA +kid \w+ \(rolled over: verifies only\)$/m);
    assert.match(list.out, /^issuer-330000-2 +SM2 +kid \w+$/m);
    await own.restart();
    const after = await issue();
    assert.equal((await web.unwrap(after)).alg, SM2);
    // One trust list, the province's two keys named with their algorithms;
    // the old one trusted for passes issued until a day after the new was made.
    const files = {};
    for (const [name, path] of [['trust', 'trust-list'], ['rev', 'revocations'], ['root', 'root-key']]) {
      const f = await fetch(`${own.base}/api/v1/passes/${path}`);
      files[name] = join(own.dir, `roll-${name}`);
      writeFileSync(files[name], Buffer.from(await f.arrayBuffer()));
    }
    const trust = web.trustFrom(await web.openList(readFileSync(files.trust), web.pemToDer(readFileSync(files.root, 'utf8'))));
    const zj = trust.filter((e) => e.issuer === 'CN-330000');
    assert.deepEqual(zj.map((e) => e.alg), [-8, SM2]);
    assert.equal(zj[0].to, zj[1].from + 2 * 86400); // valid_from is a day before it was made
    const at = own.now() / 1000;
    for (const cred of [before, after]) {
      const online = await own.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: cred });
      assert.equal(online.body.result, 'valid', JSON.stringify(online.body));
      const v = own.exec(['pass', 'verify', cred, '--trust', files.trust, '--revocations', files.rev, '--root', files.root]);
      assert.equal(v.code, 0, v.out + v.err);
      assert.equal((await web.verifyPass(cred, { trust, at })).result, 'valid');
    }
    // The retired key cannot issue past its day of grace: its own signature
    // on a pass issued two days after the rollover is signer_not_allowed.
    const c = await web.unwrap(before);
    const m = decode(c.payload, { useMaps: true });
    const late = zj[1].from + 86400 + 2 * 86400;
    m.set(6, late);
    m.set(5, late);
    m.set(4, late + 3 * 86400);
    const payload = encode(m);
    const oldKey = createPrivateKey(readFileSync(join(own.keys, 'issuer-330000.key')));
    const forged = seal(c.protectedBytes, payload, new Uint8Array(sign(null, tbsOf(c.protectedBytes, payload), oldKey)));
    const when = new Date((late + 60) * 1000).toISOString();
    const v = own.exec(['pass', 'verify', forged, '--trust', files.trust, '--root', files.root, '--at', when]);
    assert.equal(v.code, 1);
    assert.match(v.out, /^signer_not_allowed/);
    assert.equal((await web.verifyPass(forged, { trust, at: late + 60 })).result, 'signer_not_allowed');
  } finally {
    await own.stop();
  }
});
