// What the API does, end to end: sessions, risk designation changing guidance,
// versioned updates, lists, rules, audit, OpenAPI coverage, keep-alive.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import { password, newUscc, run, SANITIZED, startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer({ enterprises: 300 }); });
after(() => srv.stop());

test('sign-in sets an HttpOnly SameSite=Strict cookie that works with the session\'s CSRF token', async () => {
  const r = await srv.req('POST', '/api/v1/auth/login', { body: { username: 'industry.hangzhou', password: password('industry.hangzhou') } });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /fg_session=/);
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Strict/i);
  assert.doesNotMatch(cookie, /Secure/i, 'not Secure unless the server is told it is behind TLS');
  assert.match(r.body.csrf, /^[0-9a-f]{32}$/);
  const session = cookie.split(';')[0];
  const me = await srv.req('GET', '/api/v1/auth/me', { headers: { Cookie: session } });
  assert.equal(me.status, 200);
  assert.equal(me.body.role, 'industry_authority');
  assert.equal(me.body.region, '330100');
  assert.equal(me.body.region_name, '杭州市');
  const cur = await srv.req('GET', '/api/v1/enterprises/91330106MA27XK000B', { headers: { Cookie: session } });
  const change = { version: cur.body.version, headcount: 430 };
  const noCsrf = await srv.req('PATCH', '/api/v1/enterprises/91330106MA27XK000B', { body: change, headers: { Cookie: session } });
  assert.equal(noCsrf.status, 403);
  assert.match(noCsrf.body.detail, /X-Fugong-CSRF/);
  assert.equal(noCsrf.body.code, 'auth.csrf');
  // The header's presence is not enough: it must be the session's token.
  for (const wrong of ['1', '0'.repeat(32), r.body.csrf.slice(0, 31)]) {
    const bad = await srv.req('PATCH', '/api/v1/enterprises/91330106MA27XK000B', { body: change, headers: { Cookie: session, 'X-Fugong-CSRF': wrong } });
    assert.equal(bad.status, 403, wrong);
  }
  // Another session's token does not serve either.
  const other = await srv.req('POST', '/api/v1/auth/login', { body: { username: 'industry.hangzhou', password: password('industry.hangzhou') } });
  assert.notEqual(other.body.csrf, r.body.csrf);
  const crossed = await srv.req('PATCH', '/api/v1/enterprises/91330106MA27XK000B', { body: change, headers: { Cookie: session, 'X-Fugong-CSRF': other.body.csrf } });
  assert.equal(crossed.status, 403);
  // /auth/me gives a page loaded with the cookie alone the same token.
  assert.equal(me.body.csrf, r.body.csrf);
  const withCsrf = await srv.req('PATCH', '/api/v1/enterprises/91330106MA27XK000B', { body: change, headers: { Cookie: session, 'X-Fugong-CSRF': r.body.csrf } });
  assert.equal(withCsrf.status, 200);
  const out = await srv.req('POST', '/api/v1/auth/logout', { headers: { Cookie: session } });
  assert.equal(out.status, 204);
  assert.equal((await srv.req('GET', '/api/v1/auth/me', { headers: { Cookie: session } })).status, 401);
});

