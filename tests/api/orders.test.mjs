// Stop/limit orders over HTTP with the demo accounts: every route to each of
// its ends, wrong role / jurisdiction / step, versions and concurrent actions,
// blanket orders refused with nothing written, emergency lapse and expiry
// with the server's clock moved, resumption, the blanket-shutdown alarm.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newUscc, startServer } from './helpers.mjs';

const H = 3600e3;
let srv;

before(async () => {
  // Small alarm limits so that a handful of orders in one county trips it.
  srv = await startServer({ env: { FUGONG_ALARM_COUNT: '6', FUGONG_ALARM_SHARE_PCT: '100' } });
});
after(() => srv.stop());

const iso = (msFromNow) => new Date(srv.now() + msFromNow).toISOString();

// A new enterprise in `region` (industry.zhejiang creates it; classify fields included).
async function enterprise(region, extra = {}) {
  const body = { uscc: newUscc(region), name: `订单测试企业${Math.random().toString(36).slice(2, 8)}`,
    region, industry: '34', headcount: 120, capacity: 1000, ...extra };
  const r = await srv.as('industry.zhejiang', 'POST', '/api/v1/enterprises', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return body.uscc;
}

async function propose(uscc, extra = {}, who = 'joint.hangzhou') {
  return srv.as(who, 'POST', '/api/v1/orders', {
    enterprise: uscc, measure: 'stop', reason: 'Two confirmed cases in the assembly workshop',
    evidence: 'CDC notice 2026-118: two positives among line staff', ends_at: iso(72 * H), ...extra });
}

async function act(who, order, action, extra = {}) {
  const cur = await srv.as('coordinator', 'GET', `/api/v1/orders/${order}`);
  return srv.as(who, 'POST', `/api/v1/orders/${order}/actions`, { action, version: cur.body.version, ...extra });
}

const status = async (uscc) => (await srv.as('coordinator', 'GET', `/api/v1/enterprises/${uscc}`)).body.status;
const ASSESS = { assessment: 'Stop justified: cases on the line, closed loop broken, 2 days to restore' };

test('key route: local industry evaluates, local joint mechanism decides, then lift', async () => {
  const uscc = await enterprise('330106', { categories: ['key_industrial'] });
  const p = await propose(uscc);
  assert.equal(p.status, 201, JSON.stringify(p.body));
  assert.equal(p.body.route, 'key_or_livelihood');
  assert.equal(p.body.state, 'pending');
  assert.equal(p.body.step.role, 'industry_authority');
  assert.deepEqual(p.body.route_steps.map((s) => s.role), ['industry_authority', 'joint_mechanism']);
  const id = p.body.id;
  // Awaiting industry.hangzhou, not the province (not overdue), not the decider yet.
  const aw = await srv.as('industry.hangzhou', 'GET', '/api/v1/orders/awaiting');
  assert.ok(aw.body.orders.some((o) => o.id === id));
  assert.ok(aw.body.counts.orders >= 1);
  assert.equal((await act('industry.zhejiang', id, 'approve', ASSESS)).status, 403);
  assert.equal((await act('joint.hangzhou', id, 'approve')).status, 403);
  // An evaluation needs its assessment.
  const bare = await act('industry.hangzhou', id, 'approve');
  assert.equal(bare.status, 422);
  assert.equal(bare.body.field, 'assessment');
  const ev = await act('industry.hangzhou', id, 'approve', ASSESS);
  assert.equal(ev.status, 200);
  assert.equal(ev.body.step.role, 'joint_mechanism');
  const official = ev.body.evaluations.filter((e) => e.kind === 'official');
  assert.equal(official.length, 1);
  assert.equal(official[0].author, 'industry.hangzhou');
  // The machine assessment (the chain impact report) is there too, by the system.
  assert.deepEqual(ev.body.evaluations.filter((e) => e.kind === 'machine').map((e) => e.author), ['system']);
  assert.equal(await status(uscc), 'operating');
  // The province's joint mechanism cannot take a local decision that is not overdue.
  assert.equal((await act('joint.zhejiang', id, 'approve')).status, 403);
  const dec = await act('joint.hangzhou', id, 'approve', { reason: 'decided at the 27 Nov meeting' });
  assert.equal(dec.status, 200);
  assert.equal(dec.body.state, 'in_force');
  assert.ok(dec.body.actions_allowed.includes('lift'));
  assert.equal(await status(uscc), 'stopped');
  const stopped = await srv.as('industry.hangzhou', 'GET', '/api/v1/enterprises?region=330106&status=stopped&limit=500');
  assert.ok(stopped.body.items.some((e) => e.uscc === uscc));
  const operating = await srv.as('industry.hangzhou', 'GET', '/api/v1/enterprises?region=330106&status=operating&limit=500');
  assert.ok(!operating.body.items.some((e) => e.uscc === uscc));
  // Acting again on a decided order: nothing waits.
  assert.equal((await act('joint.hangzhou', id, 'approve')).status, 409);
  // Lift: only the deciding body, with a reason.
  assert.equal((await act('industry.hangzhou', id, 'lift', { reason: 'not mine to lift' })).status, 403);
  assert.equal((await act('joint.hangzhou', id, 'lift')).status, 422);
  const lifted = await srv.as('joint.hangzhou', 'POST', `/api/v1/orders/${id}/lift`,
    { version: dec.body.version, reason: 'tests negative, workshop disinfected' });
  assert.equal(lifted.status, 200);
  assert.equal(lifted.body.state, 'lifted');
  assert.equal(await status(uscc), 'operating');
  const actions = lifted.body.timeline.map((a) => a.action);
  assert.deepEqual(actions, ['propose', 'approve', 'approve', 'lift']);
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity=order&entity_id=${id}`);
  assert.deepEqual(audit.body.items.map((e) => e.action).reverse(),
    ['order.propose', 'order.approve', 'order.approve', 'order.lift']);
});

test('critical-link route needs the province: industry and economy evaluate, joint decides', async () => {
  const uscc = await enterprise('330106', { categories: ['key_industrial'] });
  // The provincial industry authority marks it by hand (the mark, not a typed flag, sets the route).
  const mark = await srv.as('industry.zhejiang', 'POST', `/api/v1/enterprises/${uscc}/critical-mark`,
    { marked: true, reason: '省内唯一的整车线控底盘供应商' });
  assert.equal(mark.status, 200, mark.text);
  const p = await propose(uscc, { measure: 'limit_capacity', percent: 60 });
  assert.equal(p.status, 201);
  assert.equal(p.body.route, 'critical_link');
  assert.equal(p.body.percent, 60);
  const id = p.body.id;
  assert.equal((await act('industry.hangzhou', id, 'approve', ASSESS)).status, 403);
  assert.equal((await act('industry.zhejiang', id, 'approve', ASSESS)).status, 200);
  assert.equal((await act('industry.zhejiang', id, 'approve', ASSESS)).status, 403); // economy's step now
  assert.equal((await act('economy.zhejiang', id, 'approve', ASSESS)).status, 200);
  assert.equal((await act('joint.hangzhou', id, 'approve')).status, 403);
  const d = await act('joint.zhejiang', id, 'approve');
  assert.equal(d.body.state, 'in_force');
  // Two officials' evaluations, and the machine assessment (the chain impact report).
  assert.deepEqual(d.body.evaluations.map((e) => e.kind).sort(), ['machine', 'official', 'official']);
  assert.equal(await status(uscc), 'limited');
});

test('general route: reject, return and resubmit, withdraw', async () => {
  const uscc = await enterprise('330106');
  const a = await propose(uscc, { measure: 'limit_arrival', percent: 50 });
  assert.equal(a.body.route, 'general');
  assert.equal((await act('joint.hangzhou', a.body.id, 'reject')).status, 422); // reason required
  const rej = await act('joint.hangzhou', a.body.id, 'reject', { reason: 'evidence does not show a case on site' });
  assert.equal(rej.body.state, 'rejected');
  const b = await propose(uscc, { measure: 'limit_arrival', percent: 50 });
  const ret = await act('joint.hangzhou', b.body.id, 'return', { reason: 'attach the CDC notice' });
  assert.equal(ret.body.state, 'returned');
  assert.equal((await act('joint.zhejiang', b.body.id, 'resubmit')).status, 403); // not the proposer
  // Resubmitted with the revision asked for: evidence and a shorter end.
  assert.equal((await act('joint.hangzhou', b.body.id, 'resubmit', { revised_ends_at: iso(30 * 24 * H) })).status, 422);
  const re = await act('joint.hangzhou', b.body.id, 'resubmit', {
    reason: 'CDC notice attached', revised_evidence: 'CDC notice 2026-118 attached, two positives', revised_ends_at: iso(48 * H) });
  assert.equal(re.body.state, 'pending');
  assert.equal(re.body.evidence, 'CDC notice 2026-118 attached, two positives');
  assert.equal(re.body.reason, 'Two confirmed cases in the assembly workshop');
  assert.ok(Math.abs(new Date(re.body.ends_at) - (srv.now() + 48 * H)) < 5000);
  const revAudit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity=order&entity_id=${b.body.id}&action=order.resubmit`);
  assert.equal(revAudit.body.items[0].detail.revised.evidence, 'CDC notice 2026-118 attached, two positives');
  // A null revised end keeps the order's end.
  const ret2 = await act('joint.hangzhou', b.body.id, 'return', { reason: 'one more look at the notice' });
  assert.equal(ret2.body.state, 'returned');
  const re2 = await act('joint.hangzhou', b.body.id, 'resubmit', { revised_ends_at: null });
  assert.equal(re2.status, 200, JSON.stringify(re2.body));
  assert.equal(re2.body.ends_at, re.body.ends_at);
  const c = await propose(uscc, { measure: 'limit_arrival', percent: 30 });
  assert.equal((await act('joint.zhejiang', c.body.id, 'withdraw')).status, 403);
  const w = await act('joint.hangzhou', c.body.id, 'withdraw', { reason: 'situation resolved' });
  assert.equal(w.body.state, 'withdrawn');
  assert.equal((await act('joint.hangzhou', c.body.id, 'withdraw')).status, 409);
  // Filters.
  const rejected = await srv.as('joint.hangzhou', 'GET', `/api/v1/orders?enterprise=${uscc}&state=rejected`);
  assert.deepEqual(rejected.body.items.map((o) => o.id), [a.body.id]);
  const mine = await srv.as('joint.hangzhou', 'GET', `/api/v1/orders?mine=true&enterprise=${uscc}`);
  assert.deepEqual(mine.body.items.map((o) => o.id), [b.body.id]);
  assert.equal((await srv.as('joint.hangzhou', 'GET', '/api/v1/orders?state=nonsense')).status, 400);
});

