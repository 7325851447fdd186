// The browser application, driven in Debian's Chromium by playwright-core,
// against the real server on a temporary demo database. Screenshots of every
// page go to test-output/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { join } from 'node:path';
import { launchBrowser, settle } from './browser.mjs';
import { spawnSync } from 'node:child_process';
import { ROOT, newUscc, password, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
// The checkpoint page's camera: Chromium's fake capture device plays this
// file (written with the pass's QR code before the page scans).
const CAMERA = join(ROOT, 'test-output/fake-camera.y4m');

// A grayscale 8-bit PNG (what the server draws QR codes as) to a one-frame
// Y4M video for the fake camera.
function pngToY4m(png) {
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8);
      assert.equal(data[9], 0);   // grayscale
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const y = Buffer.alloc(width * height);
  for (let r = 0; r < height; r++) {
    const f = raw[r * (width + 1)];
    for (let c = 0; c < width; c++) {
      const x = raw[r * (width + 1) + 1 + c];
      const a = c ? y[r * width + c - 1] : 0;
      const b = r ? y[(r - 1) * width + c] : 0;
      const d = r && c ? y[(r - 1) * width + c - 1] : 0;
      const p = a + b - d;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - d);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : d;
      y[r * width + c] = (x + [0, a, b, (a + b) >> 1, paeth][f]) & 0xff;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma]);
}
let srv, browser;
const consoleErrors = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(CAMERA, pngToY4m(await blankPng()));
  srv = await startServer({ enterprises: 20000, web: true });   // the demo's size: the pages stay fast
  browser = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${CAMERA}`]);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(consoleErrors, [], 'no console errors on any page');
});

// A white 2x2 grayscale PNG, so the fake camera has a file before any pass exists.
// Consequential actions ask first; the official confirms.
async function confirm(page) {
  await page.click('.el-message-box__btns .el-button--primary');
}

// The region cascader (components/RegionPicker.vue) as a person uses it: type
// part of a name into its search box, choose the suggestion whose path holds
// `path` ("杭州市 / 西湖区"). A multi-select stays open for the next county
// (a click elsewhere closes it). A multi-select is told by its search box, so
// the picker is waited for before it is looked at.
async function pickRegion(page, test, keyword, path) {
  const box = page.locator(`[data-test=${test}]`);
  await box.locator('.el-cascader').waitFor();
  const multiple = await box.locator('.el-cascader__search-input').count() > 0;
  const input = box.locator(multiple ? '.el-cascader__search-input' : 'input').first();
  if (!multiple || !(await page.locator('.fg-region-popper:visible').count())) await input.click();
  await input.fill(keyword);
  await page.locator('.fg-region-popper:visible .el-cascader__suggestion-item', { hasText: path }).first().click();
}

// The industry picker (components/IndustryPicker.vue): type, choose the option.
async function pickIndustry(page, test, keyword, label) {
  const input = page.locator(`[data-test=${test}] input`);
  await input.click();
  await input.fill(keyword);
  await page.locator('.fg-industry-popper:visible .el-select-dropdown__item', { hasText: label }).first().click();
}

async function blankPng() {
  const { deflateSync } = await import('node:zlib');
  const chunk = (type, data) => {
    const b = Buffer.alloc(12 + data.length);
    b.writeUInt32BE(data.length, 0);
    b.write(type, 4, 'latin1');
    data.copy(b, 8);
    return b;   // the CRC is not checked by pngToY4m
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 0, 255, 255]))), chunk('IEND', Buffer.alloc(0))]);
}

async function open(user, { width = 1280, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale, permissions: ['camera'] });
  const page = await context.newPage();
  page.on('console', (m) => {
    // 4xx answers the application handles (wrong password, forbidden) are not errors of the page.
    if (m.type() === 'error' && !/status of (401|403|404|409|422|429)/.test(m.text())) consoleErrors.push(`${user}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${user}: ${e.message}`));
  await page.addInitScript((l) => { if (!localStorage.getItem('fugong.locale')) localStorage.setItem('fugong.locale', l); }, locale);
  await page.goto(`${srv.base}/login`);
  await page.fill('[data-test=username]', user);
  await page.fill('[data-test=password]', password(user));
  await page.click('[data-test=submit]');
  await page.waitForSelector('[data-test=who]');
  return { page, context };
}

test('the menu: grouped at the side at desk width, a drawer on a phone, nothing out of reach', async () => {
  const desk = await open('coordinator', { width: 1440 });
  const items = await desk.page.$$eval('[data-test=side-menu] .el-menu-item', (els) => els.map((e) => e.textContent.trim()));
  assert.ok(items.length >= 8, items.join(','));
  assert.deepEqual(await desk.page.$$eval('[data-test=side-menu] .el-menu-item-group__title', (els) => els.map((e) => e.textContent.trim())),
    ['工作台', '风险与企业', '停工限产', '通行与物流', '白名单与产业链', '惠企政策', '系统']);
  await desk.page.click('[data-test=side-menu] .el-menu-item:has-text("停工限产")');
  await desk.page.waitForURL(/\/orders$/);
  assert.match(await desk.page.textContent('[data-test=breadcrumbs]'), /停工限产/);
  await desk.context.close();
  const phone = await open('coordinator', { width: 390 });
  assert.equal(await phone.page.locator('[data-test=side-menu]').count(), 0);
  await phone.page.click('[data-test=menu-toggle]');
  await phone.page.waitForSelector('[data-test=nav-drawer] .el-menu-item');
  const drawn = await phone.page.$$eval('[data-test=nav-drawer] .el-menu-item', (els) => els.map((e) => e.textContent.trim()));
  assert.deepEqual(drawn, items, 'the drawer holds every page the side menu does');
  await phone.page.click('[data-test=nav-drawer] .el-menu-item:has-text("通行证")');
  await phone.page.waitForURL(/\/passes$/);
  await phone.page.waitForSelector('[data-test=nav-drawer] .el-menu-item', { state: 'hidden' });   // picked: the drawer closes
  // A list on a phone is cards, not a hidden table: the demo's applications,
  // the white-list member's first with its priority said.
  await phone.page.waitForSelector('[data-test=pass-cards]', { state: 'visible' });
  await phone.page.waitForSelector('[data-test=pass-cards] .el-card');
  assert.match(await phone.page.locator('[data-test=pass-cards] .el-card').first().textContent(), /优先.*白名单企业，优先审批/);
  await phone.page.goto(`${srv.base}/orders`);
  await phone.page.waitForSelector('[data-test=order-cards] .el-card, [data-test=order-cards] .el-empty');
  assert.ok(await phone.page.locator('[data-test=order-cards] .el-card').count() > 0, 'the demo orders show as cards');
  await phone.page.screenshot({ path: join(SHOTS, 'orders-phone.png'), fullPage: true });
  await phone.page.screenshot({ path: join(SHOTS, 'passes-phone.png'), fullPage: true });
  await phone.context.close();
});

test('every role signs in and sees its role and jurisdiction, and only its own enterprises', async () => {
  const cases = [
    ['coordinator', '国家协调', '全国', null],
    ['health.zhejiang', '卫生健康部门', '浙江省', '33'],
    ['industry.hangzhou', '行业主管部门', '杭州市', '3301'],
    ['joint.zhejiang', '联防联控机制', '浙江省', '33'],
    ['economy.zhejiang', '综合经济管理部门', '浙江省', '33'],
    ['checkpoint.xihu', '卡口检查人员', '西湖区', null],
    ['auditor.zhejiang', '审计', '浙江省', '33'],
    ['enterprise.demo', '企业', '本企业', '330106'],
    ['operator.demo', '运输企业', '本企业', '330106'],
  ];
  for (const [user, role, where, prefix] of cases) {
    const { page, context } = await open(user);
    assert.equal((await page.textContent('[data-test=role]')).trim(), role, user);
    // The jurisdiction by name, not by code.
    assert.ok((await page.textContent('[data-test=jurisdiction]')).includes(where), user);
    // Each official's home leads with what is theirs: to-dos with counts, or for
    // an auditor the latest entries of the audit log.
    if (['joint.zhejiang', 'industry.hangzhou'].includes(user)) await page.waitForSelector('[data-test=todo-orders]');
    if (user === 'health.zhejiang') await page.waitForSelector('[data-test=todo-reviews]');   // designations due for review, not a permanent 0
    if (user === 'auditor.zhejiang') await page.waitForSelector('[data-test=workbench-recent] li');
    await page.screenshot({ path: join(SHOTS, `dashboard-${user}.png`) });
    const hasEnterprises = await page.locator('.el-menu-item', { hasText: '企业' }).count();
    if (prefix) {
      await page.goto(`${srv.base}/enterprises`);
      await page.waitForSelector('[data-test=enterprise-table] .el-table__row');
      // The county is shown by name; its code rides along for this check.
      const regions = await page.$$eval('[data-test=enterprise-table] .el-table__row [data-region]', (els) => els.map((el) => el.dataset.region));
      assert.ok(regions.length > 0, user);
      for (const r of regions) assert.ok(r.startsWith(prefix), `${user} sees an enterprise in ${r}`);
    } else if (user === 'checkpoint.xihu') {
      assert.equal(hasEnterprises, 0, 'a checkpoint officer has no enterprise registry');
    }
    await context.close();
  }
});

test('the dashboard map of China renders, with the raised-risk regions beside it', async () => {
  const { page, context } = await open('coordinator');
  await page.waitForSelector('[data-test=map] canvas');
  const size = await page.$eval('[data-test=map] canvas', (c) => [c.width, c.height]);
  assert.ok(size[0] > 300 && size[1] > 300, `map canvas ${size}`);
  // The map was drawn: some pixels are the high-risk colour (Shanghai, Guangdong are high in the demo).
  await page.waitForTimeout(800);
  const red = await page.$eval('[data-test=map] canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] < 100 && d[i + 2] < 90) n++;
    return n;
  });
  assert.ok(red > 50, `the map shows high-risk provinces in red (${red} pixels)`);
  await page.waitForSelector('[data-test=designated] li');
  // by name, level and day, not by code (浦东新区 is 310115)
  assert.match(await page.textContent('[data-test=designated]'), /高风险 · 浦东新区 · 自\d{4}-\d{2}-\d{2}起/);
  // The figures arrive after the page: wait for a count, then read it.
  await page.waitForFunction(() => Number(document.querySelector('[data-test=stat-total] .fg-stat')?.textContent.trim()) > 0);
  const total = Number((await page.textContent('[data-test=stat-total] .fg-stat')).trim());
  assert.ok(total >= 20000, `the overview counts ${total} enterprises`);
  assert.ok(Number((await page.textContent('[data-test=count-key_industrial]')).trim()) > 0);
  await page.screenshot({ path: join(SHOTS, 'dashboard-map.png'), fullPage: true });
  await context.close();
});

test('a health authority designates a county high risk and an enterprise there gets closed-loop guidance', async () => {
  const { page, context } = await open('health.zhejiang');
  await page.goto(`${srv.base}/enterprises/91330106MA27XK000B`);
  await page.waitForSelector('[data-test=guidance-level]');
  assert.equal((await page.textContent('[data-test=guidance-level]')).trim(), '中风险');
  await page.goto(`${srv.base}/regions/330106`);
  await page.waitForSelector('[data-test=designate-form]');
  await page.screenshot({ path: join(SHOTS, 'regions.png'), fullPage: true });
  await page.click('[data-test=level-high]');
  await page.fill('[data-test=reason]', '出现聚集性疫情');
  await page.click('[data-test=designate]');
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForFunction(() => document.querySelector('[data-test=region-level]')?.textContent.includes('高风险'));
  await page.goto(`${srv.base}/enterprises/91330106MA27XK000B`);
  await page.waitForSelector('[data-test=guidance-mode]');
  assert.equal((await page.textContent('[data-test=guidance-level]')).trim(), '高风险');
  assert.equal((await page.textContent('[data-test=guidance-mode]')).trim(), '闭环生产');
  assert.equal(await page.getAttribute('[data-test=guidance-rule]', 'data-rule'), 'high-key-no-plan');
  await page.screenshot({ path: join(SHOTS, 'enterprise.png'), fullPage: true });
  await context.close();
});

test('registering an enterprise with a bad USCC shows the field error and saves nothing', async () => {
  const { page, context } = await open('industry.hangzhou');
  await page.goto(`${srv.base}/enterprises`);
  await page.click('[data-test=create]');
  await page.waitForSelector('[data-test=enterprise-form]');
  await page.fill('[data-test=f-uscc]', '91330106MA27XK000C');
  await page.fill('[data-test=f-name]', '错误代码测试有限公司');
  await pickRegion(page, 'f-region', '西湖', '杭州市 / 西湖区');
  await page.click('[data-test=f-save]');
  await page.waitForSelector('.el-form-item__error');
  assert.match(await page.textContent('.el-form-item__error'), /校验位/);
  await page.screenshot({ path: join(SHOTS, 'enterprise-form-error.png') });
  const r = await srv.as('industry.hangzhou', 'GET', '/api/v1/enterprises/91330106MA27XK000C');
  assert.equal(r.status, 400, 'the code was never stored');
  const none = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises?q=${encodeURIComponent('错误代码测试')}`);
  assert.equal(none.body.total, 0);
  await context.close();
});

