// Vehicle passes over HTTP: apply -> approve (signed, numbered) -> QR ->
// check at a checkpoint -> revoke -> the check says revoked; offline checks
// with the command line and the downloaded lists; batch upload of offline
// checks; who may do what; bad applications refused with the field named.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(() => srv.stop());

const day = 86400e3;
const application = (extra = {}) => ({
  goods: 'medical_supplies', origin: '330106', destination: '310115', route: ['330110', '330523'],
  plate: '浙A12345', valid_to: new Date(srv.now() + 5 * day).toISOString(),
  crew: [{ name: '王建国', id_number: '330106198001011235', test_valid_until: new Date(srv.now() + 2 * day).toISOString().slice(0, 10), role: 'driver' },
    { name: '李明', id_number: '330102199002025670', role: 'crew' }],
  ...extra,
});

async function issued(extra) {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', application(extra));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true, reason: '医疗物资' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return d.body;
}

test('apply, approve, QR, check, revoke, check again', async () => {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', application());
  assert.equal(a.status, 201);
  assert.equal(a.body.state, 'applied');
  assert.equal(a.body.number, null);
  assert.equal(a.body.crew[0].id_masked, '330106********1235');   // the full ID number is not kept
  // Names beside codes: the places on the route and the applicant.
  assert.equal(a.body.places['330106'], '西湖区');
  assert.equal(a.body.places['330000'], '浙江省');
  assert.ok(a.body.places['310115'], JSON.stringify(a.body.places));
  assert.ok(a.body.applicant_name, JSON.stringify(a.body));
  assert.ok(!JSON.stringify(a.body).includes('330106198001011235'));
  // The province's joint mechanism decides, not the city's.
  assert.equal((await srv.as('joint.hangzhou', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true })).status, 403);
  const q = await srv.as('joint.zhejiang', 'GET', '/api/v1/passes?state=applied');
  assert.ok(q.body.items.some((p) => p.id === a.body.id));
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true });
  assert.equal(d.status, 200);
  assert.equal(d.body.state, 'issued');
  assert.match(d.body.number, /^330000\d{6}$/);
  assert.match(d.body.credential, /^FG1:[0-9A-Z $%*+\-./:]+$/);
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true })).status, 409);
  const num = d.body.number;
  // The QR code, for a phone and for print.
  const png = await fetch(`${srv.base}/api/v1/passes/${num}/qr`, { headers: { Authorization: `Bearer ${await srv.login('operator.demo')}` } });
  assert.equal(png.headers.get('content-type'), 'image/png');
  const pngPath = join(srv.dir, 'pass.png');
  writeFileSync(pngPath, Buffer.from(await png.arrayBuffer()));
  const svg = await srv.as('operator.demo', 'GET', `/api/v1/passes/${num}/qr?format=svg`);
  assert.match(svg.text, /^<svg/);
  const svg2 = await srv.as('operator.demo', 'GET', `/api/v1/passes/${num}/qr.svg`);
  assert.equal(svg2.text, svg.text);
  const png2 = await srv.as('operator.demo', 'GET', `/api/v1/passes/${num}/qr.png`);
  assert.equal(png2.headers.get('content-type'), 'image/png');
  // A checkpoint checks it online.
  const c = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: d.body.credential, plate: '浙A12345' });
  assert.equal(c.status, 200);
  assert.equal(c.body.result, 'valid');
  assert.equal(c.body.pass.number, num);
  const wrongPlate = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: d.body.credential, plate: '浙A54321' });
  assert.equal(wrongPlate.body.result, 'plate_mismatch');
  // Offline, with the files a checkpoint downloads, and the QR image.
  const files = {};
  for (const [name, path] of [['trust', 'trust-list'], ['rev', 'revocations'], ['root', 'root-key']]) {
    const r = await fetch(`${srv.base}/api/v1/passes/${path}`);
    assert.equal(r.status, 200, path);
    files[name] = join(srv.dir, name);
    writeFileSync(files[name], Buffer.from(await r.arrayBuffer()));
  }
  const offline = (args) => srv.exec(['pass', 'verify', ...args, '--trust', files.trust, '--revocations', files.rev, '--root', files.root]);
  let v = srv.exec(['pass', 'verify', '--image', pngPath, '--trust', files.trust, '--revocations', files.rev, '--root', files.root, '--plate', '浙A12345']);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /^valid/);
  // Revoke; online and (with fresh lists) offline say revoked.
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${num}/revoke`, {})).status, 422);
  const rv = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${num}/revoke`, { reason: '车辆涉疫，停止通行' });
  assert.equal(rv.body.state, 'revoked');
  const again = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: d.body.credential });
  assert.equal(again.body.result, 'revoked');
  const rev = await fetch(`${srv.base}/api/v1/passes/revocations`);
  writeFileSync(files.rev, Buffer.from(await rev.arrayBuffer()));
  const etag = rev.headers.get('etag');
  assert.equal((await fetch(`${srv.base}/api/v1/passes/revocations`, { headers: { 'If-None-Match': etag } })).status, 304);
  v = offline([d.body.credential]);
  assert.equal(v.code, 1);
  assert.match(v.out, /^revoked/);
  // The pass's check history, for officials.
  const h = await srv.as('joint.zhejiang', 'GET', `/api/v1/passes/${num}`);
  assert.deepEqual(h.body.checks.map((x) => x.result).sort(), ['plate_mismatch', 'revoked', 'valid']);
  const audit = await srv.as('coordinator', 'GET', '/api/v1/audit?entity=pass&limit=20');
  for (const action of ['pass.apply', 'pass.issue', 'pass.revoke']) assert.ok(audit.body.items.some((e) => e.action === action), action);
});

