// Daily reports in a real browser (issue 13, part "reports"): on a phone the
// enterprise sees its day's report on its home page as a to-do, and reports
// an unchanged day with one click ("与昨日相同，提交"); the version is in with
// yesterday's figures; at desk width its history opens a day's versions. The
// county's missing list and upload page, with a bad file refused per line.
// Screenshots go to test-output/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn } from './browser.mjs';
import { ROOT, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
const OWN = '91330106MA27XK000B';
let srv, browser;
const consoleErrors = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ enterprises: 400, web: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(consoleErrors, [], 'no console errors on any page');
});

const open = (user, opts = {}) => signIn(browser, srv.base, user, { ...opts, errors: consoleErrors });

test('on a phone, an unchanged day is one click from the home page', async () => {
  const before = (await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports`)).body;
  assert.equal(before.form.report, null, 'the demo leaves the form\'s day open');
  assert.ok(before.form.prefill, 'and the day before it in');
  const { page, context } = await open('enterprise.demo', { width: 390 });
  await page.waitForSelector('[data-test=enterprise-todo-report]');
  assert.match(await page.textContent('[data-test=enterprise-todo-report]'), /今日日报尚未报送/);
  await page.click('[data-test=enterprise-todo-report] a');
  await page.waitForURL(/\/report$/);
  await page.waitForSelector('[data-test=report-same]');
  assert.match(await page.textContent('[data-test=report-prefill]'), new RegExp(before.form.prefill.day));
  await page.screenshot({ path: join(SHOTS, 'report-phone-before.png'), fullPage: true });
  await page.click('[data-test=report-same]');   // the one click
  await page.waitForSelector('[data-test=report-done]');
  await page.waitForSelector('[data-test=report-in]');
  assert.equal(await page.isVisible('[data-test=report-history]'), false, 'cards, not the table, on a phone');
  await page.waitForSelector('[data-test=report-history-cards] .el-card');
  await page.screenshot({ path: join(SHOTS, 'report-phone-after.png'), fullPage: true });
  await context.close();
  const d = (await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/reports/${before.form.day}`)).body;
  const p = before.form.prefill;
  assert.deepEqual([d.report.status, d.report.capacity_pct, d.report.staff_pct, d.report.source, d.report.version],
    [p.status, p.capacity_pct, p.staff_pct, 'form', 1]);
  // The home page's to-do is gone.
  const again = await open('enterprise.demo', { width: 390 });
  await again.page.waitForSelector('[data-test=enterprise-home]');
  await again.page.waitForLoadState('networkidle');
  assert.equal(await again.page.isVisible('[data-test=enterprise-todo-report]'), false);
  await again.context.close();
});

test('at desk width: correct the day in the form, then read its versions', async () => {
  const { page, context } = await open('enterprise.demo', { width: 1440 });
  await page.click('[data-test=side-menu] .el-menu-item:has-text("日报填报")');
  await page.waitForURL(/\/report$/);
  await page.waitForSelector('[data-test=report-in]');
  await page.click('[data-test=report-edit]');
  await page.click('[data-test=report-status] >> text=限产');
  await page.fill('[data-test=report-capacity] input', '60');
  await page.click('[data-test=report-problems] >> text=物流运输');
  await page.click('[data-test=report-submit]');
  await page.waitForSelector('[data-test=report-done]');
  assert.match(await page.textContent('[data-test=report-done]'), /第2版/);
  await page.click('[data-test=report-history] .el-table__row >> nth=0');
  await page.waitForSelector('[data-test=report-versions] .el-timeline-item');
  const text = await page.textContent('[data-test=report-versions]');
  assert.match(text, /第1版/);
  assert.match(text, /第2版/);
  assert.match(text, /物流运输/);
  await page.screenshot({ path: join(SHOTS, 'report-desk-versions.png'), fullPage: true });
  await context.close();
});

test('the county: who has not reported, and an upload with a bad line refused per line', async () => {
  const { page, context } = await open('industry.hangzhou', { width: 1440 });
  await page.click('[data-test=side-menu] .el-menu-item:has-text("未报企业")');
  await page.waitForURL(/\/report-missing$/);
  await page.waitForSelector('[data-test=missing-sum]');
  assert.match(await page.textContent('[data-test=missing-sum]'), /家未报/);
  await page.waitForSelector('[data-test=missing-children] .el-table__row');
  await page.screenshot({ path: join(SHOTS, 'report-missing-desk.png'), fullPage: true });
  await page.click('[data-test=side-menu] .el-menu-item:has-text("日报上传")');
  await page.waitForURL(/\/report-upload$/);
  const head = '统一社会信用代码,企业名称,日期,生产状态,产能利用率(%),员工到岗率(%),闭环管理人数,存在问题,备注\n';
  const file = join(srv.dir, 'bad.csv');
  const day = new Date(srv.now() - 16 * 3600e3).toISOString().slice(0, 10);
  writeFileSync(file, `${head}${OWN},,${day},开工,80,90,,,\n`);
  await page.setInputFiles('[data-test=upload-file]', file);
  await page.click('[data-test=upload-start]');
  await page.waitForSelector('[data-test=upload-errors] .el-table__row');
  const errs = await page.textContent('[data-test=upload-errors]');
  assert.match(errs, /生产状态须填“正常”“限产”或“停产”/);
  await page.screenshot({ path: join(SHOTS, 'report-upload-desk.png'), fullPage: true });
  await context.close();
  const phone = await open('industry.hangzhou', { width: 390 });
  await phone.page.goto(`${srv.base}/report-missing`);
  await phone.page.waitForSelector('[data-test=missing-cards] .el-card');
  assert.equal(await phone.page.isVisible('[data-test=missing-list]'), false, 'cards, not the table, on a phone');
  await phone.page.screenshot({ path: join(SHOTS, 'report-missing-phone.png'), fullPage: true });
  await phone.context.close();
});
