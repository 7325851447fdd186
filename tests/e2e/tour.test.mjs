// Every page, as each kind of user sees it, at desk (1440 px) and phone
// (390 px) width, in Chinese and in English: nothing English in the Chinese
// interface outside an allow-list of codes, nothing wider than the screen on
// a phone, lists as cards on a phone, detail labels not broken one character
// a line, the English header on one line, no console errors. A screenshot of
// each goes to test-output/screenshots/tour-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, settle, watchRequests } from './browser.mjs';
import { ROOT, newUscc, password, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
// Words a Chinese official reads as they are: file formats, the QR code, the
// names of standards. Codes (USCC, plates, pass numbers) are removed first.
const ALLOWED = new Set(['QR', 'CSV', 'Excel', 'XLSX', 'GB', 'ID', 'English', 'PNG', 'SVG']);
const WIDTHS = [1440, 390];
const LOCALES = ['zh-CN', 'en'];

let srv, browser;
const consoleErrors = [];
const day = 86400e3;
// TOUR_TIMES=1 prints where the tour's time goes (sign-in, each page's steps).
const time = process.env.TOUR_TIMES ? (s) => console.log(`tour time: ${s}`) : () => {};

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const t = Date.now();
  srv = await startServer({ enterprises: 20000, web: true });
  time(`server with the 20,000-enterprise demo ${Date.now() - t} ms`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(consoleErrors, [], 'no console errors on any page');
});

// A browser context of `user` at `width` px in `locale`, signed in through
// the sign-in page, or, given `state` (another context's storageState), with
// that session's cookie (its first page then shows whether it is signed in). `view.width` follows the viewport when it is resized.
async function signIn(user, width, locale, state) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale, storageState: state });
  const page = await context.newPage();
  const view = { width };
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|403|404|409|422|429)/.test(m.text())) consoleErrors.push(`${user} ${view.width} ${locale}: ${m.text()}`);
  });
  // With the page and where it was thrown, so that a rare one can be found.
  page.on('pageerror', (e) => consoleErrors.push(`${user} ${view.width} ${locale} ${page.url()}: ${e.message} ${(e.stack || '').split('\n').slice(1, 4).join(' ')}`));
  await page.addInitScript((l) => localStorage.setItem('fugong.locale', l), locale);
  watchRequests(page);
  if (!state) {
    await page.goto(`${srv.base}/login`);
    await page.fill('[data-test=username]', user);
    await page.fill('[data-test=password]', password(user));
    await page.click('[data-test=submit]');
    await page.waitForSelector('[data-test=who]');
  }
  return { context, page, view };
}

// The English words left in the page's text once codes are taken out.
function englishWords(text) {
  const stripped = text
    .replace(/\b[0-9A-Z]{18}\b/g, ' ')                      // USCC
    .replace(/[\u4e00-\u9fa5][A-Z][A-Z0-9]{4,6}/g, ' ')     // plates
    .replace(/\b[0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27}\b/g, ' ')  // record ids
    .replace(/\bGB\/T\s?\d+(\.\d+)?(-\d+)?/g, ' ');
  // Words of two letters or more, and a lone letter standing as a unit ("24 h").
  return [...new Set(stripped.match(/[A-Za-z]{2,}|(?<=[\d\s])[A-Za-z](?=[\s·,)]|$)/g) || [])].filter((w) => !ALLOWED.has(w))
    .map((w) => { const i = stripped.indexOf(w); return `${w} (…${stripped.slice(Math.max(0, i - 12), i + w.length + 12).replace(/\s+/g, ' ')}…)`; });
}

