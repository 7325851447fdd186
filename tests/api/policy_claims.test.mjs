// The delivery of policies that benefit enterprises (issue 15, part
// "delivery") over HTTP: "policies for you" with reasons and amounts; an
// application with the form pre-filled from what Fugong knows, approved,
// granted and received, the amount the rule's; the budget holding under 100
// concurrent approvals (exactly k fit; on PostgreSQL too when the suite runs
// there); an objection opening a problem of kind benefit that the economic
// department sees; and the jurisdiction of every endpoint.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newUscc, startServer } from './helpers.mjs';

let srv;
const DEMO = '91330106MA27XK000B';
const today = () => new Date(srv.now() + 8 * 3600 * 1000).toISOString().slice(0, 10); // Asia/Shanghai

before(async () => { srv = await startServer(); });
after(() => srv.stop());

const forYou = (u = 'enterprise.demo', uscc = DEMO) => srv.as(u, 'GET', `/api/v1/enterprises/${uscc}/policies`);
const byTitle = (items, t) => items.find((i) => i.policy.title === t);
const RENT = '服务业小微企业和个体工商户房屋租金减免';

test('policies for you: each policy with its reasons, amount and what an application needs', async () => {
  const r = await forYou();
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.enterprise, DEMO);
  assert.equal(r.body.facts.county, '330106');
  // The demo enterprise (industry 34, 420 staff) qualifies for the deferral, whose
  // amount needs its monthly contributions, and lacks what the rent relief asks.
  const deferral = r.body.items.find((i) => i.policy.benefit === 'deferral');
  assert.equal(deferral.match.eligible, true);
  assert.equal(deferral.entitlement.state, 'eligible');
  assert.equal(deferral.needs.base, 'monthly_contributions');
  assert.equal(deferral.match.amount.months, 6);
  for (const c of deferral.match.checks) assert.ok('fact' in c && 'met' in c, JSON.stringify(c));
  const rent = byTitle(r.body.items, RENT);
  assert.equal(rent.match.eligible, false);
  assert.ok(rent.match.lacks.length >= 1);
  assert.deepEqual(rent.needs.statements, ['premises_state_owned']);
  // Policies of other provinces are not shown.
  assert.ok(r.body.items.every((i) => i.policy.region === '330000' || '330106'.startsWith(i.policy.region.replace(/0+$/, ''))));
});