test('orders that name a region, an industry or a list are refused with the rule, nothing written', async () => {
  const before = await srv.as('coordinator', 'GET', '/api/v1/orders?limit=1');
  const auditBefore = await srv.as('coordinator', 'GET', '/api/v1/audit?limit=1');
  const bodies = [
    { region: '330106', measure: 'stop', reason: 'county-wide stop', evidence: 'cases in the county', ends_at: iso(H * 24) },
    { industry: '34', measure: 'stop', reason: 'all machinery', evidence: 'cases in the county', ends_at: iso(H * 24) },
    { enterprises: ['91330106MA27XK000B'], measure: 'stop', reason: 'a list', evidence: 'cases in the county', ends_at: iso(H * 24) },
    { enterprise: ['91330106MA27XK000B', '91330106MA27XK001E'], measure: 'stop', reason: 'two at once', evidence: 'cases in the county', ends_at: iso(H * 24) },
    { enterprise: '91330106MA27XK000B', category: 'key_industrial', measure: 'stop', reason: 'and all like it', evidence: 'cases', ends_at: iso(H * 24) },
  ];
  for (const b of bodies) {
    const r = await srv.as('joint.hangzhou', 'POST', '/api/v1/orders', b);
    assert.equal(r.status, 422, JSON.stringify(b));
    assert.equal(r.body.code, 'order.blanket');
    assert.match(r.body.detail, /arbitrary shutdown, one shutdown/);
    assert.equal(r.body.rule, 'one_enterprise_per_order');
  }
  const afterList = await srv.as('coordinator', 'GET', '/api/v1/orders?limit=1');
  assert.equal(afterList.body.total, before.body.total);
  const auditAfter = await srv.as('coordinator', 'GET', '/api/v1/audit?limit=1');
  assert.equal(auditAfter.body.items[0].seq, auditBefore.body.items[0].seq);
});

