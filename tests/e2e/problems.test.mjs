// Problems (诉求) in the browser: a transport operator raises a blocked truck
// on a phone (the kind as a picture and words, the county from the region
// picker, plate and place), the city's joint mechanism finds it at the top of
// its ledger with its clock in words and answers it, the operator confirms
// the answer and rates it; the timeline tells it all. Real server, demo data,
// Debian's Chromium.
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

async function pickRegion(page, test, keyword, path) {
  const input = page.locator(`[data-test=${test}] input`).first();
  await input.click();
  await input.fill(keyword);
  await page.locator('.fg-region-popper:visible .el-cascader__suggestion-item', { hasText: path }).first().click();
}

test('a blocked truck: raised by the operator on a phone, answered by the department, confirmed and rated', async () => {
  // The operator, on a phone.
  const op = await open('operator.demo', { width: 390 });
  await op.page.goto(`${srv.base}/problems/new`);
  await op.page.waitForSelector('[data-test=problem-form]');
  // A truck is what an operator raises first: the kind is chosen already.
  assert.match(await op.page.getAttribute('[data-test=problem-kind-blocked_truck]', 'class'), /is-active/);
  assert.match(await op.page.textContent('[data-test=problem-kinds]'), /车辆受阻/);
  // Sending without the county is caught before anything is sent.
  await op.page.fill('[data-test=problem-what]', '运送口罩的货车在检查站被拦，要求原路返回');
  await op.page.fill('[data-test=problem-plate]', '浙A9Q876');
  await op.page.click('[data-test=problem-submit]');
  assert.match(await op.page.textContent('[data-test=problem-error]'), /请选择所在区县/);
  await pickRegion(op.page, 'problem-county', '萧山', '杭州市 / 萧山区');
  await op.page.fill('[data-test=problem-place]', '萧山区瓜沥检查站');
  await op.page.screenshot({ path: join(SHOTS, 'problems-raise-phone.png'), fullPage: true });
  await op.page.click('[data-test=problem-submit]');
  await op.page.waitForURL(/\/problems\/[0-9a-f-]{36}$/);
  await op.page.waitForSelector('[data-test=problem-facts]');
  const id = op.page.url().split('/').pop();
  assert.equal((await op.page.textContent('[data-test=problem-state]')).trim(), '待受理');
  // Two hours to respond: the clock says how much is left, in words.
  assert.match(await op.page.textContent('[data-test=problem-clock]'), /^剩余(1小时5\d分|2小时00分)$/);
  assert.match(await op.page.textContent('[data-test=problem-facts]'), /萧山区/);
  const overflow = await op.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${overflow} px wider than the phone`);

  // The city's joint mechanism: first in its ledger, with the clock; answers it.
  const jm = await open('joint.hangzhou');
  await jm.page.goto(`${srv.base}/problems`);
  await jm.page.waitForSelector(`[data-test=problem-row-${id}]`);
  assert.match(await jm.page.textContent(`[data-test=problem-clock-${id}]`), /^剩余/);
  await jm.page.screenshot({ path: join(SHOTS, 'problems-ledger.png'), fullPage: true });
  await jm.page.click(`[data-test=problem-row-${id}]`);
  await jm.page.waitForSelector('[data-test=problem-act-take]');
  await jm.page.click('[data-test=problem-act-take]');
  await confirm(jm.page);
  await jm.page.waitForFunction(() => document.querySelector('[data-test=problem-state]')?.textContent.trim() === '已受理');
  await jm.page.click('[data-test=problem-act-answer]');
  await jm.page.fill('[data-test=problem-text]', '已通知瓜沥检查站凭通行证放行，司机可继续前往目的地');
  await jm.page.click('[data-test=problem-submit]');
  await confirm(jm.page);
  await jm.page.waitForFunction(() => document.querySelector('[data-test=problem-state]')?.textContent.trim() === '已答复');
  await jm.context.close();

  // The operator reads the answer, confirms it and rates it.
  await op.page.reload();
  await op.page.waitForSelector('[data-test=problem-answer]');
  assert.match(await op.page.textContent('[data-test=problem-answer]'), /瓜沥检查站/);
  await op.page.click('[data-test=problem-act-confirm]');
  await confirm(op.page);
  await op.page.waitForFunction(() => document.querySelector('[data-test=problem-state]')?.textContent.trim() === '已销号');
  await op.page.click('[data-test=problem-act-rate]');
  await op.page.locator('[data-test=problem-rate] .el-rate__item').nth(4).click();
  await op.page.fill('[data-test=problem-text]', '半小时就放行了');
  await op.page.click('[data-test=problem-submit]');
  await confirm(op.page);
  await op.page.waitForSelector('[data-test=problem-rating]');
  const timeline = await op.page.textContent('[data-test=problem-timeline]');
  for (const w of ['提出诉求', '受理', '答复', '确认办结', '评价']) assert.match(timeline, new RegExp(w));
  assert.match(timeline, /杭州市联防联控机制/);
  assert.doesNotMatch(timeline, /joint\.hangzhou|joint_mechanism/);
  await op.page.screenshot({ path: join(SHOTS, 'problems-closed-rated-phone.png'), fullPage: true });
  await op.context.close();

  const p = await srv.as('coordinator', 'GET', `/api/v1/problems/${id}`);
  assert.equal(p.body.state, 'closed');
  assert.equal(p.body.rating, 5);
  assert.equal(p.body.rating_comment, '半小时就放行了');
  assert.equal(p.body.county, '330109');
});

test('the rates page: figures with what they are out of, and the repeated trucks in Yuhang', async () => {
  const { page, context } = await open('joint.zhejiang');
  await page.goto(`${srv.base}/problem-rates`);
  await page.waitForSelector('[data-test=rates-totals]');
  assert.match(await page.textContent('[data-test=rates-responseRate]'), /%（\d+\/\d+）/);
  assert.match(await page.textContent('[data-test=rates-satisfaction]'), /分（\d+件评价）/);
  assert.match(await page.textContent('[data-test=rates-repeated]'), /余杭区[\s\S]*车辆受阻[\s\S]*3件/);
  await page.screenshot({ path: join(SHOTS, 'problems-rates.png'), fullPage: true });
  await context.close();
});
