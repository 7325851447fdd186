// What an account may not see stays unseen (issue 16): an enterprise outside
// the account's reach is answered exactly as a USCC nobody registered, on
// every route that names one; a region above the jurisdiction shows no level
// computed over regions the account may not see.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newUscc, startServer } from './helpers.mjs';

let srv;
let outside; // an enterprise in Jiangsu, outside every Zhejiang account
let missing; // a well-formed USCC of a Jiangsu county that nobody registered
const OWN = '91330106MA27XK000B'; // enterprise.demo's

before(async () => {
  srv = await startServer();
  const r = await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=320000&limit=1');
  assert.equal(r.status, 200);
  outside = r.body.items[0].uscc;
  missing = newUscc(outside.slice(2, 8));
  assert.equal((await srv.as('coordinator', 'GET', `/api/v1/enterprises/${missing}`)).status, 404);
});
after(() => srv.stop());

// Every route that names an enterprise by its USCC, in the path or the body.
const ROUTES = (u) => [
  ['GET', `/api/v1/enterprises/${u}`],
  ['PATCH', `/api/v1/enterprises/${u}`, { version: 1, headcount: 12 }],
  ['GET', `/api/v1/enterprises/${u}/guidance`],
  ['GET', `/api/v1/enterprises/${u}/history`],
  ['GET', `/api/v1/enterprises/${u}/orders`],
  ['GET', `/api/v1/enterprises/${u}/suppliers`],
  ['GET', `/api/v1/enterprises/${u}/customers`],
  ['GET', `/api/v1/enterprises/${u}/services`],
  ['POST', `/api/v1/enterprises/${u}/services`, { service: OWN }],
  ['DELETE', `/api/v1/enterprises/${u}/services/${OWN}`],
  ['GET', `/api/v1/enterprises/${u}/impact`],
  ['GET', `/api/v1/enterprises/${u}/critical-mark`],
  ['POST', `/api/v1/enterprises/${u}/critical-mark`, { critical: true, reason: '唯一供应商 sole supplier' }],
  ['GET', `/api/v1/enterprises/${u}/plans`],
  ['GET', `/api/v1/enterprises/${u}/plans/low`],
  ['GET', `/api/v1/enterprises/${u}/plans/low/versions`],
  ['PUT', `/api/v1/enterprises/${u}/plans/low`, { body: {} }],
  ['GET', `/api/v1/enterprises/${u}/reports`],
  ['POST', `/api/v1/enterprises/${u}/reports`, { capacity_pct: 50, staff_pct: 50 }],
  ['GET', `/api/v1/enterprises/${u}/policies`],
  ['GET', `/api/v1/enterprises/${u}/benefit-facts`],
  ['GET', `/api/v1/chain?around=${u}`],
  ['POST', '/api/v1/orders', { uscc: u, measure: 'stop', reason: '测试 hidden enterprise test' }],
  ['POST', '/api/v1/passes', { applicant: u, goods: 'food', origin: '330106', destination: '310115', plate: '浙A12345',
    valid_to: new Date(Date.now() + 2 * 86400e3).toISOString(),
    crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }] }],
];

// The answer with the USCC asked about (which the caller sent) blanked.
const shape = (r, u) => JSON.stringify({ status: r.status, body: r.body, type: r.headers.get('content-type') })
  .replaceAll(u, 'USCC');

for (const user of ['industry.hangzhou', 'joint.zhejiang', 'economy.zhejiang', 'auditor.zhejiang',
  'enterprise.demo', 'operator.demo', 'checkpoint.xihu']) {
  test(`${user}: an enterprise outside gets the very answer of one that does not exist`, async () => {
    const out = ROUTES(outside), none = ROUTES(missing);
    const wrong = [];
    for (let i = 0; i < out.length; i++) {
      const [method, path, body] = out[i];
      const a = await srv.as(user, method, path, body);
      const b = await srv.as(user, ...none[i]);
      if (shape(a, outside) !== shape(b, missing))
        wrong.push(`${method} ${path}: ${shape(a, outside)} but for one unknown ${shape(b, missing)}`);
      if (a.status === 403 && /^access\.(outside|not_your)/.test(a.body.code))
        wrong.push(`${method} ${path}: 403 ${a.body.code}`);
      if (a.status === 404 && a.body.code === 'enterprise.not_found' && /\b3[0-9]{5}\b/.test(a.body.detail))
        wrong.push(`${method} ${path}: names a region: ${a.body.detail}`);
      if (a.status < 400) wrong.push(`${method} ${path}: ${a.status}`);
    }
    assert.deepEqual(wrong, []);
  });
}

