// Pass priority from white lists and their mutual recognition: an application
// by a white-list member comes first in the queue of the province that issued
// its list, and in a province that recognised its listing, not elsewhere.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(() => srv.stop());

const day = 86400e3;
const application = (applicant, origin, destination, plate) => ({
  applicant, goods: 'medical_supplies', origin, destination, plate,
  valid_to: new Date(srv.now() + 3 * day).toISOString(),
  crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver',
    test_valid_until: new Date(srv.now() + 2 * day).toISOString().slice(0, 10) }],
});

test('a member recognised by Zhejiang comes first in Zhejiang, a member of its own list in Jiangsu', async () => {
  const rec = await srv.as('joint.zhejiang', 'GET', '/api/v1/whitelist-recognitions');
  const q = rec.body.items.find((x) => x.from === '320000' && x.to === '330000');
  assert.ok(q, JSON.stringify(rec.body));
  const member = q.items[0].enterprise;
  const user = 'clerk.member';
  const made = await srv.as('coordinator', 'POST', '/api/v1/accounts',
    { username: user, role: 'enterprise', enterprises: [member], password: `${user}-2022` });
  assert.equal(made.status, 201, JSON.stringify(made.body));

  // Before Zhejiang accepts, a trip issued by Zhejiang has no priority.
  const before = await srv.as(user, 'POST', '/api/v1/passes', application(member, '330106', '320205', '苏B10001'));
  assert.equal(before.status, 201, JSON.stringify(before.body));
  assert.equal(before.body.priority, undefined);
  const other = await srv.as('operator.demo', 'POST', '/api/v1/passes', application(undefined, '330106', '310115', '浙A10002'));
  assert.equal(other.status, 201, JSON.stringify(other.body));
  assert.equal(other.body.priority, undefined);

  const ok = await srv.as('joint.zhejiang', 'POST', `/api/v1/whitelist-recognitions/${q.id}/answers`, { enterprise: member, accept: true });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));

  srv.advance(60e3);
  const after = await srv.as(user, 'POST', '/api/v1/passes', application(member, '330106', '320205', '苏B10003'));
  assert.equal(after.status, 201, JSON.stringify(after.body));
  assert.deepEqual(after.body.priority, { reason: 'recognised', region: '330000' });
  srv.advance(60e3);
  const later = await srv.as('operator.demo', 'POST', '/api/v1/passes', application(undefined, '330106', '310115', '浙A10004'));
  assert.equal(later.body.priority, undefined);

  // Zhejiang's queue: the recognised member's application first although
  // another was filed after it; the rest newest first.
  const queue = (await srv.as('joint.zhejiang', 'GET', '/api/v1/passes?state=applied&limit=500')).body.items;
  const ids = queue.map((p) => p.id);
  assert.equal(queue[0].id, after.body.id, JSON.stringify(queue.slice(0, 3)));
  assert.ok(ids.indexOf(later.body.id) < ids.indexOf(before.body.id));

  // In its own province its list counts without any recognition.
  const home = await srv.as(user, 'POST', '/api/v1/passes', application(member, '320205', '330106', '苏B10005'));
  assert.equal(home.status, 201, JSON.stringify(home.body));
  assert.equal(home.body.priority.reason, 'listed');
  assert.equal(home.body.priority.region.slice(0, 2), '32');
  // Guangdong recognised nothing: no priority there.
  const gd = await srv.as(user, 'POST', '/api/v1/passes', application(member, '440106', '320205', '苏B10006'));
  assert.equal(gd.status, 201, JSON.stringify(gd.body));
  assert.equal(gd.body.priority, undefined);
});
