// make scale (issue 17): the client that times one workload against a server
// on a database made by `fugong gen`, and the table of several such runs.
//   node bench/scale.mjs measure URL SAMPLES.json OUT.json SERVER_PID
//     SAMPLES.json (written by scripts/scale.sh from the database): accounts,
//     enterprises to read, enterprises to propose orders for, pass numbers,
//     enterprises to report for, the day to report.
//     Every request is sent alone on one kept-alive connection, so that each
//     latency is the server's time for that request (plus loopback); a few
//     warm-up requests of each kind go first and are not counted. Any answer
//     other than the expected status stops the run. Beside the latencies, the
//     server's CPU time per request (all its threads, from /proc: the
//     shared machine's other load lengthens latencies, not this).
//   node bench/scale.mjs table RUN.json...
//     The table: per operation, p50 and p99 (ms) at each scale and the growth
//     of each against the first run (the ratio of the p50s, of the p99s).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(base, method, path, { token, body } = {}) {
  const url = new URL(path, base);
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (data) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = data.length; }
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8'), ms });
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function login(base, username, password) {
  const r = await request(base, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status} ${r.text}`);
  return JSON.parse(r.text).token;
}

// The CPU time (ns) the server's threads have run so far.
let serverPid = 0;
function cpuNs() {
  let t = 0;
  for (const task of readdirSync(`/proc/${serverPid}/task`)) {
    try { t += Number(readFileSync(`/proc/${serverPid}/task/${task}/schedstat`, 'utf8').split(' ')[0]); } catch { /* ended */ }
  }
  return t;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

// times NAME over the items: make(item) gives [method, path, opts, expected status].
async function timeOp(base, name, items, warm, make) {
  const ms = [];
  let cpu = 0;
  for (let i = 0; i < items.length; i++) {
    const [method, path, opts, want] = make(items[i], i);
    if (i === warm) cpu = cpuNs();
    const r = await request(base, method, path, opts);
    if (r.status !== want)
      throw new Error(`${name}: ${method} ${path} answered ${r.status} (wanted ${want}): ${r.text.slice(0, 400)}`);
    if (i >= warm) ms.push(r.ms);
  }
  cpu = (cpuNs() - cpu) / 1e6 / ms.length;
  ms.sort((a, b) => a - b);
  const out = { n: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), cpu };
  process.stderr.write(`scale:   ${name.padEnd(28)} n=${String(out.n).padStart(4)}  p50 ${out.p50.toFixed(2)} ms  p99 ${out.p99.toFixed(2)} ms  server CPU ${cpu.toFixed(2)} ms\n`);
  return out;
}

async function measure(base, samplesFile, outFile, pid) {
  serverPid = Number(pid);
  const s = JSON.parse(readFileSync(samplesFile, 'utf8'));
  const tok = {};
  for (const [u, pw] of Object.entries(s.accounts)) tok[u] = await login(base, u, pw);
  const ops = {};
  const co = tok[s.coordinator];
  const look = s.lookups;
  ops.lookup = await timeOp(base, 'lookup', look, 20, (u) =>
    ['GET', `/api/v1/enterprises/${u}`, { token: co }, 200]);
  // A city's key industrial enterprises, one page of 50 (with its total).
  ops.list = await timeOp(base, 'list (city, key industrial)', s.cities, 5, (c) =>
    ['GET', `/api/v1/enterprises?region=${c}&category=key_industrial&limit=50`, { token: co }, 200]);
  ops.guidance = await timeOp(base, 'guidance', look, 20, (u) =>
    ['GET', `/api/v1/enterprises/${u}/guidance`, { token: co }, 200]);
  // Orders proposed by the province's joint mechanism for suppliers in the
  // counties designated high risk (each loads and analyses the chain for its
  // impact report).
  ops.order = await timeOp(base, 'order proposal + impact', s.orders, 2, (u) =>
    ['POST', '/api/v1/orders', {
      token: tok[s.joint],
      body: {
        enterprise: u, measure: 'stop', reason: '确诊病例 confirmed cases on site (scale run)',
        evidence: 'CDC notice, scale run', ends_at: new Date(Date.now() + 7 * 86400e3).toISOString(),
      },
    }, 201]);
  ops.trend = await timeOp(base, 'monitoring trend (nation)', Array(s.trendN).fill(0), 3, () =>
    ['GET', '/api/v1/monitoring/trend?region=000000&by=region', { token: co }, 200]);
  ops.chain = await timeOp(base, 'chain analysis (nation)', Array(s.chainN).fill(0), 1, () =>
    ['GET', '/api/v1/chain/block-points?region=000000&limit=20', { token: co }, 200]);
  ops.pass = await timeOp(base, 'pass check (online)', s.passes, 10, (n) =>
    ['POST', '/api/v1/checks', { token: tok[s.checkpoint], body: { number: n } }, 200]);
  ops.report = await timeOp(base, 'report ingest', s.reports, 8, ([acct, u]) =>
    ['POST', `/api/v1/enterprises/${u}/reports`, {
      token: tok[acct],
      body: { day: s.day, status: 'operating', capacity_pct: 85, staff_pct: 90, closed_loop: 10 },
    }, 201]);
  // the server's CPU per request as it idles (sweeps every 15 s), for scale
  const idle = cpuNs();
  await new Promise((r) => setTimeout(r, 2000));
  process.stderr.write(`scale:   the server idle: ${((cpuNs() - idle) / 2e6).toFixed(2)} ms of CPU a second\n`);
  writeFileSync(outFile, JSON.stringify({ ...s.meta, ops }, null, 1));
}

const LABELS = {
  lookup: 'enterprise lookup', list: 'list with filters', guidance: 'guidance',
  order: 'order proposal + impact', trend: 'monitoring trend', chain: 'chain analysis',
  pass: 'pass check', report: 'report ingest',
};

function table(files) {
  const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const first = runs[0];
  const f2 = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const head = ['operation (ms)'.padEnd(24)];
  for (const r of runs) {
    head.push(`${r.label} p50`.padStart(8), 'p99'.padStart(7), 'cpu'.padStart(7));
    if (r !== first) head.push('growth'.padStart(10));
  }
  console.log(head.join(' '));
  for (const k of Object.keys(LABELS)) {
    const row = [LABELS[k].padEnd(24)];
    for (const r of runs) {
      const o = r.ops[k];
      row.push(f2(o.p50).padStart(8), f2(o.p99).padStart(7), f2(o.cpu).padStart(7));
      if (r !== first) row.push(`${(o.p50 / first.ops[k].p50).toFixed(1)}/${(o.cpu / first.ops[k].cpu).toFixed(1)}`.padStart(10));
    }
    console.log(row.join(' '));
  }
  console.log();
  const dhead = ['data'.padEnd(24)];
  const w = (r) => (r === first ? 24 : 35);
  for (const r of runs) dhead.push(r.label.padStart(w(r)));
  console.log(dhead.join(' '));
  const line = (name, f) => {
    const row = [name.padEnd(24)];
    for (const r of runs) row.push(String(f(r)).padStart(w(r)));
    console.log(row.join(' '));
  };
  line('enterprises', (r) => r.enterprises);
  line('supply edges', (r) => r.edges);
  line('passes', (r) => r.passes);
  line('daily reports (days)', (r) => `${r.reports} (${r.days})`);
  line('database MB', (r) => r.db_mb.toFixed(1));
  line('MB per 1,000 enterprises', (r) => (r.db_mb * 1000 / r.enterprises).toFixed(2));
  line('gen seconds', (r) => r.gen_s);
  console.log();
  console.log('p50, p99: latency over HTTP, one request at a time; cpu: the server\'s CPU time per request');
  console.log('(all threads); growth: p50 / p50 at the first scale, cpu / cpu at the first scale (the data');
  console.log('grow 4x and 16x). Latencies on a shared machine wait for its cores; the CPU time does not.');
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'measure') await measure(...args);
else if (cmd === 'table') table(args);
else { console.error('usage: node bench/scale.mjs measure URL SAMPLES OUT | table RUN...'); process.exit(2); }
