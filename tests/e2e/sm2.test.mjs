// The checkpoint page checks an SM2-signed pass offline (issue 16, national
// cryptography): a server whose root and Zhejiang keys are SM2 (the other
// provinces' Ed25519), the page loaded once online keeps the lists, then with
// no network verifies the pass in the browser through the built bundle
// (sm-crypto inside Vite's output) — valid as issued, a bad signature once
// its plate is altered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn } from './browser.mjs';
import { register } from 'node:module';
import { deflateSync } from 'node:zlib';
import { ROOT, startServer } from '../api/helpers.mjs';

register(`data:text/javascript,${encodeURIComponent(`
import { readFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.json'))
    return { format: 'module', shortCircuit: true, source: 'export default ' + readFileSync(new URL(url), 'utf8') };
  return next(url, context);
}`)}`);
const web = await import('../../web/src/lib/pass.js');
const { encode, decode } = await import('../../web/node_modules/cborg/cborg.js');

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let v = bytes[i] * 256 + bytes[i + 1];
      for (let k = 0; k < 3; k++) { s += ALPHABET[v % 45]; v = Math.floor(v / 45); }
    } else {
      s += ALPHABET[bytes[i] % 45] + ALPHABET[Math.floor(bytes[i] / 45)];
    }
  }
  return s;
}

const SHOTS = join(ROOT, 'test-output/screenshots');
let srv, browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ enterprises: 20, web: true, keyAlgs: { root: 'SM2', 330000: 'SM2' } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('an SM2 pass checks offline on the checkpoint page', async () => {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', {
    goods: 'medical_supplies', origin: '330106', destination: '310115', route: ['330110'], plate: '浙A12345',
    valid_to: new Date(srv.now() + 5 * 86400e3).toISOString(),
    crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver' }],
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true, reason: '医疗物资' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  const credential = d.body.credential;
  const errors = [];
  const { context, page } = await signIn(browser, srv.base, 'checkpoint.xihu', { width: 390, errors });
  await page.goto(`${srv.base}/checkpoint`);
  await page.waitForFunction(() => /名单更新于 \d/.test(document.querySelector('[data-test=kit-status]')?.textContent || ''));
  await context.setOffline(true);
  // Checks `text` and waits for a verdict other than `before`.
  const check = async (text, before = '') => {
    await page.fill('[data-test=presented]', text);
    await page.fill('[data-test=check-plate]', '浙A12345');
    await page.click('[data-test=check]');
    await page.waitForFunction((b) => document.querySelector('[data-test=verdict]')?.textContent.includes('离线核验')
      && document.querySelector('[data-test=verdict-result]')?.textContent.trim() !== b, before);
    return (await page.textContent('[data-test=verdict-result]')).trim();
  };
  assert.equal(await check(credential), '有效');
  await page.screenshot({ path: join(SHOTS, 'checkpoint-offline-sm2.png'), fullPage: true });
  // The plate's last digit changed in the signed payload, the SM2 signature kept.
  const c = await web.unwrap(credential);
  const m = decode(c.payload, { useMaps: true });
  m.get(-262).set(6, '浙A12346');
  const altered = `FG1:${base45(deflateSync(encode([c.protectedBytes, new Map(), encode(m), c.signature])))}`;
  assert.equal((await web.verifyPass(altered, { trust: [] })).result, 'unknown_signer'); // well-formed
  assert.equal(await check(altered, '有效'), '签名无效（伪造或被篡改）');
  await context.setOffline(false);
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);
  await context.close();
});
