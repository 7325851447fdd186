// Draws the web app's PNG icons (home screen, app switcher) from
// web/public/icons/icon.svg with Debian's Chromium, the browser the tests use.
// Run after changing the drawing: node scripts/icons.mjs; the PNGs are committed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const DIR = join(import.meta.dirname, '../web/public/icons');
const svg = readFileSync(join(DIR, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [name, size] of [['icon-192.png', 192], ['icon-512.png', 512], ['apple-touch-icon.png', 180]]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: join(DIR, name), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
