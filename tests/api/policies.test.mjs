// The policy catalogue (issue 15, part "catalogue") over HTTP: the list and
// its filters, who sees what (an enterprise only the published policies
// covering it, a draft only its issuing department, the auditor the
// published ones), the issuing department's draft → a bad rule refused with
// its code and place → fixed → previewed → published (the preview's count is
// what the full match then finds) → a stale write refused → withdrawn, the
// benefit facts with their access, and the jurisdiction of every endpoint.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
after(() => srv.stop());

const USCC = '91330106MA27XK000B'; // enterprise.demo, 西湖区
const ECO = 'economy.zhejiang';

before(async () => {
  srv = await startServer({ enterprises: 300 });
  // The economic department of Jiangsu, made by the national coordinator.
  const made = await srv.as('coordinator', 'POST', '/api/v1/accounts',
    { username: 'economy.jiangsu', display_name: '江苏省发展改革委', role: 'economic_department', region: '320000', password: 'economy.jiangsu-2022' });
  assert.equal(made.status, 201, made.text);
});

const RULE = {
  benefit: 'subsidy',
  when: { all: [{ headcount: { min: 1 } }, { industry: ['C'] }] },
  amount: { per_insured_employee: 300, cap: 50000 },
};
const today = () => new Date(srv.now() + 8 * 3600e3).toISOString().slice(0, 10);
const year = () => today().slice(0, 4);
const record = (over = {}) => ({
  region: '330100', department: '杭州市经济和信息化局', title: '制造业稳岗补贴（测试）',
  doc_number: '杭经信演示〔2022〕9号', doc_date: `${year()}-01-05`, valid_from: `${year()}-01-05`,
  valid_to: `${year()}-12-31`, budget_fen: 500000000, automatic: true, ...over,
});

test('the catalogue lists the published policies, filtered by issuer, benefit, validity and text', async () => {
  const all = await srv.as('auditor.zhejiang', 'GET', '/api/v1/policies?limit=100');
  assert.equal(all.status, 200, all.text);
  assert.equal(all.body.total, 8, 'the demo catalogue: 8 published policies');
  assert.ok(all.body.items.every((p) => p.state === 'published'));
  const zj = await srv.as('auditor.zhejiang', 'GET', '/api/v1/policies?region=330106');
  assert.equal(zj.body.total, 4, 'issued at or above Xihu: the four of Zhejiang');
  assert.ok(zj.body.items.every((p) => p.region === '330000' && p.region_name === '浙江省'));
  const js = await srv.as('auditor.zhejiang', 'GET', '/api/v1/policies?region=320000');
  assert.equal(js.body.total, 2);
  const rent = await srv.as('auditor.zhejiang', 'GET', '/api/v1/policies?benefit=rent_relief');
  assert.ok(rent.body.total >= 1);
  assert.ok(rent.body.items.every((p) => p.benefit === 'rent_relief'));
  const q = await srv.as('auditor.zhejiang', 'GET', `/api/v1/policies?q=${encodeURIComponent('留工培训')}`);
  assert.ok(q.body.total >= 1);
  assert.ok(q.body.items.every((p) => p.title.includes('留工培训')));
  const valid = await srv.as('auditor.zhejiang', 'GET', '/api/v1/policies?valid_on=today');
  assert.ok(valid.body.items.every((p) => p.valid_from <= today() && p.valid_to >= today()));
  const old = await srv.as('auditor.zhejiang', 'GET', '/api/v1/policies?valid_on=1999-01-01');
  assert.equal(old.body.total, 0);
  const page = await srv.as('auditor.zhejiang', 'GET', '/api/v1/policies?limit=3&offset=3');
  assert.equal(page.body.items.length, 3);
  assert.equal(page.body.total, 8);
  assert.notEqual(page.body.items[0].id, all.body.items[0].id);
  // Bad filters: 400 with their code.
  assert.equal((await srv.as(ECO, 'GET', '/api/v1/policies?benefit=gift')).status, 400);
  assert.equal((await srv.as(ECO, 'GET', '/api/v1/policies?valid_on=soon')).body.code, 'policy.valid_on');
  // An enterprise sees only the policies covering its county.
  const mine = await srv.as('enterprise.demo', 'GET', '/api/v1/policies');
  assert.equal(mine.status, 200);
  assert.equal(mine.body.total, 4);
  assert.ok(mine.body.items.every((p) => p.region === '330000'));
  const other = all.body.items.find((p) => p.region === '320000');
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/policies/${other.id}`)).status, 404);
  // Its page: the rule as data, versions, counts, no actions for a reader.
  const own = mine.body.items[0];
  const one = await srv.as('enterprise.demo', 'GET', `/api/v1/policies/${own.id}`);
  assert.equal(one.status, 200);
  assert.equal(typeof one.body.rule.when, 'object');
  assert.equal(one.body.rule_versions.length, 1);
  assert.equal(typeof one.body.counts.eligible, 'number');
  assert.deepEqual(one.body.actions_allowed, []);
  const v1 = await srv.as('enterprise.demo', 'GET', `/api/v1/policies/${own.id}/rules/1`);
  assert.equal(v1.status, 200);
  assert.deepEqual(v1.body.rule, one.body.rule);
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/policies/${own.id}/rules/2`)).body.code, 'policy.rule_not_found');
  // A transport operator has no catalogue at all.
  assert.equal((await srv.as('operator.demo', 'GET', '/api/v1/policies')).status, 403);
});

