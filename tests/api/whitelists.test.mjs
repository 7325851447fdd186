// White lists over HTTP with the demo accounts: a list and its batch, the
// enterprise's application (every missing item named at once), the county or
// city check, the tier's industry and health reviews, the listing and the
// derived white-list flag, the review date passing (the sweep, audited as
// system), ending; a 403 for the wrong role or region at each step; mutual
// recognition accepted and declined.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(() => srv.stop());

const DEMO = '91330106MA27XK000B';
const day = 86400e3;
const dateIn = (days) => new Date(srv.now() + days * day + 8 * 3600e3).toISOString().slice(0, 10);
const application = (list_id, extra = {}) => ({
  list_id,
  plan: '闭环生产：员工点对点通勤，分区作业，每日核酸检测，关键原材料储备十五天，按期交付重点订单。',
  commitment: { staff: 80, lodging: 90, testing: 100, stock_days: 14 },
  suppliers: ['91330106MA27XK001E', '91320505MA1MXK002H'],
  ...extra,
});
const act = (user, id, body) => srv.as(user, 'POST', `/api/v1/whitelist-applications/${id}/actions`, body);

async function newList(chain) {
  const l = await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelists', { chain, tier: 'provincial', region: '330000' });
  assert.equal(l.status, 201, JSON.stringify(l.body));
  const b = await srv.as('joint.zhejiang', 'POST', `/api/v1/whitelists/${l.body.id}/batches`);
  assert.equal(b.status, 201, JSON.stringify(b.body));
  return { list: l.body.id, batch: b.body.id, number: b.body.number };
}

test('the demo has lists, listings, an application waiting for industry.hangzhou and a recognition request from Jiangsu', async () => {
  const lists = await srv.as('coordinator', 'GET', '/api/v1/whitelists');
  assert.equal(lists.status, 200);
  assert.ok(lists.body.items.some((l) => l.tier === 'national' && l.batches.length >= 1 && l.members > 0));
  assert.ok(lists.body.items.some((l) => l.region === '330000' && l.tier === 'provincial'));
  const q = await srv.as('industry.hangzhou', 'GET', '/api/v1/whitelist-applications?state=applied');
  const own = q.body.items.find((a) => a.enterprise === DEMO);
  assert.ok(own, JSON.stringify(q.body));
  const one = await srv.as('industry.hangzhou', 'GET', `/api/v1/whitelist-applications/${own.id}`);
  assert.deepEqual(one.body.actions_allowed, ['check_pass', 'check_return', 'check_reject']);
  const rec = await srv.as('joint.zhejiang', 'GET', '/api/v1/whitelist-recognitions');
  assert.ok(rec.body.items.some((r) => r.from === '320000' && r.to === '330000' && r.pending > 0));
  // Every demo enterprise flagged white-list has a listing in force.
  const wl = await srv.as('coordinator', 'GET', '/api/v1/enterprises?whitelist=true&limit=500');
  const listed = await srv.as('coordinator', 'GET', '/api/v1/whitelist-applications?limit=500');
  const inForce = new Set(listed.body.items.filter((a) => a.in_force).map((a) => a.enterprise));
  assert.ok(wl.body.items.length > 0);
  for (const e of wl.body.items) assert.ok(inForce.has(e.uscc), e.uscc);
});

