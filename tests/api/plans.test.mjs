// Production and contingency plans (issue 14, part "plans") over HTTP: the
// demo enterprise writes its high-level plan, sees every missing item at
// once, files it, gets it back with reasons, fixes it and has it approved by
// the Hangzhou industry authority; guidance's "plan filed" follows the
// approval and nothing else; the plan in force follows a level change; the
// lacking list, the queue, versions, and the sweep of plans waiting too long.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
after(() => srv.stop());

const USCC = '91330106MA27XK000B';
const plans = (u = 'enterprise.demo') => srv.as(u, 'GET', `/api/v1/enterprises/${USCC}/plans`);
const plan = (level, u = 'enterprise.demo') => srv.as(u, 'GET', `/api/v1/enterprises/${USCC}/plans/${level}`);
const save = (level, body, version, u = 'enterprise.demo') =>
  srv.as(u, 'PUT', `/api/v1/enterprises/${USCC}/plans/${level}`, { body, version });
const file = (level, version, u = 'enterprise.demo') =>
  srv.as(u, 'POST', `/api/v1/enterprises/${USCC}/plans/${level}/file`, { version });
const decide = (level, body, u = 'industry.hangzhou') =>
  srv.as(u, 'POST', `/api/v1/enterprises/${USCC}/plans/${level}/decision`, body);
const guidance = async () => (await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${USCC}/guidance`)).body;

let supplier;
function complete() {
  return {
    responsibility: {
      team: [{ name: '王强', duty: '总指挥' }, { name: '李梅', duty: '防疫专员' }, { name: '赵刚', duty: '物流保障' }],
      contact: { name: '王强', phone: '0571-88001234' },
    },
    zoning: { areas: [{ name: '一号总装车间', use: 'normal' }, { name: '东区宿舍', use: 'observation' }, { name: '北楼', use: 'isolation' }] },
    staff: { closed_loop_headcount: 10, lodging_places: 12, point_to_point_commuting: true, testing_cadence_days: 1 },
    logistics: { receiving_route: '东门专用通道，无接触卸货', protective_stock_days: 14 },
    emergency: { isolation_rooms: 2, transfer_channel: '西门负压转运通道', steps_on_case: ['就地隔离', '两小时内上报', '全面消杀'] },
    suppliers: [supplier],
  };
}

before(async () => {
  srv = await startServer({ enterprises: 200 });
  const s = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${USCC}/suppliers`);
  assert.equal(s.status, 200);
  supplier = s.body.items[0].supplier.uscc;
  assert.ok(supplier, JSON.stringify(s.body).slice(0, 200));
  // Xihu goes to high risk: the high plan is the one in force.
  const d = await srv.as('health.zhejiang', 'POST', '/api/v1/regions/330106/risk', { level: 'high', reason: '出现聚集性疫情' });
  assert.equal(d.status, 201, JSON.stringify(d.body));
});

test('the enterprise sees one plan per level and the plan in force for its county\'s level', async () => {
  const r = await plans();
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.plans.map((p) => p.level), ['low', 'medium', 'high']);
  assert.equal(r.body.in_force.level, 'high');
  assert.equal(r.body.in_force.approved, false);
  assert.equal(r.body.plans[2].plan, null);
  assert.deepEqual(r.body.plans[2].actions_allowed, ['save']);
  assert.equal(r.body.minimums[2].protective_stock_days, 14);
  // The industry authority reads them but may not write.
  const o = await plans('industry.hangzhou');
  assert.deepEqual(o.body.plans[2].actions_allowed, []);
});