let id;

test('a draft: a bad rule is refused with its code and place, the fixed one previewed and published', async () => {
  const badRule = { ...RULE, when: { all: [{ headcount: { min: 1 } }, { industry: ['ZZ'] }] } };
  let r = await srv.as(ECO, 'POST', '/api/v1/policies', { ...record(), rule: badRule });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.code, 'policy.industry');
  assert.equal(r.body.params.path, 'when.all[1]');
  // A bad record: the core's code too.
  r = await srv.as(ECO, 'POST', '/api/v1/policies', { ...record({ valid_to: `${year()}-01-01` }), rule: RULE });
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'policy.validity');
  // Another province's department may not draft for Hangzhou.
  r = await srv.as('economy.jiangsu', 'POST', '/api/v1/policies', { ...record(), rule: RULE });
  assert.equal(r.status, 403);
  r = await srv.as(ECO, 'POST', '/api/v1/policies', { ...record(), rule: RULE, note: '初稿' });
  assert.equal(r.status, 201, r.text);
  id = r.body.id;
  assert.equal(r.body.state, 'draft');
  assert.deepEqual(r.body.actions_allowed, ['edit', 'preview', 'publish', 'withdraw']);
  assert.equal(r.headers.get('location'), `/api/v1/policies/${id}`);

  // The draft: invisible to readers, other provinces and enterprises.
  for (const u of ['economy.jiangsu', 'auditor.zhejiang', 'enterprise.demo', 'industry.hangzhou'])
    assert.equal((await srv.as(u, 'GET', `/api/v1/policies/${id}`)).status, 404, u);
  const drafts = await srv.as(ECO, 'GET', '/api/v1/policies?state=draft');
  assert.deepEqual(drafts.body.items.map((p) => p.id), [id]);
  assert.equal((await srv.as('economy.jiangsu', 'GET', '/api/v1/policies?state=draft')).body.total, 0);

  // A new rule version: the bad one refused again, then the fixed one.
  r = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/rules`, { rule: { ...RULE, amount: { fixed: 0 } } });
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'policy.yuan');
  const fixed = { ...RULE, amount: { per_insured_employee: 500, cap: 50000 } };
  r = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/rules`, { rule: fixed, note: '提高标准' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.rule_version, 2);
  assert.equal(r.body.rule_versions[0].note, '提高标准');
  assert.equal(r.body.rule.amount.per_insured_employee, 500);

  // Preview: an unsaved edit and the saved rule, over Hangzhou only.
  const wider = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/preview`, { rule: { ...fixed, when: { headcount: { min: 1 } } } });
  assert.equal(wider.status, 200, wider.text);
  assert.equal(wider.body.rule_version, null);
  const p = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/preview`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.rule_version, 2);
  assert.ok(p.body.enterprises > 0);
  assert.ok(p.body.eligible > 0, JSON.stringify(p.body));
  assert.ok(wider.body.eligible >= p.body.eligible);
  assert.equal(p.body.enterprises, wider.body.enterprises);
  assert.ok(p.body.by_county.length > 0 && p.body.by_county.length <= 20);
  assert.equal(p.body.by_county.reduce((s, c) => s + c.eligible, 0) <= p.body.eligible, true);
  for (const c of p.body.by_county) assert.ok(c.region.startsWith('3301') && c.name, JSON.stringify(c));
  assert.ok(p.body.sample.length > 0 && p.body.sample.length <= 20);
  for (const s of p.body.sample) {
    assert.ok(s.name && s.region_name && s.region.startsWith('3301'), JSON.stringify(s));
    assert.ok(s.amount_fen === null || s.amount_fen <= 5000000);
  }
  assert.ok(p.body.amount_fen >= 0);
  // A new policy's editor previews before saving.
  const fresh = await srv.as(ECO, 'POST', '/api/v1/policies/preview', { region: '330100', rule: fixed });
  assert.equal(fresh.status, 200, fresh.text);
  assert.equal(fresh.body.eligible, p.body.eligible);

  // Publish, then the full match finds exactly the preview's count.
  r = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/publish`, { version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'published');
  const m = srv.cli(['policies', 'match']);
  assert.equal(m.code, 0, m.err);
  const after = await srv.as('auditor.zhejiang', 'GET', `/api/v1/policies/${id}`);
  assert.equal(after.status, 200);
  assert.equal(after.body.counts.eligible, p.body.eligible);
  assert.deepEqual(after.body.actions_allowed, []);
  // Published: the enterprise of Hangzhou sees it, Jiangsu's department too.
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/policies/${id}`)).status, 200);
  assert.equal((await srv.as('economy.jiangsu', 'GET', `/api/v1/policies/${id}`)).status, 200);
});