test('the region cascader and the industry picker: found by name, saved as codes, shown as names', async () => {
  const { page, context } = await open('industry.hangzhou', { width: 1440 });
  await page.goto(`${srv.base}/enterprises`);
  await page.click('[data-test=create]');
  await page.waitForSelector('[data-test=enterprise-form]');
  const uscc = newUscc('330106');
  await page.fill('[data-test=f-uscc]', uscc);
  await page.fill('[data-test=f-name]', '西湖通用机械有限公司');
  // The cascader searches every level by name: "西湖" finds the county with its path.
  const region = page.locator('[data-test=f-region] input');
  await region.click();
  await region.fill('西湖');
  const found = page.locator('.fg-region-popper:visible .el-cascader__suggestion-item');
  await found.first().waitFor();
  const paths = (await found.allTextContents()).map((x) => x.trim());
  assert.ok(paths.includes('浙江省 / 杭州市 / 西湖区'), paths.join(';'));
  assert.ok(paths.every((x) => x.includes('杭州市')), 'only counties in the jurisdiction are offered');
  await page.waitForTimeout(300);   // the dropdown's opening transition
  await page.screenshot({ path: join(SHOTS, 'picker-region.png') });
  await found.filter({ hasText: '西湖区' }).first().click();
  assert.equal(await region.inputValue(), '浙江省 / 杭州市 / 西湖区');
  // The industry picker finds a division by its name, shown as "34 通用设备制造业".
  const industry = page.locator('[data-test=f-industry] input');
  await industry.click();
  await industry.fill('通用设备');
  const options = page.locator('.fg-industry-popper:visible .el-select-dropdown__item');
  await options.first().waitFor();
  assert.deepEqual((await options.allTextContents()).map((x) => x.trim()), ['34 通用设备制造业']);
  await page.waitForTimeout(300);   // the dropdown's opening transition
  await page.screenshot({ path: join(SHOTS, 'picker-industry.png') });
  await options.first().click();
  await page.click('[data-test=f-save]');
  await page.waitForURL(new RegExp(`/enterprises/${uscc}$`));
  const saved = (await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${uscc}`)).body;
  assert.deepEqual([saved.region, saved.industry], ['330106', '34']);
  await page.waitForFunction(() => document.querySelector('.fg-main')?.textContent.includes('通用设备制造业'));
  const text = await page.textContent('.fg-main');
  assert.ok(text.includes('西湖区'), 'the saved enterprise shows its county by name');
  // The list filters by the same pickers.
  await page.goto(`${srv.base}/enterprises`);
  await pickRegion(page, 'filter-region', '西湖', '杭州市 / 西湖区');
  await pickIndustry(page, 'filter-industry', '34', '34 通用设备制造业');
  await page.click('[data-test=search]');
  await page.waitForFunction(() => document.querySelector('[data-test=enterprise-table] .el-table__row'));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-test=enterprise-table] [data-region]')].every((el) => el.dataset.region === '330106'));
  assert.match(await page.textContent('[data-test=enterprise-table]'), /西湖通用机械有限公司/);
  await context.close();
  // On a phone, the cascader's columns fit the screen.
  const phone = await open('operator.demo', { width: 390 });
  await phone.page.click('[data-test=pass-apply]');
  await phone.page.click('[data-test=pass-origin]');
  await phone.page.locator('.fg-region-popper:visible .el-cascader-node', { hasText: '浙江省' }).click();
  await phone.page.locator('.fg-region-popper:visible .el-cascader-node', { hasText: '杭州市' }).click();
  await phone.page.locator('.fg-region-popper:visible .el-cascader-node', { hasText: '西湖区' }).waitFor();
  const right = await phone.page.$eval('.fg-region-popper:not([style*="display: none"])', (el) => el.getBoundingClientRect().right);
  assert.ok(right <= 390, `the cascader fits the phone (${right}px)`);
  await phone.page.waitForTimeout(300);
  await phone.page.screenshot({ path: join(SHOTS, 'picker-region-phone.png') });
  await phone.page.locator('.fg-region-popper:visible .el-cascader-node', { hasText: '西湖区' }).click();
  assert.equal(await phone.page.locator('[data-test=pass-origin] input').inputValue(), '浙江省 / 杭州市 / 西湖区');
  await phone.context.close();
});

test('a CSV import with a bad row shows the line and the reason, and imports nothing', async () => {
  const { page, context } = await open('industry.hangzhou');
  const file = join(ROOT, 'test-output', 'import-bad-row.csv');
  writeFileSync(file, ['uscc,name,region,industry,headcount',
    `${newUscc('330106')},页面导入甲有限公司,330106,34,10`,
    `${newUscc('330106')},页面导入乙有限公司,330199,34,10`].join('\n') + '\n');
  await page.goto(`${srv.base}/enterprises`);
  await page.click('[data-test=import]');
  await page.setInputFiles('[data-test=import-file]', file);
  await page.click('[data-test=import-start]');
  await page.waitForSelector('[data-test=import-errors] .el-table__row');
  const row = await page.textContent('[data-test=import-errors] .el-table__row');
  assert.match(row, /^\s*3/);
  assert.match(row, /330199/);
  assert.match(row, /不存在/, 'the reason in Chinese, from the problem code of the line');
  assert.match(await page.textContent('[data-test=import-summary]'), /未导入任何数据/);
  await page.screenshot({ path: join(SHOTS, 'import-report.png') });
  // Export: the buttons download the filtered list with the session cookie.
  await page.keyboard.press('Escape');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-xlsx]')]);
  assert.match(download.suggestedFilename(), /^enterprises-.*\.xlsx$/);
  const none = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises?q=${encodeURIComponent('页面导入')}`);
  assert.equal(none.body.total, 0);
  await context.close();
});

