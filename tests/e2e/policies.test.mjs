// The policy catalogue in a real browser (issue 15, part "catalogue"): the
// Zhejiang economic department opens the catalogue, starts a new policy in
// the editor, builds its rule from conditions, previews whom it reaches,
// sees the count on the publish button, publishes after confirming, and
// lands on the policy's page with its rule in words; the catalogue, the
// policy page and the editor at desk and phone widths in Chinese, and in
// English at the desk; then the withdrawal with its reason. Screenshots go
// to test-output/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn } from './browser.mjs';
import { ROOT, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
let srv, browser, policyId;
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
const year = () => new Date(srv.now() + 8 * 3600e3).toISOString().slice(0, 4);

async function pickDate(page, test, value) {
  const input = page.locator(`[data-test=${test}] input`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

test('the economic department builds a policy, previews it, sees the count and publishes it', async () => {
  const { page, context } = await open('economy.zhejiang', { width: 1440 });
  await page.click('[data-test=side-menu] .el-menu-item:has-text("惠企政策")');
  await page.waitForURL(/\/policies$/);
  await page.waitForSelector('[data-test=policy-table] [data-test=policy-link]');
  const rows = await page.locator('[data-test=policy-table] [data-test=policy-link]').count();
  assert.ok(rows >= 4, `${rows} policies listed`);
  assert.match(await page.textContent('[data-test=policy-table]'), /浙江省/);
  await page.screenshot({ path: join(SHOTS, 'policies-desk-catalogue.png'), fullPage: true });

  await page.click('[data-test=policy-new]');
  await page.waitForURL(/\/policies\/new$/);
  await page.fill('[data-test=pedit-department]', '浙江省经济和信息化厅');
  await page.fill('[data-test=pedit-title]', '中小微企业稳岗补助');
  await page.fill('[data-test=pedit-doc-number]', '浙经信演示〔2022〕12号');
  await pickDate(page, 'pedit-doc-date', `${year()}-01-10`);
  await pickDate(page, 'pedit-valid-from', `${year()}-01-10`);
  await page.fill('[data-test=pedit-budget] input', '20000000');
  // The rule: insured employees at least 1 (the default first row), no risk
  // row, headcount at most 300; 800 yuan per insured employee, at most 100,000.
  await page.click('[data-test=pedit-remove-1]');
  await page.click('[data-test=pedit-add]');
  await page.click('[data-test=pedit-row-1] [data-test=cond-kind]');
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^职工人数$/ }).first().click();
  await page.fill('[data-test=pedit-row-1] [data-test=cond-min] input', '');
  await page.fill('[data-test=pedit-row-1] [data-test=cond-max] input', '300');
  await page.fill('[data-test=pedit-amount-yuan] input', '800');
  await page.fill('[data-test=pedit-amount-cap] input', '100000');
  await page.click('[data-test=pedit-title]');
  // The rule in words as it is built.
  await page.waitForFunction(() => /每名参保职工800元，最高10万元/.test(document.querySelector('[data-test=rule-amount]')?.textContent || ''));
  const words = await page.textContent('[data-test=rule-words]');
  assert.match(words, /参保职工1人以上/);
  assert.match(words, /职工300人以下/);
  // Publishing waits for a preview of this very rule.
  assert.equal(await page.isDisabled('[data-test=pedit-publish]'), true);
  await page.click('[data-test=pedit-preview-run]');
  await page.waitForSelector('[data-test=pedit-preview-eligible]');
  const eligible = Number((await page.textContent('[data-test=pedit-preview-eligible] .el-statistic__number')).replace(/[^\d]/g, ''));
  assert.ok(eligible > 0, `the preview reaches ${eligible}`);
  await page.waitForSelector('[data-test=pedit-preview-counties] .el-table__row');
  await page.waitForSelector('[data-test=pedit-preview-sample] .el-table__row');
  assert.match(await page.textContent('[data-test=pedit-publish]'), new RegExp(`惠及${eligible}家企业`));
  await page.screenshot({ path: join(SHOTS, 'policies-desk-editor.png'), fullPage: true });
  // The API agrees with what the page shows.
  const r = await srv.as('economy.zhejiang', 'POST', '/api/v1/policies/preview', { region: '330000', rule: {
    benefit: 'subsidy', when: { all: [{ insured_headcount: { min: 1 } }, { headcount: { max: 300 } }] }, amount: { per_insured_employee: 800, cap: 100000 } } });
  assert.equal(r.body.eligible, eligible);

  await page.click('[data-test=pedit-publish]');
  await page.waitForSelector('.el-message-box');
  assert.match(await page.textContent('.el-message-box'), new RegExp(`惠及${eligible}家企业`));
  await page.click('.el-message-box .el-button--primary');
  await page.waitForURL(/\/policies\/[0-9a-f-]{36}$/);
  policyId = page.url().split('/').pop();
  await page.waitForSelector('[data-test=policy-state]');
  assert.equal((await page.textContent('[data-test=policy-state]')).trim(), '已发布');
  assert.match(await page.textContent('[data-test=rule-amount]'), /每名参保职工800元，最高10万元/);
  assert.match(await page.textContent('[data-test=rule-words]'), /参保职工1人以上/);
  await page.screenshot({ path: join(SHOTS, 'policies-desk-policy.png'), fullPage: true });
  await context.close();
});

test('the catalogue, a policy and the editor on a phone, in Chinese', async () => {
  const { page, context } = await open('economy.zhejiang', { width: 390 });
  await page.goto(`${srv.base}/policies`);
  await page.waitForSelector('[data-test=policy-cards] [data-test=policy-link]');
  await page.screenshot({ path: join(SHOTS, 'policies-phone-catalogue.png'), fullPage: true });
  // A demo policy with a period: its rule in words names the county's risk.
  const list = await srv.as('economy.zhejiang', 'GET', `/api/v1/policies?region=330000&q=${encodeURIComponent('留工培训')}`);
  const training = list.body.items.find((p) => p.region === '330000');
  assert.ok(training);
  await page.goto(`${srv.base}/policies/${training.id}`);
  await page.waitForSelector('[data-test=rule-words]');
  const words = await page.textContent('[data-test=rule-words]');
  assert.match(words, /所在县（市、区）曾为中、高风险地区/);
  assert.match(words, /每名参保职工500元/);
  assert.doesNotMatch(words, /[a-z]{3,}/, 'nothing English in the Chinese rule');
  await page.screenshot({ path: join(SHOTS, 'policies-phone-policy.png'), fullPage: true });
  await page.goto(`${srv.base}/policies/${training.id}/edit`);
  await page.waitForSelector('[data-test=pedit-row-0]');
  await page.screenshot({ path: join(SHOTS, 'policies-phone-editor.png'), fullPage: true });
  await context.close();
});

test('in English: the catalogue and the policy in words', async () => {
  const { page, context } = await open('auditor.zhejiang', { width: 1280, locale: 'en' });
  await page.goto(`${srv.base}/policies`);
  await page.waitForSelector('[data-test=policy-table] [data-test=policy-link]');
  assert.equal(await page.isVisible('[data-test=policy-new]'), false, 'the auditor does not draft');
  await page.screenshot({ path: join(SHOTS, 'policies-desk-catalogue-en.png'), fullPage: true });
  await page.goto(`${srv.base}/policies/${policyId}`);
  await page.waitForSelector('[data-test=rule-amount]');
  assert.match(await page.textContent('[data-test=rule-amount]'), /800 yuan per insured employee, at most 100,000 yuan/);
  await page.screenshot({ path: join(SHOTS, 'policies-desk-policy-en.png'), fullPage: true });
  await context.close();
});

test('the issuing department withdraws the policy with a reason', async () => {
  const { page, context } = await open('economy.zhejiang', { width: 1280 });
  await page.goto(`${srv.base}/policies/${policyId}`);
  await page.waitForSelector('[data-test=policy-withdraw]');
  await page.click('[data-test=policy-withdraw]');
  await page.waitForSelector('.el-message-box__input input');
  // No reason: the dialog refuses.
  await page.click('.el-message-box .el-button--primary');
  await page.waitForSelector('.el-message-box__errormsg:has-text("请填写废止原因")');
  await page.fill('.el-message-box__input input', '资金已拨付完毕');
  await page.click('.el-message-box .el-button--primary');
  await page.waitForFunction(() => document.querySelector('[data-test=policy-state]')?.textContent.trim() === '已废止');
  assert.equal(await page.isVisible('[data-test=policy-withdraw]'), false);
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity_id=${policyId}&action=policy.withdraw`);
  assert.equal(audit.body.items[0].detail.reason, '资金已拨付完毕');
  await context.close();
});
