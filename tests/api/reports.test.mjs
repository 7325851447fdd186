// Daily reports (issue 13, part "reports"): the enterprise's form with its
// pre-fill and due time, corrections as new versions (audited before → after),
// validation, the all-or-nothing batch, the county's CSV upload with its
// template (a bad line writes nothing; enterprises outside refused per line),
// and who has not reported.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

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
  const day = daysAgo(3);
  const first = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`,
    { day, status: 'limited', capacity_pct: 60, staff_pct: 70, closed_loop: 12, problems: ['parts', 'logistics'], note: '等待零部件' });
  assert.equal(first.status, 201, first.text);
  assert.deepEqual([first.body.version, first.body.corrected, first.body.current], [1, false, true]);
  assert.deepEqual(first.body.problems, ['parts', 'logistics']);
  // The report of three days ago is due at 10:00 of two days ago, Beijing time: it is late.
  assert.equal(first.body.due_at, new Date(Date.parse(`${daysAgo(2)}T10:00:00+08:00`)).toISOString().replace('.000Z', '.000Z'));
  assert.equal(first.body.late, true);
  const second = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${OWN}/reports`,
    { day, status: 'operating', capacity_pct: 85, staff_pct: 92 });
  assert.equal(second.status, 200, second.text);
  assert.deepEqual([second.body.version, second.body.corrected, second.body.late], [2, true, true]);
  const d = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`);
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(d.body.versions.map((v) => [v.version, v.current, v.status]), [[1, false, 'limited'], [2, true, 'operating']]);
  assert.equal(d.body.report.capacity_pct, 85);
  // The next day's form is pre-filled from this one.
  const next = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${daysAgo(2)}`);
  assert.equal(next.body.prefill.day, day);
  assert.equal(next.body.prefill.capacity_pct, 85);
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity_id=${OWN}&limit=50`);
  assert.equal(audit.status, 200, audit.text);
  const corr = audit.body.items.find((e) => e.action === 'report.correct');
  assert.ok(corr, JSON.stringify(audit.body.items.map((e) => e.action)));
  assert.equal(corr.detail.before.status, 'limited');
  assert.equal(corr.detail.after.status, 'operating');
  assert.ok(audit.body.items.some((e) => e.action === 'report.submit'));
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
  const bad = await srv.as('enterprise.demo', 'POST', '/api/v1/reports/batch', { reports: [
    { uscc: OWN, day, status: 'operating', capacity_pct: 70, staff_pct: 80 },
    { uscc: other, day, status: 'operating', capacity_pct: 70, staff_pct: 80 },
    { uscc: OWN, day: daysAgo(6), status: 'stopped', capacity_pct: 5, staff_pct: 0 },
  ] });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.code, 'report.lines_bad');
  assert.deepEqual(bad.body.errors.map((e) => [e.line, e.code]), [[2, 'access.not_your_enterprise'], [3, 'report.stopped_capacity']]);
  const none = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`);
  assert.equal(none.body.report, null, 'nothing was written');
  const good = await srv.as('enterprise.demo', 'POST', '/api/v1/reports/batch', { reports: [
    { uscc: OWN, day, status: 'operating', capacity_pct: 70, staff_pct: 80 },
    { uscc: OWN, day: daysAgo(6), status: 'stopped', capacity_pct: 0, staff_pct: 5 },
    { uscc: OWN, day, status: 'operating', capacity_pct: 75, staff_pct: 80 },
  ] });
  assert.equal(good.status, 200, good.text);
  assert.deepEqual([good.body.lines, good.body.written, good.body.corrected], [3, 3, 1]);
  const d = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${day}`);
  assert.deepEqual(d.body.versions.map((v) => [v.version, v.capacity_pct, v.source]), [[1, 70, 'batch'], [2, 75, 'batch']]);
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
  assert.ok(lines.length > 3, 'rows for enterprises that have not reported');
  const [a, b] = lines.slice(1, 3).map((l) => l.split(',')[0]);
  assert.ok(lines.slice(1).every((l) => l.split(',')[2] === day));
  const xlsx = await srv.as('industry.hangzhou', 'GET', `/api/v1/reports/template?format=xlsx&day=${day}`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const upload = (csv, user = 'industry.hangzhou') => srv.login(user).then((t) => srv.req('POST', '/api/v1/reports/upload',
    { raw: csv, type: 'text/csv', headers: { Authorization: `Bearer ${t}` } }));
  const head = '统一社会信用代码,企业名称,日期,生产状态,产能利用率(%),员工到岗率(%),闭环管理人数,存在问题,备注\n';
  const bad = await upload(`${head}${a},,${day},正常,80%,90,3,,\n${b},,${day},限产,50,60,0,物流运输、资金周转,\n${a},,${day},开工,50,60,,,\n`);
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.body.errors.map((e) => [e.line, e.code]), [[4, 'report.status_word']]);
  for (const u of [a, b]) {
    const d = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${u}/reports/${day}`);
    assert.equal(d.body.report, null, `nothing written for ${u}`);
  }
  const good = await upload(`${head}${a},,${day},正常,80%,90,3,,\n${b},,${day},限产,50,60,0,物流运输、资金周转,\n${lines[3]}\n`);
  assert.equal(good.status, 200, good.text);
  assert.deepEqual([good.body.written, good.body.skipped], [2, 1]);
  const d = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${b}/reports/${day}`);
  assert.deepEqual([d.body.report.status, d.body.report.source, d.body.report.problems], ['limited', 'upload', ['logistics', 'cash']]);
  // An enterprise outside the jurisdiction: refused on its line, nothing written.
  const outside = (await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=320000&limit=1')).body.items[0].uscc;
  const out = await upload(`${head}${outside},,${day},正常,80,90,,,\n`);
  assert.equal(out.status, 422, out.text);
  assert.equal(out.body.errors[0].code, 'access.outside');
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
