// The critical-link mark and the chain impact report stored on every order
// (issue 12, part "critical"), on the demo's chains: the sole caster is marked
// by the chain analysis with its reason, its orders take the critical-link
// route, the order carries the impact report (the white-list enterprises that
// stall and when) as its machine assessment, refreshed at each step; the
// provincial industry authority marks and unmarks by hand with a reason,
// inside its province only; nobody types the mark in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newUscc, startServer } from './helpers.mjs';

const H = 3600e3;
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

const iso = (ms) => new Date(srv.now() + ms).toISOString();
const machine = (order) => order.evaluations.filter((e) => e.kind === 'machine');

test('the chain analysis marks the sole caster, with its reason; the record says so', async () => {
  const e = await srv.as('joint.zhejiang', 'GET', `/api/v1/enterprises/${caster}`);
  assert.equal(e.body.critical, true);
  const m = await srv.as('joint.zhejiang', 'GET', `/api/v1/enterprises/${caster}/critical-mark`);
  assert.equal(m.status, 200, m.text);
  assert.equal(m.body.critical, true);
  const a = m.body.marks.find((x) => x.source === 'analysis');
  assert.ok(a, JSON.stringify(m.body));
  assert.equal(a.basis, 'sole_source');
  assert.ok(a.sole_whitelist >= 1);
  assert.equal(a.marked_by, 'system');
  // An enterprise with nobody depending on it alone is not marked.
  const plain = await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=330106&limit=50');
  const unmarked = plain.body.items.find((x) => !x.critical);
  assert.ok(unmarked);
  const u = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${unmarked.uscc}/critical-mark`);
  assert.deepEqual([u.body.critical, u.body.marks.length], [false, 0]);
});

test('the demo order on the caster carries its stored impact report', async () => {
  const list = await srv.as('joint.zhejiang', 'GET', `/api/v1/orders?enterprise=${caster}`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.body.items.length >= 1);
  const o = await srv.as('joint.zhejiang', 'GET', `/api/v1/orders/${list.body.items[0].id}`);
  assert.equal(o.body.route, 'critical_link');
  const [m] = machine(o.body);
  assert.ok(m, JSON.stringify(o.body.evaluations));
  assert.ok(m.report.hits.some((h) => h.uscc === oem && h.whitelist && h.day > 0));
});

test('an order proposed on the sole supplier: critical-link route, a stored report naming the white-list enterprises that stall and when, refreshed at each step', async () => {
  const p = await srv.as('joint.zhejiang', 'POST', '/api/v1/orders', {
    enterprise: caster, measure: 'stop', emergency: true, reason: '今晨现场确诊一例，停工消杀',
    evidence: '核酸检测阳性报告（检测机构编号 1301）', ends_at: iso(5 * 24 * H),
  });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.route, 'critical_link');
  const o = await srv.as('industry.zhejiang', 'GET', `/api/v1/orders/${p.body.id}`);
  const ms = machine(o.body);
  assert.equal(ms.length, 1, JSON.stringify(o.body.evaluations));
  const r = ms[0].report;
  assert.equal(ms[0].author, 'system');
  // Why the route is critical_link: the analysis's reason, with the input.
  assert.deepEqual([r.critical.critical, r.critical.basis], [true, 'sole_source']);
  assert.ok(r.critical.sole_inputs.includes('castings'), JSON.stringify(r.critical));
  // Who stalls and when: the white-list OEM within a week, named.
  const [d3, d7, d14] = r.horizons;
  assert.deepEqual([d3.days, d7.days, d14.days], [3, 7, 14]);
  assert.ok(d7.whitelist >= 1 && d14.stall >= d7.stall, JSON.stringify(r.horizons));
  const hit = r.hits.find((h) => h.uscc === oem);
  assert.ok(hit, JSON.stringify(r.hits));
  assert.equal(hit.name, '杭州西湖汽车制造有限公司');
  assert.equal(hit.whitelist, true);
  assert.ok(hit.day > 0 && hit.day <= 7, `day ${hit.day}`);
  assert.ok(r.hits.findIndex((h) => !h.whitelist) < 0 ||
    r.hits.slice(r.hits.findIndex((h) => !h.whitelist)).every((h) => !h.whitelist), 'white-list members first');
  assert.ok(r.provinces >= 2 && r.province_list.length === r.provinces);
  assert.ok(r.province_list.some((x) => x.code === '330000' && x.name === '浙江省'));
  assert.ok(r.capacity > 0);
  assert.ok(Date.parse(r.computed_at) <= srv.now());
  // The next step refreshes it: computed again, still one machine assessment.
  srv.advance(2 * H);
  const step = await srv.as('industry.zhejiang', 'POST', `/api/v1/orders/${p.body.id}/actions`, {
    action: 'approve', version: o.body.version, assessment: '确有必要：现场确诊，闭环被打破；省内下游影响已知' });
  assert.equal(step.status, 200, step.text);
  const ms2 = machine(step.body);
  assert.equal(ms2.length, 1);
  assert.ok(Date.parse(ms2[0].report.computed_at) > Date.parse(r.computed_at));
  assert.equal(ms2[0].step_name, step.body.step.name);
  assert.ok(ms2[0].report.hits.some((h) => h.uscc === oem));
  assert.equal(step.body.evaluations.filter((e) => e.kind === 'official').length, 1);
});

test('a manual mark by the provincial industry authority, with a reason, switches the route; removed with a reason', async () => {
  const uscc = newUscc('330106');
  const c = await srv.as('industry.zhejiang', 'POST', '/api/v1/enterprises', {
    uscc, name: '杭州关键环节测试有限公司', region: '330106', industry: '34', headcount: 80, capacity: 500,
    categories: ['key_industrial'] });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.critical, false);
  const path = `/api/v1/enterprises/${uscc}/critical-mark`;
  const why = { marked: true, reason: '全省唯一的车用芯片封装测试线' };
  // Not the city, not another role, not outside the province; a reason is needed.
  for (const [user, code] of [['industry.hangzhou', 'critical.province_only'], ['joint.zhejiang', null],
    ['enterprise.demo', null]]) {
    const r = await srv.as(user, 'POST', path, why);
    assert.equal(r.status, 403, `${user}: ${r.text}`);
    if (code) assert.equal(r.body.code, code);
  }
  const jiangsu = await srv.as('coordinator', 'GET', `/api/v1/enterprises?q=${encodeURIComponent('常州武进动力电池')}`);
  const out = await srv.as('industry.zhejiang', 'POST', `/api/v1/enterprises/${jiangsu.body.items[0].uscc}/critical-mark`, why);
  assert.deepEqual([out.status, out.body.code], [404, 'enterprise.not_found'], out.text); // issue 16
  const short = await srv.as('industry.zhejiang', 'POST', path, { marked: true, reason: '关键' });
  assert.equal(short.status, 422);
  assert.equal(short.body.code, 'critical.reason');
  const ok = await srv.as('industry.zhejiang', 'POST', path, why);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.critical, true);
  const [m] = ok.body.marks;
  assert.deepEqual([m.source, m.basis, m.note, m.marked_by, m.marked_by_name],
    ['manual', 'manual', why.reason, 'industry.zhejiang', '浙江省经信厅']);
  assert.equal((await srv.as('industry.zhejiang', 'POST', path, why)).status, 409);
  assert.equal((await srv.as('coordinator', 'GET', `/api/v1/enterprises/${uscc}`)).body.critical, true);
  // The mark, not a typed flag, sends its orders to the province.
  const p = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', {
    enterprise: uscc, measure: 'stop', emergency: true, reason: '今晨现场确诊一例，停工消杀',
    evidence: '核酸检测阳性报告（检测机构编号 1302）', ends_at: iso(3 * 24 * H) });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.route, 'critical_link');
  const o = await srv.as('joint.hangzhou', 'GET', `/api/v1/orders/${p.body.id}`);
  const rep = machine(o.body)[0].report;
  // It has no supply edge: nothing stalls, the mark is the manual one.
  assert.deepEqual([rep.in_chain, rep.critical.basis, rep.critical.manual], [false, 'manual', true]);
  // Removed with a reason (audited); removing again finds nothing.
  const off = await srv.as('industry.zhejiang', 'POST', path, { marked: false, reason: '封装线已有第二家企业可供货' });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.critical, false);
  assert.equal((await srv.as('industry.zhejiang', 'POST', path, { marked: false, reason: '再次取消标记' })).status, 404);
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity=enterprise&entity_id=${uscc}`);
  const acts = audit.body.items.map((e) => e.action);
  assert.ok(acts.includes('critical.mark') && acts.includes('critical.unmark'), acts.join());
  const p2 = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', {
    enterprise: uscc, measure: 'stop', emergency: true, reason: '今晨现场再次确诊一例',
    evidence: '核酸检测阳性报告（检测机构编号 1303）', ends_at: iso(3 * 24 * H) });
  assert.equal(p2.status, 201, p2.text);
  assert.equal(p2.body.route, 'key_or_livelihood');
});

