// Provinces' negative-test rules for vehicle passes over HTTP: read by anyone
// who applies, decides or checks; set only by the province's own joint
// mechanism, each change audited; applications held to the strictest rule of
// the provinces the trip touches; the tests signed into the pass and shown by
// the checkpoint. Every time here is relative to the server's clock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(() => srv.stop());

const hour = 3600e3;
const ago = (h) => new Date(srv.now() - h * hour).toISOString();
const application = ({ driverTest, crewTest, ...extra } = {}) => ({
  goods: 'medical_supplies', origin: '330106', destination: '310115', route: ['330110'],
  plate: '浙A12345', valid_to: new Date(srv.now() + 5 * 24 * hour).toISOString(),
  crew: [{ name: '王建国', id_number: '330106198001011235', test_sampled_at: driverTest, role: 'driver' },
    { name: '李明', id_number: '330102199002025670', test_sampled_at: crewTest, role: 'crew' }],
  ...extra,
});
const apply = (body) => srv.as('operator.demo', 'POST', '/api/v1/passes', body);
const setRule = (user, code, body) => srv.as(user, 'PUT', `/api/v1/regions/${code}/pass-rules`, body);

test('a province that never set a rule asks for no test, and anyone who applies, decides or checks reads it', async () => {
  for (const u of ['operator.demo', 'enterprise.demo', 'joint.zhejiang', 'checkpoint.xihu', 'auditor.zhejiang']) {
    const r = await srv.as(u, 'GET', '/api/v1/regions/310000/pass-rules');
    assert.equal(r.status, 200, `${u}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body, { province: '310000', name: '上海市', drivers: false, crew: false, hours: 0, version: 0 });
  }
  assert.equal((await srv.as('operator.demo', 'GET', '/api/v1/regions/330100/pass-rules')).status, 422);
  const none = await apply(application());
  assert.equal(none.status, 201, JSON.stringify(none.body));
  assert.equal(none.body.crew[0].test_sampled_at, undefined);
});

test('only the joint mechanism of the province sets its rule; others get 403', async () => {
  const rule = { drivers: true, crew: false, hours: 48 };
  for (const [u, code] of [['joint.hangzhou', '330000'], ['health.zhejiang', '330000'], ['industry.zhejiang', '330000'],
    ['coordinator', '330000'], ['operator.demo', '330000'], ['checkpoint.xihu', '330000'], ['auditor.zhejiang', '330000'],
    ['joint.zhejiang', '310000']]) {
    const r = await setRule(u, code, rule);
    assert.equal(r.status, 403, `${u} on ${code}: ${JSON.stringify(r.body)}`);
  }
  assert.equal((await srv.as('operator.demo', 'GET', '/api/v1/regions/330000/pass-rules')).body.version, 0);
  // Unsound rules are refused with the field named.
  for (const [body, field] of [[{ drivers: true, hours: 6 }, 'hours'], [{ drivers: true }, 'hours'],
    [{ drivers: false, crew: true }, 'crew'], [{ hours: 48 }, 'drivers'], [{ drivers: 'yes', hours: 48 }, 'drivers']]) {
    const r = await setRule('joint.zhejiang', '330000', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.body.field, field, JSON.stringify(r.body));
  }
  assert.equal((await setRule('joint.zhejiang', '330100', rule)).status, 422);
  const r = await setRule('joint.zhejiang', '330000', { ...rule, version: 0 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.version, 1);
  assert.equal(r.body.name, '浙江省');
  assert.equal(r.body.updated_by, 'joint.zhejiang');
  // Against a version since replaced: 409.
  const stale = await setRule('joint.zhejiang', '330000', { ...rule, hours: 24, version: 0 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.code, 'pass_rule.changed');
  const audit = await srv.as('coordinator', 'GET', '/api/v1/audit?entity=pass_rule&limit=10');
  const e = audit.body.items.find((x) => x.action === 'pass_rule.set' && x.entity_id === '330000');
  assert.ok(e, JSON.stringify(audit.body.items));
  assert.equal(e.actor, 'joint.zhejiang');
  assert.deepEqual(e.detail.before, { drivers: false, crew: false, hours: 0 });
  assert.deepEqual(e.detail.after, { drivers: true, crew: false, hours: 48 });
  assert.equal(audit.body.items.filter((x) => x.action === 'pass_rule.set').length, 1);
});

test('an application is held to the rule: the driver\'s test missing, in the future or too old is refused by person', async () => {
  const need = await srv.as('operator.demo', 'GET', '/api/v1/passes/test-requirement?origin=330106&destination=310115&route=330110');
  assert.equal(need.status, 200, JSON.stringify(need.body));
  assert.deepEqual(need.body.driver, { hours: 48, province: '330000', province_name: '浙江省' });
  assert.equal(need.body.crew, null);
  assert.deepEqual(need.body.rules.map((r) => r.province), ['330000', '310000']);
  // A trip that does not touch Zhejiang asks nothing.
  const sh = await srv.as('operator.demo', 'GET', '/api/v1/passes/test-requirement?origin=310115&destination=310104');
  assert.equal(sh.body.driver, null);
  assert.equal((await srv.as('operator.demo', 'GET', '/api/v1/passes/test-requirement?origin=330106&destination=310115&route=33011')).status, 400);

  const missing = await apply(application());
  assert.equal(missing.status, 422);
  assert.equal(missing.body.code, 'pass.test_required');
  assert.equal(missing.body.field, 'crew');
  assert.deepEqual(missing.body.params, { province: '浙江省', hours: '48', person: '1' });
  assert.match(missing.body.detail, /^crew 1: 浙江省 requires drivers/);
  const future = await apply(application({ driverTest: new Date(srv.now() + 2 * hour).toISOString() }));
  assert.equal(future.body.code, 'pass.test_future');
  const old = await apply(application({ driverTest: ago(49) }));
  assert.equal(old.body.code, 'pass.test_too_old');
  assert.equal(old.body.params.person, '1');
  // Valid now, but no longer when a pass starting in two days starts.
  const later = await apply(application({ driverTest: ago(1), valid_from: new Date(srv.now() + 48 * hour).toISOString() }));
  assert.equal(later.body.code, 'pass.test_too_old');
  const bad = await apply(application({ driverTest: 'yesterday' }));
  assert.equal(bad.body.code, 'pass.crew_person');
  // The crew member is not asked by this rule.
  const ok = await apply(application({ driverTest: ago(2) }));
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const driver = ok.body.crew[0];
  assert.ok(Math.abs(Date.parse(driver.test_sampled_at) - (srv.now() - 2 * hour)) < 60e3, driver.test_sampled_at);
  assert.equal(Date.parse(driver.test_valid_to) - Date.parse(driver.test_sampled_at), 48 * hour);
  assert.match(driver.test_valid_until, /^\d{4}-\d\d-\d\d$/);
  assert.equal(ok.body.crew[1].test_valid_to, undefined);
  assert.ok(!JSON.stringify(ok.body).includes('330106198001011235'));
  // Signed into the pass: the checkpoint reads the test from the credential.
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${ok.body.id}/decision`, { approve: true });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  const c = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: d.body.credential });
  assert.equal(c.body.result, 'valid');
  assert.equal(c.body.pass.crew[0].test_sampled_at, driver.test_sampled_at);
  assert.equal(c.body.pass.crew[0].test_valid_to, driver.test_valid_to);
  assert.equal(c.body.pass.crew[1].test_sampled_at, undefined);
  // A renewal starts where the pass ends, five days from now: a test taken
  // now no longer counts then, so it is refused.
  const renew = await srv.as('operator.demo', 'POST', `/api/v1/passes/${d.body.number}/renew`, { valid_to: new Date(srv.now() + 8 * 24 * hour).toISOString() });
  assert.equal(renew.status, 422);
  assert.equal(renew.body.code, 'pass.test_too_old');
});