test('bad proposals get clear errors', async () => {
  const uscc = await enterprise('330106');
  const cases = [
    [{ measure: 'close' }, 'measure'],
    [{ measure: 'limit_capacity' }, 'percent'],
    [{ measure: 'stop', percent: 40 }, 'percent'],
    [{ ends_at: iso(20 * 24 * H) }, 'ends_at'],
    [{ ends_at: 'next week' }, 'ends_at'],
    [{ reason: 'short' }, 'reason'],
  ];
  for (const [extra, field] of cases) {
    const r = await propose(uscc, extra);
    assert.equal(r.status, 422, JSON.stringify(extra));
    assert.equal(r.body.field, field, JSON.stringify(r.body));
  }
  assert.equal((await propose('91330106MA27XK0000')).status, 404);
});

test('where guidance allows no restriction only an emergency order goes ahead, and it lapses at 24 h', async () => {
  const uscc = await enterprise('330102', { categories: ['key_industrial'] }); // low risk
  const r = await propose(uscc);
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'order.no_restriction');
  assert.equal(r.body.guidance.rule.id, 'low-any');
  const e = await propose(uscc, { emergency: true, reason: 'Confirmed case on site this morning' });
  assert.equal(e.status, 201);
  assert.equal(e.body.state, 'in_force');
  assert.equal(e.body.confirmed, false);
  assert.ok(e.body.lapses_at);
  assert.equal(await status(uscc), 'stopped');
  // A confirmed emergency stays in force; an unconfirmed one lapses.
  const uscc2 = await enterprise('330102');
  const e2 = await propose(uscc2, { emergency: true, reason: 'Confirmed case on site this morning' });
  assert.equal((await act('joint.hangzhou', e2.body.id, 'approve')).body.confirmed, true);
  srv.advance(24 * H + 60e3);
  assert.equal(await status(uscc), 'operating');
  const lapsed = await srv.as('coordinator', 'GET', `/api/v1/orders/${e.body.id}`);
  assert.equal(lapsed.body.state, 'lapsed');
  assert.equal((await srv.as('coordinator', 'GET', `/api/v1/orders/${e2.body.id}`)).body.state, 'in_force');
  assert.equal(await status(uscc2), 'stopped');
  // The sweep writes the lapse down with its audit entry.
  const s = srv.cli(['orders', 'settle']);
  assert.equal(s.code, 0, s.err);
  const t = await srv.as('coordinator', 'GET', `/api/v1/orders/${e.body.id}`);
  assert.equal(t.body.timeline.at(-1).action, 'lapse');
  assert.equal(t.body.timeline.at(-1).actor, 'system');
});

