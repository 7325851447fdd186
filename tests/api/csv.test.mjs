// CSV as a Chinese office has it: an import saved by Excel in GB 18030/GBK
// (or UTF-8 with a BOM) reads the same as UTF-8, a file that is neither is
// refused plainly, and an export never hands a spreadsheet a formula.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { newUscc, startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer({ enterprises: 50 }); });
after(() => srv.stop());

const gb18030 = (text) => {
  const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text, 'utf8') });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
};

async function importCsv(body) {
  const token = await srv.login('industry.hangzhou');
  const res = await fetch(`${srv.base}/api/v1/enterprises/import`, {
    method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' } });
  return { status: res.status, body: await res.json() };
}

test('a GBK/GB 18030 file and a UTF-8 file with a BOM import the same', async () => {
  const a = newUscc('330106');
  const b = newUscc('330106');
  const text = `uscc,name,region,industry,headcount,categories\n${a},杭州编码测试甲有限公司,330106,34,10,key_industrial\n`;
  const gbk = gb18030(text);
  assert.ok(!Buffer.from(text).equals(gbk), 'the test file really is GB 18030');
  let r = await importCsv(gbk);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.imported, 1);
  const got = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${a}`);
  assert.equal(got.body.name, '杭州编码测试甲有限公司');
  r = await importCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(a, b).replace('甲', '乙'))]));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${b}`)).body.name, '杭州编码测试乙有限公司');
  // Neither UTF-8 nor GB 18030: refused, saying what to do.
  r = await importCsv(Buffer.from([0x75, 0x73, 0x63, 0x63, 0x0a, 0x81, 0x20, 0xff, 0xff]));
  assert.equal(r.status, 400);
  assert.match(r.body.detail, /neither UTF-8 nor GB 18030/);
});

test('an export writes a cell that would start a formula as text', async () => {
  const uscc = newUscc('330106');
  const name = '=HYPERLINK("http://example.com","点我")';
  const c = await srv.as('industry.hangzhou', 'POST', '/api/v1/enterprises',
    { uscc, name, region: '330106', industry: '34', headcount: 5, capacity: 1 });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const token = await srv.login('industry.hangzhou');
  const res = await fetch(`${srv.base}/api/v1/enterprises/export?format=csv&q=${encodeURIComponent('HYPERLINK')}`, { headers: { Authorization: `Bearer ${token}` } });
  const csv = await res.text();
  const line = csv.split('\r\n').find((l) => l.startsWith(uscc));
  assert.ok(line, csv.slice(0, 300));
  assert.ok(line.includes(`"'=HYPERLINK(""http://example.com"",""点我"")"`), line);
});
