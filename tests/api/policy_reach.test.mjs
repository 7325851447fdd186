// Reach of policies (惠企政策, issue 15, part "reach"): the figures per policy
// and region equal what the rows say (counted here from the list of the
// eligible not reached, region by region), the drill-down adds up, the
// jurisdiction holds (a Shanghai official cannot read Zhejiang's list), and
// the reach report is a workbook that opens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { checkProblem, startServer } from './helpers.mjs';

let srv, policy;
before(async () => {
  srv = await startServer();
  // The deferral of contributions of Zhejiang: the demo's matching finds
  // enterprises eligible for it in several cities.
  const r = await srv.as('coordinator', 'GET', '/api/v1/policies/reach?region=330000');
  assert.equal(r.status, 200, r.text);
  policy = r.body.policies.find((p) => p.policy.title === '特困行业阶段性缓缴社会保险费' && p.policy.region === '330000');
  assert.ok(policy, 'the deferral is in the catalogue');
});
after(() => srv.stop());

async function unreachedAll(id, region, user = 'coordinator') {
  const all = [];
  for (let offset = 0; ; offset += 50) {
    const r = await srv.as(user, 'GET', `/api/v1/policies/${id}/unreached?region=${region}&limit=50&offset=${offset}`);
    assert.equal(r.status, 200, r.text);
    all.push(...r.body.items);
    if (offset + 50 >= r.body.total) return { items: all, total: r.body.total };
  }
}

test('the reach of a policy equals what the rows say, region by region', async () => {
  const id = policy.policy.id;
  const r = await srv.as('economy.zhejiang', 'GET', `/api/v1/policies/${id}/reach?region=330000`);
  assert.equal(r.status, 200, r.text);
  const { figures, by_region: by } = r.body;
  assert.equal(r.body.region.code, '330000');
  assert.equal(r.body.region.level, 'province');
  assert.ok(figures.eligible > 0, 'the demo makes some eligible');
  // The unreached are the eligible without a claim (the demo's claims reach some).
  const { items, total } = await unreachedAll(id, '330000', 'economy.zhejiang');
  assert.equal(total, items.length);
  assert.equal(figures.unreached, total);
  assert.equal(figures.eligible - figures.eligible_reached, total);
  assert.equal(figures.budget_fen, policy.figures.budget_fen);
  // By hand: the list's enterprises per city are the by-region figures.
  const perCity = {};
  for (const e of items) {
    assert.ok(e.region.startsWith('33') && e.uscc.length === 18 && e.name);
    const city = `${e.region.slice(0, 4)}00`;
    perCity[city] = (perCity[city] || 0) + 1;
  }
  assert.ok(by.every((c) => c.level === 'city' && c.code.startsWith('33') && c.name));
  assert.deepEqual(Object.fromEntries(by.filter((c) => c.unreached).map((c) => [c.code, c.unreached])), perCity);
  assert.equal(by.reduce((a, c) => a + c.eligible, 0), figures.eligible);
  // Down to the counties of the largest city, and to one county.
  const city = Object.entries(perCity).sort((a, b) => b[1] - a[1])[0][0];
  const c = await srv.as('economy.zhejiang', 'GET', `/api/v1/policies/${id}/reach?region=${city}`);
  assert.equal(c.body.figures.unreached, perCity[city]);
  assert.ok(c.body.by_region.every((x) => x.level === 'county' && x.code.slice(0, 4) === city.slice(0, 4)));
  assert.equal(c.body.by_region.reduce((a, x) => a + x.unreached, 0), perCity[city]);
  const county = c.body.by_region.find((x) => x.unreached > 0).code;
  const k = await srv.as('economy.zhejiang', 'GET', `/api/v1/policies/${id}/reach?region=${county}`);
  assert.equal(k.body.figures.unreached, items.filter((e) => e.region === county).length);
  assert.deepEqual(k.body.by_region, []);
  // The summary of every policy agrees with the policy's own figures.
  const all = await srv.as('economy.zhejiang', 'GET', '/api/v1/policies/reach?region=330000');
  const mine = all.body.policies.find((p) => p.policy.id === id);
  assert.equal(mine.figures.eligible, figures.eligible);
  assert.equal(all.body.totals.eligible, all.body.policies.reduce((a, p) => a + p.figures.eligible, 0));
  assert.ok(all.body.totals.in_force >= 4);
  assert.ok(all.body.policies.every((p) => ['330000', '000000'].includes(p.policy.region)));
  // The paging is stable: two pages are the list's first hundred.
  const p1 = await srv.as('economy.zhejiang', 'GET', `/api/v1/policies/${id}/unreached?region=330000&limit=3&offset=0`);
  const p2 = await srv.as('economy.zhejiang', 'GET', `/api/v1/policies/${id}/unreached?region=330000&limit=3&offset=3`);
  assert.deepEqual([...p1.body.items, ...p2.body.items].map((e) => e.uscc), items.slice(0, 6).map((e) => e.uscc));
});