test('every missing item is named at once, as the user types, without saving', async () => {
  const body = { responsibility: { contact: { name: '王强' } }, staff: { closed_loop_headcount: 10, lodging_places: 4 } };
  const c = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${USCC}/plans/high/check`, { body });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.complete, false);
  const fields = c.body.items.map((i) => `${i.field}:${i.code}`);
  for (const want of ['responsibility.team:plan.missing', 'responsibility.contact.phone:plan.missing',
    'zoning.areas:plan.missing', 'staff.lodging_places:plan.lodging_short', 'staff.testing_cadence_days:plan.missing',
    'logistics.protective_stock_days:plan.missing', 'emergency.isolation_rooms:plan.missing', 'suppliers:plan.missing'])
    assert.ok(fields.includes(want), `${want} not in ${fields.join(', ')}`);
  assert.equal(c.body.figures.lodging_short, 6);
  assert.deepEqual(c.body.items.find((i) => i.code === 'plan.lodging_short').params, { have: '4', need: '10' });
  // Nothing was saved.
  assert.equal((await plan('high')).status, 404);
  // The figures follow the numbers: the demo enterprise's headcount tested daily.
  const full = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${USCC}/plans/high/check`, { body: complete() });
  assert.equal(full.body.complete, true, JSON.stringify(full.body.items));
  const e = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${USCC}`);
  assert.equal(full.body.figures.tests_per_day, e.body.headcount);
  // A supplier that is not one of its supply edges is named.
  const wrong = await srv.as('enterprise.demo', 'POST', `/api/v1/enterprises/${USCC}/plans/high/check`,
    { body: { ...complete(), suppliers: ['91110000MA00000001'] } });
  assert.ok(wrong.body.items.some((i) => i.field === 'suppliers[1]' && i.code === 'plan.supplier_unknown'));
});

test('file -> return with reasons -> fix -> approve; guidance changes only with approval', async () => {
  assert.equal((await guidance()).inputs.plan_filed, false);
  // A first, incomplete version is saved as a draft but cannot be filed.
  const draft = { ...complete(), logistics: { receiving_route: '东门', protective_stock_days: 7 } };
  const s1 = await save('high', draft, 0);
  assert.equal(s1.status, 201, JSON.stringify(s1.body));
  assert.equal(s1.body.state, 'draft');
  assert.equal(s1.body.version, 1);
  assert.equal(s1.body.check.complete, false);
  const f1 = await file('high', 1);
  assert.equal(f1.status, 422);
  assert.equal(f1.body.code, 'plan.incomplete');
  assert.deepEqual(f1.body.items.map((i) => i.code), ['plan.stock_short']);
  // A save from a stale version is refused.
  assert.equal((await save('high', complete(), 0)).status, 409);
  const s2 = await save('high', complete(), 1);
  assert.equal(s2.status, 200, JSON.stringify(s2.body));
  assert.equal(s2.body.version, 2);
  assert.equal(s2.body.check.complete, true);
  const f2 = await file('high', 2);
  assert.equal(f2.status, 200, JSON.stringify(f2.body));
  assert.equal(f2.body.state, 'filed');
  // Filed is not approved: guidance still sees no plan.
  assert.equal((await guidance()).inputs.plan_filed, false);
  // Under review, the enterprise cannot change it, nor approve it itself.
  assert.equal((await save('high', complete(), 2)).status, 409);
  assert.equal((await decide('high', { decision: 'approve', version: 2 }, 'enterprise.demo')).status, 403);
  // The queue of Hangzhou's industry authority has it.
  const q = await srv.as('industry.hangzhou', 'GET', '/api/v1/plans/queue');
  assert.equal(q.status, 200, JSON.stringify(q.body));
  assert.ok(q.body.items.some((i) => i.enterprise === USCC && i.level === 'high' && i.version === 2));
  // Returned: reasons are required.
  assert.equal((await decide('high', { decision: 'return', version: 2 })).status, 422);
  assert.equal((await decide('high', { decision: 'return', version: 2, reasons: [] })).status, 422);
  const ret = await decide('high', { decision: 'return', version: 2, reasons: ['隔离房间位置不明', '转运通道未注明负责人'] });
  assert.equal(ret.status, 200, JSON.stringify(ret.body));
  assert.equal(ret.body.state, 'returned');
  assert.deepEqual(ret.body.reasons, ['隔离房间位置不明', '转运通道未注明负责人']);
  assert.equal(ret.body.decided_by, 'industry.hangzhou');
  assert.equal((await guidance()).inputs.plan_filed, false);
  // Fixed, filed again, approved (the reviewer approves the version it read).
  const fixed = complete();
  fixed.emergency.transfer_channel = '西门负压转运通道，后勤部赵刚负责';
  const s3 = await save('high', fixed, 2);
  assert.equal(s3.body.version, 3);
  assert.equal((await file('high', 3)).status, 200);
  assert.equal((await decide('high', { decision: 'approve', version: 2 })).status, 409);
  const ok = await decide('high', { decision: 'approve', version: 3 });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.state, 'approved');
  assert.equal(ok.body.approved_version, 3);
  assert.equal(ok.body.superseded, false);
  const g = await guidance();
  assert.equal(g.inputs.plan_filed, true);
  const e = await srv.as('enterprise.demo', 'GET', `/api/v1/enterprises/${USCC}`);
  assert.ok(e.body.plans_filed.includes('high'));
  const p = await plans();
  assert.equal(p.body.in_force.level, 'high');
  assert.equal(p.body.in_force.approved, true);
  // Editing the approved plan keeps it in force until the new version is approved.
  const s4 = await save('high', fixed, 3);
  assert.equal(s4.body.state, 'draft');
  assert.equal(s4.body.approved_version, 3);
  assert.equal((await guidance()).inputs.plan_filed, true);
  // Every version is kept.
  const v = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${USCC}/plans/high/versions`);
  assert.deepEqual(v.body.items.map((i) => i.version), [4, 3, 2, 1]);
  const v1 = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${USCC}/plans/high/versions/1`);
  assert.equal(v1.body.body.logistics.protective_stock_days, 7);
  assert.equal(v1.body.approved, false);
  // The audit log words each step.
  const a = await srv.as('coordinator', 'GET', '/api/v1/audit?entity=plan&limit=50');
  const actions = (a.body.items || a.body).map((x) => x.action);
  for (const want of ['plan.save', 'plan.file', 'plan.return', 'plan.approve'])
    assert.ok(actions.includes(want), `${want} not audited`);
  const approval = (a.body.items || a.body).find((x) => x.action === 'plan.approve');
  assert.equal(approval.object_name, e.body.name, 'the audit log names the plan by its enterprise');
  assert.deepEqual([approval.detail.before.plan_state, approval.detail.after.plan_state], ['filed', 'approved']);
});

test('nobody ticks "plan filed" by hand any more: the API and the import refuse it', async () => {
  const e = await srv.as('industry.hangzhou', 'GET', `/api/v1/enterprises/${USCC}`);
  const r = await srv.as('industry.hangzhou', 'PATCH', `/api/v1/enterprises/${USCC}`, { plans_filed: ['low', 'medium', 'high'], version: e.body.version });
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'enterprise.plans_filed_derived');
  const csv = `统一社会信用代码,企业名称,区县代码,行业代码,已备案预案\n${USCC},${e.body.name},330106,${e.body.industry},低风险、中风险\n`;
  const auth = { Authorization: `Bearer ${await srv.login('industry.hangzhou')}` };
  const imp = await srv.req('POST', '/api/v1/enterprises/import', { raw: csv, type: 'text/csv', headers: auth });
  assert.equal(imp.status, 422, JSON.stringify(imp.body));
  assert.ok(JSON.stringify(imp.body).includes('import.plans_derived'));
});

test('a level change puts another plan in force; the county\'s lacking list shows who has none', async () => {
  const lacking = async () => (await srv.as('industry.hangzhou', 'GET', '/api/v1/plans/lacking?region=330106&limit=500')).body;
  let l = await lacking();
  assert.ok(!l.items.some((i) => i.uscc === USCC), 'approved at high: not lacking');
  assert.ok(l.total > 0);
  assert.ok(l.items.every((i) => i.level === 'high' && i.region === '330106'));
  // Xihu goes down to medium: the medium plan is now the one in force.
  const d = await srv.as('health.zhejiang', 'POST', '/api/v1/regions/330106/risk', { level: 'medium', reason: '连续7天无新增' });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  const p = await plans();
  assert.equal(p.body.in_force.level, 'medium');
  const medium = p.body.plans[1].plan;
  assert.equal(p.body.in_force.approved, Boolean(medium && medium.approved_version > 0));
  l = await lacking();
  assert.equal(l.items.some((i) => i.uscc === USCC), !p.body.in_force.approved);
  assert.ok(l.items.every((i) => i.level === 'medium'));
  assert.equal((await guidance()).inputs.plan_filed, p.body.in_force.approved);
  // Other roles: the enterprise has no region list; Jiangsu is outside Hangzhou.
  assert.equal((await srv.as('enterprise.demo', 'GET', '/api/v1/plans/lacking')).status, 403);
  assert.equal((await srv.as('industry.hangzhou', 'GET', '/api/v1/plans/lacking?region=320505')).status, 403);
});

test('a plan filed and left waiting longer than the review time is marked overdue by the sweep', async () => {
  const s = await save('low', complete(), -1);
  assert.ok([200, 201].includes(s.status), JSON.stringify(s.body));
  const f = await file('low', s.body.version);
  assert.equal(f.status, 200, JSON.stringify(f.body));
  srv.advance(73 * 3600e3);
  const settle = srv.cli(['orders', 'settle']);
  assert.equal(settle.code, 0, settle.err);
  // (the server sweeps on its own timer too: either may have marked it)
  assert.match(settle.out, /plans waiting for review too long: marked overdue \d/);
  const q = await srv.as('industry.hangzhou', 'GET', '/api/v1/plans/queue?region=330106');
  const mine = q.body.items.find((i) => i.enterprise === USCC && i.level === 'low');
  assert.ok(mine, JSON.stringify(q.body));
  assert.equal(mine.overdue, true);
  assert.ok(mine.waiting_hours >= 73);
});

test('a plan written against a guidance table since replaced is flagged, and still counts', async () => {
  const before = (await plan('high')).body;
  assert.equal(before.superseded, false);
  const cur = await srv.as('coordinator', 'GET', '/api/v1/guidance/rules');
  const put = await srv.as('coordinator', 'PUT', '/api/v1/guidance/rules', { note: 'plans test: a new version', table: cur.body.table });
  assert.equal(put.status, 201, JSON.stringify(put.body));
  const after = (await plan('high')).body;
  assert.equal(after.superseded, true);
  assert.equal(after.current_guidance_version, put.body.version);
  assert.equal(after.approved_version, 3, 'the approved version still stands');
  // The queue flags filed plans written against the old table too.
  const q = await srv.as('industry.hangzhou', 'GET', '/api/v1/plans/queue?region=330106');
  assert.ok(q.body.items.every((i) => i.superseded === true));
});