// What each page must show before it is read: [path, a selector of its content].
async function pagesFor() {
  // The demo's emergency order, whose page counts down to its lapse, if any.
  const orders = await srv.as('coordinator', 'GET', '/api/v1/orders?limit=20');
  const order = orders.body.items.find((o) => o.emergency) || orders.body.items[0];
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', {
    goods: 'medical_supplies', origin: '330106', destination: '310115', route: ['330110'], plate: '浙A12345',
    valid_to: new Date(srv.now() + 5 * day).toISOString(),
    crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }],
  });
  assert.equal(a.status, 201, a.text);
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true, reason: '医疗物资运输' });
  assert.equal(d.status, 200, d.text);
  const c = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: d.body.number, plate: '浙A12345' });
  assert.equal(c.status, 200, c.text);   // the pass page lists its checks
  const own = '91330106MA27XK000B';
  // A demo listing's certificate (issue 12, part "cred").
  const listing = (await srv.as('coordinator', 'GET', '/api/v1/whitelist-applications?state=listed&limit=1')).body.items[0];
  assert.ok(listing, 'the demo has a listing in force');
  // problems (issue 13, part "problems"): the demo's escalated blocked truck
  const truck = (await srv.as('coordinator', 'GET', '/api/v1/problems?state=raised')).body.items.find((x) => x.kind === 'blocked_truck');
  assert.ok(truck, 'the demo has a blocked truck waiting');
  // transfer stations (issue 14, part "stations"): the demo's 嘉兴南湖
  const nanhu = (await srv.as('coordinator', 'GET', '/api/v1/stations?region=330402')).body.items[0];
  assert.ok(nanhu, 'the demo has a transfer station in 南湖区');
  return {
    // transfer stations (issue 14, part "stations")
    'joint.zhejiang': [['/stations', '[data-test=st-list]'], [`/stations/${nanhu.id}`, '[data-test=sd-bookings]']],
    'station.nanhu': [['/gate', '[data-test=gate-inside]'], ['/queue', '[data-test=queue-find]']],
    // problems (issue 13, part "problems")
    'joint.hangzhou': [['/problems', 'main'], [`/problems/${truck.id}`, '[data-test=problem-facts]'], ['/problem-rates', '[data-test=rates-totals]']],
    coordinator: [
      ['/', 'main'], ['/regions/330106', '[data-test=region-detail]'],
      ['/enterprises', 'main'], [`/enterprises/${order.enterprise}`, '[data-test=guidance]'],
      ['/awaiting', 'main'], ['/orders', 'main'],
      [`/orders/${order.id}`, '[data-test=order-data]'], ['/alarms', 'main'], ['/passes', 'main'],
      [`/passes/${d.body.number}`, '[data-test=pass-data]'], ['/rules', 'main'], ['/audit', 'main'], ['/accounts', 'main'],
      ['/chain', 'main'], ['/block-points', 'main'], ['/coordination', 'main'], ['/whitelists', 'main'],
      [`/whitelists/listings/${listing.id}/certificate`, '[data-test=wlcert-qr]'], // the listing credential (issue 12, part "cred")
      // the white-list pool, lift together, related services waiting (issue 12, part "pool")
      ['/whitelist-pool', 'main'], ['/lift-together', 'main'], ['/services-waiting', 'main'],
      // daily reports (issue 13, part "reports")
      ['/report-missing', '[data-test=missing-sum]'],
      // monitoring of work resumption (issue 13, part "monitor")
      ['/monitoring', '[data-test=monitor-heads]'], ['/monitoring/330100', '[data-test=monitor-children-card]'],
      ['/monitoring/bulletin', '[data-test=bulletin]'], ['/monitoring/electricity', '[data-test=power-summary]'],
    ],
    'enterprise.demo': [['/', 'main'], [`/enterprises/${own}`, '[data-test=guidance]'], ['/orders', 'main'],
      ['/report', '[data-test=report-today]'], // daily reports (issue 13, part "reports")
      ['/problems', 'main'], ['/problems/new', '[data-test=problem-kinds]'], // problems (issue 13)
      // production and contingency plans (issue 14, part "plans")
      ['/plans?level=medium', '[data-test=plans-form]'], [`/plans/${own}/medium/print`, '[data-test=plan-sheet]'],
      // the delivery of policies (issue 15, part "delivery")
      ['/my-policies', '[data-test=benefits-group-notEligible]']],
    // the delivery of policies (issue 15, part "delivery"): the department's queue
    'economy.zhejiang': [['/policy-queue', '[data-test=queue-total]']],
    // production and contingency plans (issue 14, part "plans"): the review queue and lacking list
    'industry.zhejiang': [['/plan-review', '[data-test=review-summary]']],
    'industry.hangzhou': [['/report-upload', '[data-test=report-upload]'], ['/report-missing', '[data-test=missing-sum]']], // daily reports
    'operator.demo': [['/passes', 'main'], ['/problems', 'main'], ['/problems/new', '[data-test=problem-form]']], // problems (issue 13)
    'checkpoint.xihu': [['/checkpoint', 'main']],
    'health.zhejiang': [['/', 'main']],
    'auditor.zhejiang': [['/', 'main'],
      // monitoring of work resumption (issue 13, part "monitor"): a county with its enterprises
      ['/monitoring/330106', '[data-test=monitor-enterprises-card]']],
  };
}

