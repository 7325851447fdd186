// Exports and imports for a Chinese office: Chinese headers and values in
// words (English on request) in CSV and XLSX, the import template that
// imports again once filled in, Chinese headers and words (also in GBK) on
// import, the orders export with the list's filters and jurisdiction, and no
// formula in any cell.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT, checkProblem, newUscc, password, startServer } from './helpers.mjs';

let srv;
let special;   // a key and livelihood enterprise with plans
before(async () => {
  srv = await startServer({ enterprises: 60 });
  special = newUscc('330106');
  const c = await srv.as('industry.zhejiang', 'POST', '/api/v1/enterprises', {
    uscc: special, name: '杭州导出测试食品有限公司', region: '330106', industry: '14', headcount: 80, capacity: 300,
    categories: ['key_industrial', 'livelihood_supply'] });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  // Plans filed are those approved (issue 14): its own account files a low
  // and a high plan, the industry authority approves them.
  const acct = await srv.as('joint.zhejiang', 'POST', '/api/v1/accounts',
    { username: 'export.food', role: 'enterprise', enterprises: [special], password: password('export.food') });
  assert.equal(acct.status, 201, JSON.stringify(acct.body));
  for (const level of ['low', 'high']) {
    const body = {
      responsibility: { team: [{ name: '王强', duty: '总指挥' }, { name: '李梅', duty: '防疫' }, { name: '赵刚', duty: '物流' }],
        contact: { name: '王强', phone: '0571-88001234' } },
      zoning: { areas: [{ name: '车间', use: 'normal' }, { name: '宿舍', use: 'observation' }, { name: '北楼', use: 'isolation' }] },
      staff: { closed_loop_headcount: 40, lodging_places: 40, point_to_point_commuting: true, testing_cadence_days: 1 },
      logistics: { receiving_route: '东门', protective_stock_days: 14 },
      emergency: { isolation_rooms: 2, transfer_channel: '西门', steps_on_case: ['隔离', '上报', '消杀'] },
    };
    const saved = await srv.as('export.food', 'PUT', `/api/v1/enterprises/${special}/plans/${level}`, { body, version: 0 });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const filed = await srv.as('export.food', 'POST', `/api/v1/enterprises/${special}/plans/${level}/file`, { version: 1 });
    assert.equal(filed.status, 200, JSON.stringify(filed.body));
    const ok = await srv.as('industry.zhejiang', 'POST', `/api/v1/enterprises/${special}/plans/${level}/decision`, { decision: 'approve', version: 1 });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  }
  // Critical by the provincial industry authority's mark (not typed in): the export says 是.
  const m = await srv.as('industry.zhejiang', 'POST', `/api/v1/enterprises/${special}/critical-mark`,
    { marked: true, reason: '全省唯一的婴幼儿配方食品生产企业' });
  assert.equal(m.status, 200, m.text);
});
after(() => srv.stop());

// The browser's words (web/src/i18n.js: [zh-CN, en]), which files must use too.
const I18N = readFileSync(join(ROOT, 'web/src/i18n.js'), 'utf8');
const said = (group, name, indent = 2) => [...I18N.matchAll(new RegExp(`^ {${indent}}${group}: \\{[^}]*\\b${name}: '([^']+)'`, 'gm'))].map((m) => m[1]);
// As said, for a group inside a page's section (`orders: { ... states: {...} }`).
const saidIn = (section, group, name) => [...I18N.matchAll(new RegExp(`^  ${section}: \\{(?:(?!^  \\w+: \\{)[\\s\\S])*?^ {4}${group}: \\{[^}]*\\b${name}: '([^']+)'`, 'gm'))].map((m) => m[1]);

const H = 3600e3;
const iso = (ms) => new Date(srv.now() + ms).toISOString();

// The files of a zip (an XLSX), by name: the central directory, then each
// entry stored or deflated.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip has an end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    p += 46 + nameLen + extra + comment;
  }
  return files;
}

const unescapeXml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