test('a county designated high risk changes the guidance of an enterprise there', async () => {
  const uscc = '91330106MA27XK000B';
  const beforeG = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${uscc}/guidance`);
  assert.equal(beforeG.status, 200);
  assert.equal(beforeG.body.risk.level, 'medium');
  assert.equal(beforeG.body.mode, 'strengthened');
  const d = await srv.as('health.zhejiang', 'POST', '/api/v1/regions/330106/risk', { level: 'high', reason: '出现聚集性疫情 cluster of cases' });
  assert.equal(d.status, 201);
  assert.equal(d.body.level, 'high');
  const g = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${uscc}/guidance`);
  assert.equal(g.body.risk.level, 'high');
  assert.equal(g.body.risk.source_region, '330106');
  assert.equal(g.body.mode, 'closed_loop');
  assert.equal(g.body.rule.id, 'high-key-no-plan');
  assert.equal(g.body.restriction_allowed, true);
  assert.equal(g.body.route, 'key_or_livelihood');
  assert.match(g.body.explanation.en, /Rule high-key-no-plan/);
  assert.ok(g.body.explanation.zh.length > 10);
  // The past is unchanged: asking for an earlier date gives the earlier answer.
  const region = await srv.as('health.zhejiang', 'GET', '/api/v1/regions/330106');
  assert.equal(region.body.risk.level, 'high');
  assert.ok(region.body.history.length >= 2);
  assert.equal(region.body.history[0].level, 'high');
  const past = await srv.as('health.zhejiang', 'GET', '/api/v1/regions/330106?on=2020-01-01');
  assert.equal(past.body.risk.level, 'low');
  // A city below the province inherits nothing from a county.
  const city = await srv.as('health.zhejiang', 'GET', '/api/v1/regions/330100');
  assert.equal(city.body.highest_level_inside, 'high');
});

test('concurrent edits: the stale one gets 409 with the current version', async () => {
  const path = '/api/v1/enterprises/91330106MA27XK001E';
  const cur = await srv.as('joint.zhejiang', 'GET', path);
  const a = await srv.as('joint.zhejiang', 'PATCH', path, { version: cur.body.version, headcount: 90 });
  assert.equal(a.status, 200);
  assert.equal(a.body.version, cur.body.version + 1);
  const b = await srv.as('industry.hangzhou', 'PATCH', path, { version: cur.body.version, headcount: 95 });
  assert.equal(b.status, 409);
  assert.match(b.body.detail, /changed by someone else/);
  assert.equal(b.body.current_version, a.body.version, 'the loser is told the current version');
  assert.equal((await srv.as('joint.zhejiang', 'GET', path)).body.headcount, 90);
  const hist = await srv.as('joint.zhejiang', 'GET', `${path}/history`);
  assert.equal(hist.body.items[0].action, 'enterprise.update');
  assert.equal(hist.body.items[0].detail.before.headcount, 85);
  assert.equal(hist.body.items[0].detail.after.headcount, 90);
});

