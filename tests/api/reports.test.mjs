// Daily reports (issue 13, part "reports"): the enterprise's form with its
// pre-fill and due time, corrections as new versions (audited before → after),
// validation, the all-or-nothing batch, the county's CSV upload with its
// template (a bad line writes nothing; enterprises outside refused per line),
// and who has not reported.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateRawSync } from 'node:zlib';
import { startServer } from './helpers.mjs';

// A minimal XLSX (a ZIP of XML parts, deflated): the first row's cells as
// shared strings, the others as inline strings, numbers as numbers, and an
// Excel date serial where a cell is {date: serial}.
function xlsx(rows) {
  const esc = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i) => String.fromCharCode(65 + i);
  const shared = rows[0].map(String);
  const sheet = rows.map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => {
    const ref = `${col(c)}${r + 1}`;
    if (r === 0) return `<c r="${ref}" t="s"><v>${c}</v></c>`;
    if (v && typeof v === 'object') return `<c r="${ref}" s="1"><v>${v.date}</v></c>`;
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    return v === '' ? '' : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  }).join('')}</row>`).join('');
  const parts = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="日报" sheetId="1"/></sheets></workbook>',
    'xl/sharedStrings.xml': `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${shared.map((v) => `<si><t>${esc(v)}</t></si>`).join('')}</sst>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`,
  };
  const locals = [], central = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const data = Buffer.from(text), packed = deflateRawSync(data), n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc32(data), 14); h.writeUInt32LE(packed.length, 18); h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc32(data), 16); c.writeUInt32LE(packed.length, 20); c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(n.length, 28); c.writeUInt32LE(offset, 42);
    locals.push(h, n, packed);
    central.push(c, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(central), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(central.length / 2, 8); end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const OWN = '91330106MA27XK000B';
let srv;
const H = 3600e3;
// Days in the deployment's zone (Asia/Shanghai, UTC+8 all year).
const dayOf = (ms) => new Date(ms + 8 * H).toISOString().slice(0, 10);
const today = () => dayOf(srv.now());
const daysAgo = (n) => dayOf(srv.now() - n * 24 * H);

before(async () => { srv = await startServer(); });
after(() => srv.stop());

test('the form: due time, a first report, a correction as a new version audited before → after', async () => {
  const list = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.today, today());
  assert.equal(list.body.due_hour, 10);
  // The form's day: yesterday until 10:00 Beijing time, today after; the demo leaves it open.
  const { form } = list.body;
  const hour = new Date(srv.now() + 8 * H).getUTCHours();
  assert.equal(form.day, hour < 10 ? daysAgo(1) : today());
  assert.equal(form.report, null);
  assert.ok(form.prefill && form.prefill.day < form.day, 'pre-filled from the last day in');
  const day = form.day;
  // Due at 10:00 Beijing time of the next day.
  const next = dayOf(Date.parse(`${day}T12:00:00+08:00`) + 24 * H);
  assert.equal(form.due_at, new Date(Date.parse(`${next}T10:00:00+08:00`)).toISOString());
  const first = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`,
    { status: 'limited', capacity_pct: 60, staff_pct: 70, closed_loop: 12, problems: ['parts', 'logistics'], note: '等待零部件' });
  assert.equal(first.status, 201, first.text);
  assert.deepEqual([first.body.day, first.body.version, first.body.corrected, first.body.current, first.body.late], [day, 1, false, true, false]);
  assert.deepEqual(first.body.problems, ['parts', 'logistics']);
  const second = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`,
    { day, status: 'operating', capacity_pct: 85, staff_pct: 92 });
  assert.equal(second.status, 200, second.text);
  assert.deepEqual([second.body.version, second.body.corrected, second.body.late], [2, true, false]);
  const d = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`);
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(d.body.versions.map((v) => [v.version, v.current, v.status]), [[1, false, 'limited'], [2, true, 'operating']]);
  assert.equal(d.body.report.capacity_pct, 85);
  // A day long past: a first report of it now is late, and its correction stays late.
  const old = daysAgo(25);
  const before = (await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${old}`)).body.versions.length;
  const o = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`,
    { day: old, status: 'operating', capacity_pct: 80, staff_pct: 80 });
  assert.equal(o.body.version, before + 1);
  assert.equal(o.body.late, before === 0);
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity_id=${OWN}&limit=50`);
  assert.equal(audit.status, 200, audit.text);
  const corr = audit.body.items.find((e) => e.action === 'report.correct' && e.detail.day === day);
  assert.ok(corr, JSON.stringify(audit.body.items.map((e) => e.action)));
  assert.equal(corr.detail.before.status, 'limited');
  assert.equal(corr.detail.after.status, 'operating');
  assert.ok(audit.body.items.some((e) => e.action === 'report.submit' && e.detail.day === day));
});

test('an unchanged day is the pre-fill sent back: one request', async () => {
  const day = daysAgo(1);
  const f = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`);
  assert.ok(f.body.prefill, 'the day before is in');
  const p = f.body.prefill;
  const r = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`,
    { day, status: p.status, capacity_pct: p.capacity_pct, staff_pct: p.staff_pct, closed_loop: p.closed_loop, problems: p.problems });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  assert.equal(r.body.capacity_pct, p.capacity_pct);
});

test('validation: figures that contradict the status, days not begun or closed, ranges', async () => {
  const post = (b) => srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`, b);
  const cases = [
    [{ day: daysAgo(1), status: 'stopped', capacity_pct: 40, staff_pct: 10 }, 'report.stopped_capacity'],
    [{ day: daysAgo(1), status: 'operating', capacity_pct: 0, staff_pct: 50 }, 'report.operating_zero'],
    [{ day: daysAgo(1), status: 'limited', capacity_pct: 100, staff_pct: 50 }, 'report.limited_capacity'],
    [{ day: daysAgo(1), status: 'operating', capacity_pct: 120, staff_pct: 50 }, 'report.pct_range'],
    [{ day: dayOf(srv.now() + 48 * H), status: 'operating', capacity_pct: 50, staff_pct: 50 }, 'report.day_future'],
    [{ day: daysAgo(40), status: 'operating', capacity_pct: 50, staff_pct: 50 }, 'report.day_too_old'],
    [{ day: daysAgo(1), status: 'operating', capacity_pct: 50, staff_pct: 50, problems: ['weather'] }, 'report.problem_unknown'],
    [{ day: daysAgo(1), status: 'open', capacity_pct: 50, staff_pct: 50 }, 'status.unknown'],
  ];
  for (const [body, code] of cases) {
    const r = await post(body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.code, code, JSON.stringify(body));
  }
});

