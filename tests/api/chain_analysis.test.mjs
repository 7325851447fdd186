// The chain analyses over HTTP, on the demo's chains: an order on the sole
// caster would stall white-list enterprises in two provinces (the impact
// report the order page shows its evaluators, the same before and after the
// order takes effect), block points appear once a supplier is stopped, and
// both are for officials inside their jurisdiction.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv, caster, oem;
before(async () => {
  srv = await startServer();
  const find = async (q) => {
    const r = await srv.as('coordinator', 'GET', `/api/v1/enterprises?q=${encodeURIComponent(q)}`);
    assert.equal(r.body.items.length, 1, q);
    return r.body.items[0].uscc;
  };
  caster = await find('柯桥精密铸造');
  oem = await find('西湖汽车制造');
});
after(() => srv.stop());

test('an order on the sole caster: white-list enterprises stall within a week, in two provinces', async () => {
  const r = await srv.as('joint.zhejiang', 'GET', `/api/v1/enterprises/${caster}/impact`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.in_chain, true);
  const [d3, d7, d14] = r.body.horizons;
  assert.deepEqual([d3.days, d7.days, d14.days], [3, 7, 14]);
  assert.ok(d3.stall <= d7.stall && d7.stall <= d14.stall);
  assert.ok(d7.whitelist >= 1, JSON.stringify(r.body.horizons));
  assert.ok(r.body.provinces >= 2);
  assert.ok(r.body.capacity > 0);
  const hitOem = r.body.hits.find((h) => h.uscc === oem);
  assert.ok(hitOem, 'the OEM is named');
  assert.equal(hitOem.whitelist, true);
  assert.equal(hitOem.name, '杭州西湖汽车制造有限公司');
  assert.ok(hitOem.day > 0 && hitOem.day <= 14);
  // White-list members come first.
  const firstPlain = r.body.hits.findIndex((h) => !h.whitelist);
  assert.ok(firstPlain < 0 || r.body.hits.slice(firstPlain).every((h) => !h.whitelist));
});

test('the impact report and block points are for officials inside their jurisdiction', async () => {
  for (const [user, status] of [['enterprise.demo', 403], ['operator.demo', 403], ['joint.shanghai', 404],
    ['industry.hangzhou', 404], ['coordinator', 200], ['joint.zhejiang', 200]]) {
    const r = await srv.as(user, 'GET', `/api/v1/enterprises/${caster}/impact`);   // the caster is in Shaoxing
    assert.equal(r.status, status, `${user}: ${r.text}`);
  }
  assert.equal((await srv.as('enterprise.demo', 'GET', '/api/v1/chain/block-points')).status, 403);
  assert.equal((await srv.as('joint.shanghai', 'GET', '/api/v1/chain/block-points?region=330000')).status, 403);
  assert.equal((await srv.req('GET', '/api/v1/chain/block-points')).status, 401);
});

test('a stopped supplier becomes a block point with its explanation; the impact report counts from it', async () => {
  // Stop the caster the way the platform does: an order through its route.
  const before_ = await srv.as('joint.zhejiang', 'GET', '/api/v1/chain/block-points?region=330000');
  assert.equal(before_.status, 200);
  assert.ok(!before_.body.items.some((b) => b.uscc === caster));
  const o = await srv.as('joint.zhejiang', 'POST', '/api/v1/orders', {
    enterprise: caster, measure: 'stop', emergency: true, reason: '今晨现场确诊一例，停工消杀', evidence: '核酸检测阳性报告（检测机构编号 1203）',
    ends_at: new Date(srv.now() + 5 * 86400e3).toISOString(),
  });
  assert.equal(o.status, 201, o.text);
  const after_ = await srv.as('joint.zhejiang', 'GET', '/api/v1/chain/block-points?region=330000');
  const b = after_.body.items.find((x) => x.uscc === caster);
  assert.ok(b, JSON.stringify(after_.body.items.map((x) => x.name)));
  assert.equal(b.stopped, true);
  assert.ok(b.held.enterprises >= 3 && b.held.whitelist >= 1 && b.held.provinces >= 2, JSON.stringify(b));
  assert.ok(b.sole_inputs.includes('castings'), JSON.stringify(b.sole_inputs));
  // The report of its order reads the same once the order is in force: what its stop does.
  const r = await srv.as('joint.zhejiang', 'GET', `/api/v1/enterprises/${caster}/impact`);
  assert.equal(r.body.stalled_already, false);
  assert.ok(r.body.horizons[1].whitelist >= 1, JSON.stringify(r.body.horizons));
  assert.ok(r.body.hits.some((h) => h.uscc === oem));
  // A customer it holds up is stalled already for want of castings (not by an order of its own).
  const held = r.body.hits.find((h) => h.day <= 5 && !h.whitelist);
  if (held) {
    const h = await srv.as('joint.zhejiang', 'GET', `/api/v1/enterprises/${held.uscc}/impact`);
    assert.equal(h.status, 200);
  }
});

test('a scenario: if these enterprises stop for N days, who stalls within them, white-list members first', async () => {
  const r = await srv.as('joint.zhejiang', 'POST', '/api/v1/chain/scenario', { stop: [caster], days: 7 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.days, 7);
  // The caster is stopped by the order of the test before: nobody new stalls.
  assert.equal(r.body.stall, 0);
  const q = await srv.as('coordinator', 'GET', `/api/v1/enterprises?q=${encodeURIComponent('宝山特钢')}`);
  const steel = q.body.items[0]?.uscc;
  assert.ok(steel, 'the demo has the Shanghai steel supplier');
  const s = await srv.as('coordinator', 'POST', '/api/v1/chain/scenario', { stop: [steel], days: 14 });
  assert.equal(s.status, 200, s.text);
  assert.ok(s.body.stall >= 1);
  assert.ok(s.body.hits.some((h) => h.uscc === steel && h.day === 0), 'the stopped supplier itself, on day 0');
  assert.ok(s.body.capacity > 0);
  for (const h of s.body.hits) assert.ok(h.day <= 14);
  const wlFirst = s.body.hits.findIndex((h) => !h.whitelist);
  assert.ok(wlFirst < 0 || s.body.hits.slice(wlFirst).every((h) => !h.whitelist));
  // Only what lies in the account's jurisdiction may be stopped in a scenario; bad input is named.
  assert.equal((await srv.as('joint.zhejiang', 'POST', '/api/v1/chain/scenario', { stop: [steel], days: 7 })).status, 403);
  assert.equal((await srv.as('enterprise.demo', 'POST', '/api/v1/chain/scenario', { stop: [caster], days: 7 })).status, 403);
  const bad = await srv.as('joint.zhejiang', 'POST', '/api/v1/chain/scenario', { stop: [caster], days: 90 });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.code, 'chain.scenario_days');
  const none = await srv.as('joint.zhejiang', 'POST', '/api/v1/chain/scenario', { stop: ['91330000MA000000X0'], days: 7 });
  assert.equal(none.body.code, 'chain.scenario_unknown');
});
