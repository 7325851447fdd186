// The white-list pool, lift-together pairs and related services waiting, on
// the demo's chains: the pool names the unlisted sole sources of the listed
// OEM and fab with their reasons, inside the asking jurisdiction whatever the
// listed customer's province; the demo's stopped medical-supplies suppliers
// form a pair of cities for Zhejiang and a pair of provinces for the nation;
// the stopped Xihu express company is waited on by the OEM. All three are for
// officials, and each refuses outside its jurisdiction.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
const E = {};
before(async () => {
  srv = await startServer();
  const find = async (q) => {
    const r = await srv.as('coordinator', 'GET', `/api/v1/enterprises?q=${encodeURIComponent(q)}`);
    assert.equal(r.body.items.length, 1, q);
    return r.body.items[0].uscc;
  };
  E.oem = await find('西湖汽车制造');
  E.fab = await find('新吴集成电路');
  E.resist = await find('虎丘光刻材料');
  E.module = await find('车规芯片模组');
  E.caster = await find('柯桥精密铸造');
  E.gasHz = await find('滨江电子气体');
  E.express = await find('西湖速递服务');
  E.shipping = await find('外高桥船务');
  E.masksYh = await find('余杭医用口罩');
  E.masksSh = await find('松江医用防护');
});
after(() => srv.stop());

test('the pool: unlisted suppliers of listed enterprises, with reasons, ranked, the nation sees all', async () => {
  const r = await srv.as('coordinator', 'GET', '/api/v1/whitelists/pool?limit=100');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.tiers, 3);
  assert.ok(r.body.total >= 5 && r.body.items.length === r.body.total, JSON.stringify(r.body.total));
  const ranks = r.body.items.map((i) => i.rank);
  assert.deepEqual(ranks, ranks.map((_, k) => k + 1));
  for (const it of r.body.items) {
    assert.equal(it.whitelist, false, `${it.name} is listed already`);
    assert.ok(it.why.length >= 1 && it.tier >= 1 && it.tier <= 3);
    for (const w of it.why) {
      assert.equal(w.listed.whitelist, true);
      assert.ok(w.reasons.length >= 1);
    }
  }
  // The photoresist maker is the fab's only supplier of photoresist (Jiangsu, for a listed fab).
  const resist = r.body.items.find((i) => i.uscc === E.resist);
  assert.ok(resist, JSON.stringify(r.body.items.map((i) => i.name)));
  const w = resist.why.find((x) => x.listed.uscc === E.fab);
  assert.ok(w.reasons.includes('sole_source'), JSON.stringify(w));
  assert.equal(w.input, 'photoresist');
  assert.equal(w.share_percent, 100);
  // The chip-module maker supplies two listed enterprises in two provinces and ranks first.
  assert.equal(r.body.items[0].uscc, E.module);
  assert.equal(r.body.items[0].listed_customers, 2);
  assert.equal(r.body.items[0].provinces, 2);
  // The Hangzhou gas supplier has 30 % of one input with another supplier: no reason.
  assert.ok(!r.body.items.some((i) => i.uscc === E.gasHz));
  // Listed enterprises are never suggested.
  assert.ok(!r.body.items.some((i) => i.uscc === E.oem || i.uscc === E.fab));
  // Paging keeps the ranking.
  const p2 = await srv.as('coordinator', 'GET', '/api/v1/whitelists/pool?limit=2&offset=2');
  assert.deepEqual(p2.body.items.map((i) => i.uscc), r.body.items.slice(2, 4).map((i) => i.uscc));
});

test('the pool is shown to the supplier\'s own region, whatever the listed customer\'s province', async () => {
  const zj = await srv.as('joint.zhejiang', 'GET', '/api/v1/whitelists/pool?limit=100');
  assert.equal(zj.status, 200, zj.text);
  assert.ok(zj.body.items.length >= 1);
  for (const it of zj.body.items) assert.ok(it.region.startsWith('33'), it.region);
  // The caster in Shaoxing is suggested for a listed battery maker in Jiangsu.
  const caster = zj.body.items.find((i) => i.uscc === E.caster);
  assert.ok(caster);
  assert.ok(caster.why.some((w) => !w.listed.region.startsWith('33')));
  const js = await srv.as('joint.jiangsu', 'GET', '/api/v1/whitelists/pool?limit=100');
  assert.ok(js.body.items.some((i) => i.uscc === E.resist));
  assert.ok(!js.body.items.some((i) => i.uscc === E.caster));
});

