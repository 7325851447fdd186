// Findings of the outside test (issue 16) on input and output: numbers out
// of range are 422 (never truncated), a text of invisible characters is no
// text, unknown fields are ignored, a multipart body is 415 and every
// refusal reaches a client still sending its body, and an exported CSV
// carries a formula-like enterprise name as text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newUscc, startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer({ enterprises: 20 }); });
after(() => srv.stop());

const H = 3600e3;
const iso = (ms) => new Date(srv.now() + ms).toISOString();

async function enterprise(name) {
  const uscc = newUscc('330106');
  const r = await srv.as('coordinator', 'POST', '/api/v1/enterprises', { uscc, name, region: '330106', industry: '34', headcount: 20 });
  assert.equal(r.status, 201, r.text);
  return uscc;
}

const order = (uscc, over = {}) => ({
  enterprise: uscc, measure: 'limit_capacity', percent: 50, reason: '车间出现两例确诊病例需限产',
  evidence: '区疾控中心通知：车间两名员工核酸阳性', ends_at: iso(48 * H), ...over,
});

test('an integer out of range is 422 naming the field, not stored truncated', async () => {
  const uscc = await enterprise('杭州范围校验测试有限公司');
  // 4294967346 is 2^32 + 50: an int cast made it 50.
  const r = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', order(uscc, { percent: 4294967346 }));
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.code, 'field.range');
  assert.equal(r.body.field, 'percent');
  assert.deepEqual([r.body.params.min, r.body.params.max], ['0', '100']);
  for (const percent of [-1, 101, 50.5, '50']) {
    const x = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', order(uscc, { percent }));
    assert.equal(x.status, 422, `${percent}: ${x.text}`);
    assert.equal(x.body.field, 'percent');
  }
  // Beyond 64 bits the JSON parser itself refuses: 422 too, not 400.
  const huge = await srv.req('POST', '/api/v1/orders', {
    raw: JSON.stringify(order(uscc)).replace('"percent":50', '"percent":123456789012345678901234567890'),
    headers: { Authorization: `Bearer ${await srv.login('joint.hangzhou')}` },
  });
  assert.equal(huge.status, 422, huge.text);
  assert.equal(huge.body.code, 'body.number_range');
  // A version of 2^32 + 1 is not version 1.
  const ok = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', order(uscc));
  assert.equal(ok.status, 201, ok.text);
  const e = await srv.as('coordinator', 'GET', `/api/v1/enterprises/${uscc}`);
  const patch = await srv.as('coordinator', 'PATCH', `/api/v1/enterprises/${uscc}`, { version: 2 ** 32 + e.body.version, headcount: 21 });
  assert.equal(patch.status, 422, patch.text);
  assert.equal(patch.body.code, 'field.range');
  assert.equal(patch.body.field, 'version');
});

test('a reason of invisible characters only is 422; characters are counted, not bytes', async () => {
  const uscc = await enterprise('杭州不可见字符测试有限公司');
  for (const reason of [' '.repeat(12), '\u200B'.repeat(12), '\u3000'.repeat(12), '\uFEFF\u200C\u200D'.repeat(4), '\u00A0'.repeat(12)]) {
    const r = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', order(uscc, { reason }));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.code, 'field.blank');
    assert.equal(r.body.field, 'reason');
  }
  // Ten characters padded with zero-width spaces to pass as ten: still too short.
  const padded = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', order(uscc, { reason: `确诊\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B` }));
  assert.equal(padded.status, 422, padded.text);
  assert.equal(padded.body.code, 'field.length');
  // Ten Chinese characters (30 bytes) are a reason of ten.
  const ten = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', order(uscc, { reason: '车间出现确诊病例需限产' }));
  assert.equal(ten.status, 201, ten.text);
  // An action's reason of ideographic spaces is no reason either.
  const act = await srv.as('joint.hangzhou', 'POST', `/api/v1/orders/${ten.body.id}/actions`, { action: 'reject', version: ten.body.version, reason: '\u3000\u3000\u3000\u3000\u3000' });
  assert.equal(act.status, 422, act.text);
  assert.equal(act.body.code, 'field.blank');
  // A designation's reason counts visible characters, not bytes.
  const hz = await srv.as('health.zhejiang', 'POST', '/api/v1/regions/330106/risk', { level: 'medium', reason: '\u200B\u200B\u200B\u200B' });
  assert.equal(hz.status, 422, hz.text);
});

test('unknown fields are ignored, the same on every endpoint', async () => {
  const uscc = newUscc('330106');
  const r = await srv.as('coordinator', 'POST', '/api/v1/enterprises',
    { uscc, name: '杭州未知字段测试有限公司', region: '330106', industry: '34', headcount: 5, nickname: 'x' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.nickname, undefined);
  const o = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', order(uscc, { colour: 'red' }));
  assert.equal(o.status, 201, o.text);
});

test('a multipart body is 415, and a refusal reaches a client still sending its body', async () => {
  const token = await srv.login('coordinator');
  const form = () => {
    const fd = new FormData();
    fd.append('name', '杭州表单测试有限公司');
    fd.append('file', new Blob(['uscc,name\n1,2\n'.repeat(2000)]), 'a.csv');
    return fd;
  };
  for (const path of ['/api/v1/enterprises', '/api/v1/enterprises/import']) {
    const r = await fetch(srv.base + path, { method: 'POST', body: form(), headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 415, path);
    const p = await r.json();
    assert.equal(p.code, 'body.multipart');
  }
  // Refused before its body is read (a role that may not, no session, no
  // such path): the answer still arrives.
  for (const [path, headers, status] of [
    ['/api/v1/orders', { Authorization: `Bearer ${token}` }, 403],
    ['/api/v1/orders', {}, 401],
    ['/api/v1/nothing-here', { Authorization: `Bearer ${token}` }, 404],
  ]) {
    const r = await fetch(srv.base + path, { method: 'POST', body: form(), headers });
    assert.equal(r.status, status, path);
    await r.text();
  }
});

test('an exported CSV carries a formula-like enterprise name as text', async () => {
  const names = { ascii: '=HYPERLINK("x")', wide: '\uFF1DHYPERLINK("x")' };
  const ids = {};
  for (const [k, name] of Object.entries(names)) ids[k] = await enterprise(name);
  const token = await srv.login('industry.hangzhou');
  for (const [k, name] of Object.entries(names)) {
    const res = await fetch(`${srv.base}/api/v1/enterprises/export?format=csv&q=${ids[k]}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const text = await res.text();
    const line = text.split('\r\n').find((l) => l.includes(ids[k]));
    assert.ok(line, `${k}: the enterprise is exported`);
    assert.ok(line.includes(`"'${name.replace(/"/g, '""')}"`), `${k}: the name as text: ${line}`);
  }
});
