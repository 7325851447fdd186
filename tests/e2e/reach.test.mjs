// Reach of policies in a real browser (issue 15, part "reach"): the
// provincial economic department sees the card on its dashboard, opens
// "政策兑现" from the menu, picks a policy, reads its figures, the funnel,
// the table by region (and drills into a city) and the enterprises eligible
// but not reached; on a phone, in English, the same page. Screenshots go to
// test-output/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn } from './browser.mjs';
import { ROOT, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
const TITLE = '特困行业阶段性缓缴社会保险费';
let srv, browser, policy;
const consoleErrors = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ enterprises: 400, web: true });
  browser = await launchBrowser();
  const all = await srv.as('economy.zhejiang', 'GET', '/api/v1/policies/reach?region=330000');
  policy = all.body.policies.find((p) => p.policy.title === TITLE && p.policy.region === '330000');
  assert.ok(policy && policy.figures.eligible > 0);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(consoleErrors, [], 'no console errors on any page');
});

const open = (user, opts = {}) => signIn(browser, srv.base, user, { ...opts, errors: consoleErrors });

test('the department reads a policy\'s reach, drills down and sees whom to chase (desk, Chinese)', async () => {
  const { page, context } = await open('economy.zhejiang', { width: 1440 });
  // The dashboard's card.
  await page.waitForSelector('[data-test=reach-card]');
  const eligible = Number(await page.textContent('[data-test=reach-card-eligible]'));
  const totals = (await srv.as('economy.zhejiang', 'GET', '/api/v1/policies/reach')).body.totals;
  assert.equal(eligible, totals.eligible);
  assert.equal(Number(await page.textContent('[data-test=reach-card-policies]')), totals.in_force);
  await page.screenshot({ path: join(SHOTS, 'reach-desk-dashboard.png'), fullPage: true });

  // From the menu to every policy, then the deferral.
  await page.click('[data-test=side-menu] .el-menu-item:has-text("政策兑现")');
  await page.waitForURL(/\/policy-reach/);
  await page.waitForSelector(`[data-test=reach-policy-${policy.policy.id}]`);
  await page.click(`[data-test=reach-policy-${policy.policy.id}]`);
  await page.waitForURL(new RegExp(`/policies/${policy.policy.id}/reach`));
  await page.waitForSelector('[data-test=reach-unreached] .el-table__row');
  assert.equal(await page.textContent('h2'), TITLE);
  assert.equal((await page.textContent('[data-test=reach-eligible] .fg-stat')).trim(), String(policy.figures.eligible));
  assert.match(await page.textContent('[data-test=reach-unreached]'), new RegExp(`尚未触达的企业（${policy.figures.unreached} 家）`));
  assert.ok(await page.$('[data-test=reach-funnel] canvas'), 'the funnel is drawn');
  const body = await page.textContent('body');
  assert.doesNotMatch(body, /\b(eligible|unreached|reach\.)\b/, 'nothing English in the Chinese page');
  await page.screenshot({ path: join(SHOTS, 'reach-desk-policy.png'), fullPage: true });

  // Down into the city with the most eligible enterprises.
  const reach = (await srv.as('economy.zhejiang', 'GET', `/api/v1/policies/${policy.policy.id}/reach?region=330000`)).body;
  const city = [...reach.by_region].sort((a, b) => b.eligible - a.eligible)[0];
  await page.click(`[data-test=reach-down-${city.code}]`);
  await page.waitForURL(new RegExp(`region=${city.code}`));
  await page.waitForFunction((name) => document.querySelector('[data-test=reach-region]')?.textContent.includes(name), city.name);
  await page.waitForFunction((n) => document.querySelector('[data-test=reach-eligible] .fg-stat')?.textContent.trim() === String(n), city.eligible);
  assert.ok(await page.$('[data-test=reach-up-330000]'), 'the way back up to the province');
  // The workbook link carries the region.
  assert.match(await page.getAttribute('[data-test=reach-xlsx]', 'href'), new RegExp(`region=${city.code}&format=xlsx`));
  await context.close();
});

test('the same page on a phone, in English', async () => {
  const { page, context } = await open('economy.zhejiang', { width: 390, locale: 'en' });
  await page.goto(`${srv.base}/policies/${policy.policy.id}/reach?region=330000`);
  await page.waitForSelector('[data-test=reach-unreached] .fg-cards .el-card');
  assert.match(await page.textContent('[data-test=reach-unreached]'), new RegExp(`Eligible but not reached \\(${policy.figures.unreached}\\)`));
  assert.ok(await page.$('[data-test=reach-funnel] canvas'));
  const body = await page.textContent('body');
  assert.doesNotMatch(body, /兑现|触达|符合条件|联系人/, 'no Chinese interface text in English (names are data)');
  // No wider than the phone.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 400, `page width ${width}`);
  await page.screenshot({ path: join(SHOTS, 'reach-phone-policy-en.png'), fullPage: true });
  await page.goto(`${srv.base}/policy-reach`);
  await page.waitForSelector('[data-test=reach-policies] .fg-cards .el-card');
  await page.screenshot({ path: join(SHOTS, 'reach-phone-all-en.png'), fullPage: true });
  await context.close();
});
