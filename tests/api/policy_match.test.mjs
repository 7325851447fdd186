// Re-matching when facts change (惠企政策, issue 15, part "reach"): 免申即享
// follows the facts at once. A designation to medium risk makes the
// training-subsidy entitlements of that county's insured enterprises (and of
// no others); an order in force for the days a policy states makes its
// enterprise eligible. Entitlements are read from the outside: an
// automatic policy's through the enterprise's policies (the matching makes
// its claim at once, so it is reached, not in the unreached list), the
// others' through the eligible not reached.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newUscc, startServer } from './helpers.mjs';

const H = 3600e3;
let srv;
before(async () => { srv = await startServer(); });
after(() => srv.stop());

// The policies of a region (the reach summary lists them), by title and issuer.
async function policyOf(title, issuer, region = issuer) {
  const r = await srv.as('coordinator', 'GET', `/api/v1/policies/reach?region=${region}`);
  assert.equal(r.status, 200, r.text);
  const p = r.body.policies.find((x) => x.policy.title === title && x.policy.region === issuer);
  assert.ok(p, `${title} of ${issuer} is in the catalogue`);
  return p;
}

// Every eligible enterprise not reached of a policy in a region, page by page.
async function unreached(policy, region) {
  const all = [];
  for (let offset = 0; ; offset += 100) {
    const r = await srv.as('coordinator', 'GET', `/api/v1/policies/${policy}/unreached?region=${region}&limit=100&offset=${offset}`);
    assert.equal(r.status, 200, r.text);
    all.push(...r.body.items);
    if (offset + 100 >= r.body.total) return all;
  }
}