test('overdue steps are escalated to the level above and shown as overdue', async () => {
  const uscc = await enterprise('330106', { categories: ['livelihood_supply'] });
  const p = await propose(uscc, { ends_at: iso(10 * 24 * H) });
  const id = p.body.id;
  assert.equal((await act('industry.zhejiang', id, 'approve', ASSESS)).status, 403);
  srv.advance(25 * H);
  const o = await srv.as('industry.hangzhou', 'GET', `/api/v1/orders/${id}`);
  assert.equal(o.body.overdue, true);
  const overdue = await srv.as('coordinator', 'GET', '/api/v1/orders?overdue=true&limit=500');
  assert.ok(overdue.body.items.some((x) => x.id === id));
  const aw = await srv.as('industry.zhejiang', 'GET', '/api/v1/orders/awaiting');
  assert.ok(aw.body.orders.some((x) => x.id === id && x.overdue));
  assert.equal(srv.cli(['orders', 'settle']).code, 0);
  const esc = await srv.as('coordinator', 'GET', `/api/v1/orders/${id}`);
  assert.equal(esc.body.escalated, true);
  assert.ok(esc.body.timeline.some((a) => a.action === 'escalate'));
  // The province's industry authority may now take the local step.
  const r = await act('industry.zhejiang', id, 'approve', ASSESS);
  assert.equal(r.status, 200);
  assert.equal(r.body.overdue, false);
  assert.equal(r.body.escalated, false);
});