test('apply, check, review, list: each step by its own account, the flag follows the listing', async () => {
  // Lists are kept by the province's own joint mechanism.
  assert.equal((await srv.as('joint.hangzhou', 'POST', '/api/v1/whitelists', { chain: 'energy', tier: 'provincial', region: '330000' })).status, 403);
  assert.equal((await srv.as('industry.zhejiang', 'POST', '/api/v1/whitelists', { chain: 'energy', tier: 'provincial', region: '330000' })).status, 403);
  const bad = await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelists', { chain: 'steel', tier: 'provincial', region: '330000' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.code, 'whitelist.chain');
  const { list, batch, number } = await newList('other');
  assert.equal(number, 1);
  assert.equal((await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelists', { chain: 'other', tier: 'provincial', region: '330000' })).status, 409);

  const before = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${DEMO}`);
  assert.equal(before.body.whitelist, false);
  // The flag is not typed in, by anybody.
  const typed = await srv.as('coordinator', 'PATCH', `/api/v1/enterprises/${DEMO}`, { whitelist: true, version: before.body.version });
  assert.equal(typed.status, 422);
  assert.equal(typed.body.code, 'enterprise.whitelist_derived');
  // Every missing item named at once.
  const empty = await srv.as('enterprise.demo', 'POST', '/api/v1/whitelist-applications', { list_id: list, commitment: { staff: 10, lodging: 5 } });
  assert.equal(empty.status, 422);
  assert.equal(empty.body.code, 'whitelist.application_incomplete');
  assert.equal(empty.body.params.items, 'plan, lodging, testing, stock_days, suppliers');
  // Only the enterprise's own account applies.
  assert.equal((await srv.as('operator.demo', 'POST', '/api/v1/whitelist-applications', application(list, { enterprise: DEMO }))).status, 403);
  assert.equal((await srv.as('industry.hangzhou', 'POST', '/api/v1/whitelist-applications', application(list, { enterprise: DEMO }))).status, 403);
  const a = await srv.as('enterprise.demo', 'POST', '/api/v1/whitelist-applications', application(list));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(a.body.state, 'applied');
  assert.equal((await srv.as('enterprise.demo', 'POST', '/api/v1/whitelist-applications', application(list))).status, 409);
  const id = a.body.id;

  // The check: the county or city industry authority, not the province's, not the joint mechanism.
  assert.equal((await act('industry.zhejiang', id, { action: 'check_pass' })).status, 403);
  assert.equal((await act('joint.hangzhou', id, { action: 'check_pass' })).status, 403);
  assert.equal((await act('enterprise.demo', id, { action: 'check_pass' })).status, 403);
  const noReason = await act('industry.hangzhou', id, { action: 'check_return' });
  assert.equal(noReason.status, 422);
  let r = await act('industry.hangzhou', id, { action: 'check_return', reason: '请补充宿舍安排' });
  assert.equal(r.body.state, 'returned');
  // another enterprise's account: to it the application does not exist (issue 16)
  assert.equal((await act('operator.demo', id, { action: 'resubmit' })).status, 404);
  r = await act('enterprise.demo', id, { action: 'resubmit' });
  assert.equal(r.body.state, 'applied');
  r = await act('industry.hangzhou', id, { action: 'check_pass', version: r.body.version });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.state, 'checked');

  // The reviews: the province's industry and health departments, both.
  assert.equal((await act('industry.hangzhou', id, { action: 'review_agree' })).status, 403);
  assert.equal((await act('economy.zhejiang', id, { action: 'review_agree' })).status, 403);
  assert.equal((await act('joint.zhejiang', id, { action: 'review_agree' })).status, 403);
  r = await act('health.zhejiang', id, { action: 'review_agree' });
  assert.equal(r.body.state, 'checked');
  assert.deepEqual(r.body.reviews, { industry: false, health: true });
  assert.equal((await act('health.zhejiang', id, { action: 'review_agree' })).status, 409);
  r = await act('industry.zhejiang', id, { action: 'review_agree' });
  assert.equal(r.body.state, 'reviewed');

  // The listing: the province's joint mechanism, in a batch, with a review date.
  assert.equal((await act('industry.zhejiang', id, { action: 'list', batch_id: batch, review_on: dateIn(30) })).status, 403);
  assert.equal((await act('joint.hangzhou', id, { action: 'list', batch_id: batch, review_on: dateIn(30) })).status, 403);
  assert.equal((await act('joint.zhejiang', id, { action: 'list', review_on: dateIn(30) })).status, 422);
  assert.equal((await act('joint.zhejiang', id, { action: 'list', batch_id: batch, review_on: dateIn(0) })).status, 422);
  r = await act('joint.zhejiang', id, { action: 'list', batch_id: batch, review_on: dateIn(30) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.state, 'listed');
  assert.equal(r.body.batch, 1);
  assert.equal(r.body.listed_by, 'joint.zhejiang');
  assert.equal(r.body.in_force, true);
  const e = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${DEMO}`);
  assert.equal(e.body.whitelist, true);
  const lists = await srv.as('enterprise.demo', 'GET', '/api/v1/whitelists');
  const mine = lists.body.items.find((l) => l.id === list);
  assert.equal(mine.members, 1);
  assert.equal(mine.batches[0].members, 1);
  // Outside Zhejiang nobody reads it; the auditor of the province does.
  assert.equal((await srv.as('auditor.zhejiang', 'GET', `/api/v1/whitelist-applications/${id}`)).status, 200);

  // Every step is in the audit log.
  const audit = await srv.as('auditor.zhejiang', 'GET', `/api/v1/audit?entity_id=${id}&limit=50`);
  assert.equal(audit.status, 200, JSON.stringify(audit.body));
  const actions = audit.body.items.map((x) => x.action);
  for (const s of ['whitelist.apply', 'whitelist.check_return', 'whitelist.resubmit', 'whitelist.check_pass', 'whitelist.review_agree', 'whitelist.list'])
    assert.ok(actions.includes(s), `${s} in ${actions}`);

  // The review date passes: the sweep puts it back before its lister, as system.
  srv.advance(31 * day);
  const s = srv.cli(['orders', 'settle']);
  assert.equal(s.code, 0, s.err);
  // This sweep's count, or the server's own sweeper came first: the state and
  // the one entry by "system" are what is checked.
  assert.match(s.out, /white-list reviews due \d+/);
  r = await srv.as('joint.zhejiang', 'GET', `/api/v1/whitelist-applications/${id}`);
  assert.equal(r.body.state, 'due_review');
  assert.equal(r.body.in_force, true);
  assert.deepEqual(r.body.actions_allowed, ['adjust', 'end']);
  // Its certificate would be expired as issued: none until the lister adjusts it.
  const cred = await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications/${id}/credential`);
  assert.equal(cred.status, 409, JSON.stringify(cred.body));
  assert.equal(cred.body.code, 'wlcred.due_review');
  const sys = await srv.as('auditor.zhejiang', 'GET', `/api/v1/audit?entity_id=${id}&limit=50`);
  assert.equal(sys.body.items.filter((x) => x.action === 'whitelist.due' && x.actor === 'system').length, 1, JSON.stringify(sys.body.items));
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${DEMO}`)).body.whitelist, true);
  // Adjusted with a new review date, then ended: the flag goes.
  assert.equal((await act('joint.zhejiang', id, { action: 'adjust', review_on: dateIn(60) })).status, 422);
  r = await act('joint.zhejiang', id, { action: 'adjust', review_on: dateIn(60), reason: '复核通过，继续保留' });
  assert.equal(r.body.state, 'listed');
  assert.equal((await act('joint.hangzhou', id, { action: 'end', reason: '企业停产' })).status, 403);
  r = await act('joint.zhejiang', id, { action: 'end', reason: '企业已转产，不再属于重点产业链' });
  assert.equal(r.body.state, 'ended');
  assert.equal(r.body.in_force, false);
  assert.equal((await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${DEMO}`)).body.whitelist, false);
});

test('mutual recognition: Jiangsu asks, Zhejiang accepts one member and declines another', async () => {
  const rec = await srv.as('joint.zhejiang', 'GET', '/api/v1/whitelist-recognitions');
  const q = rec.body.items.find((x) => x.from === '320000' && x.to === '330000');
  assert.ok(q, JSON.stringify(rec.body));
  const member = q.items[0].enterprise;
  // Only the receiving province's joint mechanism answers; to a city, which
  // does not see requests between provinces, it does not exist (issue 16).
  assert.equal((await srv.as('joint.jiangsu', 'POST', `/api/v1/whitelist-recognitions/${q.id}/answers`, { enterprise: member, accept: true })).status, 403);
  assert.equal((await srv.as('joint.hangzhou', 'POST', `/api/v1/whitelist-recognitions/${q.id}/answers`, { enterprise: member, accept: true })).status, 404);
  assert.equal((await srv.as('industry.zhejiang', 'POST', `/api/v1/whitelist-recognitions/${q.id}/answers`, { enterprise: member, accept: true })).status, 403);
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/whitelist-recognitions/${q.id}/answers`, { enterprise: member, accept: false })).status, 422);
  const ok = await srv.as('joint.zhejiang', 'POST', `/api/v1/whitelist-recognitions/${q.id}/answers`, { enterprise: member, accept: true });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.items.find((i) => i.enterprise === member).state, 'accepted');
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/whitelist-recognitions/${q.id}/answers`, { enterprise: member, accept: false, reason: '重复' })).status, 409);
  // The recognised member shows where it is recognised.
  const listing = (await srv.as('coordinator', 'GET', `/api/v1/whitelist-applications?limit=500`)).body.items.find((a) => a.enterprise === member && a.in_force);
  const one = await srv.as('coordinator', 'GET', `/api/v1/whitelist-applications/${listing.id}`);
  assert.deepEqual(one.body.recognised_in, ['330000']);

  // Zhejiang asks Jiangsu for one member of its own list; Jiangsu declines it with a reason.
  const { list, batch } = await newList('biomedicine');
  const a = await srv.as('enterprise.demo', 'POST', '/api/v1/whitelist-applications', application(list));
  const id = a.body.id;
  await act('industry.hangzhou', id, { action: 'check_pass' });
  await act('health.zhejiang', id, { action: 'review_agree' });
  await act('industry.zhejiang', id, { action: 'review_agree' });
  const l = await act('joint.zhejiang', id, { action: 'list', batch_id: batch, review_on: dateIn(90) });
  assert.equal(l.body.state, 'listed');
  assert.equal((await srv.as('joint.hangzhou', 'POST', '/api/v1/whitelist-recognitions', { list_id: list, to: '320000' })).status, 403);
  assert.equal((await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelist-recognitions', { list_id: list, to: '330000' })).status, 422);
  assert.equal((await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelist-recognitions', { list_id: list, to: '320000', members: ['91330106MA27XK001E'] })).status, 422);
  const ask = await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelist-recognitions', { list_id: list, to: '320000', members: [DEMO], days: 3 });
  assert.equal(ask.status, 201, JSON.stringify(ask.body));
  assert.equal(ask.body.items.length, 1);
  assert.equal(ask.body.overdue, false);
  // Past the deadline it stays pending and shows overdue.
  srv.advance(4 * day);
  const late = await srv.as('joint.jiangsu', 'GET', `/api/v1/whitelist-recognitions/${ask.body.id}`);
  assert.equal(late.body.overdue, true);
  assert.equal(late.body.items[0].state, 'pending');
  assert.equal(late.body.items[0].overdue, true);
  // Provinces outside the request do not read it.
  assert.equal((await srv.as('auditor.zhejiang', 'GET', `/api/v1/whitelist-recognitions/${ask.body.id}`)).status, 200);
  const no = await srv.as('joint.jiangsu', 'POST', `/api/v1/whitelist-recognitions/${ask.body.id}/answers`, { enterprise: DEMO, accept: false, reason: '该企业不在本省产业链配套范围' });
  assert.equal(no.status, 200, JSON.stringify(no.body));
  assert.equal(no.body.items[0].state, 'declined');
  assert.equal(no.body.items[0].overdue, false);
  const after = await srv.as('enterprise.demo', 'GET', `/api/v1/whitelist-applications/${id}`);
  assert.deepEqual(after.body.recognised_in, []);
});

test('a national list is reviewed and listed by the national coordinator', async () => {
  const lists = (await srv.as('coordinator', 'GET', '/api/v1/whitelists')).body.items;
  const national = lists.find((l) => l.tier === 'national' && l.chain === 'equipment');
  assert.ok(national, JSON.stringify(lists.map((l) => [l.chain, l.tier])));
  assert.equal((await srv.as('joint.zhejiang', 'POST', `/api/v1/whitelists/${national.id}/batches`)).status, 403);
  const b = await srv.as('coordinator', 'POST', `/api/v1/whitelists/${national.id}/batches`);
  assert.equal(b.status, 201);
  assert.equal(b.body.number, national.batches.length + 1);
  const a = await srv.as('enterprise.demo', 'POST', '/api/v1/whitelist-applications', application(national.id));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  await act('industry.hangzhou', a.body.id, { action: 'check_pass' });
  assert.equal((await act('industry.zhejiang', a.body.id, { action: 'review_agree' })).status, 403);
  const nodept = await act("coordinator", a.body.id, { action: "review_agree" });
  assert.equal(nodept.status, 422, JSON.stringify(nodept.body));
  await act('coordinator', a.body.id, { action: 'review_agree', department: 'industry' });
  const r = await act('coordinator', a.body.id, { action: 'review_agree', department: 'health' });
  assert.equal(r.body.state, 'reviewed');
  const l = await act('coordinator', a.body.id, { action: 'list', batch_id: b.body.id, review_on: dateIn(90) });
  assert.equal(l.body.state, 'listed');
  // A national list needs no recognition.
  assert.equal((await srv.as('joint.zhejiang', 'POST', '/api/v1/whitelist-recognitions', { list_id: national.id, to: '320000' })).status, 422);
});