test('the pool refuses enterprises, outsiders and bad paging', async () => {
  const ent = await srv.as('enterprise.demo', 'GET', '/api/v1/whitelists/pool');
  assert.equal(ent.status, 403);
  assert.equal(ent.body.code, 'chain.pool_officials');
  assert.equal((await srv.as('operator.demo', 'GET', '/api/v1/whitelists/pool')).status, 403);
  assert.equal((await srv.as('joint.shanghai', 'GET', '/api/v1/whitelists/pool?region=330000')).status, 403);
  assert.equal((await srv.as('industry.hangzhou', 'GET', '/api/v1/whitelists/pool?region=330000')).status, 403);
  assert.equal((await srv.req('GET', '/api/v1/whitelists/pool')).status, 401);
  assert.equal((await srv.as('coordinator', 'GET', '/api/v1/whitelists/pool?limit=500')).status, 400);
});

test('lift together: two Zhejiang cities for the province, Zhejiang and Jiangsu for the nation', async () => {
  const zj = await srv.as('joint.zhejiang', 'GET', '/api/v1/chain/lift-together');
  assert.equal(zj.status, 200, zj.text);
  assert.equal(zj.body.by, 'city');
  const pair = zj.body.items.find((p) => p.a.region === '330400' && p.b.region === '330500');
  assert.ok(pair, JSON.stringify(zj.body.items));
  assert.equal(pair.a.name, '嘉兴市');
  assert.ok(pair.restored_both >= 1.2 * (pair.restored_a + pair.restored_b));
  assert.ok(pair.held.some((h) => h.uscc === E.masksYh));
  // The Shanghai mask maker also needs Jiangsu's melt-blown: not restored by Zhejiang's cities.
  assert.ok(!pair.held.some((h) => h.uscc === E.masksSh));
  // A province is named only the enterprises inside it.
  for (const x of zj.body.items) for (const h of x.held) assert.equal(h.region.slice(0, 2), '33', JSON.stringify(h));
  const cn = await srv.as('coordinator', 'GET', '/api/v1/chain/lift-together');
  assert.equal(cn.status, 200, cn.text);
  assert.equal(cn.body.by, 'province');
  const p = cn.body.items.find((x) => x.a.region === '320000' && x.b.region === '330000');
  assert.ok(p, JSON.stringify(cn.body.items));
  assert.ok(p.held.some((h) => h.uscc === E.masksSh));
  for (const x of cn.body.items) assert.ok(x.restored_both - x.restored_a - x.restored_b >= cn.body.min_gain);
});

test('lift together is for the nation and provinces, inside the jurisdiction', async () => {
  const city = await srv.as('industry.hangzhou', 'GET', '/api/v1/chain/lift-together');
  assert.equal(city.status, 422);
  assert.equal(city.body.code, 'chain.lift_level');
  assert.equal((await srv.as('joint.shanghai', 'GET', '/api/v1/chain/lift-together?region=330000')).status, 403);
  assert.equal((await srv.as('joint.zhejiang', 'GET', '/api/v1/chain/lift-together?region=000000')).status, 403);
  assert.equal((await srv.as('enterprise.demo', 'GET', '/api/v1/chain/lift-together')).status, 403);
  assert.equal((await srv.req('GET', '/api/v1/chain/lift-together')).status, 401);
});

test('related services waiting: stopped or limited services with the operating enterprises using them', async () => {
  const zj = await srv.as('joint.zhejiang', 'GET', '/api/v1/chain/services-waiting');
  assert.equal(zj.status, 200, zj.text);
  const ex = zj.body.items.find((i) => i.uscc === E.express);
  assert.ok(ex, JSON.stringify(zj.body.items));
  assert.equal(ex.status, 'stopped');
  assert.equal(ex.service_kind, 'express_delivery');
  assert.ok(ex.waiting.some((w) => w.uscc === E.oem && w.whitelist));
  assert.equal(ex.waiting_total, ex.waiting.length);
  // The Shanghai shipping agency is not Zhejiang's, though the OEM uses it.
  assert.ok(!zj.body.items.some((i) => i.uscc === E.shipping));
  const sh = await srv.as('joint.shanghai', 'GET', '/api/v1/chain/services-waiting');
  const ship = sh.body.items.find((i) => i.uscc === E.shipping);
  assert.ok(ship);
  assert.equal(ship.status, 'limited');
  assert.ok(ship.waiting.some((w) => w.uscc === E.fab));
  assert.ok(!sh.body.items.some((i) => i.uscc === E.express));
  // Refusals.
  assert.equal((await srv.as('enterprise.demo', 'GET', '/api/v1/chain/services-waiting')).status, 403);
  assert.equal((await srv.as('joint.shanghai', 'GET', '/api/v1/chain/services-waiting?region=330106')).status, 403);
  assert.equal((await srv.req('GET', '/api/v1/chain/services-waiting')).status, 401);
});

