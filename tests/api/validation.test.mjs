// Bad input gets a 4xx problem+json that says what to fix, and nothing is written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newUscc, startServer } from './helpers.mjs';

let srv, token;
before(async () => { srv = await startServer({ enterprises: 50 }); token = await srv.login('coordinator'); });
after(() => srv.stop());

const auth = () => ({ Authorization: `Bearer ${token}` });
async function auditCount() {
  const r = await srv.as('coordinator', 'GET', '/api/v1/audit/verify');
  assert.equal(r.body.ok, true);
  return r.body.checked;
}
function isProblem(r, status) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.equal(r.body.status, status);
  assert.ok(r.body.title && r.body.detail, 'problem has title and detail');
}
const good = (over = {}) => ({ uscc: newUscc('330106'), name: '校验测试有限公司', region: '330106', industry: '34', headcount: 5, ...over });

test('malformed JSON is 400 and names the position', async () => {
  const before_ = await auditCount();
  const r = await srv.req('POST', '/api/v1/enterprises', { raw: '{"uscc": ', headers: auth() });
  isProblem(r, 400);
  assert.match(r.body.detail, /not valid JSON/);
  assert.equal(await auditCount(), before_);
});

test('a body that is not an object, or empty, is 400', async () => {
  isProblem(await srv.req('POST', '/api/v1/enterprises', { raw: '[1,2]', headers: auth() }), 400);
  isProblem(await srv.req('POST', '/api/v1/enterprises', { raw: '', headers: auth() }), 400);
});

test('wrong content type is 415', async () => {
  const r = await srv.req('POST', '/api/v1/enterprises', { raw: 'uscc=x', type: 'application/x-www-form-urlencoded', headers: auth() });
  isProblem(r, 415);
});

test('non-UTF-8 text is refused', async () => {
  const bytes = Buffer.concat([Buffer.from('{"uscc":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  const r = await srv.req('POST', '/api/v1/enterprises', { raw: bytes, headers: auth() });
  isProblem(r, 400);
});

test('an oversize body is 413', async () => {
  const body = `{"name":"${'x'.repeat(1100000)}"}`;
  const r = await srv.send('POST', '/api/v1/enterprises', { body, headers: { ...auth(), 'Content-Type': 'application/json', 'Content-Length': body.length } });
  isProblem(r, 413);
});

test('wrong types and missing fields name the field', async () => {
  const before_ = await auditCount();
  const cases = [
    [{ ...good(), headcount: 'many' }, 'headcount'],
    [{ ...good(), categories: 'key_industrial' }, 'categories'],
    [{ ...good(), categories: ['bakery'] }, 'categories'],
    [{ ...good(), critical: 'yes' }, 'critical'],
    [(() => { const g = good(); delete g.name; return g; })(), 'name'],
    [(() => { const g = good(); delete g.industry; return g; })(), 'industry'],
    [{ ...good(), name: 42 }, 'name'],
    [{ ...good(), headcount: -3 }, 'headcount'],
    [{ ...good(), categories: ['related_service'] }, 'service_kind'],
  ];
  for (const [body, field] of cases) {
    const r = await srv.req('POST', '/api/v1/enterprises', { body, headers: auth() });
    isProblem(r, 422);
    assert.equal(r.body.field, field, `${JSON.stringify(body)} -> ${r.text}`);
    const got = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${body.uscc}`);
    assert.equal(got.status, 404, 'nothing written');
  }
  assert.equal(await auditCount(), before_);
});

test('bad USCCs are refused with the rule that failed', async () => {
  const base = newUscc('330106');
  const wrongCheck = base.slice(0, 17) + (base[17] === '0' ? '1' : '0');
  const cases = [
    [base.slice(0, 17), /18 characters/],
    [base.slice(0, 16) + 'I' + base[17], /not allowed/],
    [base.toLowerCase(), /lower-case|capitals/],
    [wrongCheck, /fails the check/],
  ];
  for (const [uscc, why] of cases) {
    const r = await srv.req('POST', '/api/v1/enterprises', { body: good({ uscc }), headers: auth() });
    isProblem(r, 422);
    assert.equal(r.body.field, 'uscc');
    assert.match(r.body.detail, why);
  }
  isProblem(await srv.as('coordinator', 'GET', `/api/v1/enterprises/${wrongCheck}`), 400);
});

test('unknown region and industry codes are refused', async () => {
  let r = await srv.req('POST', '/api/v1/enterprises', { body: good({ region: '330199' }), headers: auth() });
  isProblem(r, 422);
  assert.equal(r.body.field, 'region');
  assert.match(r.body.detail, /unknown region 330199/);
  r = await srv.req('POST', '/api/v1/enterprises', { body: good({ region: '330100' }), headers: auth() });
  isProblem(r, 422);
  assert.match(r.body.detail, /county/);
  r = await srv.req('POST', '/api/v1/enterprises', { body: good({ industry: '99' }), headers: auth() });
  isProblem(r, 422);
  assert.equal(r.body.field, 'industry');
  r = await srv.req('POST', '/api/v1/enterprises', { body: good({ region: '33010' }), headers: auth() });
  isProblem(r, 422);
  isProblem(await srv.as('coordinator', 'GET', '/api/v1/regions/33x106'), 400);
  isProblem(await srv.as('coordinator', 'GET', '/api/v1/regions/339999'), 404);
});

test('bad query parameters are 400 naming the parameter', async () => {
  for (const q of ['limit=0', 'limit=abc', 'offset=-1', 'region=12', 'industry=7', 'category=bakery', 'status=closed', 'whitelist=maybe']) {
    const r = await srv.as('coordinator', 'GET', `/api/v1/enterprises?${q}`);
    isProblem(r, 400);
    assert.equal(r.body.field, q.split('=')[0]);
  }
});

test('risk designation checks level, reason and date', async () => {
  const hz = (b) => srv.as('health.zhejiang', 'POST', '/api/v1/regions/330106/risk', b);
  isProblem(await hz({ level: 'severe', reason: 'a real reason' }), 422);
  isProblem(await hz({ level: 'high' }), 422);
  isProblem(await hz({ level: 'high', reason: 'x' }), 422);
  isProblem(await hz({ level: 'high', reason: 'a real reason', effective_on: '2026-02-30' }), 422);
  isProblem(await hz({ level: 3, reason: 'a real reason' }), 422);
});

test('a guidance table with a gap is refused and the current one stays', async () => {
  const before_ = (await srv.as('coordinator', 'GET', '/api/v1/guidance/rules')).body.version;
  const r = await srv.as('coordinator', 'PUT', '/api/v1/guidance/rules', {
    note: 'only low risk covered',
    table: { rules: [{ id: 'low', when: { risk_level: ['low'] }, mode: 'normal', measures: [], restriction_allowed: false, route: null, explanation: { en: 'x', zh: 'x' } }] },
  });
  isProblem(r, 422);
  assert.match(r.body.detail, /no answer for risk medium/);
  assert.equal((await srv.as('coordinator', 'GET', '/api/v1/guidance/rules')).body.version, before_);
});

test('unknown paths and methods are problem+json', async () => {
  isProblem(await srv.req('GET', '/api/v1/nothing-here'), 404);
  isProblem(await srv.as('coordinator', 'DELETE', '/api/v1/enterprises/91330106MA27XK000B'), 405);
});
