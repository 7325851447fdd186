// The supply-chain graph over HTTP: an enterprise keeps its own suppliers and
// customers and sees nothing beyond them (never its customers' other
// suppliers, nor its suppliers' other customers); officials see the edges
// inside their jurisdiction and the cross-border edges touching it, in both
// provinces; the national coordinator sees all. CSV import writes nothing
// when any row is wrong; export gives back what import reads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { checkProblem, newUscc, startServer } from './helpers.mjs';

let srv;
const E = {};
before(async () => {
  srv = await startServer({ enterprises: 50 });
  const make = async (key, region, name, extra = {}) => {
    const uscc = newUscc(region);
    const r = await srv.as('coordinator', 'POST', '/api/v1/enterprises',
      { uscc, name, region, industry: '36', headcount: 100, capacity: 500, ...extra });
    assert.equal(r.status, 201, r.text);
    E[key] = uscc;
  };
  await make('oem', '330106', '链测整车有限公司');
  await make('local', '330110', '链测余杭线束有限公司');
  await make('dealer', '330106', '链测西湖汽车销售有限公司');
  await make('sh', '310115', '链测上海铸造有限公司');
  await make('js', '320505', '链测苏州整车有限公司');
  await make('bank', '330106', '链测西湖银行', { categories: ['related_service'], service_kind: 'bank', industry: '66' });
  for (const [user, own] of [['chain.oem', 'oem'], ['chain.sh', 'sh'], ['chain.js', 'js']]) {
    const r = await srv.as('coordinator', 'POST', '/api/v1/accounts',
      { username: user, role: 'enterprise', enterprises: [E[own]], password: `${user}-2022` });
    assert.equal(r.status, 201, r.text);
  }
  // Provincial industry authorities (the demo may have some already, with the same password).
  for (const [user, region] of [['industry.jiangsu', '320000'], ['industry.shanghai', '310000']]) {
    const r = await srv.as('coordinator', 'POST', '/api/v1/accounts',
      { username: user, role: 'industry_authority', region, password: `${user}-2022` });
    assert.ok(r.status === 201 || (r.status === 409 && r.body.code === 'account.exists'), r.text);
  }
});
after(() => srv.stop());

const add = (user, supplier, customer, input, share = 60, stock_days = 5) =>
  srv.as(user, 'POST', '/api/v1/chain/edges', { supplier: E[supplier], customer: E[customer], input, share, stock_days });
const refused = (r, status, where) => {
  assert.equal(r.status, status, `${where}: ${r.text}`);
  checkProblem(r.body, where);
};
const usccs = (items, side) => items.map((e) => e[side].uscc).sort();