test('every page at desk and phone width, in Chinese and English', async () => {
  const pages = await pagesFor();
  const problems = [];
  // Each account signs in once; in each language it has its own browser
  // context (the second with the first one's session) and reads its pages at
  // desk width, then at phone width (the viewport resized; every page is
  // loaded afresh at its width). TOUR_SESSIONS accounts at a time (default
  // one: on two cores three at a time saved little).
  const sessions = Object.entries(pages);
  const tourOne = async ([user, list]) => {
    let state;
    for (const locale of LOCALES) {
      const t = Date.now();
      const { context, page, view } = await signIn(user, WIDTHS[0], locale, state);
      time(`${state ? 'session reused' : 'sign-in'} ${user} ${locale} ${Date.now() - t} ms`);
      state ??= await context.storageState();
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        view.width = width;
        for (const [path, ready] of list) {
          const where = `${user} ${path} ${width}px ${locale}`;
          const at = [Date.now()];
          await page.goto(`${srv.base}${path}`);
          await page.waitForSelector(ready, { timeout: 10000 });
          await page.waitForSelector('[data-test=who]');   // still signed in
          at.push(Date.now());
          // Nothing in flight, names looked up after the first paint included.
          await settle(page);
          at.push(Date.now());
          // Codes shown beside names (class fg-code: a username, a record id) are not words.
          const text = await page.evaluate(() => {
            const codes = [...document.querySelectorAll('.fg-code')];
            for (const c of codes) c.dataset.display = c.style.display, c.style.display = 'none';
            const all = document.body.innerText;
            for (const c of codes) c.style.display = c.dataset.display;
            return all;
          });
          if (locale === 'zh-CN') {
            const words = englishWords(text);
            if (words.length) problems.push(`${where}: English in the Chinese interface: ${words.join(', ')}`);
          }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 1) problems.push(`${where}: ${overflow} px wider than the screen`);
          // A detail label is at least two characters wide (not one a line).
          const narrow = await page.$$eval('.el-descriptions__label, .el-form-item__label, .el-page-header__back', (els) => els
            .filter((e) => e.offsetParent && e.textContent.trim().length > 1 && e.getBoundingClientRect().width < 26)
            .map((e) => e.textContent.trim()));
          if (narrow.length) problems.push(`${where}: labels broken a character a line: ${narrow.join(', ')}`);
          if (width === 390) {
            // A table on a phone is replaced by cards: no visible table with rows.
            const tables = await page.$$eval('.el-table', (els) => els.filter((e) => e.offsetParent && e.querySelector('.el-table__row')).length);
            if (tables) problems.push(`${where}: ${tables} table(s) on the phone instead of cards`);
          }
          if (locale === 'en') {
            // Words are broken between words, not mid-word.
            const cut = await page.$$eval('.el-table .cell, .el-descriptions__cell', (els) => els
              .filter((e) => e.offsetParent && getComputedStyle(e).wordBreak === 'break-all').length);
            if (cut) problems.push(`${where}: ${cut} cells break English words mid-word`);
            const header = await page.$eval('header, .fg-header', (h) => h.getBoundingClientRect().height).catch(() => 0);
            if (header > 72) problems.push(`${where}: the header wraps (${header} px high)`);
          }
          // A detail page also reads on the narrowest phones (375 px).
          if (width === 390 && /-data\]|region-detail|guidance/.test(ready)) {
            await page.setViewportSize({ width: 375, height: 900 });
            await page.waitForTimeout(100);
            const o375 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            if (o375 > 1) problems.push(`${where}: ${o375} px wider than a 375 px screen`);
            const n375 = await page.$$eval('.el-descriptions__label', (els) => els
              .filter((e) => e.offsetParent && e.textContent.trim().length > 1 && e.getBoundingClientRect().width < 26).length);
            if (n375) problems.push(`${where}: ${n375} labels broken a character a line at 375 px`);
            await page.setViewportSize({ width, height: 900 });
          }
          const name = `${user}${path.replace(/[^a-z0-9]+/gi, '-')}-${width}-${locale}`.replace(/-+$/, '');
          at.push(Date.now());
          await page.screenshot({ path: join(SHOTS, `tour-${name}.png`), fullPage: true });
          at.push(Date.now());
          time(`page ${where} loaded ${at[1] - at[0]} still ${at[2] - at[1]} checks ${at[3] - at[2]} screenshot ${at[4] - at[3]} ms`);
        }
      }
      await context.close();
    }
  };
  const worker = async () => { while (sessions.length) await tourOne(sessions.shift()); };
  await Promise.all(Array.from({ length: Number(process.env.TOUR_SESSIONS || 1) }, worker));
  assert.deepEqual(problems.sort(), []);
});

