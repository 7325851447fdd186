// The delivery of policies that benefit enterprises in a real browser (issue
// 15, part "delivery"): on a phone the demo enterprise sees "policies for
// you" with, for the deferral it qualifies for, each condition met with its
// fact and the amount of its claim; the economic department approves and
// grants (through the API here, then through the queue page for another
// claim); the enterprise confirms receipt in the browser. Screenshots at
// phone and desk width in Chinese and English go to test-output/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn } from './browser.mjs';
import { ROOT, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
const OWN = '91330106MA27XK000B';
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
const today = () => new Date(srv.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

test('the enterprise sees its policies with reasons and amount, and confirms receipt on a phone', async () => {
  const mine = (await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${OWN}/policies`)).body;
  const deferral = mine.items.find((i) => i.policy.benefit === 'deferral');
  assert.equal(deferral.claim.state, 'pending');
  const claim = deferral.claim;

  const { page, context } = await open('enterprise.demo', { width: 390 });
  // Its home says there is a policy to act on.
  await page.goto(`${srv.base}/my-policies`);
  const card = page.locator(`[data-test=benefit-${deferral.policy.id}]`);
  await card.waitFor();
  const text = await card.textContent();
  assert.match(text, /特困行业阶段性缓缴社会保险费/);
  assert.match(text, /待审核/);
  // The amount of the claim, in yuan, and each condition met with its fact.
  assert.match(await card.locator('[data-test=benefit-amount]').textContent(), new RegExp(`${(claim.amount_fen / 100).toLocaleString('zh-CN')}元`));
  const why = await card.locator('[data-test=benefit-why]').textContent();
  assert.match(why, /行业：34(?![\dA-Z ])/);
  assert.match(why, /参保人数：\d+/);
  assert.doesNotMatch(why, /met|insured|industry/);
  // What it lacks for the rent relief, and the objection.
  assert.ok(await page.locator('[data-test=benefits-group-notEligible]').count());
  assert.ok(await page.locator('[data-test=benefit-object]').count() >= 1);
  await page.screenshot({ path: join(SHOTS, 'benefits-phone-pending.png'), fullPage: true });

  // The department approves and grants.
  let r = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${claim.id}/approve`, {});
  assert.equal(r.status, 200, r.text);
  r = await srv.as('economy.zhejiang', 'POST', `/api/v1/policy-claims/${claim.id}/grant`,
    { amount_fen: claim.amount_fen, date: today(), reference: '浙财拨〔2026〕88号' });
  assert.equal(r.status, 200, r.text);

  await page.goto(`${srv.base}/`);
  await page.waitForSelector('[data-test=enterprise-todo-benefits]');
  assert.match(await page.textContent('[data-test=enterprise-todo-benefits]'), /您有\d+项惠企政策待确认\/可申请/);
  await page.goto(`${srv.base}/my-policies`);
  await card.waitFor();
  assert.match(await card.locator('[data-test=benefit-grant]').textContent(), /浙财拨〔2026〕88号/);
  await page.screenshot({ path: join(SHOTS, 'benefits-phone-granted.png'), fullPage: true });
  await card.locator('[data-test=benefit-receipt]').click();
  await page.waitForSelector('[data-test=benefits-done]');
  assert.match(await card.locator('[data-test=benefit-state]').textContent(), /已确认收到/);
  const after = (await srv.as('enterprise.demo', 'GET', `/api/v1/policy-claims/${claim.id}`)).body;
  assert.equal(after.state, 'received');
  await context.close();
});

test('in English at desk width, and the objection dialog', async () => {
  const { page, context } = await open('enterprise.demo', { width: 1440, locale: 'en' });
  await page.goto(`${srv.base}/my-policies`);
  await page.waitForSelector('[data-test=benefits-group-notEligible]');
  assert.match(await page.textContent('.fg-benefits'), /Conditions not met/);
  await page.screenshot({ path: join(SHOTS, 'benefits-desk-en.png'), fullPage: true });
  await page.locator('[data-test=benefit-object]').first().click();
  await page.fill('[data-test=text-input]', 'All our staff are insured; we believe we qualify.');
  await page.click('[data-test=text-submit]');
  await page.waitForSelector('[data-test=benefits-done]');
  await context.close();
  const { page: zh, context: c2 } = await open('enterprise.demo', { width: 1440 });
  await zh.goto(`${srv.base}/my-policies`);
  await zh.waitForSelector('[data-test=benefits-group-notEligible]');
  await zh.screenshot({ path: join(SHOTS, 'benefits-desk-zh.png'), fullPage: true });
  await c2.close();
});

test('the department approves from its queue and records a payment', async () => {
  const { page, context } = await open('economy.zhejiang', { width: 1440 });
  await page.waitForSelector('[data-test=todo-policyClaims]');
  await page.goto(`${srv.base}/policy-queue?state=pending`);
  await page.waitForSelector('[data-test=queue-table]');
  await page.screenshot({ path: join(SHOTS, 'benefits-queue-desk.png'), fullPage: true });
  const first = page.locator('[data-test=queue-table] [data-test^=queue-open-]').first();
  await first.click();
  await page.waitForSelector('[data-test=queue-budget]');
  await page.waitForTimeout(500); // the drawer's slide-in, for the picture
  await page.screenshot({ path: join(SHOTS, 'benefits-queue-drawer.png'), fullPage: true });
  await page.click('[data-test=queue-approve]');
  await page.waitForSelector('[data-test=queue-done]');
  assert.match(await page.textContent('[data-test=queue-done]'), /已批准/);
  // The approved claim, then its payment.
  await page.goto(`${srv.base}/policy-queue?state=approved`);
  await page.waitForSelector('[data-test=queue-table]');
  await page.locator('[data-test=queue-table] [data-test^=queue-open-]').first().click();
  await page.fill('[data-test=queue-grant-ref]', 'PZ-E2E-0001');
  await page.click('[data-test=queue-grant]');
  await page.waitForSelector('[data-test=queue-done]');
  assert.match(await page.textContent('[data-test=queue-done]'), /已发放/);
  await context.close();
  const phone = await open('economy.zhejiang', { width: 390 });
  await phone.page.goto(`${srv.base}/policy-queue`);
  await phone.page.waitForSelector('[data-test=queue-cards]');
  await phone.page.screenshot({ path: join(SHOTS, 'benefits-queue-phone.png'), fullPage: true });
  await phone.context.close();
});
