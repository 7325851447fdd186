// Monitoring of work resumption (issue 13, part "monitor"): the figures the
// incremental aggregates give equal a plain computation from the reports
// themselves (after uploads and corrections), for a county, its city and the
// city's children, by day in the trend; the electricity cross-check; the
// bulletin; and who may read or upload where.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, newUscc, startServer } from './helpers.mjs';

let srv;
let day;        // yesterday in Asia/Shanghai: the default day
let dayBefore;
let counties;   // Hangzhou's counties that have enterprises
let mine = [];  // the enterprises this test reports for: { uscc, region }

const shanghaiDay = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

// A report line of the county upload (core/report.c's columns).
const line = (e, d, status, cap, staff) => `${e.uscc},${d},${status},${cap},${staff},0,,`;
const HEADER = 'uscc,day,status,capacity_pct,staff_pct,closed_loop,problems,note';
const figuresFor = (status, i) => status === 'stopped' ? [0, (i * 7) % 40]
  : status === 'limited' ? [20 + (i * 13) % 60, 25 + (i * 11) % 70]
  : [30 + (i * 17) % 71, 10 + (i * 19) % 91];

before(async () => {
  srv = await startServer({ enterprises: 300 });
  day = shanghaiDay(srv.now() - 86400e3);
  dayBefore = shanghaiDay(srv.now() - 2 * 86400e3);
  const city = await srv.as('industry.hangzhou', 'GET', `/api/v1/monitoring/overview?region=330100&day=${day}`);
  assert.equal(city.status, 200, JSON.stringify(city.body));
  counties = city.body.children.filter((c) => c.figures.enterprises > 0).map((c) => c.code);
  assert.ok(counties.length >= 2, 'the demo has enterprises in at least two Hangzhou counties');
  for (const c of counties.slice(0, 3)) {
    const r = await srv.as('coordinator', 'GET', `/api/v1/enterprises?region=${c}&limit=12`);
    assert.equal(r.status, 200);
    mine.push(...r.body.items.map((e) => ({ uscc: e.uscc, region: c })));
  }
  const statuses = ['operating', 'limited', 'stopped'];
  const rows = [];
  mine.forEach((e, i) => {
    for (const d of [dayBefore, day]) {
      const s = statuses[(i + (d === day ? 1 : 0)) % 3];
      const [cap, staff] = figuresFor(s, i);
      rows.push(line(e, d, s, cap, staff));
    }
  });
  const first = await srv.req('POST', '/api/v1/reports/upload', {
    raw: [HEADER, ...rows].join('\n'), type: 'text/csv',
    headers: { Authorization: `Bearer ${await srv.login('industry.hangzhou')}` },
  });
  assert.ok(first.status < 300, JSON.stringify(first.body));
  // corrections: every third enterprise's day again, with other figures
  const fixes = mine.filter((_, i) => i % 3 === 0).map((e, i) => line(e, day, 'operating', 95 - i, 92));
  const second = await srv.req('POST', '/api/v1/reports/upload', {
    raw: [HEADER, ...fixes].join('\n'), type: 'text/csv',
    headers: { Authorization: `Bearer ${await srv.login('industry.hangzhou')}` },
  });
  assert.ok(second.status < 300, JSON.stringify(second.body));
});
after(() => srv.stop());

// The plain computation: the county's enterprises with their current report
// of the day (read from the reports, not from the aggregates).
async function plainCounty(county, d) {
  const items = [];
  let total = 0;
  for (let offset = 0; ; offset += 500) {
    const r = await srv.as('coordinator', 'GET',
      `/api/v1/monitoring/overview?region=${county}&day=${d}&limit=500&offset=${offset}`);
    assert.equal(r.status, 200);
    total = r.body.enterprises.total;
    items.push(...r.body.enterprises.items);
    if (items.length >= total) break;
  }
  const rep = items.filter((e) => e.status);
  return {
    enterprises: total,
    reported: rep.length,
    resumed: rep.filter((e) => e.status !== 'stopped').length,
    late: rep.filter((e) => e.late).length,
    staff: rep.reduce((a, e) => a + e.staff_pct, 0),
    capacity: rep.reduce((a, e) => a + e.capacity_pct, 0),
    staff90: rep.filter((e) => e.staff_pct >= 90).length,
    cap80: rep.filter((e) => e.capacity_pct >= 80).length,
    under30: rep.filter((e) => e.capacity_pct < 30 || e.staff_pct < 30).length,
  };
}

