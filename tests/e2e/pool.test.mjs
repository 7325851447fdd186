// The white-list pool, lift-together pairs and related services waiting in a
// real browser (issue 12, part "pool"): reached from the menu, their reasons
// in words, at desk and phone width, in Chinese. Screenshots go to
// test-output/screenshots/.
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
  srv = await startServer({ enterprises: 400, web: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(consoleErrors, [], 'no console errors on any page');
});

const open = (user, opts = {}) => signIn(browser, srv.base, user, { ...opts, errors: consoleErrors });

test('the pool: Zhejiang\'s suppliers of listed enterprises with reasons in words, to the chain view', async () => {
  const desk = await open('joint.zhejiang', { width: 1440 });
  await desk.page.click('[data-test=side-menu] .el-menu-item:has-text("白名单池")');
  await desk.page.waitForURL(/\/whitelist-pool$/);
  await desk.page.waitForSelector('[data-test=pool] .el-table__row');
  const text = await desk.page.textContent('[data-test=pool]');
  assert.match(text, /绍兴柯桥精密铸造有限公司/);
  assert.match(text, /是常州武进动力电池有限公司（江苏省）所需铸件的唯一供应商/);
  assert.match(text, /第1级供应商/);
  // Only Zhejiang's suppliers, whatever their listed customers' provinces.
  const places = await desk.page.$$eval('[data-test=pool] .el-table__body tr td:nth-child(2) .fg-muted', (els) => els.map((e) => e.textContent));
  assert.ok(places.length >= 1 && places.every((p) => p.startsWith('浙江省')), places.join(' | '));
  await desk.page.screenshot({ path: join(SHOTS, 'pool-desk.png'), fullPage: true });
  await desk.page.click('[data-test=pool] .el-table__row >> text=绍兴柯桥精密铸造有限公司');
  await desk.page.waitForURL(/\/chain\/91330603/);
  await desk.context.close();

  const phone = await open('joint.zhejiang', { width: 390 });
  await phone.page.goto(`${srv.base}/whitelist-pool`);
  await phone.page.waitForSelector('[data-test=pool-cards] .el-card');
  assert.equal(await phone.page.isVisible('[data-test=pool]'), false, 'cards, not the table, on a phone');
  assert.match(await phone.page.textContent('[data-test=pool-cards]'), /唯一供应商/);
  await phone.page.screenshot({ path: join(SHOTS, 'pool-phone.png'), fullPage: true });
  await phone.context.close();
});

test('lift together: Jiaxing and Huzhou for Zhejiang, in words', async () => {
  const desk = await open('joint.zhejiang', { width: 1440 });
  await desk.page.click('[data-test=side-menu] .el-menu-item:has-text("联动解除")');
  await desk.page.waitForURL(/\/lift-together$/);
  await desk.page.waitForSelector('[data-test=lift-pair]');
  const text = await desk.page.textContent('[data-test=lift]');
  assert.match(text, /嘉兴市 与 湖州市/);
  assert.match(text, /单独解除任何一地都不能恢复下游生产；同时解除可恢复下游产能4000/);
  assert.match(text, /杭州余杭医用口罩有限公司/);
  await desk.page.screenshot({ path: join(SHOTS, 'lift-desk.png'), fullPage: true });
  await desk.context.close();
  const phone = await open('coordinator', { width: 390 });
  await phone.page.goto(`${srv.base}/lift-together`);
  await phone.page.waitForSelector('[data-test=lift-pair]');
  assert.match(await phone.page.textContent('[data-test=lift]'), /江苏省 与 浙江省/);
  await phone.page.screenshot({ path: join(SHOTS, 'lift-phone.png'), fullPage: true });
  await phone.context.close();
  // A city's account has no such page in its menu.
  const city = await open('industry.hangzhou', { width: 1440 });
  await city.page.waitForSelector('[data-test=side-menu]');
  assert.equal(await city.page.locator('[data-test=side-menu] .el-menu-item:has-text("联动解除")').count(), 0);
  await city.context.close();
});

test('related services waiting: the stopped Xihu express company, the OEM waiting on it, the flag its resumption raised', async () => {
  const desk = await open('industry.hangzhou', { width: 1440 });
  await desk.page.click('[data-test=side-menu] .el-menu-item:has-text("关联服务")');
  await desk.page.waitForURL(/\/services-waiting$/);
  await desk.page.waitForSelector('[data-test=waiting] .el-table__row');
  const text = await desk.page.textContent('[data-test=waiting]');
  assert.match(text, /杭州西湖速递服务有限公司/);
  assert.match(text, /快递/);
  assert.match(text, /停产/);
  assert.match(text, /杭州西湖汽车制造有限公司/);
  // The OEM was allowed to resume: its stopped express company is flagged to Xihu's officials.
  const flags = await desk.page.textContent('[data-test=service-flags]');
  assert.match(flags, /杭州西湖汽车制造有限公司已获准复工/);
  assert.match(flags, /快递服务企业杭州西湖速递服务有限公司仍停产/);
  await desk.page.screenshot({ path: join(SHOTS, 'waiting-desk.png'), fullPage: true });
  await desk.page.click('[data-test=service-flags] button:has-text("已知悉")');
  await desk.page.click('.el-message-box button:has-text("确定")');
  await desk.page.waitForSelector('[data-test=service-flags]', { state: 'detached' });
  // The home page's to-do counts it no more.
  await desk.page.goto(`${srv.base}/`);
  await desk.page.waitForSelector('[data-test=todo-serviceFlags]');
  assert.match(await desk.page.textContent('[data-test=todo-serviceFlags]'), /待恢复的关联服务\s*0/);
  await desk.context.close();
  // Shanghai's officials have theirs on the home page: the limited shipping agency.
  const sh = await open('joint.shanghai', { width: 1440 });
  await sh.page.waitForSelector('[data-test=todo-serviceFlags]');
  assert.match(await sh.page.textContent('[data-test=todo-serviceFlags]'), /待恢复的关联服务\s*1/);
  await sh.context.close();
  const phone = await open('coordinator', { width: 390 });
  await phone.page.goto(`${srv.base}/services-waiting`);
  await phone.page.waitForSelector('[data-test=waiting-cards] .el-card');
  const cards = await phone.page.textContent('[data-test=waiting-cards]');
  assert.match(cards, /上海外高桥船务代理有限公司/);
  assert.match(cards, /限产/);
  await phone.page.screenshot({ path: join(SHOTS, 'waiting-phone.png'), fullPage: true });
  await phone.context.close();
});