test('a stale write is refused with 409; a withdrawal says why and ends revisions', async () => {
  const cur = (await srv.as(ECO, 'GET', `/api/v1/policies/${id}`)).body;
  let r = await srv.as(ECO, 'PUT', `/api/v1/policies/${id}`, { version: cur.version, budget_fen: 600000000 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.budget_fen, 600000000);
  assert.equal(r.body.title, cur.title, 'members left out keep their value');
  r = await srv.as(ECO, 'PUT', `/api/v1/policies/${id}`, { version: cur.version, title: '过时的修改' });
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 'policy.stale');
  r = await srv.as(ECO, 'PUT', `/api/v1/policies/${id}`, { title: '没有版本' });
  assert.equal(r.status, 422);
  assert.equal(r.body.field, 'version');
  // Moving it to another province is outside the jurisdiction.
  const now = (await srv.as(ECO, 'GET', `/api/v1/policies/${id}`)).body;
  r = await srv.as(ECO, 'PUT', `/api/v1/policies/${id}`, { version: now.version, region: '320000' });
  assert.equal(r.status, 403);
  // Within it, a published policy still keeps its region.
  r = await srv.as(ECO, 'PUT', `/api/v1/policies/${id}`, { version: now.version, region: '330200' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.code, 'policy.region_fixed');
  assert.equal((await srv.as(ECO, 'GET', `/api/v1/policies/${id}`)).body.region, '330100');
  // Publish twice: the state refuses.
  r = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/publish`, {});
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 'policy.state');
  r = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/withdraw`, {});
  assert.equal(r.status, 422);
  assert.equal(r.body.field, 'reason');
  r = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/withdraw`, { reason: '资金已用完', version: now.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'withdrawn');
  assert.deepEqual(r.body.actions_allowed, []);
  r = await srv.as(ECO, 'POST', `/api/v1/policies/${id}/rules`, { rule: RULE });
  assert.equal(r.body.code, 'policy.withdrawn');
  // Withdrawn: its department still sees it, the others no more.
  assert.equal((await srv.as(ECO, 'GET', `/api/v1/policies/${id}`)).status, 200);
  assert.equal((await srv.as('auditor.zhejiang', 'GET', `/api/v1/policies/${id}`)).status, 404);
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity_id=${id}&action=policy.withdraw`);
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.body.items.length, 1);
  assert.equal(audit.body.items[0].detail.reason, '资金已用完');
});

