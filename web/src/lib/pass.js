// Offline verification of a vehicle pass in the browser, the same layers and
// verdicts as src/core/pass_*.c (goods and verdict names from data/vocab): "FG1:" + Base45 (RFC 9285) + zlib + COSE_Sign1
// (RFC 9052) over CWT claims (RFC 8392). Ed25519 by @noble/curves, ES256 and
// PS256 by WebCrypto, SM2 with SM3 (GB/T 32918.2, GB/T 32905; identifier
// 1234567812345678) by sm-crypto (WebCrypto has no SM2), CBOR by cborg, zlib
// by the browser's DecompressionStream. The trust list names each key's
// algorithm; a pass whose header names another is a bad signature.
import { decode as cborDecode, encode as cborEncode } from 'cborg';
import { ed25519 } from '@noble/curves/ed25519';
import smCrypto from 'sm-crypto';
import { GOODS } from '../vocab.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const MAX_INFLATED = 8192;
const PASS_CLAIM = -262;

class Malformed extends Error {
  constructor(layer, message) { super(`${layer}: ${message}`); this.layer = layer; }
}

// Strict Base45: every character in the alphabet, no dangling character, no
// group above its range.
export function base45Decode(s) {
  if (s.length % 3 === 1) throw new Malformed('base45', 'not Base45 (RFC 9285)');
  const out = [];
  for (let i = 0; i < s.length; i += 3) {
    const k = Math.min(3, s.length - i);
    let v = 0;
    let f = 1;
    for (let j = 0; j < k; j++) {
      const d = ALPHABET.indexOf(s[i + j]);
      if (d < 0) throw new Malformed('base45', 'not Base45 (RFC 9285)');
      v += d * f;
      f *= 45;
    }
    if (k === 3) {
      if (v > 0xffff) throw new Malformed('base45', 'not Base45 (RFC 9285)');
      out.push(v >> 8, v & 0xff);
    } else {
      if (v > 0xff) throw new Malformed('base45', 'not Base45 (RFC 9285)');
      out.push(v);
    }
  }
  return new Uint8Array(out);
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    let r;
    try { r = await reader.read(); } catch { throw new Malformed('zlib', 'not a zlib stream'); }
    if (r.done) break;
    n += r.value.length;
    if (n > MAX_INFLATED) { reader.cancel(); throw new Malformed('zlib', 'more than 8 KiB once decompressed'); }
    parts.push(r.value);
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const tags = [];
tags[18] = (x) => x;
tags[61] = (x) => x;
const cbor = (bytes, layer) => {
  try { return cborDecode(bytes, { useMaps: true, tags }); } catch (e) { throw new Malformed(layer, 'not well-formed CBOR'); }
};

export async function unwrap(text, prefix = 'FG1:') {
  if (!text.startsWith(prefix)) throw new Malformed('prefix', `the text does not start with ${prefix}`);
  let bin = base45Decode(text.slice(prefix.length));
  if (bin.length >= 2 && (bin[0] & 0x0f) === 8 && ((bin[0] << 8) | bin[1]) % 31 === 0) bin = await inflate(bin);
  const cose = cbor(bin, 'cbor');
  if (!Array.isArray(cose) || cose.length !== 4 || !(cose[0] instanceof Uint8Array) || !(cose[1] instanceof Map)
      || !(cose[2] instanceof Uint8Array) || !(cose[3] instanceof Uint8Array)) {
    throw new Malformed('cose', 'not a COSE_Sign1 array');
  }
  const prot = cose[0].length ? cbor(cose[0], 'header') : new Map();
  if (!(prot instanceof Map) || typeof prot.get(1) !== 'number') throw new Malformed('header', 'the protected header needs an integer alg');
  const kid = prot.get(4) || cose[1].get(4);
  if (!(kid instanceof Uint8Array)) throw new Malformed('header', 'no kid in either header');
  return { protectedBytes: cose[0], alg: prot.get(1), kid, payload: cose[2], signature: cose[3] };
}

const county = (v) => typeof v === 'number' && v > 0 && v <= 999999 && v % 100 !== 0;

export function claims(payload) {
  const m = cbor(payload, 'claims');
  const p = m instanceof Map ? m.get(PASS_CLAIM) : null;
  const ok = p instanceof Map && typeof m.get(1) === 'string' && [4, 5, 6].every((k) => typeof m.get(k) === 'number')
    && [1, 2, 3, 4].every((k) => typeof p.get(k) === 'number') && typeof p.get(6) === 'string' && Array.isArray(p.get(7));
  if (!ok || !county(p.get(3)) || !county(p.get(4))) throw new Malformed('claims', 'the CWT does not hold a pass');
  const pad = (n, w) => String(n).padStart(w, '0');
  const date = (d) => (d ? `${pad(Math.floor(d / 10000), 4)}-${pad(Math.floor(d / 100) % 100, 2)}-${pad(d % 100, 2)}` : null);
  // Claim 9 (later than the others, absent on older passes): [[crew index,
  // sampled, valid to (0: no rule asked)]...] in seconds.
  const tests = new Map((Array.isArray(p.get(9)) ? p.get(9) : []).filter((x) => Array.isArray(x) && x.length === 3).map((x) => [x[0], x]));
  const iso = (sec) => (sec ? new Date(sec * 1000).toISOString() : undefined);
  return {
    issuer: m.get(1), iat: m.get(6), nbf: m.get(5), exp: m.get(4),
    number: pad(p.get(1), 12), goods: GOODS[p.get(2)] || String(p.get(2)),
    origin: pad(p.get(3), 6), destination: pad(p.get(4), 6), route: (p.get(5) || []).map((c) => pad(c, 6)),
    plate: p.get(6), applicant: p.get(8),
    crew: p.get(7).map((x, i) => ({ name: x[0], id_masked: x[1], test_valid_until: date(x[2]), role: x[3] ? 'crew' : 'driver',
      test_sampled_at: iso(tests.get(i)?.[1]), test_valid_to: iso(tests.get(i)?.[2]) })),
  };
}

const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

// The COSE algorithms (src/util/sig.h): SM2 has no IANA value, -65600 is
// from the private range.
export const ALG = { EdDSA: -8, ES256: -7, PS256: -37, SM2: -65600 };
export const SM2_ID = '1234567812345678';
export const algName = (alg) => Object.keys(ALG).find((k) => ALG[k] === alg) || String(alg);

// The fixed SubjectPublicKeyInfo heads of the keys whose raw public key is
// read from the SPKI's tail: Ed25519 (OID 1.3.101.112) and an EC key on the
// SM2 curve (id-ecPublicKey, 1.2.156.10197.1.301) with its uncompressed point.
const ED25519_SPKI = '302a300506032b6570032100';
const SM2_SPKI = '3059301306072a8648ce3d020106082a811ccf5501822d03420004';
const spkiIs = (spki, head, keyLen) => spki instanceof Uint8Array && spki.length === head.length / 2 + keyLen
  && hex(spki.slice(0, head.length / 2)) === head;

// Whether sig is the signature of tbs by the key (its SPKI) under alg; a key
// of another kind than alg names never verifies.
async function verifySig(entry, tbs, sig) {
  if (entry.alg === ALG.EdDSA) {
    return spkiIs(entry.spki, ED25519_SPKI, 32) && sig.length === 64 && ed25519.verify(sig, tbs, entry.spki.slice(entry.spki.length - 32));
  }
  if (entry.alg === ALG.SM2) {
    if (!spkiIs(entry.spki, SM2_SPKI, 64) || sig.length !== 64) return false;
    try {
      return smCrypto.sm2.doVerifySignature(Array.from(tbs), hex(sig), `04${hex(entry.spki.slice(entry.spki.length - 64))}`,
        { hash: true, der: false, userId: SM2_ID });
    } catch {
      return false; // a point off the curve, a scalar out of range
    }
  }
  if (entry.alg !== ALG.ES256 && entry.alg !== ALG.PS256) return false;
  const params = entry.alg === ALG.ES256 ? [{ name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }]
    : [{ name: 'RSA-PSS', hash: 'SHA-256' }, { name: 'RSA-PSS', saltLength: 32 }];
  let key;
  try { key = await crypto.subtle.importKey('spki', entry.spki, params[0], false, ['verify']); } catch { return false; }
  return crypto.subtle.verify(params[1], key, sig, tbs);
}

const tbsOf = (c) => cborEncode(['Signature1', c.protectedBytes, new Uint8Array(0), c.payload]);

// A signed list (trust or revocations) checked with the root key's SPKI.
export async function openList(bytes, rootSpki) {
  const doc = cbor(bytes, 'cbor');
  if (!Array.isArray(doc) || doc.length !== 4) throw new Error('not a signed list');
  const c = { protectedBytes: doc[0], payload: doc[2], signature: doc[3] };
  const alg = cbor(doc[0], 'header').get(1);
  if (!(await verifySig({ alg, spki: rootSpki }, tbsOf(c), c.signature))) throw new Error('the list is not signed by the root key');
  return cbor(doc[2], 'claims');
}

export function trustFrom(map) {
  return map.get(2).map((e) => ({ kid: hex(e.get(1)), alg: e.get(2), spki: e.get(3), issuer: e.get(4),
    regions: e.get(5), from: e.get(6), to: e.get(7) }));
}

export function pemToDer(pem) {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

const contains = (region, code) => {
  const r = Number(region);
  const c = Number(code);
  if (r === 0) return true;
  if (r % 10000 === 0) return Math.floor(c / 10000) === r / 10000;
  if (r % 100 === 0) return Math.floor(c / 100) === r / 100;
  return r === c;
};

// The verdict for a presented string: {result, reason, layer?, pass?}.
export async function verifyPass(text, { trust, revoked = [], plate = '', county: here = '', at = Date.now() / 1000 }) {
  let c;
  let pass;
  try {
    c = await unwrap(text.trim());
    pass = claims(c.payload);
  } catch (e) {
    if (e instanceof Malformed) return { result: 'malformed', layer: e.layer, reason: e.message };
    throw e;
  }
  const entry = trust.find((t) => t.kid === hex(c.kid));
  if (!entry) return { result: 'unknown_signer', reason: "no trusted key has this pass's kid", pass };
  if (entry.alg !== c.alg || !(await verifySig(entry, tbsOf(c), c.signature))) {
    return { result: 'bad_signature', reason: 'the signature does not match the pass', pass };
  }
  const region = Math.floor(Number(pass.number) / 1e6);
  // What the trust list lets the key sign: its issuer, the regions of the
  // pass's number and of its origin (a province issues for the goods that
  // leave it), within the key's dates.
  if (entry.issuer !== pass.issuer || !entry.regions.some((r) => contains(r, region)) || pass.iat < entry.from || pass.iat > entry.to) {
    return { result: 'signer_not_allowed', reason: 'the signing key may not issue for this issuer, region or date', pass };
  }
  if (!entry.regions.some((r) => contains(r, pass.origin))) {
    return { result: 'signer_not_allowed', reason: "the pass's origin lies outside the regions its signing key may issue for", pass };
  }
  if (revoked.includes(pass.number)) return { result: 'revoked', reason: 'the pass was revoked by its issuer', pass };
  if (at < pass.nbf) return { result: 'not_yet_valid', reason: 'the pass is not valid yet', pass };
  if (at >= pass.exp) return { result: 'expired', reason: 'the pass has expired', pass };
  if (plate && plate !== pass.plate) return { result: 'plate_mismatch', reason: `the pass is for ${pass.plate}`, pass };
  // The route is origin, the counties on the way, destination (none on the way: those two only).
  if (here && ![pass.origin, pass.destination, ...pass.route].includes(here)) {
    return { result: 'out_of_route', reason: "this checkpoint's county is not on the pass's route", pass };
  }
  return { result: 'valid', reason: 'valid', pass };
}

// ---- the white-list listing credential (issue 12, part "cred"): "FGW1:",
// the same layers, claims as src/core/wlcred.h, its own trust and revocation
// lists (listing numbers: the last 48 bits of the listing's id).
const LISTING_CLAIM = -263;
const TIERS = ['national', 'provincial', 'city', 'county'];
const uuidOf = (b) => hex(b).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
export const listingNumber = (id) => parseInt(id.replace(/-/g, '').slice(20), 16);

export function listingClaims(payload, chains = []) {
  const m = cbor(payload, 'claims');
  const l = m instanceof Map ? m.get(LISTING_CLAIM) : null;
  const ok = l instanceof Map && typeof m.get(1) === 'string' && typeof m.get(2) === 'string' && [4, 5, 6].every((k) => typeof m.get(k) === 'number')
    && l.get(1) instanceof Uint8Array && l.get(1).length === 16 && typeof l.get(2) === 'string' && [3, 4, 5, 6, 7, 8].every((k) => typeof l.get(k) === 'number')
    && TIERS[l.get(4)];
  if (!ok) throw new Malformed('claims', 'the CWT does not hold a white-list listing');
  const pad = (n, w) => String(n).padStart(w, '0');
  const date = (d) => `${pad(Math.floor(d / 10000), 4)}-${pad(Math.floor(d / 100) % 100, 2)}-${pad(d % 100, 2)}`;
  return {
    issuer: m.get(1), enterprise: m.get(2), exp: m.get(4), nbf: m.get(5), iat: m.get(6),
    listing: uuidOf(l.get(1)), enterprise_name: l.get(2), chain: chains[l.get(3)] || String(l.get(3)), tier: TIERS[l.get(4)],
    list_region: pad(l.get(5), 6), batch: l.get(6), listed_on: date(l.get(7)), review_on: date(l.get(8)),
  };
}

// Whether the tier, the list's region and the issuer agree (as
// src/core/pass_wlcred.c says): a national list is 000000's, issued by
// CN-000000; another is issued inside the issuer's province by a region of
// its tier's level (province PP0000, city PPCC00, county otherwise).
function scopeAgrees(l) {
  const iss = /^CN-(\d{6})$/.exec(l.issuer || '')?.[1];
  const r = l.list_region || '';
  if (!iss || !/^\d{6}$/.test(r)) return false;
  const level = r === '000000' ? 'national' : r.endsWith('0000') ? 'provincial' : r.endsWith('00') ? 'city' : 'county';
  if (level !== l.tier) return false;
  return l.tier === 'national' ? iss === '000000' : iss !== '000000' && contains(iss, r);
}

// The verdict for a presented FGW1: string: {result, reason, layer?, listing?}.
export async function verifyListing(text, { trust, revoked = [], chains = [], at = Date.now() / 1000 }) {
  let c;
  let listing;
  try {
    c = await unwrap(text.trim(), 'FGW1:');
    listing = listingClaims(c.payload, chains);
  } catch (e) {
    if (e instanceof Malformed) return { result: 'malformed', layer: e.layer, reason: e.message };
    throw e;
  }
  const entry = trust.find((t) => t.kid === hex(c.kid));
  if (!entry) return { result: 'unknown_signer', reason: "no trusted key has this credential's kid", listing };
  if (entry.alg !== c.alg || !(await verifySig(entry, tbsOf(c), c.signature))) {
    return { result: 'bad_signature', reason: 'the signature does not match the credential', listing };
  }
  if (entry.issuer !== listing.issuer || !entry.regions.some((r) => contains(r, listing.list_region)) || listing.iat < entry.from || listing.iat > entry.to) {
    return { result: 'signer_not_allowed', reason: 'the signing key may not issue white-list credentials for this issuer, list or date', listing };
  }
  if (!scopeAgrees(listing)) {
    return { result: 'signer_not_allowed', reason: "the credential's tier, list region and issuer do not agree: no key may sign it", listing };
  }
  if (revoked.includes(listingNumber(listing.listing))) return { result: 'revoked', reason: 'the listing was ended by its lister', listing };
  if (at < listing.nbf) return { result: 'not_yet_valid', reason: 'the credential is not valid yet', listing };
  if (at >= listing.exp) return { result: 'expired', reason: "the listing's review date has passed", listing };
  return { result: 'valid', reason: 'valid', listing };
}