test('the import template and the orders export download from their pages, in Chinese', async () => {
  const { page, context } = await open('joint.hangzhou');
  await page.goto(`${srv.base}/enterprises`);
  await page.click('[data-test=import]');
  const [template] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=import-template]')]);
  assert.match(template.suggestedFilename(), /^enterprise-import-template-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const [csvTemplate] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=import-template-csv]')]);
  assert.match(csvTemplate.suggestedFilename(), /^enterprise-import-template-\d{4}-\d{2}-\d{2}\.csv$/);
  const { readFileSync } = await import('node:fs');
  const tpl = readFileSync(await csvTemplate.path(), 'utf8');
  assert.ok(tpl.startsWith('\uFEFF统一社会信用代码,企业名称,区县代码,行业代码'), tpl.slice(0, 80));
  await page.screenshot({ path: join(SHOTS, 'import-dialog-template.png') });
  await page.keyboard.press('Escape');
  // The orders list exports what it shows (the state filter here), in Chinese.
  await page.goto(`${srv.base}/orders`);
  await page.click('[data-test=filter-state]');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '生效中' }).click();
  const [orders] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-csv]')]);
  assert.match(orders.suggestedFilename(), /^orders-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await orders.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.match(lines[0], /^指令编号,企业名称,统一社会信用代码,所在区县,区县代码,措施/);
  assert.ok(lines.length > 1, 'the demo has orders in force');
  assert.ok(lines.slice(1).every((l) => l.includes(',生效中,')), 'only the orders the filter shows');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-xlsx]')]);
  assert.match(xlsx.suggestedFilename(), /^orders-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await context.close();
});