test('create, then read back; a duplicate is 409', async () => {
  const uscc = newUscc('330106');
  const body = { uscc, name: '杭州新建测试有限公司', region: '330106', industry: '39', headcount: 12, categories: ['key_industrial'] };
  const c = await srv.as('industry.hangzhou', 'POST', '/api/v1/enterprises', body);
  assert.equal(c.status, 201);
  assert.equal(c.headers.get('location'), `/api/v1/enterprises/${uscc}`);
  const g = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${uscc}`);
  assert.equal(g.body.name, body.name);
  assert.deepEqual(g.body.categories, ['key_industrial']);
  assert.equal(g.body.status, 'operating');
  const dup = await srv.as('industry.hangzhou', 'POST', '/api/v1/enterprises', body);
  assert.equal(dup.status, 409);
  assert.equal(dup.body.field, 'uscc');
});

test('CSV import: a bad row is reported by line and nothing is written; skip_invalid imports the rest', async () => {
  const token = await srv.login('industry.hangzhou');
  const auth = { Authorization: `Bearer ${token}` };
  const good = newUscc('330106');
  const csv = ['uscc,name,region,industry,headcount,categories',
    `${good},导入测试甲有限公司,330106,34,10,key_industrial`,
    `${newUscc('330106').slice(0, 17)}Z,导入测试乙有限公司,330106,34,10,`,
    `${newUscc('320505')},导入测试丙有限公司,320505,34,10,`,
    `${newUscc('330106')},导入测试丁有限公司,330106,99,10,`].join('\n');
  let r = await srv.req('POST', '/api/v1/enterprises/import', { raw: csv, type: 'text/csv', headers: auth });
  assert.equal(r.status, 422);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual(r.body.errors.map((e) => e.line), [3, 4, 5]);
  assert.match(r.body.errors[0].message, /not allowed/);
  assert.match(r.body.errors[1].message, /outside your jurisdiction/);
  assert.match(r.body.errors[2].message, /unknown industry/);
  assert.equal(r.body.imported, 0);
  assert.equal((await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${good}`)).status, 404);
  r = await srv.req('POST', '/api/v1/enterprises/import?skip_invalid=true', { raw: csv, type: 'text/csv', headers: auth });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.imported, 1);
  assert.equal(r.body.rejected, 3);
  const got = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${good}/history`);
  assert.equal(got.body.items[0].action, 'enterprise.import');
  assert.equal(got.body.items[0].actor, 'industry.hangzhou');
  // Nothing valid to import (every row refused, or a header alone): 0 imported, nothing written.
  r = await srv.req('POST', '/api/v1/enterprises/import?skip_invalid=true', { raw: csv.split('\n').filter((l, i) => i !== 1).join('\n'), type: 'text/csv', headers: auth });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.imported, 0);
  r = await srv.req('POST', '/api/v1/enterprises/import', { raw: 'uscc,name,region,industry,headcount,categories\n', type: 'text/csv', headers: auth });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.imported, 0);
  r = await srv.req('POST', '/api/v1/enterprises/import', { raw: csv, type: 'application/json', headers: auth });
  assert.equal(r.status, 415);
  r = await srv.send('POST', '/api/v1/enterprises/import', { body: 'x'.repeat(17 << 20), headers: { ...auth, 'Content-Type': 'text/csv', 'Content-Length': 17 << 20 } });
  assert.equal(r.status, 413);
  assert.match(r.body.detail, /larger than the limit/);
  r = await srv.req('POST', '/api/v1/enterprises/import', { raw: 'uscc,name\n', type: 'text/csv', headers: auth });
  assert.equal(r.status, 422);
  assert.match(r.body.detail, /lacks the required column region/);
  const ent = await srv.login('enterprise.demo');
  r = await srv.req('POST', '/api/v1/enterprises/import', { raw: csv, type: 'text/csv', headers: { Authorization: `Bearer ${ent}` } });
  assert.equal(r.status, 403);
});

test('export to CSV and XLSX with the list filters; an export imports again', async () => {
  const token = await srv.login('industry.hangzhou');
  const res = await fetch(`${srv.base}/api/v1/enterprises/export?format=csv&category=key_industrial`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="enterprises-\d{4}-\d{2}-\d{2}\.csv"/);
  const text = (await res.text()).replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  assert.equal(lines[0], '统一社会信用代码,企业名称,所在区县,区县代码,行业,行业代码,职工人数,日产能,企业类别,服务业类型,产业链关键环节,已备案预案,白名单,经营状态');
  const list = await srv.as('industry.hangzhou', 'GET', '/api/v1/enterprises?category=key_industrial&limit=1');
  assert.equal(lines.length - 1, list.body.total);
  assert.ok(lines.slice(1).every((l) => l.split(',')[3].startsWith('3301')), 'only the jurisdiction');
  // The same file imports again: every row is a duplicate of a registered one.
  const again = await srv.req('POST', '/api/v1/enterprises/import', { raw: text, type: 'text/csv', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(again.status, 422);
  assert.ok(again.body.errors.every((e) => /already registered/.test(e.message)));
  const x = await fetch(`${srv.base}/api/v1/enterprises/export?format=xlsx`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(x.status, 200);
  assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04', 'an XLSX is a zip');
  assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml')));
  const bad = await srv.as('industry.hangzhou', 'GET', '/api/v1/enterprises/export?format=pdf');
  assert.equal(bad.status, 400);
  const mine = await srv.as('enterprise.demo', 'GET', '/api/v1/enterprises/export');
  assert.equal(mine.status, 200);
  assert.equal(mine.text.replace(/^\uFEFF/, '').trim().split('\r\n').length, 2, 'an enterprise account exports only itself');
  assert.equal((await srv.as('checkpoint.xihu', 'GET', '/api/v1/enterprises/export')).status, 403);
});

test('enterprise lists filter, search and paginate', async () => {
  const all = await srv.as('coordinator', 'GET', '/api/v1/enterprises?limit=500');
  assert.ok(all.body.total >= 300);
  const p1 = await srv.as('coordinator', 'GET', '/api/v1/enterprises?limit=10&offset=0');
  const p2 = await srv.as('coordinator', 'GET', '/api/v1/enterprises?limit=10&offset=10');
  assert.equal(p1.body.items.length, 10);
  assert.notEqual(p1.body.items[0].uscc, p2.body.items[0].uscc);
  assert.ok(p1.body.items[9].uscc < p2.body.items[0].uscc);
  const zj = await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=330000&limit=500');
  assert.ok(zj.body.items.every((e) => e.region.startsWith('33')));
  const key = await srv.as('coordinator', 'GET', '/api/v1/enterprises?category=key_industrial&limit=500');
  assert.ok(key.body.items.length > 0 && key.body.items.every((e) => e.categories.includes('key_industrial')));
  const wl = await srv.as('coordinator', 'GET', '/api/v1/enterprises?whitelist=true&limit=500');
  assert.ok(wl.body.items.every((e) => e.whitelist));
  const ind = await srv.as('coordinator', 'GET', '/api/v1/enterprises?industry=34&limit=500');
  assert.ok(ind.body.items.every((e) => e.industry === '34'));
  const q = await srv.as('coordinator', 'GET', `/api/v1/enterprises?q=${encodeURIComponent('西湖精密')}`);
  assert.equal(q.body.total, 1);
  assert.equal(q.body.items[0].uscc, '91330106MA27XK000B');
  // The demo has a few stop and limit orders in force (issue 12, part "pool": stopped suppliers and services).
  const stopped = await srv.as('coordinator', 'GET', '/api/v1/enterprises?status=stopped&limit=500');
  assert.ok(stopped.body.total > 0 && stopped.body.items.every((e) => e.status === 'stopped'));
  const limited = await srv.as('coordinator', 'GET', '/api/v1/enterprises?status=limited&limit=500');
  assert.ok(limited.body.items.every((e) => e.status === 'limited'));
  const operating = await srv.as('coordinator', 'GET', '/api/v1/enterprises?status=operating&limit=1');
  assert.equal(operating.body.total + stopped.body.total + limited.body.total, all.body.total);
  // The demo's order on the sole caster limits its arrivals (critical-link marks).
  assert.ok(limited.body.items.some((e) => e.name === '绍兴柯桥精密铸造有限公司'), JSON.stringify(limited.body.items.map((e) => e.name)));
});

test('regions: the tree below the jurisdiction, with levels; search', async () => {
  const top = await srv.as('coordinator', 'GET', '/api/v1/regions');
  assert.equal(top.body.parent, '000000');
  assert.equal(top.body.items.length, 31);
  const sh = top.body.items.find((r) => r.code === '310000');
  assert.equal(sh.highest_level_inside, 'high');
  const mine = await srv.as('health.zhejiang', 'GET', '/api/v1/regions');
  assert.equal(mine.body.parent, '330000');
  assert.ok(mine.body.items.some((r) => r.code === '330100' && r.name === '杭州市'));
  const up = await srv.as('health.zhejiang', 'GET', '/api/v1/regions?parent=000000');
  assert.deepEqual(up.body.items.map((r) => r.code), ['330000']);
  const s = await srv.as('health.zhejiang', 'GET', `/api/v1/regions?q=${encodeURIComponent('西湖')}`);
  assert.ok(s.body.items.some((r) => r.code === '330106'));
  assert.ok(s.body.items.every((r) => r.code.startsWith('33')));
});

test('regions: the directory of names for the pickers, above and inside a region, to every role', async () => {
  // An official's: the province and city above it, then its counties, names only.
  const mine = await srv.as('industry.hangzhou', 'GET', '/api/v1/regions?all=true');
  assert.equal(mine.status, 200);
  assert.equal(mine.body.parent, '330100');
  assert.deepEqual(mine.body.items.slice(0, 2), [{ code: '330000', name: '浙江省' }, { code: '330100', name: '杭州市' }]);
  assert.ok(mine.body.items.some((r) => r.code === '330106' && r.name === '西湖区'));
  assert.ok(mine.body.items.slice(1).every((r) => r.code.startsWith('3301')));
  assert.deepEqual(Object.keys(mine.body.items[2]), ['code', 'name'], 'no risk levels in the directory');
  // A pass route crosses the country: an operator reads every name, in code order.
  const all = await srv.as('operator.demo', 'GET', '/api/v1/regions?all=true&parent=000000');
  assert.equal(all.status, 200);
  assert.ok(all.body.items.length > 3000, `${all.body.items.length} regions`);
  assert.ok(all.body.items.some((r) => r.code === '310115' && r.name === '浦东新区'));
  const codes = all.body.items.map((r) => r.code);
  assert.deepEqual(codes, [...codes].sort());
  const county = await srv.as('health.zhejiang', 'GET', '/api/v1/regions?all=true&parent=330106');
  assert.deepEqual(county.body.items.map((r) => r.code), ['330000', '330100', '330106']);
  const bad = await srv.as('health.zhejiang', 'GET', '/api/v1/regions?all=yes');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'all');
});

test('designated regions inside a region, highest first', async () => {
  const r = await srv.as('coordinator', 'GET', '/api/v1/regions/000000/designated');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length >= 4);
  const levels = r.body.items.map((i) => i.risk_level);
  assert.deepEqual(levels, [...levels].sort((a, b) => (a === b ? 0 : a === 'high' ? -1 : 1)));
  assert.ok(r.body.items.every((i) => i.risk_level !== 'low'));
  assert.ok(r.body.items.some((i) => i.code === '310115' && i.risk_level === 'high'));
  const zj = await srv.as('health.zhejiang', 'GET', '/api/v1/regions/330000/designated');
  assert.ok(zj.body.items.every((i) => i.code.startsWith('33')));
});

test('a medium or high designation is due for review a week after it took effect', async () => {
  // Days in the deployment's zone (Asia/Shanghai), as the server counts them.
  const day = (offset) => new Date(srv.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
  for (const [code, level, on] of [['330109', 'medium', day(-8)], ['330110', 'high', day(0)]]) {
    const r = await srv.as('health.zhejiang', 'POST', `/api/v1/regions/${code}/risk`, { level, effective_on: on, reason: '复核测试：流调结果' });
    assert.equal(r.status, 201, r.text);
  }
  const zj = await srv.as('health.zhejiang', 'GET', '/api/v1/regions/330100/designated');
  const by = Object.fromEntries(zj.body.items.map((i) => [i.code, i]));
  assert.equal(by['330109'].review_on, day(-1));
  assert.equal(by['330109'].review_due, true);
  assert.equal(by['330110'].review_on, day(7));
  assert.equal(by['330110'].review_due, false);
});

test('industries are the 97 GB/T 4754-2017 divisions', async () => {
  const r = await srv.as('auditor.zhejiang', 'GET', '/api/v1/industries');
  assert.equal(r.body.items.length, 97);
  const c36 = r.body.items.find((i) => i.code === '36');
  assert.equal(c36.name_zh, '汽车制造业');
  assert.equal(c36.section, 'C');
});

test('guidance rules are versioned and replaced only whole', async () => {
  const cur = await srv.as('joint.zhejiang', 'GET', '/api/v1/guidance/rules');
  assert.equal(cur.status, 200);
  const table = structuredClone(cur.body.table);
  table.rules[0].measures.push({ en: 'Keep a contact register', zh: '登记来访人员' });
  const put = await srv.as('coordinator', 'PUT', '/api/v1/guidance/rules', { note: 'add visitor register at low risk', table });
  assert.equal(put.status, 201);
  assert.equal(put.body.version, cur.body.version + 1);
  const old = await srv.as('joint.zhejiang', 'GET', `/api/v1/guidance/rules?version=${cur.body.version}`);
  assert.deepEqual(old.body.table.rules[0].measures, cur.body.table.rules[0].measures);
  const versions = await srv.as('joint.zhejiang', 'GET', '/api/v1/guidance/versions');
  assert.equal(versions.body.items[0].version, put.body.version);
});

test('administrators manage the accounts inside their jurisdiction, and only those', async () => {
  const list = await srv.as('joint.zhejiang', 'GET', '/api/v1/accounts');
  assert.equal(list.status, 200);
  const names = list.body.items.map((a) => a.username);
  assert.ok(names.includes('health.zhejiang') && names.includes('enterprise.demo'));
  assert.ok(!names.includes('coordinator'), 'the national coordinator is outside a province');
  const me = await srv.as('joint.zhejiang', 'GET', '/api/v1/auth/me');
  assert.equal(me.body.admin, true);
  assert.ok(me.body.permissions.includes('accounts.manage'));
  // Create an enterprise clerk for an enterprise in the province, then use it.
  const made = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts',
    { username: 'clerk.xihu', display_name: '西湖企业联系人', role: 'enterprise', enterprises: ['91330106MA27XK000B'], password: 'first password' });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.body.enterprises, ['91330106MA27XK000B']);
  const login = await srv.req('POST', '/api/v1/auth/login', { body: { username: 'clerk.xihu', password: 'first password' } });
  assert.equal(login.status, 200);
  // Outside the jurisdiction, a national role, or a bad password: refused, nothing made.
  let r = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts', { username: 'x.js', role: 'auditor', region: '320000', password: 'long enough' });
  assert.equal(r.status, 403);
  r = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts', { username: 'x.nat', role: 'national_coordinator', region: '000000', password: 'long enough' });
  assert.equal(r.status, 403);
  r = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts', { username: 'x.short', role: 'auditor', region: '330100', password: 'short' });
  assert.equal(r.status, 422);
  assert.equal(r.body.field, 'password');
  r = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts', { username: 'x.ent', role: 'enterprise', enterprises: ['91350100M000100Y43'], password: 'long enough' });
  assert.equal(r.status, 422, 'an unknown enterprise');
  // Reset the password: the old one stops working, sessions end.
  const token = login.body.token;
  r = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts/clerk.xihu/password', { password: 'second password' });
  assert.equal(r.status, 204);
  assert.equal((await srv.req('GET', '/api/v1/auth/me', { headers: { Authorization: `Bearer ${token}` } })).status, 401);
  assert.equal((await srv.req('POST', '/api/v1/auth/login', { body: { username: 'clerk.xihu', password: 'second password' } })).status, 200);
  // Disable it; an administrator cannot disable itself; a non-administrator cannot disable anyone.
  assert.equal((await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts/clerk.xihu/disable')).status, 204);
  assert.equal((await srv.req('POST', '/api/v1/auth/login', { body: { username: 'clerk.xihu', password: 'second password' } })).status, 401);
  assert.equal((await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts/joint.zhejiang/disable')).status, 422);
  assert.equal((await srv.as('health.zhejiang', 'POST', '/api/v1/accounts/auditor.zhejiang/disable')).status, 403);
  assert.equal((await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts/coordinator/disable')).status, 403);
  const hist = await srv.as('coordinator', 'GET', '/api/v1/audit?entity=account&entity_id=clerk.xihu');
  assert.deepEqual(hist.body.items.map((e) => e.action).filter((a) => a.startsWith('account.')),
    ['account.disable', 'account.passwd', 'account.add']);
});

test('separation of duties: the accounts that check a joint mechanism are not its to make, reset or disable', async () => {
  // Listed (they are inside the province), but not manageable by it.
  const list = (await srv.as('joint.zhejiang', 'GET', '/api/v1/accounts')).body.items;
  const row = (u) => list.find((a) => a.username === u);
  assert.equal(row('health.zhejiang').manageable, false);
  assert.equal(row('auditor.zhejiang').manageable, false);
  assert.equal(row('enterprise.demo').manageable, true);
  assert.equal(row('industry.hangzhou').manageable, true);
  for (const [method, path, body] of [
    ['POST', '/api/v1/accounts/auditor.zhejiang/password', { password: 'taken over now' }],
    ['POST', '/api/v1/accounts/health.zhejiang/password', { password: 'taken over now' }],
    ['POST', '/api/v1/accounts/auditor.zhejiang/disable'],
    ['POST', '/api/v1/accounts', { username: 'auditor.zj2', role: 'auditor', region: '330000', password: 'long enough' }],
    ['POST', '/api/v1/accounts', { username: 'health.zj2', role: 'health_authority', region: '330000', password: 'long enough' }],
  ]) {
    const r = await srv.as('joint.zhejiang', method, path, body);
    assert.equal(r.status, 403, `${path}: ${r.text}`);
    assert.equal(r.body.code, 'access.separation_of_duties');
  }
  assert.equal((await srv.req('POST', '/api/v1/auth/login', { body: { username: 'auditor.zhejiang', password: password('auditor.zhejiang') } })).status, 200, 'untouched');
  // A level above may: the province makes a city's auditor; the nation resets
  // the province's, and the log names both.
  const city = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts', { username: 'auditor.hz2', role: 'auditor', region: '330100', password: 'long enough' });
  assert.equal(city.status, 201, city.text);
  const reset = await srv.as('coordinator', 'POST', '/api/v1/accounts/auditor.zhejiang/password', { password: password('auditor.zhejiang') });
  assert.equal(reset.status, 204, reset.text);
  const hist = await srv.as('coordinator', 'GET', '/api/v1/audit?entity=account&entity_id=auditor.zhejiang');
  const e = hist.body.items.find((x) => x.action === 'account.passwd');
  assert.equal(e.actor, 'coordinator');
  assert.equal(e.entity_id, 'auditor.zhejiang');
  srv.advance(0); // the reset ended auditor.zhejiang's sessions: sign in again where needed
});

test('the audit chain verifies and lists within the jurisdiction', async () => {
  const v = await srv.as('auditor.zhejiang', 'GET', '/api/v1/audit/verify');
  assert.equal(v.status, 200);
  assert.equal(v.body.ok, true);
  assert.ok(v.body.checked > 300);
  // Deep (issue 16): every row this whole suite wrote is explained by the log.
  const deep = await srv.as('auditor.zhejiang', 'GET', '/api/v1/audit/verify?deep=true');
  assert.equal(deep.status, 200, deep.text);
  assert.equal(deep.body.ok, true, JSON.stringify(deep.body.data));
  assert.equal(deep.body.data.bad_rows, 0);
  assert.deepEqual(deep.body.data.findings, []);
  assert.ok(deep.body.data.rows_checked > 100 && deep.body.data.tables > 15);
  const bad = await srv.as('auditor.zhejiang', 'GET', '/api/v1/audit/verify?deep=maybe');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'query.boolean');
  // One province's chain (issue 17), with the nation's that records its heads.
  const zj = await srv.as('auditor.zhejiang', 'GET', '/api/v1/audit/verify?chain=330000');
  assert.equal(zj.status, 200, zj.text);
  assert.equal(zj.body.ok, true);
  assert.equal(zj.body.chains, 2);
  assert.ok(zj.body.checked < v.body.checked && v.body.chains > 2);
  for (const [q, code] of [['chain=330100', 'audit.chain_code'], ['chain=33', 'audit.chain_code'], ['chain=330000&deep=true', 'audit.chain_deep']]) {
    const r = await srv.as('auditor.zhejiang', 'GET', `/api/v1/audit/verify?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.code, code, q);
  }
  const list = await srv.as('auditor.zhejiang', 'GET', '/api/v1/audit?limit=5');
  assert.ok(list.body.items.length > 0);
  assert.ok(list.body.items.every((e) => e.region.startsWith('33')));
  const next = await srv.as('auditor.zhejiang', 'GET', `/api/v1/audit?limit=5&before=${list.body.next_before}`);
  assert.ok(next.body.items.every((e) => e.seq < list.body.next_before));
  const designations = await srv.as('coordinator', 'GET', '/api/v1/audit?action=risk.designate&limit=500');
  assert.ok(designations.body.items.every((e) => e.action === 'risk.designate'));
});

