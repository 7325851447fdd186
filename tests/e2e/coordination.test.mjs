// Coordination requests in the browser: the ledger and the list overdue
// first, a request handled item by item through its page with confirmations,
// a new request with a bad supplier code caught before it is sent, the phone
// layout, a form filled from the address. Real server, demo data, Debian's Chromium.
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
const confirm = (page) => page.click('.el-message-box__btns .el-button--primary');

test('coordination: the ledger, and a request handled through its page by the receiving region', async () => {
  const { page, context } = await open('joint.shanghai');
  await page.click('.el-menu-item:has-text("商请函")');
  await page.waitForURL(/\/coordination$/);
  await page.waitForSelector('[data-test=coord-list] .el-table__row');
  // The demo's two requests from Hangzhou: three items received, one overdue, one answered.
  assert.equal((await page.textContent('[data-test=coord-received-overdue]')).trim(), '1');
  assert.equal((await page.textContent('[data-test=coord-received-answered]')).trim(), '1');
  assert.equal((await page.textContent('[data-test=coord-sent-open]')).trim(), '0');
  // Overdue first; names, not codes.
  const first = await page.textContent('[data-test=coord-list] .el-table__row:first-child');
  assert.match(first, /超期/);
  assert.match(first, /杭州市/);
  assert.doesNotMatch(first, /330100/);
  await page.screenshot({ path: join(SHOTS, 'coordination-ledger.png'), fullPage: true });

  await page.click('[data-test=coord-list] a:has-text("关键零部件供应保障")');
  await page.waitForSelector('[data-test=coord-items]');
  assert.equal((await page.textContent('[data-test=coord-item-state-1]')).trim(), '已答复');
  assert.equal((await page.textContent('[data-test=coord-item-state-2]')).trim(), '待办');
  // Assign item 2 to the industry authority, then answer it as the joint mechanism.
  await page.click('[data-test=coord-act-2-assign]');
  await page.click('[data-test=coord-submit]');
  await confirm(page);
  await page.waitForFunction(() => document.querySelector('[data-test=coord-item-state-2]')?.textContent.trim() === '已交办');
  await page.click('[data-test=coord-act-2-answer]');
  await page.fill('[data-test=coord-text]', '已协调物流企业，芯片今日发运');
  await page.click('[data-test=coord-submit]');
  await confirm(page);
  await page.waitForFunction(() => document.querySelector('[data-test=coord-item-state-2]')?.textContent.trim() === '已答复');
  // Close item 1 (销号), after a confirmation; cancelling first leaves it as it was.
  await page.click('[data-test=coord-act-1-close]');
  await page.click('.el-message-box__btns .el-button:not(.el-button--primary)');
  assert.equal((await page.textContent('[data-test=coord-item-state-1]')).trim(), '已答复');
  await page.click('[data-test=coord-act-1-close]');
  await confirm(page);
  await page.waitForFunction(() => document.querySelector('[data-test=coord-item-state-1]')?.textContent.trim() === '已销号');
  await page.screenshot({ path: join(SHOTS, 'coordination-request.png'), fullPage: true });
  await context.close();

  // On a phone: the ledger and the list as cards.
  const phone = await open('joint.hangzhou', { width: 390 });
  await phone.page.goto(`${srv.base}/coordination`);
  await phone.page.waitForSelector('[data-test=coord-cards] .el-card');
  assert.equal(await phone.page.locator('[data-test=coord-list]').isVisible(), false);
  assert.match(await phone.page.textContent('[data-test=coord-cards]'), /上海市/);
  await phone.page.screenshot({ path: join(SHOTS, 'coordination-phone.png'), fullPage: true });
  await phone.context.close();
});

test('coordination: a new request from the form, a bad supplier code caught on the field', async () => {
  const { page, context } = await open('joint.hangzhou');
  await page.goto(`${srv.base}/coordination`);
  await page.click('[data-test=coord-new]');
  await page.waitForSelector('[data-test=coord-form]');
  const to = page.locator('[data-test=coord-to] input').first();
  await to.click();
  await to.fill('上海市');
  await page.locator('.fg-region-popper:visible .el-cascader__suggestion-item', { hasText: '上海市' }).first().click();
  const cust = page.locator('[data-test=coord-customer] input');
  await cust.click();
  await cust.fill('西湖精密');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '杭州西湖精密机械有限公司' }).first().click();
  await page.fill('[data-test=coord-subject-input]', '请协调芯片供应');
  await page.fill('[data-test=coord-supplier-0]', '91310115MA1K4C001A');
  await page.fill('[data-test=coord-why-0]', '芯片断供，产线将停');
  await page.click('[data-test=coord-raise]');
  await page.waitForSelector('.el-form-item__error:has-text("校验位")');
  assert.equal(await page.locator('.el-message-box').count(), 0, 'nothing asked, nothing sent');
  await page.fill('[data-test=coord-supplier-0]', '91310115MA1K4C001U');
  await page.click('[data-test=coord-raise]');
  await confirm(page);
  await page.waitForURL(/\/coordination\/[0-9a-f-]{36}$/);
  await page.waitForSelector('[data-test=coord-items]');
  assert.equal((await page.textContent('[data-test=coord-subject]')).trim(), '请协调芯片供应');
  assert.equal((await page.textContent('[data-test=coord-item-state-1]')).trim(), '待办');
  // Started from elsewhere with the customer and suppliers in the address: the form is filled.
  await page.goto(`${srv.base}/coordination/new?customer=91330106MA27XK000B&to_region=310000&suppliers=91310115MA1K4C000Q,91310115MA1K4C001U`);
  await page.waitForSelector('[data-test=coord-supplier-1]');
  assert.equal(await page.inputValue('[data-test=coord-supplier-0]'), '91310115MA1K4C000Q');
  assert.equal(await page.inputValue('[data-test=coord-supplier-1]'), '91310115MA1K4C001U');
  await page.waitForFunction(() => document.querySelector('[data-test=coord-customer]')?.textContent.includes('杭州西湖精密机械有限公司'));
  await context.close();
});