test('the strictest rule of the trip applies, crew included, and a renewal brings newer tests', async () => {
  // Shanghai's joint mechanism (a demo account since coordination requests).
  assert.equal((await setRule('joint.shanghai', '330000', { drivers: false })).status, 403);
  const r = await setRule('joint.shanghai', '310000', { drivers: true, crew: true, hours: 24 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const need = await srv.as('operator.demo', 'GET', '/api/v1/passes/test-requirement?origin=330106&destination=310115');
  assert.deepEqual(need.body.driver, { hours: 24, province: '310000', province_name: '上海市' });
  assert.deepEqual(need.body.crew, { hours: 24, province: '310000', province_name: '上海市' });
  const old = await apply(application({ driverTest: ago(30), crewTest: ago(1) }));
  assert.equal(old.body.code, 'pass.test_too_old');
  assert.equal(old.body.params.province, '上海市');
  const crew = await apply(application({ driverTest: ago(1) }));
  assert.equal(crew.body.code, 'pass.test_required_crew');
  assert.equal(crew.body.params.person, '2');
  const ok = await apply(application({ driverTest: ago(1), crewTest: ago(3), valid_to: new Date(srv.now() + 12 * hour).toISOString() }));
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(Date.parse(ok.body.crew[1].test_valid_to) - Date.parse(ok.body.crew[1].test_sampled_at), 24 * hour);
  const d = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${ok.body.id}/decision`, { approve: true });
  assert.equal(d.status, 200);
  // The renewal starts in 12 hours: the tests taken 1 and 3 hours ago still count then.
  const renew = await srv.as('operator.demo', 'POST', `/api/v1/passes/${d.body.number}/renew`, { valid_to: new Date(srv.now() + 30 * hour).toISOString() });
  assert.equal(renew.status, 201, JSON.stringify(renew.body));
  // A day later the pass has run out; the renewal starts now and needs newer tests.
  srv.advance(24 * hour);
  const late = await srv.as('operator.demo', 'POST', `/api/v1/passes/${d.body.number}/renew`, { valid_to: new Date(srv.now() + 10 * hour).toISOString() });
  assert.equal(late.body.code, 'pass.test_too_old');
  const fresh = await srv.as('operator.demo', 'POST', `/api/v1/passes/${d.body.number}/renew`, {
    valid_to: new Date(srv.now() + 10 * hour).toISOString(), crew: [{ test_sampled_at: ago(2) }, { test_sampled_at: ago(4) }] });
  assert.equal(fresh.status, 201, JSON.stringify(fresh.body));
  assert.ok(Math.abs(Date.parse(fresh.body.crew[0].test_sampled_at) - (srv.now() - 2 * hour)) < 60e3);
  assert.equal(Date.parse(fresh.body.crew[1].test_valid_to) - Date.parse(fresh.body.crew[1].test_sampled_at), 24 * hour);
  // Both provinces back to none: nothing is asked.
  assert.equal((await setRule('joint.shanghai', '310000', { drivers: false })).status, 200);
  assert.equal((await setRule('joint.zhejiang', '330000', { drivers: false })).status, 200);
  assert.equal((await apply(application())).status, 201);
});