test('jurisdiction: a Shanghai official cannot read Zhejiang\'s unreached list; an enterprise reads no reach', async () => {
  const id = policy.policy.id;
  for (const path of [`/api/v1/policies/${id}/unreached?region=330000`, `/api/v1/policies/${id}/reach?region=330000`,
    '/api/v1/policies/reach?region=330000', `/api/v1/policies/${id}/reach?region=330000&format=xlsx`]) {
    const r = await srv.as('industry.shanghai', 'GET', path);
    assert.equal(r.status, 403, `${path}: ${r.text}`);
    checkProblem(r.body, path);
  }
  // In its own region the Zhejiang policy reaches nobody.
  const own = await srv.as('industry.shanghai', 'GET', `/api/v1/policies/${id}/unreached`);
  assert.equal(own.status, 200);
  assert.equal(own.body.total, 0);
  // A city official sees its city, not the province.
  assert.equal((await srv.as('industry.hangzhou', 'GET', `/api/v1/policies/${id}/unreached?region=330000`)).status, 403);
  assert.equal((await srv.as('industry.hangzhou', 'GET', `/api/v1/policies/${id}/unreached?region=330100`)).status, 200);
  // Not for enterprises, nor a checkpoint officer.
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/policies/${id}/reach?region=330106`)).status, 403);
  assert.equal((await srv.as('enterprise.demo', 'GET', '/api/v1/policies/reach')).status, 403);
  assert.equal((await srv.as('checkpoint.xihu', 'GET', `/api/v1/policies/${id}/unreached?region=330106`)).status, 403);
  // Unknown policy: 404; a bad region: 400.
  assert.equal((await srv.as('coordinator', 'GET', '/api/v1/policies/01a21a54-8f21-721f-a2ca-fc2c64169585/reach')).status, 404);
  assert.equal((await srv.as('coordinator', 'GET', `/api/v1/policies/${id}/reach?region=33`)).status, 400);
});

function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip has an end of central directory');
  const files = {};
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0, n = buf.readUInt16LE(eocd + 10); i < n; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    p += 46 + nameLen + extra + comment;
  }
  return files;
}
const rowsOf = (xml) => [...xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].length;

test('the reach report is a workbook: a sheet by region and a sheet of the eligible not reached', async () => {
  const id = policy.policy.id;
  const token = await srv.login('economy.zhejiang');
  const res = await fetch(`${srv.base}/api/v1/policies/${id}/reach?region=330000&format=xlsx`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(res.headers.get('content-disposition'), /policy-reach-\d{4}-\d{2}-\d{2}\.xlsx/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.toString('latin1', 0, 4), 'PK\x03\x04');
  const files = unzip(bytes);
  assert.match(files['xl/workbook.xml'], /name="政策兑现"/);
  assert.match(files['xl/workbook.xml'], /name="未触达企业"/);
  const reach = (await srv.as('economy.zhejiang', 'GET', `/api/v1/policies/${id}/reach?region=330000`)).body;
  // Header, the province, one row per city.
  assert.equal(rowsOf(files['xl/worksheets/sheet1.xml']), 2 + reach.by_region.length);
  assert.equal(rowsOf(files['xl/worksheets/sheet2.xml']), 1 + reach.figures.unreached);
  assert.match(files['xl/sharedStrings.xml'], /符合条件/);
  // The summary of every policy, in English.
  const all = await fetch(`${srv.base}/api/v1/policies/reach?region=330000&format=xlsx&lang=en`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(all.status, 200);
  const sum = unzip(Buffer.from(await all.arrayBuffer()));
  assert.match(sum['xl/sharedStrings.xml'], /Eligible/);
  const n = (await srv.as('economy.zhejiang', 'GET', '/api/v1/policies/reach?region=330000')).body.policies.length;
  assert.equal(rowsOf(sum['xl/worksheets/sheet1.xml']), 1 + n);
});
