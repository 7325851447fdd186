// The web application's files: sent precompressed (brotli, else gzip) to a
// browser that accepts it, as they are to one that does not, hashed assets
// cached for good, the index for client-side routes; the checkpoint's
// service worker and the web app manifest with their own types, revalidated.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer } from './helpers.mjs';

const DIST = join(import.meta.dirname, '../../web/dist');
let srv;
before(async () => { srv = await startServer({ enterprises: 20, web: true }); });
after(() => srv.stop());

function get(path, headers = {}) {
  const u = new URL(srv.base + path);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('assets go compressed to those who accept it, and the same bytes come out', async () => {
  const js = readdirSync(join(DIST, 'assets')).find((f) => /^index-.*\.js$/.test(f));
  const original = readFileSync(join(DIST, 'assets', js));
  const br = await get(`/assets/${js}`, { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.match(br.headers['cache-control'], /immutable/);
  assert.ok(br.body.length < original.length / 2, `${br.body.length} of ${original.length}`);
  assert.ok(brotliDecompressSync(br.body).equals(original));
  const gz = await get(`/assets/${js}`, { 'Accept-Encoding': 'br;q=0, gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gunzipSync(gz.body).equals(original));
  const plain = await get(`/assets/${js}`);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(plain.body.equals(original));
  // A client-side route is the index, as HTML.
  const route = await get('/orders/awaiting', { 'Accept-Encoding': 'br' });
  assert.equal(route.status, 200);
  assert.match(route.headers['content-type'], /text\/html/);
});

test('the checkpoint\'s service worker: its type, never cached for good, the files it keeps', async () => {
  const sw = await get('/sw.js', { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(sw.status, 200);
  assert.equal(sw.headers['content-type'], 'text/javascript; charset=utf-8');
  // Revalidated on every visit, so the next build's worker replaces this one.
  assert.equal(sw.headers['cache-control'], 'no-cache');
  assert.equal(sw.headers['content-encoding'], 'br');
  const source = brotliDecompressSync(sw.body).toString();
  assert.equal(source, readFileSync(join(DIST, 'sw.js'), 'utf8'));
  // It keeps the checkpoint page's shell and files, each of them served here.
  const build = JSON.parse(source.slice(source.indexOf('{'), source.indexOf('};') + 1));
  assert.match(build.version, /^[0-9a-f]{16}$/);
  assert.equal(build.shell, '/checkpoint');
  assert.ok(build.assets.some((a) => /^\/assets\/Checkpoint-.*\.js$/.test(a)), build.assets.join(' '));
  // Never the map: no file it keeps holds ECharts or the geo data.
  for (const a of build.assets) {
    const f = await get(a);
    assert.equal(f.status, 200, a);
    assert.doesNotMatch(f.body.toString(), /registerMap|FeatureCollection/, a);
  }
  for (const f of build.files) assert.equal((await get(f)).status, 200, f);
  // Registered from / with the scope /checkpoint, below its own directory: no Service-Worker-Allowed needed.
  assert.equal(sw.headers['service-worker-allowed'], undefined);
});

test('the web app manifest: its type, its icons, linked from the index', async () => {
  const m = await get('/manifest.webmanifest');
  assert.equal(m.status, 200);
  assert.equal(m.headers['content-type'], 'application/manifest+json');
  assert.equal(m.headers['cache-control'], 'no-cache');
  const manifest = JSON.parse(m.body);
  assert.equal(manifest.start_url, '/checkpoint');
  assert.equal(manifest.display, 'standalone');
  assert.match(manifest.name, /[\u4e00-\u9fff]/);
  for (const icon of manifest.icons) {
    const i = await get(icon.src);
    assert.equal(i.status, 200, icon.src);
    assert.equal(i.headers['content-type'], icon.type, icon.src);
  }
  // The index links it.
  assert.match((await get('/checkpoint')).body.toString(), /<link rel="manifest" href="\/manifest\.webmanifest"/);
});