test('forged, altered and unregistered passes are caught', async () => {
  const p = await issued();
  const cred = p.credential;
  // One character changed inside the Base45: the signature (or an inner layer) fails.
  const i = 40;
  const altered = cred.slice(0, i) + (cred[i] === 'A' ? 'B' : 'A') + cred.slice(i + 1);
  const r = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: altered });
  assert.ok(['bad_signature', 'malformed'].includes(r.body.result), r.body.result);
  const junk = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: 'FG1:NOT A PASS' });
  assert.equal(junk.body.result, 'malformed');
  assert.equal(junk.body.layer, 'base45');
  // A paper pass with a number nobody registered.
  const n = await srv.as('checkpoint.xihu', 'GET', '/api/v1/passes/330000999999');
  assert.equal(n.status, 404);
  assert.match(n.body.detail, /not issued by this system/);
  const ok = await srv.as('checkpoint.xihu', 'GET', `/api/v1/passes/${p.number}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.plate, '浙A12345');
});

test('crew documents: a passport is accepted by type, and every masked number hides its middle', async () => {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', application({
    crew: [{ name: 'John Smith', id_number: 'E12345678', id_type: 'passport', role: 'driver' },
      { name: '李明', id_number: '330102199002025670', role: 'crew' }] }));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(a.body.crew[0].id_type, 'passport');
  assert.equal(a.body.crew[0].id_masked.length, 9);
  assert.ok((a.body.crew[0].id_masked.match(/\*/g) || []).length >= 8, a.body.crew[0].id_masked);
  assert.equal(a.body.crew[1].id_masked, '330102********5670');
  assert.equal(a.body.crew[1].id_type, null);   // a resident ID
  assert.ok(!JSON.stringify(a.body).includes('E12345678'));
  const bad = await srv.as('operator.demo', 'POST', '/api/v1/passes', application({
    crew: [{ name: '王建国', id_number: '330106198001011234', role: 'driver' }] }));
  assert.match(bad.body.detail, /crew 1: the resident ID number's check character is '4', expected '5'/);
});

test('a typed number is checked like a scanned pass: route, plate, revocation, and logged', async () => {
  // Xihu (330106) is the origin: on the route.
  const p = await issued();
  const c = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: p.number, plate: '浙A12345' });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.result, 'valid');
  assert.equal(c.body.plate_compared, true);
  assert.equal(c.body.places['330523'], '安吉县');   // names even outside the checkpoint's county
  assert.equal(c.body.pass.number, p.number);
  const log = await srv.as('joint.zhejiang', 'GET', `/api/v1/passes/${p.number}`);
  assert.ok(log.body.checks.some((x) => x.id === c.body.check_id && x.result === 'valid' && !x.offline));
  const wrongPlate = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: p.number, plate: '浙A54321' });
  assert.equal(wrongPlate.body.result, 'plate_mismatch');
  const noPlate = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: p.number });
  assert.equal(noPlate.body.plate_compared, false);
  // A pass that does not pass through Xihu is out of route there, typed or scanned;
  // with no counties on the way only its origin and destination are on the route.
  const far = await issued({ origin: '330110', destination: '310115', route: [] });
  const typed = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: far.number });
  assert.equal(typed.body.result, 'out_of_route');
  const scanned = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: far.credential });
  assert.equal(scanned.body.result, 'out_of_route');
  // A number nobody issued: logged, and said so.
  const none = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: '330000999998' });
  assert.equal(none.status, 200);
  assert.equal(none.body.result, 'unknown_signer');
  assert.match(none.body.reason, /no pass is registered/);
  // Both or neither of credential and number: refused.
  assert.equal((await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', {})).status, 422);
  assert.equal((await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: p.number, credential: p.credential })).status, 422);
  assert.equal((await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: '33000099999x' })).status, 422);
  // Revoked: the typed check says so.
  await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${p.number}/revoke`, { reason: '车辆信息有误' });
  assert.equal((await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: p.number })).body.result, 'revoked');
});