test('an enterprise outside: 404 enterprise.not_found, byte for byte as for none, no region named', async () => {
  const a = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${outside}`);
  const b = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${missing}`);
  assert.equal(a.status, 404);
  assert.equal(a.body.code, 'enterprise.not_found');
  assert.equal(a.text.replaceAll(outside, 'U'), b.text.replaceAll(missing, 'U'));
  assert.doesNotMatch(a.text, /32\d{4}"|jurisdiction \d/);
  // the same for an enterprise account asking for another's
  const c = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${outside}/guidance`);
  const d = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${missing}/guidance`);
  assert.equal(c.status, 404);
  assert.equal(c.text.replaceAll(outside, 'U'), d.text.replaceAll(missing, 'U'));
  // one who may see it still reads it
  assert.equal((await srv.as('coordinator', 'GET', `/api/v1/enterprises/${outside}`)).status, 200);
  // a role refused everywhere is refused alike, with 403, before any look-up
  const e = await srv.as('checkpoint.xihu', 'GET', `/api/v1/enterprises/${outside}/history`);
  const f = await srv.as('checkpoint.xihu', 'GET', `/api/v1/enterprises/${missing}/history`);
  assert.equal(e.status, 403);
  assert.match(e.body.code, /^access\.(route_)?role$/);
  assert.equal(e.text, f.text);
});

test('a region above the jurisdiction: highest_level_inside over what the account may see', async () => {
  const hz = 'industry.hangzhou';
  const own = (await srv.as(hz, 'GET', '/api/v1/regions/330100')).body.highest_level_inside;
  assert.notEqual(own, 'high', 'the test needs Hangzhou below high');
  // a high-risk county in Ningbo, which Hangzhou may not see
  const d = await srv.as('health.zhejiang', 'POST', '/api/v1/regions/330203/risk',
    { level: 'high', reason: '隐藏测试 hidden region test' });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  const zj = await srv.as('health.zhejiang', 'GET', '/api/v1/regions/330000');
  assert.equal(zj.body.highest_level_inside, 'high');
  for (const [path, pick] of [
    ['/api/v1/regions/330000', (b) => b],
    ['/api/v1/regions/000000', (b) => b],
    ['/api/v1/regions?parent=000000', (b) => b.items.find((x) => x.code === '330000')],
    ['/api/v1/regions?parent=330000', (b) => b.items.find((x) => x.code === '330100')],
  ]) {
    const r = await srv.as(hz, 'GET', path);
    assert.equal(r.status, 200, path);
    assert.equal(pick(r.body).highest_level_inside, own, path);
    assert.equal(JSON.stringify(r.body).includes('330203'), false, path);
  }
  // nor the regions list nor the designated list of the province names Ningbo's county
  const des = await srv.as(hz, 'GET', '/api/v1/regions/330000/designated');
  assert.equal(des.status, 200);
  assert.ok(des.body.items.every((x) => x.code === '330000' || x.code.startsWith('3301')), JSON.stringify(des.body));
  // the coordinator sees the whole country
  const top = await srv.as('coordinator', 'GET', '/api/v1/regions?parent=000000');
  assert.equal(top.body.items.find((x) => x.code === '330000').highest_level_inside, 'high');
});