test('an order in force expires at its end', async () => {
  const uscc = await enterprise('330106');
  const p = await propose(uscc, { ends_at: iso(2 * H) });
  await act('joint.hangzhou', p.body.id, 'approve');
  assert.equal(await status(uscc), 'stopped');
  srv.advance(3 * H);
  assert.equal(await status(uscc), 'operating');
  assert.equal((await srv.as('coordinator', 'GET', `/api/v1/orders/${p.body.id}`)).body.state, 'expired');
  const exp = await srv.as('coordinator', 'GET', `/api/v1/orders?enterprise=${uscc}&state=expired`);
  assert.equal(exp.body.total, 1);
});

test('two officials acting on one step at once: exactly one succeeds', async () => {
  for (let i = 0; i < 5; i++) {
    const uscc = await enterprise('330106');
    const p = await propose(uscc);
    const v = p.body.version;
    const [a, b] = await Promise.all([
      srv.as('joint.hangzhou', 'POST', `/api/v1/orders/${p.body.id}/actions`, { action: 'approve', version: v }),
      srv.as('joint.hangzhou', 'POST', `/api/v1/orders/${p.body.id}/actions`, { action: 'reject', version: v, reason: 'not needed after all' }),
    ]);
    const codes = [a.status, b.status].sort();
    assert.deepEqual(codes, [200, 409], JSON.stringify([a.body, b.body]));
    const loser = a.status === 409 ? a : b;
    assert.equal(loser.body.current_version, v + 1);
    const o = await srv.as('coordinator', 'GET', `/api/v1/orders/${p.body.id}`);
    assert.equal(o.body.timeline.length, 2);
  }
});

test('resumption: the enterprise applies, the deciding body rejects or approves', async () => {
  const uscc = '91330106MA27XK000B';
  const p = await propose(uscc, { measure: 'limit_capacity', percent: 50 });
  await act('industry.hangzhou', p.body.id, 'approve', ASSESS);
  await act('joint.hangzhou', p.body.id, 'approve');
  assert.equal(await status(uscc), 'limited');
  const measures = { measures: 'Closed-loop staffing for 120 workers, daily antigen tests' };
  assert.equal((await srv.as('operator.demo', 'POST', `/api/v1/orders/${p.body.id}/resumption`, measures)).status, 403);
  assert.equal((await srv.as('enterprise.demo', 'POST', `/api/v1/orders/${p.body.id}/resumption`, { measures: 'ok' })).status, 422);
  const ap = await srv.as('enterprise.demo', 'POST', `/api/v1/orders/${p.body.id}/resumption`, measures);
  assert.equal(ap.status, 201);
  const app = ap.body.resumptions[0];
  assert.equal(app.state, 'pending');
  assert.equal(new Date(app.due_at) - new Date(app.filed_at), 72 * H);
  assert.equal((await srv.as('enterprise.demo', 'POST', `/api/v1/orders/${p.body.id}/resumption`, measures)).status, 409);
  const mine = await srv.as('enterprise.demo', 'GET', '/api/v1/orders');
  assert.ok(mine.body.items.some((o) => o.id === p.body.id));
  const aw = await srv.as('joint.hangzhou', 'GET', '/api/v1/orders/awaiting');
  assert.ok(aw.body.resumptions.some((x) => x.id === app.id));
  assert.equal((await srv.as('industry.hangzhou', 'POST', `/api/v1/resumptions/${app.id}/decision`, { approve: true })).status, 403);
  assert.equal((await srv.as('joint.hangzhou', 'POST', `/api/v1/resumptions/${app.id}/decision`, { approve: false })).status, 422);
  const rej = await srv.as('joint.hangzhou', 'POST', `/api/v1/resumptions/${app.id}/decision`, { approve: false, reason: 'testing plan incomplete' });
  assert.equal(rej.status, 200);
  assert.equal(rej.body.state, 'in_force');
  const again = await srv.as('enterprise.demo', 'POST', `/api/v1/orders/${p.body.id}/resumption`, measures);
  const ok = await srv.as('joint.hangzhou', 'POST', `/api/v1/resumptions/${again.body.resumptions[1].id}/decision`, { approve: true });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.state, 'resumed');
  assert.equal(await status(uscc), 'operating');
  assert.equal((await srv.as('joint.hangzhou', 'POST', `/api/v1/resumptions/${again.body.resumptions[1].id}/decision`, { approve: true })).status, 409);
});