// The rows of sheet n of an XLSX as arrays of cell texts (shared strings
// resolved, numbers as text), and whether any cell holds a formula.
function sheetRows(files, n = 1) {
  const shared = [...(files['xl/sharedStrings.xml'] || '').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => unescapeXml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  const xml = files[`xl/worksheets/sheet${n}.xml`];
  assert.ok(xml, `sheet ${n} exists`);
  const colIndex = (ref) => [...ref.replace(/\d+$/, '')].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const rows = [...xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((m) => {
    const out = [];
    for (const c of m[1].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const v = /<v>([\s\S]*?)<\/v>/.exec(c[3] || '');
      const isStr = /<is>[\s\S]*?<t[^>]*>([\s\S]*?)<\/t>/.exec(c[3] || '');
      out[colIndex(c[1])] = / t="s"/.test(c[2]) ? shared[Number(v[1])] : isStr ? unescapeXml(isStr[1]) : v ? v[1] : '';
    }
    return Array.from(out, (x) => x ?? '');
  });
  return { rows, formulas: /<f[ >]/.test(xml), xml };
}

async function download(user, path) {
  const token = await srv.login(user);
  const res = await fetch(`${srv.base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status >= 400) checkProblem(JSON.parse(bytes.toString('utf8')), path);
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

// CSV text into rows of cells (quoted fields, doubled quotes).
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const toGbk = (text) => {
  const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: Buffer.from(text, 'utf8') });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
};

async function importCsv(body, user = 'industry.hangzhou') {
  const token = await srv.login(user);
  const res = await fetch(`${srv.base}/api/v1/enterprises/import`, {
    method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' } });
  const json = await res.json();
  if (res.status >= 400) checkProblem(json, 'import');
  return { status: res.status, body: json };
}

const ZH_HEADERS = ['统一社会信用代码', '企业名称', '所在区县', '区县代码', '行业', '行业代码', '职工人数', '日产能',
  '企业类别', '服务业类型', '产业链关键环节', '已备案预案', '白名单', '经营状态'];

test('the enterprise export speaks Chinese: headers, names beside codes, values in words', async () => {
  const r = await download('industry.hangzhou', `/api/v1/enterprises/export?format=csv&q=${special}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /filename="enterprises-\d{4}-\d{2}-\d{2}\.csv"/);
  assert.ok(r.text.startsWith('\uFEFF'), 'a BOM, so that Excel reads UTF-8');
  const rows = parseCsv(r.text.slice(1));
  assert.deepEqual(rows[0], ZH_HEADERS);
  assert.equal(rows.length, 2, r.text);
  const row = Object.fromEntries(ZH_HEADERS.map((h, i) => [h, rows[1][i]]));
  assert.equal(row['统一社会信用代码'], special);
  assert.equal(row['所在区县'], '西湖区');
  assert.equal(row['区县代码'], '330106');
  assert.equal(row['行业'], '食品制造业');
  assert.equal(row['行业代码'], '14');
  assert.equal(row['企业类别'], '重点工业企业、民生保障企业');
  assert.equal(row['服务业类型'], '');
  assert.equal(row['产业链关键环节'], '是');
  assert.equal(row['已备案预案'], '低风险、高风险');
  assert.equal(row['白名单'], '否');
  assert.equal(row['经营状态'], '正常');
  // The same words as the browser's.
  assert.deepEqual(said('category', 'key_industrial'), ['重点工业企业', 'Key industrial']);
  assert.deepEqual(said('category', 'livelihood_supply'), ['民生保障企业', 'Livelihood supply']);
  assert.deepEqual(said('status', 'operating'), [row['经营状态'], 'Operating']);
  assert.deepEqual(said('level', 'high'), ['高风险', 'High risk']);
  assert.deepEqual(said('level', 'low'), ['低风险', 'Low risk']);
  for (const k of ['bank', 'insurance', 'shipping_agency', 'freight_forwarder', 'express_delivery', 'specialty_store', 'other'])
    assert.equal(said('service', k).length, 2, k);
  // English on request.
  const en = await download('industry.hangzhou', `/api/v1/enterprises/export?format=csv&lang=en&q=${special}`);
  const erows = parseCsv(en.text.slice(1));
  assert.deepEqual(erows[0].slice(0, 6), ['USCC', 'Name', 'County name', 'County code', 'Industry name', 'Industry code']);
  assert.deepEqual(erows[1].slice(8), ['Key industrial; Livelihood supply', '', 'Yes', 'Low risk; High risk', 'No', 'Operating']);
  assert.equal(erows[1][4], 'Manufacture of foods');
  const bad = await download('industry.hangzhou', '/api/v1/enterprises/export?lang=fr');
  assert.equal(bad.status, 400);
});

test('the XLSX export: the same words as strings under a bold frozen header, no formula', async () => {
  const uscc = newUscc('330106');
  const name = '=1+2杭州公式测试有限公司';
  const c = await srv.as('industry.hangzhou', 'POST', '/api/v1/enterprises', { uscc, name, region: '330106', industry: '34' });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const r = await download('industry.hangzhou', '/api/v1/enterprises/export?format=xlsx&region=330106');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /filename="enterprises-\d{4}-\d{2}-\d{2}\.xlsx"/);
  const files = unzip(r.bytes);
  const { rows, formulas, xml } = sheetRows(files);
  assert.deepEqual(rows[0], ZH_HEADERS);
  assert.ok(!formulas, 'no cell is a formula');
  assert.match(xml, /<pane [^>]*ySplit="1"[^>]*state="frozen"/, 'the header row is frozen');
  assert.match(xml, /<col [^>]*width=/, 'columns have widths');
  assert.match(files['xl/styles.xml'], /<b\/>/, 'a bold style for the header');
  assert.match(files['xl/workbook.xml'], /name="企业名录"/);
  const mine = rows.find((x) => x[0] === special);
  assert.deepEqual([mine[2], mine[4], mine[8], mine[10], mine[11]], ['西湖区', '食品制造业', '重点工业企业、民生保障企业', '是', '低风险、高风险']);
  assert.equal(mine[6], '80', 'headcount is a number cell');
  assert.ok(rows.find((x) => x[0] === uscc)[1] === name, 'a name that looks like a formula is kept as its text');
  const en = sheetRows(unzip((await download('industry.hangzhou', '/api/v1/enterprises/export?format=xlsx&lang=en&region=330106')).bytes));
  assert.equal(en.rows[0][0], 'USCC');
  assert.equal(en.rows.find((x) => x[0] === special)[13], 'Operating');
});