// Objects addressed by a guessable key (orders, passes, problems, white-list
// applications, recognition requests): one outside the account's reach is
// answered byte for byte as a key nobody used, on reads and writes alike.
test('an order, pass, problem, white-list application or recognition request outside: the answer for one that does not exist', async () => {
  const items = async (path) => (await srv.as('coordinator', 'GET', `${path}?limit=500`)).body.items;
  const order = (await items('/api/v1/orders')).find((x) => !x.region.startsWith('33'));
  const pass = (await items('/api/v1/passes')).find((x) => !x.region.startsWith('33')); // the operator's: not the others'
  const wl = (await items('/api/v1/whitelist-applications')).find((x) => !x.county.startsWith('33'));
  const recog = (await items('/api/v1/whitelist-recognitions')).find((x) => x.from === '320000' && x.to === '330000');
  assert.ok(order && pass && wl && recog, `the demo has them outside Zhejiang: ${[!!order, !!pass, !!wl, !!recog]}`);
  // a problem the enterprise raised, which the operator neither raised nor speaks for
  const p = await srv.as('enterprise.demo', 'POST', '/api/v1/problems', { kind: 'staff', what: '隐藏测试：外地员工返岗受阻' });
  assert.equal(p.status, 201, p.text);
  const NONE = '01a24a29-0000-7000-8000-000000000000';
  const cases = [
    ['industry.hangzhou', 'GET', '/api/v1/orders/ID', order.id, NONE],
    ['joint.zhejiang', 'POST', '/api/v1/orders/ID/actions', order.id, NONE, { action: 'confirm' }],
    ['joint.zhejiang', 'POST', '/api/v1/orders/ID/lift', order.id, NONE, {}],
    ['enterprise.demo', 'POST', '/api/v1/orders/ID/resumption', order.id, NONE, {}],
    ['enterprise.demo', 'GET', '/api/v1/orders/ID', order.id, NONE],
    ['industry.hangzhou', 'GET', '/api/v1/passes/ID', pass.number, '339999999999'],
    ['joint.zhejiang', 'GET', '/api/v1/passes/ID/qr', pass.number, '339999999999'],
    ['joint.zhejiang', 'POST', '/api/v1/passes/ID/decision', pass.number, '339999999999', { approve: true }],
    ['joint.zhejiang', 'POST', '/api/v1/passes/ID/revoke', pass.number, '339999999999', { reason: '隐藏测试 hidden' }],
    ['enterprise.demo', 'POST', '/api/v1/passes/ID/renew', pass.number, '339999999999', {}],
    ['enterprise.demo', 'POST', '/api/v1/passes/ID/crew', pass.number, '339999999999', {}],
    ['operator.demo', 'GET', '/api/v1/problems/ID', p.body.id, NONE],
    ['operator.demo', 'POST', '/api/v1/problems/ID/actions', p.body.id, NONE, { action: 'close' }],
    ['industry.hangzhou', 'GET', '/api/v1/whitelist-applications/ID', wl.id, NONE],
    ['joint.zhejiang', 'POST', '/api/v1/whitelist-applications/ID/actions', wl.id, NONE, { action: 'approve' }],
    ['joint.zhejiang', 'GET', '/api/v1/whitelist-applications/ID/credential', wl.id, NONE],
    ['joint.shanghai', 'GET', '/api/v1/whitelist-recognitions/ID', recog.id, NONE],
    ['joint.shanghai', 'POST', '/api/v1/whitelist-recognitions/ID/answers', recog.id, NONE,
      { enterprise: recog.items[0].enterprise, accept: true }],
  ];
  const wrong = [];
  for (const [user, method, path, id, none, body] of cases) {
    const a = await srv.as(user, method, path.replace('ID', id), body);
    const b = await srv.as(user, method, path.replace('ID', none), body);
    if (a.status !== 404 || a.text.replaceAll(id, 'K') !== b.text.replaceAll(none, 'K'))
      wrong.push(`${user} ${method} ${path}: ${a.status} ${a.text} but for none ${b.status} ${b.text}`);
  }
  assert.deepEqual(wrong, []);
  // Those who may see them still do.
  assert.equal((await srv.as('coordinator', 'GET', `/api/v1/orders/${order.id}`)).status, 200);
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/problems/${p.body.id}`)).status, 200);
  assert.equal((await srv.as('joint.jiangsu', 'GET', `/api/v1/whitelist-recognitions/${recog.id}`)).status, 200);
});

// The target is checked before the body (issue 16): someone outside sending
// a bad body learns no more than with a good one.
test('a bad body for a target outside: refused for the target, not for the body', async () => {
  // related services of an enterprise outside: as one nobody registered
  const a = await srv.as('industry.hangzhou', 'POST', `/api/v1/enterprises/${outside}/services`, { service: 'x' });
  const b = await srv.as('industry.hangzhou', 'POST', `/api/v1/enterprises/${missing}/services`, { service: 'x' });
  assert.equal(a.status, 404, a.text);
  assert.equal(a.text.replaceAll(outside, 'U'), b.text.replaceAll(missing, 'U'));
  // the owner of a kind of problem in a region outside: 403 before the body
  const o = await srv.as('joint.zhejiang', 'PUT', '/api/v1/problems/kinds/staff/owners/310000', { department: 42 });
  assert.equal(o.status, 403, o.text);
  assert.equal(o.body.code, 'access.outside');
  const own = await srv.as('joint.zhejiang', 'PUT', '/api/v1/problems/kinds/staff/owners/330100', { department: 42 });
  assert.equal(own.status, 422, own.text);
  // an answer to a recognition request: outside, as none; the asking
  // province, 403; the province asked, the body is checked
  const recog = (await srv.as('coordinator', 'GET', '/api/v1/whitelist-recognitions')).body.items
    .find((x) => x.from === '320000' && x.to === '330000');
  const path = `/api/v1/whitelist-recognitions/${recog.id}/answers`;
  const sh = await srv.as('joint.shanghai', 'POST', path, { accept: 'maybe' });
  assert.equal(sh.status, 404, sh.text);
  assert.equal(sh.body.code, 'recognition.none');
  const js = await srv.as('joint.jiangsu', 'POST', path, { accept: 'maybe' });
  assert.equal(js.status, 403, js.text);
  const zj = await srv.as('joint.zhejiang', 'POST', path, { accept: 'maybe' });
  assert.equal(zj.status, 422, zj.text);
});