test('an enterprise adds, changes and deletes its own suppliers and customers; another enterprise gets 403', async () => {
  let r = await add('chain.oem', 'sh', 'oem', 'castings', 100, 3);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.input, 'castings');
  assert.equal(r.body.input_words.zh, '铸件');
  assert.equal(r.body.supplier.name, '链测上海铸造有限公司');
  assert.equal(r.body.customer.region, '330106');
  const edge = r.body;
  assert.equal((await add('chain.oem', 'local', 'oem', 'wire_harnesses', 40, 7)).status, 201);
  assert.equal((await add('chain.oem', 'oem', 'dealer', 'other', 100, 0)).status, 201);
  // The same (supplier, customer, input) twice: 409.
  refused(await add('chain.oem', 'sh', 'oem', 'castings'), 409, 'duplicate');
  // Figures out of range and unknown inputs: 422 naming the field.
  for (const [body, field] of [[{ share: 0 }, 'share'], [{ share: 101 }, 'share'], [{ stock_days: -1 }, 'stock_days'],
    [{ input: 'unobtainium' }, 'input']]) {
    r = await srv.as('chain.oem', 'POST', '/api/v1/chain/edges',
      { supplier: E.local, customer: E.oem, input: 'steel', share: 10, stock_days: 1, ...body });
    refused(r, 422, JSON.stringify(body));
    assert.equal(r.body.field, field);
  }
  // Another enterprise may not touch an edge it is not an end of.
  refused(await add('chain.js', 'local', 'oem', 'steel'), 403, 'js adds to oem');
  refused(await srv.as('chain.js', 'PATCH', `/api/v1/chain/edges/${edge.id}`, { share: 10 }), 403, 'js patches');
  refused(await srv.as('chain.js', 'DELETE', `/api/v1/chain/edges/${edge.id}`), 403, 'js deletes');
  refused(await srv.as('chain.js', 'GET', `/api/v1/enterprises/${E.oem}/suppliers`), 404, 'js reads oem'); // as if none (issue 16)
  // Nor an official outside both ends' jurisdictions.
  refused(await add('industry.jiangsu', 'local', 'oem', 'steel'), 403, 'jiangsu adds in zhejiang');
  refused(await srv.as('industry.jiangsu', 'GET', `/api/v1/enterprises/${E.oem}/suppliers`), 404, 'jiangsu reads oem');
  refused(await srv.as('industry.jiangsu', 'PATCH', `/api/v1/chain/edges/${edge.id}`, { share: 10 }), 403, 'jiangsu patches');
  refused(await srv.as('industry.jiangsu', 'DELETE', `/api/v1/chain/edges/${edge.id}`), 403, 'jiangsu deletes');
  // A role without chain.edit: 403.
  refused(await add('auditor.zhejiang', 'local', 'oem', 'steel'), 403, 'auditor adds');
  // The supplier changes its figures too (it is an end); the version is checked.
  r = await srv.as('chain.sh', 'PATCH', `/api/v1/chain/edges/${edge.id}`, { stock_days: 2, version: edge.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.stock_days, 2);
  assert.equal(r.body.share, 100);
  assert.equal(r.body.updated_by, 'chain.sh');
  refused(await srv.as('chain.oem', 'PATCH', `/api/v1/chain/edges/${edge.id}`, { stock_days: 4, version: edge.version }), 409, 'stale');
  r = await srv.as('chain.oem', 'GET', `/api/v1/enterprises/${E.oem}/suppliers`);
  assert.equal(r.status, 200);
  assert.deepEqual(usccs(r.body.items, 'supplier'), [E.local, E.sh].sort());
  // Delete, then it is gone; each change is in the audit log.
  const tmp = await add('chain.oem', 'local', 'oem', 'plastics', 20, 9);
  assert.equal((await srv.as('chain.oem', 'DELETE', `/api/v1/chain/edges/${tmp.body.id}`)).status, 204);
  refused(await srv.as('chain.oem', 'DELETE', `/api/v1/chain/edges/${tmp.body.id}`), 404, 'deleted twice');
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity_id=${tmp.body.id}`);
  assert.equal(audit.status, 200, audit.text);
  const actions = JSON.stringify(audit.body);
  assert.match(actions, /chain\.edge_add/);
  assert.match(actions, /chain\.edge_delete/);
});

test('an enterprise never sees its customers\' other suppliers nor its suppliers\' other customers', async () => {
  // The Shanghai caster also supplies the Suzhou OEM (a customer the Hangzhou OEM must not see).
  assert.equal((await add('chain.sh', 'sh', 'js', 'castings', 50, 4)).status, 201);
  let r = await srv.as('chain.sh', 'GET', `/api/v1/enterprises/${E.sh}/customers`);
  assert.deepEqual(usccs(r.body.items, 'customer'), [E.js, E.oem].sort());
  refused(await srv.as('chain.oem', 'GET', `/api/v1/enterprises/${E.sh}/customers`), 404, 'oem reads its supplier\'s customers');
  r = await srv.as('chain.oem', 'GET', `/api/v1/chain?around=${E.oem}&up=3&down=3`);
  assert.equal(r.status, 200, r.text);
  const seen = r.body.nodes.map((n) => n.uscc);
  assert.ok(seen.includes(E.sh) && seen.includes(E.local) && seen.includes(E.dealer), JSON.stringify(seen));
  assert.ok(!seen.includes(E.js), 'the supplier\'s other customer is hidden');
  for (const e of r.body.edges) assert.ok(e.supplier.uscc === E.oem || e.customer.uscc === E.oem, JSON.stringify(e));
  const oem = r.body.nodes.find((n) => n.uscc === E.oem);
  assert.equal(oem.tier, 0);
  assert.equal(r.body.nodes.find((n) => n.uscc === E.sh).tier, -1);
  assert.equal(r.body.nodes.find((n) => n.uscc === E.dealer).tier, 1);
  assert.equal(oem.region_name, '西湖区');
  assert.equal(oem.status, 'operating');
  // The Suzhou OEM sees the caster but not the Hangzhou OEM.
  r = await srv.as('chain.js', 'GET', `/api/v1/chain?around=${E.js}&up=3&down=3`);
  assert.deepEqual(r.body.nodes.map((n) => n.uscc).sort(), [E.js, E.sh].sort());
  refused(await srv.as('chain.oem', 'GET', `/api/v1/chain?around=${E.js}`), 404, 'oem around js');
  refused(await srv.as('chain.oem', 'GET', '/api/v1/chain'), 400, 'enterprise without around');
});

test('officials see their jurisdiction and the cross-border edges touching it, in both provinces; the nation sees all', async () => {
  const edgesOf = async (user, query = '') => {
    const r = await srv.as(user, 'GET', `/api/v1/chain${query}`);
    assert.equal(r.status, 200, `${user}: ${r.text}`);
    return r.body.edges.map((e) => `${e.supplier.uscc}>${e.customer.uscc}`);
  };
  const shOem = `${E.sh}>${E.oem}`, shJs = `${E.sh}>${E.js}`, localOem = `${E.local}>${E.oem}`;
  let z = await edgesOf('industry.zhejiang');
  assert.ok(z.includes(shOem) && z.includes(localOem), 'zhejiang sees its own and the cross-border edge');
  assert.ok(!z.includes(shJs), 'zhejiang does not see shanghai -> jiangsu');
  const s = await edgesOf('industry.shanghai');
  assert.ok(s.includes(shOem) && s.includes(shJs) && !s.includes(localOem));
  const j = await edgesOf('industry.jiangsu');
  assert.ok(j.includes(shJs) && !j.includes(shOem));
  const n = await edgesOf('coordinator', '?region=000000');
  for (const e of [shOem, shJs, localOem]) assert.ok(n.includes(e));
  // Around an enterprise, an official follows only the edges it may see.
  z = await edgesOf('industry.zhejiang', `?around=${E.sh}&down=2`);
  assert.ok(z.includes(shOem) && !z.includes(shJs));
  refused(await srv.as('industry.hangzhou', 'GET', '/api/v1/chain?region=320000'), 403, 'hangzhou asks for jiangsu');
  refused(await srv.as('checkpoint.xihu', 'GET', '/api/v1/chain'), 403, 'checkpoint');
  // The supplier list of an enterprise shows an official only what it may see.
  const r = await srv.as('industry.jiangsu', 'GET', `/api/v1/enterprises/${E.sh}/customers`);
  assert.equal(r.status, 404, 'the caster is outside jiangsu: as if there were none (issue 16)');
});

test('CSV import: a bad row writes nothing; a good file adds and updates; export reads back', async () => {
  const count = async () => (await srv.as('coordinator', 'GET', '/api/v1/chain?region=000000')).body.edges.length;
  const before = await count();
  const bad = `供应商,客户,物料,供货占比,库存天数\n${E.local},${E.oem},钢材,30,6\n${E.local},${E.oem},unobtainium,30,6\n${E.local},${E.local},steel,30,6\n`;
  let r = await srv.req('POST', '/api/v1/chain/import', { raw: bad, type: 'text/csv', headers: { Authorization: `Bearer ${await srv.login('industry.zhejiang')}` } });
  assert.equal(r.status, 422, r.text);
  checkProblem(r.body, 'bad import');
  assert.deepEqual(r.body.errors.map((e) => e.line), [3, 4]);
  assert.equal(r.body.errors[0].field, 'input');
  for (const e of r.body.errors) checkProblem(e, `line ${e.line}`);
  assert.equal(await count(), before, 'nothing written');
  // A row outside the importer's jurisdiction is a bad row too.
  const outside = `supplier,customer,input,share,stock_days\n${E.sh},${E.js},glass,30,6\n`;
  r = await srv.req('POST', '/api/v1/chain/import', { raw: outside, type: 'text/csv', headers: { Authorization: `Bearer ${await srv.login('industry.zhejiang')}` } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.errors[0].code, 'chain.import_outside');
  // A good file, with a BOM, Chinese headers and words, one row updating an edge.
  const good = `\ufeff客户,供应商,物料,供货占比,库存天数\n${E.oem},${E.local},钢材,30,6\n${E.oem},${E.sh},castings,100,8\n`;
  r = await srv.req('POST', '/api/v1/chain/import', { raw: good, type: 'text/csv', headers: { Authorization: `Bearer ${await srv.login('chain.oem')}` } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.rows, r.body.added, r.body.updated, r.body.rejected], [2, 1, 1, 0]);
  assert.equal(await count(), before + 1);
  const sup = await srv.as('chain.oem', 'GET', `/api/v1/enterprises/${E.oem}/suppliers`);
  assert.equal(sup.body.items.find((e) => e.supplier.uscc === E.sh).stock_days, 8);
  // A file as Excel saves it on a Chinese Windows (GB 18030), Chinese headers and words.
  const gbText = `供应商,客户,物料,供货占比,库存天数\n${E.local},${E.oem},玻璃,15,3\n`;
  const gbk = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(gbText, 'utf8') }).stdout;
  assert.ok(!Buffer.from(gbText).equals(gbk), 'the test file really is GB 18030');
  const token = await srv.login('chain.oem');
  const res = await fetch(`${srv.base}/api/v1/chain/import`, { method: 'POST', body: gbk, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' } });
  const gbBody = await res.json();
  assert.equal(res.status, 200, JSON.stringify(gbBody));
  assert.equal(gbBody.added, 1);
  const glass = (await srv.as('chain.oem', 'GET', `/api/v1/enterprises/${E.oem}/suppliers`)).body.items.find((e) => e.input === 'glass');
  assert.equal(glass.input_words.zh, '玻璃');
  assert.equal(glass.share, 15);
  // Export, in Chinese by default, with the columns import reads.
  r = await srv.req('GET', `/api/v1/chain/export?around=${E.oem}`, { headers: { Authorization: `Bearer ${await srv.login('chain.oem')}` } });
  assert.equal(r.status, 200);
  const text = typeof r.body === 'string' ? r.body : r.text;
  assert.match(text, /^\ufeff?供应商,供应商名称,客户,客户名称,物料,供货占比,库存天数/);
  assert.match(text, /链测上海铸造有限公司/);
  assert.match(text, /钢材,30,6/);
  assert.ok(!text.includes(E.js), 'export shows only what the account may see');
  // What export wrote, import reads (an update of every row).
  r = await srv.req('POST', '/api/v1/chain/import', { raw: text, type: 'text/csv', headers: { Authorization: `Bearer ${await srv.login('chain.oem')}` } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.added, 0);
});

test('related services an enterprise uses: kept by the enterprise, only related-service enterprises', async () => {
  let r = await srv.as('chain.oem', 'POST', `/api/v1/enterprises/${E.oem}/services`, { service: E.bank });
  assert.equal(r.status, 204, r.text);
  refused(await srv.as('chain.oem', 'POST', `/api/v1/enterprises/${E.oem}/services`, { service: E.bank }), 409, 'twice');
  refused(await srv.as('chain.oem', 'POST', `/api/v1/enterprises/${E.oem}/services`, { service: E.local }), 422, 'not a service');
  refused(await srv.as('chain.js', 'POST', `/api/v1/enterprises/${E.oem}/services`, { service: E.bank }), 404, 'another enterprise');
  r = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${E.oem}/services`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((s) => [s.uscc, s.service_kind]), [[E.bank, 'bank']]);
  assert.equal((await srv.as('chain.oem', 'DELETE', `/api/v1/enterprises/${E.oem}/services/${E.bank}`)).status, 204);
  assert.equal((await srv.as('chain.oem', 'GET', `/api/v1/enterprises/${E.oem}/services`)).body.items.length, 0);
});

