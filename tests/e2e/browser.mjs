// The browser every browser test drives: Debian's Chromium (or $CHROMIUM),
// headless, on a closed network (no background connections), no sandbox as
// root. `extra` adds flags (the fake camera of the checkpoint test).
import { chromium } from 'playwright-core';

export function launchBrowser(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extra],
  });
}

// A fresh context signed in as `user` (password as the demo's), at `width`
// px in `locale`. Console errors and page errors of the context go to
// `errors` (4xx answers the application handles are not errors of the page).
export async function signIn(browser, base, user, { width = 1280, locale = 'zh-CN', errors = [], password } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|403|404|409|422|429)/.test(m.text())) errors.push(`${user}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${user} ${page.url()}: ${e.message} ${(e.stack || '').split('\n').slice(1, 4).join(' ')}`));
  await page.addInitScript((l) => { if (!localStorage.getItem('fugong.locale')) localStorage.setItem('fugong.locale', l); }, locale);
  await page.goto(`${base}/login`);
  await page.fill('[data-test=username]', user);
  await page.fill('[data-test=password]', password || `${user}-2022`);
  await page.click('[data-test=submit]');
  await page.waitForSelector('[data-test=who]');
  return { page, context };
}

// The requests of `page` that the browser has sent and not yet finished (any
// kind: chunks, images, API calls), for settle().
const inFlight = new WeakMap();
export function watchRequests(page) {
  const open = new Set();
  inFlight.set(page, open);
  page.on('request', (r) => { open.add(r); });
  page.on('requestfinished', (r) => { open.delete(r); });
  page.on('requestfailed', (r) => { open.delete(r); });
}

// Waits until the page is still: no request of the application in flight
// and none started over two animation frames in a row (web/src/api.js
// counts them in window.__fgPending and __fgStarted), every image and font
// loaded, every chart drawn, and, for a page under watchRequests(), no request of any kind
// still open. It replaces waitForLoadState('networkidle'), which waits for
// 500 ms of silence after the last request; it fails after `timeout` ms.
export async function settle(page, { timeout = 10000 } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    await page.evaluate((ms) => new Promise((resolve, reject) => {
      const end = performance.now() + ms;
      let started = -1;
      let calm = 0;
      const frame = () => {
        const now = window.__fgStarted ?? 0;
        const images = [...document.images].filter((i) => !i.complete).length;
        // charts still drawing (web/src/lib/drawn.js marks those done)
        const charts = [...document.querySelectorAll('[_echarts_instance_]:not([data-drawn])')]
          .filter((c) => c.offsetParent && c.clientWidth && c.clientHeight).length;
        const still = (window.__fgPending ?? 0) === 0 && now === started && !images && !charts
          && document.fonts.status === 'loaded';
        calm = still ? calm + 1 : 0;
        started = now;
        if (calm >= 2) resolve();
        else if (performance.now() > end) reject(new Error(`not still after ${ms} ms: ${window.__fgPending} API request(s), ${images} image(s), ${charts} chart(s)`));
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }), Math.max(0, until - Date.now()));
    const open = inFlight.get(page);
    if (!open?.size) return;
    if (Date.now() > until) throw new Error(`${page.url()}: still loading after ${timeout} ms: ${[...open].map((r) => r.url()).join(' ')}`);
    await new Promise((r) => { setTimeout(r, 20); });
  }
}