test('an administrator lists, creates and disables accounts in its jurisdiction', async () => {
  const { page, context } = await open('joint.zhejiang');
  await page.goto(`${srv.base}/accounts`);
  await page.waitForSelector('[data-test=accounts] .el-table__row');
  const text = await page.textContent('[data-test=accounts]');
  assert.ok(text.includes('health.zhejiang') && !text.includes('coordinator'));
  await page.click('[data-test=account-create]');
  await page.fill('[data-test=a-username]', 'auditor.xihu');
  await page.click('[data-test=a-role]');
  await page.click('.el-select-dropdown__item:has-text("审计")');
  await pickRegion(page, 'a-region', '西湖', '杭州市 / 西湖区');
  await page.fill('[data-test=a-password]', 'a good password');
  await page.click('[data-test=a-save]');
  await page.waitForSelector('[data-test=disable-auditor\\.xihu]');
  await page.screenshot({ path: join(SHOTS, 'accounts.png'), fullPage: true });
  await page.click('[data-test=disable-auditor\\.xihu]');
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForFunction(() => !document.querySelector('[data-test="disable-auditor.xihu"]'));
  const login = await srv.req('POST', '/api/v1/auth/login', { body: { username: 'auditor.xihu', password: 'a good password' } });
  assert.equal(login.status, 401, 'the disabled account cannot sign in');
  await context.close();
});

test('switching to English changes the page text', async () => {
  const { page, context } = await open('joint.zhejiang');
  assert.ok(await page.locator('.el-menu-item', { hasText: '企业' }).count());
  await page.click('[data-test=lang]');
  await page.waitForSelector('.el-menu-item:has-text("Enterprises")');
  assert.equal((await page.textContent('[data-test=role]')).trim(), 'Joint mechanism');
  await page.goto(`${srv.base}/rules`);
  await page.waitForSelector('[data-test=rules] .el-table__row');
  assert.ok((await page.textContent('[data-test=rules]')).includes('Closed-loop production'));
  await page.screenshot({ path: join(SHOTS, 'rules-en.png'), fullPage: true });
  await context.close();
});