// The entitlement of an enterprise under a policy and the claim the
// matching made for it, as an official of the province reads them (null
// when the matching never found it eligible).
async function entitlementOf(uscc, policy) {
  const r = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${uscc}/policies`);
  assert.equal(r.status, 200, r.text);
  const item = r.body.items.find((i) => i.policy.id === policy);
  return item && item.entitlement ? { ...item.entitlement, claim: item.claim } : null;
}

async function enterprise(region, extra = {}) {
  const body = { uscc: newUscc(region), name: `政策测试企业${Math.random().toString(36).slice(2, 8)}`,
    region, industry: '34', headcount: 40, capacity: 1000, ...extra };
  const r = await srv.as('industry.zhejiang', 'POST', '/api/v1/enterprises', body);
  assert.equal(r.status, 201, r.text);
  return body.uscc;
}

test('a designation to medium risk creates the training-subsidy entitlements of that county\'s insured enterprises, and no others', async () => {
  // A county of Zhejiang with no designation of its own or above it.
  const designated = (await srv.as('coordinator', 'GET', '/api/v1/regions/330000/designated')).body.items.map((i) => i.code);
  const candidates = ['330108', '330112', '330113', '330114', '330182', '330183', '330122', '330127', '330281', '330282', '330381', '330382', '330481', '330482'];
  const county = candidates.find((c) => !designated.some((d) => c.startsWith(d.replace(/0+$/, '')) || d === c));
  assert.ok(county, 'an undesignated county');
  const before = await policyOf('一次性留工培训补助', '330000');
  const id = before.policy.id;
  assert.equal(before.policy.automatic, true);
  const inCounty0 = (await srv.as('coordinator', 'GET', `/api/v1/policies/${id}/reach?region=${county}`)).body.figures.eligible;
  assert.equal(inCounty0, 0, 'nobody in an undesignated county is eligible');

  // Three new enterprises there: one reporting half its capacity or less,
  // one at full work, one without any employee; and one at low capacity in a
  // neighbouring county that stays undesignated.
  const low = await enterprise(county);
  const busy = await enterprise(county);
  const empty = await enterprise(county, { headcount: 0 });
  const other = candidates.find((c) => c !== county && c.slice(0, 4) !== county.slice(0, 4) && !designated.some((d) => c.startsWith(d.replace(/0+$/, '')) || d === c));
  const away = await enterprise(other);
  const clerk = `clerk.policy${process.pid % 1000}`;
  const made = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts',
    { username: clerk, display_name: '政策测试联系人', role: 'enterprise', enterprises: [low, busy, empty, away], password: `${clerk}-2022` });
  assert.equal(made.status, 201, made.text);
  for (const [uscc, capacity_pct, status] of [[low, 40, 'limited'], [busy, 95, 'operating'], [empty, 30, 'limited'], [away, 30, 'limited']]) {
    const r = await srv.as(clerk, 'POST', `/api/v1/enterprises/${uscc}/reports`, { status, capacity_pct, staff_pct: 60 });
    assert.ok([200, 201].includes(r.status), r.text);
  }
  // Low capacity alone is not enough: the county is not at risk.
  assert.equal(await entitlementOf(low, id), null);

  const des = await srv.as('health.zhejiang', 'POST', `/api/v1/regions/${county}/risk`, { level: 'medium', reason: '出现散发病例：政策重匹配测试' });
  assert.equal(des.status, 201, des.text);
  assert.ok(des.body.policy_matching.enterprises >= 3, JSON.stringify(des.body.policy_matching));
  assert.ok(des.body.policy_matching.created >= 1);

  // Right after the designation returns: the low-capacity insured enterprise
  // of the county is eligible, for 500 yuan per employee (no insured number
  // held: its headcount counts), and granted without applying (免申即享: its
  // claim is made, so it is reached, not left for the department to chase);
  // the busy one, the one without employees and the one next door are not.
  const mine = await entitlementOf(low, id);
  assert.ok(mine && mine.state === 'eligible', 'the low-capacity enterprise of the county is eligible');
  assert.equal(mine.amount_fen, 40 * 500 * 100);
  assert.equal(mine.claim?.origin, 'automatic', JSON.stringify(mine.claim));
  assert.ok(!(await unreached(id, county)).some((e) => e.uscc === low), 'reached, not unreached');
  for (const u of [busy, empty, away]) assert.equal(await entitlementOf(u, id), null, u);

  // No others: the province gained exactly what the county gained.
  const after = await policyOf('一次性留工培训补助', '330000');
  const inCounty = (await srv.as('coordinator', 'GET', `/api/v1/policies/${id}/reach?region=${county}`)).body.figures;
  assert.ok(inCounty.eligible >= 1 && inCounty.reached >= 1, JSON.stringify(inCounty));
  assert.equal(after.figures.eligible - before.figures.eligible, inCounty.eligible);
  // Shanghai's and Jiangsu's subsidies did not move.
  for (const [issuer, region] of [['310000', '310000'], ['320000', '320000']]) {
    const p = await policyOf('一次性留工培训补助', issuer, region);
    const again = (await srv.as('coordinator', 'GET', `/api/v1/policies/${p.policy.id}/reach?region=${region}`)).body.figures.eligible;
    assert.equal(again, p.figures.eligible);
  }

  // Lowered again: the entitlement stays for the year (the policy asks "at
  // any time during" it), and a report back at full work does not take it
  // either while the order-or-capacity test looked at the latest report:
  // after the sweep's re-match of reports the enterprise lapses.
  const back = await srv.as(clerk, 'POST', `/api/v1/enterprises/${low}/reports`, { status: 'operating', capacity_pct: 90, staff_pct: 95 });
  assert.ok([200, 201].includes(back.status), back.text);
  const s = srv.cli(['orders', 'settle']);
  assert.equal(s.code, 0, s.err);
  assert.equal((await entitlementOf(low, id)).state, 'lapsed', 'lapsed after its report at full work');
});

test('an order in force for the days a policy states makes its enterprise eligible', async () => {
  // A policy of the province for enterprises stopped 3 days or more.
  const dir = mkdtempSync(join(tmpdir(), 'fugong-policy-'));
  const file = join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify({ policies: [{
    region: '330000', department: '浙江省经济和信息化厅', title: '停产企业稳岗补贴（测试）', doc_number: '浙经信测〔2026〕7号',
    doc_date: '2020-01-01', valid_from: '2020-01-01', valid_to: '2035-12-31', budget_yuan: 1000000, automatic: true,
    rule: { benefit: 'subsidy', when: { order_days: { min: 3 }, measures: ['stop'], during: { from: '2020-01-01', to: '2035-12-31' } }, amount: { fixed: 2000 } },
  }] }));
  const imp = srv.cli(['policies', 'import', file, '--publish']);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(imp.code, 0, imp.err);
  const id = (await policyOf('停产企业稳岗补贴（测试）', '330000')).policy.id;

  const stopped = await enterprise('330102');
  const free = await enterprise('330102');
  const o = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', {
    enterprise: stopped, measure: 'stop', emergency: true, reason: 'Confirmed case on site this morning',
    evidence: 'CDC notice: one positive on the line', ends_at: new Date(srv.now() + 10 * 24 * H).toISOString() });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.body.state, 'in_force');
  const cur = await srv.as('coordinator', 'GET', `/api/v1/orders/${o.body.id}`);
  const conf = await srv.as('joint.hangzhou', 'POST', `/api/v1/orders/${o.body.id}/actions`, { action: 'approve', version: cur.body.version });
  assert.equal(conf.status, 200, conf.text);
  assert.equal(conf.body.confirmed, true);
  // One day in force: not yet.
  assert.equal(await entitlementOf(stopped, id), null);
  // Three days later, after the matching (the sweep's daily pass; here the
  // operator's command): eligible, 2,000 yuan; the enterprise without an
  // order is not.
  srv.advance(3 * 24 * H);
  const m = srv.cli(['policies', 'match']);
  assert.equal(m.code, 0, m.err);
  const hit = await entitlementOf(stopped, id);
  assert.ok(hit && hit.state === 'eligible', 'eligible after three days stopped');
  assert.equal(hit.amount_fen, 200000);
  assert.equal(hit.claim?.origin, 'automatic');
  assert.equal(await entitlementOf(free, id), null);
  // The reach of the policy counts it, in its county, city and province.
  for (const region of ['330102', '330100', '330000']) {
    const r = await srv.as('coordinator', 'GET', `/api/v1/policies/${id}/reach?region=${region}`);
    assert.ok(r.body.figures.eligible >= 1, region);
  }
});

test('an enterprise\'s record edited (its headcount) is re-matched at once', async () => {
  // The deferral of contributions asks for a hard-hit industry (34 is one)
  // and insured employees (the headcount where no insured number is held).
  const id = (await policyOf('特困行业阶段性缓缴社会保险费', '330000')).policy.id;
  const uscc = await enterprise('330106', { headcount: 0 });
  assert.ok(!(await unreached(id, '330106')).some((e) => e.uscc === uscc), 'no employees: not eligible');
  const cur = await srv.as('industry.zhejiang', 'GET', `/api/v1/enterprises/${uscc}`);
  const put = await srv.as('industry.zhejiang', 'PATCH', `/api/v1/enterprises/${uscc}`, { headcount: 25, version: cur.body.version });
  assert.equal(put.status, 200, put.text);
  assert.ok((await unreached(id, '330106')).some((e) => e.uscc === uscc), 'eligible as soon as the edit returns');
});
