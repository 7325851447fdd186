// Transfer stations in the browser (issue 14, part "stations"): the
// operator sees the province map and books a slot from a pass's page; the
// gate of 嘉兴南湖 checks the truck in on a phone, records the trailer swap's
// two legs and its departure; the driver reads the queue without an account;
// the provincial joint mechanism sees the station's day. Real server, demo
// data (signed passes booked for today), Debian's Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn } from './browser.mjs';
import { ROOT, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
let srv, browser;
const consoleErrors = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ enterprises: 300, web: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(consoleErrors, [], 'no console errors on any page');
});

const open = (user, opts = {}) => signIn(browser, srv.base, user, { ...opts, errors: consoleErrors });
// Picks an option of the select `test` (its popper is .fg-pop-`test`): the
// one with `text`, or the first that may be chosen.
const choose = async (page, test, text) => {
  await page.click(`[data-test=${test}]`);
  const item = page.locator(`.fg-pop-${test} .el-select-dropdown__item:not(.is-disabled)`, text ? { hasText: text } : {}).first();
  await item.click();
  await page.locator(`.el-select__popper.fg-pop-${test}`).waitFor({ state: 'hidden' });
};

// Sets the date picker `test` to `day` (YYYY-MM-DD), as typed by a person.
const setDay = async (page, test, day) => {
  const el = page.locator(`[data-test=${test}]`).first();
  const input = (await el.evaluate((n) => n.tagName)) === 'INPUT' ? el : el.locator('input').first();
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await page.keyboard.press('Escape');
};
// The deployment's day (Asia/Shanghai) of an instant.
const dayOf = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);

