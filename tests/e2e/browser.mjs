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
