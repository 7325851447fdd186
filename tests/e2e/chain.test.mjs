// The chain view in a real browser (chain-data): the demo OEM's graph with
// its suppliers, at desk and phone width; an enterprise keeps its own
// suppliers on the same page. Screenshots go to test-output/screenshots/.
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

const find = async (name) => (await srv.as('coordinator', 'GET', `/api/v1/enterprises?q=${encodeURIComponent(name)}`)).body.items[0].uscc;

test('chain view: the demo OEM shows its suppliers in the graph and the list, at desk and phone width', async () => {
  const oem = await find('杭州西湖汽车制造');
  const desk = await open('industry.zhejiang', { width: 1440 });
  await desk.page.click('[data-test=side-menu] .el-menu-item:has-text("供应链")');
  await desk.page.waitForURL(/\/chain$/);
  await desk.page.goto(`${srv.base}/chain/${oem}`);
  await desk.page.waitForSelector('[data-test=chain-suppliers] .el-table__row');
  const suppliers = await desk.page.textContent('[data-test=chain-suppliers]');
  for (const name of ['宁波北仑汽车线束有限公司', '上海嘉定汽车电子有限公司', '杭州西湖精密机械有限公司', '佛山南海轮胎有限公司'])
    assert.ok(suppliers.includes(name), `${name} among the suppliers`);
  assert.match(suppliers, /线束/);             // inputs in words
  assert.match(suppliers, /上海市|嘉定区/);     // counties by name
  assert.ok(!/wire_harnesses|electronic_modules/.test(await desk.page.textContent('body')), 'no codes of inputs in the Chinese page');
  assert.ok(await desk.page.locator('[data-test=chain-graph] canvas').count() > 0, 'the graph is drawn');
  assert.match(await desk.page.textContent('h2'), /杭州西湖汽车制造有限公司/);
  await desk.page.waitForTimeout(500);
  await desk.page.screenshot({ path: join(SHOTS, 'chain-oem.png'), fullPage: true });
  await desk.context.close();

  const phone = await open('industry.zhejiang', { width: 390 });
  await phone.page.goto(`${srv.base}/chain/${oem}`);
  await phone.page.waitForSelector('[data-test=chain-suppliers-cards] .el-card');
  assert.ok(!(await phone.page.isVisible('[data-test=chain-suppliers]')), 'the table gives way to cards');
  assert.match(await phone.page.textContent('[data-test=chain-suppliers-cards]'), /上海嘉定汽车电子有限公司/);
  await phone.page.waitForTimeout(500);
  await phone.page.screenshot({ path: join(SHOTS, 'chain-oem-phone.png'), fullPage: true });
  await phone.context.close();
});

test('chain view: an enterprise adds one of its own suppliers, then deletes it after confirming', async () => {
  const plastics = await find('宁波北仑塑料制品');
  const { page, context } = await open('enterprise.demo');
  await page.click('[data-test=side-menu] .el-menu-item:has-text("供应链")');
  await page.waitForSelector('[data-test=chain-suppliers] .el-table__row');
  assert.match(await page.textContent('body'), /我的供应商/);
  assert.match(await page.textContent('[data-test=chain-suppliers]'), /绍兴柯桥精密铸造有限公司/);
  await page.click('[data-test=add-suppliers]');
  await page.fill('[data-test=edge-counterpart]', plastics);
  await page.click('[data-test=edge-input]');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '塑料件' }).first().click();
  await page.fill('[data-test=edge-share] input', '30');
  await page.click('[data-test=edge-save]');
  await page.waitForSelector('[data-test=chain-suppliers] .el-table__row:has-text("宁波北仑塑料制品有限公司")');
  const row = page.locator('[data-test=chain-suppliers] .el-table__row', { hasText: '宁波北仑塑料制品有限公司' });
  assert.match(await row.textContent(), /30%/);
  await row.locator('button:has-text("删除")').click();
  await page.locator('.el-message-box__btns button:has-text("确定")').click();
  await page.waitForSelector('[data-test=chain-suppliers] .el-table__row:has-text("宁波北仑塑料制品有限公司")', { state: 'detached' });
  await context.close();
});