test('the OpenAPI document covers every route the server answers', async () => {
  const doc = (await srv.req('GET', '/api/v1/openapi.json')).body;
  assert.equal(doc.openapi, '3.1.0');
  // The server's own table (fugong routes --json), in OpenAPI's path syntax.
  const table = run(['routes', '--json']);
  assert.equal(table.code, 0, table.err);
  const routes = JSON.parse(table.out)
    .map(({ method, path }) => [method.toLowerCase(), path.replace(/:(\w+)/g, '{$1}')]);
  assert.ok(routes.length > 40, `${routes.length} routes`);
  for (const [m, p] of routes) assert.ok(doc.paths[p]?.[m], `${m.toUpperCase()} ${p} is documented`);
  let documented = 0;
  for (const p of Object.values(doc.paths)) documented += Object.keys(p).length;
  assert.equal(documented, routes.length, 'no documented route is missing from the server');
  // And the server answers each documented route (not 404/405).
  for (const [m, p] of routes) {
    const path = p.replace('{code}', '330106').replace('{uscc}', '91330106MA27XK000B').replace('{username}', 'nobody')
      .replace('{id}', '01a21a54-8f21-721f-a2ca-fc2c64169585').replace('{number}', '330000000001');
    const r = await srv.req(m.toUpperCase(), path, m === 'get' ? {} : { body: {} });
    assert.ok(![404, 405].includes(r.status), `${m} ${path} -> ${r.status}`);
  }
});