test('the import template: Chinese headers, an example row, notes; filled in it imports', async () => {
  const r = await download('industry.hangzhou', '/api/v1/enterprises/import-template?format=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /filename="enterprise-import-template-\d{4}-\d{2}-\d{2}\.csv"/);
  assert.ok(r.text.startsWith('\uFEFF'), 'UTF-8 with a BOM');
  const rows = parseCsv(r.text.slice(1));
  // (plans filed are not typed in since issue 14: no column for them)
  assert.deepEqual(rows[0], ['统一社会信用代码', '企业名称', '区县代码', '行业代码', '职工人数', '日产能', '企业类别', '服务业类型', '产业链关键环节']);
  assert.equal(rows.length, 2, 'one example row');
  const example = rows[1];
  assert.match(example[2], /^3301\d\d$/, 'the example county is inside the jurisdiction');
  assert.equal(example[6], '重点工业企业');
  // Imported as it is, the example row is refused, saying so.
  let imp = await importCsv(r.bytes);
  assert.equal(imp.status, 422);
  assert.equal(imp.body.errors[0].code, 'import.example_row');
  // Filled in with a real enterprise in words: imported.
  const uscc = newUscc('330106');
  const filled = [rows[0], [uscc, '杭州模板导入测试有限公司', '330106', '34', '15', '', '民生保障企业、重点工业企业', '', '否']]
    .map((x) => x.join(',')).join('\r\n');
  imp = await importCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(filled)]));
  assert.equal(imp.status, 200, JSON.stringify(imp.body));
  assert.equal(imp.body.imported, 1);
  const got = (await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${uscc}`)).body;
  assert.deepEqual(got.categories.sort(), ['key_industrial', 'livelihood_supply']);
  assert.deepEqual(got.plans_filed, []);
  assert.equal(got.critical, false);
  assert.equal(got.headcount, 15);
  // The XLSX template: the same headers, and a second sheet explaining each column.
  const x = unzip((await download('industry.hangzhou', '/api/v1/enterprises/import-template?format=xlsx')).bytes);
  assert.deepEqual(sheetRows(x, 1).rows[0], rows[0]);
  assert.match(x['xl/workbook.xml'], /name="填写说明"/);
  const notes = sheetRows(x, 2).rows;
  assert.deepEqual(notes[0], ['列名', '是否必填', '填写说明', '可填写的值']);
  const cat = notes.find((n) => n[0] === '企业类别');
  assert.equal(cat[3], '重点工业企业、民生保障企业、相关服务业');
  assert.equal(notes.find((n) => n[0] === '统一社会信用代码')[1], '是');
  assert.ok(notes.find((n) => n[0] === '服务业类型')[3].includes('货代'));
  // Only for those who may create enterprises.
  assert.equal((await download('checkpoint.xihu', '/api/v1/enterprises/import-template')).status, 403);
  assert.equal((await download('enterprise.demo', '/api/v1/enterprises/import-template')).status, 403);
});

test('an import with Chinese headers and words, in GBK, with English and mixed headers too', async () => {
  const a = newUscc('330106'), b = newUscc('330106'), c = newUscc('330106');
  const text = '统一社会信用代码,企业名称,所在区县,区县代码,行业,行业代码,职工人数,企业类别,服务业类型,产业链关键环节,已备案预案,白名单,经营状态\r\n'
    + `${a},杭州国标编码导入甲有限公司,西湖区,330106,通用设备制造业,34,50,重点工业企业,,否,,否,停产\r\n`
    + `${b},杭州国标编码导入乙银行,,330106,,66,7,相关服务业,银行,否,,是,正常\r\n`;
  const gbk = toGbk(text);
  assert.ok(!gbk.equals(Buffer.from(text)), 'really GBK');
  let r = await importCsv(gbk);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.imported, 2);
  const ea = (await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${a}`)).body;
  assert.equal(ea.name, '杭州国标编码导入甲有限公司');
  assert.deepEqual(ea.categories, ['key_industrial']);
  assert.equal(ea.critical, false, 'the critical column is derived: it may only say what the marks say');
  assert.deepEqual(ea.plans_filed, [], 'the plans column is derived too: empty for an enterprise without approved plans');
  assert.equal(ea.status, 'operating', 'the status column is derived and ignored');
  const eb = (await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${b}`)).body;
  assert.equal(eb.service_kind, 'bank');
  // English words and headers, mixed with Chinese ones.
  r = await importCsv(Buffer.from(`USCC,企业名称,County code,industry,Categories,Critical link,Plans filed\n${c},Hangzhou Mixed Header Co,330106,34,Livelihood supply,false,\n`));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const ec = (await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${c}`)).body;
  assert.deepEqual([ec.categories, ec.critical, ec.plans_filed], [['livelihood_supply'], false, []]);
  // Per-line problems keep their keys: a wrong word, a county name that is not the code's.
  const d = newUscc('330106'), e = newUscc('330106');
  r = await importCsv(Buffer.from('统一社会信用代码,企业名称,所在区县,区县代码,行业代码,企业类别,产业链关键环节\n'
    + `${d},杭州错误甲,上城区,330106,34,,否\n${e},杭州错误乙,,330106,34,重点企业,也许\n`));
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((x) => [x.line, x.code]), [[2, 'import.region_name'], [3, 'category.unknown']]);
  assert.equal(r.body.errors[0].params.expected, '西湖区');
  // A missing required column is named in Chinese too.
  r = await importCsv(Buffer.from('统一社会信用代码,企业名称,行业代码\n'));
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'import.column_missing');
  assert.equal(r.body.params.header, '区县代码');
});

