// The checkpoint page's service worker: after one visit online, the page opens
// and checks passes with no network. web/vite.config.js builds it into
// dist/sw.js, preceded by `self.FG_BUILD`: the build's version and the files
// the checkpoint page loads (its HTML shell, the entry's and the page's JS and
// CSS, the manifest and icons; never the map). Registered with the scope /checkpoint, it controls that
// page only, and it answers only GET requests for the application's own files:
// the API (sign-in, cookies, writes with their CSRF header, the trust and
// revocation lists, which the page keeps itself) always goes to the network.
//
// One cache per build, so a deploy never leaves a stale application behind:
// the new build's worker (sw.js is served no-cache, so the browser sees it on
// the next visit) fills its own cache, takes over at once and deletes the
// caches of every other build.
const { version, shell, assets, files } = self.FG_BUILD;
const PREFIX = 'fugong-checkpoint-';
const CACHE = PREFIX + version;
// How long the HTML may take on a poor network before the kept copy is shown
// (the network's answer, when it comes, is still kept for next time).
const SHELL_WAIT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // The HTML and the other unhashed files past the HTTP cache; hashed
    // assets may come from it (the page has just loaded them).
    await cache.addAll([shell, ...files].map((f) => new Request(f, { cache: 'reload' })));
    await cache.addAll(assets);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The HTML (and the manifest, the icons): the network first, so that a deploy
// shows at once; the kept copy when the network fails, errs or is slow.
function fresh(event, key) {
  const net = fetch(event.request).then((res) => {
    if (res.ok && res.type === 'basic') {
      const copy = res.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
    }
    return res;
  });
  event.waitUntil(net.catch(() => {}));   // kept alive for the copy even when the cache answered first
  return (async () => {
    const slow = new Promise((resolve) => { setTimeout(resolve, SHELL_WAIT_MS, null); });
    const first = await Promise.race([net.catch(() => null), slow]);
    if (first?.ok) return first;
    const kept = await caches.match(key, { cacheName: CACHE });
    return kept || first || net;
  })();
}

// A hashed asset never changes under its name: the kept copy first.
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const res = await fetch(request);
  if (res.ok && res.type === 'basic') await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(fresh(event, shell));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
  else if (files.includes(url.pathname)) event.respondWith(fresh(event, url.pathname));
  // Anything else, the API above all, is left to the browser and the network.
});