test('bad applications name the field; nothing is written', async () => {
  const before = await srv.as('operator.demo', 'GET', '/api/v1/passes');
  const cases = [
    [{ plate: 'ABC123' }, 'plate'],
    [{ goods: 'toys' }, 'goods'],
    [{ origin: '330100' }, 'origin'],
    [{ destination: '999999' }, 'destination'],
    [{ valid_to: new Date(srv.now() + 60 * day).toISOString() }, 'valid_to'],
    [{ crew: [] }, 'crew'],
    [{ crew: [{ name: '李明', id_number: '330102199002025670', role: 'crew' }] }, 'crew'],
    [{ route: ['330100'] }, 'route'],
    // A resident ID with a wrong check character, an impossible birth date, an unknown document type.
    [{ crew: [{ name: '王建国', id_number: '330106198001011234', role: 'driver' }] }, 'crew'],
    [{ crew: [{ name: '王建国', id_number: '330106198002301234', role: 'driver' }] }, 'crew'],
    [{ crew: [{ name: '王建国', id_number: 'E12345678', id_type: 'library_card', role: 'driver' }] }, 'crew'],
  ];
  for (const [extra, field] of cases) {
    const r = await srv.as('operator.demo', 'POST', '/api/v1/passes', application(extra));
    assert.equal(r.status, 422, JSON.stringify(extra));
    assert.equal(r.body.field, field, JSON.stringify(r.body));
  }
  // An application for somebody else's enterprise.
  // (answered as an enterprise nobody registered: issue 16)
  const other = await srv.as('enterprise.demo', 'POST', '/api/v1/passes', application({ applicant: '91330106MA27XK001E' }));
  assert.deepEqual([other.status, other.body.code], [404, 'enterprise.not_found']);
  const afterList = await srv.as('operator.demo', 'GET', '/api/v1/passes');
  assert.equal(afterList.body.total, before.body.total);
});