test('the server serves the application: content types, caching, client-side routes', async () => {
  const index = await fetch(`${srv.base}/enterprises/91330106MA27XK000B`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /text\/html/);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const js = html.match(/src="(\/assets\/[^"]+\.js)"/)[1];
  const css = html.match(/href="(\/assets\/[^"]+\.css)"/)[1];
  const a = await fetch(srv.base + js);
  assert.match(a.headers.get('content-type'), /text\/javascript/);
  assert.match(a.headers.get('cache-control'), /immutable/);
  assert.match((await fetch(srv.base + css)).headers.get('content-type'), /text\/css/);
  const missing = await fetch(`${srv.base}/api/v1/no-such-thing`);
  assert.equal(missing.status, 404, 'API paths never fall back to the application');
  assert.equal((await fetch(`${srv.base}/../../etc/passwd`)).status, 200, 'a path outside is just a client route');
  assert.ok(!(await (await fetch(`${srv.base}/assets/..%2f..%2f..%2fetc%2fpasswd`)).text()).includes('root:'));
});

test('the audit page verifies the chain; the pages work on a 375-pixel phone', async () => {
  const { page, context } = await open('auditor.zhejiang');
  await page.goto(`${srv.base}/audit`);
  await page.click('[data-test=verify]');
  await page.waitForSelector('[data-test=verdict]');
  assert.match(await page.textContent('[data-test=verdict]'), /哈希链完整/);
  // The data against the log (issue 16), in Chinese.
  await page.waitForSelector('[data-test=verdict-data]');
  assert.match(await page.textContent('[data-test=verdict-data]'), /数据与日志一致：\d+ 张受审计数据表的 \d+ 行数据/);
  await page.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true });
  // An enterprise renamed behind the system's back (the sqlite3 shell) is
  // named on the page, by table and key, in Chinese; then put back.
  const uscc = '91330106MA27XK000B';
  const sql = (q) => spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' });
  const name = sql(`SELECT name FROM enterprises WHERE uscc = '${uscc}'`).stdout.trim();
  assert.equal(sql(`UPDATE enterprises SET name = '=HYPERLINK("x")' WHERE uscc = '${uscc}'`).status, 0);
  await page.click('[data-test=verify]');
  await page.waitForSelector('[data-test=findings]');
  const findings = await page.textContent('[data-test=verdict-data]');
  assert.match(findings, /发现 1 行数据无审计记录可解释/);
  assert.match(findings, new RegExp(`企业.*${uscc}.*有人绕过系统修改了它`));
  await page.screenshot({ path: join(SHOTS, 'audit-tampered.png'), fullPage: true });
  assert.equal(sql(`UPDATE enterprises SET name = '${name}' WHERE uscc = '${uscc}'`).status, 0);
  await context.close();
  const phone = await open('industry.hangzhou', { width: 375 });
  await phone.page.goto(`${srv.base}/enterprises`);
  await phone.page.waitForSelector('.fg-cards .el-card');
  assert.equal(await phone.page.locator('[data-test=enterprise-table]').isVisible(), false, 'the table collapses to cards');
  const width = await phone.page.evaluate(() => Math.max(document.querySelector('.fg-main').scrollWidth, document.querySelector('.fg-header').scrollWidth));
  assert.ok(width <= 375, `nothing is wider than the phone (${width}px)`);
  await phone.page.screenshot({ path: join(SHOTS, 'enterprises-phone.png'), fullPage: true });
  await phone.context.close();
});

test('an order goes through its route in each official\'s own session; the enterprise stops, then resumes', async () => {
  const uscc = '91330106MA27XK000B';
  // The joint mechanism of Hangzhou proposes from the enterprise's page, seeing the route first.
  const joint = await open('joint.hangzhou');
  await joint.page.goto(`${srv.base}/enterprises/${uscc}`);
  await joint.page.click('[data-test=propose]');
  await joint.page.waitForSelector('[data-test=propose-route]');
  const routeText = await joint.page.textContent('[data-test=propose-route]');
  assert.match(routeText, /行业主管部门/);
  assert.match(routeText, /联防联控机制/);
  await joint.page.fill('[data-test=propose-reason]', '车间发现两例确诊病例，需停工排查');
  await joint.page.fill('[data-test=propose-evidence]', '区疾控中心通报 2026-118 号');
  await joint.page.screenshot({ path: join(SHOTS, 'order-propose.png'), fullPage: true });
  await joint.page.click('[data-test=propose-submit]');
  await joint.page.waitForSelector('[data-test=order-state]');
  assert.equal((await joint.page.textContent('[data-test=order-state]')).trim(), '办理中');
  const orderUrl = joint.page.url();

  // The industry authority sees it awaiting, with the count in the navigation, and evaluates.
  const ind = await open('industry.hangzhou');
  await ind.page.waitForFunction(() => Number(document.querySelector('[data-test=awaiting-count]')?.textContent) >= 1);
  await ind.page.click('[data-test=nav-awaiting]');
  await ind.page.waitForSelector('[data-test=orders] .el-table__row');
  await ind.page.screenshot({ path: join(SHOTS, 'awaiting.png'), fullPage: true });
  await ind.page.goto(orderUrl);
  await ind.page.click('[data-test=act-approve]');
  await ind.page.click('[data-test=act-submit]');
  await confirm(ind.page);
  await ind.page.waitForSelector('[data-test=act-error]');   // an evaluation needs its assessment
  await ind.page.fill('[data-test=act-assessment]', '两例确诊，闭环被打破；停工两天完成消杀和筛查，供应链影响可控');
  await ind.page.click('[data-test=act-submit]');
  await confirm(ind.page);
  await ind.page.waitForFunction(() => document.querySelector('[data-test=evaluations]')?.textContent.includes('杭州市经信局'));   // who evaluated, by name

  // The joint mechanism decides: in force.
  await joint.page.reload();
  await joint.page.click('[data-test=act-approve]');
  await joint.page.fill('[data-test=act-reason]', '联防联控机制会议决定');
  await joint.page.click('[data-test=act-submit]');
  await confirm(joint.page);
  await joint.page.waitForFunction(() => document.querySelector('[data-test=order-state]')?.textContent.includes('生效中'));
  await joint.page.screenshot({ path: join(SHOTS, 'order.png'), fullPage: true });

  // The enterprise sees itself stopped and applies to resume.
  const ent = await open('enterprise.demo');
  // Its home says so in one sentence, with what it may do.
  await ent.page.waitForSelector('[data-test=enterprise-sentence]');
  await ent.page.waitForFunction(() => document.querySelector('[data-test=enterprise-sentence]')?.textContent.includes('可申请复工'));
  assert.match(await ent.page.textContent('[data-test=enterprise-sentence]'), /停工中：可申请复工/);
  await ent.page.screenshot({ path: join(SHOTS, 'home-enterprise.png'), fullPage: true });
  await ent.page.goto(`${srv.base}/enterprises/${uscc}`);
  await ent.page.waitForSelector('[data-test=enterprise-status]');
  assert.equal((await ent.page.textContent('[data-test=enterprise-status]')).trim(), '停产');
  await ent.page.goto(orderUrl);
  await ent.page.click('[data-test=act-apply_resumption]');
  await ent.page.fill('[data-test=act-measures]', '已落实闭环管理，员工每日抗原检测，车间每日两次消杀');
  await ent.page.click('[data-test=act-submit]');
  await confirm(ent.page);
  await ent.page.waitForSelector('[data-test=resumption]');

  // The deciding body approves the resumption; the enterprise is operating again.
  await joint.page.reload();
  await joint.page.click('[data-test=act-decide_resumption]');
  await joint.page.fill('[data-test=act-reason]', '防控措施到位，同意复工');
  await joint.page.click('[data-test=act-submit]');
  await confirm(joint.page);
  await joint.page.waitForFunction(() => document.querySelector('[data-test=order-state]')?.textContent.includes('已复工'));
  await ent.page.goto(`${srv.base}/enterprises/${uscc}`);
  await ent.page.waitForSelector('[data-test=enterprise-status]');
  assert.equal((await ent.page.textContent('[data-test=enterprise-status]')).trim(), '正常');
  for (const c of [joint, ind, ent]) await c.context.close();
});