test('the demo chains: the Xihu OEM with tier 1-3 suppliers across provinces, a sole caster, services used', async () => {
  const find = async (name) => (await srv.as('coordinator', 'GET', `/api/v1/enterprises?q=${encodeURIComponent(name)}`)).body.items[0].uscc;
  const oem = await find('杭州西湖汽车制造');
  assert.match(oem, /^91330106/);
  const r = await srv.as('industry.zhejiang', 'GET', `/api/v1/chain?around=${oem}&up=3&down=1`);
  assert.equal(r.status, 200, r.text);
  const tier = Object.fromEntries(r.body.nodes.map((n) => [n.name, n.tier]));
  assert.equal(tier['杭州西湖汽车制造有限公司'], 0);
  assert.equal(tier['宁波北仑汽车线束有限公司'], -1, 'a supplier of the OEM and of nothing downstream stays at tier 1');
  assert.equal(tier['杭州西湖精密机械有限公司'], -1);
  assert.equal(tier['绍兴柯桥精密铸造有限公司'], -2);
  assert.equal(tier['上海宝山特钢有限公司'], -2);
  assert.ok(r.body.nodes.find((n) => n.name === '杭州西湖汽车制造有限公司').whitelist);
  const provinces = new Set(r.body.nodes.map((n) => n.region.slice(0, 2)));
  for (const p of ['31', '32', '33', '44']) assert.ok(provinces.has(p), `a supplier in ${p}0000`);
  // The caster is the sole source of castings to three tier-1 suppliers in two provinces.
  const caster = await find('绍兴柯桥精密铸造');
  const c = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${caster}/customers`);
  const castings = c.body.items.filter((e) => e.input === 'castings');
  assert.equal(castings.length, 3);
  assert.ok(castings.every((e) => e.share === 100));
  assert.equal(new Set(castings.map((e) => e.customer.region.slice(0, 2))).size, 2);
  // The demo enterprise's own account sees its customer (the OEM) and its suppliers.
  const mine = await srv.as('enterprise.demo', 'GET', '/api/v1/enterprises/91330106MA27XK000B/customers');
  assert.deepEqual(mine.body.items.map((e) => e.customer.uscc), [oem]);
  const services = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${oem}/services`);
  assert.deepEqual([...new Set(services.body.items.map((s) => s.service_kind))].sort(),
    ['bank', 'express_delivery', 'freight_forwarder', 'insurance', 'shipping_agency']);
});