test('batch: all or nothing with a report per line; an enterprise reports only its own', async () => {
  const other = (await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=330106&limit=5')).body.items
    .find((e) => e.uscc !== OWN).uscc;
  const day = daysAgo(5);
  const v0 = (await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`)).body.versions.length;
  const bad = await srv.as('enterprise.demo', 'POST', '/api/v1/reports/batch', { reports: [
    { uscc: OWN, day, status: 'operating', capacity_pct: 70, staff_pct: 80 },
    { uscc: other, day, status: 'operating', capacity_pct: 70, staff_pct: 80 },
    { uscc: OWN, day: daysAgo(6), status: 'stopped', capacity_pct: 5, staff_pct: 0 },
  ] });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.code, 'report.lines_bad');
  assert.deepEqual(bad.body.errors.map((e) => [e.line, e.code]), [[2, 'enterprise.not_found'], [3, 'report.stopped_capacity']]);
  const none = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`);
  assert.equal(none.body.versions.length, v0, 'nothing was written');
  const good = await srv.as('enterprise.demo', 'POST', '/api/v1/reports/batch', { reports: [
    { uscc: OWN, day, status: 'operating', capacity_pct: 70, staff_pct: 80 },
    { uscc: OWN, day: daysAgo(6), status: 'stopped', capacity_pct: 0, staff_pct: 5 },
    { uscc: OWN, day, status: 'operating', capacity_pct: 75, staff_pct: 80 },
  ] });
  assert.equal(good.status, 200, good.text);
  assert.deepEqual([good.body.lines, good.body.written], [3, 3]);
  assert.ok(good.body.corrected >= 1);
  const d = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`);
  assert.deepEqual(d.body.versions.slice(-2).map((v) => [v.version, v.capacity_pct, v.source]), [[v0 + 1, 70, 'batch'], [v0 + 2, 75, 'batch']]);
  // Officials do not send batches: uploads are theirs.
  const off = await srv.as('industry.hangzhou', 'POST', '/api/v1/reports/batch', { reports: [] });
  assert.equal(off.status, 403, off.text);
});

test('upload: the template lists who has not reported; a bad line writes nothing; outside is refused per line', async () => {
  const day = daysAgo(2);
  const tpl = await srv.as('industry.hangzhou', 'GET', `/api/v1/reports/template?day=${day}`);
  assert.equal(tpl.status, 200, tpl.text);
  const lines = tpl.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.match(lines[0], /^统一社会信用代码,企业名称,日期,生产状态/);
  const missing = await srv.as('industry.hangzhou', 'GET', `/api/v1/reports/missing?day=${day}&limit=500`);
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]).sort(), missing.body.items.map((e) => e.uscc).sort(),
    'a row for each enterprise that has not reported the day');
  const xlsx = await srv.as('industry.hangzhou', 'GET', `/api/v1/reports/template?format=xlsx&day=${day}`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const [a, b] = (await srv.as('industry.hangzhou', 'GET', '/api/v1/enterprises?region=330100&limit=3')).body.items
    .map((e) => e.uscc).filter((u) => u !== OWN);
  const versions = async (u) => (await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${u}/reports/${day}`)).body.versions.length;
  const [va, vb] = [await versions(a), await versions(b)];
  const upload = (csv, user = 'industry.hangzhou') => srv.login(user).then((t) => srv.req('POST', '/api/v1/reports/upload',
    { raw: csv, type: 'text/csv', headers: { Authorization: `Bearer ${t}` } }));
  const head = '统一社会信用代码,企业名称,日期,生产状态,产能利用率(%),员工到岗率(%),闭环管理人数,存在问题,备注\n';
  const bad = await upload(`${head}${a},,${day},正常,80%,90,3,,\n${b},,${day},限产,50,60,0,物流运输、资金周转,\n${a},,${day},开工,50,60,,,\n`);
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.body.errors.map((e) => [e.line, e.code]), [[4, 'report.status_word']]);
  assert.deepEqual([await versions(a), await versions(b)], [va, vb], 'nothing written');
  const good = await upload(`${head}${a},,${day},正常,80%,90,3,,\n${b},,${day},限产,50,60,0,物流运输、资金周转,\n${b},某企业,,,,,,,\n`);
  assert.equal(good.status, 200, good.text);
  assert.deepEqual([good.body.written, good.body.skipped], [2, 1]);
  const d = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${b}/reports/${day}`);
  assert.deepEqual([d.body.report.status, d.body.report.source, d.body.report.problems], ['limited', 'upload', ['logistics', 'cash']]);
  // An enterprise outside the jurisdiction: refused on its line, nothing written.
  const outside = (await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=320000&limit=1')).body.items[0].uscc;
  const out = await upload(`${head}${outside},,${day},正常,80,90,,,\n`);
  assert.equal(out.status, 422, out.text);
  assert.equal(out.body.errors[0].code, 'enterprise.not_found'); // as if there were none (issue 16)
  // Enterprises upload nothing.
  const ent = await upload(`${head}${OWN},,${day},正常,80,90,,,\n`, 'enterprise.demo');
  assert.equal(ent.status, 403, ent.text);
});

test('missing: who has not reported, with contacts, counted per child region', async () => {
  const day = today();
  const before = await srv.as('industry.hangzhou', 'GET', `/api/v1/reports/missing?region=330100&day=${day}&limit=500`);
  assert.equal(before.status, 200, before.text);
  assert.ok(before.body.total > 0);
  assert.ok(before.body.children.length > 0);
  const sum = before.body.children.reduce((s, c) => s + c.missing, 0);
  assert.equal(sum, before.body.total);
  const mine = before.body.items.find((e) => e.uscc === OWN);
  if (mine) assert.ok(mine.contacts.some((c) => c.username === 'enterprise.demo'));
  const r = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`,
    { day, status: 'operating', capacity_pct: 88, staff_pct: 93 });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  const afterward = await srv.as('industry.hangzhou', 'GET', `/api/v1/reports/missing?region=330106&day=${day}&limit=500`);
  assert.ok(!afterward.body.items.some((e) => e.uscc === OWN));
  const xihu = before.body.children.find((c) => c.code === '330106');
  assert.equal(afterward.body.total, xihu.missing - (mine ? 1 : 0));
  // Outside the jurisdiction: refused.
  const out = await srv.as('industry.hangzhou', 'GET', `/api/v1/reports/missing?region=320505&day=${day}`);
  assert.equal(out.status, 403, out.text);
});

