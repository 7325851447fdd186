// The monitoring dashboard in a real browser (issue 13, part "monitor"): the
// national coordinator drills down from the nation to a province, a city and
// a county by clicking, each rate shown with its denominator, and reads the
// county's enterprises with their reports; the electricity disagreement
// shows on the dashboard; the bulletin prints; a phone gets cards.
// Screenshots go to test-output/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn } from './browser.mjs';
import { ROOT, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
let srv, browser, day, county, reported;
const consoleErrors = [];
const shanghaiDay = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ enterprises: 300, web: true });
  browser = await launchBrowser();
  day = shanghaiDay(srv.now() - 86400e3);
  // Reports of the day for a Hangzhou county's enterprises (the county's upload).
  const city = await srv.as('coordinator', 'GET', `/api/v1/monitoring/overview?region=330100&day=${day}`);
  county = city.body.children.filter((c) => c.figures.enterprises > 0)
    .sort((a, b) => b.figures.enterprises - a.figures.enterprises)[0];
  const list = await srv.as('coordinator', 'GET', `/api/v1/enterprises?region=${county.code}&limit=10`);
  reported = list.body.items;
  const rows = reported.map((e, i) => `${e.uscc},${day},${i % 4 === 3 ? 'stopped' : 'operating'},${i % 4 === 3 ? 0 : 60 + i * 3},${i % 4 === 3 ? 10 : 70 + i * 2},0,,`);
  const up = await srv.req('POST', '/api/v1/reports/upload', {
    raw: ['uscc,day,status,capacity_pct,staff_pct,closed_loop,problems,note', ...rows].join('\n'), type: 'text/csv',
    headers: { Authorization: `Bearer ${await srv.login('industry.hangzhou')}` },
  });
  assert.ok(up.status < 300, up.text);
  // The grid company says the first one barely used any power.
  const power = await srv.req('POST', '/api/v1/monitoring/electricity', {
    raw: `uscc,day,kwh,baseline_kwh\n${reported[0].uscc},${day},50,1000`, type: 'text/csv',
    headers: { Authorization: `Bearer ${await srv.login('industry.hangzhou')}` },
  });
  assert.equal(power.status, 201, power.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(consoleErrors, [], 'no console errors on any page');
});

const open = (user, opts = {}) => signIn(browser, srv.base, user, { ...opts, errors: consoleErrors });

test('the dashboard drills down from the nation to a county and its enterprises', async () => {
  const { page, context } = await open('coordinator', { width: 1440 });
  await page.click('[data-test=side-menu] .el-menu-item:has-text("复工监测")');
  await page.waitForURL(/\/monitoring$/);
  // the default day is yesterday, the last whose reports are due
  await page.waitForSelector('[data-test=monitor-children] .el-table__row');
  assert.equal((await page.textContent('[data-test=monitor-region]')).trim(), '全国');
  // the denominator beside the rate
  assert.match(await page.textContent('[data-test=head-resumption_registered]'), /复工率[\d.]+%\d+ \/ \d+ 家登记企业/);
  await page.waitForSelector('[data-test=monitor-trend] canvas');
  await page.screenshot({ path: join(SHOTS, 'monitor-nation.png'), fullPage: true });
  for (const [code, name] of [['330000', '浙江省'], ['330100', '杭州市'], [county.code, county.name]]) {
    await page.click(`[data-test=monitor-child-${code}]`);
    await page.waitForURL(new RegExp(`/monitoring/${code}`));
    await page.waitForFunction((n) => document.querySelector('[data-test=monitor-region]')?.textContent.trim() === n, name);
  }
  // the county: its enterprises with the reports of the day
  await page.waitForSelector('[data-test=monitor-enterprises] .el-table__row');
  const text = await page.textContent('[data-test=monitor-enterprises]');
  assert.match(text, new RegExp(reported[0].name));
  assert.match(text, /正常/);
  assert.match(text, /停产/);
  const heads = await page.textContent('[data-test=monitor-heads]');
  assert.match(heads, new RegExp(`\\d+ / ${county.figures.enterprises} 家登记企业`));
  // the electricity disagreement on the dashboard
  assert.match(await page.textContent('[data-test=monitor-power]'), /用电与自报不一致：\d+家/);
  await page.screenshot({ path: join(SHOTS, 'monitor-county.png'), fullPage: true });
  // and back up by the path
  await page.click('[data-test=monitor-up-330000]');
  await page.waitForFunction(() => document.querySelector('[data-test=monitor-region]')?.textContent.trim() === '浙江省');
  await context.close();
});

test('the bulletin and the electricity page, and cards on a phone', async () => {
  const { page, context } = await open('joint.hangzhou', { width: 1440 });
  await page.goto(`${srv.base}/monitoring/bulletin?region=330100&day=${day}`);
  await page.waitForSelector('[data-test=bulletin-title]');
  assert.match(await page.textContent('[data-test=bulletin-title]'), /杭州市企业复工复产日报/);
  assert.match(await page.textContent('[data-test=bulletin-lead]'), /复工率[\d.]+%（按登记企业数计）/);
  assert.match(await page.textContent('[data-test=bulletin-power]'), /自报复工，用电偏低/);
  const href = await page.getAttribute('[data-test=bulletin-xlsx]', 'href');
  assert.match(href, /format=xlsx/);
  await page.screenshot({ path: join(SHOTS, 'monitor-bulletin.png'), fullPage: true });
  await page.goto(`${srv.base}/monitoring/electricity?region=330100&day=${day}`);
  await page.waitForSelector('[data-test=power-disagreements] .el-table__row');
  assert.match(await page.textContent('[data-test=power-disagreements]'), new RegExp(reported[0].name));
  await context.close();

  const phone = await open('coordinator', { width: 390 });
  await phone.page.goto(`${srv.base}/monitoring/${county.code}?day=${day}`);
  await phone.page.waitForSelector('[data-test=monitor-enterprises-cards] .el-card');
  assert.equal(await phone.page.isVisible('[data-test=monitor-enterprises]'), false, 'cards, not the table, on a phone');
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${overflow} px wider than the phone`);
  await phone.page.screenshot({ path: join(SHOTS, 'monitor-phone.png'), fullPage: true });
  await phone.context.close();
});