test('the operator books a slot from a pass; the gate checks it in on a phone and records the handover', async (t) => {
  // The demo's pass left unbooked.
  const passes = await srv.as('operator.demo', 'GET', `/api/v1/passes?plate=${encodeURIComponent('浙A7K308')}`);
  const number = passes.body.items.find((p) => p.state === 'issued').number;
  // Late in the evening today's last slot has closed: the operator books the
  // first of tomorrow's (the gate takes a truck up to two hours early).
  const stations = await srv.as('operator.demo', 'GET', '/api/v1/stations');
  const nanhuId = stations.body.items.find((s) => s.name === '嘉兴南湖中转站').id;
  const today = dayOf(Date.now());
  const todays = await srv.as('operator.demo', 'GET', `/api/v1/stations/${nanhuId}?day=${today}`);
  const bookDay = todays.body.slots.trailer_swap.some((s) => s.bookable) ? today : dayOf(Date.now() + 86400 * 1000);
  t.diagnostic(`books a slot of ${bookDay === today ? 'today' : 'tomorrow'}, ${bookDay}`);

  const op = await open('operator.demo');
  await op.page.goto(`${srv.base}/stations`);
  await op.page.waitForSelector('[data-test=st-table]');
  await op.page.waitForSelector('[data-test=station-map] canvas');
  assert.match(await op.page.textContent('[data-test=st-table]'), /嘉兴南湖中转站/);
  assert.match(await op.page.textContent('[data-test=st-table]'), /南湖区/);
  await op.page.screenshot({ path: join(SHOTS, 'stations-map-desk.png'), fullPage: true });

  await op.page.goto(`${srv.base}/passes/${number}`);
  await op.page.waitForSelector('[data-test=pass-booking]');
  await choose(op.page, 'book-station', '嘉兴南湖中转站');
  if (bookDay !== today) await setDay(op.page, 'book-day', bookDay);
  await choose(op.page, 'book-slot');
  await op.page.screenshot({ path: join(SHOTS, 'stations-book-desk.png'), fullPage: true });
  await op.page.click('[data-test=book-submit]');
  await op.page.waitForSelector('[data-test=booking-live]');
  assert.match(await op.page.textContent('[data-test=booking-live]'), /嘉兴南湖中转站/);
  assert.equal((await op.page.textContent('[data-test=booking-state]')).trim(), '待进站');
  await op.page.screenshot({ path: join(SHOTS, 'stations-booked-desk.png'), fullPage: true });
  await op.context.close();

  // The driver's queue, on a phone, without an account.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const q = await ctx.newPage();
  q.on('pageerror', (e) => consoleErrors.push(`queue: ${e.message}`));
  await q.goto(`${srv.base}/queue`);
  await q.fill('[data-test=queue-pass]', number);
  await q.fill('[data-test=queue-plate]', '浙A7K308');
  await q.click('[data-test=queue-find]');
  await q.waitForSelector('[data-test=queue-result]');
  assert.equal((await q.textContent('[data-test=queue-state]')).trim(), '待进站');
  assert.match(await q.textContent('[data-test=queue-wait]'), /约\d+分钟/);
  await q.screenshot({ path: join(SHOTS, 'stations-queue-phone.png'), fullPage: true });
  await ctx.close();

  // The gate, on a phone.
  const gate = await open('station.nanhu', { width: 390 });
  // The station's staff land on the gate (the header shows the account a
  // moment before the router has left the sign-in page).
  await gate.page.waitForURL(/\/gate$/);
  await gate.page.waitForSelector('[data-test=gate-inside]');
  await gate.page.fill('[data-test=gate-presented]', number);
  await gate.page.fill('[data-test=gate-plate]', '浙A7K308');
  await gate.page.click('[data-test=gate-check-in]');
  await gate.page.waitForSelector('[data-test=gate-current]');
  assert.equal((await gate.page.textContent('[data-test=gate-state]')).trim(), '站内');
  await gate.page.fill('[data-test=gate-trailer-inbound]', '浙F2199挂');
  await gate.page.fill('[data-test=gate-seal-inbound]', 'ZJ-2212-0001');
  await gate.page.fill('[data-test=gate-by-inbound]', '冯志刚');
  await gate.page.fill('[data-test=gate-to-inbound]', '站内调度');
  await gate.page.fill('[data-test=gate-trailer-outbound]', '沪A6690挂');
  await gate.page.fill('[data-test=gate-seal-outbound]', 'SH-2212-0002');
  await gate.page.fill('[data-test=gate-by-outbound]', '站内调度');
  await gate.page.fill('[data-test=gate-to-outbound]', '冯志刚');
  await gate.page.screenshot({ path: join(SHOTS, 'stations-gate-phone.png'), fullPage: true });
  await gate.page.click('[data-test=gate-record]');
  await gate.page.waitForSelector('[data-test=gate-leg-done]');
  assert.equal(await gate.page.locator('[data-test=gate-leg-done]').count(), 2);
  await gate.page.click('[data-test=gate-depart]');
  await gate.page.waitForFunction(() => document.querySelector('[data-test=gate-state]')?.textContent.trim() === '已出站');
  await gate.page.screenshot({ path: join(SHOTS, 'stations-gate-done-phone.png'), fullPage: true });
  // A revoked pass is refused at the gate, with the verdict.
  const rv = await srv.as('operator.demo', 'GET', `/api/v1/passes?plate=${encodeURIComponent('浙A7K303')}`);
  const revoked = rv.body.items.find((p) => p.state === 'issued').number;
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${revoked}/revoke`, { reason: '车辆信息不符' })).status, 200);
  await gate.page.fill('[data-test=gate-presented]', revoked);
  await gate.page.fill('[data-test=gate-plate]', '');
  await gate.page.click('[data-test=gate-check-in]');
  await gate.page.waitForSelector('[data-test=gate-refused]');
  assert.match(await gate.page.textContent('[data-test=gate-refused]'), /已撤销/);
  await gate.context.close();

  // The province sees the station's day, the truck gone with its detention.
  const jm = await open('joint.zhejiang');
  const list = await srv.as('joint.zhejiang', 'GET', '/api/v1/stations?region=330000');
  const nanhu = list.body.items.find((s) => s.name === '嘉兴南湖中转站');
  await jm.page.goto(`${srv.base}/stations/${nanhu.id}`);
  await jm.page.waitForSelector('[data-test=sd-bookings]');
  // The day of the booking (the demo's trucks fall on today or, around
  // midnight, on the day before or after): the page shows what the server
  // counts for it, the truck just gone among the departed.
  const booked = (await srv.as('operator.demo', 'GET', `/api/v1/bookings?pass=${number}`)).body.items[0];
  const day = dayOf(Date.parse(booked.starts_at));
  if (day !== today) {
    await setDay(jm.page, 'sd-day', day);
    await jm.page.waitForFunction((d) => document.querySelector('[data-test=sd-bookings]')?.textContent.includes('浙A7K308'), day);
  }
  const figures = (await srv.as('joint.zhejiang', 'GET', `/api/v1/stations/${nanhu.id}/day?day=${day}`)).body;
  assert.ok(figures.figures.departed >= 1);
  assert.equal((await jm.page.textContent('[data-test=sd-departed]')).trim(), String(figures.figures.departed));
  assert.match(await jm.page.textContent('[data-test=sd-bookings]'), /浙A7K308/);
  // A closed-loop driver's booking is marked as such, on whichever day it falls.
  if (figures.bookings.some((b) => b.closed_loop)) assert.match(await jm.page.textContent('[data-test=sd-bookings]'), /闭环管理/);
  await jm.page.screenshot({ path: join(SHOTS, 'stations-day-desk.png'), fullPage: true });
  await jm.context.close();
});