test('upload: an Excel workbook as Excel saves it — shared strings, numbers, a date serial; the untouched template writes nothing', async () => {
  const day = daysAgo(4);
  const up = (body, type) => srv.login('industry.hangzhou').then((t) => srv.req('POST', '/api/v1/reports/upload',
    { raw: body, type, headers: { Authorization: `Bearer ${t}` } }));
  const [a, b, c] = (await srv.as('industry.hangzhou', 'GET', '/api/v1/enterprises?region=330100&limit=4')).body.items
    .map((e) => e.uscc).filter((u) => u !== OWN);
  const versions = async (u) => (await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${u}/reports/${day}`)).body.versions.length;
  const va = await versions(a);
  const serial = (Date.parse(`${day}T00:00:00Z`) - Date.parse('1899-12-30T00:00:00Z')) / 864e5;
  const head = ['统一社会信用代码', '企业名称', '日期', '生产状态', '产能利用率(%)', '员工到岗率(%)', '闭环管理人数', '存在问题', '备注'];
  // A bad line (capacity 0 while operating) on row 4: nothing written, the row named.
  const bad = await up(xlsx([head, [a, '', day, '正常', 80, 90, 3, '', ''], [b, '', { date: serial }, '停产', 0, 5, '', '能源供应', '限电'],
    [c, '', day, '正常', 0, 90, '', '', '']]), XLSX);
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.body.errors.map((e) => [e.line, e.code]), [[4, 'report.operating_zero']]);
  assert.equal(await versions(a), va, 'nothing written');
  const good = await up(xlsx([head, [a, '', day, '正常', 80, 90, 3, '', ''], [b, '', { date: serial }, '停产', 0, 5, '', '能源供应', '限电']]), XLSX);
  assert.equal(good.status, 200, good.text);
  assert.equal(good.body.written, 2);
  const d = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${b}/reports/${day}`);
  assert.deepEqual([d.body.report.status, d.body.report.problems, d.body.report.note, d.body.report.day], ['stopped', ['energy'], '限电', day]);
  // The template as downloaded (libxlsxwriter's workbook): read, every row empty, nothing to write.
  const tx = await srv.login('industry.hangzhou').then((t) => fetch(`${srv.base}/api/v1/reports/template?format=xlsx&day=${today()}`, { headers: { Authorization: `Bearer ${t}` } }));
  const untouched = await up(Buffer.from(await tx.arrayBuffer()), XLSX);
  assert.equal(untouched.status, 422, untouched.text);
  assert.equal(untouched.body.code, 'report.lines_none');
  assert.ok(untouched.body.skipped > 0);
  // Not a workbook at all.
  const junk = await up('not a zip', XLSX);
  assert.equal(junk.status, 422);
  assert.equal(junk.body.code, 'xlsx.unreadable');
});

// Found by the kill test (issue 16, part "Durability and load"): two
// corrections of the same day at once both read the current version and
// inserted the same next one; on PostgreSQL the second failed with 409
// db.duplicate. They are taken one after the other: every one is a version.
test('corrections of one day sent at once: each one its own version, none refused', async () => {
  const day = daysAgo(6);
  const v0 = (await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`)).body.versions.length;
  const n = 16;
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => srv.as('enterprise.demo', 'POST',
    `/api/v1/enterprises/${OWN}/reports`, { day, status: 'operating', capacity_pct: 50 + i, staff_pct: 70 })));
  for (const r of answers) assert.ok(r.status === 200 || r.status === 201, r.text);
  assert.deepEqual(answers.map((r) => r.body.version).sort((a, b) => a - b),
    Array.from({ length: n }, (_, i) => v0 + 1 + i));
  const d = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`);
  assert.equal(d.body.versions.length, v0 + n);
  assert.equal(d.body.versions.filter((v) => v.current).length, 1, 'one current version');
});