test('benefit facts: the enterprise and its economic department set them, its entitlements follow', async () => {
  let r = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${USCC}/benefit-facts`);
  assert.equal(r.status, 200, r.text);
  assert.ok('insured' in r.body && 'monthly_rent_fen' in r.body);
  r = await srv.as('enterprise.demo', 'PUT', `/api/v1/enterprises/${USCC}/benefit-facts`,
    { insured: 42, monthly_rent_fen: 1234567, vat_credit_fen: null });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.insured, 42);
  assert.equal(r.body.monthly_rent_fen, 1234567);
  assert.equal(r.body.vat_credit_fen, null);
  assert.equal(typeof r.body.rematch.eligible, 'number');
  // Left out: kept. The economic department of Zhejiang may set them too.
  r = await srv.as(ECO, 'PUT', `/api/v1/enterprises/${USCC}/benefit-facts`, { monthly_contributions_fen: 880000 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.insured, 42);
  assert.equal(r.body.monthly_contributions_fen, 880000);
  // The entitlements followed: the training subsidy counts 42 insured employees now.
  const you = await srv.as('auditor.zhejiang', 'GET', `/api/v1/enterprises/${USCC}/benefit-facts`);
  assert.equal(you.body.insured, 42);
  // Bad values.
  r = await srv.as('enterprise.demo', 'PUT', `/api/v1/enterprises/${USCC}/benefit-facts`, { insured: -1 });
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'benefit_facts.value');
  assert.equal(r.body.field, 'insured');
  r = await srv.as('enterprise.demo', 'PUT', `/api/v1/enterprises/${USCC}/benefit-facts`, { monthly_rent_fen: 12.5 });
  assert.equal(r.status, 422);
  // Who may not: another enterprise's clerk, Jiangsu's department, a reader.
  const made = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts',
    { username: 'clerk.other', display_name: '其他企业', role: 'enterprise', enterprises: ['91330106MA27XK001E'], password: 'clerk.other-2022' });
  assert.equal(made.status, 201, made.text);
  // (another's enterprise, or one outside, reads as one nobody registered: issue 16)
  r = await srv.as('clerk.other', 'PUT', `/api/v1/enterprises/${USCC}/benefit-facts`, { insured: 1 });
  assert.deepEqual([r.status, r.body.code], [404, 'enterprise.not_found']);
  r = await srv.as('clerk.other', 'GET', `/api/v1/enterprises/${USCC}/benefit-facts`);
  assert.deepEqual([r.status, r.body.code], [404, 'enterprise.not_found']);
  r = await srv.as('economy.jiangsu', 'PUT', `/api/v1/enterprises/${USCC}/benefit-facts`, { insured: 1 });
  assert.deepEqual([r.status, r.body.code], [404, 'enterprise.not_found']);
  r = await srv.as('auditor.zhejiang', 'PUT', `/api/v1/enterprises/${USCC}/benefit-facts`, { insured: 1 });
  assert.equal(r.status, 403);
  r = await srv.as('enterprise.demo', 'GET', '/api/v1/enterprises/91330106MA27XK999X/benefit-facts');
  assert.ok([400, 404].includes(r.status));
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${USCC}/benefit-facts`)).body.insured, 42);
});

test('jurisdiction of every endpoint, from the outside', async () => {
  const d = await srv.as(ECO, 'POST', '/api/v1/policies', { ...record({ title: '管辖测试' }), rule: RULE });
  assert.equal(d.status, 201, d.text);
  const pid = d.body.id;
  const writes = [
    ['POST', '/api/v1/policies', { ...record(), rule: RULE }],
    ['POST', '/api/v1/policies/preview', { region: '330100', rule: RULE }],
    ['PUT', `/api/v1/policies/${pid}`, { version: d.body.version, title: 'x' }],
    ['POST', `/api/v1/policies/${pid}/rules`, { rule: RULE }],
    ['POST', `/api/v1/policies/${pid}/publish`, {}],
    ['POST', `/api/v1/policies/${pid}/withdraw`, { reason: 'x' }],
    ['POST', `/api/v1/policies/${pid}/preview`, {}],
  ];
  // Roles without policy.write: 403 before anything.
  for (const u of ['enterprise.demo', 'auditor.zhejiang', 'industry.hangzhou', 'joint.zhejiang', 'health.zhejiang'])
    for (const [m, path, body] of writes) {
      const r = await srv.as(u, m, path, body);
      assert.equal(r.status, 403, `${u} ${m} ${path}: ${r.status}`);
    }
  // The economic department of another province: 403 on a new policy here,
  // 404 on a draft it cannot see.
  for (const [m, path, body] of writes) {
    const r = await srv.as('economy.jiangsu', m, path, body);
    assert.ok(path.includes(pid) ? r.status === 404 : r.status === 403, `economy.jiangsu ${m} ${path}: ${r.status}`);
  }
  // Reads of the draft: only its department.
  for (const path of [`/api/v1/policies/${pid}`, `/api/v1/policies/${pid}/rules/1`]) {
    assert.equal((await srv.as(ECO, 'GET', path)).status, 200);
    for (const u of ['economy.jiangsu', 'auditor.zhejiang', 'enterprise.demo'])
      assert.equal((await srv.as(u, 'GET', path)).status, 404, `${u} ${path}`);
  }
  // No session: 401 everywhere.
  for (const [m, path, body] of [['GET', '/api/v1/policies'], ['GET', `/api/v1/policies/${pid}`], ...writes,
    ['GET', `/api/v1/enterprises/${USCC}/benefit-facts`], ['PUT', `/api/v1/enterprises/${USCC}/benefit-facts`, { insured: 1 }]]) {
    const r = await srv.req(m, path, { body });
    assert.equal(r.status, 401, `${m} ${path}`);
  }
  // Nobody learns of a policy that does not exist.
  assert.equal((await srv.as(ECO, 'GET', '/api/v1/policies/00000000-0000-0000-0000-000000000000')).status, 404);
});
