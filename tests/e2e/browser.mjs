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