const add = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + b[k]]));

function assertFigures(f, p, where) {
  assert.equal(f.enterprises, p.enterprises, `${where}: enterprises`);
  assert.equal(f.reported, p.reported, `${where}: reported`);
  assert.equal(f.resumed, p.resumed, `${where}: resumed`);
  assert.equal(f.late, p.late, `${where}: late`);
  const rate = (r, num, den) => {
    if (den === 0) { assert.equal(r, null, `${where}: no denominator, no figure`); return; }
    assert.equal(r.num, num, `${where}: numerator`);
    assert.equal(r.den, den, `${where}: denominator`);
    assert.ok(Math.abs(r.value - num / den) < 1e-9, `${where}: value`);
  };
  rate(f.rates.resumption_registered, p.resumed, p.enterprises);
  rate(f.rates.resumption_reported, p.resumed, p.reported);
  rate(f.rates.staff_return, p.staff, 100 * p.reported);
  rate(f.rates.capacity_utilisation, p.capacity, 100 * p.reported);
  rate(f.rates.staff_ge90, p.staff90, p.reported);
  rate(f.rates.capacity_ge80, p.cap80, p.reported);
  rate(f.rates.under30, p.under30, p.reported);
  rate(f.rates.compliance, p.reported, p.enterprises);
}

test('the aggregates equal the plain computation from the reports, county to city', async () => {
  let city = null;
  const plain = {};
  for (const c of counties) {
    plain[c] = await plainCounty(c, day);
    city = city ? add(city, plain[c]) : plain[c];
    const own = await srv.as('industry.hangzhou', 'GET', `/api/v1/monitoring/overview?region=${c}&day=${day}`);
    assert.equal(own.status, 200);
    assertFigures(own.body.figures, plain[c], `county ${c}`);
  }
  const r = await srv.as('joint.hangzhou', 'GET', `/api/v1/monitoring/overview?region=330100&day=${day}`);
  assert.equal(r.status, 200);
  for (const c of counties)
    assertFigures(r.body.children.find((x) => x.code === c).figures, plain[c], `child ${c}`);
  // counties without enterprises add nothing; the city is the sum of its counties
  assertFigures(r.body.figures, city, 'city 330100');
  assert.ok(city.reported >= mine.length, 'our reports are counted');
  // the corrections count once, as corrected
  const fixed = mine[0];
  const county = await srv.as('coordinator', 'GET',
    `/api/v1/monitoring/overview?region=${fixed.region}&day=${day}&limit=500`);
  const row = county.body.enterprises.items.find((e) => e.uscc === fixed.uscc);
  assert.deepEqual([row.status, row.capacity_pct, row.staff_pct], ['operating', 95, 92]);
  // the lowest regions are children with enterprises, lowest rate first
  const low = r.body.lowest.map((code) => r.body.children.find((x) => x.code === code));
  for (let i = 1; i < low.length; i++)
    assert.ok(low[i - 1].figures.rates.resumption_registered.value <=
      low[i].figures.rates.resumption_registered.value);
  // the province rolls the city up with the others
  const zj = await srv.as('auditor.zhejiang', 'GET', `/api/v1/monitoring/overview?region=330000&day=${day}`);
  assert.equal(zj.status, 200);
  assertFigures(zj.body.children.find((x) => x.code === '330100').figures, city, 'province child 330100');
});