test('a key enterprise allowed to resume flags its stopped services to their region, until acknowledged', async () => {
  const own = '91330106MA27XK000B';   // key industrial; uses the stopped Xihu express company and a bank that runs
  const o = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', {
    enterprise: own, measure: 'stop', emergency: true, reason: '今晨现场确诊一例，停工消杀', evidence: '核酸检测阳性报告（检测机构编号 1204）',
    ends_at: new Date(srv.now() + 3 * 86400e3).toISOString(),
  });
  assert.equal(o.status, 201, o.text);
  const before_ = await srv.as('industry.hangzhou', 'GET', '/api/v1/chain/service-flags');
  assert.equal(before_.status, 200, before_.text);
  assert.ok(!before_.body.items.some((f) => f.enterprise.uscc === own));
  const ap = await srv.as('enterprise.demo', 'POST', `/api/v1/orders/${o.body.id}/resumption`, { measures: '闭环管理，每日抗原检测，车间每日消杀两次' });
  assert.equal(ap.status, 201, ap.text);
  const app = ap.body.resumptions.find((x) => x.state === 'pending');
  // Rejecting flags nothing; approving flags the express company (stopped), not the bank (running).
  const ok = await srv.as('joint.hangzhou', 'POST', `/api/v1/resumptions/${app.id}/decision`, { approve: true });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.state, 'resumed');
  const flags = await srv.as('industry.hangzhou', 'GET', '/api/v1/chain/service-flags');
  const mine = flags.body.items.filter((f) => f.enterprise.uscc === own);
  assert.equal(mine.length, 1, JSON.stringify(flags.body.items));
  assert.equal(mine[0].service.uscc, E.express);
  assert.equal(mine[0].service.status, 'stopped');
  assert.equal(mine[0].order, o.body.id);
  // Audited with the approval.
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity_id=${E.express}&limit=20`);
  assert.ok(audit.body.items.some((e) => e.action === 'chain.service_flag'), JSON.stringify(audit.body.items.map((e) => e.action)));
  // Only the service's region sees and acknowledges it.
  assert.ok(!(await srv.as('joint.shanghai', 'GET', '/api/v1/chain/service-flags')).body.items.some((f) => f.id === mine[0].id));
  assert.equal((await srv.as('joint.shanghai', 'GET', '/api/v1/chain/service-flags?region=330106')).status, 403);
  assert.equal((await srv.as('joint.shanghai', 'POST', `/api/v1/chain/service-flags/${mine[0].id}/ack`, {})).status, 403);
  assert.equal((await srv.as('enterprise.demo', 'POST', `/api/v1/chain/service-flags/${mine[0].id}/ack`, {})).status, 403);
  // Reading officials of the region may see it but not close the industry department's to-do.
  for (const u of ['auditor.zhejiang', 'health.zhejiang'])
    assert.equal((await srv.as(u, 'POST', `/api/v1/chain/service-flags/${mine[0].id}/ack`, {})).status, 403, u);
  assert.equal((await srv.as('industry.hangzhou', 'POST', '/api/v1/chain/service-flags/01a21a54-8f21-721f-a2ca-fc2c64169585/ack', {})).status, 404);
  const ack = await srv.as('industry.hangzhou', 'POST', `/api/v1/chain/service-flags/${mine[0].id}/ack`, {});
  assert.equal(ack.status, 204, ack.text);
  const again = await srv.as('industry.hangzhou', 'POST', `/api/v1/chain/service-flags/${mine[0].id}/ack`, {});
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'service_flag.acked');
  assert.ok(!(await srv.as('industry.hangzhou', 'GET', '/api/v1/chain/service-flags')).body.items.some((f) => f.id === mine[0].id));
});

test('a service that runs again is no longer waited on', async () => {
  // Lift the express company's stop the way the platform does: the order is lifted.
  const orders = await srv.as('joint.zhejiang', 'GET', `/api/v1/orders?enterprise=${E.express}`);
  assert.equal(orders.status, 200, orders.text);
  const o = orders.body.items.find((x) => x.state === 'in_force');
  assert.ok(o, JSON.stringify(orders.body));
  const l = await srv.as('joint.hangzhou', 'POST', `/api/v1/orders/${o.id}/lift`, { reason: '消杀完成，核酸全阴', version: o.version });
  assert.ok(l.status === 200 || l.status === 204, l.text);
  const zj = await srv.as('joint.zhejiang', 'GET', '/api/v1/chain/services-waiting');
  assert.ok(!zj.body.items.some((i) => i.uscc === E.express));
});