test('reject needs a reason; renew files a new application; readers by jurisdiction', async () => {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', application());
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: false })).status, 422);
  const rej = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: false, reason: '货物不属于重点物资' });
  assert.equal(rej.body.state, 'rejected', JSON.stringify(rej.body));
  const p = await issued();
  const ren = await srv.as('operator.demo', 'POST', `/api/v1/passes/${p.number}/renew`, { valid_to: new Date(srv.now() + 9 * day).toISOString() });
  assert.equal(ren.status, 201, JSON.stringify(ren.body));
  assert.equal(ren.body.renews, p.number);
  assert.equal(ren.body.state, 'applied');
  // The shipper next door sees none of the operator's passes (answered as none,
  // issue 16); the auditor does.
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/passes/${p.number}`)).status, 404);
  assert.equal((await srv.as('auditor.zhejiang', 'GET', `/api/v1/passes/${p.number}`)).status, 200);
  assert.equal((await srv.as('health.zhejiang', 'POST', '/api/v1/checks', { credential: p.credential })).status, 403);
  // Checkpoints look passes up by plate.
  const byPlate = await srv.as('checkpoint.xihu', 'GET', `/api/v1/passes?plate=${encodeURIComponent('浙A12345')}`);
  assert.ok(byPlate.body.items.length >= 1);
});

test('checks made offline upload in a batch, once each', async () => {
  const mk = (i) => ({ id: `0192f000-0000-7000-8000-00000000000${i}`, number: '330000000001', result: i % 2 ? 'valid' : 'revoked', reason: 'offline', at: new Date(srv.now() - 3600e3).toISOString(), plate: '浙A12345' });
  const checks = [mk(1), mk(2), mk(3)];
  const r = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks/batch', { checks });
  assert.deepEqual(r.body, { accepted: 3, duplicates: 0 });
  const again = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks/batch', { checks });
  assert.deepEqual(again.body, { accepted: 0, duplicates: 3 });
  const bad = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks/batch', { checks: [{ ...mk(4), result: 'fine' }, mk(5)] });
  assert.equal(bad.status, 422);
  const long = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks/batch', { checks: [{ ...mk(5), plate: 'x'.repeat(100) }] });
  assert.equal(long.status, 422);
  const none = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks/batch', { checks: [mk(5)] });
  assert.equal(none.body.accepted, 1);   // the refused batch wrote nothing
});

test('the server refuses to start with a private key others can read', async () => {
  const { chmodSync } = await import('node:fs');
  chmodSync(join(srv.keys, 'issuer-330000.key'), 0o644);
  const r = srv.cli(['serve', '--listen', '127.0.0.1:1', '--keys', srv.keys]);   // exits at once
  chmodSync(join(srv.keys, 'issuer-330000.key'), 0o600);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /readable by others.*chmod 600/);
});

test('the department owning a goods category decides its passes when so configured', async () => {
  const own = await startServer({ env: { FUGONG_PASS_DECIDERS: 'medical_supplies=health_authority' } });
  try {
    const app = { ...application(), valid_to: new Date(own.now() + 5 * day).toISOString() };
    const a = await own.as('operator.demo', 'POST', '/api/v1/passes', app);
    const got = await own.as('health.zhejiang', 'GET', `/api/v1/passes/${a.body.id}`);
    assert.equal(got.body.decider_role, 'health_authority');
    const j = await own.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true });
    assert.equal(j.status, 403);
    assert.match(j.body.detail, /medical_supplies .* health_authority/);
    const h = await own.as('health.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true });
    assert.equal(h.status, 200);
    assert.equal(h.body.state, 'issued');
    // Food stays with the joint mechanism.
    const f = await own.as('operator.demo', 'POST', '/api/v1/passes', { ...app, goods: 'food' });
    assert.equal((await own.as('health.zhejiang', 'POST', `/api/v1/passes/${f.body.id}/decision`, { approve: true })).status, 403);
    assert.equal((await own.as('joint.zhejiang', 'POST', `/api/v1/passes/${f.body.id}/decision`, { approve: true })).status, 200);
  } finally {
    await own.stop();
  }
  const bad = run(['serve', '--db', srv.db, '--listen', '127.0.0.1:1'],
    { env: { ...process.env, FUGONG_PASS_DECIDERS: 'medical_supplies=auditor' } });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /FUGONG_PASS_DECIDERS/);
});