test('the trend by region gives each day the same figures as the overview', async () => {
  const r = await srv.as('industry.hangzhou', 'GET',
    `/api/v1/monitoring/trend?region=330100&from=${dayBefore}&to=${day}&by=region`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.days, 2);
  for (const c of counties.slice(0, 3)) {
    const s = r.body.series.find((x) => x.key === c);
    assert.ok(s && s.name, `a series for ${c} with its name`);
    assert.deepEqual(s.points.map((p) => p.day), [dayBefore, day]);
    for (const [i, d] of [dayBefore, day].entries())
      assertFigures(s.points[i].figures, await plainCounty(c, d), `trend ${c} ${d}`);
  }
  const whole = await srv.as('industry.hangzhou', 'GET',
    `/api/v1/monitoring/trend?region=330100&from=${dayBefore}&to=${day}`);
  assert.equal(whole.status, 200);
  const ov = await srv.as('industry.hangzhou', 'GET', `/api/v1/monitoring/overview?region=330100&day=${day}`);
  assert.deepEqual(whole.body.series[0].points[1].figures, ov.body.figures);
  // by industry: divisions with their sections, the sections adding up to the whole
  const ind = await srv.as('industry.hangzhou', 'GET',
    `/api/v1/monitoring/trend?region=330100&from=${day}&to=${day}&by=industry`);
  assert.equal(ind.status, 200);
  assert.ok(ind.body.series.every((s) => s.section));
  const sum = (list, k) => list.reduce((a, s) => a + s.points[0].figures[k], 0);
  for (const k of ['enterprises', 'reported', 'resumed']) {
    assert.equal(sum(ind.body.series, k), ov.body.figures[k]);
    assert.equal(sum(ind.body.sections, k), ov.body.figures[k]);
  }
  for (const by of ['category', 'chain', 'whitelist']) {
    const x = await srv.as('industry.hangzhou', 'GET',
      `/api/v1/monitoring/trend?region=330100&from=${dayBefore}&to=${day}&by=${by}`);
    assert.equal(x.status, 200, by);
  }
  const bad = await srv.as('industry.hangzhou', 'GET', '/api/v1/monitoring/trend?region=330100&by=colour');
  assert.equal(bad.status, 422);
  assert.equal(bad.body.code, 'monitor.trend_by');
  const long = await srv.as('industry.hangzhou', 'GET',
    '/api/v1/monitoring/trend?region=330100&from=2026-01-01&to=2026-12-31');
  assert.equal(long.status, 422);
  assert.equal(long.body.code, 'monitor.trend_days');
});