test('an export imports again as it is (Chinese and English): every row a duplicate', async () => {
  for (const lang of ['zh', 'en']) {
    const r = await download('industry.hangzhou', `/api/v1/enterprises/export?format=csv&lang=${lang}&region=330106`);
    const imp = await importCsv(r.bytes);
    assert.equal(imp.status, 422, JSON.stringify(imp.body).slice(0, 400));
    assert.ok(imp.body.errors.length > 0);
    assert.ok(imp.body.errors.every((x) => x.code === 'import.uscc_duplicate'), JSON.stringify(imp.body.errors.find((x) => x.code !== 'import.uscc_duplicate')));
  }
});

// ---- orders ----

async function enterprise(region, name) {
  const uscc = newUscc(region);
  const r = await srv.as('coordinator', 'POST', '/api/v1/enterprises', { uscc, name, region, industry: '34', headcount: 20 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return uscc;
}

async function propose(uscc, extra = {}) {
  const r = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', {
    enterprise: uscc, measure: 'limit_capacity', percent: 50, reason: '=HYPERLINK("http://x.example","看这里") 车间出现确诊病例',
    evidence: '区疾控中心通知：车间两名员工核酸阳性', ends_at: iso(48 * H), ...extra });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

const ORDER_HEADERS = ['指令编号', '企业名称', '统一社会信用代码', '所在区县', '区县代码', '措施', '限制比例(%)', '状态', '紧急临时指令',
  '待办部门', '办理时限', '是否超时', '开始时间', '结束时间', '提出人', '提出时间', '终止时间', '理由'];

test('the orders export: Chinese headers and words, local times, formulas escaped, the list filters', async () => {
  const uscc = await enterprise('330106', '杭州指令导出测试有限公司');
  const o = await propose(uscc);
  const r = await download('joint.hangzhou', `/api/v1/orders/export?format=csv&region=330106&state=pending`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /filename="orders-\d{4}-\d{2}-\d{2}\.csv"/);
  const rows = parseCsv(r.text.replace(/^\uFEFF/, ''));
  assert.deepEqual(rows[0], ORDER_HEADERS);
  const list = await srv.as('joint.hangzhou', 'GET', '/api/v1/orders?region=330106&state=pending&limit=500');
  assert.equal(rows.length - 1, list.body.total, 'the same orders as the list');
  const row = Object.fromEntries(ORDER_HEADERS.map((h, i) => [h, rows.find((x) => x[0] === o.id)[i]]));
  assert.equal(row['企业名称'], '杭州指令导出测试有限公司');
  assert.equal(row['所在区县'], '西湖区');
  assert.equal(row['措施'], '限制产能');
  assert.equal(row['限制比例(%)'], '50');
  assert.equal(row['状态'], '办理中');
  assert.deepEqual(saidIn('orders', 'states', 'pending'), ['办理中', 'Pending']);
  assert.equal(row['紧急临时指令'], '否');
  assert.equal(row['待办部门'], '联防联控机制');
  assert.equal(row['是否超时'], '否');
  assert.equal(row['提出人'], '杭州市联防联控机制', 'the display name, not the username');
  // Times in the deployment's zone (Asia/Shanghai: UTC+8).
  const local = (t) => new Date(Date.parse(t) + 8 * H).toISOString().slice(0, 16).replace('T', ' ');
  assert.equal(row['提出时间'], local(o.proposed_at));
  assert.equal(row['结束时间'], local(o.ends_at));
  assert.ok(row['理由'].startsWith("'=HYPERLINK"), 'a formula in a reason is written as text');
  assert.ok(r.text.includes(`"'=HYPERLINK(""http://x.example"",""看这里"") 车间出现确诊病例"`));
  // English, and XLSX.
  const en = parseCsv((await download('joint.hangzhou', `/api/v1/orders/export?lang=en&region=330106&state=pending`)).text.slice(1));
  const erow = en.find((x) => x[0] === o.id);
  assert.equal(en[0][5], 'Measure');
  assert.deepEqual([erow[5], erow[7], erow[9]], ['Limit capacity', 'Pending', 'Joint mechanism']);
  const x = sheetRows(unzip((await download('joint.hangzhou', `/api/v1/orders/export?format=xlsx&region=330106`)).bytes));
  assert.deepEqual(x.rows[0], ORDER_HEADERS);
  assert.ok(!x.formulas);
  const xr = x.rows.find((y) => y[0] === o.id);
  assert.equal(xr[17], o.reason, 'the reason as its text, not a formula');
  assert.equal(xr[6], '50');
  // Filters as the list has them.
  const none = parseCsv((await download('joint.hangzhou', `/api/v1/orders/export?state=lifted&region=330106`)).text.slice(1));
  assert.ok(none.slice(1).every((y) => y[7] === '已解除'));
  assert.equal((await download('joint.hangzhou', '/api/v1/orders/export?state=nonsense')).status, 400);
  assert.equal((await download('joint.hangzhou', '/api/v1/orders/export?format=pdf')).status, 400);
});

test('the orders export keeps to the jurisdiction, as the list does', async () => {
  const xihu = await enterprise('330106', '杭州西湖辖区指令企业');
  const shangcheng = await enterprise('330102', '杭州上城辖区指令企业');
  const ox = await propose(xihu);
  const os = await propose(shangcheng, { emergency: true });   // 上城区 is low risk: only an emergency order
  // A county official of 上城区.
  const user = `joint.sc${process.pid}`;
  const a = await srv.as('coordinator', 'POST', '/api/v1/accounts', {
    username: user, display_name: '上城区联防联控机制', role: 'joint_mechanism', region: '330102', password: password(user) });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const own = parseCsv((await download(user, '/api/v1/orders/export')).text.slice(1));
  const ids = own.slice(1).map((y) => y[0]);
  assert.ok(ids.includes(os.id));
  assert.ok(!ids.includes(ox.id), 'another county’s order is not exported');
  assert.ok(own.slice(1).every((y) => y[4] === '330102'));
  // Asking for another county is refused, as the list refuses it.
  const other = await download(user, '/api/v1/orders/export?region=330106');
  const listed = await srv.as(user, 'GET', '/api/v1/orders?region=330106');
  assert.equal(other.status, 403);
  assert.equal(listed.status, 403);
  // An enterprise exports its own orders only; a checkpoint officer none.
  assert.equal((await download('checkpoint.xihu', '/api/v1/orders/export')).status, 403);
  const ent = parseCsv((await download('enterprise.demo', '/api/v1/orders/export')).text.slice(1));
  assert.ok(ent.slice(1).every((y) => y[2] === '91330106MA27XK000B'));
});
