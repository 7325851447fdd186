// The web application's files: sent precompressed (brotli, else gzip) to a
// browser that accepts it, as they are to one that does not, hashed assets
// cached for good, the index for client-side routes.
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