test('health, metrics and keep-alive', async () => {
  const h = await srv.req('GET', '/healthz');
  assert.equal(h.body.status, 'ok');
  const m = await srv.req('GET', '/metrics');
  assert.match(m.headers.get('content-type'), /text\/plain/);
  assert.match(m.text, /fugong_http_requests_total\{method="GET",route="\/api\/v1\/enterprises\/:uscc",class="ok"\} \d+/);
  // Memory, so that a growing RSS can be explained (issue 16, the soak): resident,
  // the heap in use and kept free, SQLite's page caches (0 on PostgreSQL alone).
  const gauge = (name) => Number((m.text.match(new RegExp(`^${name} (\\d+)$`, 'm')) || [])[1]);
  const resident = gauge('fugong_resident_bytes'), inUse = gauge('fugong_heap_in_use_bytes');
  assert.ok(resident > 1e6, m.text.slice(-800));
  assert.ok(gauge('fugong_heap_free_bytes') >= 0 && gauge('fugong_sqlite_cache_bytes') >= 0);
  // glibc's figures (under the sanitizer's allocator the heap reads 0).
  if (!SANITIZED) assert.ok(inUse > 1e5 && gauge('fugong_sqlite_cache_bytes') < inUse, m.text.slice(-800));
  // Two requests on one connection: the server must keep it open.
  const token = await srv.login('coordinator');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set();
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve, reject) => {
      const req = httpRequest(`${srv.base}/api/v1/enterprises/91330106MA27XK000B`, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        assert.notEqual(res.headers.connection, 'close');
        sockets.add(res.socket);
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
  }
  assert.equal(sockets.size, 1, 'one connection served all three requests');
  agent.destroy();
});