test('nobody types the mark in: create, update and import are refused, pointing to the mark', async () => {
  const uscc = newUscc('330106');
  const body = { uscc, name: '杭州手工标记测试有限公司', region: '330106', industry: '34', headcount: 10, critical: true };
  const c = await srv.as('industry.zhejiang', 'POST', '/api/v1/enterprises', body);
  assert.equal(c.status, 422);
  assert.equal(c.body.code, 'enterprise.critical_derived');
  assert.match(c.body.detail, /critical-mark/);
  const cur = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${caster}`);
  const u = await srv.as('coordinator', 'PATCH', `/api/v1/enterprises/${caster}`, { critical: false, version: cur.body.version });
  assert.equal(u.status, 422);
  assert.equal(u.body.code, 'enterprise.critical_derived');
  // An import saying 是 for an unmarked enterprise is refused; an empty column or the
  // derived value (as an export carries it) is accepted.
  const token = await srv.login('industry.zhejiang');
  const imp = (csv) => srv.req('POST', '/api/v1/enterprises/import', { raw: csv, type: 'text/csv', headers: { Authorization: `Bearer ${token}` } });
  const bad = await imp(`uscc,name,region,industry,headcount,critical\n${uscc},杭州手工标记测试有限公司,330106,34,10,是\n`);
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.errors[0].code, 'import.critical_derived');
  const good = await imp(`uscc,name,region,industry,headcount,critical\n${uscc},杭州手工标记测试有限公司,330106,34,10,否\n`);
  assert.equal(good.status, 200, good.text);
  assert.equal(good.body.imported, 1);
});
