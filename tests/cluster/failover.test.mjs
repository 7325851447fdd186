// Failover under a write load (issue 17, "High availability on an existing
// engine"): scripts/cluster.sh starts three PostgreSQL members under Patroni
// and etcd with synchronous replication, HAProxy in front and two fugong
// servers; clients create enterprises through both servers while the
// primary's Patroni and PostgreSQL are killed with SIGKILL, three times (the
// killed member is started again and rejoins between rounds). While there is
// no primary every write answers 503 with Retry-After; the servers resume by
// themselves; every write answered 201 is on the new primary; the audit chain
// verifies. Prints, per kill, the seconds without a primary (first failed
// write to the first write that succeeds after it), and the writes
// acknowledged and lost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, checkProblem, password, usccCheck } from '../api/helpers.mjs';

const ROUNDS = Number(process.env.CLUSTER_ROUNDS || 3);
const CLIENTS = 6;
const MAX_OUTAGE_S = 30;   // "seconds, not a minute": Patroni's ttl is 6 s (scripts/cluster.sh)
const SCRIPT = join(ROOT, 'scripts/cluster.sh');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let dir, env, tokens = [], serverPids = [];
const clusterEnv = () => ({ ...process.env, CLUSTER_DIR: dir, FUGONG_BIN: BIN, CLUSTER_DEMO_ENTERPRISES: '200' });
const cluster = (cmd) => {
  const r = spawnSync(SCRIPT, [cmd], { env: clusterEnv(), encoding: 'utf8', timeout: 300e3 });
  if (r.status !== 0) throw new Error(`cluster.sh ${cmd}: ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};
// The same without blocking the event loop (the clients write meanwhile).
const clusterAsync = (cmd) => new Promise((resolve, reject) => {
  const p = spawn(SCRIPT, [cmd], { env: clusterEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { out += d; });
  p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cluster.sh ${cmd}: ${code}\n${out}`))));
});
const pidOf = (name) => Number(readFileSync(join(dir, 'run', `${name}.pid`), 'utf8'));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fugong-cluster-'));
  cluster('start');
  env = Object.fromEntries(cluster('env').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
  for (const s of [1, 2]) {
    const r = await fetch(`${env[`CLUSTER_FUGONG_${s}`]}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'coordinator', password: password('coordinator') }),
    });
    const text = await r.text();
    assert.equal(r.status, 200, text);
    tokens.push(JSON.parse(text).token);
    serverPids.push(pidOf(`fugong${s}`));
  }
});
after(() => {
  if (!dir) return;
  try { cluster('stop'); } finally { rmSync(dir, { recursive: true, force: true }); }
});

// Patroni's view of the cluster, from the first member whose REST API answers.
async function members() {
  for (const i of [1, 2, 3]) {
    try {
      const r = await fetch(`http://127.0.0.1:${env[`CLUSTER_REST_PORT_${i}`]}/cluster`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return (await r.json()).members;
    } catch { /* that member is down */ }
  }
  return [];
}
async function waitHealthy(secs) {
  const end = Date.now() + secs * 1000;
  for (;;) {
    const m = await members();
    if (m.length === 3 && m.every((x) => ['running', 'streaming'].includes(x.state)) &&
        m.some((x) => x.role === 'leader') && m.some((x) => x.role === 'sync_standby'))
      return m;
    if (Date.now() > end) throw new Error(`cluster not healthy after ${secs}s: ${JSON.stringify(m)}`);
    await sleep(500);
  }
}

