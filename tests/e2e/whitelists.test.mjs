// White lists in the browser, each official in its own session: the
// enterprise applies on the white-list page, the city's industry authority
// checks, the province's health and industry departments review, the
// province's joint mechanism lists it in a batch with a review date (each
// step confirmed), and the list page shows the new member.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { launchBrowser, signIn } from './browser.mjs';
import { ROOT, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
const DEMO = '91330106MA27XK000B';
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

// A form field by its data-test, whether Element Plus put it on the input or on its wrapper.
const field = (page, name, tag = 'input') => page.locator(`${tag}[data-test=${name}], [data-test=${name}] ${tag}`).first();

// Base45 (RFC 9285) both ways, to alter a credential under its transport layers.
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function b45decode(s) {
  const out = [];
  for (let i = 0; i < s.length; i += 3) {
    const d = [...s.slice(i, i + 3)].map((c) => B45.indexOf(c));
    const v = d[0] + d[1] * 45 + (d.length === 3 ? d[2] * 2025 : 0);
    if (d.length === 3) out.push(v >> 8, v & 0xff); else out.push(v);
  }
  return Buffer.from(out);
}
function b45encode(b) {
  let s = '';
  for (let i = 0; i < b.length; i += 2) {
    let v = i + 1 < b.length ? b[i] * 256 + b[i + 1] : b[i];
    const n = i + 1 < b.length ? 3 : 2;
    for (let k = 0; k < n; k++) { s += B45[v % 45]; v = Math.floor(v / 45); }
  }
  return s;
}
// The credential with its COSE bytes changed by `alter`, compressed and encoded again.
function resealed(cred, alter) {
  const cose = inflateSync(b45decode(cred.slice(5)));
  alter(cose);
  return `FGW1:${b45encode(deflateSync(cose))}`;
}

// Opens the application from the review queue and takes one step, confirmed.
async function takeStep(user, id, action, expect, fill) {
  const { page, context } = await open(user);
  await page.goto(`${srv.base}/whitelists`);
  await page.click('.el-tabs__item:has-text("申请与审核")');
  await page.click(`[data-test=wl-open-${id}]`);
  await page.waitForSelector(`[data-test=wl-act-${action}]`);
  if (fill) await fill(page);
  await page.click(`[data-test=wl-act-${action}]`);
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForFunction((want) => document.querySelector('[data-test=wl-state]')?.textContent.trim() === want, expect);
  await context.close();
}

test('white list: apply, check, review and list in the browser; the list page shows the member', async () => {
  const l = await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelists', { chain: 'other', tier: 'provincial', region: '330000' });
  assert.equal(l.status, 201);
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/whitelists/${l.body.id}/batches`)).status, 201);

  // The enterprise applies: the white lists and chains group, the form.
  const ent = await open('enterprise.demo');
  await ent.page.click('[data-test=nav-whitelists]');
  await ent.page.waitForSelector('[data-test=wl-apply]');
  await ent.page.click('[data-test=wl-apply-list]');
  await ent.page.click('.el-select-dropdown__item:visible:has-text("其他 · 省级")');
  await field(ent.page, 'wl-apply-plan', 'textarea').fill( '闭环生产：员工点对点通勤，分区作业，每日核酸检测，关键原材料储备十五天。');
  for (const [k, v] of [['staff', 60], ['lodging', 70], ['testing', 80], ['stock', 15]])
    await field(ent.page, `wl-apply-${k}`).fill(String(v));
  await field(ent.page, 'wl-apply-suppliers', 'textarea').fill( '91330106MA27XK001E\n91320505MA1MXK002H');
  await ent.page.click('[data-test=wl-apply-submit]');
  await ent.page.waitForFunction(() => document.querySelector('[data-test=wl-state]')?.textContent.trim() === '待初审');
  await ent.page.screenshot({ path: join(SHOTS, 'whitelist-application.png'), fullPage: true });
  await ent.context.close();
  const mine = (await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications?list_id=${l.body.id}`)).body.items;
  assert.equal(mine.length, 1);
  const id = mine[0].id;
  assert.equal(mine[0].enterprise, DEMO);

  await takeStep('industry.hangzhou', id, 'check_pass', '待审核');
  await takeStep('health.zhejiang', id, 'review_agree', '待审核');
  await takeStep('industry.zhejiang', id, 'review_agree', '待列入');
  const review = new Date(srv.now() + 60 * 86400e3 + 8 * 3600e3).toISOString().slice(0, 10);
  await takeStep('joint.zhejiang', id, 'list', '在册', async (page) => {
    const input = field(page, 'wl-review-on');
    await input.fill(review);
    await input.press('Enter');
  });
  const listed = (await srv.as('joint.zhejiang', 'GET', `/api/v1/whitelist-applications/${id}`)).body;
  assert.equal(listed.state, 'listed');
  assert.equal(listed.review_on, review);
  assert.equal(listed.batch, 1);

  // The list page, at desk width and on a phone, shows the member.
  const zj = await open('joint.zhejiang');
  await zj.page.goto(`${srv.base}/whitelists`);
  const row = zj.page.locator('[data-test=wl-lists] .el-table__row', { hasText: '其他' });
  await row.waitFor();
  assert.match(await row.textContent(), /浙江省.*1.*第1批/);
  await zj.context.close();
  const phone = await open('enterprise.demo', { width: 390 });
  await phone.page.goto(`${srv.base}/whitelists`);
  await phone.page.click('.el-tabs__item:has-text("申请与审核")');
  const card = phone.page.locator('[data-test=wl-app-cards] .el-card', { hasText: '在册' });
  await card.first().waitFor();
  await phone.page.screenshot({ path: join(SHOTS, 'whitelists-phone.png'), fullPage: true });
  await phone.context.close();

  // ---- the listing credential (issue 12, part "cred") ----
  // The enterprise opens its certificate from its home, at desk width and on
  // a phone, in both languages; the official from the listing on the page.
  const home = await open('enterprise.demo');
  await home.page.click('[data-test=enterprise-home-listing] a');
  await home.page.waitForSelector('[data-test=wlcert-qr]');
  assert.match(await home.page.textContent('[data-test=wlcert-text]'), new RegExp(`兹证明.*${DEMO}.*浙江省省级其他产业链白名单第1批.*复核日期${review}`));
  assert.ok(await home.page.evaluate(() => document.querySelector('[data-test=wlcert-qr]').naturalWidth > 0), 'the QR image loads');
  const credential = await field(home.page, 'wlcert-credential', 'textarea').inputValue();
  assert.match(credential, /^FGW1:/);
  await home.page.screenshot({ path: join(SHOTS, 'whitelist-certificate.png'), fullPage: true });
  await home.page.emulateMedia({ media: 'print' });
  await home.page.screenshot({ path: join(SHOTS, 'whitelist-certificate-print.png'), fullPage: true });
  await home.context.close();
  for (const [width, locale, name] of [[390, 'zh-CN', 'phone'], [1280, 'en', 'en'], [390, 'en', 'phone-en']]) {
    const v = await open('enterprise.demo', { width, locale });
    await v.page.goto(`${srv.base}/whitelists/listings/${id}/certificate`);
    await v.page.waitForSelector('[data-test=wlcert-qr]');
    await v.page.screenshot({ path: join(SHOTS, `whitelist-certificate-${name}.png`), fullPage: true });
    const wide = await v.page.evaluate(() => [...document.querySelectorAll('.fg-wlcert *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).map((el) => el.className).slice(0, 5));
    assert.deepEqual(wide, [], `${name}: nothing wider than the screen`);
    await v.context.close();
  }
  const off = await open('joint.zhejiang');
  await off.page.goto(`${srv.base}/whitelists`);
  await off.page.click('.el-tabs__item:has-text("申请与审核")');
  await off.page.click(`[data-test=wl-open-${id}]`);
  await off.page.click('[data-test=wl-certificate]');
  await off.page.waitForSelector('[data-test=wlcert-qr]');
  assert.equal(await off.page.textContent('[data-test=wlcert-uscc]'), DEMO);
  await off.context.close();

  // The checkpoint verifies it with its kept lists, then with no network;
  // a tampered copy is refused.
  const cp = await open('checkpoint.xihu', { width: 390 });
  await cp.page.goto(`${srv.base}/checkpoint`);
  await cp.page.waitForFunction(() => !/从未下载/.test(document.querySelector('[data-test=kit-status]')?.textContent || '从未下载'));
  // One check: the verdict's word once the verdict shown is a new one.
  const verify = async (text) => {
    const before = await cp.page.evaluate(() => document.querySelector('[data-test=verdict]')?.dataset.checkedAt || '');
    await field(cp.page, 'presented', 'textarea').fill(text);
    await cp.page.click('[data-test=check]');
    await cp.page.waitForFunction((b) => (document.querySelector('[data-test=verdict]')?.dataset.checkedAt || '') !== b, before);
    return (await cp.page.textContent('[data-test=verdict-result]')).trim();
  };
  assert.equal(await verify(credential), '有效');
  assert.equal((await cp.page.textContent('[data-test=verdict-listing-name]')).trim(), listed.enterprise_name);
  await cp.page.screenshot({ path: join(SHOTS, 'checkpoint-whitelist-valid.png'), fullPage: true });
  await cp.context.setOffline(true);
  assert.equal(await verify(credential), '有效');
  assert.match(await cp.page.textContent('[data-test=verdict]'), /离线核验/);
  const i = credential.length - 30;
  const tampered = credential.slice(0, i) + (credential[i] === 'A' ? 'B' : 'A') + credential.slice(i + 1);
  const refused = await verify(tampered);
  assert.ok(['签名无效（伪造或被篡改）', '无法识别'].includes(refused), refused);
  // A byte of the signature changed under intact layers: a bad signature.
  assert.equal(await verify(resealed(credential, (cose) => { cose[cose.length - 5] ^= 1; })), '签名无效（伪造或被篡改）');
  await cp.page.screenshot({ path: join(SHOTS, 'checkpoint-whitelist-tampered.png'), fullPage: true });
  await cp.context.setOffline(false);
  await cp.context.close();
});