// At 23:30 UTC it is already 07:30 the next day in Beijing: the designation
// form proposes Beijing's date and the history shows Beijing's time.
test('dates are Beijing dates at a UTC midnight boundary', async () => {
  const now = srv.now();
  const target = Math.ceil((now - 23.5 * 3600e3) / 86400e3) * 86400e3 + 23.5 * 3600e3;   // the next 23:30 UTC
  srv.advance(target - now);
  const beijing = new Date(target + 8 * 3600e3).toISOString().slice(0, 10);
  const utc = new Date(target).toISOString().slice(0, 10);
  assert.notEqual(beijing, utc);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.clock.install({ time: target });
  const page = await context.newPage();
  page.on('pageerror', (e) => consoleErrors.push(`clock: ${e.message}`));
  await page.addInitScript(() => localStorage.setItem('fugong.locale', 'zh-CN'));
  await page.goto(`${srv.base}/login`);
  await page.fill('[data-test=username]', 'health.zhejiang');
  await page.fill('[data-test=password]', password('health.zhejiang'));
  await page.click('[data-test=submit]');
  await page.waitForSelector('[data-test=who]');
  await page.goto(`${srv.base}/regions/330106`);
  await page.waitForSelector('[data-test=designate-form]');
  assert.equal(await page.inputValue('[data-test=designate-form] .el-date-editor input'), beijing, 'the form proposes today in Beijing');
  // A designation recorded now shows the Beijing clock, 07:30, not 23:30.
  const r = await srv.as('health.zhejiang', 'POST', '/api/v1/regions/330106/risk', { level: 'medium', effective_on: beijing, reason: '午夜边界测试：北京时间' });
  assert.equal(r.status, 201, r.text);
  await page.reload();
  await page.waitForSelector('[data-test=recorded-at]');
  const shown = await page.$$eval('[data-test=recorded-at]', (els) => els.map((e) => e.textContent.trim()));
  assert.ok(shown.some((s) => s.startsWith(`${beijing} 07:3`)), shown.join(' | '));
  await page.screenshot({ path: join(SHOTS, 'tour-utc-midnight.png') });
  await context.close();
});

