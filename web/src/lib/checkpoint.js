// The checkpoint's offline kit: the signed trust and revocation lists (kept
// in localStorage, refreshed when online), verification without a network,
// and the queue of checks made offline, uploaded when the network is back.
import { reactive } from 'vue';
import { api, metered } from '../api.js';
import { openList, pemToDer, trustFrom, verifyListing, verifyPass } from './pass.js';
import { CHAINS } from '../vocab.js';

const KEY = 'fugong.checkpoint';
const QUEUE = 'fugong.checks';
const b64 = (u8) => btoa(String.fromCharCode(...u8));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export const kit = reactive({ trust: [], revoked: [], wlTrust: [], wlRevoked: [], fetchedAt: '', queued: 0, error: '' });

function saved() {
  try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch { return null; }
}

async function parse(s) {
  const root = unb64(s.root);
  const trust = trustFrom(await openList(unb64(s.trust), root));
  const rev = await openList(unb64(s.revocations), root);
  kit.trust = trust;
  kit.revoked = rev.get(2).map((n) => String(n).padStart(12, '0'));
  // The white-list credentials' lists (kits saved before they existed have none).
  kit.wlTrust = s.wlTrust ? trustFrom(await openList(unb64(s.wlTrust), root)) : [];
  kit.wlRevoked = s.wlRevocations ? (await openList(unb64(s.wlRevocations), root)).get(2).map(Number) : [];
  kit.fetchedAt = s.fetchedAt;
}

// Loads what was downloaded before (for offline use).
export async function loadKit() {
  const s = saved();
  kit.queued = queue().length;
  if (s) {
    try { await parse(s); } catch (e) { kit.error = e.message; }
  }
}

function fetchBytes(path) {
  return metered(async () => {
    const r = await fetch(path, { credentials: 'same-origin' });
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  });
}

// Downloads the root key (pinned on first download), the trust list and the
// revocation list, checks their signatures, and keeps them.
export async function refreshKit() {
  const s = saved() || {};
  const root = s.root || b64(pemToDer(new TextDecoder().decode(await fetchBytes('/api/v1/passes/root-key'))));
  const next = {
    root,
    trust: b64(await fetchBytes('/api/v1/passes/trust-list')),
    revocations: b64(await fetchBytes('/api/v1/passes/revocations')),
    wlTrust: b64(await fetchBytes('/api/v1/whitelists/trust-list')),
    wlRevocations: b64(await fetchBytes('/api/v1/whitelists/revocations')),
    fetchedAt: new Date().toISOString(),
  };
  await parse(next);   // refuses lists not signed by the pinned root
  localStorage.setItem(KEY, JSON.stringify(next));
  kit.error = '';
}

function queue() {
  try { return JSON.parse(localStorage.getItem(QUEUE) || '[]'); } catch { return []; }
}

export async function uploadQueue() {
  const q = queue();
  if (!q.length) return 0;
  await api('POST', '/api/v1/checks/batch', { checks: q });
  localStorage.setItem(QUEUE, '[]');
  kit.queued = 0;
  return q.length;
}

// Checks a presented string: online when the server answers, else offline
// with the kept lists (the check is queued for upload).
export async function checkPass(text, { plate = '', county = '' } = {}) {
  const id = crypto.randomUUID();
  if (navigator.onLine) {
    try {
      return { ...(await api('POST', '/api/v1/checks', { credential: text.trim(), plate: plate || undefined, id })), offline: false };
    } catch (e) {
      if (e.status) throw e;   // the server answered: not a network failure
    }
  }
  const v = await verifyPass(text, { trust: kit.trust, revoked: kit.revoked, plate, county });
  const q = queue();
  q.push({ id, number: v.pass?.number || '', result: v.result, reason: v.reason, at: new Date().toISOString(), plate });
  localStorage.setItem(QUEUE, JSON.stringify(q));
  kit.queued = q.length;
  return { ...v, offline: true };
}

// A pass number typed at the checkpoint (a paper pass, a damaged code): the
// server checks the pass registered under it as it checks a scanned one
// (validity, revocation, plate, this checkpoint's county on the route) and
// logs the check; a number nobody issued was not issued by this system.
// Offline there is nothing to look the number up in: the scan still works.
export async function checkNumber(number, { plate = '' } = {}) {
  if (!navigator.onLine) return { result: 'needs_network', reason: '', offline: true };
  const v = await api('POST', '/api/v1/checks', { number, plate: plate || undefined, id: crypto.randomUUID() });
  if (v.result === 'unknown_signer' && !v.pass) return { ...v, result: 'not_registered', offline: false };
  return { ...v, offline: false };
}

// A white-list listing credential (FGW1:): always checked here, with the kept
// lists, online or not (there is no check log for listings to upload to).
export async function checkListing(text) {
  const v = await verifyListing(text, { trust: kit.wlTrust, revoked: kit.wlRevoked, chains: CHAINS });
  return { ...v, kind: 'listing', offline: !navigator.onLine };
}