test('electricity: the grid file is all or nothing, and disagreements are flagged', async () => {
  const token = await srv.login('industry.hangzhou');
  const post = (text) => srv.req('POST', '/api/v1/monitoring/electricity',
    { raw: text, type: 'text/csv', headers: { Authorization: `Bearer ${token}` } });
  const reported = [];
  for (const c of counties) {
    const county = await srv.as('coordinator', 'GET',
      `/api/v1/monitoring/overview?region=${c}&day=${day}&limit=500`);
    reported.push(...county.body.enterprises.items.filter((e) => e.status));
  }
  const working = reported.find((e) => e.status !== 'stopped');
  const stopped = reported.find((e) => e.status === 'stopped');
  assert.ok(working && stopped);
  const outside = (await srv.as('coordinator', 'GET', '/api/v1/enterprises?region=320000&limit=1')).body.items[0].uscc;
  // (the demo's readings for Xihu are there already; nothing of the bad file is)
  const disagreements = (share = 30) => srv.as('industry.hangzhou', 'GET',
    `/api/v1/monitoring/electricity/disagreements?region=330100&day=${day}&share=${share}`);
  const before = (await disagreements()).body;
  // one bad file: nothing stored, every bad line named
  const bad = await post(['uscc,day,kwh,baseline_kwh',
    `${working.uscc},${day},100,1000`,
    `${outside},${day},50,100`,
    `${stopped.uscc},2026-02-30,10,`,
    `${stopped.uscc},${day},ten,`,
    `${working.uscc},${day},120,`,
    `${newUscc('320102')},${day},50,100`].join('\n'));
  assert.equal(bad.status, 422);
  assert.equal(bad.body.code, 'monitor.power_rejected');
  assert.deepEqual(bad.body.errors.map((e) => [e.line, e.code]), [
    [3, 'monitor.power_unknown'], [4, 'monitor.power_day'], [5, 'monitor.power_kwh'],
    [6, 'monitor.power_duplicate'], [7, 'monitor.power_unknown']]);
  // issue 16: a line naming an enterprise outside reads as one naming none
  const said = (e) => JSON.stringify({ ...e, line: 0 }).replaceAll(e.params?.uscc ?? '-', 'U');
  assert.equal(said(bad.body.errors[0]), said(bad.body.errors[4]));
  assert.deepEqual((await disagreements()).body, before);
  // a good one: the working one uses 10 % of its baseline, the stopped one 80 %
  const good = await post(['统一社会信用代码,日期,用电量,基准用电量',
    `${working.uscc},${day},100,1000`,
    `${stopped.uscc},${day},800.5,1000`,
    `${working.uscc},${dayBefore},900,`].join('\n'));
  assert.equal(good.status, 201, JSON.stringify(good.body));
  assert.equal(good.body.rows, 3);
  assert.equal(good.body.baselines, 2);
  const d = await disagreements();
  assert.equal(d.status, 200);
  assert.equal(d.body.share, 30);
  assert.ok(d.body.readings >= before.readings && d.body.readings <= before.readings + 2);
  const by = Object.fromEntries(d.body.disagreements.map((x) => [x.uscc, x]));
  assert.equal(by[working.uscc].disagreement, 'claims_resumed');
  assert.equal(by[working.uscc].verdict, 'not_resumed');
  assert.equal(by[working.uscc].kwh, 100);
  assert.equal(by[working.uscc].baseline_kwh, 1000);
  assert.equal(by[stopped.uscc].disagreement, 'claims_stopped');
  assert.equal(d.body.total, d.body.claims_resumed + d.body.claims_stopped);
  // a higher share: 80.05 % is still above 80, under 81 it is not
  const at81 = await disagreements(81);
  assert.equal(at81.body.disagreements.filter((x) => x.uscc === stopped.uscc).length, 0);
  // the overview shows them too
  const ov = await srv.as('industry.hangzhou', 'GET', `/api/v1/monitoring/overview?region=330100&day=${day}`);
  assert.equal(ov.body.electricity.total, d.body.total);
  // audited
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity=electricity_upload&entity_id=${good.body.upload}`);
  assert.equal(audit.status, 200);
  assert.equal(audit.body.items[0].action, 'electricity.upload');
});

test('the bulletin is an XLSX workbook; only as a spreadsheet', async () => {
  const token = await srv.login('joint.hangzhou');
  const r = await fetch(`${srv.base}/api/v1/monitoring/bulletin?region=330100&day=${day}&format=xlsx`,
    { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  const csv = await srv.as('joint.hangzhou', 'GET', `/api/v1/monitoring/bulletin?region=330100&day=${day}`);
  assert.equal(csv.status, 400);
  assert.equal(csv.body.code, 'monitor.bulletin_format');
});

// Who may: officials and auditors inside their jurisdiction, the national
// coordinator everywhere, enterprises and operators never.
const READERS = ['industry_authority', 'joint_mechanism', 'economic_department', 'health_authority',
  'national_coordinator', 'auditor'];
const UPLOADERS = ['industry_authority', 'joint_mechanism', 'economic_department', 'national_coordinator'];

test('every monitoring endpoint refuses outside the jurisdiction and to enterprises', async () => {
  const reads = (region) => [
    `/api/v1/monitoring/overview?region=${region}&day=${day}`,
    `/api/v1/monitoring/trend?region=${region}&from=${day}&to=${day}`,
    `/api/v1/monitoring/electricity/disagreements?region=${region}&day=${day}`,
    `/api/v1/monitoring/bulletin?region=${region}&day=${day}&format=xlsx`,
  ];
  for (const [user, a] of Object.entries(ACCOUNTS)) {
    const home = a.region || '330106';
    for (const [where, region] of [['in', a.region === '000000' ? '330000' : home], ['out', '320000']]) {
      for (const path of reads(region)) {
        const r = await srv.as(user, 'GET', path);
        const may = READERS.includes(a.role) && (where === 'in' || a.role === 'national_coordinator');
        assert.equal(r.status, may ? 200 : 403, `${user} ${where} ${path}: ${r.status}`);
      }
    }
    const up = await srv.req('POST', '/api/v1/monitoring/electricity', {
      raw: `uscc,day,kwh\n${mine[0].uscc},${day},1`, type: 'text/csv',
      headers: { Authorization: `Bearer ${await srv.login(user)}` },
    });
    const inside = a.region && ['000000', '330000', '330100'].includes(a.region);
    const may = UPLOADERS.includes(a.role) && inside;
    assert.equal(up.status, may ? 201 : UPLOADERS.includes(a.role) ? 422 : 403,
      `${user} uploads for ${mine[0].uscc}: ${up.status} ${JSON.stringify(up.body)}`);
  }
});