// Kills member i as a machine loss would: Patroni, the postmaster and its children, at once.
function killMember(i) {
  const pids = [pidOf(`patroni${i}`)];
  const pm = Number(readFileSync(join(dir, `pg${i}`, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  pids.push(pm);
  const kids = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pm)], { encoding: 'utf8' }).stdout;
  for (const k of kids.split('\n').map(Number).filter(Boolean)) pids.push(k);
  for (const p of pids) { try { process.kill(p, 'SIGKILL'); } catch { /* already gone */ } }
  return pids.length;
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
let serial = 0;
function nextUscc() {
  let n = serial++ * 7919 + (process.pid % 997), body = '';
  for (let k = 0; k < 9; k++) { body = ALPHABET[n % 31] + body; n = Math.floor(n / 31); }
  const first17 = `91330106${body}`;
  return first17 + usccCheck(first17);
}

test(`kill -9 the primary ${ROUNDS} times under a write load: 503 with Retry-After while there is none, no acknowledged write lost, the chain verifies`, { timeout: 600e3 }, async () => {
  const log = [];           // every write: started, ended, status, uscc
  let running = true;
  const client = async (id) => {
    for (let n = 0; running; n++) {
      const s = (id + n) % 2;
      const uscc = nextUscc();
      const w = { start: Date.now(), uscc, server: s + 1 };
      try {
        const r = await fetch(`${env[`CLUSTER_FUGONG_${s + 1}`]}/api/v1/enterprises`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens[s]}` },
          body: JSON.stringify({ uscc, name: `切换测试${id}-${n}有限公司`, region: '330106', industry: '34' }),
          signal: AbortSignal.timeout(30e3),
        });
        w.status = r.status;
        w.retryAfter = r.headers.get('retry-after');
        const text = await r.text();
        if (r.status !== 201) {
          w.text = text.slice(0, 300);
          if ((r.headers.get('content-type') || '').startsWith('application/problem+json'))
            checkProblem(JSON.parse(text), `POST /api/v1/enterprises (${r.status})`);
        }
      } catch (e) {
        w.status = 'error';
        w.text = String(e);
      }
      w.end = Date.now();
      log.push(w);
      if (w.status !== 201) await sleep(100);
    }
  };
  // From t0, the first write that fails, then the first write started after it that succeeds.
  const outage = async (t0, what) => {
    let firstFail, firstOk;
    const end = t0 + 90e3;
    while (!firstOk) {
      firstFail ??= log.find((w) => w.end >= t0 && w.status !== 201);
      if (firstFail) firstOk = log.find((w) => w.start >= firstFail.end && w.status === 201);
      if (Date.now() > end) throw new Error(`${what}: no write succeeded within 90 s`);
      await sleep(50);
    }
    return {
      outage: (firstOk.end - firstFail.end) / 1000, killToWrite: (firstOk.end - t0) / 1000,
      failed: log.filter((w) => w.end >= t0 && w.end <= firstOk.end && w.status !== 201).length,
    };
  };
  const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));
  const rounds = [];
  let switchover = null;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const m = await waitHealthy(120);
      await sleep(2000);
      const leader = m.find((x) => x.role === 'leader').name;
      const i = Number(leader.slice(2));
      const tKill = Date.now();
      killMember(i);
      const r = await outage(tKill, `round ${round}`);
      Object.assign(r, { round, killed: leader, promoted: (await members()).find((x) => x.role === 'leader')?.name });
      rounds.push(r);
      console.log(`round ${round}: killed ${r.killed} (Patroni and PostgreSQL, SIGKILL); ${r.promoted} promoted; ` +
        `${r.outage.toFixed(1)} s without a primary (first failed write to first write after it), ` +
        `${r.killToWrite.toFixed(1)} s from the kill to the first write; ${r.failed} writes answered 503 meanwhile`);
      // The killed member comes back (pg_rewind if needed) and follows the new primary.
      await clusterAsync('start');
    }
    // A planned switchover (maintenance): the old primary is demoted and
    // follows; connections that reach it while it restarts read-only must
    // answer 503 too, and be replaced.
    const m = await waitHealthy(120);
    await sleep(2000);
    const leader = m.find((x) => x.role === 'leader').name;
    const candidate = m.find((x) => x.role === 'sync_standby').name;
    const t0 = Date.now();
    const sw = await fetch(`http://127.0.0.1:${env[`CLUSTER_REST_PORT_${leader.slice(2)}`]}/switchover`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(env.CLUSTER_REST_AUTH).toString('base64')}` },
      body: JSON.stringify({ leader, candidate }),
    });
    assert.equal(sw.status, 200, await sw.text());
    switchover = { leader, candidate, ...(await outage(t0, 'switchover')) };
    console.log(`switchover ${leader} -> ${candidate}: ${switchover.outage.toFixed(1)} s without a primary, ` +
      `${switchover.killToWrite.toFixed(1)} s from the request to the first write; ${switchover.failed} writes answered 503 meanwhile`);
    await waitHealthy(120);
    await sleep(1000);
  } finally {
    running = false;
    await Promise.all(clients);
  }

  const acked = log.filter((w) => w.status === 201);
  const failed = log.filter((w) => w.status !== 201);
  // Every acknowledged write is on the primary HAProxy now routes to.
  const found = new Set();
  for (let k = 0; k < acked.length; k += 2000) {
    const list = acked.slice(k, k + 2000).map((w) => `'${w.uscc}'`).join(',');
    const out = execFileSync('psql', ['-At', env.CLUSTER_DB_URL, '-c', `SELECT uscc FROM enterprises WHERE uscc IN (${list})`], { encoding: 'utf8' });
    for (const u of out.split('\n')) if (u) found.add(u);
  }
  const lost = acked.filter((w) => !found.has(w.uscc));
  const verify = spawnSync(BIN, ['audit', 'verify', '--deep', '--db', env.CLUSTER_DB_URL], { encoding: 'utf8' });
  const outages = rounds.map((r) => r.outage);
  console.log(`failover: ${rounds.length} kills; seconds without a primary: ${outages.map((s) => s.toFixed(1)).join(', ')} ` +
    `(median ${outages.slice().sort((a, b) => a - b)[Math.floor(outages.length / 2)].toFixed(1)}, max ${Math.max(...outages).toFixed(1)}); ` +
    `writes acknowledged: ${acked.length}; answered 503: ${failed.filter((w) => w.status === 503).length}; ` +
    `other failures: ${failed.filter((w) => w.status !== 503).length}; writes lost: ${lost.length}; ` +
    `audit verify --deep: ${verify.status === 0 ? 'passed' : 'FAILED'}`);

  assert.equal(lost.length, 0, `acknowledged writes missing on the new primary: ${lost.slice(0, 5).map((w) => w.uscc)}`);
  for (const w of failed) {
    assert.equal(w.status, 503, `a write during failover answered ${w.status}: ${w.text}`);
    assert.ok(Number(w.retryAfter) > 0, `a 503 without Retry-After: ${w.text}`);
  }
  for (const r of rounds) {
    assert.ok(r.failed > 0, `round ${r.round}: no write met the outage (was the primary killed?)`);
    assert.notEqual(r.promoted, r.killed, `round ${r.round}: another member is primary`);
    assert.ok(r.outage < MAX_OUTAGE_S, `round ${r.round}: ${r.outage} s without a primary`);
  }
  assert.equal((await members()).find((x) => x.role === 'leader')?.name, switchover.candidate, 'the switchover happened');
  assert.ok(acked.length > 100, `only ${acked.length} writes acknowledged`);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  // The servers resumed by themselves: the same processes as at the start.
  for (const s of [1, 2]) assert.equal(pidOf(`fugong${s}`), serverPids[s - 1], `fugong server ${s} was restarted`);
  for (const s of [1, 2]) {
    const h = await fetch(`${env[`CLUSTER_FUGONG_${s}`]}/healthz`);
    assert.equal(h.status, 200);
  }
});
