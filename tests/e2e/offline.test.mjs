// The checkpoint page with no network: visited once online, it opens again
// from its service worker and checks a pass with the lists it kept, and it
// never loads the map; after a deploy, the next visit online puts the new
// build's worker and cache in place of the old ones. The browser reaches the
// server through a small proxy that this test can cut, because Chromium's
// emulated offline mode (context.setOffline) does not reach a service
// worker's own requests: with the proxy cut, nothing at all gets through, as
// on a road with no signal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { ROOT, password, startServer } from '../api/helpers.mjs';

const SHOTS = join(ROOT, 'test-output/screenshots');
const DIST = join(ROOT, 'web/dist');
let srv, browser, proxy;

// Forwards every request to the server and notes its path; `cut` answers
// none (the connection is dropped, the browser sees a network error);
// `deploy(f)` serves /sw.js as f makes of the text (a new build's worker).
function startProxy(port) {
  const p = { paths: [], cut: false, base: '', worker: null };
  const server = createServer((req, res) => {
    p.paths.push(req.url);
    if (p.cut) { req.socket.destroy(); return; }
    const rewrite = req.url === '/sw.js' && p.worker;
    const headers = { ...req.headers };
    if (rewrite) delete headers['accept-encoding'];
    const up = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (r) => {
      if (!rewrite) {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
        return;
      }
      const parts = [];
      r.on('data', (d) => parts.push(d));
      r.on('end', () => {
        const body = Buffer.from(p.worker(Buffer.concat(parts).toString()));
        res.writeHead(r.statusCode, { ...r.headers, 'content-length': body.length });
        res.end(body);
      });
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  p.setCut = (cut) => { p.cut = cut; if (cut) server.closeAllConnections(); };
  p.close = () => new Promise((r) => { server.closeAllConnections(); server.close(r); });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => { p.base = `http://127.0.0.1:${server.address().port}`; resolve(p); });
  });
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ enterprises: 20, web: true });
  proxy = await startProxy(srv.port);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await srv?.stop();
});

// Waits until `f`, an async function run in the page, answers true
// (page.waitForFunction does not wait for a promise).
async function until(page, f, arg) {
  for (let i = 0; i < 150; i++) {
    if (await page.evaluate(f, arg)) return;
    await new Promise((r) => { setTimeout(r, 100); });
  }
  throw new Error(`never true: ${f}`);
}

// A pass issued through the API, from the checkpoint's county (西湖区) to Shanghai.
async function issuedPass() {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', {
    goods: 'medical_supplies', origin: '330106', destination: '310115', route: ['330110'], plate: '浙A12345',
    valid_to: new Date(srv.now() + 5 * 86400e3).toISOString(),
    crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }],
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true, reason: '医疗物资' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return (await srv.as('joint.zhejiang', 'GET', `/api/v1/passes/${d.body.number}`)).body.credential;
}

test('the checkpoint page opens and checks a pass with no network after one visit, without the map', async () => {
  const credential = await issuedPass();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // Online: sign in, land on the checkpoint, download the lists; the worker becomes active.
  await page.goto(`${proxy.base}/login`);
  await page.fill('[data-test=username]', 'checkpoint.xihu');
  await page.fill('[data-test=password]', password('checkpoint.xihu'));
  await page.click('[data-test=submit]');
  await page.waitForURL(/\/checkpoint$/);
  await page.waitForFunction(() => /名单更新于 \d/.test(document.querySelector('[data-test=kit-status]')?.textContent || ''));
  await until(page, async () => (await navigator.serviceWorker.getRegistration('/checkpoint'))?.active?.state === 'activated');
  await page.waitForSelector('[data-test=offline-ready]');
  assert.equal((await page.textContent('[data-test=offline-ready]')).trim(), '无网络时也能打开本页');
  // The browser may add the page to the home screen: the index links the manifest,
  // and when the browser offers to install, the page's own button asks it to.
  assert.equal(await page.getAttribute('link[rel=manifest]', 'href'), '/manifest.webmanifest');
  assert.equal(await page.$('[data-test=install]'), null);
  await page.evaluate(() => {
    const offer = new Event('beforeinstallprompt', { cancelable: true });
    offer.prompt = async () => { window.fgPrompted = true; };
    window.dispatchEvent(offer);
  });
  await page.click('[data-test=install]');
  assert.equal(await page.evaluate(() => window.fgPrompted), true);
  await page.waitForSelector('[data-test=install]', { state: 'detached' });

  // Online, only the sign-in page's "not signed in" was an error.
  assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  errors.length = 0;

  // No network at all: the proxy answers nothing, the browser knows it is offline.
  const online = proxy.paths.length;
  proxy.setCut(true);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('[data-test=kit-status]');
  assert.match(await page.textContent('[data-test=kit-status]'), /离线/);
  assert.match(await page.textContent('[data-test=kit-status]'), /已撤销 0 张/);   // the lists kept from the visit
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the page came from its service worker');
  assert.match(await page.textContent('[data-test=who]'), /卡口检查人员/);   // still the officer it was

  // A pasted pass checks offline, with the kept trust and revocation lists.
  await page.fill('[data-test=presented]', credential);
  await page.fill('[data-test=check-plate]', '浙A12345');
  await page.click('[data-test=check]');
  await page.waitForFunction(() => document.querySelector('[data-test=verdict]')?.textContent.includes('离线核验'));
  assert.equal((await page.textContent('[data-test=verdict-result]')).trim(), '有效');
  assert.match(await page.textContent('[data-test=kit-status]'), /待上传 1 条/);
  await page.screenshot({ path: join(SHOTS, 'checkpoint-offline.png'), fullPage: true });
  // Whatever was asked for while cut got nothing: the page stood on its worker's cache alone.
  assert.ok(proxy.paths.slice(online).every((p) => p.startsWith('/sw.js') || p.startsWith('/api/')),
    proxy.paths.slice(online).join(' '));

  // Never the map: no file holding ECharts or the geo data was asked for, by the page or its worker.
  const map = readdirSync(join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js') && /registerMap|FeatureCollection/.test(readFileSync(join(DIST, 'assets', f), 'utf8')));
  assert.ok(map.length > 0, 'the build has a map chunk (for the overview)');
  const asked = proxy.paths.filter((p) => p.startsWith('/assets/'));
  assert.ok(asked.length > 0);
  for (const f of map) assert.ok(!asked.includes(`/assets/${f}`), `${f} was loaded`);

  assert.deepEqual(errors, [], 'offline, nothing failed to load');

  // Back online, the offline check is uploaded.
  proxy.setCut(false);
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.querySelector('[data-test=kit-status]')?.textContent.includes('待上传 0 条'));

  // One cache, this build's; a deploy's worker takes over at the next visit and leaves none of the old behind.
  const version = (await (await fetch(`${srv.base}/sw.js`)).text()).match(/"version": "([0-9a-f]+)"/)[1];
  assert.deepEqual(await page.evaluate(() => caches.keys()), [`fugong-checkpoint-${version}`]);
  proxy.worker = (text) => text.replace(`"version": "${version}"`, `"version": "${version}0"`);
  await page.reload();
  await until(page, async (v) => {
    const keys = await caches.keys();
    return keys.length === 1 && keys[0] === `fugong-checkpoint-${v}0`;
  }, version);
  await page.waitForSelector('[data-test=offline-ready]');
  // ...and the page still opens offline, from the new build's cache.
  proxy.setCut(true);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('[data-test=check]');
  assert.match(await page.textContent('[data-test=kit-status]'), /离线/);
  proxy.setCut(false);
  await context.setOffline(false);
  await context.close();
});