test('asked for more, answered, rejected; withdrawn; the enterprise cannot act for the department', async () => {
  const items = (await forYou()).body.items;
  const deferral = items.find((i) => i.policy.benefit === 'deferral' && i.match.eligible);
  assert.ok(deferral, 'enterprise.demo is eligible for the deferral');
  const base = 120000;
  // The demo's own application under the deferral, pending in the queue.
  assert.equal(deferral.claim.state, 'pending');
  assert.equal(deferral.claim.origin, 'application');
  const id = deferral.claim.id;
  const full = (await srv.as('enterprise.demo', 'GET', `/api/v1/policy-claims/${id}`)).body;
  assert.equal(full.amount_fen, full.form.given.monthly_contributions * 6);
  assert.equal(full.form.prefilled.county, '330106');
  let a;
  let s = await srv.as('enterprise.demo', 'POST', `/api/v1/policy-claims/${id}/approve`, {});
  assert.equal(s.status, 403);
  s = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${id}/more-info`, { reason: '短' });
  assert.equal(s.status, 422);
  assert.equal(s.body.code, 'policy.claim_reason');
  s = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${id}/more-info`, { reason: '请补充近三个月社保缴费凭证' });
  assert.equal(s.body.state, 'more_info');
  s = await srv.as('enterprise.demo', 'POST', `/api/v1/policy-claims/${id}/answer`, {
    reason: '已上传缴费凭证', files: [{ name: '凭证.png', mime: 'image/png', body: Buffer.from('png').toString('base64') }],
  });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.state, 'pending');
  assert.equal(s.body.files.length, 1);
  s = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${id}/reject`, { reason: '所属行业不在缓缴范围内' });
  assert.equal(s.body.state, 'rejected');
  assert.equal(s.body.reason, '所属行业不在缓缴范围内');
  s = await srv.as('enterprise.demo', 'POST', `/api/v1/policy-claims/${id}/withdraw`, {});
  assert.equal(s.status, 409);
  assert.equal(s.body.code, 'policy.claim_state');
  // After a rejection a new application may be made, and withdrawn.
  a = await srv.as('enterprise.demo', 'POST', `/api/v1/policies/${deferral.policy.id}/claims`, { base_fen: base });
  assert.equal(a.status, 201, a.text);
  s = await srv.as('enterprise.demo', 'POST', `/api/v1/policy-claims/${a.body.id}/withdraw`, {});
  assert.equal(s.body.state, 'withdrawn');
});

test('an application pre-filled, approved, granted and received; the amount is the rule\'s', async () => {
  const items = (await forYou()).body.items;
  const deferral = items.find((i) => i.policy.benefit === 'deferral');
  const id = deferral.policy.id;
  const form = await srv.as('enterprise.demo', 'GET', `/api/v1/policies/${id}/claims/form?enterprise=${DEMO}`);
  assert.equal(form.status, 200, form.text);
  assert.equal(form.body.eligible, true);
  assert.equal(form.body.form.prefilled.county, '330106');
  assert.equal(typeof form.body.form.prefilled.headcount, 'number');
  assert.equal(form.body.form.prefilled.industry, '34');
  assert.equal(form.body.form.prefilled.monthly_contributions, null);
  assert.equal(form.body.form.needs.base, 'monthly_contributions');
  assert.equal(form.body.amount_fen, null);
  // The amount needs the base fact Fugong does not hold.
  const base = 1234567;
  let a = await srv.as('enterprise.demo', 'POST', `/api/v1/policies/${id}/claims`, {});
  assert.equal(a.status, 422);
  assert.equal(a.body.code, 'policy.claim_base_needed');
  a = await srv.as('enterprise.demo', 'POST', `/api/v1/policies/${id}/claims`, {
    base_fen: base, note: '近三个月缴费凭证见附件',
    files: [{ name: '缴费凭证.pdf', mime: 'application/pdf', body: Buffer.from('%PDF-1.4 lease').toString('base64') }],
  });
  assert.equal(a.status, 201, a.text);
  const claim = a.body;
  assert.equal(claim.state, 'pending');
  assert.equal(claim.origin, 'application');
  assert.equal(claim.form.prefilled.county, '330106');
  assert.equal(claim.files.length, 1);
  // The rule: six months of the monthly contributions.
  assert.equal(claim.amount_fen, base * 6);
  assert.equal(claim.form.given.monthly_contributions, base);
  // A second application while the first is live is refused.
  const again = await srv.as('enterprise.demo', 'POST', `/api/v1/policies/${id}/claims`, { base_fen: base });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'policy.claim_exists');

  // The department's queue has it.
  const q = await srv.as('economy.zhejiang', 'GET', `/api/v1/policy-claims?state=pending&policy=${id}`);
  assert.equal(q.status, 200, q.text);
  assert.ok(q.body.items.some((c) => c.id === claim.id));
  // More than computed is refused; the computed amount is approved.
  let s = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${claim.id}/approve`, { amount_fen: claim.amount_fen + 1 });
  assert.equal(s.status, 422);
  assert.equal(s.body.code, 'policy.claim_amount_over');
  s = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${claim.id}/approve`, { version: claim.version });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.state, 'approved');
  assert.equal(s.body.approved_fen, claim.amount_fen);
  // A stale version is refused.
  const stale = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${claim.id}/grant`,
    { amount_fen: 1, date: today(), reference: 'PZ-1', version: claim.version });
  assert.equal(stale.status, 409);
  // Not after today; then the grant.
  const tomorrow = new Date(srv.now() + 32 * 3600 * 1000).toISOString().slice(0, 10);
  s = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${claim.id}/grant`,
    { amount_fen: claim.amount_fen, date: tomorrow, reference: 'PZ-2026-0001' });
  assert.equal(s.status, 422);
  assert.equal(s.body.code, 'policy.grant_date_future');
  s = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${claim.id}/grant`,
    { amount_fen: claim.amount_fen, date: today(), reference: 'PZ-2026-0001' });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.state, 'granted');
  assert.equal(s.body.granted_fen, claim.amount_fen);
  assert.equal(s.body.grant_reference, 'PZ-2026-0001');
  // Only the enterprise confirms receipt.
  s = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${claim.id}/receipt`, {});
  assert.equal(s.status, 403);
  s = await srv.as('enterprise.demo', 'POST', `/api/v1/policy-claims/${claim.id}/receipt`, {});
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.state, 'received');
  assert.deepEqual(s.body.history.map((h) => h.action),
    ['policy_claim.apply', 'policy_claim.approve', 'policy_claim.grant', 'policy_claim.receipt']);
  // "Policies for you" shows the claim.
  const mine = (await forYou()).body.items.find((i) => i.policy.id === id);
  assert.equal(mine.claim.id, claim.id);
  assert.equal(mine.claim.state, 'received');
  // The attachment is there for the department.
  const f = await srv.as('economy.zhejiang', 'GET', `/api/v1/policy-claims/${claim.id}/files/1`);
  assert.equal(f.status, 200);
  assert.equal(Buffer.from(f.body.body, 'base64').toString(), '%PDF-1.4 lease');
});

test('an automatic policy is not applied for; a policy the enterprise lacks is refused with what it lacks', async () => {
  const items = (await forYou()).body.items;
  const auto = items.find((i) => i.policy.automatic);
  assert.ok(auto);
  const r = await srv.as('enterprise.demo', 'POST', `/api/v1/policies/${auto.policy.id}/claims`, {});
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'policy.claim_automatic');
  const rent = byTitle(items, RENT);
  const n = await srv.as('enterprise.demo', 'POST', `/api/v1/policies/${rent.policy.id}/claims`,
    { base_fen: 500000, statements: { premises_state_owned: true } });
  assert.equal(n.status, 422);
  assert.equal(n.body.code, 'policy.claim_not_eligible');
  assert.deepEqual(n.body.lacks, rent.match.lacks);
});

test('an objection opens a problem of kind benefit that the economic department sees', async () => {
  const items = (await forYou()).body.items;
  const lacking = items.find((i) => !i.match.eligible) || items[0];
  const o = await srv.as('enterprise.demo', 'POST', `/api/v1/policies/${lacking.policy.id}/objections`,
    { what: '我司职工均已参保，认为符合条件' });
  assert.equal(o.status, 201, o.text);
  const p = await srv.as('economy.zhejiang', 'GET', `/api/v1/problems/${o.body.problem}`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.kind, 'benefit');
  assert.equal(p.body.enterprise, DEMO);
  assert.match(p.body.what, /认为符合条件/);
  const mine = items.find((i) => i.policy.id === lacking.policy.id);
  assert.ok(mine);
  const again = byTitle((await forYou()).body.items, lacking.policy.title);
  assert.equal(again.objections.length >= 1, true);
  // Too short an objection is refused.
  const short = await srv.as('enterprise.demo', 'POST', `/api/v1/policies/${lacking.policy.id}/objections`, { what: '不' });
  assert.equal(short.status, 422);
});

test('the budget holds under 100 concurrent approvals: exactly k fit', async () => {
  const county = '330127';
  const made = [];
  for (let i = 0; i < 105; i++) {
    const uscc = newUscc(county);
    const c = await srv.as('industry.hangzhou', 'POST', '/api/v1/enterprises',
      { uscc, name: `淳安预算测试${i}号有限公司`, region: county, industry: '39', headcount: 5, categories: [] });
    assert.equal(c.status, 201, c.text);
    made.push(uscc);
  }
  const k = 37;
  const title = `预算并发测试补贴${process.pid}`;
  const file = join(srv.dir, 'budget-policies.json');
  writeFileSync(file, JSON.stringify({ policies: [{
    region: county, department: '淳安县经济和信息化局', title, doc_number: '淳经信测〔2026〕1号',
    doc_date: '2026-01-01', valid_from: '2026-01-01', valid_to: '2099-12-31', budget_yuan: k * 1000, automatic: true,
    rule: { benefit: 'subsidy', when: { headcount: { min: 1 } }, amount: { fixed: 1000 } },
  }] }));
  let r = srv.cli(['policies', 'import', file, '--publish']);
  assert.equal(r.code, 0, r.err);
  r = srv.cli(['policies', 'match']);
  assert.equal(r.code, 0, r.err);
  // The matching made an automatic claim for every enterprise of the county.
  const q = await srv.as('economy.zhejiang', 'GET', `/api/v1/policy-claims?region=${county}&state=pending&limit=500`);
  assert.equal(q.status, 200, q.text);
  const claims = q.body.items.filter((c) => c.policy_title === title);
  for (const u of made) assert.ok(claims.some((c) => c.enterprise === u && c.origin === 'automatic' && c.amount_fen === 100000), u);
  const policy = claims[0].policy;
  const fire = claims.slice(0, 100);
  assert.equal(fire.length, 100);
  await srv.login('economy.zhejiang');
  const answers = await Promise.all(fire.map((c) => srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${c.id}/approve`, {})));
  const ok = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status !== 200);
  assert.equal(ok.length, k, answers.map((a) => `${a.status} ${a.body?.code}`).join(', '));
  for (const a of refused) {
    assert.equal(a.status, 409);
    assert.equal(a.body.code, 'policy.budget_exhausted');
  }
  const after = await srv.as('economy.zhejiang', 'GET', `/api/v1/policy-claims?policy=${policy}&state=approved&limit=500`);
  assert.equal(after.body.total, k);
  const b = after.body.policies[policy];
  assert.equal(b.committed_fen, k * 100000);
  assert.ok(b.committed_fen <= b.budget_fen);
  // A grant of less than approved gives the rest back to the budget.
  const one = ok[0].body;
  const g = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${one.id}/grant`,
    { amount_fen: 60000, date: today(), reference: 'CA-0001' });
  assert.equal(g.status, 200, g.text);
  assert.equal(g.body.budget.committed_fen, k * 100000 - 40000);
  // The budget cannot be cut below what the approvals committed; down to it, it can.
  const committed = k * 100000 - 40000;
  const pol = (await srv.as('economy.zhejiang', 'GET', `/api/v1/policies/${policy}`)).body;
  let u = await srv.as('economy.zhejiang', 'PUT', `/api/v1/policies/${policy}`, { version: pol.version, budget_fen: committed - 1 });
  assert.equal(u.status, 409, u.text);
  assert.equal(u.body.code, 'policy.budget_below_committed');
  assert.equal(u.body.params.committed, `${Math.floor(committed / 100)}.${String(committed % 100).padStart(2, '0')}`);
  u = await srv.as('economy.zhejiang', 'PUT', `/api/v1/policies/${policy}`, { version: pol.version, budget_fen: committed });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.budget_fen, committed);
  // The same enterprise's "policies for you" shows its claim.
  const own = await srv.as('economy.zhejiang', 'GET', `/api/v1/enterprises/${one.enterprise}/policies`);
  assert.equal(own.status, 200, own.text);
  assert.equal(byTitle(own.body.items, title).claim.state, 'granted');
});

test('jurisdiction: other enterprise, other province, wrong role', async () => {
  const items = (await forYou()).body.items;
  const rent = items.find((i) => i.policy.benefit === 'deferral');
  const claimId = rent.claim.id;
  // Another enterprise's account and another province's economic department.
  const other = newUscc('330106');
  let c = await srv.as('industry.hangzhou', 'POST', '/api/v1/enterprises',
    { uscc: other, name: '西湖另一家测试有限公司', region: '330106', industry: '61', headcount: 20, categories: [] });
  assert.equal(c.status, 201, c.text);
  c = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts',
    { username: 'clerk.other', display_name: '另一家企业', role: 'enterprise', enterprises: [other], password: 'clerk.other-2022' });
  assert.equal(c.status, 201, c.text);
  c = await srv.as('coordinator', 'POST', '/api/v1/accounts',
    { username: 'economy.jiangsu', role: 'economic_department', region: '320000', password: 'economy.jiangsu-2022' });
  assert.equal(c.status, 201, c.text);

  const checks = [
    ['clerk.other', 'GET', `/api/v1/enterprises/${DEMO}/policies`],
    ['clerk.other', 'GET', `/api/v1/policies/${rent.policy.id}/claims/form?enterprise=${DEMO}`],
    ['clerk.other', 'POST', `/api/v1/policies/${rent.policy.id}/claims`, { enterprise: DEMO }],
    ['clerk.other', 'POST', `/api/v1/policies/${rent.policy.id}/objections`, { enterprise: DEMO, what: '替别人提出异议' }],
    ['clerk.other', 'GET', `/api/v1/policy-claims/${claimId}`],
    ['clerk.other', 'GET', `/api/v1/policy-claims?enterprise=${DEMO}`],
    ['clerk.other', 'POST', `/api/v1/policy-claims/${claimId}/receipt`, {}],
    ['clerk.other', 'POST', `/api/v1/policy-claims/${claimId}/withdraw`, {}],
    ['economy.jiangsu', 'GET', `/api/v1/enterprises/${DEMO}/policies`],
    ['economy.jiangsu', 'GET', `/api/v1/policy-claims/${claimId}`],
    ['economy.jiangsu', 'GET', `/api/v1/policy-claims/${claimId}/files/1`],
    ['economy.jiangsu', 'POST', `/api/v1/policy-claims/${claimId}/approve`, {}],
    ['economy.jiangsu', 'POST', `/api/v1/policy-claims/${claimId}/reject`, { reason: '不在本省办理' }],
    ['economy.jiangsu', 'POST', `/api/v1/policy-claims/${claimId}/more-info`, { reason: '不在本省办理' }],
    ['economy.jiangsu', 'POST', `/api/v1/policy-claims/${claimId}/grant`, { amount_fen: 1, date: today(), reference: 'X' }],
    ['industry.hangzhou', 'POST', `/api/v1/policy-claims/${claimId}/approve`, {}],
    ['industry.hangzhou', 'GET', `/api/v1/policy-claims`],
    ['industry.hangzhou', 'GET', `/api/v1/policy-claims/${claimId}`],
    ['operator.demo', 'GET', `/api/v1/policy-claims/${claimId}`],
    ['operator.demo', 'POST', `/api/v1/policies/${rent.policy.id}/claims`, {}],
    ['enterprise.demo', 'POST', `/api/v1/policy-claims/${claimId}/grant`, { amount_fen: 1, date: today(), reference: 'X' }],
    ['enterprise.demo', 'POST', `/api/v1/policy-claims/${claimId}/answer`, { reason: '冒充部门' }].slice(0, 4),
    ['economy.zhejiang', 'POST', `/api/v1/policy-claims/${claimId}/answer`, { reason: '部门代答复' }],
    ['economy.zhejiang', 'POST', `/api/v1/policy-claims/${claimId}/withdraw`, {}],
  ];
  const wrong = [];
  for (const [u, m, p, body] of checks) {
    const r = await srv.as(u, m, p, body);
    if (u === 'enterprise.demo' && p.endsWith('/answer')) {
      // Its own claim, but a received claim takes no answer.
      if (r.status !== 409) wrong.push(`${u} ${m} ${p} -> ${r.status}`);
      continue;
    }
    if (![403, 404].includes(r.status)) wrong.push(`${u} ${m} ${p} -> ${r.status} ${r.body?.code}`);
  }
  assert.deepEqual(wrong, []);
  // The other province's queue does not hold Zhejiang's claims; its own enterprise's list is empty.
  const js = await srv.as('economy.jiangsu', 'GET', '/api/v1/policy-claims?limit=500');
  assert.equal(js.status, 200);
  assert.ok(js.body.items.every((x) => x.region.startsWith('32')), 'only Jiangsu claims');
  const mine = await srv.as('clerk.other', 'GET', '/api/v1/policy-claims');
  assert.equal(mine.status, 200);
  assert.ok(mine.body.items.every((x) => x.enterprise === other));
});