test('a pass: applied for, issued with its QR, checked at a checkpoint online and offline, revoked', async () => {
  // The transport operator applies.
  const op = await open('operator.demo');
  await op.page.waitForURL(/\/passes$/);   // a transport operator's home is its passes
  await op.page.click('[data-test=pass-apply]');
  await op.page.fill('[data-test=pass-plate]', '浙A12345');
  // Origin, destination and the counties between, chosen by name from the whole country.
  await pickRegion(op.page, 'pass-origin', '西湖', '杭州市 / 西湖区');
  await pickRegion(op.page, 'pass-destination', '浦东', '上海市 / 市辖区 / 浦东新区');
  await pickRegion(op.page, 'pass-route', '余杭', '杭州市 / 余杭区');
  await pickRegion(op.page, 'pass-route', '安吉', '湖州市 / 安吉县');
  await op.page.click('[data-test=pass-plate]');
  assert.match(await op.page.textContent('[data-test=pass-route]'), /余杭区[\s\S]*安吉县/);
  await op.page.fill('[data-test=crew-name-0]', '王建国');
  await op.page.fill('[data-test=crew-id-0]', '330106198001011235');
  await op.page.click('[data-test=pass-submit]');
  await op.page.waitForSelector('[data-test=pass-state]');
  assert.equal((await op.page.textContent('[data-test=pass-state]')).trim(), '待审批');
  const applicationUrl = op.page.url();
  const applied = (await srv.as('operator.demo', 'GET', `/api/v1/passes/${applicationUrl.split('/').pop()}`)).body;
  assert.deepEqual([applied.origin, applied.destination, applied.route], ['330106', '310115', ['330110', '330523']]);

  // The provincial joint mechanism approves: numbered, signed, with its QR.
  const joint = await open('joint.zhejiang');
  await joint.page.goto(applicationUrl);
  await joint.page.fill('[data-test=pass-reason]', '医疗物资，准予通行');
  await joint.page.click('[data-test=pass-approve]');
  await confirm(joint.page);
  await joint.page.waitForFunction(() => document.querySelector('[data-test=pass-state]')?.textContent.includes('有效'));
  await joint.page.waitForFunction(() => document.querySelector('[data-test=pass-qr]')?.naturalWidth > 0);
  const number = (await joint.page.textContent('[data-test=pass-number]')).trim();
  assert.match(number, /^330000\d{6}$/);
  await joint.page.emulateMedia({ media: 'print' });
  await joint.page.screenshot({ path: join(SHOTS, 'pass-print.png'), fullPage: true });
  await joint.page.emulateMedia({ media: 'screen' });
  const credential = (await srv.as('joint.zhejiang', 'GET', `/api/v1/passes/${number}`)).body.credential;

  // The checkpoint, on a phone: the camera scans the QR code (the fake camera
  // shows the PNG the server drew), the pass checks online.
  const qr = await fetch(`${srv.base}/api/v1/passes/${number}/qr`, { headers: { Authorization: `Bearer ${await srv.login('joint.zhejiang')}` } });
  writeFileSync(CAMERA, pngToY4m(Buffer.from(await qr.arrayBuffer())));
  const cp = await open('checkpoint.xihu', { width: 390 });
  await cp.page.waitForURL(/\/checkpoint$/);   // a checkpoint officer's home is the checkpoint
  await cp.page.waitForFunction(() => /名单更新于 \d/.test(document.querySelector('[data-test=kit-status]')?.textContent || ''));
  await cp.page.fill('[data-test=check-plate]', '浙A12345');
  await cp.page.click('[data-test=scan]');
  await cp.page.waitForSelector('[data-test=verdict-result]', { timeout: 20000 });
  assert.equal(await cp.page.inputValue('[data-test=presented]'), credential);   // read from the camera
  assert.equal((await cp.page.textContent('[data-test=verdict-result]')).trim(), '有效');
  await cp.page.screenshot({ path: join(SHOTS, 'checkpoint.png'), fullPage: true });
  // A typed number: checked online through the pass registered under it; a number nobody registered.
  await cp.page.fill('[data-test=presented]', number);
  await cp.page.click('[data-test=check]');
  await cp.page.waitForFunction((n) => document.querySelector('[data-test=verdict]')?.textContent.includes(n), number);
  assert.equal((await cp.page.textContent('[data-test=verdict-result]')).trim(), '有效');
  await cp.page.fill('[data-test=presented]', '330000999999');
  await cp.page.click('[data-test=check]');
  await cp.page.waitForFunction(() => document.querySelector('[data-test=verdict-result]')?.textContent.includes('无此登记'));
  await cp.page.fill('[data-test=presented]', credential);
  // Offline: the same check with the downloaded lists, queued, uploaded when back.
  await cp.context.setOffline(true);
  await cp.page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await cp.page.fill('[data-test=check-plate]', '浙A99999');
  await cp.page.click('[data-test=check]');
  await cp.page.waitForFunction(() => document.querySelector('[data-test=verdict]')?.textContent.includes('离线核验'));
  assert.equal((await cp.page.textContent('[data-test=verdict-result]')).trim(), '车牌不符');
  assert.match(await cp.page.textContent('[data-test=kit-status]'), /待上传 1 条/);
  await cp.context.setOffline(false);
  await cp.page.evaluate(() => window.dispatchEvent(new Event('online')));
  await cp.page.waitForFunction(() => document.querySelector('[data-test=kit-status]')?.textContent.includes('待上传 0 条'));
  const checks = (await srv.as('joint.zhejiang', 'GET', `/api/v1/passes/${number}`)).body.checks;
  // The scan, the typed number (logged like any other check) and the offline check.
  assert.deepEqual(checks.map((c) => c.result).sort(), ['plate_mismatch', 'valid', 'valid']);

  // The operator renews it: the picker proposes ten days on from its end, to
  // the minute; the renewal is a new application that names the pass it
  // renews, and the province decides it again.
  const issued = (await srv.as('operator.demo', 'GET', `/api/v1/passes/${number}`)).body;
  await op.page.goto(`${srv.base}/passes/${number}`);
  await op.page.waitForSelector('[data-test=pass-renew]');
  assert.match(await op.page.inputValue('[data-test=pass-renew-to] input'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await op.page.click('[data-test=pass-renew]');
  await op.page.waitForSelector('[data-test=pass-renews]');
  assert.equal((await op.page.textContent('[data-test=pass-state]')).trim(), '待审批');
  assert.equal((await op.page.textContent('[data-test=pass-renews]')).trim(), `通行证 ${number}`);
  await op.page.screenshot({ path: join(SHOTS, 'pass-renewal.png'), fullPage: true });
  const renewal = (await srv.as('operator.demo', 'GET', `/api/v1/passes/${op.page.url().split('/').pop()}`)).body;
  assert.equal(renewal.renews, number);
  assert.equal(renewal.valid_from, issued.valid_to, 'the renewal runs on from the end of the pass');
  assert.equal(Date.parse(renewal.valid_to) % 60000, 0);
  assert.ok(Math.abs(Date.parse(renewal.valid_to) - Date.parse(issued.valid_to) - 10 * 86400e3) < 60000, 'ten days on');
  await op.page.click('[data-test=pass-renews]');
  await op.page.waitForFunction((n) => document.querySelector('[data-test=pass-number]')?.textContent.includes(n), number);

  // Revoked by the joint mechanism; the checkpoint's next check says so, online and offline.
  await joint.page.fill('[data-test=pass-revoke-reason]', '车辆涉疫，停止通行');
  await joint.page.click('[data-test=pass-revoke]');
  await confirm(joint.page);
  await joint.page.waitForFunction(() => document.querySelector('[data-test=pass-state]')?.textContent.includes('已撤销'));
  await cp.page.fill('[data-test=check-plate]', '');
  await cp.page.click('[data-test=check]');
  await cp.page.waitForFunction(() => document.querySelector('[data-test=verdict-result]')?.textContent.includes('已撤销'));
  await cp.page.click('[data-test=kit-refresh]');
  await cp.page.waitForFunction(() => /已撤销 1 张/.test(document.querySelector('[data-test=kit-status]')?.textContent));
  await cp.context.setOffline(true);
  await cp.page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await cp.page.fill('[data-test=check-plate]', '浙A12345');
  await cp.page.click('[data-test=check]');
  await cp.page.waitForFunction(() => document.querySelector('[data-test=verdict]')?.textContent.includes('离线核验'));
  assert.equal((await cp.page.textContent('[data-test=verdict-result]')).trim(), '已撤销');
  await cp.context.setOffline(false);
  for (const c of [op, joint, cp]) await c.context.close();
});

test('a province\'s negative-test rule: set by its joint mechanism with a confirmation, asked for by the form only when the trip needs it, shown on the pass and at the checkpoint', async () => {
  const op = await open('operator.demo');
  await op.page.waitForURL(/\/passes$/);
  // Not required anywhere yet: the form asks for no test date.
  await op.page.click('[data-test=pass-apply]');
  await pickRegion(op.page, 'pass-origin', '西湖', '杭州市 / 西湖区');
  await pickRegion(op.page, 'pass-destination', '浦东', '上海市 / 市辖区 / 浦东新区');
  await settle(op.page);   // the trip's test requirement has been asked and answered
  assert.equal(await op.page.locator('[data-test=crew-test-item-0]').count(), 0);
  await op.page.keyboard.press('Escape');

  // Zhejiang's joint mechanism requires a 48-hour test of drivers, after a confirmation.
  const joint = await open('joint.zhejiang');
  await joint.page.goto(`${srv.base}/passes`);
  await joint.page.waitForSelector('[data-test=pass-rule-now]');
  // The demo's queue: a white-list member's application comes first, marked 优先.
  await joint.page.waitForSelector('[data-test=passes] [data-test=pass-priority]');
  const firstRow = joint.page.locator('[data-test=passes] .el-table__body tr').first();
  assert.equal(await firstRow.locator('[data-test=pass-priority]').count(), 1);
  assert.equal((await firstRow.locator('[data-test=pass-priority]').textContent()).trim(), '优先');
  assert.match(await joint.page.textContent('[data-test=pass-rule-now]'), /不要求/);
  await joint.page.click('[data-test=pass-rule-drivers]');
  await joint.page.fill('[data-test=pass-rule-hours] input', '48');
  await joint.page.click('[data-test=pass-rule-save]');
  assert.match(await joint.page.textContent('.el-message-box__message'), /浙江省要求驾驶员持48小时内核酸检测阴性证明/);
  await confirm(joint.page);
  await joint.page.waitForFunction(() => /第1版/.test(document.querySelector('[data-test=pass-rule-now]')?.textContent));
  await joint.page.screenshot({ path: join(SHOTS, 'pass-rule.png'), fullPage: true });
  const rule = (await srv.as('operator.demo', 'GET', '/api/v1/regions/330000/pass-rules')).body;
  assert.deepEqual([rule.drivers, rule.crew, rule.hours, rule.updated_by], [true, false, 48, 'joint.zhejiang']);
  // Others may not set it.
  const hz = await open('joint.hangzhou');
  await hz.page.goto(`${srv.base}/passes`);
  await hz.page.waitForSelector('[data-test=passes]');
  assert.equal(await hz.page.locator('[data-test=pass-rule]').count(), 0);

  // The form now asks the driver, not the crew member, with the province's words.
  await op.page.goto(`${srv.base}/passes`);
  await op.page.click('[data-test=pass-apply]');
  await op.page.fill('[data-test=pass-plate]', '浙A12345');
  await pickRegion(op.page, 'pass-origin', '西湖', '杭州市 / 西湖区');
  await pickRegion(op.page, 'pass-destination', '浦东', '上海市 / 市辖区 / 浦东新区');
  await op.page.waitForSelector('[data-test=crew-test-item-0]');
  assert.equal((await op.page.textContent('[data-test=crew-test-help-0]')).trim(), '浙江省要求驾驶员持48小时内核酸检测阴性证明');
  assert.ok(await op.page.locator('[data-test=crew-test-item-0].is-required').count(), 'marked required');
  await op.page.fill('[data-test=crew-name-0]', '王建国');
  await op.page.fill('[data-test=crew-id-0]', '330106198001011235');
  await op.page.click('text=添加人员');
  await op.page.fill('[data-test=crew-name-1]', '李明');
  await op.page.fill('[data-test=crew-id-1]', '330102199002025670');
  assert.equal(await op.page.locator('[data-test=crew-test-item-1]').count(), 0);
  // Without the date: refused in the form, naming the person.
  await op.page.click('[data-test=pass-submit]');
  await op.page.waitForSelector('text=第1位驾乘人员：请填写最近一次核酸检测的采样时间');
  // Sampled three hours ago (typed as the picker shows it, in the browser's zone).
  const sampled = await op.page.evaluate(() => {
    const d = new Date(Date.now() - 3 * 3600e3);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:00`;
  });
  await op.page.fill('[data-test=crew-test-item-0] input', sampled);
  await op.page.keyboard.press('Enter');
  await op.page.click('[data-test=pass-plate]');
  await op.page.click('[data-test=pass-submit]');
  await op.page.waitForSelector('[data-test=pass-test]');
  assert.match(await op.page.textContent('[data-test=pass-test]'), /^核酸检测：\d+月\d+日 \d\d:\d\d采样，有效至\d+月\d+日 \d\d:\d\d$/);
  const id = op.page.url().split('/').pop();
  const applied = (await srv.as('operator.demo', 'GET', `/api/v1/passes/${id}`)).body;
  assert.equal(Date.parse(applied.crew[0].test_valid_to) - Date.parse(applied.crew[0].test_sampled_at), 48 * 3600e3);
  assert.ok(Math.abs(Date.parse(applied.crew[0].test_sampled_at) - (Date.now() - 3 * 3600e3)) < 120e3, applied.crew[0].test_sampled_at);
  assert.equal(applied.crew[1].test_sampled_at, undefined);

  // Issued; the checkpoint reads the test from the pass and says it counts now.
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${id}/decision`, { approve: true });
  assert.equal(d.status, 200);
  const cp = await open('checkpoint.xihu', { width: 390 });
  await cp.page.waitForURL(/\/checkpoint$/);
  await cp.page.fill('[data-test=presented]', d.body.credential);
  await cp.page.click('[data-test=check]');
  await cp.page.waitForSelector('[data-test=pass-test-validity]');
  assert.match(await cp.page.textContent('[data-test=verdict]'), /核酸检测：\d+月\d+日 \d\d:\d\d采样，有效至/);
  assert.equal((await cp.page.textContent('[data-test=pass-test-validity]')).trim(), '核验时有效');
  await cp.page.screenshot({ path: join(SHOTS, 'checkpoint-test.png'), fullPage: true });

  // Back to none: the form stops asking.
  assert.equal((await srv.as('joint.zhejiang', 'PUT', '/api/v1/regions/330000/pass-rules', { drivers: false })).status, 200);
  await op.page.goto(`${srv.base}/passes`);
  await op.page.click('[data-test=pass-apply]');
  await pickRegion(op.page, 'pass-origin', '西湖', '杭州市 / 西湖区');
  await pickRegion(op.page, 'pass-destination', '浦东', '上海市 / 市辖区 / 浦东新区');
  await settle(op.page);   // the trip's test requirement has been asked and answered
  assert.equal(await op.page.locator('[data-test=crew-test-item-0]').count(), 0);
  for (const c of [op, joint, hz, cp]) await c.context.close();
});