test('many orders in one county within the window raise one blanket-shutdown alarm', async () => {
  const county = '330110'; // Yuhang, inside Hangzhou
  await srv.as('health.zhejiang', 'POST', `/api/v1/regions/${county}/risk`, { level: 'high', reason: 'cluster of cases' });
  const raised = [];
  for (let i = 0; i < 8; i++) {
    const uscc = await enterprise(county);
    const r = await propose(uscc);
    assert.equal(r.status, 201);
    if (r.headers.get('x-fugong-alarm')) raised.push(r.headers.get('x-fugong-alarm'));
  }
  assert.equal(raised.length, 1); // the 7th order is above 6; later ones do not raise it again
  for (const who of ['joint.zhejiang', 'coordinator', 'auditor.zhejiang', 'joint.hangzhou']) {
    const l = await srv.as(who, 'GET', '/api/v1/alarms?state=open');
    assert.ok(l.body.items.some((a) => a.id === raised[0] && a.region === county && a.orders === 7), who);
  }
  const outsider = await srv.as('coordinator', 'GET', '/api/v1/alarms?region=320000');
  assert.ok(!outsider.body.items.some((a) => a.id === raised[0]));
  const audit = await srv.as('coordinator', 'GET', `/api/v1/audit?entity=alarm&entity_id=${raised[0]}`);
  assert.equal(audit.body.items[0].action, 'alarm.raise');
  assert.equal((await srv.as('joint.hangzhou', 'POST', `/api/v1/alarms/${raised[0]}/close`, { note: 'looked into it, cases confirmed' })).status, 403);
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/alarms/${raised[0]}/close`, { note: 'short' })).status, 422);
  const c = await srv.as('joint.zhejiang', 'POST', `/api/v1/alarms/${raised[0]}/close`, { note: 'each order checked: confirmed cases on every site' });
  assert.equal(c.status, 200);
  assert.equal(c.body.state, 'closed');
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/alarms/${raised[0]}/close`, { note: 'each order checked again today' })).status, 409);
  const verify = await srv.as('coordinator', 'GET', '/api/v1/audit/verify?deep=true');
  assert.equal(verify.body.ok, true, JSON.stringify(verify.body.data));
});

test('the route an order takes is the guidance rule\'s: a replaced table changes it', async () => {
  const uscc = await enterprise('330106'); // medium risk, no category: rule medium-other
  const before = await srv.as('joint.hangzhou', 'GET', `/api/v1/enterprises/${uscc}/orders`);
  assert.equal(before.body.route.name, 'general');
  const original = (await srv.as('coordinator', 'GET', '/api/v1/guidance/rules')).body.table;
  const changed = structuredClone(original);
  const rule = changed.rules.find((x) => x.id === 'medium-other');
  rule.route = 'key_or_livelihood';
  const put = await srv.as('coordinator', 'PUT', '/api/v1/guidance/rules', { note: 'route test: evaluated route for other enterprises', table: changed });
  assert.equal(put.status, 201, JSON.stringify(put.body));
  try {
    const shown = await srv.as('joint.hangzhou', 'GET', `/api/v1/enterprises/${uscc}/orders`);
    assert.equal(shown.body.route.name, 'key_or_livelihood');
    assert.deepEqual(shown.body.route.steps.map((s) => s.role), ['industry_authority', 'joint_mechanism']);
    const p = await propose(uscc);
    assert.equal(p.status, 201, JSON.stringify(p.body));
    assert.equal(p.body.route, 'key_or_livelihood');
    assert.equal(p.body.step.role, 'industry_authority');
  } finally {
    const back = await srv.as('coordinator', 'PUT', '/api/v1/guidance/rules', { note: 'route test: the table as it was', table: original });
    assert.equal(back.status, 201, JSON.stringify(back.body));
  }
  const after2 = await srv.as('joint.hangzhou', 'GET', `/api/v1/enterprises/${uscc}/orders`);
  assert.equal(after2.body.route.name, 'general');
});