// What Excel saves in China is GB 18030/GBK, not UTF-8: the page imports it
// and the names read right.
test('a GBK CSV imports through the page with its Chinese names intact', async () => {
  const file = join(ROOT, 'test-output', 'import-gbk.csv');
  const uscc = newUscc('330106');
  const text = ['uscc,name,region,industry,headcount', `${uscc},西湖区国标编码导入有限公司,330106,34,12`].join('\r\n') + '\r\n';
  const gbk = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: Buffer.from(text, 'utf8') });
  assert.equal(gbk.status, 0);
  assert.ok(!gbk.stdout.equals(Buffer.from(text, 'utf8')), 'the file really is GBK');
  writeFileSync(file, gbk.stdout);
  const { page, context } = await signIn('industry.hangzhou', 1440, 'zh-CN');
  await page.goto(`${srv.base}/enterprises`);
  await page.click('[data-test=import]');
  await page.setInputFiles('[data-test=import-file]', file);
  await page.click('[data-test=import-start]');
  await page.waitForSelector('[data-test=import-summary]');
  assert.match(await page.textContent('[data-test=import-summary]'), /1/);
  const e = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${uscc}`);
  assert.equal(e.status, 200);
  assert.equal(e.body.name, '西湖区国标编码导入有限公司');
  await page.screenshot({ path: join(SHOTS, 'tour-import-gbk.png') });
  await context.close();
});

// On a phone network what counts is what is transferred: the sign-in page is
// usable after at most 400 KB (compressed assets, only its own chunks), and
// the checkpoint page loads only what it uses (never the map).
test('the sign-in page is interactive within 400 KB; the checkpoint page loads only its chunks', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const sizes = [];
  page.on('requestfinished', async (req) => {
    const s = await req.sizes().catch(() => null);
    if (s) sizes.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize });
  });
  const total = () => sizes.reduce((a, s) => a + s.bytes, 0);
  await page.goto(`${srv.base}/login`);
  await page.waitForSelector('[data-test=submit]:not([disabled])');
  await page.waitForLoadState('networkidle');
  const signIn = total();
  const signInCount = sizes.length;
  await page.fill('[data-test=username]', 'checkpoint.xihu');
  await page.fill('[data-test=password]', password('checkpoint.xihu'));
  await page.click('[data-test=submit]');
  await page.waitForURL(/\/checkpoint$/);
  await page.waitForLoadState('networkidle');
  const checkpoint = total() - signIn;
  const urls = sizes.slice(signInCount).map((s) => s.url);
  console.log(`transferred: sign-in page ${signIn} B in ${signInCount} requests; checkpoint page after sign-in ${checkpoint} B`);
  assert.ok(signIn <= 400 * 1024, `the sign-in page transferred ${signIn} bytes`);
  assert.ok(!urls.some((u) => /RiskMap|echarts|geo|china/i.test(u)), urls.join('\n'));
  await context.close();
});

// The evaluators of an order see what it would stall downstream before they act.
test('the chain impact report on an order page names the white-list enterprises that would stall', async () => {
  const q = await srv.as('coordinator', 'GET', `/api/v1/enterprises?q=${encodeURIComponent('柯桥精密铸造')}`);
  const caster = q.body.items[0].uscc;
  const o = await srv.as('joint.zhejiang', 'POST', '/api/v1/orders', {
    enterprise: caster, measure: 'stop', emergency: true, reason: '今晨现场确诊一例，停工消杀排查',
    evidence: '核酸检测阳性报告（检测机构编号 1204）', ends_at: new Date(srv.now() + 3 * 86400e3).toISOString(),
  });
  assert.equal(o.status, 201, o.text);
  const { page, context } = await signIn('joint.zhejiang', 1440, 'zh-CN');
  await page.goto(`${srv.base}/orders/${o.body.id}`);
  await page.waitForSelector('[data-test=chain-impact] [data-test=impact-hits] li');
  const text = await page.textContent('[data-test=chain-impact]');
  assert.match(text, /7天内停产企业/);
  assert.match(text, /杭州西湖汽车制造有限公司/);
  assert.match(text, /白名单/);
  // critical-link marks (issue 12): the report is the one stored with the order
  // (its machine assessment), with when it was computed and why the route is
  // the critical-link one; evaluators see it above the officials' evaluations.
  assert.equal(await page.getAttribute('[data-test=chain-impact]', 'data-stored'), 'true');
  assert.match(await page.textContent('[data-test=impact-computed]'), /计算于\d{4}-\d\d-\d\d \d\d:\d\d/);
  assert.match(await page.textContent('[data-test=impact-critical]'), /是铸件的唯一供应商/);
  assert.match(await page.textContent('[data-test=impact-provinces]'), /浙江省/);
  await page.screenshot({ path: join(SHOTS, 'order-impact.png'), fullPage: true });
  // The caster's record says it is critical and why: the chain analysis's reason.
  await page.goto(`${srv.base}/enterprises/${caster}`);
  await page.waitForSelector('[data-test=critical-reasons] li[data-source=analysis]');
  assert.equal((await page.textContent('[data-test=critical-value]')).trim(), '是');
  assert.match(await page.textContent('[data-test=critical-reasons]'), /产业链分析：是白名单企业\d+家某项原材料的唯一供应商/);
  await page.screenshot({ path: join(SHOTS, 'enterprise-critical.png'), fullPage: true });
  // Stopped, the caster is now the province's first block point, with why.
  await page.goto(`${srv.base}/block-points`);
  await page.waitForSelector('[data-test=blocks] .el-table__row');
  const first = await page.textContent('[data-test=blocks] .el-table__row');
  assert.match(first, /绍兴柯桥精密铸造有限公司/);
  assert.match(first, /唯一供应商/);
  // A scenario: if the Ningbo wire-harness maker stopped for 14 days, the OEM would stall too.
  await page.click('[data-test=scenario-stop]');
  await page.keyboard.type('北仑汽车线束');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '宁波北仑汽车线束有限公司' }).click();
  await page.keyboard.press('Escape');
  await page.fill('[data-test=scenario-days] input', '14');
  await page.click('[data-test=scenario-run]');
  await page.waitForSelector('[data-test=scenario-answer] li');
  assert.match(await page.textContent('[data-test=scenario-answer]'), /14天内将新增停产企业/);
  await page.screenshot({ path: join(SHOTS, 'block-points.png'), fullPage: true });
  await context.close();
});

// critical-link marks (issue 12): the provincial industry authority marks an
// enterprise by hand, with a reason, on a phone and in English; the record
// then says who marked it, when and why.
test('a manual critical-link mark with its reason, at phone width in English', async () => {
  const uscc = newUscc('330106');
  const c = await srv.as('industry.zhejiang', 'POST', '/api/v1/enterprises', {
    uscc, name: '杭州手工关键环节有限公司', region: '330106', industry: '34', headcount: 60, capacity: 300 });
  assert.equal(c.status, 201, c.text);
  const { page, context } = await signIn('industry.zhejiang', 390, 'en');
  await page.goto(`${srv.base}/enterprises/${uscc}`);
  await page.waitForSelector('[data-test=critical-mark-open]');
  assert.equal((await page.textContent('[data-test=critical-value]')).trim(), 'No');
  await page.click('[data-test=critical-mark-open]');
  await page.fill('textarea[data-test=critical-reason]', 'The only maker of brake calipers in the province');
  await page.click('[data-test=critical-submit]');
  await page.waitForSelector('[data-test=critical-reasons] li[data-source=manual]');
  const why = await page.textContent('[data-test=critical-reasons]');
  assert.match(why, /Marked by hand by 浙江省经信厅 on .*: The only maker of brake calipers in the province/);
  assert.equal((await page.textContent('[data-test=critical-value]')).trim(), 'Yes');
  // Its guidance now sends orders on the critical-link route.
  await page.waitForFunction(() => /Provincial evaluation/.test(document.querySelector('[data-test=guidance]')?.textContent || ''));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow} px wider than the phone`);
  await page.screenshot({ path: join(SHOTS, 'enterprise-critical-manual-phone.png'), fullPage: true });
  await context.close();
});
